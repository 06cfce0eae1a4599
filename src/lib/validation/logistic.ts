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
import { seededRandom } from '../ahp';
import { ValidationFitError, ValidationInputError } from './errors';
import { luFactor, luSolve } from './lu';
import { checkClasses, checkInteger, checkOutcomes, checkSeed, type OutcomeCounts } from './inputs';
import { MIN_PER_CLASS, auc, type ClassOptions } from './metrics';

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

// ---------------------------------------------------------------------------------------------
// Input checks

interface CheckedLoans extends OutcomeCounts {
  n: number;
  p: number;
  leaves: string[];
}

function checkLoans(fn: string, data: LoanMatrix, minPerClass: number): CheckedLoans {
  if (data == null || typeof data !== 'object')
    throw new ValidationInputError(fn, [], 'empty', 'expected { leaves, rows, outcomes }');
  const { leaves, rows, outcomes } = data;
  if (!Array.isArray(leaves) || leaves.length === 0)
    throw new ValidationInputError(
      fn,
      ['leaves'],
      'empty',
      'expected the leaf ids, one per column'
    );
  const seen = new Set<string>();
  leaves.forEach((id, j) => {
    if (typeof id !== 'string' || id === '')
      throw new ValidationInputError(
        fn,
        ['leaves', j],
        'bad-option',
        'a leaf id must be a non-empty string'
      );
    if (seen.has(id))
      throw new ValidationInputError(fn, ['leaves', j], 'bad-option', `leaf "${id}" appears twice`);
    seen.add(id);
  });
  const counts = checkOutcomes(fn, outcomes);
  if (!Array.isArray(rows))
    throw new ValidationInputError(
      fn,
      ['rows'],
      'empty',
      'expected one row of leaf scores per loan'
    );
  if (rows.length !== outcomes.length)
    throw new ValidationInputError(
      fn,
      ['rows'],
      'length-mismatch',
      `${rows.length} rows for ${outcomes.length} outcomes: give one row per loan, in the same order`
    );
  const p = leaves.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row == null || row.length !== p)
      throw new ValidationInputError(
        fn,
        ['rows', i],
        'length-mismatch',
        `${row?.length ?? 0} scores for ${p} leaves (${leaves.join(', ')})`
      );
    for (let j = 0; j < p; j++) {
      const x = row[j];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new ValidationInputError(
          fn,
          ['rows', i, j],
          'not-finite',
          `leaf ${leaves[j]}: a score must be a finite number, got ${typeof x === 'number' ? x : (JSON.stringify(x) ?? 'nothing')}`
        );
    }
  }
  checkClasses(fn, counts, minPerClass, 'the regression');
  if (rows.length <= p + 1)
    throw new ValidationInputError(
      fn,
      ['rows'],
      'too-few-outcomes',
      `${rows.length} loans cannot fit ${p + 1} coefficients (${p} leaves and an intercept)`
    );
  return { ...counts, n: rows.length, p, leaves: [...leaves] };
}

interface Resolved {
  ridge: number;
  maxIterations: number;
  tolerance: number;
  minPerClass: number;
}

function resolve(fn: string, o: LogisticOptions): Resolved {
  const ridge = o.ridge ?? 0;
  if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge))
    throw new ValidationInputError(
      fn,
      ['ridge'],
      'bad-option',
      `the ridge penalty must be a finite number >= 0, got ${String(ridge)}`
    );
  const tolerance = o.tolerance ?? 1e-10;
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance))
    throw new ValidationInputError(
      fn,
      ['tolerance'],
      'bad-option',
      `the tolerance must be a finite number > 0, got ${String(tolerance)}`
    );
  return {
    ridge,
    tolerance,
    maxIterations: checkInteger(fn, 'maxIterations', o.maxIterations ?? 50, 1),
    minPerClass: checkInteger(fn, 'minPerClass', o.minPerClass ?? MIN_PER_CLASS, 1)
  };
}

// ---------------------------------------------------------------------------------------------
// The fit

/**
 * The standardised design of a subset of loans, column by column (column-major, so the
 * cross-products are tight dot products): q = p + 1 columns, the intercept's all ones.
 */
interface Design {
  cols: Float64Array[];
  y: Uint8Array;
  m: number;
  q: number;
  means: Float64Array;
  sds: Float64Array;
}

function design(
  fn: string,
  data: LoanMatrix,
  leaves: readonly string[],
  subset: Int32Array | null,
  where: string
): Design {
  const p = leaves.length;
  const q = p + 1;
  const m = subset ? subset.length : data.rows.length;
  const cols = Array.from({ length: q }, () => new Float64Array(m));
  cols[0]!.fill(1);
  const y = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const i = subset ? subset[k]! : k;
    const row = data.rows[i]!;
    for (let j = 0; j < p; j++) cols[j + 1]![k] = row[j]!;
    y[k] = data.outcomes[i] === 1 ? 1 : 0;
  }
  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const c = cols[j + 1]!;
    let s = 0;
    for (let k = 0; k < m; k++) s += c[k]!;
    const mean = s / m;
    let ss = 0;
    for (let k = 0; k < m; k++) ss += (c[k]! - mean) ** 2;
    const sd = Math.sqrt(ss / m);
    if (!(sd > 1e-12 * Math.max(1, Math.abs(mean))))
      throw new ValidationInputError(
        fn,
        ['rows'],
        'constant-column',
        `leaf ${leaves[j]} has the same score (${mean}) for every loan${where}: it cannot enter the regression; leave it out`
      );
    for (let k = 0; k < m; k++) c[k] = (c[k]! - mean) / sd;
    means[j] = mean;
    sds[j] = sd;
  }
  return { cols, y, m, q, means, sds };
}

/** sum_i a_i b_i with four accumulators (independent chains, about twice as fast in V8). */
function dot(a: Float64Array, b: Float64Array, m: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < m; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + (s2 + s3);
}

/** -2 log L at log-odds eta: 2 sum (log(1 + e^eta) - y eta), computed without overflow. */
function deviance(eta: Float64Array, y: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < eta.length; i++) {
    const e = eta[i]!;
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    d += softplus - y[i]! * e;
  }
  return 2 * d;
}

function penalty(gamma: Float64Array, ridge: number): number {
  let s = 0;
  for (let a = 1; a < gamma.length; a++) s += gamma[a]! ** 2;
  return ridge * s;
}

/** eta = Z gamma. */
function linear(d: Design, gamma: Float64Array, eta: Float64Array): void {
  eta.fill(gamma[0]!);
  for (let a = 1; a < d.q; a++) {
    const c = d.cols[a]!;
    const g = gamma[a]!;
    for (let i = 0; i < d.m; i++) eta[i]! += g * c[i]!;
  }
}

function maxAbs(eta: Float64Array): number {
  let mx = 0;
  for (let i = 0; i < eta.length; i++) mx = Math.max(mx, Math.abs(eta[i]!));
  return mx;
}

/** |eta| above this means a fitted probability within about 2e-9 of 0 or 1. */
const SEPARATED_ETA = 20;

function separationError(fn: string, where: string): ValidationFitError {
  return new ValidationFitError(
    fn,
    'separation',
    `the leaf scores separate defaulted from repaid loans (almost) perfectly${where}, so the maximum-likelihood coefficients are infinite (complete or quasi-complete separation); fit with a small ridge penalty (for example ridge: 0.01) or use more loans`
  );
}

/** Relative size below which a pivot of the LU decomposition counts as zero. */
const PIVOT_TOLERANCE = 1e-10;

/**
 * Solves A x = g by LU decomposition with partial pivoting (luFactor, luSolve: mathjs's
 * arithmetic); null when A is numerically singular: a pivot below PIVOT_TOLERANCE times the
 * largest one (A is X^T W X of standardised columns, so the pivots are comparable), or a
 * non-finite solution.
 */
function solve(A: number[][], g: Float64Array): number[] | null {
  try {
    const f = luFactor(A);
    const n = f.n;
    let largest = 0;
    let smallest = Infinity;
    for (let a = 0; a < n; a++) {
      const v = Math.abs(f.lu[a * n + a]!);
      largest = Math.max(largest, v);
      smallest = Math.min(smallest, v);
    }
    if (!(smallest > PIVOT_TOLERANCE * largest)) return null;
    const x = Array.from(luSolve(f, g));
    return x.every(Number.isFinite) ? x : null;
  } catch {
    return null;
  }
}

interface NewtonResult {
  gamma: Float64Array;
  iterations: number;
  deviance: number;
}

/**
 * Newton-Raphson from `start` (standardised coefficients; default: the intercept-only fit).
 * The problem is convex, so the start only changes how many steps it takes.
 */
function newton(
  fn: string,
  d: Design,
  o: Resolved,
  where: string,
  start: Float64Array | null
): NewtonResult {
  const { cols, y, m, q } = d;
  let ones = 0;
  for (let i = 0; i < m; i++) ones += y[i]!;
  const gamma = new Float64Array(q);
  if (start) gamma.set(start);
  else gamma[0] = Math.log(ones / (m - ones));
  let eta = new Float64Array(m);
  linear(d, gamma, eta);
  let next = new Float64Array(m);
  let dev = deviance(eta, y) + penalty(gamma, o.ridge);
  const w = new Float64Array(m);
  const r = new Float64Array(m);
  const wz = new Float64Array(m);
  const grad = new Float64Array(q);
  const trial = new Float64Array(q);
  for (let it = 1; it <= o.maxIterations; it++) {
    for (let i = 0; i < m; i++) {
      const p = 1 / (1 + Math.exp(-eta[i]!));
      w[i] = p * (1 - p);
      r[i] = y[i]! - p;
    }
    // A = X^T W X + lambda P (upper triangle computed, mirrored), g = X^T (y - p) - lambda P gamma.
    const A: number[][] = Array.from({ length: q }, () => new Array<number>(q));
    for (let a = 0; a < q; a++) {
      const za = cols[a]!;
      grad[a] = dot(za, r, m) - (a > 0 ? o.ridge * gamma[a]! : 0);
      for (let i = 0; i < m; i++) wz[i] = w[i]! * za[i]!;
      for (let b = a; b < q; b++) {
        const v = dot(wz, cols[b]!, m) + (a === b && a > 0 ? o.ridge : 0);
        A[a]![b] = v;
        A[b]![a] = v;
      }
    }
    const delta = solve(A, grad);
    if (!delta) {
      if (maxAbs(eta) > SEPARATED_ETA) throw separationError(fn, where);
      throw new ValidationFitError(
        fn,
        'singular',
        `the leaf columns are collinear${where} (one is a linear combination of others), so the coefficients are not determined; leave one of them out or fit with a ridge penalty`
      );
    }
    // Step halving: accept the first step that does not raise the penalised deviance (with a
    // rounding allowance near the optimum).
    let t = 1;
    let accepted = false;
    let devNext = dev;
    for (let halvings = 0; halvings < 40; halvings++, t /= 2) {
      for (let a = 0; a < q; a++) trial[a] = gamma[a]! + t * delta[a]!;
      linear(d, trial, next);
      devNext = deviance(next, y) + penalty(trial, o.ridge);
      if (devNext <= dev + 1e-11 * Math.max(1, Math.abs(dev))) {
        accepted = true;
        break;
      }
    }
    if (!accepted)
      throw new ValidationFitError(
        fn,
        'not-converged',
        `Newton-Raphson could not lower the deviance at iteration ${it}${where}`
      );
    let moved = 0;
    for (let i = 0; i < m; i++) moved = Math.max(moved, Math.abs(next[i]! - eta[i]!));
    gamma.set(trial);
    [eta, next] = [next, eta];
    dev = devNext;
    if (t === 1 && moved < o.tolerance) {
      // Separated data can also "converge": once every fitted probability of the separated
      // loans is within rounding of 0 or 1 the gradient vanishes and the steps stop moving,
      // with coefficients that are only large, not the (infinite) maximum-likelihood ones. At an
      // unpenalised fit, a loan beyond SEPARATED_ETA (a probability within 2e-9 of 0 or 1) is
      // the mark of separation.
      if (o.ridge === 0 && maxAbs(eta) > SEPARATED_ETA) throw separationError(fn, where);
      return { gamma, iterations: it, deviance: deviance(eta, y) };
    }
  }
  if (maxAbs(eta) > SEPARATED_ETA) throw separationError(fn, where);
  throw new ValidationFitError(
    fn,
    'not-converged',
    `Newton-Raphson did not converge in ${o.maxIterations} iterations${where} (tolerance ${o.tolerance} on the fitted log-odds); raise maxIterations or add a ridge penalty`
  );
}

/**
 * Fits on the loans of `subset` (all when null). `start`: a fit on similar data to begin from
 * (the cross-validation folds start from the full fit), mapped onto this subset's standardisation.
 */
function fitDesign(
  fn: string,
  data: LoanMatrix,
  leaves: string[],
  subset: Int32Array | null,
  o: Resolved,
  where: string,
  start: LogisticFit | null = null
): LogisticFit {
  const d = design(fn, data, leaves, subset, where);
  let gamma0: Float64Array | null = null;
  if (start) {
    gamma0 = new Float64Array(d.q);
    gamma0[0] = start.intercept;
    for (let j = 0; j < leaves.length; j++) {
      gamma0[j + 1] = start.coefficients[j]! * d.sds[j]!;
      gamma0[0] += start.coefficients[j]! * d.means[j]!;
    }
  }
  const r = newton(fn, d, o, where, gamma0);
  const coefficients = leaves.map((_, j) => r.gamma[j + 1]! / d.sds[j]!);
  let intercept = r.gamma[0]!;
  for (let j = 0; j < leaves.length; j++) intercept -= coefficients[j]! * d.means[j]!;
  let ones = 0;
  for (let i = 0; i < d.m; i++) ones += d.y[i]!;
  const rate = ones / d.m;
  return {
    method: 'newton-raphson',
    leaves: [...leaves],
    intercept,
    coefficients,
    ridge: o.ridge,
    iterations: r.iterations,
    tolerance: o.tolerance,
    loans: d.m,
    defaults: ones,
    deviance: r.deviance,
    nullDeviance: -2 * (ones * Math.log(rate) + (d.m - ones) * Math.log(1 - rate))
  };
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
 * Stratified fold assignment: the defaulted loans, shuffled (Fisher-Yates with the seeded
 * generator), are dealt to folds 0, 1, ..., k-1, 0, 1, ...; the repaid loans, shuffled, continue
 * the deal where the defaulted ones stopped. Each fold gets floor or ceil of n1/k defaults and
 * the fold sizes differ by at most one.
 */
export function assignFolds(outcomes: ArrayLike<number>, k: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const d: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < outcomes.length; i++) (outcomes[i] === 1 ? d : r).push(i);
  const fold = new Int32Array(outcomes.length);
  let next = 0;
  for (const list of [d, r]) {
    for (let a = list.length - 1; a > 0; a--) {
      const b = Math.floor(random() * (a + 1));
      [list[a], list[b]] = [list[b]!, list[a]!];
    }
    for (const i of list) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

function crossValidate(
  fn: string,
  data: LoanMatrix,
  c: CheckedLoans,
  o: Resolved,
  k: number,
  seed: number,
  start: LogisticFit | null,
  keepScores = false
): CrossValidation {
  const lowest = Math.floor(c.defaults / k);
  const lowestRepaid = Math.floor(c.repaid / k);
  if (lowest < o.minPerClass || lowestRepaid < o.minPerClass)
    throw new ValidationInputError(
      fn,
      ['outcomes'],
      'too-few-outcomes',
      `${k}-fold cross-validation leaves as few as ${lowest} defaulted and ${lowestRepaid} repaid loans in a fold; each fold's AUC needs at least ${o.minPerClass} of each: use fewer folds or more loans`
    );
  const fold = assignFolds(data.outcomes, k, seed);
  const oof = new Float64Array(c.n);
  const folds: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < c.n; i++) (fold[i] === f ? test : train).push(i);
    const fit = fitDesign(
      fn,
      data,
      c.leaves,
      Int32Array.from(train),
      o,
      ` (training folds of fold ${f + 1})`,
      start
    );
    const rows = test.map((i) => data.rows[i]!);
    const eta = predictLogOdds(fit, rows);
    const outcomes = test.map((i) => data.outcomes[i]!);
    // The AUC wants "higher = lower risk": the held-out score is -eta, the log-odds of repaying.
    const score = Array.from(eta, (e) => -e);
    test.forEach((i, t) => (oof[i] = score[t]!));
    folds.push({
      fold: f + 1,
      loans: test.length,
      defaults: outcomes.reduce((s, y) => s + y, 0),
      auc: auc(score, outcomes, { minPerClass: o.minPerClass }),
      iterations: fit.iterations
    });
  }
  const result: CrossValidation = {
    folds,
    meanAuc: folds.reduce((s, f) => s + f.auc, 0) / k,
    pooledAuc: auc(oof, data.outcomes, { minPerClass: o.minPerClass }),
    k,
    seed,
    assignment: 'stratified',
    ridge: o.ridge
  };
  if (keepScores) result.outOfFoldScores = Array.from(oof);
  return result;
}

/**
 * k-fold cross-validated AUC of the logistic regression (Hastie, Tibshirani and Friedman 2009,
 * "The Elements of Statistical Learning", sec. 7.10): loans are dealt to k folds stratified by
 * outcome ({@link assignFolds}, seeded); for each fold the model is fitted on the other k - 1
 * and scores the held-out loans by -eta (the log-odds of repaying, so higher = lower risk as
 * for the experts' score). Reports each fold's AUC, their mean (the cross-validated AUC) and the
 * AUC of the pooled out-of-fold scores. ({@link regressionBaseline} starts each fold's Newton
 * iterations from the fit on all loans: the likelihood is strictly concave, so the start changes
 * the number of steps, not the fitted model beyond the tolerance.)
 *
 * @throws ValidationInputError as {@link fitLogistic}, for folds not a whole number >= 2 or a
 *   seed that is not a whole number, or when a fold would hold fewer than `minPerClass`
 *   defaulted or repaid loans
 * @throws ValidationFitError as {@link fitLogistic}, naming the fold
 */
export function crossValidatedAuc(
  data: LoanMatrix,
  options: CrossValidationOptions = {}
): CrossValidation {
  const fn = 'crossValidatedAuc';
  const o = resolve(fn, options);
  const k = checkInteger(fn, 'folds', options.folds ?? 5, 2);
  const seed = checkSeed(fn, options.seed ?? 1);
  const c = checkLoans(fn, data, o.minPerClass);
  return crossValidate(fn, data, c, o, k, seed, null, options.outOfFoldScores === true);
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
 * The regression baseline of the validation report in one call: the fit on all loans, its
 * coefficients as weights ({@link coefficientWeights}) and the k-fold cross-validated AUC
 * ({@link crossValidatedAuc}), with the same options.
 *
 * @throws ValidationInputError, ValidationFitError as {@link fitLogistic} and {@link crossValidatedAuc}
 */
export function regressionBaseline(
  data: LoanMatrix,
  options: CrossValidationOptions = {}
): RegressionBaseline {
  const fn = 'regressionBaseline';
  const o = resolve(fn, options);
  const k = checkInteger(fn, 'folds', options.folds ?? 5, 2);
  const seed = checkSeed(fn, options.seed ?? 1);
  const c = checkLoans(fn, data, o.minPerClass);
  const fit = fitDesign(fn, data, c.leaves, null, o, '');
  return {
    fit,
    weights: coefficientWeights(fit),
    crossValidation: crossValidate(fn, data, c, o, k, seed, fit, options.outOfFoldScores === true)
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
