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
import { compileScorer, gradeOf } from '../weights/score';
import {
  coefficientWeights,
  compareWeights,
  fitLogistic,
  type LoanMatrix,
  type LogisticFit,
  type RegressionBaseline
} from './logistic';
import { performanceAtGrade, performanceAtScore } from './calibration';
import { regressionBaseline } from './cross-validation';
import { rocCurve } from './metrics';
import { thinRoc } from './roc-thin';
import {
  asUnavailable,
  checkLoanMatrix,
  cutoffOf,
  discriminationOf,
  gradeCalibration,
  leafColumns,
  loanTotals,
  pairedAucDifference,
  percent,
  resolve,
  selectColumns,
  unavailable,
  type Resolved
} from './report-parts';
import {
  EVENTS_PER_LEAF,
  REPORT_DEFINITIONS,
  type Maybe,
  type ReportBaseline,
  type ReportCutoffPerformance,
  type ReportLoans,
  type ReportWarning,
  type ReportWeightSet,
  type Unavailable,
  type ValidationOptions,
  type ValidationReport,
  type WeightSetComparison
} from './report-types';

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
