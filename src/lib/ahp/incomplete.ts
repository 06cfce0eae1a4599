/**
 * Missing judgments: completing an incomplete pairwise comparison matrix.
 *
 * The known judgments must connect all elements (checked when the matrix is parsed). Two
 * completions are offered; both return the filled-in values, which may lie outside [1/9, 9]:
 * they are reported as computed, never clipped, because they are not an expert's judgments.
 */
import { AhpConvergenceError } from './errors';
import type { PairwiseMatrix } from './matrix';
import { perronEigen } from './priority';
import type { CompletionMethod } from './types';

/** A filled-in judgment a_ij (i < j) of an incomplete matrix. */
export interface CompletedJudgment {
  i: number;
  j: number;
  value: number;
}

/** A completed matrix and the values filled in. */
export interface Completion {
  method: CompletionMethod;
  /** The complete matrix, row-major n*n. */
  values: Float64Array;
  filled: CompletedJudgment[];
}

/**
 * Harker's method (Harker 1987, Math. Modelling 9(11):837-848): the eigenvector of C with
 * c_ij = a_ij where known, 0 where missing, and c_ii = 1 + (number of missing judgments in
 * row i). The missing a_ij are then w_i / w_j; the completed matrix has the same principal
 * eigenvalue as C, and its eigenvector is w.
 */
export function completeHarker(m: PairwiseMatrix): Completion {
  const { n, values, missing } = m;
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let gaps = 0;
    for (let j = 0; j < n; j++) {
      const v = values[i * n + j]!;
      if (Number.isNaN(v)) gaps++;
      else if (i !== j) c[i * n + j] = v;
    }
    c[i * n + i] = 1 + gaps;
  }
  const w = new Float64Array(n);
  perronEigen(c, n, w);
  const full = Float64Array.from(values);
  const filled: CompletedJudgment[] = [];
  for (const [i, j] of missing) {
    const v = w[i]! / w[j]!;
    full[i * n + j] = v;
    full[j * n + i] = 1 / v;
    filled.push({ i, j, value: v });
  }
  return { method: 'harker', values: full, filled };
}

/**
 * Convergence of the lambda-optimal completion: the largest change of any ln a_ij that the
 * undamped fixed-point step would make.
 */
export const LAMBDA_OPTIMAL_TOLERANCE = 1e-12;
const LAMBDA_OPTIMAL_MAX_SWEEPS = 10_000;
/** A relative change of lambda_max below this is rounding in perronEigen's eigenvalue. */
const LAMBDA_NOISE = 1e-13;

/**
 * The lambda-optimal completion (Bozoki, Fulop and Ronyai 2010, Math. Comput. Model.
 * 52:318-333): the missing entries that minimise lambda_max of the completed matrix. In the
 * variables t = ln a_ij lambda_max is convex (their Theorem 1), and at the optimum
 * a_ij^2 = (v_j w_i) / (v_i w_j) for every missing (i, j), with w the right and v the left
 * Perron vector (the gradient d lambda / d a_ij = v_i w_j - v_j w_i / a_ij^2 vanishes).
 *
 * Solved by that fixed-point iteration started from Harker's completion, each step damped by
 * halving in t until lambda_max does not increase (beyond rounding), until the undamped step
 * would move no ln a_ij by more than 1e-12.
 *
 * @throws AhpConvergenceError if the iteration does not converge (not seen with valid input)
 */
export function completeLambdaOptimal(m: PairwiseMatrix): Completion {
  const { n, missing } = m;
  const start = completeHarker(m);
  if (missing.length === 0) return { ...start, method: 'lambda-optimal' };
  const a = start.values;
  const at = new Float64Array(n * n);
  const w = new Float64Array(n);
  const v = new Float64Array(n);
  const t = missing.map(([i, j]) => Math.log(a[i * n + j]!));
  const set = (k: number, value: number) => {
    const [i, j] = missing[k]!;
    a[i * n + j] = Math.exp(value);
    a[j * n + i] = Math.exp(-value);
  };
  const lambdaOf = () => perronEigen(a, n, w);
  let lambda = lambdaOf();
  for (let sweep = 0; sweep < LAMBDA_OPTIMAL_MAX_SWEEPS; sweep++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) at[j * n + i] = a[i * n + j]!;
    perronEigen(at, n, v);
    const target = missing.map(([i, j]) => 0.5 * Math.log((v[j]! * w[i]!) / (v[i]! * w[j]!)));
    const from = t.slice();
    // Converged when the full (undamped) fixed-point step would move no ln a_ij by more than the
    // tolerance. The damped step taken below is no convergence test: it becomes tiny while the
    // optimum is still ~1e-7 away, once rounding noise in lambda_max rejects the larger steps.
    let residual = 0;
    for (let k = 0; k < t.length; k++) {
      residual = Math.max(residual, Math.abs(target[k]! - from[k]!));
    }
    if (residual <= LAMBDA_OPTIMAL_TOLERANCE) {
      return {
        method: 'lambda-optimal',
        values: a,
        filled: missing.map(([i, j]) => ({ i, j, value: a[i * n + j]! }))
      };
    }
    let step = 1;
    let next = lambda;
    for (;;) {
      for (let k = 0; k < t.length; k++) set(k, from[k]! + step * (target[k]! - from[k]!));
      next = lambdaOf();
      // a rise below LAMBDA_NOISE (relative) is rounding in lambda_max, not an overshoot
      if (next <= lambda * (1 + LAMBDA_NOISE) || step < 1e-6) break;
      step /= 2;
    }
    for (let k = 0; k < t.length; k++) t[k] = from[k]! + step * (target[k]! - from[k]!);
    lambda = next;
  }
  throw new AhpConvergenceError(
    `completeLambdaOptimal: no convergence after ${LAMBDA_OPTIMAL_MAX_SWEEPS} sweeps`
  );
}

/** Completes a matrix with the chosen method; a complete matrix is returned as it is. */
export function complete(m: PairwiseMatrix, method: CompletionMethod): Completion {
  if (m.missing.length === 0) return { method, values: m.values, filled: [] };
  return method === 'harker' ? completeHarker(m) : completeLambdaOptimal(m);
}
