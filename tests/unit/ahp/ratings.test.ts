/**
 * The ratings model: idealised priorities of a levels comparison, zero levels, the group's
 * aggregation, CR, suggestions and consensus.
 *
 * Sources of the expected numbers:
 * - Prize (Bioconductor, D. Dargahi), R/rating.R: `idealised = weight / max(weight)` of the
 *   category PCM's eigenvector priorities, NA_category levels 0; its vignette (section 4.1) rates
 *   the categories Single / Multiple with Single = 2 x Multiple and prints idealised
 *   priorities 1 and 0.5.
 * - The 4-category PCM of Prize's rating() example (excellent, good, fair, poor with upper
 *   triangle 2, 4, 6, 2, 4, 2): the package prints no numbers for it, so they were computed
 *   independently with numpy 2.4 (numpy.linalg.eig, Perron vector / sum, / max x 100):
 *   priorities 0.51324229 0.27510014 0.13755007 0.07410749, points 100 53.60044371 26.80022186
 *   14.4390859, lambda_max 4.010362902, CR = (4.010362902 - 4) / 3 / 0.90 = 0.003838112.
 * - A two-expert group (upper triangles 3, 7, 3 and 5, 9, 2), AIJ: the cell-wise geometric
 *   mean matrix, same numpy computation: points 100 27.40131238 11.87169504, lambda_max
 *   3.003534847, CR 0.003047282.
 * Saaty's Interfaces 24(6) 1994 ratings table could not be reached from this machine; the
 * formula checked is the one that paper states (divide by the largest priority).
 */
import { describe, expect, it } from 'vitest';
import {
  AhpInputError,
  analyseRatings,
  idealise,
  matrixFromUpper,
  aggregateJudgments,
  weigh
} from '../../../src/lib/ahp';

const close = (a: readonly number[], b: readonly number[], eps = 1e-8) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, k) => expect(Math.abs(x - b[k]!)).toBeLessThan(eps));
};

describe('idealise', () => {
  it('divides by the largest weight; the best element is exactly 1', () => {
    expect(idealise([0.2, 0.5, 0.3])).toEqual([0.4, 1, 0.6]);
  });
  it('refuses all-zero, negative and non-finite weights', () => {
    expect(() => idealise([0, 0])).toThrow('every weight is 0');
    expect(() => idealise([0.5, -0.1])).toThrow(AhpInputError);
    expect(() => idealise([NaN, 1])).toThrow('$[0]: idealise: weight NaN');
  });
});

describe('analyseRatings', () => {
  it('Prize vignette: Single = 2 x Multiple gives idealised priorities 1 and 0.5', () => {
    const r = analyseRatings(
      'epitopes',
      [{ id: 'Single' }, { id: 'Multiple' }],
      [{ id: 'E1', judgments: { epitopes: [2] } }]
    );
    expect(r.points).toEqual([100, 50]);
  });

  it("Prize rating() example (excellent ... poor), with a zero level as Prize's NA_category", () => {
    const r = analyseRatings(
      'C3~levels',
      [
        { id: 'excellent' },
        { id: 'good' },
        { id: 'fair' },
        { id: 'poor' },
        { id: 'not-available', zero: true }
      ],
      [{ id: 'E1', judgments: { 'C3~levels': [2, 4, 6, 2, 4, 2] } }]
    );
    expect(r.compared).toEqual(['excellent', 'good', 'fair', 'poor']);
    close(r.priorities.slice(0, 4) as number[], [0.51324229, 0.27510014, 0.13755007, 0.07410749]);
    expect(r.priorities[4]).toBeNull();
    expect(r.points[0]).toBe(100);
    close(r.points, [100, 53.60044371, 26.80022186, 14.4390859, 0], 1e-6);
    const c = r.comparison.consistency!;
    expect(Math.abs(c.lambdaMax - 4.010362902)).toBeLessThan(1e-8);
    expect(Math.abs(c.cr - 0.003838112)).toBeLessThan(1e-8);
    expect(c.consistent).toBe(true);
  });

  it('aggregates a group by AIJ and reports its CR and consensus as for any comparison', () => {
    const experts = [
      { id: 'E1', judgments: { g: [3, 7, 3] } },
      { id: 'E2', judgments: { g: [5, 9, 2] } }
    ];
    const r = analyseRatings('g', [{ id: 'a' }, { id: 'b' }, { id: 'c' }], experts);
    close(r.points, [100, 27.40131238, 11.87169504], 1e-6);
    expect(Math.abs(r.comparison.consistency!.cr - 0.003047282)).toBeLessThan(1e-8);
    // The same as weighing the AIJ matrix directly.
    const group = weigh(
      aggregateJudgments(
        experts.map((e) => matrixFromUpper(e.judgments.g)),
        [1, 1]
      )
    );
    expect(r.comparison.localWeights).toEqual(group.weights);
    expect(r.comparison.consensus).not.toBeNull();
    expect(r.comparison.included).toEqual(['E1', 'E2']);
    expect(Object.keys(r.experts[0]!.nodes)).toEqual(['g']);
  });

  it('suggests judgments to reconsider on an inconsistent levels comparison', () => {
    // 1 > 2 by 9, 2 > 3 by 9, but 1 vs 3 judged 1/9: far from consistent.
    const r = analyseRatings(
      'g',
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      [{ id: 'E1', judgments: { g: [9, '1/9', 9] } }]
    );
    expect(r.comparison.consistency!.consistent).toBe(false);
    expect(r.comparison.inconsistencies.length).toBeGreaterThan(0);
    expect(Math.max(...r.points)).toBe(100);
  });

  it('gives a lone compared level 100 points without comparisons', () => {
    const r = analyseRatings(
      'g',
      [{ id: 'a' }, { id: 'z', zero: true }],
      [{ id: 'E1', judgments: {} }]
    );
    expect(r.points).toEqual([100, 0]);
    expect(r.comparison.source).toBe('single');
  });

  it('refuses duplicate levels, no compared level, and judgments of the wrong size', () => {
    const one = [{ id: 'E1', judgments: { g: [2] } }];
    expect(() =>
      analyseRatings('g', [{ id: 'a' }, { id: 'b' }, { id: 'a', zero: true }], one)
    ).toThrow('$.levels[2].id: level id "a" is used twice');
    expect(() => analyseRatings('g', [{ id: 'a', zero: true }], one)).toThrow(
      'at least one level must be compared'
    );
    expect(() => analyseRatings('g', [{ id: 'a' }, { id: 'b' }, { id: 'c' }], one)).toThrow(
      'compare 2 elements'
    );
  });
});
