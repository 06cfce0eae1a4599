/**
 * Models side by side (src/lib/validation/compare.ts): several weight sets on one loan file.
 * Expected AUC, KS and calibration are an independent computation with python3 + numpy 2.4
 * (pair counting over all repaid x defaulted pairs, KS as the largest CDF gap over the distinct
 * totals, grades by the first band reached), whose script and output are in the comment below;
 * the paired intervals are checked against the naive bootstrap of ./helpers.ts (pair counting
 * on each resample drawn the slow way), which shares only the seeded generator.
 *
 *   rng = np.random.default_rng(11); X = rng.integers(0, 11, size=(30, 3)) * 10
 *   p = 1 / (1 + np.exp((X[:,0] + 0.5 X[:,2] - 60) / 12)); y = (rng.random(30) < p)
 *   w (0.5, 0.3, 0.2): AUC 0.8009049773755657, KS 0.5339366515837105 at 49,
 *     grades A 7 (0 defaults), B 9 (3), C 9 (7), D 5 (3); totals 7 to 92
 *   w (0.2, 0.3, 0.5): AUC 0.7398190045248869, KS 0.497737556561086 at 40,
 *     A 7 (2), B 11 (3), C 8 (5), D 4 (3); totals 6 to 92
 *   w (0.25, 0.25, 0.5): AUC 0.7579185520361991, KS 0.43891402714932126 at 42.5,
 *     A 7 (2), B 11 (3), C 8 (5), D 4 (3); totals 7.5 to 90
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_COMPARED_SETS,
  compareModels,
  readLoans,
  type ComparedWeightSet
} from '../../../src/lib/validation';
import { expectInputError, naiveBootstrap } from './helpers';

const X = [
  [10, 10, 80], [50, 60, 60], [70, 0, 50], [10, 40, 100], [60, 0, 50], [10, 80, 100],
  [100, 60, 90], [40, 10, 50], [40, 70, 100], [30, 90, 10], [30, 80, 20], [70, 50, 50],
  [100, 80, 90], [60, 100, 100], [10, 20, 30], [60, 90, 50], [100, 30, 100], [60, 70, 20],
  [60, 80, 90], [90, 100, 10], [80, 50, 70], [30, 0, 0], [100, 90, 30], [40, 20, 10],
  [90, 70, 0], [20, 60, 90], [100, 20, 60], [0, 10, 20], [40, 30, 70], [50, 30, 90]
]; // prettier-ignore
const Y = [
  0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0
]; // prettier-ignore
const LEAVES = ['C1', 'C2', 'C3'];
const BANDS = [
  { grade: 'A', minScore: 70 },
  { grade: 'B', minScore: 50 },
  { grade: 'C', minScore: 30 },
  { grade: 'D', minScore: 0 }
];

/** Goal A1; B1 holds C1 and C2, B2 holds C3 (or `parents` moves leaves). */
function set(
  name: string,
  weights: number[],
  leaves = LEAVES,
  parents: Record<string, string> = {}
): ComparedWeightSet {
  const parent = (id: string) => parents[id] ?? (id === 'C3' ? 'B2' : 'B1');
  return {
    name,
    createdAt: '2026-12-01T00:00:00.000Z',
    survey: { id: 'test', title: { en: 'Test', zh: '测试' } },
    hash: { algorithm: 'sha256', value: name.padEnd(64, '0').slice(0, 64) },
    leaves: leaves.map((id, j) => ({ id, globalWeight: weights[j]! })),
    grading: { scoreMin: 0, scoreMax: 100, tolerance: 1e-9, bands: BANDS },
    nodes: [
      { id: 'A1', parent: null, label: { en: 'Goal', zh: '目标' } },
      { id: 'B1', parent: 'A1', label: { en: 'B1', zh: 'B1' } },
      { id: 'B2', parent: 'A1', label: { en: 'B2', zh: 'B2' } },
      ...leaves.map((id) => ({ id, parent: parent(id), label: { en: `leaf ${id}`, zh: id } }))
    ]
  };
}

const SETS = [
  set('first', [0.5, 0.3, 0.2]),
  set('second', [0.2, 0.3, 0.5]),
  set('third', [0.25, 0.25, 0.5])
];
const loans = { leaves: LEAVES, rows: X.map((r) => Float64Array.from(r)), outcomes: Y };
const totals = (w: number[]) => X.map((r) => r.reduce((s, x, j) => s + w[j]! * x, 0));

describe('compareModels', () => {
  const c = compareModels(SETS, loans, { seed: 5, resamples: 300 });

  it('each set: AUC, KS and calibration by grade as numpy computes them', () => {
    const expected = [
      { auc: 0.8009049773755657, ks: 0.5339366515837105, at: 49, cal: [7, 0, 9, 3, 9, 7, 5, 3] },
      { auc: 0.7398190045248869, ks: 0.497737556561086, at: 40, cal: [7, 2, 11, 3, 8, 5, 4, 3] },
      { auc: 0.7579185520361991, ks: 0.43891402714932126, at: 42.5, cal: [7, 2, 11, 3, 8, 5, 4, 3] }
    ];
    expect(c.sets.map((s) => s.name)).toEqual(['first', 'second', 'third']);
    expected.forEach((e, k) => {
      const d = c.sets[k]!.discrimination;
      if (!d.defined) throw new Error(d.reason);
      expect(d.auc).toBeCloseTo(e.auc, 12);
      expect(d.gini).toBeCloseTo(2 * e.auc - 1, 12);
      expect(d.ks.statistic).toBeCloseTo(e.ks, 12);
      expect(d.ks.score).toBeCloseTo(e.at, 9);
      expect(d.interval.lower).toBeLessThan(d.auc);
      expect(d.interval.upper).toBeGreaterThan(d.auc);
      expect(c.sets[k]!.calibration.grades.flatMap((g) => [g.loans, g.defaults])).toEqual(e.cal);
    });
    expect(c.loans).toMatchObject({ count: 30, defaults: 13, repaid: 17 });
  });

  it('every pair: the AUC difference with the naive paired bootstrap interval', () => {
    expect(c.pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2]
    ]);
    for (const p of c.pairs) {
      const d = p.difference;
      if (!d.defined) throw new Error(d.reason);
      const ta = totals(
        [0.5, 0.3, 0.2, 0.2, 0.3, 0.5, 0.25, 0.25, 0.5].slice(3 * p.a, 3 * p.a + 3)
      );
      const tb = totals(
        [0.5, 0.3, 0.2, 0.2, 0.3, 0.5, 0.25, 0.25, 0.5].slice(3 * p.b, 3 * p.b + 3)
      );
      const naive = naiveBootstrap(ta, Y, 300, 5, 0.95, tb);
      expect(d.lower).toBeCloseTo(naive.lower, 12);
      expect(d.upper).toBeCloseTo(naive.upper, 12);
      const sa = c.sets[p.a]!.discrimination;
      const sb = c.sets[p.b]!.discrimination;
      if (!sa.defined || !sb.defined) throw new Error('undefined AUC');
      expect(d.difference).toBeCloseTo(sa.auc - sb.auc, 14);
      expect(p.better).toBe(d.lower > 0 ? 'a' : d.upper < 0 ? 'b' : 'no clear difference');
    }
    expect(c.method).toMatchObject({
      seed: 5,
      resamples: 300,
      level: 0.95,
      interval: 'percentile',
      resampling: { auc: 'stratified', difference: 'paired-stratified' }
    });
  });

  it('weights per indicator side by side, with the path from the goal', () => {
    expect(c.weights).toEqual([
      {
        leaf: 'C1',
        label: { en: 'leaf C1', zh: 'C1' },
        path: ['A1', 'B1'],
        weights: [0.5, 0.2, 0.25]
      },
      {
        leaf: 'C2',
        label: { en: 'leaf C2', zh: 'C2' },
        path: ['A1', 'B1'],
        weights: [0.3, 0.3, 0.25]
      },
      {
        leaf: 'C3',
        label: { en: 'leaf C3', zh: 'C3' },
        path: ['A1', 'B2'],
        weights: [0.2, 0.5, 0.5]
      }
    ]);
  });

  it('a set of another order of leaves is the same hierarchy: weights by leaf, not by position', () => {
    const reordered = set('reordered', [0.5, 0.2, 0.3], ['C3', 'C1', 'C2']);
    const r = compareModels([SETS[1]!, reordered], loans, { seed: 5, resamples: 50 });
    expect(r.weights.map((w) => w.weights)).toEqual([
      [0.2, 0.2],
      [0.3, 0.3],
      [0.5, 0.5]
    ]);
    expect(r.pairs[0]!.difference).toMatchObject({ defined: true, difference: 0 });
  });

  it('reads a loan file with an outcome column and extra columns', () => {
    const csv = ['C1,C2,C3,default,branch', ...X.map((r, i) => `${r.join(',')},${Y[i]},x`)].join(
      '\n'
    );
    const r = compareModels(SETS, readLoans(csv, LEAVES), { seed: 5, resamples: 300 });
    expect(r.sets).toEqual(c.sets);
    expect(r.loans.ignoredColumns).toEqual(['branch']);
  });

  it('too few defaults: every AUC and difference undefined with the reason, calibration still there', () => {
    const few = { ...loans, outcomes: Y.map((y, i) => (i < 4 ? y : 0)) };
    const r = compareModels(SETS, few);
    for (const s of r.sets)
      expect(s.discrimination).toMatchObject({ defined: false, code: 'too-few-outcomes' });
    for (const p of r.pairs) {
      expect(p.difference).toMatchObject({ defined: false, code: 'too-few-outcomes' });
      expect(p.better).toBeNull();
    }
    expect(r.sets[0]!.calibration.grades.reduce((s, g) => s + g.loans, 0)).toBe(30);
  });

  it('refuses one set, none, and more than the limit', () => {
    expectInputError(
      () => compareModels([SETS[0]!], loans),
      'bad-option',
      'give 2 to 10 weight sets',
      'got 1'
    );
    expectInputError(() => compareModels([], loans), 'bad-option', 'got 0');
    const many = Array.from({ length: MAX_COMPARED_SETS + 1 }, (_, k) =>
      set(`s${k}`, [0.5, 0.3, 0.2])
    );
    expectInputError(
      () => compareModels(many, loans),
      'bad-option',
      `got ${MAX_COMPARED_SETS + 1}`
    );
  });

  it('refuses sets of different hierarchies, naming the leaves that differ', () => {
    const other = set('other', [0.5, 0.3, 0.2], ['C1', 'C2', 'C9']);
    const e = expectInputError(
      () => compareModels([SETS[0]!, SETS[1]!, other], loans),
      'different-hierarchy',
      'weight set "other" is of another hierarchy than "first"',
      'it has no leaf C3',
      'only it has leaf C9'
    );
    expect(e.path).toEqual(['sets', 2]);
    const moved = set('moved', [0.5, 0.3, 0.2], LEAVES, { C2: 'B2' });
    expectInputError(
      () => compareModels([SETS[0]!, moved], loans),
      'different-hierarchy',
      'C2 (under A1 > B2, not A1 > B1)'
    );
  });

  it('refuses malformed loans and bad options as the validation report does', () => {
    expectInputError(
      () => compareModels(SETS, { ...loans, outcomes: Y.map((y, i) => (i === 3 ? 2 : y)) }),
      'not-binary',
      'outcomes[3]'
    );
    expectInputError(
      () => compareModels(SETS, { ...loans, leaves: ['C1', 'C2', 'C4'] }),
      'length-mismatch',
      'no scores for leaf C3'
    );
    expectInputError(() => compareModels(SETS, loans, { resamples: 0 }), 'bad-option', 'resamples');
    expectInputError(() => compareModels(SETS, loans, { level: NaN }), 'bad-option');
  });

  it('is seeded: the same input gives the same answer', () => {
    expect(compareModels(SETS, loans, { seed: 5, resamples: 300 })).toEqual(c);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
