/**
 * Validation per level: loans read as recorded facts through the scales of a version 2 weight
 * set (the scorecard of tests/unit/weights/scorecard-fixtures.ts), default rate, weight of
 * evidence and information value per level, and the order test.
 *
 * The loans: x1 "good" 100 loans (5 defaulted), "fair" 100 (20), "poor" 60 (3); 28 defaulted and
 * 232 repaid in all. Expected numbers computed independently in Python 3.11 (math.log,
 * math.erfc) from Siddiqi's definitions (Credit Risk Scorecards, 2006):
 *   WoE good = ln((95/232) / (5/28)) = 0.8299061176753344, fair -0.7282385003712154,
 *   poor 0.8299061176753344; IV = 0.5756691938595627.
 *   fair (60 points, 20%) vs poor (0 points, 5%): pooled 23/160, z = 2.618199128646506,
 *   one-sided p = 0.004419760254696838 < 0.05: disputed. good vs fair: good defaults less, fine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LoanFileError,
  levelStatistics,
  normalUpperTail,
  readLoans,
  validationReport,
  type LoanFile
} from '../../../src/lib/validation';
import { compileScorer, type CompiledScale, type WeightSet } from '../../../src/lib/weights';
import { scorecardWeightSet } from '../weights/scorecard-fixtures';

let ws: WeightSet;
let scales: CompiledScale[];
let leaves: string[];
beforeAll(async () => {
  ws = await scorecardWeightSet();
  const scorer = compileScorer(ws);
  scales = scorer.scales;
  leaves = scorer.leaves;
});

function loansCsv(): string {
  const lines = ['id,x1,x2,y1,y2,y3,default'];
  let k = 0;
  const add = (x1: string, n: number, d: number) => {
    for (let i = 0; i < n; i++) lines.push(`L${++k},${x1},0.25,No overdue,0.5,50,${i < d ? 1 : 0}`);
  };
  add('good', 100, 5);
  add('Fair', 100, 20);
  add('差', 60, 3);
  return lines.join('\n');
}

const near = (a: number | null, b: number, eps = 1e-12) => {
  expect(a).not.toBeNull();
  expect(Math.abs(a! - b)).toBeLessThan(eps);
};

describe('per-level validation', () => {
  let loans: LoanFile;
  beforeAll(() => {
    loans = readLoans(loansCsv(), leaves, { scales });
  });

  it('reads recorded facts into points and levels', () => {
    expect(loans.loans).toBe(260);
    expect(Array.from(loans.rows[0]!)).toEqual([100, 90, 100, 100, 50]);
    expect(Array.from(loans.rows[259]!)).toEqual([0, 90, 100, 100, 50]);
    expect(loans.buckets![0]).toBe(0);
    expect(loans.buckets![259 * 5]).toBe(2);
  });

  it('default rate, WoE and IV per level (independent computation)', () => {
    const x1 = levelStatistics(scales, loans).find((l) => l.leaf === 'x1')!;
    expect(x1.rows.map((r) => [r.level, r.loans, r.defaults, r.defaultRate])).toEqual([
      ['good', 100, 5, 0.05],
      ['fair', 100, 20, 0.2],
      ['poor', 60, 3, 0.05]
    ]);
    near(x1.rows[0]!.woe, 0.8299061176753344);
    near(x1.rows[1]!.woe, -0.7282385003712154);
    near(x1.iv, 0.5756691938595627);
    expect(x1.ivComplete).toBe(true);
  });

  it('flags the pair whose order the outcomes dispute, naming the test', () => {
    const x1 = levelStatistics(scales, loans).find((l) => l.leaf === 'x1')!;
    expect(x1.disputed).toHaveLength(1);
    const d = x1.disputed[0]!;
    expect([d.higher, d.lower]).toEqual(['fair', 'poor']);
    near(d.z, 2.618199128646506, 1e-9);
    near(d.p, 0.004419760254696838, 1.2e-7 * 0.0045);
    expect(x1.test).toContain('two-proportion z-test');
  });

  it('leaves WoE undefined (null, not 0) where a level has no defaults, and bands of numbers', () => {
    const levels = levelStatistics(scales, loans);
    const y1 = levelStatistics(scales, loans).find((l) => l.leaf === 'y1')!;
    expect(y1.rows[0]).toMatchObject({ level: 'clean', loans: 260 });
    expect(y1.rows[1]).toMatchObject({ level: 'once', loans: 0, defaultRate: null, woe: null });
    const x2 = levels.find((l) => l.leaf === 'x2')!;
    expect(x2.rows.map((r) => [r.level, r.loans])).toEqual([
      ['[0, 0.5)', 260],
      ['[0.5, 1)', 0],
      ['[1, 2]', 0]
    ]);
    // Band points at the middle: 0.25 -> 90 (linear between (0, 100) and (0.5, 80)).
    expect(x2.rows[0]!.points).toBe(90);
    expect(levels.map((l) => l.leaf)).toEqual(['x1', 'x2', 'y1', 'y2']);
  });

  it('counts missing values scored by policy apart', () => {
    const text = loansCsv().replace('L1,good,', 'L1,,');
    const x1 = levelStatistics(scales, readLoans(text, leaves, { scales }))[0]!;
    expect(x1.missing).toEqual({ loans: 1, defaults: 1 });
    expect(x1.rows[0]!.loans).toBe(99);
  });

  it('the report scores the loans from their points', () => {
    const r = validationReport(ws, loans);
    expect(r.loans.count).toBe(260);
    expect(r.discrimination.defined).toBe(true);
  });

  it('refuses an unknown level with its line, column and the nearest level', () => {
    const text = loansCsv().replace('L3,good,', 'L3,goood,');
    try {
      readLoans(text, leaves, { scales });
      throw new Error('expected a LoanFileError');
    } catch (e) {
      expect(e).toBeInstanceOf(LoanFileError);
      const f = e as LoanFileError;
      expect([f.code, f.line, f.column, f.field]).toEqual(['unknown-level', 4, 4, 'x1']);
      expect(f.detail).toBe(
        "x1: 'goood' is not a level of this indicator; did you mean 'Good' (level good)?"
      );
    }
  });
});

describe('normalUpperTail', () => {
  it('matches known values of the standard normal (to the approximation error 1.2e-7)', () => {
    // 1 - Phi(1.959963984540054) = 0.025; 1 - Phi(0) = 0.5; 1 - Phi(-1) = 0.8413447460685429.
    expect(Math.abs(normalUpperTail(1.959963984540054) - 0.025)).toBeLessThan(1.2e-7 * 0.025);
    expect(Math.abs(normalUpperTail(0) - 0.5)).toBeLessThan(1.2e-7 * 0.5);
    expect(Math.abs(normalUpperTail(-1) - 0.8413447460685429)).toBeLessThan(1.2e-7);
  });
});
