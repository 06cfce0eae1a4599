/**
 * The logistic-regression baseline. The fit is checked against computations that share nothing
 * with it: a direct maximisation of the log-likelihood by a zooming 2-D grid, and the score
 * equations X^T (y - p) = 0 (with the ridge term when penalised) evaluated in plain loops.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import {
  ValidationFitError,
  assignFolds,
  coefficientWeights,
  compareWeights,
  crossValidatedAuc,
  fitLogistic,
  pearsonCorrelation,
  predictLogOdds,
  regressionBaseline,
  syntheticLoans,
  type LogisticFit,
  type LoanMatrix
} from '../../../src/lib/validation';
import { TRUE_WEIGHTS, expectInputError } from './helpers';

function logLikelihood(rows: ArrayLike<number>[], y: ArrayLike<number>, b: number[]): number {
  let l = 0;
  for (let i = 0; i < rows.length; i++) {
    let eta = b[0]!;
    for (let j = 0; j < rows[i]!.length; j++) eta += b[j + 1]! * rows[i]![j]!;
    l += y[i]! * eta - Math.log(1 + Math.exp(eta));
  }
  return l;
}

/** X^T (y - p) with the intercept column first, on the original scale. */
function scoreEquations(data: LoanMatrix, fit: LogisticFit): number[] {
  const p = fit.coefficients.length;
  const g = new Array<number>(p + 1).fill(0);
  const eta = predictLogOdds(fit, data.rows);
  for (let i = 0; i < data.rows.length; i++) {
    const r = data.outcomes[i]! - 1 / (1 + Math.exp(-eta[i]!));
    g[0]! += r;
    for (let j = 0; j < p; j++) g[j + 1]! += data.rows[i]![j]! * r;
  }
  return g;
}

function expectFitError(fn: () => unknown, reason: string, ...parts: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ValidationFitError);
  expect((caught as ValidationFitError).reason).toBe(reason);
  for (const p of parts) expect((caught as Error).message).toContain(p);
}

describe('fitLogistic', () => {
  it('intercept and one leaf: the maximum found by a zooming grid search', () => {
    const data = syntheticLoans({
      weights: [1],
      leaves: ['X'],
      loans: 300,
      defaultRate: 0.3,
      seed: 3
    });
    const fit = fitLogistic(data);
    // Direct maximisation: a 21 x 21 grid over (b0, b1), re-centred on the best point and
    // shrunk by 3 each round; the log-likelihood is concave, so this closes in on the maximum.
    let c0 = 0;
    let c1 = 0;
    let h0 = 10;
    let h1 = 0.5;
    for (let round = 0; round < 45; round++) {
      let best = -Infinity;
      let b0 = c0;
      let b1 = c1;
      for (let a = -10; a <= 10; a++)
        for (let b = -10; b <= 10; b++) {
          const x0 = c0 + (a * h0) / 10;
          const x1 = c1 + (b * h1) / 10;
          const l = logLikelihood(data.rows, data.outcomes, [x0, x1]);
          if (l > best) [best, b0, b1] = [l, x0, x1];
        }
      [c0, c1, h0, h1] = [b0, b1, h0 / 3, h1 / 3];
    }
    // Near its maximum the log-likelihood (about -150, summed with rounding errors near 1e-13)
    // is flat to within its own rounding over about 1e-8 in b1 and 1e-6 in b0: the grid's
    // accuracy, so the comparison stops there; the likelihood itself must be at least as high.
    expect(fit.intercept).toBeCloseTo(c0, 6);
    expect(fit.coefficients[0]!).toBeCloseTo(c1, 8);
    const ours = logLikelihood(data.rows, data.outcomes, [fit.intercept, fit.coefficients[0]!]);
    expect(ours).toBeGreaterThanOrEqual(logLikelihood(data.rows, data.outcomes, [c0, c1]) - 1e-10);
    expect(fit.coefficients[0]!).toBeLessThan(0); // a higher score, less risk
    expect(fit.deviance).toBeCloseTo(-2 * logLikelihood(data.rows, data.outcomes, [c0, c1]), 8);
  });

  it('15 leaves: the score equations X^T (y - p) vanish at the solution (|.| < 1e-8)', () => {
    const data = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 3000, defaultRate: 0.15, seed: 4 });
    const fit = fitLogistic(data);
    expect(fit.ridge).toBe(0);
    expect(fit.iterations).toBeLessThan(15);
    for (const g of scoreEquations(data, fit)) expect(Math.abs(g)).toBeLessThan(1e-8);
    expect(fit.deviance).toBeLessThan(fit.nullDeviance);
    expect(fit.loans).toBe(3000);
    expect(fit.defaults).toBe(data.outcomes.filter((y) => y === 1).length);
  });

  it('ridge: the penalised score equations hold, the coefficients shrink, the penalty is reported', () => {
    const data = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 2000, defaultRate: 0.2, seed: 5 });
    const lambda = 50;
    const fit = fitLogistic(data, { ridge: lambda });
    expect(fit.ridge).toBe(lambda);
    // On standardised columns z_j = (x_j - m_j) / sd_j with gamma_j = beta_j sd_j:
    //   sum_i (y_i - p_i) = 0  and  sum_i z_ij (y_i - p_i) = lambda gamma_j.
    const n = data.rows.length;
    const eta = predictLogOdds(fit, data.rows);
    const r = eta.map((e, i) => data.outcomes[i]! - 1 / (1 + Math.exp(-e)));
    expect(Math.abs(r.reduce((s, x) => s + x, 0))).toBeLessThan(1e-8);
    for (let j = 0; j < 15; j++) {
      const col = data.rows.map((row) => row[j]!);
      const m = col.reduce((s, x) => s + x, 0) / n;
      const sd = Math.sqrt(col.reduce((s, x) => s + (x - m) ** 2, 0) / n);
      const lhs = col.reduce((s, x, i) => s + ((x - m) / sd) * r[i]!, 0);
      expect(lhs).toBeCloseTo(lambda * fit.coefficients[j]! * sd, 8);
    }
    const plain = fitLogistic(data);
    const norm = (f: LogisticFit) => Math.hypot(...f.coefficients);
    expect(norm(fit)).toBeLessThan(norm(plain));
  });

  it('complete separation is an error that suggests a ridge penalty; with one the fit is finite', () => {
    const random = seededRandom(6);
    const rows = Array.from({ length: 60 }, () => [
      Math.floor(random() * 101),
      Math.floor(random() * 101)
    ]);
    const data = { leaves: ['A', 'B'], rows, outcomes: rows.map((r) => (r[0]! < 50 ? 1 : 0)) };
    expectFitError(() => fitLogistic(data), 'separation', 'fitLogistic:', 'ridge');
    const fit = fitLogistic(data, { ridge: 0.01 });
    expect(fit.ridge).toBe(0.01);
    expect(fit.coefficients[0]!).toBeLessThan(0);
    expect(fit.coefficients.every(Number.isFinite)).toBe(true);
  });

  it('quasi-complete separation (overlap only at one score) is an error too', () => {
    const rows: number[][] = [];
    const outcomes: number[] = [];
    for (let k = 0; k <= 100; k += 5) {
      rows.push([k, (k * 37) % 101]);
      outcomes.push(k < 50 ? 1 : 0);
    }
    rows.push([50, 10], [50, 90]);
    outcomes.push(1, 0);
    expectFitError(() => fitLogistic({ leaves: ['A', 'B'], rows, outcomes }), 'separation');
  });

  it('separation by one leaf among fifteen is an error too, not a "converged" fit', () => {
    // The defaulted loans score 10-39 on C1, the repaid ones 60-99; the other leaves are noise.
    // Newton-Raphson's steps stop moving once the separated probabilities round to 0 and 1, with
    // C1's coefficient merely large: that must not pass as a fit.
    const random = seededRandom(3);
    const outcomes = Array.from({ length: 200 }, (_, i) => (i < 40 ? 1 : 0));
    const rows = outcomes.map((y, i) => [
      y === 1 ? 10 + (i % 30) : 60 + (i % 40),
      ...Array.from({ length: 14 }, () => Math.round(100 * random()))
    ]);
    const leaves = Array.from({ length: 15 }, (_, k) => `C${k + 1}`);
    expectFitError(() => fitLogistic({ leaves, rows, outcomes }), 'separation', 'ridge');
    expect(fitLogistic({ leaves, rows, outcomes }, { ridge: 0.01 }).coefficients[0]!).toBeLessThan(
      0
    );
  });

  it('collinear leaves are a "singular" error; a constant leaf is refused by name', () => {
    const data = syntheticLoans({
      weights: [1, 1, 1],
      leaves: ['A', 'B', 'C'],
      loans: 200,
      defaultRate: 0.3,
      seed: 7
    });
    const dup = { ...data, rows: data.rows.map((r) => [r[0]!, r[1]!, r[0]!]) };
    expectFitError(() => fitLogistic(dup), 'singular', 'collinear');
    const sum = { ...data, rows: data.rows.map((r) => [r[0]!, r[1]!, r[0]! + 2 * r[1]!]) };
    expectFitError(() => fitLogistic(sum), 'singular');
    const flat = { ...data, rows: data.rows.map((r) => [r[0]!, 70, r[2]!]) };
    expectInputError(
      () => fitLogistic(flat),
      'constant-column',
      'leaf B has the same score (70) for every loan'
    );
  });

  it('refuses malformed loans, naming the row, the column and the leaf', () => {
    const leaves = ['C1', 'C2'];
    const rows = Array.from({ length: 20 }, (_, i) => [i * 5, 100 - i * 5]);
    const outcomes = rows.map((_, i) => (i % 2 === 0 ? 1 : 0));
    expectInputError(
      () => fitLogistic({ leaves, rows: [...rows.slice(0, 5), [1], ...rows.slice(6)], outcomes }),
      'length-mismatch',
      'fitLogistic: rows[5]: 1 scores for 2 leaves (C1, C2)'
    );
    const nan = rows.map((r) => [...r]);
    nan[7]![1] = NaN;
    expectInputError(
      () => fitLogistic({ leaves, rows: nan, outcomes }),
      'not-finite',
      'fitLogistic: rows[7][1]: leaf C2: a score must be a finite number, got NaN'
    );
    expectInputError(
      () => fitLogistic({ leaves, rows, outcomes: outcomes.map((y, i) => (i === 3 ? 0.5 : y)) }),
      'not-binary',
      'outcomes[3]'
    );
    expectInputError(
      () => fitLogistic({ leaves, rows: rows.slice(1), outcomes }),
      'length-mismatch',
      '19 rows for 20 outcomes'
    );
    expectInputError(
      () => fitLogistic({ leaves, rows, outcomes: outcomes.map((_, i) => (i < 3 ? 1 : 0)) }),
      'too-few-outcomes',
      '3 defaulted'
    );
    expectInputError(
      () => fitLogistic({ leaves: ['C1', 'C1'], rows, outcomes }),
      'bad-option',
      'appears twice'
    );
    expectInputError(
      () => fitLogistic({ leaves, rows, outcomes }, { ridge: -1 }),
      'bad-option',
      'ridge'
    );
  });

  it('no convergence within the iteration limit is an error, not a result', () => {
    const data = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 500, defaultRate: 0.2, seed: 8 });
    expectFitError(() => fitLogistic(data, { maxIterations: 2 }), 'not-converged', '2 iterations');
  });
});

describe('cross-validated AUC', () => {
  const data = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 4000, defaultRate: 0.1, seed: 9 });

  it('deals defaulted and repaid loans to folds separately (stratified) and by seed', () => {
    const folds = assignFolds(data.outcomes, 5, 1);
    const n1 = data.outcomes.filter((y) => y === 1).length;
    for (let f = 0; f < 5; f++) {
      const members = data.outcomes.filter((_, i) => folds[i] === f);
      const defaults = members.filter((y) => y === 1).length;
      expect(defaults).toBeGreaterThanOrEqual(Math.floor(n1 / 5));
      expect(defaults).toBeLessThanOrEqual(Math.ceil(n1 / 5));
      expect(members.length).toBeGreaterThanOrEqual(800);
      expect(members.length).toBeLessThanOrEqual(800);
    }
    expect(assignFolds(data.outcomes, 5, 1)).toEqual(folds);
    expect(assignFolds(data.outcomes, 5, 2)).not.toEqual(folds);
  });

  it('is reproducible by seed and close to the in-sample AUC on a well-specified model', () => {
    const a = crossValidatedAuc(data, { folds: 5, seed: 3 });
    expect(crossValidatedAuc(data, { folds: 5, seed: 3 })).toEqual(a);
    expect(a.folds).toHaveLength(5);
    expect(a.folds.reduce((s, f) => s + f.loans, 0)).toBe(4000);
    expect(a.assignment).toBe('stratified');
    expect(a.meanAuc).toBeGreaterThan(0.75);
    expect(Math.abs(a.meanAuc - a.pooledAuc)).toBeLessThan(0.02);
  });

  it('regressionBaseline gives the same folds (warm starts change steps, not the models)', () => {
    const b = regressionBaseline(data, { folds: 5, seed: 3 });
    const a = crossValidatedAuc(data, { folds: 5, seed: 3 });
    b.crossValidation.folds.forEach((f, k) => expect(f.auc).toBeCloseTo(a.folds[k]!.auc, 10));
    expect(b.fit).toEqual(fitLogistic(data));
  });

  it('refuses folds too small for an AUC', () => {
    const small = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 300, defaultRate: 0.1, seed: 10 });
    expectInputError(
      () => crossValidatedAuc(small, { folds: 10 }),
      'too-few-outcomes',
      '10-fold cross-validation leaves as few as'
    );
    expectInputError(() => crossValidatedAuc(small, { folds: 1 }), 'bad-option', 'folds');
  });
});

describe('coefficients as weights', () => {
  const base: LogisticFit = {
    method: 'newton-raphson',
    leaves: ['C1', 'C2', 'C3', 'C4'],
    intercept: 1,
    coefficients: [-0.02, -0.01, 0.005, -0.01],
    ridge: 0,
    iterations: 5,
    tolerance: 1e-10,
    loans: 100,
    defaults: 10,
    deviance: 1,
    nullDeviance: 2
  };

  it('w_j = max(0, -beta_j) / sum: a positive coefficient is clipped to 0 and reported', () => {
    // -beta = 0.02, 0.01, -0.005, 0.01 -> kept 0.02, 0.01, 0, 0.01 (sum 0.04) -> 0.5, 0.25, 0, 0.25
    const w = coefficientWeights(base);
    expect(w.weights![0]).toBeCloseTo(0.5, 15);
    expect(w.weights![1]).toBeCloseTo(0.25, 15);
    expect(w.weights![2]).toBe(0);
    expect(w.weights![3]).toBeCloseTo(0.25, 15);
    expect(w.clipped).toEqual(['C3']);
    expect(w.raw).toEqual([0.02, 0.01, -0.005, 0.01]);
  });

  it('no negative coefficient: no weights (null), every leaf listed as clipped', () => {
    const w = coefficientWeights({ ...base, coefficients: [0.01, 0.02, 0.03, 0.04] });
    expect(w.weights).toBeNull();
    expect(w.clipped).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(compareWeights([0.25, 0.25, 0.25, 0.25], w).pearson).toBeNull();
  });

  it('side by side with the experts, with Pearson r (hand example r = 1/2)', () => {
    // a = 1, 2, 3 and b = 1, 3, 2: deviations (-1, 0, 1), (-1, 1, 0): r = 1 / sqrt(2 * 2) = 1/2.
    expect(pearsonCorrelation([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 15);
    expect(pearsonCorrelation([1, 1, 1], [1, 3, 2])).toBeNull();
    const c = compareWeights([0.4, 0.3, 0.1, 0.2], coefficientWeights(base));
    expect(c.rows[2]).toEqual({ leaf: 'C3', expert: 0.1, regression: 0, clipped: true });
    expectInputError(() => compareWeights([0.5, 0.5], coefficientWeights(base)), 'length-mismatch');
  });
});
