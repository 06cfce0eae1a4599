/** The RFC 4180 reader and writer (src/lib/weights/csv.ts). */
import { describe, expect, test } from 'vitest';
import { CsvError, fieldPosition, parseCsv, writeCsv, csvField } from '../../../src/lib/weights';

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
    expect(csvField('农户')).toBe('农户');
  });

  test('round trip', () => {
    const rows = [
      ['a', 'b,c', '"q"', ''],
      ['\r\n', ' x ', '信用', '1e-9']
    ];
    expect(fields(writeCsv(rows))).toEqual(rows);
  });
});
