/**
 * The validation report and the weight-set comparison (src/lib/validation/report.ts): on loans
 * from the synthetic generator the report must find what the generator put in (the true
 * weights separate better than reversed ones; the regression's weights follow the true ones;
 * default rates rise grade by grade), each section must agree with the metric it is built on,
 * and measures a file cannot support must be reported as undefined, with the reason, while the
 * rest is still computed.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import { DEFAULT_GRADES } from '../../../src/lib/weights';
import {
  FARM_CREDIT_LEAVES,
  ValidationInputError,
  auc,
  compareWeightSets,
  loansToCsv,
  pearsonCorrelation,
  performanceAtScore,
  readLoans,
  syntheticLoans,
  thinRoc,
  validationReport,
  type LoanMatrix,
  type ReportWeightSet,
  type RocPoint
} from '../../../src/lib/validation';
import { TRUE_WEIGHTS, weightedScores } from './helpers';

const LEAVES = [...FARM_CREDIT_LEAVES];

/** A weight set as the report reads it (not hashed: the report trusts a verified one). */
function weightSet(name: string, weights: readonly number[], leaves = LEAVES): ReportWeightSet {
  return {
    name,
    createdAt: '2025-05-01T08:30:00.000Z',
    survey: { id: 'test', title: { en: 'Test', zh: '测试' } },
    hash: { algorithm: 'sha256', value: name.padEnd(64, '0').slice(0, 64) },
    leaves: leaves.map((id, j) => ({ id, globalWeight: weights[j]! })),
    grading: { scoreMin: 0, scoreMax: 100, tolerance: 1e-9, bands: [...DEFAULT_GRADES] }
  };
}

const TRUE_SET = weightSet('true', TRUE_WEIGHTS);
const REVERSED_SET = weightSet('reversed', [...TRUE_WEIGHTS].reverse());

/**
 * 3,000 loans from the true weights (independent leaves: with correlated ones every positive
 * weighting ranks loans much alike), read back through the CSV as a researcher's file would be.
 */
const loans = readLoans(
  loansToCsv(syntheticLoans({ weights: TRUE_WEIGHTS, loans: 3000, defaultRate: 0.12, seed: 2024 })),
  LEAVES
);

const report = validationReport(TRUE_SET, loans, { seed: 7, resamples: 400 });

describe('validationReport on synthetic loans', () => {
  it('the true weights separate better than reversed ones, with a bootstrap interval around the AUC', () => {
    const reversed = validationReport(REVERSED_SET, loans, { seed: 7, resamples: 400 });
    expect(report.discrimination.defined && reversed.discrimination.defined).toBe(true);
    if (!report.discrimination.defined || !reversed.discrimination.defined) return;
    const d = report.discrimination;
    expect(d.auc).toBeGreaterThan(reversed.discrimination.auc + 0.02);
    expect(d.auc).toBeCloseTo(auc(weightedScores(loans.rows, TRUE_WEIGHTS), loans.outcomes), 12);
    expect(d.interval.lower).toBeLessThan(d.auc);
    expect(d.interval.upper).toBeGreaterThan(d.auc);
    expect(d.interval.level).toBe(0.95);
    expect(d.gini).toBeCloseTo(2 * d.auc - 1, 14);
    expect(d.ks.statistic).toBeGreaterThan(0.3);
  });

  it("the regression baseline's weights correlate with the true weights; its CV AUC is near the true model's", () => {
    expect(report.baseline.defined).toBe(true);
    if (!report.baseline.defined || !report.discrimination.defined) return;
    const b = report.baseline;
    expect(b.weights.map((w) => w.leaf)).toEqual(LEAVES);
    expect(b.weights.map((w) => w.expert)).toEqual(TRUE_WEIGHTS);
    expect(b.correlation).toBeGreaterThan(0.85);
    const regression = b.weights.map((w) => w.regression ?? 0);
    expect(b.correlation).toBeCloseTo(pearsonCorrelation(TRUE_WEIGHTS, regression)!, 12);
    expect(regression.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(b.crossValidation.defined).toBe(true);
    if (!b.crossValidation.defined) return;
    expect(b.crossValidation.folds).toHaveLength(5);
    expect(Math.abs(b.crossValidation.pooledAuc - report.discrimination.auc)).toBeLessThan(0.03);
    expect(b.crossValidation.roc.length).toBeLessThanOrEqual(200);
  });

  it('on a well-separated file the default rate rises monotonically from AAA to D', () => {
    const sharp = readLoans(
      loansToCsv(
        syntheticLoans({
          weights: TRUE_WEIGHTS,
          loans: 6000,
          defaultRate: 0.15,
          noise: 0.1,
          slope: 3,
          correlation: 0.5,
          seed: 99
        })
      ),
      LEAVES
    );
    const r = validationReport(TRUE_SET, sharp, { resamples: 50 });
    expect(r.calibration.grades.map((g) => g.grade)).toEqual(DEFAULT_GRADES.map((b) => b.grade));
    expect(r.calibration.grades.map((g) => g.minScore)).toEqual(
      DEFAULT_GRADES.map((b) => b.minScore)
    );
    expect(r.calibration.monotonic).toBe(true);
    expect(r.calibration.violations).toEqual([]);
    expect(r.warnings.map((w) => w.code)).not.toContain('not-monotonic');
    const filled = r.calibration.grades.filter((g) => g.loans > 0);
    expect(filled.length).toBeGreaterThanOrEqual(6);
    expect(filled.reduce((s, g) => s + g.loans, 0)).toBe(6000);
  });

  it('the cut-off section is the metrics module at that cut-off; a grade equals its minimum score', () => {
    const byGrade = validationReport(TRUE_SET, loans, { cutoff: { grade: 'BB' }, resamples: 20 });
    const byScore = validationReport(TRUE_SET, loans, { cutoff: { score: 50 }, resamples: 20 });
    expect(byGrade.cutoff.cutoff).toEqual({
      kind: 'grade',
      grade: 'BB',
      minScore: 50,
      source: 'given'
    });
    expect(byScore.cutoff.matrix).toEqual(byGrade.cutoff.matrix);
    const direct = performanceAtScore(weightedScores(loans.rows, TRUE_WEIGHTS), loans.outcomes, 50);
    expect(byScore.cutoff.matrix).toEqual(direct.matrix);
    expect(byScore.cutoff.accuracy).toBe(direct.accuracy);
    expect(byScore.cutoff.refused + byScore.cutoff.lent).toBe(3000);
    // The default: grade B, the Fujian rule.
    expect(report.cutoff.cutoff).toEqual({
      kind: 'grade',
      grade: 'B',
      minScore: 40,
      source: 'default'
    });
  });

  it('is seeded and JSON-clean: the same options give the same report, and it survives JSON', () => {
    expect(validationReport(TRUE_SET, loans, { seed: 7, resamples: 400 })).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    expect(report.method).toMatchObject({ seed: 7, resamples: 400, folds: 5, level: 0.95 });
    expect(Object.keys(report.method.definitions)).toEqual(
      expect.arrayContaining(['auc', 'gini', 'ks', 'calibration', 'cutoff', 'regressionWeights'])
    );
  });

  it('thins the ROC curve to at most 200 points from (0, 0) to (1, 1)', () => {
    if (!report.discrimination.defined) throw new Error('expected a defined AUC');
    const roc = report.discrimination.roc;
    expect(report.discrimination.rocPointsFull).toBeGreaterThan(200);
    expect(roc.length).toBeLessThanOrEqual(200);
    expect(roc.length).toBeGreaterThan(100);
    expect(roc[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(roc.at(-1)).toEqual({ threshold: null, fpr: 1, tpr: 1 });
    for (let k = 1; k < roc.length; k++) {
      expect(roc[k]!.fpr).toBeGreaterThanOrEqual(roc[k - 1]!.fpr);
      expect(roc[k]!.tpr).toBeGreaterThanOrEqual(roc[k - 1]!.tpr);
    }
  });

  it('thinRoc keeps a short curve whole and never exceeds the limit', () => {
    const pts: RocPoint[] = Array.from({ length: 5001 }, (_, k) => ({
      threshold: k === 5000 ? Infinity : k,
      fpr: k / 5000,
      tpr: Math.sqrt(k / 5000)
    }));
    for (const max of [10, 50, 200]) expect(thinRoc(pts, max).length).toBeLessThanOrEqual(max);
    expect(thinRoc(pts.slice(0, 3), 200)).toHaveLength(3);
  });
});

describe('validationReport: undefined measures and warnings', () => {
  /** n loans of the given outcomes, scores drawn from the seeded generator. */
  function randomLoans(outcomes: number[], seed = 1): LoanMatrix {
    const random = seededRandom(seed);
    return {
      leaves: LEAVES,
      rows: outcomes.map(() => LEAVES.map(() => Math.round(100 * random()))),
      outcomes
    };
  }

  it('with 3 defaults: AUC, Gini, KS and the baseline are undefined with the reason; the rest is computed', () => {
    const outcomes = Array.from({ length: 300 }, (_, i) => (i % 100 === 0 ? 1 : 0));
    const r = validationReport(TRUE_SET, randomLoans(outcomes), { resamples: 50 });
    expect(r.discrimination).toEqual({
      defined: false,
      code: 'too-few-outcomes',
      reason: expect.stringContaining('at least 5 defaulted and 5 repaid loans; the file has 3')
    });
    expect(r.baseline).toMatchObject({ defined: false, code: 'too-few-outcomes' });
    expect(r.calibration.grades.reduce((s, g) => s + g.defaults, 0)).toBe(3);
    expect(r.cutoff.loans).toBe(300);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['too-few-outcomes', 'baseline-undefined'])
    );
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('too few defaults for 5 folds: the fit and weights stand, the cross-validation is undefined', () => {
    const s = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 600, defaultRate: 0.035, seed: 4 });
    const defaults = s.outcomes.filter((y) => y === 1).length;
    expect(defaults).toBeGreaterThanOrEqual(16);
    expect(defaults).toBeLessThan(25);
    const r = validationReport(TRUE_SET, s, { resamples: 50 });
    expect(r.discrimination.defined).toBe(true);
    expect(r.baseline.defined).toBe(true);
    if (!r.baseline.defined) return;
    expect(r.baseline.crossValidation).toMatchObject({ defined: false, code: 'too-few-outcomes' });
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['cross-validation-undefined', 'few-events-per-leaf'])
    );
    // Two folds have enough defaults each, but 10 defaults for 15 leaves separate in a training
    // fold: the cross-validation says so and the fit on all loans still stands.
    const two = validationReport(TRUE_SET, s, { resamples: 50, folds: 2 });
    if (!two.baseline.defined) throw new Error(two.baseline.reason);
    expect(two.baseline.crossValidation).toMatchObject({ defined: false, code: 'separation' });
    expect(two.baseline.crossValidation.defined || two.baseline.crossValidation.reason).toContain(
      'training folds of fold'
    );
    // A ridge penalty keeps every fit finite.
    const ridge = validationReport(TRUE_SET, s, { resamples: 50, folds: 2, ridge: 0.1 });
    expect(ridge.baseline.defined && ridge.baseline.crossValidation.defined).toBe(true);
  });

  it('perfectly separating scores: the baseline is undefined (separation), discrimination is 1', () => {
    const outcomes = Array.from({ length: 200 }, (_, i) => (i < 40 ? 1 : 0));
    const data = randomLoans(outcomes, 3);
    data.rows.forEach((row, i) => {
      (row as number[])[0] = outcomes[i] === 1 ? 10 + (i % 30) : 60 + (i % 40);
    });
    const r = validationReport(weightSet('c1', [1, ...LEAVES.slice(1).map(() => 0)]), data, {
      resamples: 50
    });
    expect(r.baseline).toMatchObject({ defined: false, code: 'separation' });
    expect(r.discrimination.defined && r.discrimination.auc).toBe(1);
  });

  it('a leaf against its risk direction is clipped and flagged', () => {
    const s = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 3000, defaultRate: 0.2, seed: 8 });
    const random = seededRandom(8);
    // C15 made riskier with more points: defaulted loans score higher on it.
    s.rows.forEach((row, i) => {
      row[14] = Math.min(100, Math.round(30 * random() + (s.outcomes[i] === 1 ? 55 : 35)));
    });
    const r = validationReport(TRUE_SET, s, { resamples: 50 });
    if (!r.baseline.defined) throw new Error(r.baseline.reason);
    expect(r.baseline.clipped).toEqual(['C15']);
    const c15 = r.baseline.weights[14]!;
    expect(c15).toMatchObject({ leaf: 'C15', regression: 0, clipped: true });
    expect(c15.coefficient).toBeGreaterThan(0);
    expect(r.warnings.find((w) => w.code === 'clipped-leaves')?.params.leaves).toBe('C15');
  });

  it('flags a default rate that falls from a better grade to a worse one', () => {
    // Only C1 counts; AAA loans (C1 = 95) default half the time, BB loans (C1 = 55) never.
    const rows = Array.from({ length: 40 }, (_, i) => [
      i < 20 ? 95 : 55,
      ...LEAVES.slice(1).map(() => 0)
    ]);
    const outcomes = rows.map((_, i) => (i < 20 && i % 2 === 0 ? 1 : 0));
    const r = validationReport(
      weightSet('c1', [1, ...LEAVES.slice(1).map(() => 0)]),
      { leaves: LEAVES, rows, outcomes },
      { resamples: 20 }
    );
    expect(r.calibration.monotonic).toBe(false);
    expect(r.calibration.violations).toEqual([
      { better: 'AAA', worse: 'BB', betterRate: 0.5, worseRate: 0 }
    ]);
    expect(r.warnings.find((w) => w.code === 'not-monotonic')?.message).toContain(
      'AAA 50.0% -> BB 0.0%'
    );
    expect(r.warnings.map((w) => w.code)).toContain('auc-below-chance');
  });

  it('a cut-off below every score lends to everyone, and says so', () => {
    const r = validationReport(TRUE_SET, loans, { cutoff: { score: 0 }, resamples: 20 });
    expect(r.cutoff.refused).toBe(0);
    expect(r.cutoff.precision).toBeNull();
    expect(r.cutoff.recall).toBe(0);
    expect(r.warnings.map((w) => w.code)).toContain('cutoff-one-sided');
  });

  it('refuses malformed loans and options: nothing is computed', () => {
    const bad = (f: () => unknown, code: string, text: string) => {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ValidationInputError);
      expect((caught as ValidationInputError).code).toBe(code);
      expect((caught as ValidationInputError).message).toContain(text);
    };
    bad(
      () =>
        validationReport(TRUE_SET, {
          ...loans,
          leaves: LEAVES.slice(0, 14),
          rows: loans.rows.map((r) => r.slice(0, 14))
        }),
      'length-mismatch',
      'no scores for leaf C15'
    );
    bad(
      () =>
        validationReport(TRUE_SET, {
          leaves: LEAVES,
          rows: [LEAVES.map(() => 101)],
          outcomes: [0]
        }),
      'not-finite',
      'leaf C1: a score must be a number from 0 to 100'
    );
    bad(
      () =>
        validationReport(TRUE_SET, { leaves: LEAVES, rows: [LEAVES.map(() => 1)], outcomes: [2] }),
      'not-binary',
      'outcomes[2]'.slice(0, 0) + 'an outcome must be 0'
    );
    bad(
      () => validationReport(TRUE_SET, loans, { cutoff: { grade: 'Z' } }),
      'unknown-grade',
      '"Z" is not a grade'
    );
    bad(() => validationReport(TRUE_SET, loans, { resamples: 0 }), 'bad-option', 'resamples');
  });
});

describe('compareWeightSets', () => {
  it('the true weights beat reversed ones: the interval lies above 0', () => {
    const c = compareWeightSets(TRUE_SET, REVERSED_SET, loans, { resamples: 400, seed: 3 });
    if (!c.difference.defined) throw new Error(c.difference.reason);
    expect(c.a.auc! - c.b.auc!).toBeCloseTo(c.difference.difference, 14);
    expect(c.difference.lower).toBeGreaterThan(0);
    expect(c.better).toBe('a');
    const swapped = compareWeightSets(REVERSED_SET, TRUE_SET, loans, { resamples: 400, seed: 3 });
    expect(swapped.better).toBe('b');
    expect(swapped.a.name).toBe('reversed');
  });

  it('a weight set against itself: difference 0, no clear difference', () => {
    const c = compareWeightSets(TRUE_SET, TRUE_SET, loans, { resamples: 100 });
    expect(c.difference).toMatchObject({ defined: true, difference: 0, lower: 0, upper: 0 });
    expect(c.better).toBe('no clear difference');
  });

  it('two close weight sets: no clear difference when the interval holds 0', () => {
    const near = weightSet(
      'near',
      TRUE_WEIGHTS.map((w, j) => w * (j % 2 === 0 ? 1.02 : 0.98))
    );
    const c = compareWeightSets(TRUE_SET, near, loans, { resamples: 400 });
    if (!c.difference.defined) throw new Error(c.difference.reason);
    expect(c.difference.lower).toBeLessThanOrEqual(0);
    expect(c.difference.upper).toBeGreaterThanOrEqual(0);
    expect(c.better).toBe('no clear difference');
  });

  it('weight sets over different leaves need a column for each; too few defaults is undefined', () => {
    const small = weightSet('small', [0.5, 0.5], ['C3', 'C8']);
    const c = compareWeightSets(TRUE_SET, small, loans, { resamples: 50 });
    expect(c.difference.defined).toBe(true);
    expect(() => compareWeightSets(TRUE_SET, weightSet('x', [1], ['C99']), loans)).toThrow(
      /no scores for leaf C99/
    );
    const few = {
      leaves: LEAVES,
      rows: loans.rows.slice(0, 50),
      outcomes: Array.from({ length: 50 }, (_, i) => (i < 2 ? 1 : 0))
    };
    const u = compareWeightSets(TRUE_SET, REVERSED_SET, few);
    expect(u.difference).toMatchObject({ defined: false, code: 'too-few-outcomes' });
    expect(u.better).toBeNull();
    expect(u.a.auc).toBeNull();
  });
});
