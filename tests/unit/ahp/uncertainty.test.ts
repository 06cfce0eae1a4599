/**
 * Bootstrap over experts and one-way sensitivity. Expected values are derived by hand in the
 * comments (exact resampling probabilities, linear global weights), never read off the engine.
 */
import { describe, expect, it } from 'vitest';
import {
  analyseHierarchy,
  bootstrapHierarchy,
  percentile,
  prepareHierarchy,
  sensitivity
} from '../../../src/lib/ahp';
import { expectClose, expectInputError } from './reference';

const pair = { id: 'G', children: [{ id: 'a' }, { id: 'b' }] };

describe('bootstrap over experts', () => {
  it('is reproducible: the same seed gives the same numbers, another seed others', () => {
    const experts = [2, 3, 5, '1/2', 4, 7].map((x, k) => ({ id: `E${k}`, judgments: { G: [x] } }));
    const h = prepareHierarchy(pair, experts);
    const a = bootstrapHierarchy(h, { resamples: 300, seed: 42 });
    const b = bootstrapHierarchy(h, { resamples: 300, seed: 42 });
    const c = bootstrapHierarchy(h, { resamples: 300, seed: 43 });
    expect(a).toEqual(b);
    expect(c.global).not.toEqual(a.global);
  });

  it('one expert (or identical experts): every resample is the panel, the intervals have no width', () => {
    const h = prepareHierarchy(
      pair,
      [1, 2, 3].map((k) => ({ id: `E${k}`, judgments: { G: [3] } }))
    );
    const r = bootstrapHierarchy(h, { resamples: 200, seed: 1 });
    for (const g of r.global) {
      expectClose(g.lower, g.estimate, 1e-15, `${g.id} lower`);
      expectClose(g.upper, g.estimate, 1e-15, `${g.id} upper`);
    }
    expect(r.rankStability.map((x) => x.probability)).toEqual([1, 1]);
  });

  it('two experts, AIP arithmetic: resamples are AA, AB, BB with probabilities 1/4, 1/2, 1/4', () => {
    // A says a:b = 3 (w_a = 3/4), B says 1/5 (w_a = 1/6). With 2 experts drawn with replacement,
    // w_a is 3/4 (p = 1/4), (3/4 + 1/6)/2 = 11/24 (p = 1/2) or 1/6 (p = 1/4). The 5% and 95%
    // percentiles of 4,000 resamples are therefore the extremes 1/6 and 3/4.
    // Rank: with the full panel w_a = 11/24 < 1/2, so b ranks first; b keeps rank 1 in AB and BB
    // (p = 3/4) and a keeps rank 2 there too.
    const h = prepareHierarchy(pair, [
      { id: 'A', judgments: { G: [3] } },
      { id: 'B', judgments: { G: ['1/5'] } }
    ]);
    const full = analyseHierarchy(h, { aggregation: 'aip-arithmetic' });
    const r = bootstrapHierarchy(h, { resamples: 4000, seed: 9, level: 0.9 }, full);
    const a = r.global.find((g) => g.id === 'a')!;
    expectClose(a.estimate, 11 / 24, 1e-15, 'estimate');
    expectClose(a.lower, 1 / 6, 1e-15, 'lower');
    expectClose(a.upper, 3 / 4, 1e-15, 'upper');
    const b = r.rankStability.find((x) => x.id === 'b')!;
    expect(b.rank).toBe(1);
    // binomial standard error sqrt(0.75 * 0.25 / 4000) = 0.0068; allow 4 of them
    expect(Math.abs(b.probability - 0.75)).toBeLessThan(0.028);
  });

  it('percentiles interpolate between order statistics (Hyndman-Fan type 7)', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
    expectClose(percentile([10, 20, 30], 0.25), 15, 1e-12, 'p25');
  });

  it('refuses nonsense options', () => {
    const h = prepareHierarchy(pair, [{ id: 'A', judgments: { G: [3] } }]);
    expectInputError(() => bootstrapHierarchy(h, { resamples: 0 }), ['bootstrap'], 'whole number');
    expectInputError(
      () => bootstrapHierarchy(h, { resamples: 2.5 }),
      ['bootstrap'],
      'whole number'
    );
    expectInputError(() => bootstrapHierarchy(h, { level: 1 }), ['level'], 'between 0 and 1');
  });
});

describe('one-way sensitivity', () => {
  // Goal -> X (preset 0.6), Y (0.4); X -> x1, x2 (0.7, 0.3); Y -> y1, y2 (0.5, 0.5).
  const tree = {
    id: 'G',
    weights: [0.6, 0.4],
    children: [
      { id: 'X', weights: [0.7, 0.3], children: [{ id: 'x1' }, { id: 'x2' }] },
      { id: 'Y', weights: [0.5, 0.5], children: [{ id: 'y1' }, { id: 'y2' }] }
    ]
  };
  const h = prepareHierarchy(tree, [{ id: 'E', judgments: {} }]);
  const result = analyseHierarchy(h);

  it('gives each leaf its global weight as a line in the moved weight', () => {
    // moving X to x: x1 = 0.7 x, x2 = 0.3 x, y1 = y2 = 0.5 (1 - x)
    const s = sensitivity(h, result, 'X');
    const line = Object.fromEntries(s.lines.map((l) => [l.id, [l.intercept, l.slope]]));
    expect(line.x1![0]).toBe(0);
    expectClose(line.x1![1]!, 0.7, 1e-15, 'x1 slope');
    expectClose(line.y1![0]!, 0.5, 1e-15, 'y1 intercept');
    expectClose(line.y1![1]!, -0.5, 1e-15, 'y1 slope');
    expect(s.current).toBe(0.6);
    expect(s.ranking[0]).toBe('x1');
  });

  it('finds where the ranking flips: x1 = y at x = 5/12, x2 = y at x = 5/8', () => {
    // 0.7 x = 0.5 (1 - x) -> x = 5/12; 0.3 x = 0.5 (1 - x) -> x = 5/8; y1 and y2 never cross
    const s = sensitivity(h, result, 'X');
    expect(s.flips.map((f) => [f.above, f.below])).toEqual([
      ['x1', 'y1'],
      ['x1', 'y2'],
      ['x2', 'y1'],
      ['x2', 'y2']
    ]);
    expectClose(s.flips[0]!.x, 5 / 12, 1e-15, 'first flip');
    expectClose(s.flips[2]!.x, 5 / 8, 1e-15, 'second flip');
  });

  it('agrees with recomputing the hierarchy at a moved weight', () => {
    const x = 0.25;
    const moved = analyseHierarchy(
      prepareHierarchy({ ...tree, weights: [x, 1 - x] }, [{ id: 'E', judgments: {} }])
    );
    const s = sensitivity(h, result, 'X');
    for (const leaf of moved.leaves) {
      const l = s.lines.find((k) => k.id === leaf.id)!;
      expectClose(l.intercept + l.slope * x, leaf.globalWeight, 1e-15, leaf.id);
    }
  });

  it('refuses the goal and unknown nodes', () => {
    expectInputError(() => sensitivity(h, result, 'G'), ['node'], 'goal');
    expectInputError(() => sensitivity(h, result, 'nope'), ['node'], 'no node "nope"');
  });
});
