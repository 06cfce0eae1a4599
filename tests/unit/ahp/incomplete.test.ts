/**
 * Completing incomplete matrices: Harker (1987) and the lambda-optimal completion (Bozoki,
 * Fulop & Ronyai 2010). Expected numbers: case incomplete/ahpy_readme_missing_cd of
 * ../shared/reference/published-examples.json (source: AHPy README "Missing Pairwise
 * Comparisons", after Bozoki et al. 2010) and independent computations with mathjs.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPLETION_METHODS,
  complete,
  completeHarker,
  completeLambdaOptimal,
  matrixFromRows,
  matrixFromUpper,
  matrixRows,
  weigh,
  type PairwiseMatrix
} from '../../../src/lib/ahp';
import { eigsPerron, inverseIterationPerron } from './independent';
import {
  mulberry32,
  randomInt,
  randomPermutation,
  randomSaatyUpper,
  randomWeights,
  type Rng
} from './random';
import {
  expectAllClose,
  expectClose,
  getCase,
  referenceRi,
  tol,
  type IncompleteExpected,
  type MatrixInputs
} from './reference';

const c = getCase<MatrixInputs, IncompleteExpected>('incomplete/ahpy_readme_missing_cd');
const e = c.expected;
const published = (c.informational?.published ?? {}) as {
  ahpy_weights_4dp: Record<string, number>;
  ahpy_cr_dd_4dp: number;
};

function forms(): Array<[string, PairwiseMatrix]> {
  return [
    ['upper_triangle', matrixFromUpper(c.inputs.upper_triangle)],
    ['upper_triangle_text', matrixFromUpper(c.inputs.upper_triangle_text)],
    ['matrix', matrixFromRows(c.inputs.matrix)]
  ];
}

function rowsOf(values: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * n, (i + 1) * n)));
}

const transpose = (rows: number[][]) => rows.map((_, i) => rows.map((r) => r[i]!));

describe('Harker completion of the AHPy example', () => {
  for (const [form, m] of forms()) {
    it(`from ${form}: completed value, weights, lambda_max, CI, CR`, () => {
      expect(m.missing.map(([i, j]) => [i, j])).toEqual(e.missing_pairs);
      const r = weigh(m, { completion: 'harker' });
      expect(r.completion).toBe('harker');
      expect(r.completed).toHaveLength(1);
      expect(r.completed[0]).toMatchObject({ i: 2, j: 3 });
      expectClose(
        r.completed[0]!.value,
        e.harker_completed_upper[5]!,
        tol(c, 'harker_completed_upper'),
        'a_cd'
      );
      expectAllClose(r.weights, e.harker_weights, tol(c, 'harker_weights'), 'weights');
      expectClose(r.lambdaMax, e.harker_lambda_max, tol(c, 'harker_lambda_max'), 'lambda_max');
      expectClose(r.ci, e.harker_ci, tol(c, 'harker_ci'), 'ci');
      expectClose(r.cr, e.harker_cr, tol(c, 'harker_cr'), 'cr');
      expect(r.randomIndex.value).toBe(referenceRi(4));
    });
  }

  it('completeHarker keeps the given judgments and fills the rest reciprocally', () => {
    const m = matrixFromUpper(c.inputs.upper_triangle);
    const h = completeHarker(m);
    expect(h.method).toBe('harker');
    const rows = rowsOf(h.values, 4);
    const upper = [
      rows[0]![1],
      rows[0]![2],
      rows[0]![3],
      rows[1]![2],
      rows[1]![3],
      rows[2]![3]
    ] as number[];
    expectAllClose(
      upper,
      e.harker_completed_upper,
      tol(c, 'harker_completed_upper'),
      'completed upper'
    );
    expect(rows[3]![2]! * rows[2]![3]!).toBeCloseTo(1, 15);
    // the input matrix is not modified
    expect(Number.isNaN(m.values[2 * 4 + 3]!)).toBe(true);
  });

  it("Harker's matrix C (published harker_matrix) has, by mathjs eigs, the same Perron pair", () => {
    const ref = eigsPerron(e.harker_matrix);
    expect(ref).not.toBeNull();
    const r = weigh(matrixFromUpper(c.inputs.upper_triangle), { completion: 'harker' });
    expectAllClose(r.weights, ref!.w, 1e-9, 'weights vs eig(C)');
    expectClose(r.lambdaMax, ref!.lambda, 1e-9, 'lambda vs eig(C)');
  });
});

describe('lambda-optimal completion of the AHPy example', () => {
  for (const [form, m] of forms()) {
    it(`from ${form}: missing value sqrt(8/15), weights, lambda_max`, () => {
      const r = weigh(m, { completion: 'lambda-optimal' });
      expect(r.completion).toBe('lambda-optimal');
      expect(r.options.completion).toBe('lambda-optimal');
      const v = r.completed[0]!.value;
      expectClose(
        v,
        e.lambda_optimal_missing_values[0]!,
        tol(c, 'lambda_optimal_missing_values'),
        'a_cd'
      );
      // informational.closed_form: a_cd = sqrt(8/15) exactly
      expectClose(v, Math.sqrt(8 / 15), 1e-9, 'a_cd closed form');
      expectAllClose(
        r.weights,
        e.lambda_optimal_weights,
        tol(c, 'lambda_optimal_weights'),
        'weights'
      );
      expectClose(
        r.lambdaMax,
        e.lambda_optimal_lambda_max,
        tol(c, 'lambda_optimal_lambda_max'),
        'lambda'
      );
    });
  }

  it("has lambda_max no larger than Harker's", () => {
    const m = matrixFromUpper(c.inputs.upper_triangle);
    const opt = weigh(m, { completion: 'lambda-optimal' });
    const harker = weigh(m, { completion: 'harker' });
    expect(opt.lambdaMax).toBeLessThanOrEqual(harker.lambdaMax);
    expect(e.lambda_optimal_lambda_max).toBeLessThan(e.harker_lambda_max);
  });

  it("reproduces AHPy's published weights (4 dp) and CR with Donegan-Dodd (0.0372)", () => {
    const r = weigh(matrixFromUpper(c.inputs.upper_triangle), {
      completion: 'lambda-optimal',
      randomIndex: 'donegan-dodd'
    });
    const w = published.ahpy_weights_4dp;
    expect(r.weights.map((x) => Number(x.toFixed(4)))).toEqual([w.a, w.b, w.c, w.d]);
    expect(Number(r.cr.toFixed(4))).toBe(published.ahpy_cr_dd_4dp);
  });

  it('satisfies the optimality condition a^2 = v_j w_i / (v_i w_j) with mathjs eigenvectors', () => {
    const done = completeLambdaOptimal(matrixFromUpper(c.inputs.upper_triangle));
    const rows = rowsOf(done.values, 4);
    const w = inverseIterationPerron(rows).w;
    const v = inverseIterationPerron(transpose(rows)).w;
    const a = rows[2]![3]!;
    expectClose((a * a * v[2]! * w[3]!) / (v[3]! * w[2]!), 1, 1e-9, 'stationarity');
  });
});

/** A random incomplete Saaty matrix: a random spanning tree is always kept, other pairs dropped. */
function randomIncomplete(rng: Rng, n: number, dropRate: number): (number | null)[] {
  const upper: (number | null)[] = randomSaatyUpper(rng, n);
  const keep = new Set<string>();
  const p = randomPermutation(rng, n);
  for (let k = 1; k < n; k++) {
    const a = p[k]!;
    const b = p[randomInt(rng, 0, k - 1)]!;
    keep.add(`${Math.min(a, b)},${Math.max(a, b)}`);
  }
  let idx = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, idx++) {
      if (!keep.has(`${i},${j}`) && rng() < dropRate) upper[idx] = null;
    }
  }
  return upper;
}

describe('random incomplete matrices', () => {
  const rng = mulberry32(4242);
  const samples: PairwiseMatrix[] = [];
  for (let k = 0; k < 40; k++) {
    const n = 3 + (k % 6);
    const m = matrixFromUpper(randomIncomplete(rng, n, 0.45));
    if (m.missing.length > 0) samples.push(m);
  }

  it('generates enough incomplete samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(30);
  });

  it('Harker: the filled values are w_i / w_j of the resulting weights, given values are kept', () => {
    for (const m of samples) {
      const r = weigh(m, { completion: 'harker', top: 0 });
      expect(r.completed.map(({ i, j }) => [i, j])).toEqual(m.missing.map(([i, j]) => [i, j]));
      for (const { i, j, value } of r.completed) {
        expectClose(value / (r.weights[i]! / r.weights[j]!), 1, 1e-11, `n=${m.n} (${i},${j})`);
      }
      const filled = rowsOf(completeHarker(m).values, m.n);
      const given = matrixRows(m);
      given.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v !== null) expect(filled[i]![j]).toBe(v);
        })
      );
      // the completed matrix's Perron vector (mathjs) is the weights
      expectAllClose(
        r.weights,
        inverseIterationPerron(filled).w,
        1e-9,
        'weights vs completed matrix'
      );
    }
  });

  it('lambda-optimal: lambda_max <= Harker, stationary, and a local minimum along each missing entry', () => {
    for (const m of samples) {
      const harker = weigh(m, { completion: 'harker', top: 0 });
      const opt = weigh(m, { completion: 'lambda-optimal', top: 0 });
      expect(opt.lambdaMax, `n=${m.n}`).toBeLessThanOrEqual(harker.lambdaMax + 1e-12);
      const rows = rowsOf(completeLambdaOptimal(m).values, m.n);
      const ref = inverseIterationPerron(rows);
      expectClose(opt.lambdaMax, ref.lambda, 1e-9 * m.n, 'lambda vs mathjs');
      const v = inverseIterationPerron(transpose(rows)).w;
      for (const [i, j] of m.missing) {
        const a = rows[i]![j]!;
        expectClose(
          (a * a * v[i]! * ref.w[j]!) / (v[j]! * ref.w[i]!),
          1,
          1e-9,
          `stationarity n=${m.n} (${i},${j})`
        );
        for (const f of [1.01, 1 / 1.01]) {
          const moved = rows.map((r) => r.slice());
          moved[i]![j] = a * f;
          moved[j]![i] = 1 / (a * f);
          expect(inverseIterationPerron(moved).lambda).toBeGreaterThanOrEqual(ref.lambda - 1e-12);
        }
      }
    }
  });

  it('known judgments that are consistent with w are completed to w_i / w_j by both methods', () => {
    const r2 = mulberry32(7);
    for (let k = 0; k < 12; k++) {
      const n = 3 + (k % 5);
      const w = randomWeights(r2, n, 9);
      const pattern = randomIncomplete(r2, n, 0.5);
      let idx = 0;
      const upper: (number | null)[] = [];
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++, idx++)
          upper.push(pattern[idx] === null ? null : w[i]! / w[j]!);
      const m = matrixFromUpper(upper, 'ratio');
      for (const completion of COMPLETION_METHODS) {
        const r = weigh(m, { completion, scale: 'ratio' });
        expectAllClose(r.weights, w, 1e-10, `${completion} n=${n} weights`);
        for (const { i, j, value } of r.completed)
          expectClose(value / (w[i]! / w[j]!), 1, 1e-9, `${completion} fill`);
        expect(Math.abs(r.cr)).toBeLessThan(1e-9);
      }
    }
  });

  it('filled values are reported as computed, not clipped to [1/9, 9]', () => {
    // a_01 = 9, a_12 = 9, a_02 missing: the only consistent value is 81
    const m = matrixFromUpper([9, null, 9]);
    for (const completion of COMPLETION_METHODS) {
      const r = weigh(m, { completion });
      expect(r.completed).toHaveLength(1);
      expectClose(r.completed[0]!.value, 81, 1e-9, `${completion} a_02`);
      expectAllClose(r.weights, [81 / 91, 9 / 91, 1 / 91], 1e-12, `${completion} weights`);
    }
  });
});

describe('complete()', () => {
  it('returns a complete matrix as it is, with nothing filled', () => {
    const m = matrixFromUpper([3, 5, 2]);
    for (const method of COMPLETION_METHODS) {
      const r = complete(m, method);
      expect(r.filled).toEqual([]);
      expect(r.method).toBe(method);
      expect(Array.from(r.values)).toEqual(Array.from(m.values));
      expect(weigh(m, { completion: method }).completion).toBeNull();
    }
  });

  it('dispatches to the chosen method', () => {
    const m = matrixFromUpper(c.inputs.upper_triangle);
    expect(complete(m, 'harker').filled[0]!.value).toBe(completeHarker(m).filled[0]!.value);
    expect(complete(m, 'lambda-optimal').filled[0]!.value).toBe(
      completeLambdaOptimal(m).filled[0]!.value
    );
    expect(complete(m, 'harker').filled[0]!.value).not.toBe(
      complete(m, 'lambda-optimal').filled[0]!.value
    );
  });
});
