/**
 * The Newton-Raphson (iteratively reweighted least squares) fit of the logistic regression on
 * the standardised design, with the optional ridge penalty, step halving, and the refusals of a
 * fit that does not exist (separation, collinear leaves, no convergence). The model, the
 * standardisation and the stopping rule are in ./logistic.ts's module comment.
 */
import { ValidationFitError, ValidationInputError } from './errors';
import type { Resolved } from './logistic-checks';
import type { LoanMatrix, LogisticFit } from './logistic';
import { luFactor, luSolve } from './lu';
import { SUGGESTED_RIDGE } from '../weights/ridge';

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
    `the leaf scores separate defaulted from repaid loans (almost) perfectly${where}, so the maximum-likelihood coefficients are infinite (complete or quasi-complete separation); fit with a small ridge penalty (for example ridge: ${SUGGESTED_RIDGE}) or use more loans`
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
export function fitDesign(
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
