/**
 * Synthetic loan files for the farm-credit template: no real loan files can ship, so the
 * validation report is developed, tested and demonstrated on loans drawn from a known model.
 *
 * The model, for loan i and leaf j (C1 ... C15), all draws from the seeded generator:
 *
 * 1. Indicator scores through a Gaussian copula with equicorrelation rho:
 *      z_ij = sqrt(rho) g_i + sqrt(1 - rho) e_ij,  g_i, e_ij standard normal,
 *      x_ij = round(100 Phi(z_ij)),
 *    so every score is uniform on 0 ... 100 (integers, as a rubric gives; ties happen) and two
 *    leaves of one loan have correlation about rho (0 = independent).
 * 2. The weighted score s_i = sum_j w_j x_ij with the true weights w (normalised to sum 1), and
 *    the latent risk
 *      r_i = -(s_i - mean(s)) / sd(s) + sigma u_i,  u_i standard normal,
 *    higher = riskier; sigma (`noise`) is what the indicators do not explain, in units of the
 *    standardised score.
 * 3. The outcome: default_i ~ Bernoulli(p_i), p_i = 1 / (1 + exp(-(a + b r_i))), with slope b and
 *    the intercept a solved by bisection so that the mean of p_i over the generated loans equals
 *    the target default rate (to 1e-12): the expected default rate is the target, the realised
 *    one varies binomially around it.
 *
 * With sigma = 0 the logistic regression of the outcome on the scores is the true model and its
 * coefficients are -b w_j / sd(s); with sigma > 0 they are attenuated alike, so the weights
 * derived from them still point at w.
 */
import { csvCell } from '../weights/csv';
import { normal, seededRandom } from '../ahp';
import { ValidationInputError } from './errors';
import { checkInteger, checkSeed } from './inputs';
import type { LoanMatrix } from './logistic';

/** The leaves of the farm-credit template (src/lib/survey/farm-credit.ts), in template order. */
export const FARM_CREDIT_LEAVES: readonly string[] = Object.freeze(
  Array.from({ length: 15 }, (_, k) => `C${k + 1}`)
);

export interface SyntheticLoanOptions {
  /** True global weights, one per leaf, >= 0 and not all 0 (normalised to sum 1). */
  weights: readonly number[];
  /** Number of loans (>= 1). */
  loans: number;
  /** Target default rate, strictly between 0 and 1 (the expected share of defaults). */
  defaultRate: number;
  /** sigma: the standard deviation of the latent noise (default 0.5, >= 0). */
  noise?: number;
  /** b: how steeply the default probability rises with the latent risk (default 2, > 0). */
  slope?: number;
  /** rho: correlation of the leaves' scores within a loan, in [0, 1) (default 0). */
  correlation?: number;
  /** Leaf ids (default {@link FARM_CREDIT_LEAVES}). */
  leaves?: readonly string[];
  /** Seed (default 1): the same options give the same loans. */
  seed?: number;
}

export interface SyntheticLoans extends LoanMatrix {
  leaves: string[];
  /** L00001, L00002 ... */
  ids: string[];
  /** rows[i][j]: the integer score 0-100 of loan i on leaf j. */
  rows: number[][];
  /** 1 = defaulted, 0 = repaid. */
  outcomes: Array<0 | 1>;
  /** The normalised true weights. */
  trueWeights: number[];
  /** a, solved by bisection. */
  intercept: number;
  slope: number;
  noise: number;
  correlation: number;
  seed: number;
  targetDefaultRate: number;
  /** Mean of the default probabilities p_i (equals the target to 1e-12). */
  expectedDefaultRate: number;
  /** Share of generated loans that defaulted. */
  defaultRate: number;
}

/**
 * The standard normal CDF, Phi(z) = erfc(-z / sqrt 2) / 2, with the Chebyshev-fitted erfc of
 * Press et al., "Numerical Recipes in C" (2nd ed. 1992, sec. 6.2, function erfcc): fractional
 * error below 1.2e-7, ample for turning normal draws into 0-100 scores.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function meanProbability(a: number, b: number, risk: Float64Array): number {
  let s = 0;
  for (let i = 0; i < risk.length; i++) s += 1 / (1 + Math.exp(-(a + b * risk[i]!)));
  return s / risk.length;
}

function option(
  fn: string,
  name: string,
  value: number,
  ok: (x: number) => boolean,
  range: string
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value))
    throw new ValidationInputError(
      fn,
      [name],
      'bad-option',
      `must be ${range}, got ${String(value)}`
    );
  return value;
}

/**
 * Generates a synthetic loan file from known true weights (module comment for the model).
 *
 * @throws ValidationInputError on weights that are not one finite number >= 0 per leaf or are
 *   all 0, a number of loans that is not a whole number >= 1, a default rate outside (0, 1), a
 *   negative noise, a slope <= 0, a correlation outside [0, 1) or a seed that is not whole
 */
export function syntheticLoans(options: SyntheticLoanOptions): SyntheticLoans {
  const fn = 'syntheticLoans';
  const leaves = [...(options.leaves ?? FARM_CREDIT_LEAVES)];
  const p = leaves.length;
  if (p === 0)
    throw new ValidationInputError(fn, ['leaves'], 'empty', 'expected at least one leaf');
  const w = options.weights;
  if (!Array.isArray(w) || w.length !== p)
    throw new ValidationInputError(
      fn,
      ['weights'],
      'length-mismatch',
      `expected ${p} weights, one per leaf (${leaves.join(', ')}), got ${Array.isArray(w) ? w.length : String(w)}`
    );
  w.forEach((x, j) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
      throw new ValidationInputError(
        fn,
        ['weights', j],
        'bad-option',
        `leaf ${leaves[j]}: a weight must be a finite number >= 0, got ${String(x)}`
      );
  });
  const total = w.reduce((s, x) => s + x, 0);
  if (!(total > 0))
    throw new ValidationInputError(fn, ['weights'], 'bad-option', 'the weights are all 0');
  const weights = w.map((x) => x / total);
  const n = checkInteger(fn, 'loans', options.loans, 1);
  const target = option(
    fn,
    'defaultRate',
    options.defaultRate,
    (x) => x > 0 && x < 1,
    'strictly between 0 and 1'
  );
  const noise = option(fn, 'noise', options.noise ?? 0.5, (x) => x >= 0, 'a number >= 0');
  const slope = option(fn, 'slope', options.slope ?? 2, (x) => x > 0, 'a number > 0');
  const rho = option(
    fn,
    'correlation',
    options.correlation ?? 0,
    (x) => x >= 0 && x < 1,
    'in [0, 1)'
  );
  const seed = checkSeed(fn, options.seed ?? 1);

  const random = seededRandom(seed);
  const shared = Math.sqrt(rho);
  const own = Math.sqrt(1 - rho);
  const rows: number[][] = new Array(n);
  const s = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = rho > 0 ? normal(random) : 0;
    const row = new Array<number>(p);
    let score = 0;
    for (let j = 0; j < p; j++) {
      const x = Math.round(100 * normalCdf(shared * g + own * normal(random)));
      row[j] = x;
      score += weights[j]! * x;
    }
    rows[i] = row;
    s[i] = score;
    u[i] = noise > 0 ? normal(random) : 0;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += s[i]!;
  mean /= n;
  let sd = 0;
  for (let i = 0; i < n; i++) sd += (s[i]! - mean) ** 2;
  sd = Math.sqrt(sd / n);
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) risk[i] = (sd > 0 ? -(s[i]! - mean) / sd : 0) + noise * u[i]!;

  // Bisection on a: the mean default probability rises strictly with a.
  let lo = -1;
  let hi = 1;
  while (meanProbability(lo, slope, risk) > target) lo *= 2;
  while (meanProbability(hi, slope, risk) < target) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); k++) {
    const mid = (lo + hi) / 2;
    if (meanProbability(mid, slope, risk) < target) lo = mid;
    else hi = mid;
  }
  const a = (lo + hi) / 2;

  const outcomes = new Array<0 | 1>(n);
  let defaults = 0;
  for (let i = 0; i < n; i++) {
    const pi = 1 / (1 + Math.exp(-(a + slope * risk[i]!)));
    outcomes[i] = random() < pi ? 1 : 0;
    defaults += outcomes[i]!;
  }
  const width = Math.max(5, String(n).length);
  return {
    leaves,
    ids: Array.from({ length: n }, (_, i) => `L${String(i + 1).padStart(width, '0')}`),
    rows,
    outcomes,
    trueWeights: weights,
    intercept: a,
    slope,
    noise,
    correlation: rho,
    seed,
    targetDefaultRate: target,
    expectedDefaultRate: meanProbability(a, slope, risk),
    defaultRate: defaults / n
  };
}

/**
 * A loan file as CSV (RFC 4180: quoting where needed, CRLF line ends, every line ended, text
 * defused: the cells of src/lib/weights/csv.ts): the header
 * `id,C1,...,C15,default`, then one line per loan with its id, its leaf scores and its outcome
 * (1 = defaulted, 0 = repaid). The format `pairwise validate` reads. Ids default to 1, 2, ...
 *
 * @throws ValidationInputError when the ids, rows or outcomes do not match in length or a row
 *   has the wrong number of scores
 */
export function loansToCsv(loans: LoanMatrix & { ids?: readonly string[] }): string {
  const fn = 'loansToCsv';
  const n = loans.outcomes.length;
  const p = loans.leaves.length;
  if (loans.rows.length !== n)
    throw new ValidationInputError(
      fn,
      ['rows'],
      'length-mismatch',
      `${loans.rows.length} rows for ${n} outcomes`
    );
  if (loans.ids && loans.ids.length !== n)
    throw new ValidationInputError(
      fn,
      ['ids'],
      'length-mismatch',
      `${loans.ids.length} ids for ${n} outcomes`
    );
  const lines = [['id', ...loans.leaves, 'default'].map(csvCell).join(',')];
  for (let i = 0; i < n; i++) {
    const row = loans.rows[i]!;
    if (row.length !== p)
      throw new ValidationInputError(
        fn,
        ['rows', i],
        'length-mismatch',
        `${row.length} scores for ${p} leaves`
      );
    const fields = [csvCell(loans.ids ? loans.ids[i]! : String(i + 1))];
    for (let j = 0; j < p; j++) fields.push(String(row[j]));
    fields.push(String(loans.outcomes[i]));
    lines.push(fields.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
