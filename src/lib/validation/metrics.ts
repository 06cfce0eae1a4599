/**
 * How well a credit score separates the loans that were repaid from those that were not.
 *
 * Conventions, the same in every function of this module:
 * - a score is "higher = lower risk", as the farm-credit scorer produces it (100 = lowest risk);
 * - an outcome is 1 for a loan that defaulted or became non-performing, 0 for one that was
 *   repaid;
 * - the positive class is "default": a loan is predicted to default when its score is strictly
 *   below the cut-off (or its grade is worse than the cut-off grade).
 *
 * Discrimination measures (ROC, AUC, Gini, KS and their intervals) need both kinds of loan and
 * mean little with a handful: they refuse data with fewer than `minPerClass` (default
 * {@link MIN_PER_CLASS} = 5) defaulted or repaid loans with a {@link ValidationInputError}, and
 * never return NaN.
 *
 * Sources: Hanley and McNeil (1982), "The meaning and use of the area under a receiver operating
 * characteristic (ROC) curve", Radiology 143:29-36 (AUC = Mann-Whitney U / (n0 n1)); Fawcett
 * (2006), "An introduction to ROC analysis", Pattern Recognition Letters 27:861-874 (ROC by a
 * threshold sweep, ties as diagonal segments); Thomas, Edelman and Crook (2002), "Credit Scoring
 * and Its Applications", SIAM, ch. 7 (Gini, KS in credit scoring); Efron and Tibshirani (1993),
 * "An Introduction to the Bootstrap", ch. 13 (percentile intervals); Robin et al. (2011), pROC,
 * BMC Bioinformatics 12:77 (stratified bootstrap of the AUC, pROC's default).
 */
import { percentile } from '../ahp';
import { ValidationInputError } from './errors';
import {
  checkClasses,
  checkInteger,
  checkLevel,
  checkOutcomes,
  checkScores,
  checkSeed,
  type OutcomeCounts
} from './inputs';
import { seededUniforms } from './random';

/** The default minimum number of defaulted and of repaid loans for AUC, Gini, KS and ROC. */
export const MIN_PER_CLASS = 5;

export interface ClassOptions {
  /** Least number of defaulted loans and of repaid loans (default {@link MIN_PER_CLASS}, >= 1). */
  minPerClass?: number;
}

export interface BootstrapOptions extends ClassOptions {
  /** Number of bootstrap resamples B (default 1000, >= 1). */
  resamples?: number;
  /** Seed of the generator (default 1): the same seed gives the same interval. */
  seed?: number;
  /** Central coverage of the percentile interval (default 0.95). */
  level?: number;
}

/** One point of the ROC curve. */
export interface RocPoint {
  /**
   * The cut-off: loans with a score strictly below it are predicted to default. The first point
   * (0, 0) has the lowest score (nobody is below it); the last point (1, 1) has `Infinity`
   * (everybody is below it; JSON writes it as null).
   */
  threshold: number;
  /** False-positive rate: the share of repaid loans predicted to default (1 - specificity). */
  fpr: number;
  /** True-positive rate: the share of defaulted loans predicted to default (recall). */
  tpr: number;
}

/** The Kolmogorov-Smirnov statistic of the two score distributions. */
export interface KsResult {
  /** max over s of |F1(s) - F0(s)|, in [0, 1]. */
  statistic: number;
  /** The lowest score s where the maximum is reached. */
  score: number;
  /** F1(s): the share of defaulted loans with a score <= s. */
  cdfDefaulted: number;
  /** F0(s): the share of repaid loans with a score <= s. */
  cdfRepaid: number;
}

/** A bootstrap percentile interval of the AUC. */
export interface AucInterval {
  /** The AUC of the full data. */
  auc: number;
  lower: number;
  upper: number;
  /** Standard deviation of the resampled AUCs (divisor B - 1; 0 when B = 1). */
  standardError: number;
  level: number;
  resamples: number;
  seed: number;
  method: 'percentile';
  /**
   * `stratified`: each resample draws n1 defaulted loans from the defaulted ones and n0 repaid
   * loans from the repaid ones, with replacement, so every resample has the full data's class
   * counts and an AUC.
   */
  resampling: 'stratified';
}

/** The difference in AUC of two scores on the same loans. */
export interface AucDifference {
  aucA: number;
  aucB: number;
  /** aucA - aucB: positive when score A separates the outcomes better. */
  difference: number;
  /** Percentile interval of the difference from the paired bootstrap. */
  lower: number;
  upper: number;
  standardError: number;
  level: number;
  resamples: number;
  seed: number;
  method: 'percentile';
  /** `paired-stratified`: one stratified resample of loans, both scores computed on it. */
  resampling: 'paired-stratified';
}

/** Every discrimination measure of one score, from one sort. */
export interface Discrimination {
  loans: number;
  defaults: number;
  repaid: number;
  auc: number;
  gini: number;
  ks: KsResult;
  roc: RocPoint[];
  /** Present when bootstrap options were given. */
  interval?: AucInterval;
}

/** Scores reduced to their distinct values: the sort that every measure here starts from. */
interface RankedScores {
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
function rankScores(scores: ArrayLike<number>, outcomes: ArrayLike<number>): RankedScores {
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

function minPerClassOf(fn: string, options: ClassOptions): number {
  return checkInteger(fn, 'minPerClass', options.minPerClass ?? MIN_PER_CLASS, 1);
}

/** Checks scores and outcomes for a discrimination measure; returns the counts. */
function checkDiscrimination(
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

function aucOf(r: RankedScores): number {
  return mannWhitneyU(r.defaultsAt, r.repaidAt, r.values.length) / (r.defaults * r.repaid);
}

function rocOf(r: RankedScores): RocPoint[] {
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

function ksOf(r: RankedScores): KsResult {
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

/**
 * The ROC curve by a sweep of the cut-off t over the distinct scores, lowest first: at each t,
 * the loans with score < t are predicted to default, giving the point
 * (FPR, TPR) = (repaid below t / n0, defaulted below t / n1); a final point (1, 1) at t = Infinity.
 * Loans with tied scores cross the cut-off together, so a tie between classes is one diagonal
 * segment (Fawcett 2006, algorithm 2), and the trapezoid area under the curve equals
 * {@link auc} exactly. G + 1 points for G distinct scores.
 *
 * @throws ValidationInputError on a length mismatch, a score that is not finite, an outcome
 *   other than 0/1, or fewer than `minPerClass` defaulted or repaid loans
 */
export function rocCurve(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions = {}
): RocPoint[] {
  checkDiscrimination('rocCurve', scores, outcomes, options, 'the ROC curve');
  return rocOf(rankScores(scores, outcomes));
}

/**
 * The area under the ROC curve, oriented for scores where higher means lower risk:
 *
 *   AUC = P(score of a repaid loan > score of a defaulted loan) + P(equal) / 2
 *       = U / (n0 n1),  U = #{(i, j): s_i > s_j} + #{(i, j): s_i = s_j} / 2
 *
 * over all pairs of a repaid loan i and a defaulted loan j (the Mann-Whitney U; Hanley and
 * McNeil 1982). 1 = every repaid loan scores above every defaulted one; 0.5 = no better than
 * chance; 0 = exactly reversed. Computed in O(n log n): one sort, then {@link mannWhitneyU}.
 *
 * @throws ValidationInputError on a length mismatch, a score that is not finite, an outcome
 *   other than 0/1, or fewer than `minPerClass` (default 5) defaulted or repaid loans
 */
export function auc(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions = {}
): number {
  checkDiscrimination('auc', scores, outcomes, options, 'the AUC');
  return aucOf(rankScores(scores, outcomes));
}

/**
 * The Gini coefficient (accuracy ratio) of credit scoring: Gini = 2 AUC - 1, in [-1, 1]
 * (Thomas, Edelman and Crook 2002, sec. 7.6). Same orientation and refusals as {@link auc}.
 *
 * @throws ValidationInputError as {@link auc}
 */
export function gini(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions = {}
): number {
  checkDiscrimination('gini', scores, outcomes, options, 'the Gini coefficient');
  return 2 * aucOf(rankScores(scores, outcomes)) - 1;
}

/**
 * The Kolmogorov-Smirnov statistic: the largest vertical distance between the empirical score
 * distributions of the defaulted and the repaid loans,
 *
 *   KS = max_s |F1(s) - F0(s)|,  F1(s) = #{defaulted, score <= s} / n1, F0 likewise for repaid,
 *
 * evaluated at every distinct score (where the step functions jump), with the lowest score where
 * the maximum is reached (Thomas, Edelman and Crook 2002, sec. 7.4). For a score that works,
 * F1(s) > F0(s): defaulted loans pile up at low scores.
 *
 * @throws ValidationInputError as {@link auc}
 */
export function ksStatistic(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions = {}
): KsResult {
  checkDiscrimination('ksStatistic', scores, outcomes, options, 'the KS statistic');
  return ksOf(rankScores(scores, outcomes));
}

interface ResolvedBootstrap {
  resamples: number;
  seed: number;
  level: number;
}

function bootstrapOptions(fn: string, options: BootstrapOptions): ResolvedBootstrap {
  return {
    resamples: checkInteger(fn, 'resamples', options.resamples ?? 1000, 1),
    seed: checkSeed(fn, options.seed ?? 1),
    level: checkLevel(fn, options.level ?? 0.95)
  };
}

/** Sorts the resampled values; returns [lower, upper, standard error]. */
function summarise(samples: Float64Array, level: number): [number, number, number] {
  const B = samples.length;
  let mean = 0;
  for (let b = 0; b < B; b++) mean += samples[b]!;
  mean /= B;
  let ss = 0;
  for (let b = 0; b < B; b++) ss += (samples[b]! - mean) ** 2;
  samples.sort();
  return [
    percentile(samples, (1 - level) / 2),
    percentile(samples, (1 + level) / 2),
    B > 1 ? Math.sqrt(ss / (B - 1)) : 0
  ];
}

/** The groups of the defaulted loans and of the repaid loans, for drawing resamples. */
function groupsByClass(r: RankedScores, outcomes: ArrayLike<number>): [Int32Array, Int32Array] {
  const d = new Int32Array(r.defaults);
  const p = new Int32Array(r.repaid);
  let a = 0;
  let b = 0;
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] === 1) d[a++] = r.groupOf[i]!;
    else p[b++] = r.groupOf[i]!;
  }
  return [d, p];
}

function intervalOf(
  r: RankedScores,
  outcomes: ArrayLike<number>,
  o: ResolvedBootstrap
): AucInterval {
  const G = r.values.length;
  const [defaultGroups, repaidGroups] = groupsByClass(r, outcomes);
  const n1 = r.defaults;
  const n0 = r.repaid;
  const c1 = new Int32Array(G);
  const c0 = new Int32Array(G);
  const samples = new Float64Array(o.resamples);
  const draw = seededUniforms(o.seed);
  const u = new Float64Array(n1 + n0);
  const pairs = n1 * n0;
  for (let b = 0; b < o.resamples; b++) {
    c1.fill(0);
    c0.fill(0);
    draw(u);
    for (let k = 0; k < n1; k++) c1[defaultGroups[Math.floor(u[k]! * n1)]!]!++;
    for (let k = n1; k < n1 + n0; k++) c0[repaidGroups[Math.floor(u[k]! * n0)]!]!++;
    samples[b] = mannWhitneyU(c1, c0, G) / pairs;
  }
  const [lower, upper, standardError] = summarise(samples, o.level);
  return {
    auc: aucOf(r),
    lower,
    upper,
    standardError,
    level: o.level,
    resamples: o.resamples,
    seed: o.seed,
    method: 'percentile',
    resampling: 'stratified'
  };
}

/**
 * A bootstrap percentile interval of the AUC (Efron and Tibshirani 1993, ch. 13), with
 * stratified resampling as in pROC (Robin et al. 2011): each resample draws n1 of the defaulted
 * loans and n0 of the repaid loans with replacement; the interval is the (1 - level)/2 and
 * (1 + level)/2 percentiles (type 7) of the B resampled AUCs.
 *
 * Each resample costs O(n + G), not a new sort: the scores are sorted once into G distinct values;
 * a resample only changes how many times each loan is drawn, so it counts the draws of each
 * class at each distinct score and runs {@link mannWhitneyU} over those counts.
 *
 * @throws ValidationInputError as {@link auc}, or for resamples not a whole number >= 1, a level
 *   outside (0, 1) or a seed that is not a whole number
 */
export function aucInterval(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: BootstrapOptions = {}
): AucInterval {
  const o = bootstrapOptions('aucInterval', options);
  checkDiscrimination('aucInterval', scores, outcomes, options, 'the AUC');
  return intervalOf(rankScores(scores, outcomes), outcomes, o);
}

/**
 * The difference in AUC of two scores on the same loans (two weight sets, or the experts' weights
 * against the regression baseline): aucA - aucB, with a paired bootstrap percentile interval.
 * Each resample draws loans stratified by outcome (as {@link aucInterval}) and computes both AUCs
 * on the same drawn loans, so the interval accounts for the correlation between the two scores.
 * O(n + G_A + G_B) per resample.
 *
 * @throws ValidationInputError as {@link aucInterval}, naming `scoresA` or `scoresB`
 */
export function aucDifference(
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: BootstrapOptions = {}
): AucDifference {
  const fn = 'aucDifference';
  const o = bootstrapOptions(fn, options);
  const min = minPerClassOf(fn, options);
  const counts = checkOutcomes(fn, outcomes);
  checkScores(fn, scoresA, outcomes.length, 'scoresA');
  checkScores(fn, scoresB, outcomes.length, 'scoresB');
  checkClasses(fn, counts, min, 'the AUC');
  const ra = rankScores(scoresA, outcomes);
  const rb = rankScores(scoresB, outcomes);
  const n1 = counts.defaults;
  const n0 = counts.repaid;
  const [da, pa] = groupsByClass(ra, outcomes);
  const [db, pb] = groupsByClass(rb, outcomes);
  const Ga = ra.values.length;
  const Gb = rb.values.length;
  const c1a = new Int32Array(Ga);
  const c0a = new Int32Array(Ga);
  const c1b = new Int32Array(Gb);
  const c0b = new Int32Array(Gb);
  const samples = new Float64Array(o.resamples);
  const draw = seededUniforms(o.seed);
  const u = new Float64Array(n1 + n0);
  const pairs = n1 * n0;
  for (let b = 0; b < o.resamples; b++) {
    c1a.fill(0);
    c0a.fill(0);
    c1b.fill(0);
    c0b.fill(0);
    draw(u);
    for (let k = 0; k < n1; k++) {
      const i = Math.floor(u[k]! * n1);
      c1a[da[i]!]!++;
      c1b[db[i]!]!++;
    }
    for (let k = n1; k < n1 + n0; k++) {
      const i = Math.floor(u[k]! * n0);
      c0a[pa[i]!]!++;
      c0b[pb[i]!]!++;
    }
    samples[b] = (mannWhitneyU(c1a, c0a, Ga) - mannWhitneyU(c1b, c0b, Gb)) / pairs;
  }
  const aucA = aucOf(ra);
  const aucB = aucOf(rb);
  const [lower, upper, standardError] = summarise(samples, o.level);
  return {
    aucA,
    aucB,
    difference: aucA - aucB,
    lower,
    upper,
    standardError,
    level: o.level,
    resamples: o.resamples,
    seed: o.seed,
    method: 'percentile',
    resampling: 'paired-stratified'
  };
}

/**
 * Every discrimination measure of one score from a single sort: AUC, Gini, KS, the ROC curve
 * and, when `bootstrap` is given, the AUC interval of {@link aucInterval}. What the validation
 * report shows for a weight set.
 *
 * @throws ValidationInputError as {@link aucInterval}
 */
export function discrimination(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions & { bootstrap?: BootstrapOptions } = {}
): Discrimination {
  const fn = 'discrimination';
  const o = options.bootstrap ? bootstrapOptions(fn, options.bootstrap) : null;
  const counts = checkDiscrimination(fn, scores, outcomes, options, 'the AUC');
  const r = rankScores(scores, outcomes);
  const a = aucOf(r);
  const result: Discrimination = {
    loans: outcomes.length,
    defaults: counts.defaults,
    repaid: counts.repaid,
    auc: a,
    gini: 2 * a - 1,
    ks: ksOf(r),
    roc: rocOf(r)
  };
  if (o) result.interval = intervalOf(r, outcomes, o);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Calibration by grade

/** Loans and defaults in one grade. */
export interface GradeCalibration {
  grade: string;
  loans: number;
  defaults: number;
  /** defaults / loans; null for a grade without loans. */
  defaultRate: number | null;
}

/** Two neighbouring non-empty grades whose default rates do not rise from the better to the worse. */
export interface GradeStep {
  better: string;
  worse: string;
  betterRate: number;
  worseRate: number;
}

export interface Calibration {
  /** The grades in the given order, best first, each with its loans and default rate. */
  grades: GradeCalibration[];
  /** Grades without loans (left out of the monotonicity check). */
  emptyGrades: string[];
  /**
   * Whether the default rate never falls from a better grade to a worse one: over the non-empty
   * grades, best first, each rate >= the previous one (equal rates allowed). null when fewer
   * than two grades have loans (nothing to compare).
   */
  monotonic: boolean | null;
  /** The same with every rate strictly above the previous one (no equal rates). */
  strictlyMonotonic: boolean | null;
  /** Neighbouring non-empty grades where the rate falls (what makes `monotonic` false). */
  violations: GradeStep[];
  /** Neighbouring non-empty grades with equal rates (what separates the two flags). */
  ties: GradeStep[];
}

function checkGradeOrder(fn: string, order: readonly string[]): Map<string, number> {
  if (!Array.isArray(order) || order.length === 0)
    throw new ValidationInputError(
      fn,
      ['order'],
      'empty',
      'expected the grades in order, best first (for example AAA, AA, A, ... D)'
    );
  const index = new Map<string, number>();
  order.forEach((g, k) => {
    if (typeof g !== 'string' || g === '')
      throw new ValidationInputError(
        fn,
        ['order', k],
        'bad-option',
        'a grade must be a non-empty string'
      );
    if (index.has(g))
      throw new ValidationInputError(
        fn,
        ['order', k],
        'bad-option',
        `grade "${g}" appears twice in the grade order (first at ${index.get(g)})`
      );
    index.set(g, k);
  });
  return index;
}

function gradeIndices(
  fn: string,
  grades: ArrayLike<string>,
  n: number,
  index: Map<string, number>,
  order: readonly string[]
): Int32Array {
  if (grades == null || typeof grades.length !== 'number')
    throw new ValidationInputError(fn, ['grades'], 'empty', 'expected an array of grades');
  if (grades.length !== n)
    throw new ValidationInputError(
      fn,
      ['grades'],
      'length-mismatch',
      `${grades.length} grades for ${n} outcomes: give one grade per loan, in the same order`
    );
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = index.get(grades[i]!);
    if (k === undefined)
      throw new ValidationInputError(
        fn,
        ['grades', i],
        'unknown-grade',
        `${JSON.stringify(grades[i]) ?? 'nothing'} is not one of the grades ${order.join(', ')}`
      );
    out[i] = k;
  }
  return out;
}

/**
 * Calibration by grade: for each grade of `order` (best first, e.g. AAA, AA, A, BBB, BB, B, CCC,
 * CC, C, D), the number of loans, of defaults and the default rate, and whether the default rate
 * rises monotonically from the best grade to the worst.
 *
 * Definitions: empty grades have rate null and are skipped by the check (they neither break nor
 * support it: the check compares each non-empty grade with the next non-empty one). Equal rates
 * of neighbouring grades count as monotonic (`monotonic`, non-decreasing) but not as strictly
 * monotonic (`strictlyMonotonic`); they are listed under `ties`. Rates are compared exactly, as
 * d_a n_b versus d_b n_a in integers. With fewer than two non-empty grades both flags are null.
 *
 * @throws ValidationInputError on an empty or repeated grade order, a length mismatch, a grade
 *   not in the order, or an outcome other than 0/1
 */
export function calibrationByGrade(
  grades: ArrayLike<string>,
  outcomes: ArrayLike<number>,
  order: readonly string[]
): Calibration {
  const fn = 'calibrationByGrade';
  const index = checkGradeOrder(fn, order);
  checkOutcomes(fn, outcomes);
  const g = gradeIndices(fn, grades, outcomes.length, index, order);
  const loans = new Array<number>(order.length).fill(0);
  const defaults = new Array<number>(order.length).fill(0);
  for (let i = 0; i < g.length; i++) {
    loans[g[i]!]!++;
    if (outcomes[i] === 1) defaults[g[i]!]!++;
  }
  const rows: GradeCalibration[] = order.map((grade, k) => ({
    grade,
    loans: loans[k]!,
    defaults: defaults[k]!,
    defaultRate: loans[k]! > 0 ? defaults[k]! / loans[k]! : null
  }));
  const filled = rows.filter((r) => r.loans > 0);
  const violations: GradeStep[] = [];
  const ties: GradeStep[] = [];
  for (let k = 1; k < filled.length; k++) {
    const a = filled[k - 1]!;
    const b = filled[k]!;
    const cmp = b.defaults * a.loans - a.defaults * b.loans; // sign of rate_b - rate_a
    const step = {
      better: a.grade,
      worse: b.grade,
      betterRate: a.defaultRate!,
      worseRate: b.defaultRate!
    };
    if (cmp < 0) violations.push(step);
    else if (cmp === 0) ties.push(step);
  }
  const comparable = filled.length >= 2;
  return {
    grades: rows,
    emptyGrades: rows.filter((r) => r.loans === 0).map((r) => r.grade),
    monotonic: comparable ? violations.length === 0 : null,
    strictlyMonotonic: comparable ? violations.length === 0 && ties.length === 0 : null,
    violations,
    ties
  };
}

// ---------------------------------------------------------------------------------------------
// Performance at a cut-off

/** Counts of a binary decision; positive = predicted default. */
export interface ConfusionMatrix {
  /** Predicted default, defaulted. */
  truePositives: number;
  /** Predicted default, repaid (a good borrower refused). */
  falsePositives: number;
  /** Predicted to repay (lent to), repaid. */
  trueNegatives: number;
  /** Predicted to repay (lent to), defaulted (a loss). */
  falseNegatives: number;
}

export type Cutoff =
  { kind: 'score'; score: number } | { kind: 'grade'; grade: string; order: readonly string[] };

export interface CutoffPerformance {
  cutoff: Cutoff;
  loans: number;
  matrix: ConfusionMatrix;
  /** (TP + TN) / n. */
  accuracy: number;
  /** TP / (TP + FP): of the loans predicted to default, the share that did; null when none is. */
  precision: number | null;
  /** TP / (TP + FN): of the defaulted loans, the share predicted; null without defaults. */
  recall: number | null;
  /** TN / (TN + FP): of the repaid loans, the share lent to; null without repaid loans. */
  specificity: number | null;
}

/**
 * The confusion matrix of a decision against outcomes: `predictedDefault[i]` is 1 (or true)
 * when loan i is predicted to default, 0 (or false) when it would be lent to.
 *
 * @throws ValidationInputError on a length mismatch, a prediction other than 0/1/true/false or
 *   an outcome other than 0/1
 */
export function confusionMatrix(
  predictedDefault: ArrayLike<number | boolean>,
  outcomes: ArrayLike<number>
): ConfusionMatrix {
  const fn = 'confusionMatrix';
  checkOutcomes(fn, outcomes);
  if (predictedDefault == null || predictedDefault.length !== outcomes.length)
    throw new ValidationInputError(
      fn,
      ['predictedDefault'],
      'length-mismatch',
      `${predictedDefault?.length ?? 0} predictions for ${outcomes.length} outcomes`
    );
  const m = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < outcomes.length; i++) {
    const p = predictedDefault[i];
    let positive: boolean;
    if (p === 1 || p === true) positive = true;
    else if (p === 0 || p === false) positive = false;
    else
      throw new ValidationInputError(
        fn,
        ['predictedDefault', i],
        'not-binary',
        `a prediction must be 1 / true (default) or 0 / false (repay), got ${JSON.stringify(p) ?? 'nothing'}`
      );
    if (positive) {
      if (outcomes[i] === 1) m.truePositives++;
      else m.falsePositives++;
    } else if (outcomes[i] === 1) m.falseNegatives++;
    else m.trueNegatives++;
  }
  return m;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

function performance(cutoff: Cutoff, m: ConfusionMatrix): CutoffPerformance {
  const n = m.truePositives + m.falsePositives + m.trueNegatives + m.falseNegatives;
  return {
    cutoff,
    loans: n,
    matrix: m,
    accuracy: (m.truePositives + m.trueNegatives) / n,
    precision: ratio(m.truePositives, m.truePositives + m.falsePositives),
    recall: ratio(m.truePositives, m.truePositives + m.falseNegatives),
    specificity: ratio(m.trueNegatives, m.trueNegatives + m.falsePositives)
  };
}

/**
 * Accuracy, precision, recall, specificity and the confusion matrix at a score cut-off: a loan
 * with score < `cutoff` is predicted to default (positive); score >= `cutoff` is lent to.
 * Ratios with an empty denominator are null, never NaN.
 *
 * @throws ValidationInputError on a cut-off that is not a finite number, a length mismatch, a
 *   score that is not finite or an outcome other than 0/1
 */
export function performanceAtScore(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  cutoff: number
): CutoffPerformance {
  const fn = 'performanceAtScore';
  if (typeof cutoff !== 'number' || !Number.isFinite(cutoff))
    throw new ValidationInputError(
      fn,
      ['cutoff'],
      'not-finite',
      `the cut-off must be a finite score, got ${String(cutoff)}`
    );
  checkOutcomes(fn, outcomes);
  checkScores(fn, scores, outcomes.length);
  const predicted = Array.from(scores, (s) => s < cutoff);
  return performance({ kind: 'score', score: cutoff }, confusionMatrix(predicted, outcomes));
}

/**
 * The same at a grade cut-off: "lend to this grade and better". A loan whose grade comes after
 * `cutoff` in `order` (best first) is predicted to default; `cutoff` itself and better grades
 * are lent to. For the Fujian study's rule (B and above may get credit) the cut-off is "B".
 *
 * @throws ValidationInputError on an empty or repeated grade order, a cut-off grade not in it, a
 *   length mismatch, a loan's grade not in the order or an outcome other than 0/1
 */
export function performanceAtGrade(
  grades: ArrayLike<string>,
  outcomes: ArrayLike<number>,
  order: readonly string[],
  cutoff: string
): CutoffPerformance {
  const fn = 'performanceAtGrade';
  const index = checkGradeOrder(fn, order);
  const c = index.get(cutoff);
  if (c === undefined)
    throw new ValidationInputError(
      fn,
      ['cutoff'],
      'unknown-grade',
      `${JSON.stringify(cutoff) ?? 'nothing'} is not one of the grades ${order.join(', ')}`
    );
  checkOutcomes(fn, outcomes);
  const g = gradeIndices(fn, grades, outcomes.length, index, order);
  const predicted = Array.from(g, (k) => k > c);
  return performance(
    { kind: 'grade', grade: cutoff, order: [...order] },
    confusionMatrix(predicted, outcomes)
  );
}
