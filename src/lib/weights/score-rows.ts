/**
 * The scorer's rows (./score.ts has the formulas): applicants given as objects or as CSV text,
 * each scored cell by cell (./score-cells.ts) into a report kept column-wise, a bad row refused
 * with its row number, line and column (skipped and listed, or thrown in strict mode).
 */
import { CsvCursor, CsvError, fieldPosition, isBlankRecord, scanCsv, type CsvRecord } from './csv';
import { problem, problemEnglish, type Problem } from '../problem';
import { cellIssue, numericPoints } from './scale-eval';
import {
  codedRowProblem,
  compileScorer,
  contributionColumn,
  gradeIndex,
  pointsColumn,
  REASON_COLUMNS,
  ScoreRowError,
  type RowProblem,
  type ScoreOptions,
  type ScoreReport,
  type Scorer,
  type ScoringSet
} from './score';
import { inRange, numberIn, parseScore, pointsOfCell, pointsOfValue } from './score-cells';

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

  private at(record: CsvRecord | CsvCursor, field: number, what: Problem): CsvError {
    const { line, column } = fieldPosition(this.text, record, field);
    return new CsvError(line, column, what);
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
      if (name === '') throw this.at(record, k, problem('csv-unnamed-column'));
      const first = position.get(name);
      if (first !== undefined)
        throw this.at(record, k, problem('import-column-twice', { name, other: first + 1 }));
      if (!leafSet.has(name) && reserved.has(name))
        throw this.at(record, k, problem('score-clash', { name }));
      position.set(name, k);
    });
    const missing = scorer.leaves.filter((l) => !position.has(l));
    if (missing.length > 0)
      throw this.at(
        record,
        names.length,
        problem('score-missing-leaf', {
          missing: missing.join(', '),
          leaves: scorer.leaves.join(', ')
        })
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
    let refused: RowProblem | null = null;
    const at = out.reserve();
    if (count !== names.length) {
      const what = problem('csv-field-count', { count, header: names.length });
      refused = codedRowProblem(
        {
          row,
          line: record.line,
          column: null,
          message: `${rowLabel(row, record.line)}: ${problemEnglish(what)}`
        },
        what
      );
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
        const what = cellIssue(scale, raw, parseScore(raw));
        refused = codedRowProblem(
          {
            row,
            line: record.line,
            column: leaf,
            message: `${rowLabel(row, record.line)} column ${leaf}: ${problemEnglish(what)}`
          },
          what
        );
        break;
      }
    }
    if (refused) {
      if (this.options.strict) throw new ScoreRowError(refused);
      out.skipped.push(refused);
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
      throw new CsvError(1, 1, problem('score-empty', { leaves: this.scorer.leaves.join(', ') }));
    return this.out.report();
  }
}
