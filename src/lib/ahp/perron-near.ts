/**
 * lambda_max of a matrix close to one whose Perron vector is known: the "CR if taken" of a
 * suggestion (weigh.ts), where one judgment a_ij (and a_ji) of a complete matrix changes.
 *
 * Only the eigenvalue is needed, so the iteration stops when it is certified: the
 * Collatz-Wielandt bounds min_i (Ax)_i / x_i <= lambda_max <= max_i (Ax)_i / x_i of a positive
 * x agree to 1e-11 relative, the tolerance perronEigen accepts (priority.ts). The answer is
 * sum_i (A x)_i for sum(x) = 1, as perronEigen's, and lies between those bounds; so it is within
 * 1e-11 (relative) of the Perron root, as perronEigen's is. The last bits may differ from
 * perronEigen's from scratch, by at most that certified bound (tests/unit/ahp/perron-near.test.ts).
 *
 * Method: two power steps from the known vector (the first in O(n) when only one pair changed,
 * perronRootAfterChange) give the shift sigma = sum(A x); then shifted
 * inverse iteration x <- (A - sigma I)^-1 x / sum(...), one LU. The inverse step gives the
 * bounds of its result nearly for free, (A y)_i / y_i = sigma + x_i / y_i for
 * y = (A - sigma I)^-1 x, so the certificate, computed in full from A, is tried only once those
 * agree. When anything is off (a non-positive vector, no certificate after 12 steps), the
 * answer is perronEigen's from scratch.
 */
import { forwardSubstitute, matrixTimesVector, partialPivot } from './dense';
import { perronEigen } from './priority';

/** Relative gap of the Collatz-Wielandt bounds within which lambda_max is certified. */
const CERTIFY_TOLERANCE = 1e-11;
/** The nearly free bounds must agree this much closer before the certificate is computed. */
const TRY_CERTIFY = CERTIFY_TOLERANCE / 8;
const POWER_STEPS = 2;
const MAX_INVERSE_STEPS = 12;

// Work buffers, reused across calls (the engine is synchronous, so no call can interleave), of
// a fixed size and bound with `const`: V8 then compiles their addresses and lengths in as
// constants, which made weigh() with its suggestions 11% faster at n = 15 than growable `let`
// buffers. A larger matrix (n > FAST_N, beyond most random-index tables and every survey)
// takes perronEigen from scratch: the same certified root, more slowly.
const FAST_N = 32;
const bx = new Float64Array(FAST_N);
const by = new Float64Array(FAST_N);
const brecip = new Float64Array(FAST_N);
const bperm = new Int32Array(FAST_N);
const blu = new Float64Array(FAST_N * FAST_N);

/**
 * The Perron root (lambda_max) of `a`, certified to 1e-11 relative, where only a_ij and a_ji
 * changed, from the Perron pair (lambda, w) of the matrix before (the "CR if taken" of a
 * suggestion). The first power step costs O(n) instead of O(n^2): (A w)_k = lambda w_k in every
 * row but i and j, which change by (a_ij - old a_ij) w_j and (a_ji - old a_ji) w_i. That step
 * only chooses where the iteration starts (both rows stay positive: lambda w_i >= old a_ij w_j,
 * row i of A w = lambda w); the certificate that ends it is computed from `a`. A poor start
 * (a wrong pair) costs steps or the fallback, not accuracy.
 *
 * @param a the changed matrix, row-major n*n
 * @param w the Perron vector of the matrix before the change (sum 1), lambda its eigenvalue
 * @param oldIJ the values of a_ij and a_ji before the change
 */
export function perronRootAfterChange(
  a: Float64Array,
  n: number,
  w: ArrayLike<number>,
  lambda: number,
  i: number,
  j: number,
  oldIJ: number,
  oldJI: number
): number {
  if (n > FAST_N) return perronEigen(a, n, new Float64Array(n));
  const x = bx;
  for (let k = 0; k < n; k++) x[k] = lambda * w[k]!;
  x[i] = x[i]! + (a[i * n + j]! - oldIJ) * w[j]!;
  x[j] = x[j]! + (a[j * n + i]! - oldJI) * w[i]!;
  let total = 0;
  for (let k = 0; k < n; k++) total += x[k]!;
  for (let k = 0; k < n; k++) x[k] = x[k]! / total;
  return rootFrom(a, n, POWER_STEPS - 1);
}

/** From the vector in bx (sum 1): power steps, one LU, inverse steps, the certificate. */
function rootFrom(a: Float64Array, n: number, powerSteps: number): number {
  const x = bx;
  let sigma = 0;
  for (let step = 0; step < powerSteps; step++) {
    sigma = powerStep(a, n, x, by);
    if (sigma < 0) return -sigma;
  }
  if (factorShifted(a, n, sigma)) {
    for (let step = 0; step < MAX_INVERSE_STEPS; step++) {
      const r = inverseStep(n, sigma, x, by);
      if (r < 0) break;
      if (r > 0) {
        const s = powerStep(a, n, x, by);
        if (s < 0) return -s;
      }
    }
  }
  return perronEigen(a, n, new Float64Array(n));
}

/**
 * The certificate of x (sum 1), then one power step: computes A x, returns -sum(A x) when x is
 * positive and the bounds min and max of (A x)_i / x_i agree to 1e-11 relative (certified),
 * else sets x <- A x / sum(A x) and returns sum(A x) (y is scratch).
 */
function powerStep(a: Float64Array, n: number, x: Float64Array, y: Float64Array): number {
  const s = matrixTimesVector(a, n, x, y);
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const q = y[i]! / x[i]!;
    if (q < lo) lo = q;
    if (q > hi) hi = q;
  }
  // every q finite and > 0 only when every x_i > 0 (A is positive; x_i = 0 gives q = Infinity)
  if (lo > 0 && hi < Infinity && hi - lo <= CERTIFY_TOLERANCE * hi) return -s;
  const inv = 1 / s;
  for (let i = 0; i < n; i++) x[i] = y[i]! * inv;
  return s;
}

/**
 * LU factors of A - sigma I with partial pivoting into blu, the pivots' reciprocals (brecip)
 * and the row order (bperm: row i of the factors is row bperm[i] of A). False when a pivot is
 * zero or not finite.
 */
function factorShifted(a: Float64Array, n: number, sigma: number): boolean {
  const lu = blu;
  const order = bperm;
  for (let k = 0; k < n * n; k++) lu[k] = a[k]!;
  for (let i = 0; i < n; i++) {
    lu[i * n + i] = lu[i * n + i]! - sigma;
    order[i] = i;
  }
  for (let k = 0; k < n; k++) {
    const p = partialPivot(lu, n, k);
    if (p !== k) {
      const t = order[k]!;
      order[k] = order[p]!;
      order[p] = t;
    }
    const rk = k * n;
    const recip = 1 / lu[rk + k]!;
    if (!Number.isFinite(recip)) return false;
    brecip[k] = recip;
    // two rows at a time, sharing the loads of row k
    let i = k + 1;
    for (; i + 1 < n; i += 2) {
      const r0 = i * n;
      const r1 = r0 + n;
      const f0 = (lu[r0 + k] = lu[r0 + k]! * recip);
      const f1 = (lu[r1 + k] = lu[r1 + k]! * recip);
      for (let j = k + 1; j < n; j++) {
        const u = lu[rk + j]!;
        lu[r0 + j] = lu[r0 + j]! - f0 * u;
        lu[r1 + j] = lu[r1 + j]! - f1 * u;
      }
    }
    if (i < n) {
      const ri = i * n;
      const f = (lu[ri + k] = lu[ri + k]! * recip);
      for (let j = k + 1; j < n; j++) lu[ri + j] = lu[ri + j]! - f * lu[rk + j]!;
    }
  }
  return true;
}

/**
 * One step x <- y / sum(y), y = (A - sigma I)^-1 x, with the factors of factorShifted (y is
 * scratch). Returns -1 when the step failed (a zero or non-finite sum, a non-positive vector),
 * 1 when the bounds sigma + x_i / y_i of the new vector agree to TRY_CERTIFY (time to
 * certify), else 0.
 */
function inverseStep(n: number, sigma: number, x: Float64Array, y: Float64Array): number {
  const lu = blu;
  const order = bperm;
  for (let i = 0; i < n; i++) y[i] = x[order[i]!]!;
  forwardSubstitute(lu, n, y);
  // U y = z, each row as two partial sums (even and odd columns)
  for (let i = n - 1; i >= 0; i--) {
    const r = i * n;
    let acc0 = y[i]!;
    let acc1 = 0;
    let j = i + 1;
    for (; j + 1 < n; j += 2) {
      acc0 -= lu[r + j]! * y[j]!;
      acc1 -= lu[r + j + 1]! * y[j + 1]!;
    }
    if (j < n) acc0 -= lu[r + j]! * y[j]!;
    y[i] = (acc0 + acc1) * brecip[i]!;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += y[i]!;
  if (!(Math.abs(s) > 0) || !Number.isFinite(s)) return -1;
  // (A y)_i / y_i = sigma + x_i / y_i; y / s is positive when every y_i has the sign of s
  let lo = Infinity;
  let hi = -Infinity;
  const inv = 1 / s;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    const v = yi * inv;
    if (!(v > 0)) return -1;
    const q = x[i]! / yi;
    if (q < lo) lo = q;
    if (q > hi) hi = q;
    x[i] = v;
  }
  return hi - lo <= TRY_CERTIFY * (sigma + hi) ? 1 : 0;
}
