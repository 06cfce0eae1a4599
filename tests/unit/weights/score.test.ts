/**
 * The scorer against hand computations with the preset weight set of fixtures.ts (leaf weights
 * x1 0.3, x2 0.3, y1 0.2, y2 0.1, y3 0.1), grades exactly on and just below the cut-offs, and
 * bad rows in strict and default mode.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import {
  compileScorer,
  CsvError,
  gradeOf,
  parseScore,
  scoreApplicants,
  scoreCsv,
  scoredApplicants,
  ScoreRowError,
  scoresCsv,
  scoresJson,
  parseCsv,
  type WeightSet
} from '../../../src/lib/weights';
import { demoWeightSet, presetWeightSet } from './fixtures';

let ws: WeightSet;
let demo: WeightSet;
beforeAll(async () => {
  ws = await presetWeightSet();
  demo = (await demoWeightSet({ bootstrap: false })).ws;
});

const HEADER = 'id,x1,x2,y1,y2,y3';

describe('totals and contributions', () => {
  test('by hand: 0.3*80 + 0.3*60 + 0.2*100 + 0.1*0 + 0.1*50 = 67 -> BBB', () => {
    const report = scoreCsv(ws, `${HEADER}\nA-1,80,60,100,0,50\n`);
    const a = scoredApplicants(report)[0]!;
    expect(a.passthrough).toEqual(['A-1']);
    expect(a.contributions).toEqual([24, 18, 20, 0, 5]);
    expect(a.total).toBeCloseTo(67, 12);
    expect(a.grade).toBe('BBB');
    expect(report.skipped).toEqual([]);
  });

  test('columns in any order, decimals, spaces, extra columns passed through with id first', () => {
    const report = scoreCsv(ws, 'name,y3,y2,y1,x2,x1,id\n"Li, Ming",10, 20 ,30.5,40,1e1,7\n');
    const a = scoredApplicants(report)[0]!;
    expect(report.passthrough).toEqual(['id', 'name']);
    expect(a.passthrough).toEqual(['7', 'Li, Ming']);
    const expected = 0.3 * 10 + 0.3 * 40 + 0.2 * 30.5 + 0.1 * 20 + 0.1 * 10;
    expect(a.total).toBeCloseTo(expected, 12);
    // The contributions add up to the total in leaf order.
    expect(a.contributions.reduce((s, c) => s + c, 0)).toBe(a.total);
  });

  test('the demo weights: total = sum of weight x score in leaf order, exactly', () => {
    const scores = demo.leaves.map((_, k) => (k * 7) % 101);
    const report = scoreCsv(
      demo,
      `${demo.leaves.map((l) => l.id).join(',')}\n${scores.join(',')}\n`
    );
    let total = 0;
    demo.leaves.forEach((l, k) => (total += l.globalWeight * scores[k]!));
    expect(scoredApplicants(report)[0]!.total).toBe(total);
  });

  test('object rows: numbers or numeric strings', () => {
    const report = scoreApplicants(ws, [
      { id: 'a', x1: 100, x2: '100', y1: 100, y2: 100, y3: 100 },
      { id: 'b', x1: 0, x2: 0, y1: 0, y2: 0, y3: 0 }
    ]);
    expect(scoredApplicants(report).map((a) => [a.passthrough[0], a.grade])).toEqual([
      ['a', 'AAA'],
      ['b', 'D']
    ]);
  });
});

describe('grade boundaries', () => {
  test('a total on a cut-off reaches it; within 1e-9 below counts as on it; more below does not', () => {
    const s = compileScorer(demo);
    for (const { grade, minScore } of demo.grading.bands) {
      expect(gradeOf(s, minScore)).toBe(grade);
      expect(gradeOf(s, minScore - 1e-10)).toBe(grade);
      if (minScore > 0) expect(gradeOf(s, minScore - 1e-8)).not.toBe(grade);
    }
    expect(gradeOf(s, 100)).toBe('AAA');
    expect(gradeOf(s, 89.99)).toBe('AA');
    expect(gradeOf(s, 0)).toBe('D');
  });

  test('every score equal to a cut-off gets that grade, whatever the rounding of the weights', () => {
    const ids = demo.leaves.map((l) => l.id);
    const rows = demo.grading.bands.map((b) => ids.map(() => b.minScore).join(','));
    const report = scoreCsv(demo, `${ids.join(',')}\n${rows.join('\n')}\n`);
    expect(scoredApplicants(report).map((a) => a.grade)).toEqual(
      demo.grading.bands.map((b) => b.grade)
    );
    // Totals are not rounded: the sum of the weights is 1 only within 1e-12.
    scoredApplicants(report).forEach((a, k) =>
      expect(Math.abs(a.total - demo.grading.bands[k]!.minScore)).toBeLessThan(1e-9)
    );
  });

  test('custom bands', async () => {
    const two = await presetWeightSet([
      { grade: 'lend', minScore: 60 },
      { grade: 'refuse', minScore: 0 }
    ]);
    const report = scoreCsv(two, `${HEADER}\na,60,60,60,60,60\nb,59.9,60,60,60,60\n`);
    expect(scoredApplicants(report).map((a) => a.grade)).toEqual(['lend', 'refuse']);
  });
});

describe('bad rows', () => {
  const text = [
    HEADER,
    'ok-1,50,50,50,50,50',
    'missing,50,50,50,50',
    'empty,50,,50,50,50',
    'letters,50,50,abc,50,50',
    'negative,50,50,50,-1,50',
    'too-high,50,50,50,50,100.5',
    '',
    '"two',
    'lines",50,50,50,50,1e3',
    'ok-2,100,100,100,100,100',
    'extra,50,50,50,50,50,50'
  ].join('\r\n');

  test('default: skipped and listed by row, line and column', () => {
    const report = scoreCsv(ws, text);
    expect(scoredApplicants(report).map((a) => a.passthrough[0])).toEqual(['ok-1', 'ok-2']);
    expect(report.skipped.map((p) => p.message)).toEqual([
      'row 2 (line 3): 5 fields, the header has 6',
      'row 3 (line 4) column x2: empty: give a score from 0 to 100',
      "row 4 (line 5) column y1: 'abc' is not a number",
      'row 5 (line 6) column y2: -1 is outside 0-100',
      'row 6 (line 7) column y3: 100.5 is outside 0-100',
      'row 7 (line 9) column y3: 1e3 is outside 0-100',
      'row 9 (line 12): 7 fields, the header has 6'
    ]);
    expect(report.skipped[2]).toEqual({
      row: 4,
      line: 5,
      column: 'y1',
      message: "row 4 (line 5) column y1: 'abc' is not a number"
    });
    expect(scoredApplicants(report)[1]!.row).toBe(8);
  });

  test('strict: stops at the first', () => {
    try {
      scoreCsv(ws, text, { strict: true });
      throw new Error('expected a ScoreRowError');
    } catch (e) {
      expect(e).toBeInstanceOf(ScoreRowError);
      expect((e as ScoreRowError).problem).toEqual({
        row: 2,
        line: 3,
        column: null,
        message: 'row 2 (line 3): 5 fields, the header has 6'
      });
    }
    expect(() => scoreCsv(ws, `${HEADER}\na,1,2,3,4,x\n`, { strict: true })).toThrow(
      "row 1 (line 2) column y3: 'x' is not a number"
    );
  });

  test('the leftmost bad cell of a row is the one named', () => {
    const report = scoreCsv(ws, 'y3,x1,x2,y1,y2\nx,x,1,1,1\n');
    expect(report.skipped[0]!.column).toBe('y3');
  });

  test('object rows: a missing key, null, a non-numeric value', () => {
    const report = scoreApplicants(ws, [
      { x1: 1, x2: 1, y1: 1, y2: 1 },
      { x1: 1, x2: null, y1: 1, y2: 1, y3: 1 },
      { x1: 1, x2: 1, y1: true, y2: 1, y3: 1 },
      { x1: 1, x2: 1, y1: 1, y2: NaN, y3: 1 }
    ]);
    expect(report.skipped.map((p) => p.message)).toEqual([
      'row 1 column y3: missing: give a score from 0 to 100',
      'row 2 column x2: missing: give a score from 0 to 100',
      "row 3 column y1: 'true' is not a number",
      "row 4 column y2: 'NaN' is not a number"
    ]);
    expect(() => scoreApplicants(ws, [{ x1: 1 }], { strict: true })).toThrow(ScoreRowError);
  });
});

describe('unusable headers: the whole file is refused', () => {
  const refused = (text: string) => {
    try {
      scoreCsv(ws, text);
    } catch (e) {
      if (e instanceof CsvError) return e.message;
      throw e;
    }
    throw new Error('expected a CsvError');
  };

  test('a leaf without a column, a duplicate, a nameless or clashing column, nothing at all', () => {
    expect(refused('id,x1,x2,y1,y2\n1,1,1,1,1\n')).toBe(
      'line 1, column 15: the header has no column for leaf y3 (the weight set scores x1, x2, y1, y2, y3)'
    );
    expect(refused(`${HEADER},x2\n`)).toBe(
      "line 1, column 19: column 'x2' appears twice (also column 3)"
    );
    expect(refused(`${HEADER},\n`)).toMatch(/column without a name/);
    expect(refused(`${HEADER},total\n`)).toMatch(/'total' would clash with the output column/);
    expect(refused(`${HEADER},contribution_x1\n`)).toMatch(/would clash/);
    expect(refused('')).toMatch(/^line 1, column 1: the file is empty/);
    expect(refused(`${HEADER}\n"a,1\n`)).toMatch(/never closed/);
  });
});

describe('output', () => {
  test('CSV: pass-through columns, total, grade, contribution per leaf, full numbers', () => {
    const report = scoreCsv(ws, `name,id,${HEADER.slice(3)}\nLi,A-1,80,60,100,0,50\n`);
    const rows = parseCsv(scoresCsv(report)).map((r) => r.fields);
    expect(rows[0]).toEqual([
      'id',
      'name',
      'total',
      'grade',
      'contribution_x1',
      'contribution_x2',
      'contribution_y1',
      'contribution_y2',
      'contribution_y3'
    ]);
    expect(rows[1]).toEqual([
      'A-1',
      'Li',
      String(scoredApplicants(report)[0]!.total),
      'BBB',
      '24',
      '18',
      '20',
      '0',
      '5'
    ]);
  });

  test('JSON', () => {
    const report = scoreCsv(
      ws,
      `${HEADER},branch\nA-1,80,60,100,0,50,north\nbad,x,1,1,1,1,south\n`
    );
    const out = scoresJson(report, ws);
    expect(out.weightSet).toEqual({
      name: 'Preset weights',
      surveyId: 'preset',
      hash: ws.hash.value
    });
    expect(out.scored).toBe(1);
    expect(out.skipped).toEqual([
      { row: 2, line: 3, column: 'x1', message: "row 2 (line 3) column x1: 'x' is not a number" }
    ]);
    expect(out.applicants[0]).toEqual({
      row: 1,
      id: 'A-1',
      columns: { branch: 'north' },
      total: scoredApplicants(report)[0]!.total,
      grade: 'BBB',
      contributions: { x1: 24, x2: 18, y1: 20, y2: 0, y3: 5 }
    });
  });

  test('parseScore reads exactly what Number() reads (its fast path included)', () => {
    const random = seededRandom(3);
    for (let k = 0; k < 20_000; k++) {
      const digits = Math.floor(random() * 8);
      const x = random() * 10 ** Math.floor(random() * 4);
      const text = (random() < 0.2 ? '-' : '') + x.toFixed(digits);
      expect(Object.is(parseScore(text), Number(text)), text).toBe(true);
    }
    for (const text of [
      '0.1',
      '0.3',
      '99.99999999999999',
      '1234567890.12345',
      '123456789012345678'
    ])
      expect(parseScore(text)).toBe(Number(text));
  });

  test('parseScore accepts decimal numbers only', () => {
    expect(['0', '100', '99.5', ' 7 ', '+3', '1e1', '.5'].map(parseScore)).toEqual([
      0, 100, 99.5, 7, 3, 10, 0.5
    ]);
    for (const s of ['', ' ', 'abc', '0x10', 'Infinity', '1,5', '1.2.3', '--1', 'e', '.'])
      expect(parseScore(s), s).toBeNaN();
  });
});
