/**
 * Round statistics on the 17-step scale, against hand-worked examples (each worked in a comment;
 * checked independently with numpy 2.4: np.quantile's default is the same definition 7, and
 * np.exp(np.average(np.log(v), weights=w)) the weighted geometric mean).
 */
import { describe, expect, it } from 'vitest';
import {
  AhpInputError,
  geometricMean,
  judgmentChange,
  largestShift,
  pairDispersion,
  quantile,
  scalePosition
} from '../../../src/lib/ahp';

describe('scalePosition', () => {
  it('puts every step of the scale where the page draws it', () => {
    // 9 -> -8 (left 9x), 1 -> 0 (equal), 1/9 -> 8 (right 9x), 1/3 -> 2, 5 -> -4.
    expect(scalePosition(9)).toBe(-8);
    expect(scalePosition(1)).toBe(0);
    expect(Object.is(scalePosition(1), -0)).toBe(false);
    expect(scalePosition(1 / 9)).toBeCloseTo(8, 12);
    expect(scalePosition(1 / 3)).toBeCloseTo(2, 12);
    expect(scalePosition(5)).toBe(-4);
    // Between steps: 2.5 is half way between the steps of 2 (-1) and 3 (-2).
    expect(scalePosition(2.5)).toBe(-1.5);
  });

  it('refuses what is not a judgment', () => {
    for (const x of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => scalePosition(x)).toThrow(AhpInputError);
  });
});

describe('geometricMean', () => {
  it('is the AIJ group judgment, weighted by the experts', () => {
    // (3 * 3 * 5 * 1/3 * 4)^(1/5) = 60^(1/5) = 2.267933155...
    expect(geometricMean([3, 3, 5, 1 / 3, 4])).toBeCloseTo(2.2679331552660544, 12);
    // weights 2, 1, 1: (9^2 * 1 * 1/9)^(1/4) = 9^(1/4) = sqrt(3)
    expect(geometricMean([9, 1, 1 / 9], [2, 1, 1])).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('refuses empty lists, bad values and weights summing to 0', () => {
    expect(() => geometricMean([])).toThrow(/no values/);
    expect(() => geometricMean([2, 0])).toThrow(/not positive/);
    expect(() => geometricMean([2, 3], [0, 0])).toThrow(/sum to 0/);
    expect(() => geometricMean([2, 3], [1])).toThrow(/2 values, 1 weights/);
    expect(() => geometricMean([2], [Number.NaN])).toThrow(/weight/);
  });
});

describe('quantile (Hyndman & Fan definition 7)', () => {
  it('interpolates between order statistics', () => {
    // [-4, -2, 0, 2]: h = 3 * 0.25 = 0.75 -> -4 + 0.75 * 2 = -2.5; h = 2.25 -> 0 + 0.25 * 2 = 0.5
    expect(quantile([-4, -2, 0, 2], 0.25)).toBe(-2.5);
    expect(quantile([-4, -2, 0, 2], 0.5)).toBe(-1);
    expect(quantile([-4, -2, 0, 2], 0.75)).toBe(0.5);
    expect(quantile([7], 0.75)).toBe(7);
    expect(quantile([1, 2], 1)).toBe(2);
  });

  it('refuses an empty list and q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(AhpInputError);
    expect(() => quantile([1], 1.5)).toThrow(AhpInputError);
    expect(() => quantile([1], Number.NaN)).toThrow(AhpInputError);
  });
});

describe('pairDispersion', () => {
  it('five experts, one outlier: position of the geometric mean and the IQR in steps', () => {
    // Judgments 3, 3, 5, 1/3, 4 -> positions -2, -2, -4, 2, -3; sorted -4, -3, -2, -2, 2.
    // Q1: h = 4 * 0.25 = 1 -> -3; median h = 2 -> -2; Q3 h = 3 -> -2; IQR = 1.
    // Geometric mean 60^(1/5) = 2.26793 -> position 1 - 2.26793 = -1.26793.
    const d = pairDispersion([3, 3, 5, 1 / 3, 4])!;
    expect(d.experts).toBe(5);
    expect(d.geometricMean).toBeCloseTo(2.2679331552660544, 12);
    expect(d.position).toBeCloseTo(-1.2679331552660544, 12);
    expect([d.q1, d.median, d.q3]).toEqual([-3, -2, -2]);
    expect(d.iqr).toBe(1);
  });

  it('"no opinion" is left out, not counted as equal; none at all gives null', () => {
    // 5, 3, 1, 1/3 (and a skip): positions -4, -2, 0, 2 -> Q1 -2.5, Q3 0.5, IQR 3;
    // geometric mean (5 * 3 * 1 * 1/3)^(1/4) = 5^(1/4) = 1.49535
    const d = pairDispersion([5, null, 3, 1, 1 / 3])!;
    expect(d.experts).toBe(4);
    expect(d.q1).toBeCloseTo(-2.5, 12);
    expect(d.q3).toBeCloseTo(0.5, 12);
    expect(d.iqr).toBeCloseTo(3, 12);
    expect(d.geometricMean).toBeCloseTo(5 ** 0.25, 12);
    expect(pairDispersion([null, null])).toBeNull();
  });
});

describe('judgmentChange', () => {
  it('counts the pairs that moved and the steps they moved', () => {
    // before 1/3 (2), 5 (-4), 1 (0), null; after 1/2 (1), 5 (-4), 3 (-2), 7
    // -> compared 3 (the skip is not), changed 2, steps |1 - 2| + |-2 - 0| = 3
    expect(judgmentChange([1 / 3, 5, 1, null], [1 / 2, 5, 3, 7])).toEqual({
      compared: 3,
      changed: 2,
      steps: 3
    });
    expect(() => judgmentChange([1], [1, 2])).toThrow(AhpInputError);
  });
});

describe('largestShift', () => {
  it('finds the weight that moved most, in absolute terms', () => {
    // |0.45 - 0.5| = 0.05, |0.35 - 0.3| = 0.05 (first one kept), |0.2 - 0.2| = 0
    const r = largestShift([0.5, 0.3, 0.2], [0.45, 0.35, 0.2]);
    expect(r.index).toBe(0);
    expect(r.shift).toBeCloseTo(0.05, 15);
    expect(largestShift([0.6, 0.4], [0.5, 0.5]).shift).toBeCloseTo(0.1, 15);
    expect(() => largestShift([], [])).toThrow(AhpInputError);
    expect(() => largestShift([1], [0.5, 0.5])).toThrow(AhpInputError);
  });
});
