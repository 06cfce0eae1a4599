/**
 * Calibration by grade (loans, defaults and the default rate in each grade of the weight set's
 * grade order, and whether the rate rises monotonically from the best grade to the worst) and
 * the performance of a lending decision at a cut-off (a score or a grade): the confusion matrix
 * with accuracy, precision, recall and specificity. Conventions as in ./metrics.ts: positive =
 * default, predicted when the score is below the cut-off or the grade worse than the cut-off
 * grade (Thomas, Edelman and Crook 2002, ch. 7).
 */
import { ValidationInputError } from './errors';
import { checkOutcomes, checkScores } from './inputs';

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
