/**
 * The monitoring math against hand-worked examples and published tables:
 * - PSI: worked by hand in the comments (the formula of Siddiqi, Credit Risk Scorecards, 2006,
 *   ch. 8), checked with numpy;
 * - Wilson intervals: Newcombe, "Two-sided confidence intervals for the single proportion",
 *   Statistics in Medicine 17 (1998), table II, method 3 (4 decimals as published);
 * - binomial tails: scipy.stats.binom.sf(d - 1, n, p) (scipy 1.17).
 */
import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  logGamma,
  populationStability,
  PSI_EPSILON,
  stabilityBand,
  trafficLight,
  wilsonInterval
} from '../../../src/lib/monitoring';

describe('population stability index', () => {
  it('matches a hand-worked example', () => {
    // Shares e = .1 .2 .3 .4, a = .2 .2 .2 .4:
    // PSI = (.2 - .1) ln 2 + 0 + (.2 - .3) ln(2/3) + 0 = .1 (0.693147 + 0.405465) = 0.1098612
    const s = populationStability(['A', 'B', 'C', 'D'], [10, 20, 30, 40], [20, 20, 20, 40]);
    expect(s.psi).toBeCloseTo(0.10986122886681095, 14);
    expect(s.band).toBe('watch');
    expect(s.adjusted).toEqual([]);
    expect(s.bins[0]!.contribution).toBeCloseTo(0.1 * Math.LN2, 14);
    expect(s.bins[1]!.contribution).toBe(0);
  });

  it('replaces an empty share by the stated epsilon, says so, and skips bins empty on both sides', () => {
    // e = .5 .5 0 -> 0.0001, a = .4 .5 .1:
    // (.4 - .5) ln .8 + 0 + (.1 - .0001) ln(1000) = 0.0223144 + 0.6900847 = 0.7123991 (numpy)
    const s = populationStability(['x', 'y', 'z', 'w'], [50, 50, 0, 0], [40, 50, 10, 0]);
    expect(s.psi).toBeCloseTo(0.7123991075017365, 13);
    expect(s.adjusted).toEqual(['z']);
    expect(s.epsilon).toBe(PSI_EPSILON);
    expect(s.bins[3]!.contribution).toBe(0);
    expect(s.bins[3]!.adjusted).toBe(false);
    expect(s.band).toBe('shifted');
  });

  it('is 0 for the same shares whatever the sizes', () => {
    expect(populationStability(['a', 'b'], [1, 3], [100, 300]).psi).toBe(0);
  });

  it('bands at the conventional bounds', () => {
    expect(stabilityBand(0.0999)).toBe('stable');
    expect(stabilityBand(0.1)).toBe('watch');
    expect(stabilityBand(0.25)).toBe('watch');
    expect(stabilityBand(0.2501)).toBe('shifted');
  });

  it('refuses what is not a distribution, naming the function', () => {
    expect(() => populationStability(['a'], [0], [1])).toThrow(
      /populationStability: the baseline distribution is empty/
    );
    expect(() => populationStability(['a', 'b'], [1, 2], [1])).toThrow(
      /2 bins but 2 baseline and 1 current/
    );
    expect(() => populationStability(['a'], [1.5], [1])).toThrow(/baseline count of bin a is 1.5/);
    expect(() => populationStability(['a'], [NaN], [1])).toThrow(/not a count/);
    expect(() => populationStability(['a'], [-1], [1])).toThrow(/not a count/);
  });
});

describe('Wilson interval', () => {
  // Newcombe 1998, table II, method 3 (Wilson score without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718]
  ])('%i / %i gives %f to %f', (d, n, lower, upper) => {
    const i = wilsonInterval(d, n);
    expect(i.lower).toBeCloseTo(lower, 4);
    expect(i.upper).toBeCloseTo(upper, 4);
  });

  it('is exactly [0, x] and [x, 1] at the ends', () => {
    expect(wilsonInterval(0, 5).lower).toBe(0);
    expect(wilsonInterval(5, 5).upper).toBe(1);
  });

  it('refuses counts that are not counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(
      /wilsonInterval: the defaults must be a whole number from 0 to 2/
    );
    expect(() => wilsonInterval(0, 0)).toThrow(/number of loans/);
  });
});

describe('binomial upper tail and traffic lights', () => {
  // scipy.stats.binom.sf(d - 1, n, p)
  it.each([
    [5, 100, 0.02, 0.05083044536950036],
    [10, 100, 0.02, 3.441680604304282e-5],
    [0, 50, 0.1, 1],
    [3, 1000, 0.01, 0.9973205680062085],
    [30, 1000, 0.01, 2.059988850971949e-7],
    [12, 100000, 0.5, 1]
  ])('P(X >= %i | n %i, p %f) = %f', (d, n, p, expected) => {
    const got = binomialUpperTail(d, n, p);
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(expected * 1e-9 + 1e-15);
  });

  it('is 0 far above the mean, never NaN, and handles p = 0 and 1', () => {
    expect(binomialUpperTail(60000, 100000, 0.5)).toBeLessThan(1e-300);
    expect(binomialUpperTail(1, 10, 0)).toBe(0);
    expect(binomialUpperTail(10, 10, 1)).toBe(1);
  });

  it('log-gamma is exact on factorials', () => {
    // ln 10! = ln 3628800
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('colours p-values as Tasche 2003', () => {
    expect(trafficLight(0.0508)).toBe('green');
    expect(trafficLight(0.05)).toBe('green');
    expect(trafficLight(0.0499)).toBe('yellow');
    expect(trafficLight(0.001)).toBe('yellow');
    expect(trafficLight(3.4e-5)).toBe('red');
  });
});
