/**
 * weigh()'s judgments to reconsider, against the plain computation written out here: every
 * given judgment's |ln e_ij| = |Math.log(a_ij w_j / w_i)| with the weights weigh() returns,
 * sorted (stably) largest first, the first `top` kept. weigh() ranks by a cheap key and takes
 * logarithms only near the cut (src/lib/ahp/weigh.ts, largestErrors); it must give the same
 * pairs, in the same order (ties in row order), with the same bits. Each suggestion's CR if
 * taken must lie within the certified bound of the eigenvector from scratch.
 *
 * Seeded matrices (mulberry32, built as plain rows, not by the engine): n = 3..15, uniformly
 * random scale judgments, ratio judgments, near-consistent ones, consistent ones (every error
 * 0 or a rounding, so ties everywhere), few distinct values (exact ties), with and without
 * missing judgments, both priority methods and both completions, top 0..5, beyond the number
 * of pairs, and non-integer, infinite, NaN and negative.
 */
import { describe, expect, it } from 'vitest';
import {
  matrixFromUpper,
  perronEigen,
  randomIndex,
  weigh,
  type PriorityMethod
} from '../../../src/lib/ahp';
import {
  consistentRows,
  mulberry32,
  randomRatioUpper,
  randomSaatyUpper,
  randomWeights,
  SAATY_VALUES,
  upperFromRows,
  type Rng
} from './random';

/** The upper triangle of one of five kinds of matrix, with some judgments left out (null). */
function seededUpper(rng: Rng, n: number, kind: number, gaps: boolean): Array<number | null> {
  const pairs = (n * (n - 1)) / 2;
  let upper: Array<number | null>;
  if (kind === 0) upper = randomSaatyUpper(rng, n);
  else if (kind === 1) upper = randomRatioUpper(rng, n, 9);
  else if (kind === 2) upper = upperFromRows(consistentRows(randomWeights(rng, n, 9)));
  else if (kind === 3) {
    // two or three distinct values: many errors exactly equal
    const values = [SAATY_VALUES[Math.floor(rng() * 17)]!, 2, 1 / 3];
    upper = Array.from({ length: pairs }, () => values[Math.floor(rng() * 3)]!);
  } else {
    // near-consistent: w_i / w_j times up to a factor 2, rounded to the scale
    const w = randomWeights(rng, n, 9);
    upper = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const r = (w[i]! / w[j]!) * 2 ** (2 * rng() - 1);
        let best = SAATY_VALUES[0]!;
        for (const v of SAATY_VALUES)
          if (Math.abs(Math.log(v / r)) < Math.abs(Math.log(best / r))) best = v;
        upper.push(best);
      }
  }
  if (gaps) {
    // leave out a few judgments, never the first row (which keeps the elements connected)
    for (let k = n - 1; k < pairs; k++) if (rng() < 0.15) upper[k] = null;
  }
  return upper;
}

/** The plain ranking: every given pair, |Math.log(a_ij w_j / w_i)|, stable sort, first `top`. */
function plainRanking(
  upper: ReadonlyArray<number | null>,
  n: number,
  w: readonly number[],
  top: number
): Array<{ i: number; j: number; absLogError: number }> {
  const all: Array<{ i: number; j: number; absLogError: number }> = [];
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, k++) {
      const a = upper[k];
      if (a === null || a === undefined) continue;
      all.push({ i, j, absLogError: Math.abs(Math.log((a * w[j]!) / w[i]!)) });
    }
  all.sort((x, y) => y.absLogError - x.absLogError); // Array.prototype.sort is stable
  return all.slice(0, top);
}

describe('weigh(): the judgments to reconsider, as the plain ranking gives them', () => {
  it('the same pairs, order and bits of |ln e_ij|, n = 3..15, 5 kinds, gaps, both methods', () => {
    const rng = mulberry32(1212);
    const methods: PriorityMethod[] = ['eigenvector', 'geometric-mean'];
    let compared = 0;
    let ties = 0; // lists in which two kept pairs have the same |ln e| (row order decides)
    for (let t = 0; t < 2600; t++) {
      const n = 3 + (t % 13);
      const kind = Math.floor(t / 13) % 5;
      const gaps = t % 4 === 3;
      const upper = seededUpper(rng, n, kind, gaps);
      const m = matrixFromUpper(upper, 'ratio');
      // 0..5, beyond the number of pairs, and what a careless caller may pass
      const odd = [n * n, Infinity, 2.5, 1.0000001, NaN, -1];
      const top = t % 17 === 0 ? odd[(t / 17) % odd.length]! : t % 6;
      const method = methods[t % 2]!;
      const completion = t % 8 === 3 ? 'lambda-optimal' : 'harker';
      const r = weigh(m, { method, completion, top });
      // weigh() lists none for top <= 0 (or NaN); else slice's reading of top (2.5 -> 2)
      const want = top > 0 ? plainRanking(upper, n, r.weights, top) : [];
      expect(
        r.inconsistencies.map((x) => ({ i: x.i, j: x.j, absLogError: x.absLogError }))
      ).toEqual(want);
      for (let k = 1; k < want.length; k++)
        if (want[k]!.absLogError === want[k - 1]!.absLogError) {
          ties++;
          break;
        }
      compared++;
    }
    expect(compared).toBe(2600);
    expect(ties).toBeGreaterThan(100);
  });

  it('each CR if taken within the certified bound of the eigenvector from scratch', () => {
    const rng = mulberry32(3434);
    let compared = 0;
    let worst = 0; // largest |difference| as a fraction of the bound
    for (let t = 0; t < 1300; t++) {
      const n = 3 + (t % 13);
      const upper = seededUpper(rng, n, t % 5, false);
      const m = matrixFromUpper(upper, 'ratio');
      const r = weigh(m, { top: 5 });
      const ri = randomIndex(n, 'saaty-1980').value;
      for (const s of r.inconsistencies) {
        if (s.change === 'none') {
          expect(s.crIfTaken).toBe(r.cr);
          continue;
        }
        const changed = Float64Array.from(m.values);
        changed[s.i * n + s.j] = s.suggested;
        changed[s.j * n + s.i] = 1 / s.suggested;
        const lambda = perronEigen(changed, n, new Float64Array(n));
        const cr = (lambda - n) / (n - 1) / ri;
        // both within 1e-11 (relative) of the Perron root: apart by at most 2e-11 lambda
        const bound = (2e-11 * lambda) / ((n - 1) * ri);
        expect(Math.abs(s.crIfTaken - cr)).toBeLessThanOrEqual(bound);
        worst = Math.max(worst, Math.abs(s.crIfTaken - cr) / bound);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
    expect(worst).toBeLessThan(0.1); // measured about 0.03 (docs/performance.md)
  });
});
