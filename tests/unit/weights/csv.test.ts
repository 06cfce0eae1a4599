/** The RFC 4180 reader and writer (src/lib/weights/csv.ts). */
import { describe, expect, test } from 'vitest';
import {
  CsvError,
  fieldPosition,
  parseCsv,
  readCsvText,
  writeCsv,
  csvCell
} from '../../../src/lib/weights';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

function csvError(text: string): CsvError {
  try {
    parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('expected a CsvError');
}

describe('reading', () => {
  test('plain fields, CRLF, LF and CR line ends, a final line break or none', () => {
    expect(fields('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd']
    ]);
    expect(fields('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd']
    ]);
    expect(fields('a\rb\r')).toEqual([['a'], ['b']]);
    expect(fields('')).toEqual([]);
  });

  test('empty fields and blank lines', () => {
    expect(fields(',a,\n\n,')).toEqual([['', 'a', ''], [''], ['', '']]);
  });

  test('quoted fields: commas, line breaks and doubled quotes inside, empty quotes', () => {
    expect(fields('"a,b","say ""hi""","line1\r\nline2",""\n')).toEqual([
      ['a,b', 'say "hi"', 'line1\r\nline2', '']
    ]);
  });

  test('a byte-order mark is dropped', () => {
    expect(fields('\uFEFFid,C1\n1,2')).toEqual([
      ['id', 'C1'],
      ['1', '2']
    ]);
  });

  test('records know their line, also after a field spanning lines', () => {
    const records = parseCsv('h1,h2\n"a\nb",c\nd,e\r\nf,g\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  test('fieldPosition: the line and column where a field starts', () => {
    const text = '\uFEFFid,name,C1\nA,"x, ""y""",3\n"B\nB",z,44\n';
    const records = parseCsv(text);
    expect(fieldPosition(text, records[1]!, 2)).toEqual({ line: 2, column: 14 });
    expect(fieldPosition(text, records[2]!, 1)).toEqual({ line: 4, column: 4 });
    expect(fieldPosition(text, records[2]!, 2)).toEqual({ line: 4, column: 6 });
    // Past the last field: just after it.
    expect(fieldPosition(text, records[0]!, 3)).toEqual({ line: 1, column: 11 });
  });
});

describe('malformed CSV: line and column', () => {
  test('a quote never closed', () => {
    const e = csvError('id,C1\nA,"3\nB,4\n');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.message).toMatch(/^line 2, column 3: a quoted field is never closed/);
  });

  test('a quote inside an unquoted field', () => {
    const e = csvError('id,C1\nA,3"4\n');
    expect([e.line, e.column]).toEqual([2, 4]);
    expect(e.detail).toMatch(/inside an unquoted field/);
  });

  test('text after a closing quote', () => {
    const e = csvError('id,C1\r\n"A" x,3\r\n');
    expect([e.line, e.column]).toEqual([2, 4]);
    expect(e.detail).toMatch(/after a closing quote/);
  });

  test('lines count inside quoted fields', () => {
    const e = csvError('a,"x\ny"\nb,c"d\n');
    expect([e.line, e.column]).toEqual([3, 4]);
  });
});

describe('writing', () => {
  test('quotes only where needed; CRLF after every record', () => {
    expect(
      writeCsv([
        ['id', 'label'],
        ['1', 'a, b'],
        ['2', 'say "hi"'],
        ['3', 'two\nlines'],
        ['4', ' padded'],
        ['5', '-3']
      ])
    ).toBe('id,label\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\nlines"\r\n4," padded"\r\n5,-3\r\n');
    expect(csvCell('农户')).toBe('农户');
  });

  test('numbers stay numbers, null is an empty field', () => {
    // The survey coding's negative judgments must reach R's read.csv as numbers.
    expect(writeCsv([[-3, 0.25, -0, 1e-9, null, 'x']])).toBe('-3,0.25,0,1e-9,,x\r\n');
  });

  test('text a spreadsheet would run as a formula gets a leading apostrophe', () => {
    // The classes of OWASP's "CSV Injection": = + - @, and a leading tab or carriage return.
    const cells = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', '=HYPERLINK("h")'];
    expect(writeCsv([cells])).toBe(
      `'=1+1,'+SUM(A1),'-2+3,'@cmd,'\t=x,"'\r=x","'=HYPERLINK(""h"")"\r\n`
    );
    // Plain numbers written as text are no formula and stay as they are.
    expect(writeCsv([['-3', '+1.5', '-1e-3']])).toBe('-3,+1.5,-1e-3\r\n');
    // Reading undoes it: every cell comes back as written.
    const back = parseCsv(writeCsv([cells]))[0]!.fields.map(readCsvText);
    expect(back).toEqual(cells);
  });

  test('round trip', () => {
    const rows = [
      ['a', 'b,c', '"q"', ''],
      ['\r\n', ' x ', '信用', '1e-9']
    ];
    // '\r\n' starts with a carriage return: written defused, read back as it was.
    expect(fields(writeCsv(rows)).map((r) => r.map(readCsvText))).toEqual(rows);
  });
});
