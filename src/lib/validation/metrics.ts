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
import { aucOf, checkDiscrimination, ksOf, rankScores, rocOf } from './ranks';

export { MIN_PER_CLASS, mannWhitneyU } from './ranks';

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

/**
 * A bootstrap percentile interval (Efron and Tibshirani 1993, ch. 13): the (1 - level)/2 and
 * (1 + level)/2 percentiles (type 7) of the B resampled values, what the intervals of the AUC
 * and of an AUC difference share.
 */
export interface PercentileInterval {
  lower: number;
  upper: number;
  /** Standard deviation of the resampled values (divisor B - 1; 0 when B = 1). */
  standardError: number;
  level: number;
  resamples: number;
  seed: number;
}

/** A bootstrap percentile interval of the AUC. */
export interface AucInterval extends PercentileInterval {
  /** The AUC of the full data. */
  auc: number;
  method: 'percentile';
  /**
   * `stratified`: each resample draws n1 defaulted loans from the defaulted ones and n0 repaid
   * loans from the repaid ones, with replacement, so every resample has the full data's class
   * counts and an AUC.
   */
  resampling: 'stratified';
}

/** The difference in AUC of two scores on the same loans. */
export interface AucDifference extends PercentileInterval {
  aucA: number;
  aucB: number;
  /** aucA - aucB: positive when score A separates the outcomes better; the interval is its. */
  difference: number;
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
