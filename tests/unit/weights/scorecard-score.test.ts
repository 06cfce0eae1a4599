/**
 * Scoring recorded facts through a version 2 weight set: a level id or label in either language,
 * a number through a linear or step value function, the missing-value policies, reasons, and
 * each class of bad cell named by row and column. Totals are computed by hand from the scorecard
 * of ./scorecard-fixtures.ts (leaf weights x1 0.3, x2 0.3, y1 0.2, y2 0.1, y3 0.1):
 *
 * A: x1 "Good" 100; x2 0.25 -> 100 + (80 - 100) x 0.25 / 0.5 = 90; y1 "clean" 100;
 *    y2 0.5 -> step at 0: 100; y3 80.  total 30 + 27 + 20 + 10 + 8 = 95 (AAA).
 *    lost: x2 0.3 x 10 = 3, y3 0.1 x 20 = 2.
 * B: x1 "一般" 60; x2 1.5 -> 40 + (0 - 40) x 0.5 = 20; y1 " overdue ONCE " 25; y2 empty -> the
 *    stated 20; y3 50.  total 18 + 6 + 5 + 2 + 5 = 36 (CCC).
 *    lost: x2 24, y1 15, x1 12 (then y2 8, y3 5).
 * C: x1 empty -> worst 0; x2 5 -> clamped to the last breakpoint, 0; y1 "default" (zero level)
 *    0; y2 3 -> the last breakpoint, 0; y3 0.  total 0 (D).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ScoreRowError,
  scoreApplicants,
  scoreCsv,
  scoredApplicants,
  scoresCsv,
  scoresJson,
  type WeightSet
} from '../../../src/lib/weights';
import { presetWeightSet } from './fixtures';
import { scorecardWeightSet } from './scorecard-fixtures';

let ws: WeightSet;
beforeAll(async () => {
  ws = await scorecardWeightSet();
});

const HEADER = 'id,x1,x2,y1,y2,y3';
const CSV = [
  HEADER,
  'A,Good,0.25,clean,0.5,80',
  'B,一般,1.5, overdue ONCE ,,50',
  'C,,5,default,3,0'
].join('\n');

const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-9);

describe('scoring recorded facts', () => {
  it('gives each applicant points per indicator, contributions, total and grade (hand-computed)', () => {
    const report = scoreCsv(ws, CSV);
    expect(report.skipped).toEqual([]);
    const [a, b, c] = scoredApplicants(report);
    expect(a!.points).toEqual([100, 90, 100, 100, 80]);
    expect(b!.points).toEqual([60, 20, 25, 20, 50]);
    expect(c!.points).toEqual([0, 0, 0, 0, 0]);
    near(a!.total, 95);
    near(b!.total, 36);
    expect(c!.total).toBe(0);
    expect([a!.grade, b!.grade, c!.grade]).toEqual(['AAA', 'CCC', 'D']);
    a!.contributions.forEach((x, i) => near(x, [30, 27, 20, 10, 8][i]!));
  });

  it('names the three indicators that cost the most points, in both languages', () => {
    const report = scoreCsv(ws, CSV);
    const [a, b, c] = scoredApplicants(report);
    expect(a!.reasons.map((r) => r.leaf)).toEqual(['x2', 'y3']);
    near(a!.reasons[0]!.lost, 3);
    expect(b!.reasons.map((r) => r.leaf)).toEqual(['x2', 'y1', 'x1']);
    b!.reasons.forEach((r, k) => near(r.lost, [24, 15, 12][k]!));
    expect(c!.reasons.map((r) => r.leaf)).toEqual(['x1', 'x2', 'y1']);
    const json = scoresJson(report, ws);
    expect(json.applicants[1]!.reasons).toEqual([
      expect.objectContaining({ leaf: 'x2', en: 'x two (-24.00)', zh: 'x two（-24.00）' }),
      expect.objectContaining({ leaf: 'y1', en: '乙一 (-15.00)', zh: '乙一（-15.00）' }),
      expect.objectContaining({ leaf: 'x1', en: 'x one (-12.00)' })
    ]);
    expect(json.applicants[0]!.points).toEqual({ x1: 100, x2: 90, y1: 100, y2: 100, y3: 80 });
  });

  it('writes points and reasons columns after the contributions', () => {
    const out = scoresCsv(scoreCsv(ws, CSV)).split('\r\n');
    expect(out[0]).toBe(
      'id,total,grade,contribution_x1,contribution_x2,contribution_y1,contribution_y2,contribution_y3,' +
        'points_x1,points_x2,points_y1,points_y2,points_y3,reason_1,reason_2,reason_3,reasons_en,reasons_zh'
    );
    expect(out[1]).toMatch(
      /,100,90,100,100,80,x2,y3,,x two \(-3\.00\); y three \(-2\.00\),x two（-3\.00）；乙三（-2\.00）$/
    );
  });

  it('scores object rows the same way (numbers as numbers, levels as text)', () => {
    const report = scoreApplicants(ws, [
      { id: 'A', x1: 'good', x2: 0.25, y1: '无逾期', y2: 0.5, y3: 80 },
      { id: 'B', x1: 'fair', x2: 1.5, y1: 'once', y2: null, y3: '50' }
    ]);
    expect(report.skipped).toEqual([]);
    expect(scoredApplicants(report).map((a) => a.points)).toEqual([
      [100, 90, 100, 100, 80],
      [60, 20, 25, 20, 50]
    ]);
  });

  it.each([
    [
      'an unknown level, with the nearest one',
      'D,Good,0.25,overdue twice,0.5,80',
      "row 1 (line 2) column y1: 'overdue twice' is not a level of this indicator; did you mean 'Overdue once' (level once)?"
    ],
    [
      'a value outside a scale that refuses it',
      'D,Good,0.25,clean,4,80',
      'row 1 (line 2) column y2: 4 is outside 0-3, which this indicator refuses'
    ],
    [
      'a missing value the scale refuses',
      'D,Good,,clean,0.5,80',
      'row 1 (line 2) column x2: empty: this indicator refuses a missing value'
    ],
    [
      'a non-number for a numeric indicator',
      'D,Good,abc,clean,0.5,80',
      "row 1 (line 2) column x2: 'abc' is not a number"
    ],
    [
      'a score outside 0-100 where there is no scale',
      'D,Good,0.25,clean,0.5,120',
      'row 1 (line 2) column y3: 120 is outside 0-100'
    ]
  ])('refuses %s, by row and column', (_what, line, message) => {
    const report = scoreCsv(ws, `${HEADER}\n${line}`);
    expect(report.count).toBe(0);
    expect(report.skipped.map((p) => [p.message, p.column])).toEqual([
      [message, message.split(' ')[5]!.replace(':', '')]
    ]);
    expect(() => scoreCsv(ws, `${HEADER}\n${line}`, { strict: true })).toThrow(ScoreRowError);
  });

  it('keeps version 1 output unchanged: no points or reasons columns', async () => {
    const v1 = await presetWeightSet();
    const out = scoresCsv(scoreCsv(v1, 'x1,x2,y1,y2,y3\n100,90,100,100,80\n'));
    expect(out.split('\r\n')[0]).toBe(
      'total,grade,contribution_x1,contribution_x2,contribution_y1,contribution_y2,contribution_y3'
    );
    const json = scoresJson(scoreCsv(v1, 'x1,x2,y1,y2,y3\n100,90,100,100,80\n'), v1);
    expect(Object.keys(json.applicants[0]!)).toEqual(['row', 'total', 'grade', 'contributions']);
  });

  it('refuses an input column named like a points or reason output column', () => {
    expect(() => scoreCsv(ws, `${HEADER},reason_1\nA,Good,0.25,clean,0.5,80,x`)).toThrow(
      "column 'reason_1' would clash with the output column of that name"
    );
  });
});
