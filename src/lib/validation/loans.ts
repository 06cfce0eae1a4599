/**
 * Reading a file of past loans to check a weight set against: CSV (RFC 4180, read by the weight
 * sets' CSV scanner) with a header row, then one row per loan:
 *
 * - one column per leaf id of the weight set (C1 ... C15 for the farm-credit template), each an
 *   indicator score from 0 to 100, higher = lower risk, as the scorer reads them; or, for a leaf
 *   with a rating scale (weight set version 2, `options.scales`), the recorded fact: a level id
 *   or label, or the recorded number, turned into points through the scale as the scorer does;
 * - the outcome column, `default` unless another name is given: 1 = the loan defaulted or became
 *   non-performing, 0 = it was repaid;
 * - optionally `id` (kept, for the researcher); any other column is ignored and listed.
 *
 * All or nothing: unlike the scorer, which may skip a bad applicant, a validation computed from
 * part of a file would describe loans nobody chose, so the first problem refuses the whole file
 * with a {@link LoanFileError} naming its line and column (1-based, as an editor counts them)
 * and, for a cell, the column's name. Problems are found in reading order: the header first,
 * then row by row, and within a row from left to right. Blank lines are not loans and are
 * skipped. The format {@link loansToCsv} writes is read back unchanged.
 */
import {
  CsvCursor,
  CsvError,
  fieldPosition,
  isBlankRecord,
  lineAndColumn,
  scanCsv,
  stripBom
} from '../weights/csv';
import { SCORE_MAX, SCORE_MIN } from '../weights/schema';
import {
  bandIndex,
  describeCell,
  levelIndex,
  numericPoints,
  type CompiledScale
} from '../weights/scale-eval';
import { numberIn } from '../weights/score-cells';
import { ValidationInputError } from './errors';
import type { LoanMatrix } from './logistic';

/** The outcome column's name unless the caller gives another. */
export const DEFAULT_OUTCOME_COLUMN = 'default';

/** Largest loan file the validation page reads, and the server takes to save a regression (about 400,000 loans of fifteen scores). */
export const MAX_LOAN_FILE_BYTES = 25 * 1024 * 1024;

/** The optional column of loan ids. */
export const ID_COLUMN = 'id';

/** What is wrong with a loan file; lets a page say it in its own language. */
export type LoanFileProblem =
  /** Malformed CSV: an unclosed quote, a quote inside an unquoted field ... */
  | 'csv-syntax'
  /** No header row: the file is empty or holds only blank lines. */
  | 'empty'
  /** A header cell without a name. */
  | 'unnamed-column'
  /** Two header cells with the same name. */
  | 'duplicate-column'
  /** The header has no outcome column. */
  | 'no-outcome-column'
  /** The header has no column for one or more leaves of the weight set. */
  | 'missing-leaf'
  /** The outcome column is named like a leaf. */
  | 'outcome-is-leaf'
  /** A row with more or fewer fields than the header. */
  | 'field-count'
  /** An empty score cell. */
  | 'empty-score'
  /** A score cell that is not a decimal number. */
  | 'not-a-number'
  /** A cell naming no level of the leaf's rating scale. */
  | 'unknown-level'
  /** A score outside 0-100. */
  | 'out-of-range'
  /** An outcome other than 0 or 1. */
  | 'not-binary'
  /** A header and no loans. */
  | 'no-loans';

/**
 * A loan file refused whole. A CsvError (so `line`, `column` and `detail` read as for any CSV
 * of Pairwise), with the kind of problem, the column's name and the offending value.
 */
export class LoanFileError extends CsvError {
  readonly code: LoanFileProblem;
  /** The name of the column at fault (a leaf id, the outcome column ...), or null. */
  readonly field: string | null;
  /**
   * The cell as written (shortened to 40 characters); for `missing-leaf` the missing leaves
   * ("C7, C12"), for `field-count` the number of fields in the row; else null.
   */
  readonly value: string | null;
  constructor(
    line: number,
    column: number,
    code: LoanFileProblem,
    detail: string,
    field: string | null = null,
    value: string | null = null
  ) {
    super(line, column, detail);
    this.name = 'LoanFileError';
    this.code = code;
    this.field = field;
    this.value = value;
  }
}

export interface ReadLoansOptions {
  /** The outcome column's name (default {@link DEFAULT_OUTCOME_COLUMN}). */
  outcome?: string;
  /**
   * The rating scale of each leaf, in the order of `leaves` (compileScorer(ws).scales); a leaf
   * without one (kind "score", or absent) reads scores 0-100.
   */
  scales?: ReadonlyArray<CompiledScale | null>;
}

/** A loan file as read: the leaves' scores in the order asked for, outcomes, ids and lines. */
export interface LoanFile extends LoanMatrix {
  /** The leaves asked for, in that order (not the file's column order). */
  leaves: string[];
  /** rows[i][j]: loan i's score on leaf j; views onto `scores`. */
  rows: Float64Array[];
  /** The same scores, loan by loan: loan i's score on leaf j at i * leaves.length + j. */
  scores: Float64Array;
  /** 1 = defaulted or non-performing, 0 = repaid. */
  outcomes: Uint8Array;
  /** The values of the `id` column, or null when the file has none. */
  ids: string[] | null;
  /** The 1-based line of the CSV on which each loan starts. */
  lines: Int32Array;
  /**
   * With scales: loan i's level (or band) on leaf j at i * leaves.length + j, as the index into
   * bucketNames(scale); -1 for a missing value scored by the scale's policy, or a leaf without a
   * scale. Null without scales.
   */
  buckets: Int16Array | null;
  /** The name of the outcome column read. */
  outcomeColumn: string;
  /** Columns of the file that are neither a leaf, the outcome nor `id` (not used). */
  ignored: string[];
  loans: number;
  defaults: number;
  repaid: number;
}

const quote = (s: string) => `'${s.length > 40 ? `${s.slice(0, 40)}...` : s}'`;
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}...` : s);

function checkLeaves(leaves: readonly string[]): string[] {
  const fn = 'readLoans';
  if (!Array.isArray(leaves) || leaves.length === 0)
    throw new ValidationInputError(fn, ['leaves'], 'empty', 'expected the leaf ids to read');
  const seen = new Set<string>();
  leaves.forEach((id, j) => {
    if (typeof id !== 'string' || id.trim() === '' || id !== id.trim())
      throw new ValidationInputError(
        fn,
        ['leaves', j],
        'bad-option',
        'a leaf id must be a non-empty string without spaces at either end'
      );
    if (seen.has(id))
      throw new ValidationInputError(fn, ['leaves', j], 'bad-option', `leaf "${id}" appears twice`);
    seen.add(id);
  });
  return [...leaves];
}

interface Header {
  names: string[];
  /** Field index of each leaf, in the order asked for. */
  leafField: Int32Array;
  /** Leaf indices sorted by their field, so that cells are checked left to right. */
  leafOrder: Int32Array;
  outcomeField: number;
  idField: number;
  ignored: string[];
}

/** Reads the header; @throws LoanFileError for an unusable one. */
function readHeader(
  text: string,
  record: CsvCursor,
  leaves: readonly string[],
  outcome: string
): Header {
  const at = (field: number) => fieldPosition(text, record, field);
  const refuse = (
    field: number,
    code: LoanFileProblem,
    detail: string,
    name: string | null,
    value: string | null = null
  ) => {
    const { line, column } = at(field);
    return new LoanFileError(line, column, code, detail, name, value);
  };
  const names = record.fields().map((f) => f.trim());
  const position = new Map<string, number>();
  names.forEach((name, k) => {
    if (name === '')
      throw refuse(
        k,
        'unnamed-column',
        `header column ${k + 1} has no name: name every column (the leaf ids, '${outcome}', optionally 'id')`,
        null
      );
    const first = position.get(name);
    if (first !== undefined)
      throw refuse(
        k,
        'duplicate-column',
        `column ${quote(name)} appears twice in the header (also column ${first + 1}): which one holds the data is ambiguous`,
        name
      );
    position.set(name, k);
  });
  const end = names.length;
  const leafSet = new Set(leaves);
  if (leafSet.has(outcome))
    throw refuse(
      position.get(outcome) ?? end,
      'outcome-is-leaf',
      `the outcome column ${quote(outcome)} is named like a leaf of the weight set: name the outcome column otherwise`,
      outcome
    );
  const outcomeField = position.get(outcome);
  if (outcomeField === undefined) {
    const near = names.find((n) => n.toLowerCase() === outcome.toLowerCase());
    const hint = near
      ? `; did you mean ${quote(near)}? Names are compared exactly`
      : `; name the column '${outcome}' or give its name as the outcome column`;
    throw refuse(
      end,
      'no-outcome-column',
      `the header has no outcome column ${quote(outcome)} (1 = defaulted or non-performing, 0 = repaid)${hint}`,
      outcome
    );
  }
  const missing = leaves.filter((l) => !position.has(l));
  if (missing.length > 0)
    throw refuse(
      end,
      'missing-leaf',
      `the header has no column for leaf ${missing.join(', ')} (the weight set scores ${leaves.join(', ')}): every leaf needs its column of scores 0-100`,
      missing[0]!,
      missing.join(', ')
    );
  const leafField = Int32Array.from(leaves, (l) => position.get(l)!);
  const leafOrder = Int32Array.from(leaves.keys()).sort((a, b) => leafField[a]! - leafField[b]!);
  return {
    names,
    leafField,
    leafOrder,
    outcomeField,
    idField: position.get(ID_COLUMN) ?? -1,
    ignored: names.filter((n) => !leafSet.has(n) && n !== outcome && n !== ID_COLUMN)
  };
}

/**
 * Reads a loan file for the given leaves (a weight set's, or the union of two weight sets' when
 * they are compared). Nothing is computed here beyond the counts.
 *
 * @param text the file's text (a leading byte-order mark is ignored)
 * @param leaves the leaf ids whose columns must be present, in the order wanted
 * @throws LoanFileError (line, column, code) at the first problem, in reading order: malformed
 *   CSV; an empty file; a header cell without a name or with a name used twice; no outcome
 *   column; no column for a leaf; a row with a different number of fields than the header; a
 *   score that is empty, not a number or outside 0-100; an outcome other than 0 or 1; no loans
 * @throws ValidationInputError for leaves that are empty, repeated or not strings, or an outcome
 *   column name that is empty
 */
export function readLoans(
  text: string,
  leaves: readonly string[],
  options: ReadLoansOptions = {}
): LoanFile {
  const ids = checkLeaves(leaves);
  const outcome = (options.outcome ?? DEFAULT_OUTCOME_COLUMN).trim();
  if (outcome === '')
    throw new ValidationInputError(
      'readLoans',
      ['outcome'],
      'bad-option',
      'the outcome column needs a name'
    );
  const p = ids.length;
  let header: Header | null = null;
  let capacity = 1024;
  let scores = new Float64Array(capacity * p);
  let outcomes = new Uint8Array(capacity);
  let lines = new Int32Array(capacity);
  const scales = options.scales ?? null;
  let buckets = scales ? new Int16Array(capacity * p).fill(-1) : null;
  const idValues: string[] = [];
  let n = 0;
  let defaults = 0;
  let lastLine = 1;

  const grow = () => {
    capacity *= 2;
    const s = new Float64Array(capacity * p);
    s.set(scores);
    scores = s;
    const o = new Uint8Array(capacity);
    o.set(outcomes);
    outcomes = o;
    const l = new Int32Array(capacity);
    l.set(lines);
    lines = l;
    if (buckets) {
      const b = new Int16Array(capacity * p).fill(-1);
      b.set(buckets);
      buckets = b;
    }
  };

  /** A cell of a leaf with a rating scale: its points (and level or band), or a refusal. */
  const readFact = (
    scale: CompiledScale,
    raw: string,
    at: number,
    fail: (code: LoanFileProblem, detail: string) => LoanFileError
  ) => {
    if (raw.trim() === '') {
      if (Number.isNaN(scale.missing)) throw fail('empty-score', describeCell(scale, raw, NaN));
      scores[at] = scale.missing;
      return;
    }
    if (scale.kind === 'categorical') {
      const b = levelIndex(scale, raw);
      if (b < 0) throw fail('unknown-level', describeCell(scale, raw, NaN));
      scores[at] = scale.levelPoints[b]!;
      buckets![at] = b;
      return;
    }
    const x = numberIn(raw, 0, raw.length);
    const points = numericPoints(scale, x);
    if (Number.isNaN(points))
      throw fail(Number.isNaN(x) ? 'not-a-number' : 'out-of-range', describeCell(scale, raw, x));
    scores[at] = points;
    buckets![at] = bandIndex(scale, x);
  };

  const readRow = (record: CsvCursor, h: Header) => {
    const fail = (field: number, code: LoanFileProblem, detail: string, value: string | null) => {
      const { line, column } = fieldPosition(text, record, field);
      return new LoanFileError(
        line,
        column,
        code,
        detail,
        field < h.names.length ? h.names[field]! : null,
        value === null ? null : short(value)
      );
    };
    if (record.count !== h.names.length)
      throw fail(
        Math.min(record.count, h.names.length),
        'field-count',
        `this row has ${record.count} field${record.count === 1 ? '' : 's'}, the header has ${h.names.length}: a missing or extra comma?`,
        String(record.count)
      );
    if (n === capacity) grow();
    const base = n * p;
    // Cells in the order of the file's columns: the first problem reported is the leftmost.
    let outcomeChecked = false;
    const checkOutcome = () => {
      const f = h.outcomeField;
      const raw = record.field(f);
      const v = raw.trim();
      if (v === '1') {
        outcomes[n] = 1;
        defaults++;
      } else if (v === '0') outcomes[n] = 0;
      else
        throw fail(
          f,
          'not-binary',
          `${h.names[f]}: ${v === '' ? 'empty' : `${quote(raw)} is not an outcome`}: write 1 for a loan that defaulted or became non-performing, 0 for one that was repaid`,
          raw
        );
      outcomeChecked = true;
    };
    for (let k = 0; k < p; k++) {
      const j = h.leafOrder[k]!;
      const f = h.leafField[j]!;
      if (!outcomeChecked && h.outcomeField < f) checkOutcome();
      const scale = scales?.[j];
      if (scale && scale.kind !== 'score') {
        const raw = record.field(f);
        readFact(scale, raw, base + j, (code, detail) =>
          fail(f, code, `${ids[j]!}: ${detail}`, raw)
        );
        continue;
      }
      // The cursor's text, not `text`: its offsets count from after a byte-order mark.
      const x =
        record.quoted[f] !== 2
          ? numberIn(record.text, record.starts[f]!, record.ends[f]!)
          : numberIn(record.field(f), 0, record.field(f).length);
      if (x >= SCORE_MIN && x <= SCORE_MAX) {
        scores[base + j] = x;
        continue;
      }
      const raw = record.field(f);
      const leaf = ids[j]!;
      if (raw.trim() === '')
        throw fail(
          f,
          'empty-score',
          `${leaf}: the score is empty: every loan needs a score from ${SCORE_MIN} to ${SCORE_MAX} on every leaf`,
          raw
        );
      if (Number.isNaN(x))
        throw fail(
          f,
          'not-a-number',
          `${leaf}: ${quote(raw)} is not a number: give a score from ${SCORE_MIN} to ${SCORE_MAX}`,
          raw
        );
      throw fail(
        f,
        'out-of-range',
        `${leaf}: ${raw.trim()} is outside the scores ${SCORE_MIN}-${SCORE_MAX}`,
        raw
      );
    }
    if (!outcomeChecked) checkOutcome();
    lines[n] = record.line;
    if (h.idField >= 0) idValues.push(record.field(h.idField));
    n++;
  };

  try {
    scanCsv(text, (record) => {
      lastLine = record.line;
      if (isBlankRecord(record)) return;
      if (!header) header = readHeader(text, record, ids, outcome);
      else readRow(record, header);
    });
  } catch (e) {
    if (e instanceof CsvError && !(e instanceof LoanFileError))
      throw new LoanFileError(e.line, e.column, 'csv-syntax', e.detail);
    throw e;
  }
  const h = header as Header | null;
  if (!h)
    throw new LoanFileError(
      1,
      1,
      'empty',
      `the file is empty: expected a header row with the leaf columns (${ids.join(', ')}) and the outcome column '${outcome}'`
    );
  if (n === 0) {
    const body = stripBom(text);
    const { line, column } = lineAndColumn(body, body.length);
    throw new LoanFileError(
      Math.max(line, lastLine),
      column,
      'no-loans',
      'the file has a header but no loans: add one row per loan'
    );
  }
  scores = scores.slice(0, n * p);
  const rows = Array.from({ length: n }, (_, i) => scores.subarray(i * p, (i + 1) * p));
  return {
    leaves: ids,
    rows,
    scores,
    outcomes: outcomes.slice(0, n),
    ids: h.idField >= 0 ? idValues : null,
    lines: lines.slice(0, n),
    buckets: buckets ? buckets.slice(0, n * p) : null,
    outcomeColumn: outcome,
    ignored: h.ignored,
    loans: n,
    defaults,
    repaid: n - defaults
  };
}
