/**
 * Discrimination, calibration and cut-off measures. Expected values are counted by hand in the
 * comments or computed independently (brute-force pair counting, a naive bootstrap with the
 * engine's generator), never read off the code under test.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import {
  auc,
  aucDifference,
  aucInterval,
  calibrationByGrade,
  confusionMatrix,
  discrimination,
  gini,
  ksStatistic,
  performanceAtGrade,
  performanceAtScore,
  rocCurve,
  type RocPoint
} from '../../../src/lib/validation';
import { expectInputError, naiveBootstrap, pairCountAuc } from './helpers';

/**
 * The hand example used throughout (7 loans):
 *   repaid (0):    4, 6, 7, 3
 *   defaulted (1): 2, 5, 3
 * n0 = 4 repaid, n1 = 3 defaulted, 12 pairs (repaid r, defaulted d); r > d counts 1, r = d 1/2:
 *   r = 4: d = 2 yes, 5 no, 3 yes      -> 2
 *   r = 6: 2, 5, 3 all below           -> 3
 *   r = 7: 2, 5, 3 all below           -> 3
 *   r = 3: d = 2 yes, 5 no, 3 tie      -> 1.5
 *   U = 9.5, AUC = 9.5 / 12 = 19/24, Gini = 2 * 19/24 - 1 = 7/12.
 */
const S = [4, 2, 6, 5, 7, 3, 3];
const Y = [0, 1, 0, 1, 0, 0, 1];
const tiny = { minPerClass: 1 };

function trapezoid(points: RocPoint[]): number {
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

/** n loans with integer scores 0..10 (many ties) and outcomes leaning on the score. */
function tiedData(n: number, seed: number): { s: number[]; y: number[] } {
  const random = seededRandom(seed);
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const score = Math.floor(random() * 11);
    s.push(score);
    y.push(random() < 0.6 - score * 0.05 ? 1 : 0);
  }
  return { s, y };
}

describe('AUC', () => {
  it('hand example: U = 9.5 of 12 pairs, AUC = 19/24, Gini = 7/12', () => {
    expect(auc(S, Y, tiny)).toBeCloseTo(19 / 24, 15);
    expect(gini(S, Y, tiny)).toBeCloseTo(7 / 12, 15);
    expect(pairCountAuc(S, Y)).toBeCloseTo(19 / 24, 15);
  });

  it('is P(repaid scores higher than defaulted): perfect separation 1, reversed 0, all tied 1/2', () => {
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const good = [60, 70, 80, 90, 100, 10, 20, 30, 40, 50];
    expect(auc(good, y)).toBe(1);
    expect(
      auc(
        good.map((s) => -s),
        y
      )
    ).toBe(0);
    expect(gini(good, y)).toBe(1);
    expect(
      gini(
        good.map((s) => 100 - s),
        y
      )
    ).toBe(-1);
    expect(auc(new Array(10).fill(42), y)).toBe(0.5);
  });

  it('ties count 1/2: agrees with pair counting on data with many ties', () => {
    for (const seed of [1, 2, 3]) {
      const { s, y } = tiedData(400, seed);
      expect(auc(s, y)).toBeCloseTo(pairCountAuc(s, y), 14);
    }
  });

  it('reversing the score gives 1 - AUC exactly (ties stay ties)', () => {
    const { s, y } = tiedData(300, 9);
    expect(
      auc(s, y) +
        auc(
          s.map((x) => -x),
          y
        )
    ).toBeCloseTo(1, 14);
  });

  it('accepts typed arrays', () => {
    expect(auc(Float64Array.from(S), Uint8Array.from(Y), tiny)).toBeCloseTo(19 / 24, 15);
  });
});

describe('ROC curve', () => {
  it('hand example: one point per distinct score, ties as a diagonal step', () => {
    // Cut-off t: loans with score < t are predicted to default.
    //   t = 2: nobody                      (0, 0)
    //   t = 3: 2(D)                        (0, 1/3)
    //   t = 4: + 3(R), 3(D) (a tie)        (1/4, 2/3)  <- diagonal
    //   t = 5: + 4(R)                      (2/4, 2/3)
    //   t = 6: + 5(D)                      (2/4, 1)
    //   t = 7: + 6(R)                      (3/4, 1)
    //   t = Infinity: everybody            (1, 1)
    const roc = rocCurve(S, Y, tiny);
    expect(roc).toEqual([
      { threshold: 2, fpr: 0, tpr: 0 },
      { threshold: 3, fpr: 0, tpr: 1 / 3 },
      { threshold: 4, fpr: 1 / 4, tpr: 2 / 3 },
      { threshold: 5, fpr: 2 / 4, tpr: 2 / 3 },
      { threshold: 6, fpr: 2 / 4, tpr: 1 },
      { threshold: 7, fpr: 3 / 4, tpr: 1 },
      { threshold: Infinity, fpr: 1, tpr: 1 }
    ]);
    // Trapezoids: 0 + 1/8 + 1/6 + 0 + 1/4 + 1/4 = 19/24, the AUC.
    expect(trapezoid(roc)).toBeCloseTo(19 / 24, 15);
  });

  it('the trapezoid area under the curve equals the AUC, with ties', () => {
    for (const seed of [4, 5, 6]) {
      const { s, y } = tiedData(500, seed);
      const roc = rocCurve(s, y);
      expect(roc.length).toBe(new Set(s).size + 1);
      expect(trapezoid(roc)).toBeCloseTo(auc(s, y), 14);
    }
  });
});

describe('KS statistic', () => {
  it('hand example: the largest gap of the two CDFs is 1/2 at score 5', () => {
    //  s   F1 (defaulted <= s)   F0 (repaid <= s)   |F1 - F0|
    //  2        1/3                  0                 1/3
    //  3        2/3                  1/4               5/12
    //  4        2/3                  2/4               1/6
    //  5        1                    2/4               1/2   <- max
    //  6        1                    3/4               1/4
    //  7        1                    1                 0
    expect(ksStatistic(S, Y, tiny)).toEqual({
      statistic: 0.5,
      score: 5,
      cdfDefaulted: 1,
      cdfRepaid: 0.5
    });
  });

  it('is 1 for perfect separation and reports the lowest score of a tied maximum', () => {
    const y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(ksStatistic(s, y).statistic).toBe(1);
    expect(ksStatistic(s, y).score).toBe(5);
    // Alternating: gaps 1/5 at s = 1, 0 at 2, 1/5 at 3 ... the first maximum is at s = 1.
    const alt = ksStatistic(s, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(alt.statistic).toBeCloseTo(0.2, 15);
    expect(alt.score).toBe(1);
  });
});

describe('discrimination (one sort for everything)', () => {
  it('agrees with the separate functions', () => {
    const { s, y } = tiedData(600, 11);
    const d = discrimination(s, y, { bootstrap: { resamples: 200, seed: 3 } });
    expect(d.auc).toBe(auc(s, y));
    expect(d.gini).toBeCloseTo(gini(s, y), 15);
    expect(d.ks).toEqual(ksStatistic(s, y));
    expect(d.roc).toEqual(rocCurve(s, y));
    expect(d.interval).toEqual(aucInterval(s, y, { resamples: 200, seed: 3 }));
    expect(d.loans).toBe(600);
    expect(d.defaults + d.repaid).toBe(600);
  });
});

describe('AUC bootstrap interval', () => {
  it('is the naive stratified bootstrap with the engine generator, to the last bit', () => {
    // The naive version draws with seededRandom (one call per draw) and counts pairs; the fast
    // one draws the same stream in batches and counts per distinct score: same resamples, same AUCs.
    const { s, y } = tiedData(120, 21);
    const fast = aucInterval(s, y, { resamples: 300, seed: 77, level: 0.9 });
    const slow = naiveBootstrap(s, y, 300, 77, 0.9);
    expect(fast.lower).toBeCloseTo(slow.lower, 14);
    expect(fast.upper).toBeCloseTo(slow.upper, 14);
    expect(fast.auc).toBeCloseTo(pairCountAuc(s, y), 14);
    expect(fast.lower).toBeLessThanOrEqual(fast.auc);
    expect(fast.upper).toBeGreaterThanOrEqual(fast.auc);
    expect(fast).toMatchObject({ method: 'percentile', resampling: 'stratified', level: 0.9 });
  });

  it('is reproducible by seed', () => {
    const { s, y } = tiedData(300, 22);
    const a = aucInterval(s, y, { resamples: 200, seed: 5 });
    expect(aucInterval(s, y, { resamples: 200, seed: 5 })).toEqual(a);
    expect(aucInterval(s, y, { resamples: 200, seed: 6 })).not.toEqual(a);
  });

  it('has no width under perfect separation (every resample separates too)', () => {
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const r = aucInterval([6, 7, 8, 9, 10, 1, 2, 3, 4, 5], y, { resamples: 100 });
    expect([r.lower, r.auc, r.upper, r.standardError]).toEqual([1, 1, 1, 0]);
  });
});

describe('AUC difference of two scores on the same loans', () => {
  it('is the naive paired bootstrap, to the last bit', () => {
    const { s, y } = tiedData(100, 31);
    const random = seededRandom(8);
    const other = s.map((x) => x + Math.floor(random() * 6)); // a noisier score
    const fast = aucDifference(s, other, y, { resamples: 200, seed: 12 });
    const slow = naiveBootstrap(s, y, 200, 12, 0.95, other);
    expect(fast.difference).toBeCloseTo(pairCountAuc(s, y) - pairCountAuc(other, y), 14);
    expect(fast.lower).toBeCloseTo(slow.lower, 14);
    expect(fast.upper).toBeCloseTo(slow.upper, 14);
    expect(fast.resampling).toBe('paired-stratified');
  });

  it('a score against itself: difference 0, interval [0, 0]', () => {
    const { s, y } = tiedData(200, 32);
    const r = aucDifference(s, s, y, { resamples: 50 });
    expect([r.difference, r.lower, r.upper]).toEqual([0, 0, 0]);
  });
});

describe('calibration by grade', () => {
  const order = ['A', 'B', 'C', 'D'];
  function loans(spec: Record<string, [number, number]>): { g: string[]; y: number[] } {
    // spec: grade -> [loans, defaults]
    const g: string[] = [];
    const y: number[] = [];
    for (const [grade, [n, d]] of Object.entries(spec))
      for (let k = 0; k < n; k++) {
        g.push(grade);
        y.push(k < d ? 1 : 0);
      }
    return { g, y };
  }

  it('counts loans and defaults per grade; an empty grade is skipped, an equal rate is a tie', () => {
    // A: 0/10, B: empty, C: 2/10 = 0.2, D: 1/5 = 0.2 -> rises (weakly): monotonic, not strictly.
    const { g, y } = loans({ A: [10, 0], C: [10, 2], D: [5, 1] });
    const c = calibrationByGrade(g, y, order);
    expect(c.grades).toEqual([
      { grade: 'A', loans: 10, defaults: 0, defaultRate: 0 },
      { grade: 'B', loans: 0, defaults: 0, defaultRate: null },
      { grade: 'C', loans: 10, defaults: 2, defaultRate: 0.2 },
      { grade: 'D', loans: 5, defaults: 1, defaultRate: 0.2 }
    ]);
    expect(c.emptyGrades).toEqual(['B']);
    expect(c.monotonic).toBe(true);
    expect(c.strictlyMonotonic).toBe(false);
    expect(c.ties).toEqual([{ better: 'C', worse: 'D', betterRate: 0.2, worseRate: 0.2 }]);
    expect(c.violations).toEqual([]);
  });

  it('a falling rate is a violation; strictly rising rates pass both flags', () => {
    // A 1/10, B 3/10, C 2/10 (falls), D 5/10
    const bad = loans({ A: [10, 1], B: [10, 3], C: [10, 2], D: [10, 5] });
    const c = calibrationByGrade(bad.g, bad.y, order);
    expect(c.monotonic).toBe(false);
    expect(c.strictlyMonotonic).toBe(false);
    expect(c.violations).toEqual([{ better: 'B', worse: 'C', betterRate: 0.3, worseRate: 0.2 }]);
    const good = loans({ A: [10, 0], B: [10, 1], C: [10, 2], D: [10, 5] });
    const ok = calibrationByGrade(good.g, good.y, order);
    expect([ok.monotonic, ok.strictlyMonotonic]).toEqual([true, true]);
  });

  it('compares rates exactly (1/3 against 2/6 is a tie, not a rounding accident)', () => {
    const { g, y } = loans({ A: [3, 1], B: [6, 2] });
    expect(calibrationByGrade(g, y, order).ties).toHaveLength(1);
  });

  it('fewer than two grades with loans: nothing to compare, both flags null', () => {
    const { g, y } = loans({ B: [4, 1] });
    const c = calibrationByGrade(g, y, order);
    expect([c.monotonic, c.strictlyMonotonic]).toEqual([null, null]);
  });

  it('refuses a grade outside the order and a repeated grade', () => {
    expectInputError(
      () => calibrationByGrade(['A', 'E'], [0, 1], order),
      'unknown-grade',
      'calibrationByGrade: grades[1]: "E" is not one of the grades A, B, C, D'
    );
    expectInputError(
      () => calibrationByGrade(['A'], [0], ['A', 'B', 'A']),
      'bad-option',
      'order[2]',
      'appears twice'
    );
  });
});

describe('performance at a cut-off', () => {
  it('hand example at score 4.5: positive = predicted default = score below the cut-off', () => {
    // Below 4.5: 2(D), 3(R), 3(D), 4(R) -> TP 2, FP 2; at or above: 5(D), 6(R), 7(R) -> FN 1, TN 2.
    // accuracy 4/7, precision 2/4, recall 2/3, specificity 2/4.
    const r = performanceAtScore(S, Y, 4.5);
    expect(r.matrix).toEqual({
      truePositives: 2,
      falsePositives: 2,
      trueNegatives: 2,
      falseNegatives: 1
    });
    expect(r.accuracy).toBeCloseTo(4 / 7, 15);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBeCloseTo(2 / 3, 15);
    expect(r.specificity).toBe(0.5);
    expect(r.cutoff).toEqual({ kind: 'score', score: 4.5 });
  });

  it('a score equal to the cut-off is lent to', () => {
    // Cut-off 5: the defaulted loan scoring exactly 5 is lent to (a false negative).
    expect(performanceAtScore(S, Y, 5).matrix.falseNegatives).toBe(1);
    expect(performanceAtScore(S, Y, 5.0001).matrix.falseNegatives).toBe(0);
  });

  it('empty denominators give null, never NaN', () => {
    // Cut-off below every score: nobody predicted to default -> precision null.
    const r = performanceAtScore(S, Y, 0);
    expect(r.precision).toBeNull();
    expect(r.recall).toBe(0);
    expect(r.accuracy).toBeCloseTo(4 / 7, 15);
    const noDefaults = performanceAtScore([1, 2], [0, 0], 1.5);
    expect(noDefaults.recall).toBeNull();
  });

  it('grade cut-off: lend to this grade and better', () => {
    const order = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D'];
    const grades = ['AAA', 'A', 'B', 'CCC', 'D', 'BB', 'C'];
    const y = [0, 0, 1, 1, 1, 0, 0];
    // Cut-off B (the Fujian rule): CCC, D, C predicted to default.
    //   CCC(1) TP, D(1) TP, C(0) FP; AAA(0) TN, A(0) TN, BB(0) TN, B(1) FN.
    const r = performanceAtGrade(grades, y, order, 'B');
    expect(r.matrix).toEqual({
      truePositives: 2,
      falsePositives: 1,
      trueNegatives: 3,
      falseNegatives: 1
    });
    expect(r.cutoff).toMatchObject({ kind: 'grade', grade: 'B' });
    expectInputError(() => performanceAtGrade(grades, y, order, 'E'), 'unknown-grade', 'cutoff');
  });

  it('confusionMatrix takes booleans or 0/1 and refuses anything else', () => {
    expect(confusionMatrix([true, false, 1, 0], [1, 1, 0, 0])).toEqual({
      truePositives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1
    });
    expectInputError(
      () => confusionMatrix([1, 2] as number[], [0, 1]),
      'not-binary',
      'predictedDefault[1]'
    );
  });
});

describe('bad input is refused with a message that says what and where', () => {
  const y10 = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const s10 = [5, 6, 7, 8, 9, 1, 2, 3, 4, 5];

  it('length mismatch', () => {
    expectInputError(
      () => auc([1, 2, 3], y10),
      'length-mismatch',
      'auc: scores: 3 scores for 10 outcomes'
    );
    expectInputError(
      () => aucDifference(s10, [1, 2], y10),
      'length-mismatch',
      'aucDifference: scoresB'
    );
  });

  it('an outcome that is not 0/1', () => {
    expectInputError(
      () => auc(s10, [0, 0, 2, 0, 0, 1, 1, 1, 1, 1]),
      'not-binary',
      'auc: outcomes[2]: an outcome must be 0 (repaid) or 1 (defaulted or non-performing), got 2'
    );
    expectInputError(
      () => ksStatistic(s10, ['0', 0, 0, 0, 0, 1, 1, 1, 1, 1] as unknown as number[]),
      'not-binary',
      'outcomes[0]',
      'got "0"'
    );
  });

  it('NaN or infinite scores', () => {
    const bad = [...s10];
    bad[3] = NaN;
    expectInputError(
      () => auc(bad, y10),
      'not-finite',
      'auc: scores[3]: a score must be a finite number, got NaN'
    );
    bad[3] = Infinity;
    expectInputError(() => rocCurve(bad, y10), 'not-finite', 'rocCurve: scores[3]', 'Infinity');
  });

  it('too few defaults or no repaid loans: AUC undefined, an error, never NaN', () => {
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]; // 4 defaults
    expectInputError(
      () => auc(s10, y),
      'too-few-outcomes',
      'auc: outcomes: the AUC is undefined here: it needs at least 5 defaulted and 5 repaid loans, got 4 defaulted and 6 repaid'
    );
    expectInputError(() => gini(s10, new Array(10).fill(1)), 'too-few-outcomes', '0 repaid');
    expectInputError(() => aucInterval(s10, y), 'too-few-outcomes');
    expectInputError(() => discrimination(s10, y), 'too-few-outcomes');
    expectInputError(() => auc([], []), 'empty', 'auc: outcomes: no loans');
  });

  it('bad bootstrap options', () => {
    expectInputError(() => aucInterval(s10, y10, { resamples: 0 }), 'bad-option', 'resamples');
    expectInputError(() => aucInterval(s10, y10, { level: 95 }), 'bad-option', 'level', '0.95');
    expectInputError(() => aucInterval(s10, y10, { seed: 1.5 }), 'bad-option', 'seed');
    expectInputError(() => auc(s10, y10, { minPerClass: 0 }), 'bad-option', 'minPerClass');
  });
});
