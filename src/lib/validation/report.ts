/**
 * The validation report: how well a weight set separates the loans that were repaid from those
 * that defaulted, on the cooperative's own loan file (issue 5), and the comparison of two weight
 * sets on the same loans. Both are plain JSON values (no NaN, no Infinity, no typed arrays), the
 * same for the command line (`pairwise validate`) and the validation page.
 *
 * Each loan is scored exactly as the scorer scores an applicant (src/lib/weights/score.ts):
 * total = sum of global weight x leaf score, added in the weight set's leaf order, and the grade
 * is the first band whose minimum score the total reaches (within the weight set's tolerance).
 * Then, with the conventions of ./metrics.ts (higher score = lower risk; positive = default):
 *
 * - discrimination: ROC curve, AUC with a stratified bootstrap percentile interval, Gini, KS;
 * - calibration by grade: loans, defaults and default rate per grade in the weight set's grade
 *   order, and whether the rate rises monotonically from the best grade to the worst;
 * - performance at a cut-off (a grade: lend to it and better; or a score: lend at or above it):
 *   accuracy, precision, recall, specificity and the confusion matrix;
 * - the regression baseline: a logistic regression of the outcome on the leaf scores, its k-fold
 *   cross-validated AUC, its coefficients read as weights beside the experts' with their Pearson
 *   correlation (./logistic.ts).
 *
 * What a file cannot support is reported, not computed: a measure that is undefined on these
 * loans (AUC with fewer than `minPerClass` defaults, a regression on separated data ...) is
 * `{ defined: false, code, reason }` and the rest of the report is still computed; the
 * `warnings` list says what to be careful with. Malformed input (a missing leaf column, a score
 * outside 0-100, an outcome other than 0/1, a bad option) is a ValidationInputError: nothing is
 * computed from it. Read files with ./loans.ts, which refuses a malformed file whole.
 *
 * The weight set is trusted here: verify it first (verifyWeightSet in src/lib/weights).
 */
import type { WeightSet } from '../weights/schema';
import { compileScorer, gradeOf } from '../weights/score';
import { ValidationFitError, ValidationInputError } from './errors';
import { checkInteger, checkLevel, checkSeed } from './inputs';
import {
  coefficientWeights,
  compareWeights,
  fitLogistic,
  regressionBaseline,
  type LoanMatrix,
  type LogisticFit,
  type RegressionBaseline
} from './logistic';
import {
  MIN_PER_CLASS,
  aucDifference,
  calibrationByGrade,
  discrimination,
  performanceAtGrade,
  performanceAtScore,
  rocCurve,
  type Calibration,
  type ConfusionMatrix,
  type KsResult,
  type RocPoint
} from './metrics';

/** What of a weight set the report uses (a verified WeightSet has all of it). */
export type ReportWeightSet = Pick<
  WeightSet,
  'name' | 'createdAt' | 'survey' | 'hash' | 'leaves' | 'grading'
>;

/** Loans as the report reads them: a LoanMatrix, or a LoanFile from ./loans.ts. */
export type ReportLoans = LoanMatrix & {
  /** The name of the outcome column the loans were read from. */
  outcomeColumn?: string;
  /** Columns of the file that were not used. */
  ignored?: readonly string[];
};

/** The cut-off of the decision: a grade (lend to it and better) or a score (lend at or above). */
export type ReportCutoff = { grade: string } | { score: number };

export interface ValidationOptions {
  /** Seed of the bootstrap and of the fold assignment (default 1). */
  seed?: number;
  /** Bootstrap resamples B (default 1000). */
  resamples?: number;
  /** Coverage of the intervals (default 0.95). */
  level?: number;
  /** The cut-off (default: grade B when the weight set has it, the Fujian rule; else score 50). */
  cutoff?: ReportCutoff;
  /** Folds k of the cross-validation (default 5). */
  folds?: number;
  /** Ridge penalty of the regression on the standardised coefficients (default 0). */
  ridge?: number;
  /** Least number of defaulted and of repaid loans for AUC, Gini, KS (default 5). */
  minPerClass?: number;
  /** Most points of each ROC curve in the report, for charts (default 200, >= 10). */
  rocPoints?: number;
}

/** Why a measure has no value on these loans. */
export type UnavailableCode =
  /** Too few defaulted or repaid loans (overall, or in a cross-validation fold). */
  | 'too-few-outcomes'
  /** No more loans than the regression has coefficients. */
  | 'too-few-loans'
  /** A leaf with the same score on every loan: the regression cannot use it. */
  | 'constant-column'
  /** The leaf scores separate the outcomes perfectly: infinite coefficients. */
  | 'separation'
  /** Collinear leaf columns. */
  | 'singular'
  /** The regression's iterations did not settle. */
  | 'not-converged';

/** A measure that is undefined here, and why. */
export interface Unavailable {
  defined: false;
  code: UnavailableCode;
  /** What is missing and what would make it defined, in English. */
  reason: string;
}

/** A measure with its value, or the reason it has none. */
export type Maybe<T> = ({ defined: true } & T) | Unavailable;

/** A ROC point as JSON: the threshold of the last point (everyone below it) is null. */
export interface ReportRocPoint {
  /** Loans scoring strictly below it are predicted to default; null = every loan is. */
  threshold: number | null;
  fpr: number;
  tpr: number;
}

/** Something to be careful with when reading the report. */
export interface ReportWarning {
  code:
    | 'too-few-outcomes'
    | 'few-events-per-leaf'
    | 'baseline-undefined'
    | 'cross-validation-undefined'
    | 'clipped-leaves'
    | 'not-monotonic'
    | 'auc-below-chance'
    | 'cutoff-one-sided';
  /** The report section it concerns. */
  section: 'discrimination' | 'calibration' | 'cutoff' | 'baseline';
  /** In English; `params` lets a page say it in another language. */
  message: string;
  params: Record<string, string | number>;
}

export interface ReportDiscrimination {
  auc: number;
  /** Bootstrap percentile interval of the AUC (stratified resampling). */
  interval: { lower: number; upper: number; standardError: number; level: number };
  gini: number;
  ks: KsResult;
  /** The ROC curve, thinned to at most `rocPoints` points (the AUC is of the full curve). */
  roc: ReportRocPoint[];
  /** Points of the full curve (distinct scores + 1). */
  rocPointsFull: number;
}

export interface ReportGrade {
  grade: string;
  /** The band's minimum score. */
  minScore: number;
  loans: number;
  defaults: number;
  /** defaults / loans; null for a grade without loans. */
  defaultRate: number | null;
}

export interface ReportCalibration extends Omit<Calibration, 'grades'> {
  grades: ReportGrade[];
}

export interface ReportCutoffPerformance {
  cutoff:
    | { kind: 'grade'; grade: string; minScore: number; source: 'given' | 'default' }
    | { kind: 'score'; score: number; source: 'given' | 'default' };
  loans: number;
  /** Loans predicted to default (refused) and lent to. */
  refused: number;
  lent: number;
  matrix: ConfusionMatrix;
  accuracy: number;
  precision: number | null;
  recall: number | null;
  specificity: number | null;
}

export interface ReportWeightRow {
  leaf: string;
  /** The weight set's global weight. */
  expert: number;
  /** The regression's coefficient (change in log-odds of default per score point). */
  coefficient: number;
  /** The coefficient read as a weight; null when no coefficient gives a weight. */
  regression: number | null;
  /** The coefficient was positive (more points, more defaults): weight set to 0. */
  clipped: boolean;
}

export interface ReportBaseline {
  fit: Pick<
    LogisticFit,
    | 'method'
    | 'intercept'
    | 'ridge'
    | 'iterations'
    | 'tolerance'
    | 'loans'
    | 'defaults'
    | 'deviance'
    | 'nullDeviance'
  >;
  /** Leaf by leaf: the experts' weight, the coefficient and its weight. */
  weights: ReportWeightRow[];
  /** Pearson correlation of expert and regression weights; null when either is constant or none. */
  correlation: number | null;
  clipped: string[];
  crossValidation: Maybe<{
    k: number;
    seed: number;
    folds: Array<{ fold: number; loans: number; defaults: number; auc: number }>;
    /** Mean of the folds' AUCs. */
    meanAuc: number;
    /** AUC of the pooled out-of-fold scores. */
    pooledAuc: number;
    /** ROC of the pooled out-of-fold scores, thinned as the experts'. */
    roc: ReportRocPoint[];
  }>;
}

export interface ValidationReport {
  format: 'pairwise.validation-report';
  version: 1;
  weightSet: { name: string; surveyId: string; createdAt: string; hash: string };
  loans: {
    count: number;
    defaults: number;
    repaid: number;
    defaultRate: number;
    leaves: string[];
    outcomeColumn: string | null;
    ignoredColumns: string[];
  };
  /** The loans' totals: range, and mean by outcome (null without loans of that outcome). */
  scores: { min: number; max: number; meanDefaulted: number | null; meanRepaid: number | null };
  discrimination: Maybe<ReportDiscrimination>;
  calibration: ReportCalibration;
  cutoff: ReportCutoffPerformance;
  baseline: Maybe<ReportBaseline>;
  method: ReportMethod;
  warnings: ReportWarning[];
}

export interface ReportMethod {
  seed: number;
  resamples: number;
  level: number;
  folds: number;
  ridge: number;
  minPerClass: number;
  rocPoints: number;
  /** Each term of the report in words. */
  definitions: Record<string, string>;
}

export interface WeightSetComparison {
  format: 'pairwise.weight-set-comparison';
  version: 1;
  a: { name: string; hash: string; auc: number | null };
  b: { name: string; hash: string; auc: number | null };
  loans: { count: number; defaults: number; repaid: number };
  /** AUC(A) - AUC(B) with its paired bootstrap interval, or why it is undefined. */
  difference: Maybe<{
    difference: number;
    lower: number;
    upper: number;
    standardError: number;
    level: number;
    resamples: number;
    seed: number;
  }>;
  /**
   * Which discriminates better: `a` or `b` when the interval excludes 0, `no clear difference`
   * when it contains 0; null when the difference is undefined.
   */
  better: 'a' | 'b' | 'no clear difference' | null;
  method: { definition: string };
}

/** The terms of the report, in words: printed in the report's method block. */
export const REPORT_DEFINITIONS: Readonly<Record<string, string>> = Object.freeze({
  score:
    "Each loan is scored as the scorer scores an applicant: total = sum over the leaves of the global weight x the leaf's score (0-100), added in the weight set's leaf order; the grade is the first band whose minimum score the total reaches (within the weight set's tolerance). Higher totals mean lower risk.",
  auc: 'AUC: the probability that a randomly chosen repaid loan scores higher than a randomly chosen defaulted one (ties count one half), i.e. the Mann-Whitney U / (defaults x repaid) (Hanley and McNeil 1982). 1 separates perfectly, 0.5 is chance.',
  interval:
    'The AUC interval is a bootstrap percentile interval (Efron and Tibshirani 1993): the loans are resampled with replacement, defaulted and repaid loans separately (stratified, as pROC does), the AUC is recomputed on each resample, and the interval runs between the (1 - level)/2 and (1 + level)/2 percentiles.',
  gini: 'Gini = 2 AUC - 1 (accuracy ratio), from -1 to 1.',
  ks: 'KS: the largest gap between the score distributions of defaulted and repaid loans, max over s of |F_defaulted(s) - F_repaid(s)|, and the score where it is reached.',
  roc: 'ROC curve: for each cut-off t, loans scoring below t are predicted to default; the curve plots the share of defaulted loans caught (true-positive rate) against the share of repaid loans refused (false-positive rate). Charts show at most the stated number of points; the AUC is of the full curve.',
  calibration:
    "Calibration by grade: the loans in each grade of the weight set and the share that defaulted. Monotonic: the default rate never falls from a better grade to a worse one, over the grades that have loans (equal rates allowed; 'strictly' without equal rates).",
  cutoff:
    'At the cut-off, a loan in a grade worse than the cut-off grade (or scoring below the cut-off score) is predicted to default and refused; the rest are lent to. Accuracy = share of correct predictions; precision = share of refused loans that defaulted; recall = share of defaulted loans refused; specificity = share of repaid loans lent to. A ratio whose denominator is 0 is undefined (null).',
  baseline:
    'Regression baseline: a logistic regression of the outcome (1 = default) on the leaf scores with an intercept, fitted by Newton-Raphson (maximum likelihood, with the stated ridge penalty on standardised coefficients).',
  crossValidation:
    "Cross-validated AUC: the loans are dealt to k folds stratified by outcome (seeded); each fold is scored by the model fitted on the other folds. Reported: each fold's AUC, their mean, and the AUC of the pooled out-of-fold scores, whose ROC curve is shown.",
  regressionWeights:
    "Regression weights: a coefficient beta_j < 0 means more points on leaf j, fewer defaults; the weight is max(0, -beta_j) / sum_k max(0, -beta_k). A leaf with a positive coefficient gets weight 0 and is flagged as clipped. Correlation: Pearson r between the experts' global weights and these weights."
});

/** Default cut-off: the Fujian study lends to grade B and above. */
export const DEFAULT_CUTOFF_GRADE = 'B';
/** Default cut-off score when the weight set has no grade B. */
export const DEFAULT_CUTOFF_SCORE = 50;
/** Events per variable below which a logistic regression's coefficients are unstable (Peduzzi et al. 1996). */
export const EVENTS_PER_LEAF = 10;

interface Resolved {
  seed: number;
  resamples: number;
  level: number;
  folds: number;
  ridge: number;
  minPerClass: number;
  rocPoints: number;
}

function resolve(fn: string, o: ValidationOptions): Resolved {
  const ridge = o.ridge ?? 0;
  if (typeof ridge !== 'number' || !Number.isFinite(ridge) || ridge < 0)
    throw new ValidationInputError(
      fn,
      ['ridge'],
      'bad-option',
      `the ridge penalty must be a finite number >= 0, got ${String(ridge)}`
    );
  return {
    seed: checkSeed(fn, o.seed ?? 1),
    resamples: checkInteger(fn, 'resamples', o.resamples ?? 1000, 1),
    level: checkLevel(fn, o.level ?? 0.95),
    folds: checkInteger(fn, 'folds', o.folds ?? 5, 2),
    ridge,
    minPerClass: checkInteger(fn, 'minPerClass', o.minPerClass ?? MIN_PER_CLASS, 1),
    rocPoints: checkInteger(fn, 'rocPoints', o.rocPoints ?? 200, 10)
  };
}

/**
 * Thins a ROC curve to at most `max` points for a chart, keeping its shape: the first and last
 * points, and each point whose distance along the curve (FPR + TPR, the curve being monotone)
 * from the last kept point is at least 2 / (max - 2). Infinity thresholds become null.
 */
export function thinRoc(points: readonly RocPoint[], max = 200): ReportRocPoint[] {
  const json = (p: RocPoint): ReportRocPoint => ({
    threshold: Number.isFinite(p.threshold) ? p.threshold : null,
    fpr: p.fpr,
    tpr: p.tpr
  });
  if (points.length <= max) return points.map(json);
  const step = 2 / (max - 2);
  const out: ReportRocPoint[] = [json(points[0]!)];
  let last = points[0]!.fpr + points[0]!.tpr;
  for (let i = 1; i < points.length - 1; i++) {
    const at = points[i]!.fpr + points[i]!.tpr;
    if (at - last >= step && out.length < max - 1) {
      out.push(json(points[i]!));
      last = at;
    }
  }
  out.push(json(points[points.length - 1]!));
  return out;
}

/** Where each leaf of the weight set sits among the loans' columns. */
export function leafColumns(
  fn: string,
  ws: ReportWeightSet,
  loans: LoanMatrix,
  name: string
): Int32Array {
  const position = new Map(loans.leaves.map((l, j) => [l, j]));
  const missing = ws.leaves.filter((l) => !position.has(l.id)).map((l) => l.id);
  if (missing.length > 0)
    throw new ValidationInputError(
      fn,
      [name, 'leaves'],
      'length-mismatch',
      `the loans have no scores for leaf ${missing.join(', ')} of weight set "${ws.name}"`
    );
  return Int32Array.from(ws.leaves, (l) => position.get(l.id)!);
}

/** Structural checks of the loans: outcomes 0/1, one score 0-100 per leaf column, per loan. */
export function checkLoanMatrix(
  fn: string,
  loans: ReportLoans,
  name: string
): { defaults: number } {
  if (loans == null || !Array.isArray(loans.leaves) || loans.leaves.length === 0)
    throw new ValidationInputError(
      fn,
      [name],
      'empty',
      'expected loans { leaves, rows, outcomes }'
    );
  const { rows, outcomes } = loans;
  const n = outcomes?.length ?? 0;
  if (n === 0) throw new ValidationInputError(fn, [name, 'outcomes'], 'empty', 'no loans');
  if (!rows || rows.length !== n)
    throw new ValidationInputError(
      fn,
      [name, 'rows'],
      'length-mismatch',
      `${rows?.length ?? 0} rows for ${n} outcomes: one row of scores per loan`
    );
  const p = loans.leaves.length;
  let defaults = 0;
  for (let i = 0; i < n; i++) {
    const y = outcomes[i];
    if (y === 1) defaults++;
    else if (y !== 0)
      throw new ValidationInputError(
        fn,
        [name, 'outcomes', i],
        'not-binary',
        `an outcome must be 0 (repaid) or 1 (defaulted or non-performing), got ${String(y)}`
      );
    const row = rows[i]!;
    if (row == null || row.length !== p)
      throw new ValidationInputError(
        fn,
        [name, 'rows', i],
        'length-mismatch',
        `${row?.length ?? 0} scores for ${p} leaves`
      );
    for (let j = 0; j < p; j++) {
      const x = row[j]!;
      if (typeof x !== 'number' || !(x >= 0 && x <= 100))
        throw new ValidationInputError(
          fn,
          [name, 'rows', i, j],
          'not-finite',
          `leaf ${loans.leaves[j]}: a score must be a number from 0 to 100, got ${String(x)}`
        );
    }
  }
  return { defaults };
}

/** The loans' totals under a weight set, as the scorer computes them. */
export function loanTotals(
  ws: ReportWeightSet,
  loans: LoanMatrix,
  columns: Int32Array
): Float64Array {
  const w = Float64Array.from(ws.leaves, (l) => l.globalWeight);
  const n = loans.outcomes.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = loans.rows[i]!;
    let s = 0;
    for (let k = 0; k < w.length; k++) s += w[k]! * row[columns[k]!]!;
    out[i] = s;
  }
  return out;
}

/** The loans with only the weight set's leaves, in its order (the same object when they match). */
function selectColumns(loans: LoanMatrix, ws: ReportWeightSet, columns: Int32Array): LoanMatrix {
  const same = columns.length === loans.leaves.length && columns.every((c, k) => c === k);
  if (same) return loans;
  return {
    leaves: ws.leaves.map((l) => l.id),
    rows: loans.rows.map((row) => Float64Array.from(columns, (c) => row[c]!)),
    outcomes: loans.outcomes
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

export function unavailable(code: UnavailableCode, reason: string): Unavailable {
  return { defined: false, code, reason };
}

/**
 * A refusal of the metrics or the regression on valid loans, as an unavailable measure.
 * @throws `e` itself when it is no such refusal
 */
export function asUnavailable(e: unknown): Unavailable {
  if (e instanceof ValidationFitError) return unavailable(e.reason, e.message);
  if (e instanceof ValidationInputError) {
    if (e.code === 'too-few-outcomes')
      return unavailable(
        /cannot fit/.test(e.detail) ? 'too-few-loans' : 'too-few-outcomes',
        e.message
      );
    if (e.code === 'constant-column') return unavailable('constant-column', e.message);
  }
  throw e;
}

/** The report's discrimination section of one score (undefined with too few of either outcome). */
export function discriminationOf(
  scores: Float64Array,
  outcomes: ArrayLike<number>,
  defaults: number,
  o: Pick<Resolved, 'minPerClass' | 'resamples' | 'seed' | 'level' | 'rocPoints'>
): Maybe<ReportDiscrimination> {
  const repaid = outcomes.length - defaults;
  if (defaults < o.minPerClass || repaid < o.minPerClass)
    return unavailable(
      'too-few-outcomes',
      `AUC, Gini, KS and the ROC curve need at least ${o.minPerClass} defaulted and ${o.minPerClass} repaid loans; the file has ${defaults} defaulted and ${repaid} repaid`
    );
  const d = discrimination(scores, outcomes, {
    minPerClass: o.minPerClass,
    bootstrap: { resamples: o.resamples, seed: o.seed, level: o.level }
  });
  const iv = d.interval!;
  return {
    defined: true,
    auc: d.auc,
    interval: {
      lower: iv.lower,
      upper: iv.upper,
      standardError: iv.standardError,
      level: iv.level
    },
    gini: d.gini,
    ks: d.ks,
    roc: thinRoc(d.roc, o.rocPoints),
    rocPointsFull: d.roc.length
  };
}

/** Calibration by the weight set's grades, each with its band's minimum score. */
export function gradeCalibration(
  ws: ReportWeightSet,
  grades: readonly string[],
  outcomes: ArrayLike<number>
): ReportCalibration {
  const cal = calibrationByGrade(
    grades,
    outcomes,
    ws.grading.bands.map((b) => b.grade)
  );
  const minScore = new Map(ws.grading.bands.map((b) => [b.grade, b.minScore]));
  return { ...cal, grades: cal.grades.map((g) => ({ ...g, minScore: minScore.get(g.grade)! })) };
}

function cutoffOf(
  fn: string,
  ws: ReportWeightSet,
  given: ReportCutoff | undefined
): ReportCutoffPerformance['cutoff'] {
  const bands = ws.grading.bands;
  if (given === undefined) {
    const b = bands.find((x) => x.grade === DEFAULT_CUTOFF_GRADE);
    return b
      ? { kind: 'grade', grade: b.grade, minScore: b.minScore, source: 'default' }
      : { kind: 'score', score: DEFAULT_CUTOFF_SCORE, source: 'default' };
  }
  if ('grade' in given) {
    const b = bands.find((x) => x.grade === given.grade);
    if (!b)
      throw new ValidationInputError(
        fn,
        ['cutoff', 'grade'],
        'unknown-grade',
        `${JSON.stringify(given.grade)} is not a grade of weight set "${ws.name}" (${bands.map((x) => x.grade).join(', ')})`
      );
    return { kind: 'grade', grade: b.grade, minScore: b.minScore, source: 'given' };
  }
  if (typeof given.score !== 'number' || !Number.isFinite(given.score))
    throw new ValidationInputError(
      fn,
      ['cutoff', 'score'],
      'bad-option',
      `the cut-off score must be a finite number, got ${String(given.score)}`
    );
  return { kind: 'score', score: given.score, source: 'given' };
}

/**
 * The validation report of a weight set on a loan file (module comment). Seeded: the same
 * weight set, loans and options give the same report.
 *
 * @param ws a verified weight set (verifyWeightSet)
 * @param loans the loans, with a column for every leaf of the weight set (others are ignored)
 * @throws ValidationInputError for malformed loans (a leaf of the weight set without scores, a
 *   score outside 0-100, an outcome other than 0/1, rows and outcomes of different lengths, no
 *   loans) or a bad option (seed, resamples, level, folds, ridge, minPerClass, rocPoints, a
 *   cut-off grade the weight set does not have). Measures that the loans cannot support are
 *   reported as undefined, with the reason, not thrown.
 */
export function validationReport(
  ws: ReportWeightSet,
  loans: ReportLoans,
  options: ValidationOptions = {}
): ValidationReport {
  const fn = 'validationReport';
  const o = resolve(fn, options);
  const cutoff = cutoffOf(fn, ws, options.cutoff);
  const { defaults } = checkLoanMatrix(fn, loans, 'loans');
  const columns = leafColumns(fn, ws, loans, 'loans');
  const n = loans.outcomes.length;
  const repaid = n - defaults;
  const outcomes = loans.outcomes;
  const warnings: ReportWarning[] = [];
  const p = ws.leaves.length;

  const scores = loanTotals(ws, loans, columns);
  const scorer = compileScorer(ws);
  const grades = Array.from(scores, (s) => gradeOf(scorer, s));
  const order = ws.grading.bands.map((b) => b.grade);

  let min = Infinity;
  let max = -Infinity;
  let sumD = 0;
  let sumR = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    min = Math.min(min, s);
    max = Math.max(max, s);
    if (outcomes[i] === 1) sumD += s;
    else sumR += s;
  }

  // Discrimination.
  const disc = discriminationOf(scores, outcomes, defaults, o);
  if (!disc.defined)
    warnings.push({
      code: 'too-few-outcomes',
      section: 'discrimination',
      message: `${disc.reason}: the discrimination measures are undefined`,
      params: { defaults, repaid, min: o.minPerClass }
    });
  else if (disc.auc < 0.5)
    warnings.push({
      code: 'auc-below-chance',
      section: 'discrimination',
      message: `the AUC is ${disc.auc.toFixed(3)}, below 0.5: the weight set ranks defaulted loans above repaid ones more often than not. Check that every leaf is scored so that more points mean lower risk`,
      params: { auc: disc.auc }
    });

  // Calibration by grade.
  const calibration = gradeCalibration(ws, grades, outcomes);
  if (calibration.monotonic === false) {
    const steps = calibration.violations
      .map((v) => `${v.better} ${percent(v.betterRate)} -> ${v.worse} ${percent(v.worseRate)}`)
      .join('; ');
    warnings.push({
      code: 'not-monotonic',
      section: 'calibration',
      message: `the default rate falls from a better grade to a worse one: ${steps}`,
      params: { steps }
    });
  }

  // Performance at the cut-off.
  const perf =
    cutoff.kind === 'grade'
      ? performanceAtGrade(grades, outcomes, order, cutoff.grade)
      : performanceAtScore(scores, outcomes, cutoff.score);
  const refused = perf.matrix.truePositives + perf.matrix.falsePositives;
  const cutoffReport: ReportCutoffPerformance = {
    cutoff,
    loans: perf.loans,
    refused,
    lent: perf.loans - refused,
    matrix: perf.matrix,
    accuracy: perf.accuracy,
    precision: perf.precision,
    recall: perf.recall,
    specificity: perf.specificity
  };
  if (refused === 0 || refused === n) {
    const what = refused === 0 ? 'every loan is lent to' : 'every loan is refused';
    warnings.push({
      code: 'cutoff-one-sided',
      section: 'cutoff',
      message: `at this cut-off ${what}: ${refused === 0 ? 'precision is undefined and recall is 0' : 'specificity is 0'}; choose a cut-off inside the range of the scores (${min.toFixed(1)}-${max.toFixed(1)})`,
      params: { side: refused === 0 ? 'lend-all' : 'refuse-all', min, max }
    });
  }

  // The regression baseline.
  const events = Math.min(defaults, repaid);
  if (events >= o.minPerClass && events < EVENTS_PER_LEAF * p)
    warnings.push({
      code: 'few-events-per-leaf',
      section: 'baseline',
      message: `the regression has ${events} ${defaults <= repaid ? 'defaults' : 'repaid loans'} for ${p} leaves, fewer than ${EVENTS_PER_LEAF} per leaf (Peduzzi et al. 1996): its coefficients, and the weights read from them, are unstable`,
      params: { events, leaves: p, perLeaf: EVENTS_PER_LEAF }
    });
  const baseline = baselineOf(ws, loans, columns, o, warnings);

  return {
    format: 'pairwise.validation-report',
    version: 1,
    weightSet: {
      name: ws.name,
      surveyId: ws.survey.id,
      createdAt: ws.createdAt,
      hash: ws.hash.value
    },
    loans: {
      count: n,
      defaults,
      repaid,
      defaultRate: defaults / n,
      leaves: ws.leaves.map((l) => l.id),
      outcomeColumn: loans.outcomeColumn ?? null,
      ignoredColumns: [...(loans.ignored ?? [])]
    },
    scores: {
      min,
      max,
      meanDefaulted: defaults > 0 ? sumD / defaults : null,
      meanRepaid: repaid > 0 ? sumR / repaid : null
    },
    discrimination: disc,
    calibration,
    cutoff: cutoffReport,
    baseline,
    method: {
      seed: o.seed,
      resamples: o.resamples,
      level: o.level,
      folds: o.folds,
      ridge: o.ridge,
      minPerClass: o.minPerClass,
      rocPoints: o.rocPoints,
      definitions: { ...REPORT_DEFINITIONS }
    },
    warnings
  };
}

function baselineOf(
  ws: ReportWeightSet,
  loans: LoanMatrix,
  columns: Int32Array,
  o: Resolved,
  warnings: ReportWarning[]
): Maybe<ReportBaseline> {
  const data = selectColumns(loans, ws, columns);
  const expert = ws.leaves.map((l) => l.globalWeight);
  let defaults = 0;
  for (let i = 0; i < data.outcomes.length; i++) defaults += data.outcomes[i]!;
  const repaid = data.outcomes.length - defaults;
  const foldsPossible =
    Math.floor(defaults / o.folds) >= o.minPerClass &&
    Math.floor(repaid / o.folds) >= o.minPerClass;
  const logistic = { ridge: o.ridge, minPerClass: o.minPerClass };
  let fit: LogisticFit;
  let cv: ReportBaseline['crossValidation'];
  try {
    let b: RegressionBaseline | null = null;
    let cvFailure: Unavailable | null = null;
    if (foldsPossible) {
      try {
        b = regressionBaseline(data, {
          ...logistic,
          folds: o.folds,
          seed: o.seed,
          outOfFoldScores: true
        });
      } catch (e) {
        // The fit on all loans may stand where a fold's fit fails (separation in a fold): the
        // full fit below says which.
        cvFailure = asUnavailable(e);
      }
    }
    if (b) {
      fit = b.fit;
      const c = b.crossValidation;
      cv = {
        defined: true,
        k: c.k,
        seed: c.seed,
        folds: c.folds.map((f) => ({
          fold: f.fold,
          loans: f.loans,
          defaults: f.defaults,
          auc: f.auc
        })),
        meanAuc: c.meanAuc,
        pooledAuc: c.pooledAuc,
        roc: thinRoc(
          rocCurve(c.outOfFoldScores!, data.outcomes, { minPerClass: o.minPerClass }),
          o.rocPoints
        )
      };
    } else {
      fit = fitLogistic(data, logistic);
      const reason = cvFailure
        ? `the ${o.folds}-fold cross-validation failed: ${cvFailure.reason}`
        : `${o.folds}-fold cross-validation needs at least ${o.minPerClass} defaulted and ${o.minPerClass} repaid loans in every fold (${o.folds * o.minPerClass} of each); the file has ${defaults} defaulted and ${repaid} repaid: use fewer folds or more loans`;
      cv = unavailable(cvFailure?.code ?? 'too-few-outcomes', reason);
      warnings.push({
        code: 'cross-validation-undefined',
        section: 'baseline',
        message: reason,
        params: {
          folds: o.folds,
          defaults,
          repaid,
          min: o.minPerClass,
          reason: cvFailure?.code ?? 'too-few-outcomes'
        }
      });
    }
  } catch (e) {
    const u = asUnavailable(e);
    warnings.push({
      code: 'baseline-undefined',
      section: 'baseline',
      message: `no regression baseline: ${u.reason}`,
      params: { reason: u.code }
    });
    return u;
  }
  const derived = coefficientWeights(fit);
  const side = compareWeights(expert, derived);
  if (derived.clipped.length > 0)
    warnings.push({
      code: 'clipped-leaves',
      section: 'baseline',
      message: `in the regression, more points on ${derived.clipped.join(', ')} went with more defaults (a positive coefficient): ${derived.clipped.length === 1 ? 'its' : 'their'} regression weight is set to 0`,
      params: { leaves: derived.clipped.join(', '), count: derived.clipped.length }
    });
  return {
    defined: true,
    fit: {
      method: fit.method,
      intercept: fit.intercept,
      ridge: fit.ridge,
      iterations: fit.iterations,
      tolerance: fit.tolerance,
      loans: fit.loans,
      defaults: fit.defaults,
      deviance: fit.deviance,
      nullDeviance: fit.nullDeviance
    },
    weights: side.rows.map((r, j) => ({
      leaf: r.leaf,
      expert: r.expert,
      coefficient: fit.coefficients[j]!,
      regression: r.regression,
      clipped: r.clipped
    })),
    correlation: side.pearson,
    clipped: derived.clipped,
    crossValidation: cv
  };
}

/**
 * Which of two weight sets separates the outcomes better on the same loans: both AUCs, the
 * difference AUC(A) - AUC(B) with a paired stratified bootstrap percentile interval (each
 * resample scores the same drawn loans with both weight sets), and the verdict: `a` or `b` when
 * the interval lies above or below 0, `no clear difference` when it contains 0.
 *
 * @param loans with a column for every leaf of both weight sets
 * @throws ValidationInputError as {@link validationReport}
 */
export function compareWeightSets(
  a: ReportWeightSet,
  b: ReportWeightSet,
  loans: ReportLoans,
  options: ValidationOptions = {}
): WeightSetComparison {
  const fn = 'compareWeightSets';
  const o = resolve(fn, options);
  const { defaults } = checkLoanMatrix(fn, loans, 'loans');
  const ca = leafColumns(fn, a, loans, 'loans');
  const cb = leafColumns(fn, b, loans, 'loans');
  const n = loans.outcomes.length;
  const repaid = n - defaults;
  const base = {
    format: 'pairwise.weight-set-comparison' as const,
    version: 1 as const,
    loans: { count: n, defaults, repaid },
    method: {
      definition:
        'AUC(A) - AUC(B) on the same loans, with a paired bootstrap percentile interval: each resample draws defaulted and repaid loans separately with replacement (stratified) and scores the same drawn loans with both weight sets. A weight set discriminates better when the interval lies entirely on its side of 0; an interval containing 0 shows no clear difference.'
    }
  };
  const paired = pairedAucDifference(
    loanTotals(a, loans, ca),
    loanTotals(b, loans, cb),
    loans.outcomes,
    defaults,
    o
  );
  const aucOf = (side: 'aucA' | 'aucB') => (paired.difference.defined ? paired[side] : null);
  return {
    ...base,
    a: { name: a.name, hash: a.hash.value, auc: aucOf('aucA') },
    b: { name: b.name, hash: b.hash.value, auc: aucOf('aucB') },
    difference: paired.difference,
    better: paired.better
  };
}

/** The AUC difference of two scores with its paired bootstrap interval, and which is better. */
export interface PairedDifference {
  aucA: number | null;
  aucB: number | null;
  /** AUC(A) - AUC(B) with its paired bootstrap interval, or why it is undefined. */
  difference: WeightSetComparison['difference'];
  /** `a` or `b` when the interval excludes 0 on its side, else `no clear difference`; null when undefined. */
  better: WeightSetComparison['better'];
}

/**
 * AUC(A) - AUC(B) on the same loans with aucDifference's paired stratified bootstrap, or
 * undefined (with the reason) when either outcome has fewer than `minPerClass` loans.
 */
export function pairedAucDifference(
  scoresA: Float64Array,
  scoresB: Float64Array,
  outcomes: ArrayLike<number>,
  defaults: number,
  o: Pick<Resolved, 'minPerClass' | 'resamples' | 'seed' | 'level'>
): PairedDifference {
  const repaid = outcomes.length - defaults;
  if (defaults < o.minPerClass || repaid < o.minPerClass)
    return {
      aucA: null,
      aucB: null,
      difference: unavailable(
        'too-few-outcomes',
        `the AUC needs at least ${o.minPerClass} defaulted and ${o.minPerClass} repaid loans; the file has ${defaults} defaulted and ${repaid} repaid`
      ),
      better: null
    };
  const d = aucDifference(scoresA, scoresB, outcomes, {
    resamples: o.resamples,
    seed: o.seed,
    level: o.level,
    minPerClass: o.minPerClass
  });
  return {
    aucA: d.aucA,
    aucB: d.aucB,
    difference: {
      defined: true,
      difference: d.difference,
      lower: d.lower,
      upper: d.upper,
      standardError: d.standardError,
      level: d.level,
      resamples: d.resamples,
      seed: d.seed
    },
    better: d.lower > 0 ? 'a' : d.upper < 0 ? 'b' : 'no clear difference'
  };
}
