/**
 * A snapshot of the loan book: the loans as of a date, one row per loan, scored with a pinned
 * weight set. CSV with a header row:
 *
 * - `id`: the loan's id (required; one line of at most 64 characters, unique in the file);
 * - one column per leaf of the weight set: the recorded fact through the leaf's rating scale (a
 *   level id or label in either language, or the recorded number), or the score 0-100 for a leaf
 *   without one, exactly as `pairwise score` reads them (src/lib/weights/score.ts);
 * - optionally `days_past_due` (a whole number >= 0) and `defaulted` (1 defaulted, 0 not; the
 *   validation's loan files name it `default`, which is read the same); an empty cell is
 *   "not known" for that loan;
 * - any other column is ignored and listed.
 *
 * All or nothing: every problem of the file (not only the first) is collected with its line and
 * column, and the file is refused whole when there is any (the first MAX_PROBLEMS are listed, the
 * rest counted). What is kept per loan is what comparing snapshots needs without rescoring: the
 * total, the grade, the points per indicator, and the status.
 */
import { problem, problemEnglish, type Problem } from '../problem';
import { lineIssue } from '../survey/text';
import {
  type CompiledScale,
  CsvError,
  fieldPosition,
  isBlankRecord,
  lineAndColumn,
  stripBom,
  scanCsv,
  rowProblemCode,
  scoreCsv,
  type ScoreReport,
  type ScoringSet
} from '../weights';

/** The columns a snapshot reads besides the leaves. */
export const SNAPSHOT_ID = 'id';
export const SNAPSHOT_DPD = 'days_past_due';
export const SNAPSHOT_DEFAULTED = 'defaulted';
/** The validation's name for the outcome column, read as `defaulted`. */
export const SNAPSHOT_DEFAULTED_ALIAS = 'default';
/** The longest loan id. */
export const MAX_LOAN_ID = 64;
/** The most problems a refusal lists (the rest are counted). */
export const MAX_PROBLEMS = 20;
/** The most loans in one snapshot. */
export const MAX_SNAPSHOT_LOANS = 1_000_000;

/** A snapshot's loans, column-wise: loan k's values at k (points at k * leaves + i). */
export interface SnapshotLoans {
  count: number;
  ids: string[];
  totals: Float64Array;
  /** Index into the weight set's grades (0 = the best). */
  grades: Uint8Array;
  points: Float64Array;
  /** Days past due, -1 where not known. */
  daysPastDue: Int32Array;
  /** 1 defaulted, 0 not, -1 not known. */
  defaulted: Int8Array;
}

export interface SnapshotProblem {
  line: number;
  /** 1-based column (field) of the CSV, or null for the whole row. */
  column: number | null;
  /** The column's name, or null. */
  field: string | null;
  message: string;
  /** What is wrong as a code, for a page to word in its language (absent: English only). */
  problem?: Problem;
}

/** A snapshot file refused whole, with its problems (line and column each). */
export class SnapshotFileError extends Error {
  constructor(
    readonly problems: SnapshotProblem[],
    readonly total: number
  ) {
    const more = total > problems.length ? `; and ${total - problems.length} more` : '';
    super(`${problems.map(problemText).join('; ')}${more}`);
    this.name = 'SnapshotFileError';
  }
}

/** `line 3, column 2 (C3): ...` */
export function problemText(p: SnapshotProblem): string {
  const where = p.column === null ? '' : `, column ${p.column}${p.field ? ` (${p.field})` : ''}`;
  return `line ${p.line}${where}: ${p.message}`;
}

export interface ReadSnapshot {
  loans: SnapshotLoans;
  /** Columns of the file that are neither a leaf, nor read (not used). */
  ignored: string[];
}

/** A problem found, before its line and column are looked up. */
interface Pending {
  line: number;
  /** The field at fault, or null for the row as a whole (put just past its last field). */
  fieldIndex: number | null;
  message: string;
  problem?: Problem;
}

/** A Pending problem of a code, with its English. */
const pend = (line: number, fieldIndex: number | null, what: Problem): Pending => ({
  line,
  fieldIndex,
  message: problemEnglish(what),
  problem: what
});

/**
 * Reads and scores a snapshot file with a (verified) weight set.
 * @throws SnapshotFileError listing every problem (malformed CSV and header problems are one)
 */
export function readSnapshot(ws: ScoringSet, text: string): ReadSnapshot {
  let report: ScoreReport;
  try {
    report = scoreCsv(ws, text);
  } catch (e) {
    if (e instanceof CsvError)
      throw new SnapshotFileError(
        [
          {
            line: e.line,
            column: e.column,
            field: null,
            message: e.detail,
            ...(e.problem ? { problem: e.problem } : {})
          }
        ],
        1
      );
    throw e;
  }
  const names = report.passthrough;
  const { line: headerLine, names: header } = readHeader(text);
  const fieldOf = (name: string | null) => (name === null ? null : header.indexOf(name));
  const pending: Pending[] = [];
  const refuse = () => {
    throw new SnapshotFileError(locate(text, header, pending), pending.length);
  };
  const idAt = names.indexOf(SNAPSHOT_ID);
  const dpdAt = names.indexOf(SNAPSHOT_DPD);
  let defAt = names.indexOf(SNAPSHOT_DEFAULTED);
  const aliasAt = names.indexOf(SNAPSHOT_DEFAULTED_ALIAS);
  if (idAt < 0) pending.push(pend(headerLine, header.length, problem('snapshot-no-id')));
  if (defAt >= 0 && aliasAt >= 0)
    pending.push(
      pend(headerLine, fieldOf(SNAPSHOT_DEFAULTED_ALIAS), problem('snapshot-both-outcomes'))
    );
  if (pending.length > 0) refuse();
  if (defAt < 0) defAt = aliasAt;
  const defField = defAt >= 0 ? fieldOf(names[defAt]!) : null;
  const dpdField = fieldOf(SNAPSHOT_DPD);
  const idField = fieldOf(SNAPSHOT_ID);

  // The scorer skipped the rows it could not score: each is a problem of its line and column.
  for (const s of report.skipped) {
    const message = s.message.replace(/^row \d+ \(line \d+\)(?: column \S+)?: /, '');
    pending.push({
      line: s.line ?? 0,
      fieldIndex: fieldOf(s.column),
      message,
      // A row problem without its own code is still worded at the page (never its English).
      problem: rowProblemCode(s) ?? problem('input-other', { message })
    });
  }
  const n = report.count;
  if (n + report.skipped.length === 0) {
    const end = lineAndColumn(stripBom(text), stripBom(text).length);
    throw new SnapshotFileError(
      [
        {
          line: Math.max(end.line, headerLine + 1),
          column: 1,
          field: null,
          message: problemEnglish(problem('snapshot-no-loans')),
          problem: problem('snapshot-no-loans')
        }
      ],
      1
    );
  }
  if (n > MAX_SNAPSHOT_LOANS)
    pending.push(
      pend(
        report.lines[MAX_SNAPSHOT_LOANS]!,
        0,
        problem('snapshot-too-many', { max: MAX_SNAPSHOT_LOANS })
      )
    );
  const P = names.length;
  const ids: string[] = new Array(n);
  const daysPastDue = new Int32Array(n).fill(-1);
  const defaulted = new Int8Array(n).fill(-1);
  const seen = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const line = report.lines[k]!;
    const id = idAt >= 0 ? report.values[k * P + idAt]!.trim() : '';
    const bad =
      id === ''
        ? problem('text-empty', { what: 'loan-id' })
        : lineIssue(id, MAX_LOAN_ID, 'loan-id');
    if (bad !== null) pending.push(pend(line, idField, bad));
    else {
      const first = seen.get(id);
      if (first !== undefined)
        pending.push(pend(line, idField, problem('snapshot-id-twice', { id, line: first })));
      else seen.set(id, line);
    }
    ids[k] = id;
    if (dpdAt >= 0) {
      const cell = report.values[k * P + dpdAt]!.trim();
      if (cell !== '') {
        if (/^\+?\d{1,6}$/.test(cell)) daysPastDue[k] = Number(cell);
        else pending.push(pend(line, dpdField, problem('snapshot-days', { value: cell })));
      }
    }
    if (defAt >= 0) {
      const cell = report.values[k * P + defAt]!.trim();
      if (cell === '1' || cell === '0') defaulted[k] = cell === '1' ? 1 : 0;
      else if (cell !== '')
        pending.push(pend(line, defField, problem('snapshot-outcome', { value: cell })));
    }
  }
  if (pending.length > 0) refuse();
  const read = new Set([SNAPSHOT_ID, SNAPSHOT_DPD, SNAPSHOT_DEFAULTED, SNAPSHOT_DEFAULTED_ALIAS]);
  return {
    loans: {
      count: n,
      ids,
      totals: report.totals.slice(),
      grades: report.gradeIndex.slice(),
      points: report.points.slice(),
      daysPastDue,
      defaulted
    },
    ignored: names.filter((c) => !read.has(c))
  };
}

const STOP = Symbol('found');

/** The header (the first non-blank record): its line and trimmed names, for column numbers. */
function readHeader(text: string): { line: number; names: string[] } {
  let header = { line: 1, names: [] as string[] };
  try {
    scanCsv(text, (record) => {
      if (isBlankRecord(record)) return;
      header = { line: record.line, names: record.fields().map((f) => f.trim()) };
      throw STOP;
    });
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return header;
}

/**
 * The first MAX_PROBLEMS problems in reading order, each with the line and column (as an editor
 * counts them) where its cell starts: one more scan of the file, only when it is refused.
 */
function locate(text: string, header: string[], pending: Pending[]): SnapshotProblem[] {
  const first = pending
    .map((p, k) => ({ p, k }))
    .sort(
      (a, b) =>
        a.p.line - b.p.line || (a.p.fieldIndex ?? 1e9) - (b.p.fieldIndex ?? 1e9) || a.k - b.k
    )
    .slice(0, MAX_PROBLEMS)
    .map(({ p }) => p);
  const wanted = new Map<number, Pending[]>();
  for (const p of first) wanted.set(p.line, [...(wanted.get(p.line) ?? []), p]);
  const last = first.length > 0 ? first[first.length - 1]!.line : 0;
  const out = new Map<Pending, SnapshotProblem>();
  try {
    scanCsv(text, (record) => {
      for (const p of wanted.get(record.line) ?? []) {
        const field = p.fieldIndex ?? Math.min(record.count, header.length);
        const at = fieldPosition(text, record, field);
        out.set(p, {
          line: at.line,
          column: at.column,
          field: p.fieldIndex === null ? null : (header[p.fieldIndex] ?? null),
          message: p.message,
          ...(p.problem ? { problem: p.problem } : {})
        });
      }
      if (record.line >= last) throw STOP;
    });
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return first.map(
    (p) =>
      out.get(p) ?? {
        line: p.line,
        column: null,
        field: null,
        message: p.message,
        ...(p.problem ? { problem: p.problem } : {})
      }
  );
}

/** The level index that stands for "the scale's missing-value points" in packLoans' block. */
const MISSING_LEVEL = 255;

/**
 * The loans' numbers as one block of bytes, for storage, little-endian: totals (float64), the
 * points of each indicator without levels (float64), days past due (int32), grades (uint8),
 * defaulted (int8), then for each indicator with levels (a categorical scale) the level of each
 * loan (uint8; 255 for the missing-value points). A level is stored instead of its points: the
 * pinned weight set's scale gives them back exactly (they are the level's points, nothing is
 * rescored), and a byte in place of eight keeps 100,000 loans of the farm-credit model at 4.3 MB.
 * @throws RangeError when a loan's points are no level's (the scales are not the loans')
 */
export function packLoans(loans: SnapshotLoans, scales: readonly CompiledScale[]): Uint8Array {
  const n = loans.count;
  const L = scales.length;
  const { numeric, categorical } = splitLeaves(scales);
  const bytes = new Uint8Array(snapshotBytes(n, scales));
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (let k = 0; k < n; k++, at += 8) view.setFloat64(at, loans.totals[k]!, true);
  for (const i of numeric)
    for (let k = 0; k < n; k++, at += 8) view.setFloat64(at, loans.points[k * L + i]!, true);
  for (let k = 0; k < n; k++, at += 4) view.setInt32(at, loans.daysPastDue[k]!, true);
  bytes.set(loans.grades.subarray(0, n), at);
  at += n;
  bytes.set(new Uint8Array(loans.defaulted.buffer, loans.defaulted.byteOffset, n), at);
  at += n;
  for (const i of categorical) {
    const s = scales[i]!;
    const index = new Map<number, number>();
    s.levelPoints.forEach((p, j) => {
      if (!index.has(p)) index.set(p, j);
    });
    for (let k = 0; k < n; k++, at++) {
      const p = loans.points[k * L + i]!;
      const j = index.get(p) ?? (p === s.missing ? MISSING_LEVEL : -1);
      if (j < 0)
        throw new RangeError(
          `packLoans: loan ${loans.ids[k]} has ${p} points on indicator ${i + 1}, which no level gives`
        );
      bytes[at] = j;
    }
  }
  return bytes;
}

function splitLeaves(scales: readonly CompiledScale[]) {
  const numeric: number[] = [];
  const categorical: number[] = [];
  scales.forEach((s, i) =>
    (s.kind === 'categorical' && s.levels.length < MISSING_LEVEL ? categorical : numeric).push(i)
  );
  return { numeric, categorical };
}

/** The size of packLoans' block. */
export function snapshotBytes(loans: number, scales: readonly CompiledScale[]): number {
  const { numeric, categorical } = splitLeaves(scales);
  return loans * (8 + 8 * numeric.length + 4 + 1 + 1 + categorical.length);
}

/**
 * The loans back from packLoans' block, their ids and the weight set's scales.
 * @throws RangeError when the block's size does not fit `ids.length` loans of these indicators
 */
export function unpackLoans(
  bytes: Uint8Array,
  ids: string[],
  scales: readonly CompiledScale[]
): SnapshotLoans {
  const n = ids.length;
  const L = scales.length;
  if (bytes.byteLength !== snapshotBytes(n, scales))
    throw new RangeError(
      `unpackLoans: ${bytes.byteLength} bytes do not hold ${n} loans of these ${L} indicators`
    );
  const { numeric, categorical } = splitLeaves(scales);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const totals = new Float64Array(n);
  const points = new Float64Array(n * L);
  const daysPastDue = new Int32Array(n);
  let at = 0;
  for (let k = 0; k < n; k++, at += 8) totals[k] = view.getFloat64(at, true);
  for (const i of numeric)
    for (let k = 0; k < n; k++, at += 8) points[k * L + i] = view.getFloat64(at, true);
  for (let k = 0; k < n; k++, at += 4) daysPastDue[k] = view.getInt32(at, true);
  const grades = bytes.slice(at, at + n);
  at += n;
  const defaulted = new Int8Array(bytes.slice(at, at + n).buffer);
  at += n;
  for (const i of categorical) {
    const s = scales[i]!;
    for (let k = 0; k < n; k++, at++) {
      const j = bytes[at]!;
      points[k * L + i] = j === MISSING_LEVEL ? s.missing : s.levelPoints[j]!;
    }
  }
  return { count: n, ids, totals, grades, points, daysPastDue, defaulted };
}
