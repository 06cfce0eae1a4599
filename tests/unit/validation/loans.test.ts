/**
 * Reading loan files (src/lib/validation/loans.ts): the round trip with loansToCsv, what a
 * well-formed file may vary (column order, extra columns, quoting, BOM, line ends, blank lines),
 * and each kind of malformed file, refused whole with its line and column. Expected positions are
 * counted by hand from the text written in each test (1-based, as an editor counts them).
 */
import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../src/lib/weights';
import {
  FARM_CREDIT_LEAVES,
  LoanFileError,
  ValidationInputError,
  loansToCsv,
  readLoans,
  syntheticLoans,
  type LoanFileProblem
} from '../../../src/lib/validation';
import { TRUE_WEIGHTS } from './helpers';

const LEAVES = [...FARM_CREDIT_LEAVES];
const HEADER = ['id', ...LEAVES, 'default'];

/** A CSV from rows of cells, CRLF line ends. */
function csv(rows: string[][]): string {
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** A loan row: id, fifteen scores, outcome. */
function loan(id: string, score = '50', outcome = '0'): string[] {
  return [id, ...LEAVES.map(() => score), outcome];
}

/** The 1-based column where field k of an unquoted row starts. */
function columnOf(row: string[], k: number): number {
  return 1 + row.slice(0, k).reduce((s, f) => s + f.length + 1, 0);
}

function refused(
  text: string,
  code: LoanFileProblem,
  line: number,
  column: number,
  ...parts: string[]
): LoanFileError {
  let caught: unknown;
  try {
    readLoans(text, LEAVES);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a LoanFileError').toBeInstanceOf(LoanFileError);
  const e = caught as LoanFileError;
  expect(e).toBeInstanceOf(CsvError);
  expect({ code: e.code, line: e.line, column: e.column }, e.message).toEqual({
    code,
    line,
    column
  });
  expect(e.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
  for (const p of parts) expect(e.message).toContain(p);
  return e;
}

describe('readLoans: well-formed files', () => {
  it('reads back what loansToCsv writes: scores, outcomes, ids, lines', () => {
    const s = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 300, defaultRate: 0.2, seed: 3 });
    const file = readLoans(loansToCsv(s), LEAVES);
    expect(file.leaves).toEqual(LEAVES);
    expect(file.loans).toBe(300);
    expect(file.rows.map((r) => Array.from(r))).toEqual(s.rows);
    expect(Array.from(file.outcomes)).toEqual(s.outcomes);
    expect(file.ids).toEqual(s.ids);
    expect(Array.from(file.lines)).toEqual(Array.from({ length: 300 }, (_, i) => i + 2));
    expect(file.defaults).toBe(s.outcomes.filter((y) => y === 1).length);
    expect(file.repaid).toBe(300 - file.defaults);
    expect(file.outcomeColumn).toBe('default');
    expect(file.ignored).toEqual([]);
    // scores is the same data loan by loan.
    expect(Array.from(file.scores.subarray(15, 30))).toEqual(s.rows[1]);
  });

  it('takes the columns in any order, in the order asked for; ignores and lists others', () => {
    const header = ['default', 'branch', ...[...LEAVES].reverse()];
    const row = ['1', 'north', ...LEAVES.map((_, j) => String(15 - j))];
    const file = readLoans(csv([header, row]), LEAVES);
    expect(Array.from(file.rows[0]!)).toEqual(LEAVES.map((_, j) => j + 1));
    expect(Array.from(file.outcomes)).toEqual([1]);
    expect(file.ids).toBeNull();
    expect(file.ignored).toEqual(['branch']);
  });

  it('reads only the leaves asked for (another weight set may have fewer)', () => {
    const file = readLoans(csv([HEADER, loan('a', '70')]), ['C3', 'C1']);
    expect(file.leaves).toEqual(['C3', 'C1']);
    expect(Array.from(file.rows[0]!)).toEqual([70, 70]);
    expect(file.ignored).toEqual(LEAVES.filter((l) => l !== 'C1' && l !== 'C3'));
  });

  it('accepts a BOM, LF line ends, quoted cells, spaces around numbers, decimals and blank lines', () => {
    const row = ['"L 1"', '" 12.5 "', ...LEAVES.slice(1).map(() => ' 7e1'), ' 1 '];
    const text = `\uFEFF${HEADER.join(',')}\n\n${row.join(',')}\n\n`;
    const file = readLoans(text, LEAVES);
    expect(file.ids).toEqual(['L 1']);
    expect(Array.from(file.rows[0]!)).toEqual([12.5, ...LEAVES.slice(1).map(() => 70)]);
    expect(Array.from(file.outcomes)).toEqual([1]);
    expect(Array.from(file.lines)).toEqual([3]);
  });

  it('reads another outcome column when named; scores 0 and 100 are in range', () => {
    const header = ['npl', ...LEAVES];
    const text = csv([header, ['0', ...LEAVES.map(() => '0')], ['1', ...LEAVES.map(() => '100')]]);
    const file = readLoans(text, LEAVES, { outcome: 'npl' });
    expect(file.outcomeColumn).toBe('npl');
    expect(Array.from(file.outcomes)).toEqual([0, 1]);
    expect(Array.from(file.rows[1]!)).toEqual(LEAVES.map(() => 100));
  });

  it('refuses bad arguments with a ValidationInputError', () => {
    expect(() => readLoans('a', [])).toThrow(ValidationInputError);
    expect(() => readLoans('a', ['C1', 'C1'])).toThrow(/appears twice/);
    expect(() => readLoans('a', LEAVES, { outcome: ' ' })).toThrow(/needs a name/);
  });
});

describe('readLoans: malformed files are refused whole, with line and column', () => {
  it('an empty file, or one of blank lines', () => {
    refused('', 'empty', 1, 1, 'the file is empty');
    refused('\r\n\r\n', 'empty', 1, 1, 'header row');
  });

  it('a header and no loans', () => {
    refused(csv([HEADER]), 'no-loans', 2, 1, 'no loans');
  });

  it('no outcome column: at the end of the header, with a hint for a near name', () => {
    const header = ['id', ...LEAVES];
    const end = header.join(',').length + 1;
    refused(
      csv([header, ['a', ...LEAVES.map(() => '1')]]),
      'no-outcome-column',
      1,
      end,
      "'default'"
    );
    const cased = ['id', ...LEAVES, 'Default'];
    const e = refused(
      csv([cased, loan('a')]),
      'no-outcome-column',
      1,
      cased.join(',').length + 1,
      "did you mean 'Default'?"
    );
    expect(e.field).toBe('default');
    // With the name given, the same file reads.
    expect(readLoans(csv([cased, loan('a')]), LEAVES, { outcome: 'Default' }).loans).toBe(1);
  });

  it('a leaf column missing: named, at the end of the header', () => {
    const header = HEADER.filter((h) => h !== 'C7' && h !== 'C12');
    const e = refused(
      csv([header, loan('a').slice(0, header.length)]),
      'missing-leaf',
      1,
      header.join(',').length + 1,
      'no column for leaf C7, C12'
    );
    expect(e.field).toBe('C7');
  });

  it('a duplicate header: at the second occurrence', () => {
    const header = [...HEADER.slice(0, 5), 'C3', ...HEADER.slice(5)];
    const e = refused(
      csv([header, [...loan('a'), '1']]),
      'duplicate-column',
      1,
      columnOf(header, 5),
      "column 'C3' appears twice",
      'also column 4'
    );
    expect(e.field).toBe('C3');
  });

  it('a header cell without a name', () => {
    const header = [...HEADER.slice(0, 3), ' ', ...HEADER.slice(3)];
    refused(
      csv([header, [...loan('a'), '']]),
      'unnamed-column',
      1,
      columnOf(header, 3),
      'column 4'
    );
  });

  it('the outcome column named like a leaf', () => {
    expect(() => readLoans(csv([HEADER, loan('a')]), LEAVES, { outcome: 'C2' })).toThrow(
      /named like a leaf/
    );
  });

  it('a non-numeric score: line and column of the cell, leaf named', () => {
    const bad = loan('L3');
    bad[5] = 'abc'; // C5
    const e = refused(
      csv([HEADER, loan('L1'), loan('L2'), bad]),
      'not-a-number',
      4,
      columnOf(bad, 5),
      "C5: 'abc' is not a number"
    );
    expect(e.field).toBe('C5');
    expect(e.value).toBe('abc');
  });

  it('out-of-range scores, above and below', () => {
    const high = loan('L1');
    high[15] = '100.5'; // C15
    refused(csv([HEADER, high]), 'out-of-range', 2, columnOf(high, 15), 'C15: 100.5 is outside');
    const low = loan('L1');
    low[1] = '-1'; // C1
    refused(csv([HEADER, loan('L0'), low]), 'out-of-range', 3, columnOf(low, 1), 'C1: -1');
  });

  it('an empty score', () => {
    const row = loan('L1');
    row[9] = '';
    refused(csv([HEADER, row]), 'empty-score', 2, columnOf(row, 9), 'C9: the score is empty');
  });

  it('outcomes other than 0/1: 2, yes, empty', () => {
    for (const value of ['2', 'yes', '', '0.5']) {
      const row = loan('L1', '50', value);
      refused(
        csv([HEADER, loan('L0'), row]),
        'not-binary',
        3,
        columnOf(row, 16),
        'default: ',
        'write 1 for a loan that defaulted'
      );
    }
  });

  it('a row with the wrong number of fields', () => {
    const short = loan('L1').slice(0, 10);
    refused(
      csv([HEADER, short]),
      'field-count',
      2,
      short.join(',').length + 1,
      'this row has 10 fields, the header has 17'
    );
    const long = [...loan('L1'), 'x'];
    refused(csv([HEADER, long]), 'field-count', 2, columnOf(long, 17), '18 fields');
  });

  it('malformed CSV (an unclosed quote)', () => {
    const text = `${HEADER.join(',')}\r\n"L1,${LEAVES.map(() => '1').join(',')},0\r\n`;
    refused(text, 'csv-syntax', 2, 1, 'never closed');
  });

  it('reports the leftmost problem of a row: the outcome before a later leaf', () => {
    const header = ['id', 'default', ...LEAVES];
    const row = ['L1', 'maybe', ...LEAVES.map(() => 'x')];
    refused(csv([header, row]), 'not-binary', 2, columnOf(row, 1));
  });

  it('nothing from a half-read file: a bad last row refuses the thousand before it', () => {
    const s = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 1000, defaultRate: 0.1, seed: 5 });
    const text = `${loansToCsv(s)}L9999,${LEAVES.map(() => '1').join(',')},3\r\n`;
    refused(text, 'not-binary', 1002, `L9999,${LEAVES.map(() => '1').join(',')},`.length + 1);
  });
});
