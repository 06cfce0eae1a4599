/**
 * The validation report's parts (./report.ts, ./compare.ts): the options resolved and checked,
 * the loans checked and scored under a weight set, and each section of one score
 * (discrimination, calibration by grade, the cut-off, the paired AUC difference of two scores).
 * A measure the loans cannot support is `Unavailable`, with the reason.
 */
import { ValidationFitError, ValidationInputError } from './errors';
import { checkInteger, checkLevel, checkSeed } from './inputs';
import type { LoanMatrix } from './logistic';
import { aucDifference, discrimination } from './auc-bootstrap';
import { calibrationByGrade } from './calibration';
import { MIN_PER_CLASS } from './metrics';
import { thinRoc } from './roc-thin';
import {
  DEFAULT_CUTOFF_GRADE,
  DEFAULT_CUTOFF_SCORE,
  type Maybe,
  type ReportCalibration,
  type ReportCutoff,
  type ReportCutoffPerformance,
  type ReportDiscrimination,
  type ReportLoans,
  type ReportMethod,
  type ReportWeightSet,
  type Unavailable,
  type UnavailableCode,
  type ValidationOptions,
  type WeightSetComparison
} from './report-types';

/** The options with their defaults, checked: the report's method without its definitions. */
export type Resolved = Omit<ReportMethod, 'definitions'>;

export function resolve(fn: string, o: ValidationOptions): Resolved {
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
export function selectColumns(
  loans: LoanMatrix,
  ws: ReportWeightSet,
  columns: Int32Array
): LoanMatrix {
  const same = columns.length === loans.leaves.length && columns.every((c, k) => c === k);
  if (same) return loans;
  return {
    leaves: ws.leaves.map((l) => l.id),
    rows: loans.rows.map((row) => Float64Array.from(columns, (c) => row[c]!)),
    outcomes: loans.outcomes
  };
}

export const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

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

export function cutoffOf(
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
  // The method and the resampling are stated once, in the comparison's method block.
  const { aucA, aucB, method: _method, resampling: _resampling, ...interval } = d;
  return {
    aucA,
    aucB,
    difference: { defined: true, ...interval },
    better: d.lower > 0 ? 'a' : d.upper < 0 ? 'b' : 'no clear difference'
  };
}
