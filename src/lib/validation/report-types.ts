/**
 * The validation report's types and constants (./report.ts builds the report): what of a weight
 * set and of the loans it reads, its options, its sections as plain JSON, a measure that is
 * undefined on these loans (`Unavailable`) and the definitions every report carries.
 */
import type { WeightSet } from '../weights/schema';
import type { LoanMatrix, LogisticFit } from './logistic';
import type { Calibration, ConfusionMatrix } from './calibration';
import type { KsResult, PercentileInterval } from './metrics';

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
  difference: Maybe<{ difference: number } & PercentileInterval>;
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
