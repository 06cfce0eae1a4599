/**
 * The scorer: grades loan applicants with a weight set, the same way every time.
 *
 * For an applicant with indicator scores s_i in [0, 100] (one per leaf of the hierarchy):
 *   contribution_i = w_i * s_i            (w_i the leaf's global weight)
 *   total          = sum_i contribution_i, added left to right in the weight set's leaf order
 *   grade          = the first band (bands run from the highest minimum score down to 0) with
 *                    total >= minScore - 1e-9 (grading.tolerance)
 * The tolerance makes a total that lands on a cut-off reach it although the weights' sum may
 * differ from 1 by up to 1e-12 (every score 90 gives a total of 90 +- 1e-10, which is AAA).
 *
 * A row is refused with its row number (the first applicant is row 1; blank lines are not
 * rows), for CSV also its line, and the column: a missing or empty score, a value that is not a
 * decimal number, a score outside [0, 100], a row with the wrong number of fields. `strict`
 * stops at the first such row (ScoreRowError); by default bad rows are skipped and listed.
 *
 * Results are kept column-wise in typed arrays (100,000 applicants make no 100,000 small
 * objects); scoredApplicants() gives them as one object per applicant.
 */
import type { Problem } from '../problem';
import { csvCell } from './csv';
import { textIn, type LocalizedText } from '../survey';
import { compileScale, type CompiledScale } from './scale-eval';
import type { WeightSet } from './schema';

/** A weight set prepared for scoring. */
export interface Scorer {
  leaves: string[];
  weights: Float64Array;
  /** Each leaf's rating scale (kind "score" without one: the cell is the points). */
  scales: CompiledScale[];
  /** Whether any leaf has a scale (weight set version 2): the output adds points and reasons. */
  scaled: boolean;
  /** The leaves' labels, for the reasons (the ids when the weight set has no nodes at hand). */
  labels: LocalizedText[];
  grades: string[];
  /** Minimum scores minus the tolerance, descending. */
  thresholds: Float64Array;
}

/** The weight set a scorer needs: leaves and grading, and the nodes for the leaves' labels. */
export type ScoringSet = Pick<WeightSet, 'leaves' | 'grading'> & Partial<Pick<WeightSet, 'nodes'>>;

/** Prepares a (verified) weight set for scoring. */
export function compileScorer(ws: ScoringSet): Scorer {
  const tolerance = ws.grading.tolerance;
  const scales = ws.leaves.map((l) => compileScale('scale' in l ? l.scale : null));
  const labels = new Map(ws.nodes?.map((n) => [n.id, n.label]) ?? []);
  return {
    leaves: ws.leaves.map((l) => l.id),
    weights: Float64Array.from(ws.leaves, (l) => l.globalWeight),
    scales,
    scaled: scales.some((c) => c.kind !== 'score'),
    labels: ws.leaves.map((l) => labels.get(l.id) ?? { en: l.id, zh: l.id }),
    grades: ws.grading.bands.map((b) => b.grade),
    thresholds: Float64Array.from(ws.grading.bands, (b) => b.minScore - tolerance)
  };
}

/**
 * The index of the grade of a total: the first band whose minimum (less the tolerance) it
 * reaches. Shared with ./score-rows.ts; the weights barrel does not export it.
 */
export function gradeIndex(scorer: Scorer, total: number): number {
  const t = scorer.thresholds;
  for (let k = 0; k < t.length; k++) if (total >= t[k]!) return k;
  return t.length - 1;
}

/** The grade of a total: the first band whose minimum score (less the tolerance) it reaches. */
export function gradeOf(scorer: Scorer, total: number): string {
  return scorer.grades[gradeIndex(scorer, total)]!;
}

/** A row that could not be scored. */
export interface RowProblem {
  /** 1-based number of the applicant row (blank lines not counted). */
  row: number;
  /** 1-based line of the CSV text where the row starts (null for object rows). */
  line: number | null;
  /** The column at fault, or null when the row as a whole is (wrong number of fields). */
  column: string | null;
  /** `row 5 (line 6) column C3: 'abc' is not a number` */
  message: string;
}

/** The code of each CSV row problem (rowProblemCode), kept off the report's own shape. */
const ROW_PROBLEM_CODES = new WeakMap<RowProblem, Problem>();

/** What is wrong with a CSV row as a code, for a page to word (undefined for object rows). */
export function rowProblemCode(p: RowProblem): Problem | undefined {
  return ROW_PROBLEM_CODES.get(p);
}

/** A row problem of a CSV row, with its code. */
export function codedRowProblem(p: RowProblem, what: Problem): RowProblem {
  ROW_PROBLEM_CODES.set(p, what);
  return p;
}

/** Thrown in strict mode at the first row that cannot be scored. */
export class ScoreRowError extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.message);
    this.name = 'ScoreRowError';
  }
}

/** The scores, column-wise: applicant k's values sit at index k (times the width). */
export interface ScoreReport {
  leaves: string[];
  /** Columns other than the leaves, passed through to the output (`id` first when present). */
  passthrough: string[];
  /** The grades of the bands, highest first. */
  grades: string[];
  /** Number of applicants scored. */
  count: number;
  rows: Int32Array;
  /** CSV line of each applicant (0 for object rows). */
  lines: Int32Array;
  totals: Float64Array;
  /** Index into `grades`. */
  gradeIndex: Uint8Array;
  /** w_i * s_i of applicant k and leaf i at k * leaves.length + i. */
  contributions: Float64Array;
  /** The points s_i (0-100) of applicant k and leaf i at k * leaves.length + i. */
  points: Float64Array;
  /** The scorer's leaves: weights, scales (best points) and labels, for the reasons. */
  scorer: Scorer;
  /** Pass-through column j of applicant k at k * passthrough.length + j. */
  values: string[];
  skipped: RowProblem[];
}

/** One scored applicant. */
export interface ScoredApplicant {
  row: number;
  line: number | null;
  /** Values of the pass-through columns, in ScoreReport.passthrough order. */
  passthrough: string[];
  total: number;
  grade: string;
  /** w_i * s_i per leaf, in ScoreReport.leaves order. */
  contributions: number[];
  /** s_i per leaf, in ScoreReport.leaves order. */
  points: number[];
  /** The indicators that cost the most points against the best possible (at most 3). */
  reasons: Reason[];
}

/** An indicator that cost an applicant points: w_i x (best_i - s_i) of the total. */
export interface Reason {
  leaf: string;
  label: LocalizedText;
  /** Points of the total lost against the indicator's best level, > 0. */
  lost: number;
}

/** How many reasons an applicant gets (the adverse-action reasons of credit scorecards). */
export const REASON_COUNT = 3;

/**
 * The indicators that cost applicant k the most points of the total against the best possible:
 * lost_i = w_i x (best_i - s_i), largest first (ties in leaf order), only those with lost > 0.
 */
export function reasonsOf(report: ScoreReport, k: number, count = REASON_COUNT): Reason[] {
  const { weights, scales, labels, leaves } = report.scorer;
  const L = leaves.length;
  const out: Reason[] = [];
  for (let i = 0; i < L; i++) {
    const lost = weights[i]! * (scales[i]!.best - report.points[k * L + i]!);
    if (lost > 0) out.push({ leaf: leaves[i]!, label: labels[i]!, lost });
  }
  out.sort((a, b) => b.lost - a.lost);
  return out.slice(0, count);
}

/** Applicant k of a report as an object. */
export function scoredApplicant(report: ScoreReport, k: number): ScoredApplicant {
  const L = report.leaves.length;
  const P = report.passthrough.length;
  return {
    row: report.rows[k]!,
    line: report.lines[k] || null,
    passthrough: report.values.slice(k * P, (k + 1) * P),
    total: report.totals[k]!,
    grade: report.grades[report.gradeIndex[k]!]!,
    contributions: Array.from(report.contributions.subarray(k * L, (k + 1) * L)),
    points: Array.from(report.points.subarray(k * L, (k + 1) * L)),
    reasons: reasonsOf(report, k)
  };
}

/** Every applicant of a report as an object. */
export function scoredApplicants(report: ScoreReport): ScoredApplicant[] {
  return Array.from({ length: report.count }, (_, k) => scoredApplicant(report, k));
}

export interface ScoreOptions {
  /** Stop at the first bad row (throw ScoreRowError) instead of skipping it. */
  strict?: boolean;
}

/** The output column of a leaf's contribution. */
export const contributionColumn = (leaf: string) => `contribution_${leaf}`;
/** The output column of a leaf's points (weight sets with scales). */
export const pointsColumn = (leaf: string) => `points_${leaf}`;
/** The reason columns (weight sets with scales): leaf ids, then the reasons in each language. */
export const REASON_COLUMNS = ['reason_1', 'reason_2', 'reason_3', 'reasons_en', 'reasons_zh'];

/**
 * A reason in one language: the indicator's label and the points of the total it cost, to two
 * decimals ("Credit record (-15.00)", "信用记录（-15.00）"); the JSON output keeps them exact.
 */
export function reasonText(r: Reason, locale: 'en' | 'zh'): string {
  const label = textIn(r.label, locale);
  return locale === 'zh' ? `${label}（-${r.lost.toFixed(2)}）` : `${label} (-${r.lost.toFixed(2)})`;
}

/**
 * The scores as CSV: the pass-through columns, total, grade, contribution_LEAF per leaf; with
 * scales (weight set version 2) also points_LEAF per leaf and the reasons: reason_1 ... reason_3
 * (leaf ids, blank when fewer indicators cost points) and reasons_en, reasons_zh.
 */
export function scoresCsv(report: ScoreReport): string {
  const L = report.leaves.length;
  const P = report.passthrough.length;
  const scaled = report.scorer.scaled;
  const header = [
    ...report.passthrough,
    'total',
    'grade',
    ...report.leaves.map(contributionColumn),
    ...(scaled ? [...report.leaves.map(pointsColumn), ...REASON_COLUMNS] : [])
  ];
  const grades = report.grades.map(csvCell);
  const c = report.contributions;
  // One array joined per line: much faster than growing a string cell by cell.
  const cells = new Array<string>(header.length);
  const lines = [header.map(csvCell).join(',')];
  for (let k = 0; k < report.count; k++) {
    // Pass-through text is defused like every exported text (the one rule of ./csv.ts).
    for (let j = 0; j < P; j++) cells[j] = csvCell(report.values[k * P + j]!);
    cells[P] = String(report.totals[k]);
    cells[P + 1] = grades[report.gradeIndex[k]!]!;
    for (let i = 0; i < L; i++) cells[P + 2 + i] = String(c[k * L + i]);
    if (scaled) {
      for (let i = 0; i < L; i++) cells[P + 2 + L + i] = String(report.points[k * L + i]);
      const reasons = reasonsOf(report, k);
      const at = P + 2 + 2 * L;
      for (let r = 0; r < REASON_COUNT; r++) cells[at + r] = reasons[r]?.leaf ?? '';
      cells[at + 3] = csvCell(reasons.map((r) => reasonText(r, 'en')).join('; '));
      cells[at + 4] = csvCell(reasons.map((r) => reasonText(r, 'zh')).join('；'));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The scores as a JSON value: the weight set used, a summary, each applicant, each skipped row. */
export function scoresJson(report: ScoreReport, ws: Pick<WeightSet, 'name' | 'survey' | 'hash'>) {
  return {
    weightSet: { name: ws.name, surveyId: ws.survey.id, hash: ws.hash.value },
    scored: report.count,
    skipped: report.skipped.map((p) => ({
      row: p.row,
      line: p.line,
      column: p.column,
      message: p.message
    })),
    applicants: scoredApplicants(report).map((a) => {
      const columns = Object.fromEntries(report.passthrough.map((n, k) => [n, a.passthrough[k]!]));
      const { id, ...rest } = columns;
      return {
        row: a.row,
        ...(id !== undefined ? { id } : {}),
        ...(Object.keys(rest).length > 0 ? { columns: rest } : {}),
        total: a.total,
        grade: a.grade,
        contributions: Object.fromEntries(report.leaves.map((l, i) => [l, a.contributions[i]!])),
        ...(report.scorer.scaled
          ? {
              points: Object.fromEntries(report.leaves.map((l, i) => [l, a.points[i]!])),
              reasons: a.reasons.map((r) => ({
                leaf: r.leaf,
                lost: r.lost,
                en: reasonText(r, 'en'),
                zh: reasonText(r, 'zh')
              }))
            }
          : {})
      };
    })
  };
}
