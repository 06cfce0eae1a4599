/**
 * The synthetic loan generator, the CSV writer, the batched generator stream, and the recovery
 * tests: the validation report must find what the generator put in.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import { farmCreditTemplate, type SurveyNode } from '../../../src/lib/survey';
import {
  FARM_CREDIT_LEAVES,
  auc,
  aucDifference,
  fitLogistic,
  loansToCsv,
  normalCdf,
  pearsonCorrelation,
  regressionBaseline,
  syntheticLoans
} from '../../../src/lib/validation';
import { seededUniforms } from '../../../src/lib/validation/random';
import { TRUE_WEIGHTS, expectInputError, weightedScores } from './helpers';

describe('seededUniforms: the engine stream in batches', () => {
  it('gives the numbers of seededRandom(seed), bit for bit, across uneven batches', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 32 + 5, 123456789]) {
      const ref = seededRandom(seed);
      const fill = seededUniforms(seed);
      const buf = new Float64Array(997);
      for (const size of [1, 13, 997, 500, 0, 997]) {
        fill(buf, size);
        for (let k = 0; k < size; k++) expect(buf[k]).toBe(ref());
      }
    }
  });
});

describe('syntheticLoans', () => {
  it('FARM_CREDIT_LEAVES are the leaves of the farm-credit template, in order', () => {
    const leaves: string[] = [];
    const walk = (n: SurveyNode): void => {
      if (!n.children || n.children.length === 0) leaves.push(n.id);
      else n.children.forEach(walk);
    };
    walk(farmCreditTemplate({ scales: false }).hierarchy);
    expect(FARM_CREDIT_LEAVES).toEqual(leaves);
  });

  it('normalCdf matches known values of the standard normal CDF to 1.2e-7', () => {
    // Phi(0) = 0.5, Phi(1) = 0.841344746, Phi(-1.96) = 0.024997895, Phi(3) = 0.998650102
    expect(Math.abs(normalCdf(0) - 0.5)).toBeLessThan(1.2e-7);
    expect(Math.abs(normalCdf(1) - 0.841344746)).toBeLessThan(1.2e-7);
    expect(Math.abs(normalCdf(-1.96) - 0.024997895)).toBeLessThan(1.2e-7);
    expect(Math.abs(normalCdf(3) - 0.998650102)).toBeLessThan(1.2e-7);
  });

  it('is seeded: the same options give the same loans, another seed others', () => {
    const o = { weights: TRUE_WEIGHTS, loans: 500, defaultRate: 0.1, seed: 11 };
    const a = syntheticLoans(o);
    expect(syntheticLoans(o)).toEqual(a);
    expect(syntheticLoans({ ...o, seed: 12 }).rows).not.toEqual(a.rows);
  });

  it('hits the target default rate: exactly in expectation, binomially in the draw', () => {
    for (const target of [0.05, 0.1, 0.3]) {
      const n = 20000;
      const d = syntheticLoans({ weights: TRUE_WEIGHTS, loans: n, defaultRate: target, seed: 13 });
      expect(Math.abs(d.expectedDefaultRate - target)).toBeLessThan(1e-12);
      // Realised rate within 4 binomial standard deviations of the target.
      expect(Math.abs(d.defaultRate - target)).toBeLessThan(
        4 * Math.sqrt((target * (1 - target)) / n)
      );
      expect(d.outcomes.filter((y) => y === 1).length / n).toBe(d.defaultRate);
    }
  });

  it('scores are integers 0-100, uniform per leaf; correlation rho through the copula', () => {
    const d = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 6000, defaultRate: 0.1, seed: 14 });
    const flat = d.rows.flat();
    expect(flat.every((x) => Number.isInteger(x) && x >= 0 && x <= 100)).toBe(true);
    const mean = flat.reduce((s, x) => s + x, 0) / flat.length;
    expect(Math.abs(mean - 50)).toBeLessThan(0.5);
    const col = (rows: number[][], j: number) => rows.map((r) => r[j]!);
    expect(Math.abs(pearsonCorrelation(col(d.rows, 0), col(d.rows, 1))!)).toBeLessThan(0.05);
    // Uniform margins of a Gaussian copula with correlation rho have Pearson (= Spearman)
    // correlation (6 / pi) asin(rho / 2) (Kruskal 1958): 0.4826 for rho = 0.5.
    const c = syntheticLoans({
      weights: TRUE_WEIGHTS,
      loans: 6000,
      defaultRate: 0.1,
      correlation: 0.5,
      seed: 14
    });
    const expected = (6 / Math.PI) * Math.asin(0.25);
    expect(Math.abs(pearsonCorrelation(col(c.rows, 2), col(c.rows, 7))! - expected)).toBeLessThan(
      0.03
    );
  });

  it('refuses bad options, saying which', () => {
    const o = { weights: TRUE_WEIGHTS, loans: 10, defaultRate: 0.1 };
    expectInputError(
      () => syntheticLoans({ ...o, weights: TRUE_WEIGHTS.slice(1) }),
      'length-mismatch',
      'syntheticLoans: weights: expected 15 weights, one per leaf (C1, C2'
    );
    expectInputError(
      () => syntheticLoans({ ...o, weights: TRUE_WEIGHTS.map((w, j) => (j === 4 ? -w : w)) }),
      'bad-option',
      'weights[4]: leaf C5'
    );
    expectInputError(
      () => syntheticLoans({ ...o, weights: new Array(15).fill(0) }),
      'bad-option',
      'all 0'
    );
    expectInputError(() => syntheticLoans({ ...o, defaultRate: 1 }), 'bad-option', 'defaultRate');
    expectInputError(() => syntheticLoans({ ...o, loans: 0 }), 'bad-option', 'loans');
    expectInputError(() => syntheticLoans({ ...o, correlation: 1 }), 'bad-option', 'correlation');
    expectInputError(() => syntheticLoans({ ...o, noise: -1 }), 'bad-option', 'noise');
  });
});

describe('loansToCsv', () => {
  it('writes id, C1 ... C15, default', () => {
    const d = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 3, defaultRate: 0.5, seed: 15 });
    const lines = loansToCsv(d).split('\r\n');
    expect(lines[0]).toBe('id,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,C11,C12,C13,C14,C15,default');
    expect(lines).toHaveLength(5); // header, 3 loans, '' after the final newline
    expect(lines[1]).toBe([d.ids[0], ...d.rows[0]!, d.outcomes[0]].join(','));
    expect(lines[4]).toBe('');
  });

  it('quotes ids that need it (RFC 4180) and refuses ragged rows', () => {
    const csv = loansToCsv({
      leaves: ['A'],
      ids: ['plain', 'with,comma', 'say "hi"'],
      rows: [[1], [2], [3]],
      outcomes: [0, 1, 0]
    });
    expect(csv).toBe('id,A,default\r\nplain,1,0\r\n"with,comma",2,1\r\n"say ""hi""",3,0\r\n');
    expect(loansToCsv({ leaves: ['A'], rows: [[7]], outcomes: [1] })).toBe(
      'id,A,default\r\n1,7,1\r\n'
    );
    expectInputError(
      () => loansToCsv({ leaves: ['A', 'B'], rows: [[1, 2], [3]], outcomes: [0, 1] }),
      'length-mismatch',
      'loansToCsv: rows[1]'
    );
  });
});

describe('recovery: the report finds what the generator put in', () => {
  const data = syntheticLoans({ weights: TRUE_WEIGHTS, loans: 20000, defaultRate: 0.1, seed: 16 });

  it('the true weights beat reversed weights by a wide margin, and the interval says so', () => {
    const truth = weightedScores(data.rows, TRUE_WEIGHTS);
    // Reversed importance: the largest weight on the least important leaf, and so on.
    const order = TRUE_WEIGHTS.map((w, j) => [w, j] as const).sort((a, b) => b[0] - a[0]);
    const reversed = new Array<number>(15);
    order.forEach(([, j], k) => (reversed[j] = order[14 - k]![0]));
    const wrong = weightedScores(data.rows, reversed);
    const d = aucDifference(truth, wrong, data.outcomes, { resamples: 300, seed: 1 });
    expect(d.aucA).toBeGreaterThan(0.8);
    expect(d.difference).toBeGreaterThan(0.1);
    expect(d.lower).toBeGreaterThan(0.08);
    // Negating the weights (higher score = higher risk) mirrors the AUC.
    expect(
      auc(
        truth.map((s) => -s),
        data.outcomes
      )
    ).toBeCloseTo(1 - d.aucA, 12);
  });

  it('the regression weights correlate with the true weights (Pearson > 0.95 at 20,000 loans)', () => {
    const b = regressionBaseline(data);
    expect(b.weights.weights).not.toBeNull();
    expect(pearsonCorrelation(TRUE_WEIGHTS, b.weights.weights!)!).toBeGreaterThan(0.95);
    // The regression cannot do much better out of sample than the true weights in sample.
    const truthAuc = auc(weightedScores(data.rows, TRUE_WEIGHTS), data.outcomes);
    expect(Math.abs(b.crossValidation.meanAuc - truthAuc)).toBeLessThan(0.01);
  });

  it('without latent noise the logistic model is the true one: beta_j = -b w_j / sd(s)', () => {
    const d = syntheticLoans({
      weights: TRUE_WEIGHTS,
      loans: 40000,
      defaultRate: 0.2,
      noise: 0,
      seed: 17
    });
    const s = weightedScores(d.rows, TRUE_WEIGHTS);
    const m = s.reduce((a, x) => a + x, 0) / s.length;
    const sd = Math.sqrt(s.reduce((a, x) => a + (x - m) ** 2, 0) / s.length);
    const fit = fitLogistic(d);
    // Standard errors are about 4e-4 here (1 / sqrt(n p (1 - p) var x), var x = 850): allow 2.5e-3.
    fit.coefficients.forEach((beta, j) =>
      expect(Math.abs(beta + (2 * TRUE_WEIGHTS[j]!) / sd)).toBeLessThan(2.5e-3)
    );
  });
});
