/**
 * Reading a snapshot file: every class of bad input refused whole, with the line and column (the
 * character where the cell starts, as an editor counts) of each problem; the packed form gives every number back bit for bit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_PROBLEMS,
  monitorModel,
  packLoans,
  readSnapshot,
  SnapshotFileError,
  unpackLoans
} from '../../../src/lib/monitoring';
import type { WeightSet } from '../../../src/lib/weights';
import { NOW_CSV, scorecardWeightSet, THEN_CSV } from './fixtures';

let ws: WeightSet;
beforeAll(async () => {
  ws = await scorecardWeightSet();
});

const HEADER = 'id,x1,x2,y1,y2,y3,days_past_due,defaulted';

function problems(text: string) {
  try {
    readSnapshot(ws, text);
  } catch (e) {
    expect(e).toBeInstanceOf(SnapshotFileError);
    return (e as SnapshotFileError).problems.map((p) => [p.line, p.column, p.message]);
  }
  throw new Error('expected a refusal');
}

describe('snapshot files refused whole', () => {
  it('lists every problem of every row with its line and column', () => {
    const text = [
      HEADER,
      'A,good,0,clean,0,100,0,0',
      'B,Goood,0,clean,0,100,0,0', // unknown level, column 2
      'A,good,0,clean,0,100,0,0', // duplicate id
      ',good,0,clean,0,100,0,0', // empty id
      'C,good,0,clean,0,100,ten,0', // days past due
      'D,good,0,clean,0,100,0,2', // outcome
      'E,good,0,clean,0,100,0', // too few fields
      'F,good,0,,0,100,0,0', // y1 refuses a missing value
      'G\u0000,good,0,clean,0,100,0,0' // NUL in the id
    ].join('\n');
    const got = problems(text);
    expect(got.map(([line, column]) => [line, column])).toEqual([
      [3, 3], // x1 starts at the 3rd character of 'B,Goood,...'
      [4, 1],
      [5, 1],
      [6, 22],
      [7, 24],
      [8, 23], // just past the row's last field
      [9, 10],
      [10, 1]
    ]);
    expect(got[0]![2]).toMatch(/'Goood' is not a level of this indicator; did you mean 'Good'/);
    expect(got[1]![2]).toMatch(/loan 'A' appears twice \(also on line 2\)/);
    expect(got[2]![2]).toBe('the loan id is empty');
    expect(got[3]![2]).toMatch(/'ten' is not a number of days/);
    expect(got[4]![2]).toMatch(/'2' is not an outcome/);
    expect(got[5]![2]).toMatch(/7 fields, the header has 8/);
    expect(got[7]![2]).toMatch(/the loan id holds a NUL character/);
  });

  it('names the header problems', () => {
    expect(problems('x1,x2,y1,y2,y3\ngood,0,clean,0,100')[0]![2]).toMatch(/no 'id' column/);
    expect(problems('id,x1,x2,y1,y2\nA,good,0,clean,0')[0]![2]).toMatch(/no column for leaf y3/);
    expect(problems('id,x1,x1,x2,y1,y2,y3\n')[0]).toEqual([
      1,
      7,
      expect.stringMatching(/'x1' appears twice/)
    ]);
    expect(problems(`${HEADER},default\nA,good,0,clean,0,100,0,0,0`)[0]![2]).toMatch(
      /both 'defaulted' and 'default'/
    );
  });

  it('refuses an empty file, a header without loans, and broken quoting', () => {
    expect(problems('')[0]![2]).toMatch(/the file is empty/);
    expect(problems('\n\n')[0]![2]).toMatch(/the file is empty/);
    expect(problems(`${HEADER}\n`)[0]).toEqual([
      2,
      1,
      expect.stringMatching(/header but no loans/)
    ]);
    expect(problems(`${HEADER}\n"A,good,0,clean,0,100,0,0`)[0]![0]).toBe(2);
  });

  it('lists the first problems and counts the rest', () => {
    const rows = Array.from({ length: 30 }, (_, k) => `L${k},bad,0,clean,0,100,,`);
    try {
      readSnapshot(ws, [HEADER, ...rows].join('\n'));
      expect.unreachable();
    } catch (e) {
      const err = e as SnapshotFileError;
      expect(err.problems).toHaveLength(MAX_PROBLEMS);
      expect(err.total).toBe(30);
      expect(err.message).toMatch(/; and 10 more$/);
    }
  });

  it('reads `default` as the outcome, a BOM, empty status cells, and lists ignored columns', () => {
    const r = readSnapshot(
      ws,
      `\uFEFFid,x1,x2,y1,y2,y3,default,branch\nA,good,0,clean,0,100,,north\nB,good,0,clean,0,100,1,south`
    );
    expect(Array.from(r.loans.defaulted)).toEqual([-1, 1]);
    expect(Array.from(r.loans.daysPastDue)).toEqual([-1, -1]);
    expect(r.ignored).toEqual(['branch']);
  });
});

describe('packed loans', () => {
  it('keep the missing-value points of a level scale', () => {
    const { scales } = monitorModel(ws);
    // x1 scores a missing value as its worst level (0, "poor"); y2 as 20 points (numeric).
    const { loans } = readSnapshot(ws, 'id,x1,x2,y1,y2,y3\nA,,0,clean,,50');
    expect(Array.from(loans.points)).toEqual([0, 100, 100, 20, 50]);
    expect(unpackLoans(packLoans(loans, scales), loans.ids, scales)).toEqual(loans);
  });

  it('come back bit for bit', () => {
    const { scales } = monitorModel(ws);
    for (const text of [THEN_CSV, NOW_CSV]) {
      const { loans } = readSnapshot(ws, text);
      const back = unpackLoans(packLoans(loans, scales), loans.ids, scales);
      expect(back).toEqual(loans);
    }
    const { loans } = readSnapshot(ws, THEN_CSV);
    // Numbers of numeric indicators (x2 at index 1, y2 at 3, y3 at 4) and totals are kept bit for bit.
    loans.totals[0] = 0.1 + 0.2;
    loans.points[1] = Math.PI;
    loans.points[4] = 1 / 3;
    const back = unpackLoans(packLoans(loans, scales), loans.ids, scales);
    expect(back.totals[0]).toBe(0.30000000000000004);
    expect(back.points[1]).toBe(Math.PI);
    expect(back.points[4]).toBe(1 / 3);
    // x1 and y1 store their level (1 byte a loan): 5 loans x (8 total + 3 x 8 numeric + 4 + 1 + 1 + 2).
    expect(packLoans(loans, scales).byteLength).toBe(5 * 40);
    expect(() => unpackLoans(packLoans(loans, scales), loans.ids.slice(1), scales)).toThrow(
      /do not hold 4 loans/
    );
    loans.points[0] = 61; // x1 has no level of 61 points
    expect(() => packLoans(loans, scales)).toThrow(/L1 has 61 points on indicator 1/);
  });
});
