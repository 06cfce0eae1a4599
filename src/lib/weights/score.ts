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
import {
  csvCell,
  CsvCursor,
  CsvError,
  fieldPosition,
  isBlankRecord,
  scanCsv,
  type CsvRecord
} from './csv';
import { textIn, type LocalizedText } from '../survey';
import {
  compileScale,
  describeCell,
  isSubnormal,
  levelPoints,
  numericPoints,
  type CompiledScale
} from './scale-eval';
import { SCORE_MAX, SCORE_MIN, type WeightSet } from './schema';

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

/** The index of the grade of a total: the first band whose minimum (less the tolerance) it reaches. */
function gradeIndex(scorer: Scorer, total: number): number {
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

const quote = (s: string) => `'${s.length > 40 ? s.slice(0, 40) + '...' : s}'`;

/** Collects the scores column-wise, growing its arrays as needed. */
class ReportBuilder {
  count = 0;
  private capacity = 1024;
  rows = new Int32Array(this.capacity);
  lines = new Int32Array(this.capacity);
  totals = new Float64Array(this.capacity);
  grades = new Uint8Array(this.capacity);
  contributions: Float64Array;
  points: Float64Array;
  values: string[] = [];
  skipped: RowProblem[] = [];

  constructor(
    readonly scorer: Scorer,
    readonly passthrough: string[]
  ) {
    this.contributions = new Float64Array(this.capacity * scorer.leaves.length);
    this.points = new Float64Array(this.capacity * scorer.leaves.length);
  }

  /** Room for one more applicant; returns the offset of its contributions. */
  reserve(): number {
    if (this.count === this.capacity) {
      this.capacity *= 2;
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T => {
        const b = new (a.constructor as new (n: number) => T)(n);
        b.set(a);
        return b;
      };
      this.rows = grow(this.rows, this.capacity);
      this.lines = grow(this.lines, this.capacity);
      this.totals = grow(this.totals, this.capacity);
      this.grades = grow(this.grades, this.capacity);
      this.contributions = grow(this.contributions, this.capacity * this.scorer.leaves.length);
      this.points = grow(this.points, this.capacity * this.scorer.leaves.length);
    }
    return this.count * this.scorer.leaves.length;
  }

  /** Completes the applicant whose contributions were written at reserve()'s offset. */
  commit(row: number, line: number, total: number): void {
    const k = this.count++;
    this.rows[k] = row;
    this.lines[k] = line;
    this.totals[k] = total;
    this.grades[k] = gradeIndex(this.scorer, total);
  }

  report(): ScoreReport {
    const n = this.count;
    return {
      leaves: this.scorer.leaves,
      passthrough: this.passthrough,
      grades: this.scorer.grades,
      count: n,
      rows: this.rows.subarray(0, n),
      lines: this.lines.subarray(0, n),
      totals: this.totals.subarray(0, n),
      gradeIndex: this.grades.subarray(0, n),
      contributions: this.contributions.subarray(0, n * this.scorer.leaves.length),
      points: this.points.subarray(0, n * this.scorer.leaves.length),
      scorer: this.scorer,
      values: this.values,
      skipped: this.skipped
    };
  }
}

/**
 * A score cell as a number: a decimal number (digits, optional sign, point and exponent;
 * surrounding spaces allowed), else NaN. Empty is NaN too (the caller tells them apart).
 */
export function parseScore(cell: string): number {
  return numberIn(cell, 0, cell.length);
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The decimal number text[start, end) holds (spaces around allowed), else NaN; exactly what
 * Number() gives for it. Up to 15 digits without exponent are read from the characters: m / 10^k
 * with m and 10^k exact doubles is the correctly rounded value, as Number() computes it. Hex,
 * "Infinity" and the empty text are NaN here, though Number() accepts them. Reads score cells
 * here and in the validation's loan files (readLoans), without slicing the CSV text.
 */
export function numberIn(text: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) <= 32) s++;
  while (e > s && text.charCodeAt(e - 1) <= 32) e--;
  let i = s;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (c === 45 || c === 43) c = text.charCodeAt(++i);
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < e; c = text.charCodeAt(++i)) {
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else break;
  }
  if (i === e) {
    if (digits === 0) return NaN;
    if (digits <= 15) {
      const x = fraction > 0 ? m / POW10[fraction]! : m;
      return negative ? -x : x;
    }
  }
  // An exponent, many digits, or not a number: check the characters, then let Number() decide.
  let any = false;
  for (let k = s; k < e; k++) {
    const d = text.charCodeAt(k);
    if (d >= 48 && d <= 57) any = true;
    else if (d !== 46 && d !== 43 && d !== 45 && d !== 101 && d !== 69) return NaN; // . + - e E
  }
  return any ? Number(text.slice(s, e)) : NaN;
}

const inRange = (x: number) => x >= SCORE_MIN && x <= SCORE_MAX && !isSubnormal(x);

/**
 * The points of a recorded cell through a leaf's scale (./scale-eval.ts), or NaN when the cell
 * cannot be scored (describeCell says why).
 */
export function pointsOfCell(s: CompiledScale, raw: string): number {
  if (s.kind === 'categorical') {
    const p = levelPoints(s, raw);
    return Number.isNaN(p) && raw.trim() === '' ? s.missing : p;
  }
  if (raw.trim() === '') return s.missing;
  const x = parseScore(raw);
  if (s.kind === 'numeric') return numericPoints(s, x);
  return inRange(x) ? x : NaN;
}

/**
 * The points of a JSON value (an object row's cell) through a leaf's scale, or why it has none:
 * undefined and null follow the missing-value policy; a number is read as itself (a level's name
 * when the scale is categorical); a string as a CSV cell (pointsOfCell); anything else is refused.
 */
export function pointsOfValue(s: CompiledScale, value: unknown): number | { problem: string } {
  let x: number;
  if (value === undefined || value === null) {
    x = s.missing;
    if (Number.isNaN(x))
      return {
        problem:
          s.kind === 'score'
            ? 'missing: give a score from 0 to 100'
            : 'missing: this indicator refuses a missing value'
      };
    return x;
  }
  if (value === Infinity || value === -Infinity)
    return { problem: 'a number too large for a double (beyond 1.8e308)' };
  if (typeof value === 'number' || typeof value === 'string') {
    const raw = String(value);
    x =
      typeof value === 'number' && s.kind !== 'categorical'
        ? s.kind === 'numeric'
          ? numericPoints(s, value)
          : inRange(value)
            ? value
            : NaN
        : pointsOfCell(s, raw);
    return Number.isNaN(x) ? { problem: describeCell(s, raw, parseScore(raw)) } : x;
  }
  return {
    problem: `${quote(JSON.stringify(value) ?? String(value))} is not a ${s.kind === 'categorical' ? 'level' : 'number'}`
  };
}

const describe = (s: CompiledScale, raw: string) => describeCell(s, raw, parseScore(raw));

function rowLabel(row: number, line: number | null): string {
  return line === null ? `row ${row}` : `row ${row} (line ${line})`;
}

/**
 * Scores applicants given as objects (leaf id -> score, a number or a numeric string; other keys
 * of the first row pass through). Rows are numbered from 1 in array order.
 * @throws ScoreRowError in strict mode at the first bad row
 */
export function scoreApplicants(
  ws: ScoringSet,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  options: ScoreOptions = {}
): ScoreReport {
  const scorer = compileScorer(ws);
  const L = scorer.leaves.length;
  const leafSet = new Set(scorer.leaves);
  const keys = rows.length > 0 ? Object.keys(rows[0]!).filter((k) => !leafSet.has(k)) : [];
  const passthrough = keys.includes('id') ? ['id', ...keys.filter((k) => k !== 'id')] : keys;
  const out = new ReportBuilder(scorer, passthrough);
  rows.forEach((r, index) => {
    const row = index + 1;
    const at = out.reserve();
    let total = 0;
    for (let i = 0; i < L; i++) {
      const leaf = scorer.leaves[i]!;
      const scale = scorer.scales[i]!;
      const value = r[leaf];
      const x = pointsOfValue(scale, value);
      const message = typeof x === 'number' ? null : x.problem;
      if (message !== null) {
        const problem = {
          row,
          line: null,
          column: leaf,
          message: `row ${row} column ${leaf}: ${message}`
        };
        if (options.strict) throw new ScoreRowError(problem);
        out.skipped.push(problem);
        return;
      }
      const c = scorer.weights[i]! * (x as number);
      out.points[at + i] = x as number;
      out.contributions[at + i] = c;
      total += c;
    }
    for (const k of passthrough)
      out.values.push(r[k] === undefined || r[k] === null ? '' : String(r[k]));
    out.commit(row, 0, total);
  });
  return out.report();
}

/**
 * Scores applicants from CSV text: a header row with one column per leaf id (any order) and any
 * other columns (passed through: an applicant id is best named `id`), then one row per applicant.
 *
 * @throws CsvError (line, column) for malformed CSV or an unusable header: none, a duplicate or
 *   nameless column, a leaf without a column, a column named like an output column
 * @throws ScoreRowError in strict mode at the first bad row
 */
export function scoreCsv(ws: ScoringSet, text: string, options: ScoreOptions = {}): ScoreReport {
  const table = new CsvScoring(compileScorer(ws), text, options);
  scanCsv(text, (record) => table.record(record));
  return table.finish();
}

/**
 * scoreCsv on records already parsed with parseCsv (the first non-blank record is the header).
 * @param text the text the records were parsed from (for error positions)
 */
export function scoreRecords(
  ws: ScoringSet,
  records: readonly CsvRecord[],
  text: string,
  options: ScoreOptions = {}
): ScoreReport {
  const table = new CsvScoring(compileScorer(ws), text, options);
  for (const record of records) table.record(record);
  return table.finish();
}

/** The header, then each row, of a CSV being scored. */
class CsvScoring {
  private header: {
    names: string[];
    leafField: Int32Array;
    checkOrder: Int32Array;
    passField: number[];
  } | null = null;
  private out: ReportBuilder | null = null;
  private row = 0;

  constructor(
    readonly scorer: Scorer,
    readonly text: string,
    readonly options: ScoreOptions
  ) {}

  private at(record: CsvRecord | CsvCursor, field: number, detail: string): CsvError {
    const { line, column } = fieldPosition(this.text, record, field);
    return new CsvError(line, column, detail);
  }

  record(record: CsvRecord | CsvCursor): void {
    if (isBlankRecord(record)) return;
    if (!this.header) {
      this.readHeader(record);
      return;
    }
    this.readRow(record);
  }

  private readHeader(record: CsvRecord | CsvCursor): void {
    const { scorer } = this;
    const names = (record instanceof CsvCursor ? record.fields() : record.fields).map((f) =>
      f.trim()
    );
    const position = new Map<string, number>();
    const leafSet = new Set(scorer.leaves);
    const reserved = new Set([
      'total',
      'grade',
      ...scorer.leaves.map(contributionColumn),
      ...(scorer.scaled ? [...scorer.leaves.map(pointsColumn), ...REASON_COLUMNS] : [])
    ]);
    names.forEach((name, k) => {
      if (name === '') throw this.at(record, k, 'a column without a name');
      const first = position.get(name);
      if (first !== undefined)
        throw this.at(record, k, `column ${quote(name)} appears twice (also column ${first + 1})`);
      if (!leafSet.has(name) && reserved.has(name))
        throw this.at(
          record,
          k,
          `column ${quote(name)} would clash with the output column of that name; rename it`
        );
      position.set(name, k);
    });
    const missing = scorer.leaves.filter((l) => !position.has(l));
    if (missing.length > 0)
      throw this.at(
        record,
        names.length,
        `the header has no column for leaf ${missing.join(', ')} (the weight set scores ${scorer.leaves.join(', ')})`
      );
    const leafField = Int32Array.from(scorer.leaves, (l) => position.get(l)!);
    // Cells are checked left to right, so the first problem reported is the leftmost.
    const checkOrder = Int32Array.from(scorer.leaves.keys()).sort(
      (a, b) => leafField[a]! - leafField[b]!
    );
    const others = names.filter((n) => !leafSet.has(n));
    const passthrough = others.includes('id')
      ? ['id', ...others.filter((n) => n !== 'id')]
      : others;
    this.header = {
      names,
      leafField,
      checkOrder,
      passField: passthrough.map((n) => position.get(n)!)
    };
    this.out = new ReportBuilder(scorer, passthrough);
  }

  private readRow(record: CsvRecord | CsvCursor): void {
    const { scorer, text } = this;
    const { names, leafField, checkOrder, passField } = this.header!;
    const out = this.out!;
    const L = scorer.leaves.length;
    const row = ++this.row;
    const cursor = record instanceof CsvCursor ? record : null;
    const fields = cursor ? null : (record as CsvRecord).fields;
    const count = cursor ? cursor.count : fields!.length;
    let problem: RowProblem | null = null;
    const at = out.reserve();
    if (count !== names.length) {
      problem = {
        row,
        line: record.line,
        column: null,
        message: `${rowLabel(row, record.line)}: ${count} fields, the header has ${names.length}`
      };
    } else {
      for (let k = 0; k < L; k++) {
        const i = checkOrder[k]!;
        const f = leafField[i]!;
        const scale = scorer.scales[i]!;
        let x = NaN;
        // Numbers are read from the text in place; levels, quoted and empty cells as strings.
        if (scale.kind !== 'categorical' && cursor && cursor.quoted[f] !== 2) {
          const number = numberIn(text, cursor.starts[f]!, cursor.ends[f]!);
          x =
            scale.kind === 'numeric'
              ? numericPoints(scale, number)
              : inRange(number)
                ? number
                : NaN;
        }
        if (Number.isNaN(x)) x = pointsOfCell(scale, cursor ? cursor.field(f) : fields![f]!);
        if (!Number.isNaN(x)) {
          out.points[at + i] = x; // weighted below
          continue;
        }
        const raw = cursor ? cursor.field(f) : fields![f]!;
        const leaf = scorer.leaves[i]!;
        problem = {
          row,
          line: record.line,
          column: leaf,
          message: `${rowLabel(row, record.line)} column ${leaf}: ${describe(scale, raw)}`
        };
        break;
      }
    }
    if (problem) {
      if (this.options.strict) throw new ScoreRowError(problem);
      out.skipped.push(problem);
      return;
    }
    const w = scorer.weights;
    const c = out.contributions;
    const p = out.points;
    let total = 0;
    for (let i = 0; i < L; i++) {
      const v = w[i]! * p[at + i]!;
      c[at + i] = v;
      total += v;
    }
    for (const f of passField) out.values.push(cursor ? cursor.field(f) : fields![f]!);
    out.commit(row, record.line, total);
  }

  finish(): ScoreReport {
    if (!this.out)
      throw new CsvError(
        1,
        1,
        `the file is empty: expected a header row with the leaf columns (${this.scorer.leaves.join(', ')})`
      );
    return this.out.report();
  }
}

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
