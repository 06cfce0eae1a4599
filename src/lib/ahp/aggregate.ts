/**
 * Group aggregation (Forman and Peniwati 1998, EJOR 108:165-169):
 * - AIJ, aggregation of individual judgments: the weighted geometric mean of the experts'
 *   judgments, cell by cell; then priorities of that group matrix. An expert who left a cell
 *   empty is skipped for that cell, and the weights of those who answered it are renormalised.
 * - AIP, aggregation of individual priorities: the weighted geometric mean of the experts'
 *   priority vectors, renormalised to sum 1, or their weighted arithmetic mean.
 */
import { AhpInputError, type InputPath } from './errors';
import { assertConnected, type PairwiseMatrix } from './matrix';

/**
 * Checks expert weights: finite, non-negative, not all zero; returns them normalised to sum 1.
 * @throws AhpInputError naming the first bad weight
 */
export function normaliseExpertWeights(weights: readonly number[], path: InputPath = []): number[] {
  if (weights.length === 0) throw new AhpInputError(path, 'a group needs at least one expert');
  let total = 0;
  weights.forEach((w, k) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new AhpInputError(
        [...path, k],
        `expert weight ${JSON.stringify(w)} must be a finite number >= 0`
      );
    }
    total += w;
  });
  if (total === 0)
    throw new AhpInputError(
      path,
      'the expert weights are all zero: at least one expert must count'
    );
  return weights.map((w) => w / total);
}

/**
 * AIJ: a_ij(G) = exp( sum_k l_k ln a_ij(k) / sum_k l_k ) over the experts k who gave a_ij,
 * with expert weights l_k. A cell nobody gave stays missing; the result must still connect
 * all elements.
 *
 * @param matrices the experts' matrices, all n x n
 * @param weights expert weights, >= 0, not all zero (need not sum to 1)
 * @throws AhpInputError on mismatched sizes or weights, or when the group's judgments leave
 *   elements unconnected
 */
export function aggregateJudgments(
  matrices: readonly PairwiseMatrix[],
  weights: readonly number[],
  path: InputPath = []
): PairwiseMatrix {
  if (matrices.length !== weights.length) {
    throw new AhpInputError(
      path,
      `${matrices.length} matrices but ${weights.length} expert weights`
    );
  }
  const lambda = normaliseExpertWeights(weights, path);
  const n = matrices[0]!.n;
  matrices.forEach((m, k) => {
    if (m.n !== n)
      throw new AhpInputError(
        [...path, k],
        `expert ${k} compares ${m.n} elements, the others ${n}`
      );
  });
  const values = new Float64Array(n * n);
  const missing: Array<readonly [number, number]> = [];
  for (let i = 0; i < n; i++) {
    values[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      let lw = 0;
      for (let k = 0; k < matrices.length; k++) {
        const v = matrices[k]!.values[i * n + j]!;
        const l = lambda[k]!;
        if (Number.isNaN(v) || l === 0) continue;
        s += l * Math.log(v);
        lw += l;
      }
      if (lw === 0) {
        values[i * n + j] = values[j * n + i] = NaN;
        missing.push([i, j]);
      } else {
        const g = Math.exp(s / lw);
        values[i * n + j] = g;
        values[j * n + i] = 1 / g;
      }
    }
  }
  const m = { n, values, missing };
  assertConnected(m, path);
  return m;
}

/**
 * AIP, geometric: w_i(G) = prod_k w_i(k)^l_k / sum_j prod_k w_j(k)^l_k (renormalised: the
 * weighted geometric mean of priority vectors does not sum to 1 by itself).
 * AIP, arithmetic: w_i(G) = sum_k l_k w_i(k), with l normalised to sum 1.
 *
 * @throws AhpInputError on mismatched lengths or invalid weights
 */
export function aggregatePriorities(
  vectors: ReadonlyArray<ArrayLike<number>>,
  weights: readonly number[],
  mean: 'geometric' | 'arithmetic',
  path: InputPath = []
): number[] {
  if (vectors.length !== weights.length) {
    throw new AhpInputError(
      path,
      `${vectors.length} priority vectors but ${weights.length} expert weights`
    );
  }
  const lambda = normaliseExpertWeights(weights, path);
  const n = vectors[0]!.length;
  const out = new Array<number>(n).fill(0);
  for (let k = 0; k < vectors.length; k++) {
    const v = vectors[k]!;
    if (v.length !== n)
      throw new AhpInputError([...path, k], `priority vector of length ${v.length}, expected ${n}`);
    const l = lambda[k]!;
    if (l === 0) continue;
    for (let i = 0; i < n; i++)
      out[i] = out[i]! + l * (mean === 'geometric' ? Math.log(v[i]!) : v[i]!);
  }
  if (mean === 'arithmetic') return out;
  let total = 0;
  for (let i = 0; i < n; i++) total += out[i] = Math.exp(out[i]!);
  return out.map((x) => x / total);
}
