/**
 * The sort every discrimination measure starts from (./metrics.ts, ./auc-bootstrap.ts): scores
 * reduced to their distinct values with each outcome counted at each, and the AUC, ROC curve and
 * KS statistic read from those counts. The inputs are checked once by checkDiscrimination.
 */
import {
  checkClasses,
  checkInteger,
  checkOutcomes,
  checkScores,
  type OutcomeCounts
} from './inputs';
import type { ClassOptions, KsResult, RocPoint } from './metrics';

/** The default minimum number of defaulted and of repaid loans for AUC, Gini, KS and ROC. */
export const MIN_PER_CLASS = 5;

/** Scores reduced to their distinct values: the sort that every measure here starts from. */
export interface RankedScores {
  /** The distinct scores in ascending order (G values). */
  values: Float64Array;
  /** For each loan, the index of its score in `values`. */
  groupOf: Int32Array;
  /** Per distinct score: how many defaulted loans have it. */
  defaultsAt: Int32Array;
  /** Per distinct score: how many repaid loans have it. */
  repaidAt: Int32Array;
  defaults: number;
  repaid: number;
}

/** Sorts once (O(n log n)) and counts each outcome at each distinct score. Inputs are trusted. */
export function rankScores(scores: ArrayLike<number>, outcomes: ArrayLike<number>): RankedScores {
  const n = scores.length;
  const sorted = Float64Array.from(scores).sort();
  const distinct = new Float64Array(n);
  let g = 0;
  for (let i = 0; i < n; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct[g++] = sorted[i]!;
  const values = distinct.slice(0, g);
  const groupOf = new Int32Array(n);
  const defaultsAt = new Int32Array(g);
  const repaidAt = new Int32Array(g);
  let defaults = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    let lo = 0;
    let hi = g - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    groupOf[i] = lo;
    if (outcomes[i] === 1) {
      defaultsAt[lo]!++;
      defaults++;
    } else repaidAt[lo]!++;
  }
  return { values, groupOf, defaultsAt, repaidAt, defaults, repaid: n - defaults };
}

/**
 * The Mann-Whitney U count from per-score counts, in one ascending pass:
 * U = sum over distinct scores s of r(s) * (d(< s) + d(s) / 2), where r(s) and d(s) are the
 * repaid and defaulted loans at s and d(< s) the defaulted loans below s. O(G).
 */
export function mannWhitneyU(
  defaultsAt: ArrayLike<number>,
  repaidAt: ArrayLike<number>,
  groups: number
): number {
  let u = 0;
  let below = 0;
  for (let g = 0; g < groups; g++) {
    const d = defaultsAt[g]!;
    u += repaidAt[g]! * (below + 0.5 * d);
    below += d;
  }
  return u;
}

export function minPerClassOf(fn: string, options: ClassOptions): number {
  return checkInteger(fn, 'minPerClass', options.minPerClass ?? MIN_PER_CLASS, 1);
}

/** Checks scores and outcomes for a discrimination measure; returns the counts. */
export function checkDiscrimination(
  fn: string,
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions,
  what: string
): OutcomeCounts {
  const min = minPerClassOf(fn, options);
  const counts = checkOutcomes(fn, outcomes);
  checkScores(fn, scores, outcomes.length);
  checkClasses(fn, counts, min, what);
  return counts;
}

export function aucOf(r: RankedScores): number {
  return mannWhitneyU(r.defaultsAt, r.repaidAt, r.values.length) / (r.defaults * r.repaid);
}

export function rocOf(r: RankedScores): RocPoint[] {
  const points: RocPoint[] = [];
  let d = 0;
  let p = 0;
  for (let g = 0; g < r.values.length; g++) {
    points.push({ threshold: r.values[g]!, fpr: p / r.repaid, tpr: d / r.defaults });
    d += r.defaultsAt[g]!;
    p += r.repaidAt[g]!;
  }
  points.push({ threshold: Infinity, fpr: 1, tpr: 1 });
  return points;
}

export function ksOf(r: RankedScores): KsResult {
  // |F1 - F0| compared as |d n0 - p n1| in integers (exact below 2^53), so ties are exact.
  let best = -1;
  let at = 0;
  let bestD = 0;
  let bestP = 0;
  let d = 0;
  let p = 0;
  for (let g = 0; g < r.values.length; g++) {
    d += r.defaultsAt[g]!;
    p += r.repaidAt[g]!;
    const gap = Math.abs(d * r.repaid - p * r.defaults);
    if (gap > best) {
      best = gap;
      at = g;
      bestD = d;
      bestP = p;
    }
  }
  return {
    statistic: best / (r.defaults * r.repaid),
    score: r.values[at]!,
    cdfDefaulted: bestD / r.defaults,
    cdfRepaid: bestP / r.repaid
  };
}
