/**
 * Priority vectors: the exact principal eigenvector (power iteration) and the row geometric mean.
 * Expected numbers: ../shared/reference/published-examples.json, and mathjs (eigs, lusolve) as an
 * independent eigen-solver.
 */
import { describe, expect, it } from 'vitest';
import {
  EIGENVECTOR_TOLERANCE,
  lambdaFromWeights,
  perronEigen,
  rowGeometricMean,
  matrixFromUpper,
  weigh
} from '../../../src/lib/ahp';
import {
  eigsPerron,
  inverseIterationPerron,
  lambdaFromWeightsReference,
  rgmReference
} from './independent';
import {
  flat,
  mulberry32,
  randomRatioUpper,
  randomSaatyUpper,
  rowsFromUpper,
  type Rng
} from './random';
import {
  casesOf,
  expectAllClose,
  expectClose,
  getCase,
  tol,
  type HierarchyExpected,
  type HierarchyInputs,
  type MatrixInputs,
  type SingleExpected
} from './reference';

function perron(rows: number[][]): { lambda: number; w: number[] } {
  const n = rows.length;
  const out = new Float64Array(n);
  const lambda = perronEigen(flat(rows), n, out);
  return { lambda, w: Array.from(out) };
}

function rgm(rows: number[][]): number[] {
  const out = new Float64Array(rows.length);
  rowGeometricMean(flat(rows), rows.length, out);
  return Array.from(out);
}

const sum = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0);

describe('published single matrices', () => {
  // Cases single_matrix: Saaty (1990) house n=8, Saaty (2008) drinks n=7, ahpsurvey city n=5,
  // Wikipedia/AHPy car criteria n=4 (each case's `source` in the reference file).
  for (const c of casesOf<MatrixInputs, SingleExpected>('single_matrix')) {
    const rows = c.inputs.matrix as number[][];

    it(`${c.id}: perronEigen gives the published eigenvector and lambda_max`, () => {
      const { lambda, w } = perron(rows);
      expectAllClose(w, c.expected.eigen_weights, tol(c, 'eigen_weights'), 'eigen_weights');
      expectClose(lambda, c.expected.lambda_max, tol(c, 'lambda_max'), 'lambda_max');
    });

    it(`${c.id}: rowGeometricMean gives the published RGM weights`, () => {
      expectAllClose(rgm(rows), c.expected.rgm_weights, tol(c, 'rgm_weights'), 'rgm_weights');
    });

    it(`${c.id}: lambdaFromWeights of the eigenvector is lambda_max`, () => {
      const n = rows.length;
      expectClose(
        lambdaFromWeights(flat(rows), n, c.expected.eigen_weights),
        c.expected.lambda_max,
        tol(c, 'lambda_max'),
        'lambda from published eigenvector'
      );
    });
  }

  // Case hierarchy/wikipedia_leader_eigen, source: AHPy README "Choosing a leader" / Wikipedia:
  // sqrt_method gives the RGM weights and lambda_max = (1/n) sum (A W)_i / W_i (the Fujian formula).
  it('wikipedia leader: RGM weights and the Fujian lambda_max of all five matrices', () => {
    const c = getCase<HierarchyInputs, HierarchyExpected>('hierarchy/wikipedia_leader_eigen');
    const sqrt = c.expected.sqrt_method!;
    const blocks: Array<[MatrixInputs, (typeof sqrt)['criteria']]> = [
      [c.inputs.criteria, sqrt.criteria],
      ...Object.entries(c.inputs.children).map(
        ([k, m]) => [m, sqrt.local[k]!] as [MatrixInputs, (typeof sqrt)['criteria']]
      )
    ];
    expect(blocks).toHaveLength(5);
    for (const [m, e] of blocks) {
      const rows = m.matrix as number[][];
      const w = rgm(rows);
      expectAllClose(w, e.weights, tol(c, 'weights'), 'rgm weights');
      expectClose(
        lambdaFromWeights(flat(rows), rows.length, w),
        e.lambda_max,
        tol(c, 'lambda_max'),
        'lambda'
      );
      // W_unnormalised = M_i^(1/n), relative tolerance: the ratios of the weights must match
      const W = e.W_unnormalised!;
      const total = W.reduce((s, x) => s + x, 0);
      W.forEach((x, i) =>
        expectClose(w[i]!, x / total, tol(c, 'W_unnormalised', x / total), `W[${i}]`)
      );
    }
  });
});

describe('invariants over seeded random matrices', () => {
  it('weights sum to 1 within 1e-12 (both methods), n = 2..15', () => {
    const rng = mulberry32(1);
    for (let k = 0; k < 140; k++) {
      const n = 2 + (k % 14);
      const rows = rowsFromUpper(n, randomSaatyUpper(rng, n));
      const { w } = perron(rows);
      expect(Math.abs(sum(w) - 1), `eigenvector n=${n}`).toBeLessThanOrEqual(1e-12);
      expect(w.every((x) => x > 0)).toBe(true);
      const g = rgm(rows);
      expect(Math.abs(sum(g) - 1), `rgm n=${n}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('lambda_max >= n for every positive reciprocal matrix (Saaty 1977, J. Math. Psych. 15:234-281)', () => {
    const rng = mulberry32(2);
    for (let k = 0; k < 70; k++) {
      const n = 3 + (k % 13);
      const { lambda } = perron(rowsFromUpper(n, randomSaatyUpper(rng, n)));
      expect(lambda).toBeGreaterThanOrEqual(n - 1e-12);
    }
  });

  it('RGM weights equal plain row products^(1/n), also for wide ratios 1/50..50', () => {
    const rng = mulberry32(3);
    for (let k = 0; k < 60; k++) {
      const n = 2 + (k % 14);
      const upper = k % 2 === 0 ? randomSaatyUpper(rng, n) : randomRatioUpper(rng, n, 50);
      const rows = rowsFromUpper(n, upper);
      expectAllClose(rgm(rows), rgmReference(rows), 1e-13, `rgm n=${n}`);
      const w = rgm(rows);
      expectClose(
        lambdaFromWeights(flat(rows), n, w),
        lambdaFromWeightsReference(rows, w),
        1e-12 * n,
        'lambdaFromWeights'
      );
    }
  });

  it('does not write into the input matrix and fills only the first n entries of out', () => {
    const rows = rowsFromUpper(5, randomSaatyUpper(mulberry32(4), 5));
    const a = flat(rows);
    const copy = Float64Array.from(a);
    const out = new Float64Array(8).fill(-1);
    perronEigen(a, 5, out);
    rowGeometricMean(a, 5, out.subarray(0, 5));
    expect(Array.from(a)).toEqual(Array.from(copy));
    expect(Array.from(out.subarray(5))).toEqual([-1, -1, -1]);
  });

  it('EIGENVECTOR_TOLERANCE is at least as strict as the 1e-9 the cross-check demands', () => {
    expect(EIGENVECTOR_TOLERANCE).toBeLessThanOrEqual(1e-12);
  });
});

/**
 * Compares the engine with the independent references on one matrix; returns whether mathjs eigs
 * converged (it often does not for n >= 6; inverse iteration is then the reference).
 */
function crossCheck(rows: number[][], what: string, useEigs: boolean): boolean {
  const n = rows.length;
  const ours = perron(rows);
  const viaWeigh = weigh(matrixFromUpper(upperOf(rows), 'ratio'), {
    top: 0,
    randomIndex: 'alonso-lamata'
  });
  expectAllClose(viaWeigh.weights, ours.w, 1e-15, `${what}: weigh vs perronEigen`);

  const inv = inverseIterationPerron(rows);
  expectAllClose(ours.w, inv.w, 1e-9, `${what}: weights vs mathjs inverse iteration`);
  expect(
    Math.abs(ours.lambda - inv.lambda) / inv.lambda,
    `${what}: lambda vs inverse iteration`
  ).toBeLessThanOrEqual(1e-9);

  if (!useEigs) return false;
  const ref = eigsPerron(rows);
  if (ref === null) return false;
  expect(ref.maxImag, `${what}: mathjs Perron pair is real`).toBeLessThanOrEqual(1e-9);
  expect(ref.w).toHaveLength(n);
  expectAllClose(ours.w, ref.w, 1e-9, `${what}: weights vs mathjs eigs`);
  expect(
    Math.abs(ours.lambda - ref.lambda) / ref.lambda,
    `${what}: lambda_max vs mathjs eigs`
  ).toBeLessThanOrEqual(1e-9);
  return true;
}

function upperOf(rows: number[][]): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) out.push(rows[i]![j]!);
  return out;
}

describe('cross-check against mathjs', () => {
  // mathjs eigs (unshifted QR) is slow for n >= 9 and fails to converge on many random
  // reciprocal matrices of n >= 6; it is asked on a budget per size, and every matrix is also
  // checked against inverse iteration with mathjs lusolve (certified: positive vector and
  // Collatz-Wielandt bounds agreeing to 1e-13).
  const EIGS_BUDGET = (n: number) => (n <= 5 ? 8 : n <= 8 ? 3 : 1);

  function run(
    seed: number,
    draw: (rng: Rng, n: number) => number[],
    perSize: number,
    label: string
  ) {
    const rng = mulberry32(seed);
    const eigsOk = new Map<number, number>();
    let checked = 0;
    for (let n = 2; n <= 15; n++) {
      for (let k = 0; k < perSize; k++) {
        const rows = rowsFromUpper(n, draw(rng, n));
        const ok = crossCheck(rows, `${label} n=${n} #${k}`, k < EIGS_BUDGET(n));
        if (ok) eigsOk.set(n, (eigsOk.get(n) ?? 0) + 1);
        checked++;
      }
    }
    return { eigsOk, checked };
  }

  it('Saaty-scale matrices n = 2..15: weights to 1e-9, lambda_max to 1e-9 relative', () => {
    const { eigsOk, checked } = run(20240601, randomSaatyUpper, 20, 'saaty');
    expect(checked).toBe(280);
    // mathjs eigs must have converged on nearly every matrix of n <= 5, and on some of every
    // size up to 8 (the larger sizes rely on inverse iteration)
    for (let n = 2; n <= 5; n++)
      expect(eigsOk.get(n) ?? 0, `eigs checks at n=${n}`).toBeGreaterThanOrEqual(6);
    for (let n = 6; n <= 8; n++)
      expect(eigsOk.get(n) ?? 0, `eigs checks at n=${n}`).toBeGreaterThan(0);
    const total = [...eigsOk.values()].reduce((s, x) => s + x, 0);
    expect(total).toBeGreaterThanOrEqual(35);
  });

  it('wide ratio matrices 1/50..50, n = 2..15', () => {
    const { eigsOk, checked } = run(77, (rng, n) => randomRatioUpper(rng, n, 50), 6, 'ratio');
    expect(checked).toBe(84);
    for (let n = 2; n <= 5; n++)
      expect(eigsOk.get(n) ?? 0, `eigs checks at n=${n}`).toBeGreaterThanOrEqual(4);
  });

  it('published matrices against mathjs eigs', () => {
    for (const c of casesOf<MatrixInputs, SingleExpected>('single_matrix')) {
      const rows = c.inputs.matrix as number[][];
      const ref = eigsPerron(rows);
      expect(ref, `mathjs eigs converges on ${c.id}`).not.toBeNull();
      expectAllClose(perron(rows).w, ref!.w, 1e-9, c.id);
      expect(Math.abs(perron(rows).lambda - ref!.lambda) / ref!.lambda).toBeLessThanOrEqual(1e-9);
      // and the reference file agrees with mathjs within its own tolerance
      expectAllClose(
        ref!.w,
        c.expected.eigen_weights,
        tol(c, 'eigen_weights'),
        `${c.id} (file vs mathjs)`
      );
    }
  });
});

describe('rowGeometricMean reads the logarithms of scale values from a table, two rows at a time', () => {
  // The plain computation, Math.log of every entry row by row, as rowGeometricMean read before
  // the table and the two rows at a time (n = 2..15 below: odd n leaves a last row alone).
  function plainRgm(a: Float64Array, n: number): number[] {
    const g: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.log(a[i * n + j]!);
      g.push(Math.exp(s / n));
    }
    const total = g.reduce((x, y) => x + y, 0);
    return g.map((x) => x / total);
  }

  it('gives the bits of Math.log on scale values, their neighbours and other ratios', () => {
    const rng = mulberry32(404);
    // each scale value, the doubles next to it, and the edges of the table's ranges
    const near = [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((k) => {
      const up = (x: number) => x * (1 + Number.EPSILON);
      const down = (x: number) => x * (1 - Number.EPSILON / 2);
      return [k, up(k), down(k), 1 / k, up(1 / k), down(1 / k), 1 / k + 1e-12];
    });
    const extra = [0.11, 0.1, 0.1111, 0.12, 0.999, 8.999999, 9.5, 10, 2.5, 1e-300, 1e300, 0];
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      const n = 2 + (t % 14);
      const upper =
        t % 3 === 0
          ? randomSaatyUpper(rng, n)
          : t % 3 === 1
            ? randomRatioUpper(rng, n, 9)
            : Array.from({ length: (n * (n - 1)) / 2 }, () =>
                rng() < 0.9
                  ? near[Math.floor(rng() * near.length)]!
                  : extra[Math.floor(rng() * extra.length)]!
              );
      const a = flat(rowsFromUpper(n, upper));
      const got = new Float64Array(n);
      rowGeometricMean(a, n, got);
      expect(Array.from(got)).toEqual(plainRgm(a, n));
      compared++;
    }
    expect(compared).toBe(400);
  });
});
