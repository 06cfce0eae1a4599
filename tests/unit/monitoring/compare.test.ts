/**
 * Snapshots compared loan by loan on the hand-made pair of ./fixtures.ts: the migration matrix,
 * the warning list (who, in which order, which indicators changed and by how much), and the
 * portfolio figures worked by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  changeText,
  gradeDefaults,
  indicatorStability,
  migrationMatrix,
  monitorModel,
  monitorReport,
  readSnapshot,
  warningList,
  type SnapshotLoans
} from '../../../src/lib/monitoring';
import type { WeightSet } from '../../../src/lib/weights';
import { NOW_CSV, scorecardWeightSet, THEN_CSV } from './fixtures';

let ws: WeightSet;
let then: SnapshotLoans;
let now: SnapshotLoans;
beforeAll(async () => {
  ws = await scorecardWeightSet();
  then = readSnapshot(ws, THEN_CSV).loans;
  now = readSnapshot(ws, NOW_CSV).loans;
});

describe('reading a snapshot', () => {
  it('scores each loan and keeps its status', () => {
    expect(then.ids).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
    expect(Array.from(then.totals)).toEqual([100, 98, 77, 70, 47].map((x) => expect.closeTo(x, 9)));
    expect(Array.from(then.grades)).toEqual([0, 0, 2, 2, 5]);
    expect(Array.from(then.daysPastDue)).toEqual([0, 0, -1, 10, 90]);
    expect(Array.from(then.defaulted)).toEqual([0, 0, -1, 0, 1]);
    expect(Array.from(now.grades)).toEqual([0, 3, 9, 3, 7, 0]);
  });
});

describe('migration matrix', () => {
  it('counts the loans in both snapshots by grade then and now, with row shares', () => {
    const { model } = monitorModel(ws);
    const m = migrationMatrix(model.grades, then, now);
    expect(m.matched).toBe(4);
    const cell = (i: string, j: string) =>
      m.counts[model.grades.indexOf(i)]![model.grades.indexOf(j)];
    expect(cell('AAA', 'AAA')).toBe(1);
    expect(cell('AAA', 'BBB')).toBe(1);
    expect(cell('A', 'BBB')).toBe(1);
    expect(cell('A', 'D')).toBe(1);
    expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(m.shares[0]![0]).toBe(0.5);
    expect(m.shares[0]![3]).toBe(0.5);
    expect(m.shares[1]!.every((x) => x === null)).toBe(true); // no AA loans then
    expect(m.added[0]).toBe(1); // L7
    expect(m.added[7]).toBe(1); // L6 in CC
    expect(m.removed[5]).toBe(1); // L5 from B
    expect([m.upgraded, m.unchanged, m.downgraded]).toEqual([0, 1, 3]);
  });
});

describe('warning list', () => {
  it('holds exactly the loans in a warning grade or down two grades, heaviest drop first', () => {
    const { model } = monitorModel(ws);
    const list = warningList(model, then, now);
    expect(list.loans.map((l) => [l.id, l.gradeThen, l.gradeNow, l.drop])).toEqual([
      ['L3', 'A', 'D', 7],
      ['L2', 'AAA', 'BBB', 3],
      ['L6', null, 'CC', null]
    ]);
    const l2 = list.loans[1]!;
    expect(l2.inWarningGrade).toBe(false);
    expect(l2.dropped).toBe(true);
    expect(l2.daysPastDue).toBe(30);
    // x2 100 -> 40 costs 0.3 x 60 = 18 points; y1 100 -> 25 costs 0.2 x 75 = 15.
    expect(l2.changes.map((c) => [c.leaf, c.pointsThen, c.pointsNow])).toEqual([
      ['x2', 100, 40],
      ['y1', 100, 25]
    ]);
    expect(l2.changes[0]!.change).toBeCloseTo(-18, 12);
    // y1 has no English label: the Chinese one stands in (textIn's fallback).
    expect(changeText(l2.changes[1]!, 'en')).toBe('乙一 100 → 25 (-15.00)');
    expect(changeText(l2.changes[0]!, 'en')).toMatch(/ 100 → 40 \(-18\.00\)$/);
    expect(changeText(l2.changes[0]!, 'zh')).toMatch(/ 100 → 40（-18\.00）$/);
    expect(list.loans[2]!.changes).toEqual([]);
  });

  it('takes another warning grade and drop', () => {
    const { model } = monitorModel(ws);
    // BBB and below: L4 (down 1, BBB) joins; a new loan (L6) counts as no drop, so it comes last.
    const list = warningList(model, then, now, { warningGrade: 'BBB', minDrop: 5 });
    expect(list.loans.map((l) => [l.id, l.inWarningGrade, l.dropped])).toEqual([
      ['L3', true, true],
      ['L2', true, false],
      ['L4', true, false],
      ['L6', true, false]
    ]);
  });

  it('refuses a grade the weight set does not have and a drop below 1', () => {
    const { model } = monitorModel(ws);
    expect(() => warningList(model, then, now, { warningGrade: 'ZZ' })).toThrow(
      /"ZZ" is not a grade/
    );
    expect(() => warningList(model, then, now, { minDrop: 0 })).toThrow(
      /drop must be a whole number/
    );
  });
});

describe('portfolio', () => {
  it('flags the indicator whose distribution moved, by its levels', () => {
    const { model, scales } = monitorModel(ws);
    const s = indicatorStability(model, scales, then, now);
    const x1 = s.find((x) => x.leaf === 'x1')!;
    // x1 levels good / fair / poor: then 3 1 1 of 5, now 4 0 2 of 6; fair is empty now (epsilon).
    // (4/6 - 3/5) ln((4/6)/(3/5)) + (1e-4 - 1/5) ln(1e-4/(1/5)) + (2/6 - 1/5) ln((2/6)/(1/5))
    const e = [3 / 5, 1 / 5, 1 / 5];
    const a = [4 / 6, 1e-4, 2 / 6];
    const expected = e.reduce((sum, ei, k) => sum + (a[k]! - ei) * Math.log(a[k]! / ei), 0);
    expect(x1.bins.map((b) => b.bin)).toEqual(['good', 'fair', 'poor']);
    expect(x1.psi).toBeCloseTo(expected, 12);
    expect(x1.adjusted).toEqual(['fair']);
  });

  it('sets the default rate per grade against the baseline with the traffic light', () => {
    const { model } = monitorModel(ws);
    const rows = gradeDefaults(model, then, now);
    const aaa = rows[0]!;
    // Now AAA: L1, L7 known, no default; then AAA: L1, L2, no default: promised 0.
    expect([aaa.loans, aaa.defaults, aaa.promised, aaa.pValue, aaa.light]).toEqual([
      2,
      0,
      0,
      1,
      'green'
    ]);
    const d = rows[9]!;
    // Now D: L3 defaulted; then no loan of D had a known outcome: nothing promised.
    expect([d.loans, d.defaults, d.rate, d.promised, d.light, d.flagged]).toEqual([
      1,
      1,
      1,
      null,
      null,
      false
    ]);
  });

  it('gives the report with the method stated and the series', () => {
    const r = monitorReport(ws, [
      { id: 's1', name: 'May', asOf: '2026-05-31', loans: then },
      { id: 's2', name: 'June', asOf: '2026-06-30', loans: now }
    ]);
    expect(r.warning.loans.map((l) => l.id)).toEqual(['L3', 'L2', 'L6']);
    expect(r.method.psi.epsilon).toBe(1e-4);
    expect(r.series.map((p) => p.gradePsi)[0]).toBe(0);
    expect(r.series[1]!.warningShare).toBeCloseTo(2 / 6, 15); // L3 in D, L6 in CC
    expect(r.rankOrder.now).toEqual({ defined: false, loans: 5, defaults: 1, minimum: 20 });
    expect(() => monitorReport(ws, [r as never].slice(0, 0))).toThrow(/two snapshots or more/);
  });
});
