/**
 * CSV text in and out (RFC 4180, with the usual relaxations): fields separated by commas;
 * records end with CRLF, LF or a lone CR; a field may be quoted with double quotes, inside which
 * commas and line breaks are data and a doubled quote ("") is one quote; a leading byte-order
 * mark is ignored; a line break at the end of the text does not start another record.
 *
 * Strict where a mistake would silently shift data: a quote inside an unquoted field, text after
 * a closing quote and a quote that is never closed are errors with the line and column.
 * No dependency: Pairwise reads and writes only its own simple tables.
 */
import { problem, problemEnglish, type Problem } from '../problem';

/** Malformed CSV or an unusable value in it, with the 1-based line and column of the problem. */
export class CsvError extends Error {
  /** What is wrong in English (the message without the position). */
  readonly detail: string;
  /** What is wrong as a code, for a page to word in its language (English only: `input-other`). */
  readonly problem: Problem;
  constructor(
    readonly line: number,
    readonly column: number,
    what: string | Problem
  ) {
    const detail = typeof what === 'string' ? what : problemEnglish(what);
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'CsvError';
    this.detail = detail;
    this.problem = typeof what === 'string' ? problem('input-other', { message: what }) : what;
  }
}

/** One record: its fields, and where it starts in the text (for locating a field later). */
export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
  /** Offset of the record's first character in the text (after any byte-order mark). */
  offset: number;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** The text without a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) {
      line++;
      start = k + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * One record during a scan: where each field's content lies in the text (between the quotes for
 * a quoted field), so that a reader can take numbers straight from the text without making a
 * string of every field. Valid only inside the callback; the arrays are reused.
 */
export class CsvCursor {
  /** The text being scanned (without a byte-order mark). */
  readonly text: string;
  /** Number of fields of the current record. */
  count = 0;
  /** 1-based line on which the record starts. */
  line = 1;
  /** Offset of the record's first character. */
  offset = 0;
  /** Per field: content start and end offsets, and 0 unquoted, 1 quoted, 2 quoted with "". */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);

  constructor(text: string) {
    this.text = text;
  }

  /** The value of field k (quotes removed, "" made one quote). */
  field(k: number): string {
    const value = this.text.slice(this.starts[k]!, this.ends[k]!);
    return this.quoted[k] === 2 ? value.replaceAll('""', '"') : value;
  }

  /** The values of all fields of the record. */
  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.field(k);
    return out;
  }

  /** @internal */
  push(start: number, end: number, quoted: number): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.quoted = grow(this.quoted, (n) => new Uint8Array(n));
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.quoted[this.count] = quoted;
    this.count++;
  }
}

/**
 * Scans CSV text record by record, calling `onRecord` with a cursor on each (see CsvCursor).
 * A leading byte-order mark is dropped; offsets and columns count from the character after it.
 * @throws CsvError at the first syntax error: a quote inside an unquoted field, a character
 *   other than a comma or line break after a closing quote, a quoted field never closed
 */
export function scanCsv(input: string, onRecord: (record: CsvCursor) => void): void {
  const text = stripBom(input);
  const cursor = new CsvCursor(text);
  const n = text.length;
  let i = 0;
  let line = 1;
  const fail = (at: number, what: Problem): never => {
    const { line: l, column } = lineAndColumn(text, at);
    throw new CsvError(l, column, what);
  };
  while (i < n) {
    cursor.count = 0;
    cursor.line = line;
    cursor.offset = i;
    for (;;) {
      // One field starting at i.
      if (text.charCodeAt(i) === QUOTE) {
        const open = i;
        let escaped = false;
        let q = i;
        for (;;) {
          q = text.indexOf('"', q + 1);
          if (q === -1) fail(open, problem('csv-unclosed-quote'));
          if (text.charCodeAt(q + 1) !== QUOTE) break;
          escaped = true;
          q++;
        }
        cursor.push(open + 1, q, escaped ? 2 : 1);
        // Line breaks inside the quotes still count as lines.
        for (let k = open; k < q; k++) {
          const c = text.charCodeAt(k);
          if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) line++;
        }
        i = q + 1;
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR)
          fail(i, problem('csv-after-quote', { found: text[i]! }));
      } else {
        const start = i;
        let c = text.charCodeAt(i);
        while (i < n && c !== COMMA && c !== LF && c !== CR) {
          if (c === QUOTE) fail(i, problem('csv-quote-inside'));
          c = text.charCodeAt(++i);
        }
        cursor.push(start, i, 0);
      }
      // After a field: a comma (another field), a line break or the end (end of record).
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }
    onRecord(cursor);
  }
}

/**
 * Parses CSV text into records (the header, if any, is the first record); see scanCsv.
 * @throws CsvError at the first syntax error
 */
export function parseCsv(input: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  scanCsv(input, (c) => records.push({ fields: c.fields(), line: c.line, offset: c.offset }));
  return records;
}

/** Whether a record is a blank line (one empty field). */
export function isBlankRecord(record: CsvRecord | CsvCursor): boolean {
  return record instanceof CsvCursor
    ? record.count === 1 && record.starts[0] === record.ends[0]
    : record.fields.length === 1 && record.fields[0] === '';
}

/**
 * The 1-based line and column where field `index` of `record` starts (one past the end of the
 * record's last field when `index` is beyond it), for error messages.
 * @param text the same text that was parsed
 */
export function fieldPosition(
  text: string,
  record: Pick<CsvRecord, 'offset'>,
  index: number
): { line: number; column: number } {
  const body = stripBom(text);
  let i = record.offset;
  let field = 0;
  while (field < index && i < body.length) {
    let c = body.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      for (;;) {
        const q = body.indexOf('"', i);
        if (q === -1) return lineAndColumn(body, body.length);
        if (body.charCodeAt(q + 1) === QUOTE) i = q + 2;
        else {
          i = q + 1;
          break;
        }
      }
      c = body.charCodeAt(i);
    } else {
      while (i < body.length) {
        c = body.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        i++;
      }
    }
    if (c !== COMMA) break; // end of the record: point just past its last field
    i++;
    field++;
  }
  return lineAndColumn(body, i);
}

/* ---------- writing: the one CSV writer of every export ---------- */

/** A cell: text, a number (written as a number), or null (empty: no value). */
export type CsvCell = string | number | null;

/** Text that a spreadsheet would run as a formula (or that starts with a control character). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Text as a spreadsheet should show it: text that starts with "=", "+", "-", "@", a tab or a
 * carriage return gets a leading apostrophe, so that no spreadsheet runs it as a formula
 * (CSV injection: OWASP, "CSV Injection"). Plain numbers written as text ("-3") are left alone:
 * they are no formula. readCsvText undoes it.
 */
export function defuseCsvText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Text as written by defuseCsvText, back as it was: the leading apostrophe removed. */
export function readCsvText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * A cell as CSV (RFC 4180): a number as the shortest text that reads back as the same double;
 * null as an empty field; text defused (defuseCsvText) and quoted when it holds a comma, quote,
 * CR or LF, or starts or ends with a space.
 */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = defuseCsvText(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Writes records as CSV with CRLF line endings (RFC 4180), every line ended, fields quoted only
 * where needed: the one CSV writer of Pairwise's exports (responses, weights, invitations,
 * scores, loan files). Pass numbers as numbers, so that they stay numbers (the survey coding's
 * negative judgments), and text as strings, so that it is defused.
 */
export function writeCsv(records: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  let out = '';
  for (const record of records) out += record.map(csvCell).join(',') + '\r\n';
  return out;
}
