/**
 * The eigen-solves behind weigh():
 * - perronRootAfterChange (the "CR if taken" of a suggestion: lambda_max of the matrix with one
 *   pair changed, started from the old Perron pair, stopped by the Collatz-Wielandt certificate)
 *   must agree with perronEigen from scratch within the certified bound, and with mathjs
 *   (inverse iteration with lusolve, tests/unit/ahp/independent.ts) on a sample;
 * - perronEigen computes its products several rows at a time: it must give the bits of the plain
 *   row-by-row loops, written out below as it read before (reference, not the engine); so must
 *   vectorTimesMatrix (x^T A), against its plain loop;
 * - leftPerronStart (the test vector of the suggestions' start) must be positive and nearer the
 *   left Perron vector than 1 / w, its start.
 * Matrices are seeded random (mulberry32, independent of the engine): near-consistent scale
 * matrices, uniformly random scale matrices (very inconsistent), and ratio matrices.
 */
import { describe, expect, it } from 'vitest';
import { perronEigen } from '../../../src/lib/ahp';
import { vectorTimesMatrix } from '../../../src/lib/ahp/dense';
import { leftPerronStart, perronRootAfterChange } from '../../../src/lib/ahp/perron-near';
import { inverseIterationPerron } from './independent';
import {
  flat,
  mulberry32,
  randomRatioUpper,
  randomSaatyUpper,
  randomWeights,
  rowsFromUpper,
  SAATY_VALUES,
  type Rng
} from './random';

/** A near-consistent scale matrix: w_i / w_j times noise, rounded to the nearest scale value. */
function nearConsistentUpper(rng: Rng, n: number, noise: number): number[] {
  const w = randomWeights(rng, n);
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const r = Math.log((w[i]! / w[j]!) * Math.exp(noise * (2 * rng() - 1)));
      let best = SAATY_VALUES[0]!;
      for (const v of SAATY_VALUES)
        if (Math.abs(Math.log(v) - r) < Math.abs(Math.log(best) - r)) best = v;
      out.push(best);
    }
  return out;
}

function seededMatrix(rng: Rng, n: number, kind: number): number[][] {
  const upper =
    kind === 0
      ? nearConsistentUpper(rng, n, 0.8)
      : kind === 1
        ? randomSaatyUpper(rng, n)
        : randomRatioUpper(rng, n, 9);
  return rowsFromUpper(n, upper);
}

/** The matrix with a_ij set to v and a_ji to 1 / v, as taking a suggestion does. */
function changed(rows: number[][], i: number, j: number, v: number): number[][] {
  const out = rows.map((r) => r.slice());
  out[i]![j] = v;
  out[j]![i] = 1 / v;
  return out;
}

describe('perronRootAfterChange: lambda_max with one judgment changed', () => {
  it('agrees with perronEigen from scratch within the certified bound, n = 3..15', () => {
    const rng = mulberry32(2024);
    let compared = 0;
    let worst = 0; // largest |difference| / lambda_max seen
    for (let n = 3; n <= 15; n++) {
      for (let t = 0; t < 90; t++) {
        const rows = seededMatrix(rng, n, t % 3);
        const w = new Float64Array(n);
        const lambda = perronEigen(flat(rows), n, w);
        for (let k = 0; k < 3; k++) {
          const i = Math.floor(rng() * (n - 1));
          const j = i + 1 + Math.floor(rng() * (n - 1 - i));
          // the suggestion's kind of change (w_i / w_j) and an arbitrary scale value
          const v = k === 0 ? w[i]! / w[j]! : SAATY_VALUES[Math.floor(rng() * 17)]!;
          const b = flat(changed(rows, i, j, v));
          const fresh = perronEigen(b, n, new Float64Array(n));
          // both starts: the Petrov-Galerkin step with 1 / w as the left vector (as weigh()
          // calls it), and A' w with one power step (without a left vector)
          const inverse = Array.from(w, (x) => 1 / x);
          for (const left of [inverse, undefined]) {
            const got = perronRootAfterChange(
              b,
              n,
              w,
              lambda,
              i,
              j,
              rows[i]![j]!,
              rows[j]![i]!,
              left
            );
            // each is within 1e-11 (relative) of the Perron root, so they are within 2e-11
            expect(Math.abs(got - fresh)).toBeLessThanOrEqual(2e-11 * fresh);
            worst = Math.max(worst, Math.abs(got - fresh) / fresh);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(13 * 90 * 3 * 2);
    // what the docs state (docs/performance.md): far inside the bound
    expect(worst).toBeLessThan(1e-12);
  });

  it('equals lambda_max by mathjs (inverse iteration with lusolve) within 1e-11', () => {
    const rng = mulberry32(99);
    for (let t = 0; t < 60; t++) {
      const n = 3 + (t % 13);
      const rows = seededMatrix(rng, n, t % 3);
      const w = new Float64Array(n);
      const lambda = perronEigen(flat(rows), n, w);
      const b = changed(rows, 0, n - 1, SAATY_VALUES[t % 17]!);
      const ref = inverseIterationPerron(b).lambda;
      const got = perronRootAfterChange(
        flat(b),
        n,
        w,
        lambda,
        0,
        n - 1,
        rows[0]![n - 1]!,
        rows[n - 1]![0]!,
        Array.from(w, (x) => 1 / x)
      );
      expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-11 * ref);
    }
  });

  it('beyond its fixed work buffers (n = 33, 40, 64) gives the root from scratch', () => {
    const rng = mulberry32(3300);
    for (const n of [31, 32, 33, 40, 64]) {
      const rows = seededMatrix(rng, n, 1);
      const w = new Float64Array(n);
      const lambda = perronEigen(flat(rows), n, w);
      const b = flat(changed(rows, 1, n - 2, 1 / 7));
      const fresh = perronEigen(b, n, new Float64Array(n));
      const got = perronRootAfterChange(
        b,
        n,
        w,
        lambda,
        1,
        n - 2,
        rows[1]![n - 2]!,
        rows[n - 2]![1]!
      );
      expect(Math.abs(got - fresh)).toBeLessThanOrEqual(2e-11 * fresh);
      // past 32 the same computation as perronEigen from scratch, so the same bits
      if (n > 32) expect(got).toBe(fresh);
    }
  });

  it('still certifies from a poor start (one-hot, all equal, tiny; a wrong lambda), falling back when it must', () => {
    const rng = mulberry32(5);
    for (let n = 2; n <= 15; n++) {
      const rows = seededMatrix(rng, n, 1);
      const a = flat(rows);
      const fresh = perronEigen(a, n, new Float64Array(n));
      // a start with zeros once gave an infinite upper bound that passed the gap test
      const starts = [
        Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)),
        new Array<number>(n).fill(1 / n),
        new Array<number>(n).fill(1e-300)
      ];
      // left vectors: none, the reciprocals (Infinity where w has a zero), all ones, a wrong one
      const lefts = (w: number[]) => [
        undefined,
        w.map((x) => 1 / x),
        new Array<number>(n).fill(1),
        w.map((_, k) => (k === 0 ? 1e300 : 1e-300))
      ];
      for (const w of starts)
        for (const left of lefts(w))
          for (const lambda of [n, fresh, 100 * fresh])
            expect(
              Math.abs(
                perronRootAfterChange(a, n, w, lambda, 0, n - 1, a[n - 1]!, a[(n - 1) * n]!, left) -
                  fresh
              )
            ).toBeLessThanOrEqual(2e-11 * fresh);
    }
  });

  it('gives n for a consistent matrix (lambda_max = n, Saaty 1980, 3.2)', () => {
    // a_ij = 2^(i - j): powers of two, so every entry and every product is exact
    for (let n = 2; n <= 15; n++) {
      const rows = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => 2 ** (i - j))
      );
      // nothing changed (old a_0,n-1 and a_n-1,0 as they are); its Perron pair: w_i = 2^-i, n
      const w = Array.from({ length: n }, (_, i) => 2 ** -i);
      for (const left of [undefined, w.map((x) => 1 / x)]) {
        const got = perronRootAfterChange(
          flat(rows),
          n,
          w,
          n,
          0,
          n - 1,
          rows[0]![n - 1]!,
          rows[n - 1]![0]!,
          left
        );
        expect(Math.abs(got - n)).toBeLessThanOrEqual(1e-11 * n);
      }
    }
  });
});

/**
 * perronEigen as it read before its products ran two rows at a time: row sums, three power
 * steps, shifted inverse iteration with one LU, the certificate. Returns null when the
 * certificate fails (perronEigen then carries on by power iteration; counted by the caller).
 */
function plainPerron(a: Float64Array, n: number, out: Float64Array): number | null {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]!;
    x[i] = s;
    total += s;
  }
  for (let i = 0; i < n; i++) x[i] = x[i]! / total;
  let sigma = 0;
  for (let step = 0; step < 3; step++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += a[i * n + j]! * x[j]!;
      y[i] = acc;
      s += acc;
    }
    const inv = 1 / s;
    let converged = true;
    for (let i = 0; i < n; i++) {
      const v = y[i]! * inv;
      if (Math.abs(v - x[i]!) > 1e-14 * v) converged = false;
      x[i] = v;
    }
    sigma = s;
    if (converged) {
      out.set(x.subarray(0, n));
      return s;
    }
  }
  // LU of A - sigma I, partial pivoting, swaps recorded
  const lu = Float64Array.from(a.subarray(0, n * n));
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) lu[i * n + i] = lu[i * n + i]! - sigma;
  const tiny = 1e-15 * sigma;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]!) > Math.abs(lu[p * n + k]!)) p = i;
    perm[k] = p;
    for (let j = 0; j < n && p !== k; j++) {
      const t = lu[k * n + j]!;
      lu[k * n + j] = lu[p * n + j]!;
      lu[p * n + j] = t;
    }
    if (Math.abs(lu[k * n + k]!) < tiny) lu[k * n + k] = tiny;
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] = lu[i * n + k]! / lu[k * n + k]!);
      if (f !== 0)
        for (let j = k + 1; j < n; j++) lu[i * n + j] = lu[i * n + j]! - f * lu[k * n + j]!;
    }
  }
  let done = false;
  for (let step = 0; step < 12 && !done; step++) {
    for (let i = 0; i < n; i++) y[i] = x[i]!;
    for (let k = 0; k < n; k++) {
      const t = y[k]!;
      y[k] = y[perm[k]!]!;
      y[perm[k]!] = t;
    }
    for (let i = 1; i < n; i++) {
      let acc = y[i]!;
      for (let j = 0; j < i; j++) acc -= lu[i * n + j]! * y[j]!;
      y[i] = acc;
    }
    for (let i = n - 1; i >= 0; i--) {
      let acc = y[i]!;
      for (let j = i + 1; j < n; j++) acc -= lu[i * n + j]! * y[j]!;
      y[i] = acc / lu[i * n + i]!;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i]!;
    if (!(Math.abs(s) > 0) || !Number.isFinite(s)) return null;
    const inv = 1 / s;
    done = true;
    for (let i = 0; i < n; i++) {
      const v = y[i]! * inv;
      if (!(Math.abs(v - x[i]!) <= 1e-14 * Math.abs(v))) done = false;
      x[i] = v;
    }
  }
  if (!done) return null;
  let lo = Infinity;
  let hi = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(x[i]! > 0)) return null;
    let acc = 0;
    for (let j = 0; j < n; j++) acc += a[i * n + j]! * x[j]!;
    s += acc;
    lo = Math.min(lo, acc / x[i]!);
    hi = Math.max(hi, acc / x[i]!);
  }
  if (!(hi - lo <= 1e-11 * hi)) return null;
  out.set(x.subarray(0, n));
  return s;
}

describe('perronEigen: products several rows at a time, the bits of the plain loops', () => {
  it('equals the plain row-by-row computation bit for bit, n = 2..25', () => {
    const rng = mulberry32(31);
    let compared = 0;
    for (let t = 0; t < 3000; t++) {
      const n = 2 + (t % 24);
      const a = flat(seededMatrix(rng, n, t % 3));
      // Harker's matrix for missing judgments: zeros off the diagonal, 1 + gaps on it
      if (t % 5 === 4) {
        for (let i = 1; i < n; i++)
          for (let j = i + 1; j < n; j++)
            if (rng() < 0.3) {
              a[i * n + j] = 0;
              a[j * n + i] = 0;
              a[i * n + i] = a[i * n + i]! + 1;
              a[j * n + j] = a[j * n + j]! + 1;
            }
      }
      const want = new Float64Array(n);
      const got = new Float64Array(n);
      const lambda = plainPerron(a, n, want);
      if (lambda === null) continue; // perronEigen's power fallback, not rewritten (counted)
      expect(perronEigen(a, n, got)).toBe(lambda);
      expect(Array.from(got)).toEqual(Array.from(want));
      compared++;
    }
    expect(compared).toBeGreaterThan(2900);
  });
});

describe("vectorTimesMatrix and leftPerronStart (the suggestions' test vector)", () => {
  it('x^T A equals the plain loop bit for bit, each y_j summed in row order, n = 1..25', () => {
    const rng = mulberry32(77);
    for (let t = 0; t < 500; t++) {
      const n = 1 + (t % 25);
      const a = flat(seededMatrix(rng, n, t % 3));
      const x = Float64Array.from({ length: n }, () => rng() + 1e-3);
      const want = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += x[i]! * a[i * n + j]!;
        want[j] = acc;
      }
      let total = 0;
      for (let j = 0; j < n; j++) total += want[j]!;
      const got = new Float64Array(n);
      expect(vectorTimesMatrix(a, n, x, got)).toBe(total);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('is positive and nearer the left Perron vector than 1 / w, n = 3..15', () => {
    const rng = mulberry32(78);
    // largest |ln(v_k / exact_k)| after both are scaled to sum 1
    const distance = (v: ArrayLike<number>, exact: Float64Array, n: number) => {
      let sv = 0;
      for (let k = 0; k < n; k++) sv += v[k]!;
      let worst = 0;
      for (let k = 0; k < n; k++)
        worst = Math.max(worst, Math.abs(Math.log(v[k]! / sv / exact[k]!)));
      return worst;
    };
    let nearer = 0;
    let compared = 0;
    for (let t = 0; t < 600; t++) {
      const n = 3 + (t % 13);
      const a = flat(seededMatrix(rng, n, t % 3));
      const w = new Float64Array(n);
      perronEigen(a, n, w);
      const transposed = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) transposed[j * n + i] = a[i * n + j]!;
      const exact = new Float64Array(n);
      perronEigen(transposed, n, exact);
      const start = Array.from(w, (x) => 1 / x);
      const v = leftPerronStart(a, n, w);
      for (let k = 0; k < n; k++) expect(v[k]).toBeGreaterThan(0);
      const before = distance(start, exact, n);
      const after = distance(v, exact, n);
      // a consistent matrix's 1 / w is exact already: then no worse than rounding
      expect(after).toBeLessThanOrEqual(Math.max(before, 1e-13));
      if (before > 1e-9) {
        compared++;
        if (after < before / 2) nearer++;
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(nearer / compared).toBeGreaterThan(0.9);
  });
});
