/**
 * The analysis of one pairwise comparison matrix: completion of missing judgments, priorities,
 * consistency, and the judgments most worth reconsidering.
 */
import {
  consistencyIndex,
  consistencyRatio,
  crThreshold,
  geometricConsistencyIndex,
  gciThreshold
} from './consistency';
import { complete, type CompletedJudgment } from './incomplete';
import type { PairwiseMatrix } from './matrix';
import { leftPerronStart, perronRootAfterChange } from './perron-near';
import { lambdaFromWeights, perronEigen, rowGeometricMean, toArray } from './priority';
import { randomIndex, type RandomIndexValue } from './random-index';
import { formatJudgment, suggestScaleValue } from './scale';
import { DEFAULT_METHOD_OPTIONS, type MethodOptions, type PriorityMethod } from './types';
import type { InputPath } from './errors';

/** A judgment worth reconsidering, with the value that would fit the other judgments best. */
export interface Inconsistency {
  /** 0-based row and column, i < j. */
  i: number;
  j: number;
  /** The judgment as given, a_ij. */
  given: number;
  /** e_ij = a_ij w_j / w_i: 1 when the judgment agrees with the weights. */
  error: number;
  /** |ln e_ij|, the ranking key. */
  absLogError: number;
  /** w_i / w_j: the value that would be perfectly consistent with the current weights. */
  consistent: number;
  /** The scale value nearest to `consistent` (AHP-OS rounding), and its text ("1/3"). */
  suggested: number;
  suggestedText: string;
  /** Which element the suggested value favours: i, j, or neither (equal). */
  favours: 'i' | 'j' | 'equal';
  /** Whether taking the suggestion raises or lowers a_ij (or leaves it as it is). */
  change: 'raise' | 'lower' | 'none';
  /** CR of the matrix with this one suggestion taken and everything else as given. */
  crIfTaken: number;
}

/** Consistency of one matrix, with the table and threshold that produced it. */
export interface ConsistencyResult {
  lambdaMax: number;
  ci: number;
  randomIndex: RandomIndexValue;
  cr: number;
  threshold: number;
  consistent: boolean;
  gci: { value: number; threshold: number | null; consistent: boolean };
}

/** The full result of weighing one matrix. */
export interface MatrixResult extends ConsistencyResult {
  n: number;
  method: PriorityMethod;
  weights: number[];
  /** The filled-in values when judgments were missing, else an empty list. */
  completed: CompletedJudgment[];
  completion: MethodOptions['completion'] | null;
  inconsistencies: Inconsistency[];
  options: MethodOptions;
}

export interface WeighOptions extends MethodOptions {
  /** How many judgments to reconsider are listed (default 3). */
  top: number;
}

const DEFAULT_TOP = 3;

/**
 * Priorities and lambda_max of a complete matrix by the chosen method.
 * eigenvector: the Perron vector and eigenvalue; geometric-mean: the row geometric mean, with
 * lambda_max = (1/n) sum_i (A w)_i / w_i as in the Fujian study.
 */
export function priorities(
  a: Float64Array,
  n: number,
  method: PriorityMethod,
  out: Float64Array
): number {
  if (method === 'eigenvector') return perronEigen(a, n, out);
  rowGeometricMean(a, n, out);
  return lambdaFromWeights(a, n, out);
}

/**
 * CI, CR and GCI of a complete matrix with given priorities.
 * @throws AhpInputError when n is beyond the random-index table
 */
export function assessConsistency(
  a: Float64Array,
  n: number,
  lambdaMax: number,
  options: Pick<MethodOptions, 'randomIndex' | 'threshold'>,
  path: InputPath = []
): ConsistencyResult {
  const ri = randomIndex(n, options.randomIndex, path);
  const ci = consistencyIndex(lambdaMax, n);
  const cr = consistencyRatio(ci, ri.value, n);
  const threshold = crThreshold(n, options.threshold);
  const g = scratch(n, 'g');
  rowGeometricMean(a, n, g);
  const gci = geometricConsistencyIndex(a, n, g);
  const gThreshold = gciThreshold(n);
  return {
    lambdaMax,
    ci,
    randomIndex: ri,
    cr,
    threshold,
    consistent: cr < threshold,
    gci: { value: gci, threshold: gThreshold, consistent: gThreshold === null || gci < gThreshold }
  };
}

/**
 * Weighs one matrix: completes missing judgments, derives priorities, assesses consistency and
 * lists the `top` given judgments with the largest |ln e_ij|, e_ij = a_ij w_j / w_i
 * (Saaty 2003, EJOR 145:85-91), each with the consistent value w_i / w_j, its nearest scale
 * value and the CR if that one suggestion were taken.
 *
 * @throws AhpInputError when n is beyond the chosen random-index table
 */
export function weigh(
  m: PairwiseMatrix,
  options: Partial<WeighOptions> = {},
  path: InputPath = []
): MatrixResult {
  const opts: MethodOptions = {
    method: options.method ?? DEFAULT_METHOD_OPTIONS.method,
    randomIndex: options.randomIndex ?? DEFAULT_METHOD_OPTIONS.randomIndex,
    threshold: options.threshold ?? DEFAULT_METHOD_OPTIONS.threshold,
    scale: options.scale ?? DEFAULT_METHOD_OPTIONS.scale,
    completion: options.completion ?? DEFAULT_METHOD_OPTIONS.completion
  };
  const top = options.top ?? DEFAULT_TOP;
  const { n } = m;
  const filled = complete(m, opts.completion);
  const a = filled.values;
  const w = scratch(n, 'w');
  const lambdaMax = priorities(a, n, opts.method, w);
  const c = assessConsistency(a, n, lambdaMax, opts, path);
  return {
    n,
    method: opts.method,
    weights: toArray(w, n),
    ...c,
    completed: filled.filled,
    completion: m.missing.length > 0 ? opts.completion : null,
    inconsistencies: top > 0 ? reconsider(m, a, w, opts, top, c) : [],
    options: opts
  };
}

/**
 * The two numbers weigh() gives for one matrix, without its result object: the priorities
 * (written into `out`) and CR, returned. The same operations as weigh() (completion, then
 * priorities, then CI / RI), so the same bits; no GCI, no judgments to reconsider. For loops
 * over many experts: the hierarchy analysis calls it per expert per node.
 *
 * @param riValue RI(n) of the chosen table (randomIndex(n, table).value)
 * @param out receives the weights (length >= n)
 */
export function weighKernel(
  m: PairwiseMatrix,
  method: PriorityMethod,
  completion: MethodOptions['completion'],
  riValue: number,
  out: Float64Array
): number {
  const { n } = m;
  const lambda = priorities(complete(m, completion).values, n, method, out);
  return consistencyRatio(consistencyIndex(lambda, n), riValue, n);
}

// Work vectors reused across calls (the engine is synchronous, so no call can interleave):
// weigh() runs tens of thousands of times a second, and typed-array allocations add up.
const buffers = { w: new Float64Array(16), g: new Float64Array(16), t: new Float64Array(16) };
const bufferedMatrix = { a: new Float64Array(256) };
function scratch(n: number, name: keyof typeof buffers): Float64Array {
  if (buffers[name].length < n) buffers[name] = new Float64Array(2 * n);
  return buffers[name];
}

/** Relative margin of the cheap ranking key (below) within which |ln e_ij| is computed. */
const KEY_MARGIN = 1e-9;
let candidateCells = new Int32Array(120);
let candidateErrors = new Float64Array(120);
let topKeys = new Float64Array(8);
let inverseWeights = new Float64Array(16);

/**
 * The `top` given judgments with the largest |ln e_ij|, as pair positions i * n + j, largest
 * first, ties in row order (as a stable sort of all pairs by |ln e_ij| would give).
 *
 * Without a logarithm per pair: |ln e| = ln max(e, 1/e), so the key max(e, 1/e) ranks the pairs
 * as |ln e| does, up to rounding (e here as a_ij w_j (1 / w_i), a few units in the last place
 * from Math.log's argument). The logarithms are taken only for the pairs whose key is within
 * KEY_MARGIN (relative) of the top-th largest key, far wider than that rounding: every pair of
 * the top is among them (a pair below the margin has at least `top` pairs above it by
 * ln(1 / (1 - 1e-9)), about 1e-9, in |ln e|), and they are ranked exactly as before, on
 * Math.abs(Math.log(a_ij w_j / w_i)), in row order. The key max(e, 1/e) > t is tested as
 * e > t or e < 1/t, without a division per pair.
 */
function largestErrors(m: PairwiseMatrix, a: Float64Array, w: Float64Array, top: number) {
  const { n } = m;
  const given = m.values;
  const pairs = (n * (n - 1)) / 2;
  const select = Number.isInteger(top) && top < pairs; // else every pair is a candidate
  if (candidateCells.length < pairs) {
    candidateCells = new Int32Array(2 * pairs);
    candidateErrors = new Float64Array(2 * pairs);
  }
  if (select && topKeys.length < top) topKeys = new Float64Array(2 * top);
  if (inverseWeights.length < n) inverseWeights = new Float64Array(2 * n);
  const cells0 = candidateCells;
  const errs = candidateErrors;
  const best = topKeys; // the largest keys so far, largest first
  const iw = inverseWeights;
  for (let i = 0; i < n; i++) iw[i] = 1 / w[i]!;
  // Pass 1: the candidates, every pair not below the cut so far (which only rises), widened
  // by the margin: key < cut when below < e < above. A NaN e is never below it.
  let kept = 0;
  let count = 0;
  let above = -Infinity;
  let below = -Infinity;
  for (let i = 0; i < n - 1; i++) {
    const r = i * n;
    const iwi = iw[i]!;
    for (let j = i + 1; j < n; j++) {
      const e = a[(r + j) | 0]! * w[j]! * iwi;
      if ((e < above && e > below) || Number.isNaN(given[(r + j) | 0]!)) continue;
      cells0[count] = r + j;
      errs[count++] = e;
      if (!select) continue;
      const key = e >= 1 ? e : 1 / e;
      if (kept === top && !(key > best[top - 1]!)) continue;
      let at = kept < top ? kept++ : top - 1;
      while (at > 0 && best[at - 1]! < key) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = key;
      if (kept === top) {
        above = best[top - 1]! * (1 - KEY_MARGIN);
        below = 1 / above;
      }
    }
  }
  // Pass 2: the candidates above the final cut, in row order, ranked on |ln e| as always
  const errors: number[] = [];
  const cells: number[] = [];
  for (let c = 0; c < count; c++) {
    const cheap = errs[c]!;
    if (cheap < above && cheap > below) continue;
    const cell = cells0[c]!;
    const i = Math.floor(cell / n);
    const j = cell - i * n;
    const e = Math.abs(Math.log((a[cell]! * w[j]!) / w[i]!));
    let at = errors.length;
    while (at > 0 && errors[at - 1]! < e) at--;
    if (at >= top) continue;
    // insert at `at` as splice would, the last one dropping off when the list would pass `top`
    // (so a top of 2.5 keeps 2, as before)
    const grow = errors.length + 1 <= top;
    let end = grow ? errors.length : errors.length - 1;
    if (end < at) continue; // it would drop off at once
    if (grow) {
      errors.push(e);
      cells.push(cell);
    }
    for (; end > at; end--) {
      errors[end] = errors[end - 1]!;
      cells[end] = cells[end - 1]!;
    }
    errors[at] = e;
    cells[at] = cell;
  }
  return { errors, cells };
}

function reconsider(
  m: PairwiseMatrix,
  a: Float64Array,
  w: Float64Array,
  opts: MethodOptions,
  top: number,
  base: ConsistencyResult
): Inconsistency[] {
  const { n } = m;
  const { errors, cells } = largestErrors(m, a, w, top);
  const tw = scratch(n, 't');
  // A complete matrix under the eigenvector method: the changed matrix's lambda_max is sought
  // from the current Perron vector (one judgment moved) and certified (perronRootAfterChange), in a
  // copy of `a` changed in place, with an approximate left Perron vector of `a` (leftPerronStart,
  // computed once for all the suggestions) for its start. Otherwise the changed matrix is
  // completed and weighed afresh.
  const warm = m.missing.length === 0 && opts.method === 'eigenvector';
  let copy: Float64Array | null = null;
  let left: Float64Array | null = null;
  if (warm) {
    if (bufferedMatrix.a.length < n * n) bufferedMatrix.a = new Float64Array(2 * n * n);
    copy = bufferedMatrix.a;
    copy.set(a);
  }
  const out: Inconsistency[] = [];
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k]!;
    const i = Math.floor(cell / n);
    const j = cell - i * n;
    const given = a[cell]!;
    const consistent = w[i]! / w[j]!;
    const suggested = suggestScaleValue(consistent);
    let crIfTaken = base.cr;
    if (Math.abs(suggested - given) > 1e-12 * given) {
      let lambda: number;
      if (copy) {
        left ??= leftPerronStart(a, n, w);
        copy[cell] = suggested;
        copy[j * n + i] = 1 / suggested;
        lambda = perronRootAfterChange(
          copy,
          n,
          w,
          base.lambdaMax,
          i,
          j,
          given,
          a[j * n + i]!,
          left
        );
        copy[cell] = given;
        copy[j * n + i] = a[j * n + i]!;
      } else {
        const changed = Float64Array.from(m.values);
        changed[cell] = suggested;
        changed[j * n + i] = 1 / suggested;
        const filled = complete({ n, values: changed, missing: m.missing }, opts.completion).values;
        lambda = priorities(filled, n, opts.method, tw);
      }
      crIfTaken = consistencyRatio(consistencyIndex(lambda, n), base.randomIndex.value, n);
    }
    out.push({
      i,
      j,
      given,
      error: (given * w[j]!) / w[i]!,
      absLogError: errors[k]!,
      consistent,
      suggested,
      suggestedText: formatJudgment(suggested),
      favours: suggested > 1 ? 'i' : suggested < 1 ? 'j' : 'equal',
      change:
        Math.abs(suggested - given) <= 1e-12 * given
          ? 'none'
          : suggested > given
            ? 'raise'
            : 'lower',
      crIfTaken
    });
  }
  return out;
}
