/**
 * The data-driven baseline: a logistic regression of the outcome on the leaf scores, its
 * cross-validated AUC, and its coefficients turned into weights to set beside the experts'.
 *
 * Model (McCullagh and Nelder 1989, "Generalized Linear Models", ch. 4; Hosmer, Lemeshow and
 * Sturdivant 2013, "Applied Logistic Regression", ch. 1-2):
 *
 *   P(default_i) = p_i = 1 / (1 + exp(-eta_i)),  eta_i = beta_0 + sum_j beta_j x_ij
 *
 * with x_ij the score (0-100) of loan i on leaf j. Fitted by Newton-Raphson, which for the
 * logistic model is iteratively reweighted least squares: with Z the standardised design (below,
 * a column of ones first), gamma its coefficients and w_i = p_i (1 - p_i),
 *
 *   gradient g = Z^T (y - p) - lambda P gamma,   Hessian H = Z^T W Z + lambda P,
 *   gamma <- gamma + t H^{-1} g,
 *
 * step t = 1, halved while the penalised deviance rises. The linear solve is an LU
 * decomposition with partial pivoting (./lu.ts: the arithmetic of mathjs's `lup` and `lusolve`,
 * without loading mathjs).
 * Internally the leaf columns are standardised (centred, divided by their standard deviation)
 * for a well-conditioned H; the optional ridge penalty (lambda / 2) sum_j gamma_j^2 (P = identity
 * without the intercept) applies to these standardised coefficients, as in glmnet (Friedman,
 * Hastie and Tibshirani 2010), so one lambda means the same for every leaf. The result is
 * reported on the original scale: beta_j = gamma_j / sd_j, beta_0 = gamma_0 - sum_j beta_j mean_j.
 *
 * Convergence: the iteration stops when no fitted log-odds moves by more than `tolerance`
 * (max_i |delta eta_i| < 1e-10 by default) after a full step. Complete or quasi-complete
 * separation (Albert and Anderson 1984, Biometrika 71:1-10) sends some log-odds to infinity:
 * that, collinear leaves, or no convergence within `maxIterations` is a ValidationFitError,
 * never a result. A ridge penalty > 0 always has a finite solution.
 */
import { ValidationInputError } from './errors';
import { checkLoans, resolve } from './logistic-checks';
import { type ClassOptions } from './metrics';
import { fitDesign } from './newton';

/** Loans as a table: one row per loan, one column per leaf, and the outcomes. */
export interface LoanMatrix {
  /** Leaf ids, one per column (C1 ... C15 for the farm-credit template). */
  leaves: readonly string[];
  /** rows[i][j]: the score of loan i on leaf j. */
  rows: ReadonlyArray<ArrayLike<number>>;
  /** 1 = defaulted or non-performing, 0 = repaid. */
  outcomes: ArrayLike<number>;
}

export interface LogisticOptions extends ClassOptions {
  /** Ridge penalty lambda >= 0 on the standardised coefficients (default 0: plain maximum likelihood). */
  ridge?: number;
  /** Newton-Raphson iteration limit (default 50; a regular fit takes 5-8). */
  maxIterations?: number;
  /** Convergence threshold on max_i |delta eta_i|, the change of any fitted log-odds (default 1e-10). */
  tolerance?: number;
}

export interface LogisticFit {
  method: 'newton-raphson';
  leaves: string[];
  /** beta_0: the log-odds of default of a loan scoring 0 on every leaf. */
  intercept: number;
  /** beta_j: the change in the log-odds of default per score point of leaf j (negative = protective). */
  coefficients: number[];
  /** The ridge penalty used (0 = none): coefficients are shrunk when it is > 0. */
  ridge: number;
  iterations: number;
  tolerance: number;
  loans: number;
  defaults: number;
  /** -2 log L of the fitted model (without the penalty). */
  deviance: number;
  /** -2 log L of the intercept-only model. */
  nullDeviance: number;
}

export interface CrossValidationOptions extends LogisticOptions {
  /** Number of folds k (default 5, >= 2). */
  folds?: number;
  /** Seed of the fold assignment (default 1). */
  seed?: number;
  /**
   * Also return each loan's out-of-fold score (`CrossValidation.outOfFoldScores`), for a ROC
   * curve of the baseline (default false: the result stays small).
   */
  outOfFoldScores?: boolean;
}

export interface FoldResult {
  /** 1 ... k. */
  fold: number;
  /** Held-out loans and defaults in this fold. */
  loans: number;
  defaults: number;
  /** AUC of the model fitted on the other folds, on this fold. */
  auc: number;
  iterations: number;
}

export interface CrossValidation {
  folds: FoldResult[];
  /** The mean of the folds' AUCs: the cross-validated AUC. */
  meanAuc: number;
  /** The AUC of all out-of-fold predictions pooled (each loan scored by the model that did not see it). */
  pooledAuc: number;
  k: number;
  seed: number;
  /** `stratified`: defaulted and repaid loans are dealt to the folds separately. */
  assignment: 'stratified';
  ridge: number;
  /**
   * With the option `outOfFoldScores`: per loan, in input order, -eta of the model fitted
   * without its fold (higher = lower risk); the scores behind `pooledAuc`.
   */
  outOfFoldScores?: number[];
}

/** Coefficients read as leaf weights, for a side-by-side with the experts' weights. */
export interface CoefficientWeights {
  leaves: string[];
  coefficients: number[];
  /** -beta_j: how much a score point on leaf j lowers the log-odds of default. */
  raw: number[];
  /**
   * max(0, -beta_j) / sum_k max(0, -beta_k): sums to 1. null when no coefficient is negative
   * (no leaf lowers the risk; nothing to normalise).
   */
  weights: number[] | null;
  /** Leaves whose coefficient was positive (a higher score raised the risk): their weight is 0. */
  clipped: string[];
}

export interface RegressionBaseline {
  fit: LogisticFit;
  weights: CoefficientWeights;
  crossValidation: CrossValidation;
}

/**
 * Fits the logistic regression of the outcome (1 = default) on the leaf scores plus an
 * intercept by Newton-Raphson (module comment). Without a ridge penalty the solution satisfies
 * the score equations X^T (y - p) = 0.
 *
 * @throws ValidationInputError on malformed loans (row length, non-finite score, outcome not
 *   0/1), fewer than `minPerClass` loans of either outcome, no more loans than coefficients, a
 *   leaf with the same score for every loan, or a bad option
 * @throws ValidationFitError on separation, collinear leaves or no convergence
 */
export function fitLogistic(data: LoanMatrix, options: LogisticOptions = {}): LogisticFit {
  const fn = 'fitLogistic';
  const o = resolve(fn, options);
  const c = checkLoans(fn, data, o.minPerClass);
  return fitDesign(fn, data, c.leaves, null, o, '');
}

/** eta_i = beta_0 + sum_j beta_j x_ij, the fitted log-odds of default of each row (rows trusted). */
export function predictLogOdds(
  fit: LogisticFit,
  rows: ReadonlyArray<ArrayLike<number>>
): Float64Array {
  const out = new Float64Array(rows.length);
  const b = fit.coefficients;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let e = fit.intercept;
    for (let j = 0; j < b.length; j++) e += b[j]! * row[j]!;
    out[i] = e;
  }
  return out;
}

/**
 * Reads the coefficients as leaf weights. If the risk follows the weighted score, the log-odds
 * of default are a - b sum_j w_j x_j with b > 0, so beta_j = -b w_j and w_j is proportional to
 * -beta_j (all leaves share the 0-100 scale, so the raw coefficients are comparable). Hence
 *
 *   weight_j = max(0, -beta_j) / sum_k max(0, -beta_k).
 *
 * A positive coefficient (a higher score on that leaf went with more defaults, against the
 * leaf's risk direction) cannot be a weight: it is set to 0 and the leaf is listed in `clipped`,
 * never dropped silently. When no coefficient is negative, `weights` is null.
 */
export function coefficientWeights(fit: LogisticFit): CoefficientWeights {
  const raw = fit.coefficients.map((b) => -b);
  const clipped = fit.leaves.filter((_, j) => raw[j]! < 0);
  const kept = raw.map((r) => Math.max(0, r));
  const total = kept.reduce((s, x) => s + x, 0);
  return {
    leaves: [...fit.leaves],
    coefficients: [...fit.coefficients],
    raw,
    weights: total > 0 ? kept.map((x) => x / total) : null,
    clipped
  };
}

/**
 * Pearson's correlation r = sum (a - mean a)(b - mean b) / sqrt(sum (a - mean a)^2 sum (b - mean b)^2),
 * for the side-by-side of expert and regression weights. null when either vector is constant.
 *
 * @throws ValidationInputError on a length mismatch, fewer than 2 values or a non-finite value
 */
export function pearsonCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const fn = 'pearsonCorrelation';
  if (a.length !== b.length)
    throw new ValidationInputError(
      fn,
      ['b'],
      'length-mismatch',
      `${b.length} values against ${a.length}`
    );
  if (a.length < 2) throw new ValidationInputError(fn, ['a'], 'empty', 'needs at least 2 values');
  for (const [name, v] of [
    ['a', a],
    ['b', b]
  ] as const)
    for (let i = 0; i < v.length; i++)
      if (!Number.isFinite(v[i]))
        throw new ValidationInputError(fn, [name, i], 'not-finite', `got ${String(v[i])}`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= a.length;
  mb /= a.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

/** One leaf in the side-by-side of expert and regression weights. */
export interface WeightComparisonRow {
  leaf: string;
  expert: number;
  /** The regression-derived weight; null when the regression gave none (see CoefficientWeights). */
  regression: number | null;
  clipped: boolean;
}

/**
 * The experts' global weights beside the regression-derived ones, leaf by leaf, with their
 * Pearson correlation (null when the regression gave no weights or either side is constant).
 *
 * @throws ValidationInputError when `expert` does not give one finite weight per leaf of the fit
 */
export function compareWeights(
  expert: ArrayLike<number>,
  derived: CoefficientWeights
): { rows: WeightComparisonRow[]; pearson: number | null } {
  const fn = 'compareWeights';
  if (expert.length !== derived.leaves.length)
    throw new ValidationInputError(
      fn,
      ['expert'],
      'length-mismatch',
      `${expert.length} expert weights for ${derived.leaves.length} leaves (${derived.leaves.join(', ')})`
    );
  for (let j = 0; j < expert.length; j++)
    if (!Number.isFinite(expert[j]))
      throw new ValidationInputError(
        fn,
        ['expert', j],
        'not-finite',
        `leaf ${derived.leaves[j]}: got ${String(expert[j])}`
      );
  const clipped = new Set(derived.clipped);
  const rows = derived.leaves.map((leaf, j) => ({
    leaf,
    expert: expert[j]!,
    regression: derived.weights ? derived.weights[j]! : null,
    clipped: clipped.has(leaf)
  }));
  return {
    rows,
    pearson: derived.weights ? pearsonCorrelation(expert, derived.weights) : null
  };
}
