/**
 * Priority vectors of a pairwise comparison matrix.
 *
 * Two methods, both normalised to sum 1:
 * - `eigenvector`: the principal right eigenvector, A w = lambda_max w (Saaty 1980, ch. 3).
 * - `geometric-mean`: the row geometric mean, w_i = (prod_j a_ij)^(1/n) (Crawford and Williams
 *   1985; the "square-root method" of the Fujian study, seeds/003).
 */
import { factorShifted, forwardSubstitute, matrixTimesVector } from './dense';
import { AhpConvergenceError } from './errors';

/**
 * Relative change per component below which the power iteration has converged. The iteration
 * error is at most this over (1 - |lambda_2| / lambda_1); with 1e-14 the weights agree with a
 * direct eigen-solver to about 1e-13.
 */
export const EIGENVECTOR_TOLERANCE = 1e-14;

/** Power steps before the working matrix is squared (which doubles the rate of convergence). */
const STEPS_BEFORE_SQUARING = 64;
const MAX_SQUARINGS = 30;
/** Power steps taken to estimate lambda_max before switching to shifted inverse iteration. */
const WARM_UP_STEPS = 3;
const MAX_INVERSE_STEPS = 12;
/** Relative gap of the Collatz-Wielandt bounds within which a candidate Perron pair is accepted. */
const CERTIFY_TOLERANCE = 1e-11;

// Work buffers, reused across calls (the engine is synchronous, so no call can interleave).
let bx = new Float64Array(16);
let by = new Float64Array(16);
let blu = new Float64Array(256);
let bperm = new Int32Array(16);
let bones = new Float64Array(16).fill(1);
function ensureBuffers(n: number): void {
  if (bx.length < n) {
    bx = new Float64Array(2 * n);
    by = new Float64Array(2 * n);
    bperm = new Int32Array(2 * n);
    bones = new Float64Array(2 * n).fill(1);
  }
  if (blu.length < n * n) blu = new Float64Array(4 * n * n);
}

/**
 * The Perron eigenvector of a nonnegative, irreducible and primitive n x n matrix (every
 * positive reciprocal matrix is one; so is Harker's matrix) and its eigenvalue lambda_max.
 *
 * Method: power iteration w_(k+1) = A w_k / sum(A w_k) from the row sums (Saaty 1980, 3.2);
 * after a few steps, sigma = sum(A w) estimates lambda_max and shifted inverse iteration
 * w_(k+1) = (A - sigma I)^-1 w_k / sum(...) converges at the rate |lambda_1 - sigma| /
 * |lambda_2 - sigma| (Golub and Van Loan 2013, 7.6.1). Each phase stops when no component
 * changes by more than EIGENVECTOR_TOLERANCE relative. The inverse-iteration result is accepted
 * only when it is positive (only the Perron vector is) and the Collatz-Wielandt bounds
 * min_i (Aw)_i / w_i <= lambda_max <= max_i (Aw)_i / w_i agree to 1e-11 relative; otherwise the
 * power iteration carries on from it, squaring the working matrix if convergence is slow, so
 * the result is always the exact Perron pair to working precision.
 *
 * @param a the matrix, row-major, n*n, no NaN
 * @param out receives the eigenvector (length >= n), normalised to sum 1
 * @returns lambda_max = sum_i (A w)_i for sum(w) = 1
 * @throws AhpConvergenceError if the iteration does not converge (not seen with valid input)
 */
export function perronEigen(a: Float64Array, n: number, out: Float64Array): number {
  ensureBuffers(n);
  const x = bx;
  const y = by;
  const total = rowSums(a, n, x);
  for (let i = 0; i < n; i++) x[i] = x[i]! / total;

  // Phase 1: a few power steps, which also finish the job for (near-)consistent matrices.
  let sigma = 0;
  for (let step = 0; step < WARM_UP_STEPS; step++) {
    sigma = powerStep(a, n, x, y);
    if (sigma < 0) {
      for (let i = 0; i < n; i++) out[i] = x[i]!;
      return -sigma;
    }
  }

  return finish(a, n, sigma, out);
}

/** Phases 2 and 3 of perronEigen, from the vector in bx and the shift sigma. */
function finish(a: Float64Array, n: number, sigma: number, out: Float64Array): number {
  const x = bx;
  const y = by;
  // Phase 2: shifted inverse iteration with sigma fixed.
  if (inverseIteration(a, n, sigma, x, y)) {
    const lambda = certify(a, n, x);
    if (lambda > 0) {
      for (let i = 0; i < n; i++) out[i] = x[i]!;
      return lambda;
    }
  }
  // Phase 3 (fallback): power iteration afresh from the row sums, squaring if slow.
  const sum = rowSums(a, n, x);
  for (let i = 0; i < n; i++) x[i] = x[i]! / sum;
  return powerToConvergence(a, n, x, y, out);
}

/**
 * One power step x <- A x / sum(A x), in place (y is scratch). Returns sum(A x), negated when
 * the step changed no component by more than EIGENVECTOR_TOLERANCE relative (converged).
 */
function powerStep(m: Float64Array, n: number, x: Float64Array, y: Float64Array): number {
  const s = matrixTimesVector(m, n, x, y);
  const inv = 1 / s;
  let converged = true;
  for (let i = 0; i < n; i++) {
    const v = y[i]! * inv;
    if (Math.abs(v - x[i]!) > EIGENVECTOR_TOLERANCE * v) converged = false;
    x[i] = v;
  }
  return converged ? -s : s;
}

/** Inverse iteration with (A - sigma I) factored once (LU, partial pivoting). True when it converged. */
function inverseIteration(
  a: Float64Array,
  n: number,
  sigma: number,
  x: Float64Array,
  y: Float64Array
): boolean {
  factorShifted(a, n, sigma, 1e-15 * sigma, blu, bperm);
  for (let step = 0; step < MAX_INVERSE_STEPS; step++) {
    const r = inverseStep(n, x, y);
    if (r !== 0) return r > 0;
  }
  return false;
}

/**
 * One step x <- (A - sigma I)^-1 x / sum(...) with the factors of factorShifted (y is scratch).
 * Returns 1 when no component changed by more than EIGENVECTOR_TOLERANCE relative, 0 when
 * some did, -1 when the step failed (a zero or non-finite sum).
 */
function inverseStep(n: number, x: Float64Array, y: Float64Array): number {
  const lu = blu;
  const perm = bperm;
  for (let i = 0; i < n; i++) y[i] = x[i]!;
  for (let k = 0; k < n; k++) {
    const p = perm[k]!;
    if (p !== k) {
      const t = y[k]!;
      y[k] = y[p]!;
      y[p] = t;
    }
  }
  forwardSubstitute(lu, n, y);
  for (let i = n - 1; i >= 0; i--) {
    let acc = y[i]!;
    for (let j = i + 1, r = i * n; j < n; j++) acc -= lu[(r + j) | 0]! * y[j]!;
    y[i] = acc / lu[i * n + i]!;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += y[i]!;
  if (!(Math.abs(s) > 0) || !Number.isFinite(s)) return -1;
  const inv = 1 / s;
  let converged = true;
  for (let i = 0; i < n; i++) {
    const v = y[i]! * inv;
    if (!(Math.abs(v - x[i]!) <= EIGENVECTOR_TOLERANCE * Math.abs(v))) converged = false;
    x[i] = v;
  }
  return converged ? 1 : 0;
}

/**
 * lambda_max for a candidate Perron vector x (sum 1), or -1 when x is not positive or the
 * Collatz-Wielandt bounds min (Ax)_i / x_i and max (Ax)_i / x_i differ by more than 1e-11 relative.
 */
function certify(a: Float64Array, n: number, x: Float64Array): number {
  for (let i = 0; i < n; i++) if (!(x[i]! > 0)) return -1;
  const ax = by;
  const s = matrixTimesVector(a, n, x, ax);
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const q = ax[i]! / x[i]!;
    if (q < lo) lo = q;
    if (q > hi) hi = q;
  }
  return hi - lo <= CERTIFY_TOLERANCE * hi ? s : -1;
}

/** x <- the row sums of A (A times a vector of ones: every a_ij * 1 is exact); returns their sum. */
function rowSums(a: Float64Array, n: number, x: Float64Array): number {
  return matrixTimesVector(a, n, bones, x);
}

function powerToConvergence(
  a: Float64Array,
  n: number,
  x: Float64Array,
  y: Float64Array,
  out: Float64Array
): number {
  let m: Float64Array = a;
  let work1: Float64Array | null = null;
  let work2: Float64Array | null = null;
  for (let squarings = 0; squarings <= MAX_SQUARINGS; squarings++) {
    for (let step = 0; step < STEPS_BEFORE_SQUARING; step++) {
      const s = powerStep(m, n, x, y);
      if (s < 0) {
        for (let i = 0; i < n; i++) out[i] = x[i]!;
        return m === a ? -s : rayleighSum(a, n, out);
      }
    }
    // m <- m^2 / max(m^2), alternating between two work areas (never written into `a`)
    work1 ??= new Float64Array(n * n);
    work2 ??= new Float64Array(n * n);
    const dst = m === work1 ? work2 : work1;
    squareInto(m, n, dst);
    m = dst;
  }
  throw new AhpConvergenceError(
    `perronEigen: no convergence for a ${n} x ${n} matrix after ${MAX_SQUARINGS} squarings`
  );
}

function squareInto(src: Float64Array, n: number, dst: Float64Array): void {
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += src[i * n + k]! * src[k * n + j]!;
      dst[i * n + j] = acc;
      if (acc > max) max = acc;
    }
  }
  for (let i = 0; i < n * n; i++) dst[i] = dst[i]! / max;
}

/** sum_i (A w)_i for w summing to 1: lambda_max once w is the Perron vector. */
function rayleighSum(a: Float64Array, n: number, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += a[i * n + j]! * w[j]!;
  return s;
}

// The 17 values of Saaty's scale (1/9 ... 1/2 as 1 / k gives them, 1 ... 9) and Math.log of
// exactly those doubles, computed once; slot 0 matches nothing. SCALE_SLOT maps floor(64 x) to
// the slot of the one scale value x can be (the 17 values fall in 17 different cells).
const SCALE_VALUES = [9, 8, 7, 6, 5, 4, 3, 2].map((k) => 1 / k).concat([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const SCALE_VALUE = Float64Array.from([NaN, ...SCALE_VALUES]);
const SCALE_LOG = Float64Array.from([NaN, ...SCALE_VALUES.map((v) => Math.log(v))]);
const SCALE_SLOT = new Uint8Array(9 * 64 + 1);
SCALE_VALUES.forEach((v, k) => (SCALE_SLOT[Math.floor(64 * v)] = k + 1));

/**
 * Math.log(x), read from a table when x is one of the 17 values of Saaty's scale (the table
 * holds Math.log of exactly those doubles, so the result has the same bits), else computed.
 * Judgments are scale values, and a lookup is a fraction of the time of a logarithm; one
 * lookup for both halves of the scale, no branch on x >= 1 (which a reciprocal matrix takes
 * at random, half of its entries each way).
 */
function logOf(x: number): number {
  if (x > 0.11 && x <= 9) {
    const k = SCALE_SLOT[(x * 64) | 0]!;
    if (SCALE_VALUE[k] === x) return SCALE_LOG[k]!;
  }
  return Math.log(x);
}

/**
 * Row geometric mean priorities: w_i = (prod_j a_ij)^(1/n) / sum_k (prod_j a_kj)^(1/n),
 * computed through logarithms so that no product overflows.
 * (Crawford and Williams 1985, J. Math. Psych. 29:387-405; the Fujian study's square-root method.)
 *
 * @param a a complete matrix, row-major, n*n
 * @param out receives the weights (length >= n)
 */
export function rowGeometricMean(a: Float64Array, n: number, out: Float64Array): void {
  // two rows at a time: two independent sums, each in the order of its row, and the total in
  // row order, so the bits of the row-by-row loop
  let total = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let s0 = 0;
    let s1 = 0;
    for (let j = 0, r0 = i * n, r1 = r0 + n; j < n; j++) {
      s0 += logOf(a[(r0 + j) | 0]!);
      s1 += logOf(a[(r1 + j) | 0]!);
    }
    const g0 = Math.exp(s0 / n);
    const g1 = Math.exp(s1 / n);
    out[i] = g0;
    out[(i + 1) | 0] = g1;
    total += g0;
    total += g1;
  }
  if (i < n) {
    let s = 0;
    for (let j = 0, r = i * n; j < n; j++) s += logOf(a[(r + j) | 0]!);
    const g = Math.exp(s / n);
    out[i] = g;
    total += g;
  }
  for (let k = 0; k < n; k++) out[k] = out[k]! / total;
}

/**
 * lambda_max estimated from any positive weight vector w (the formula of the Fujian study):
 * lambda_max = (1/n) sum_i (A w)_i / w_i. For the principal eigenvector it is exact.
 */
export function lambdaFromWeights(a: Float64Array, n: number, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0, r = i * n; j < n; j++) acc += a[(r + j) | 0]! * w[j]!;
    s += acc / w[i]!;
  }
  return s / n;
}

/**
 * The first n values of a typed array as a plain array. (Array.from on a Float64Array goes
 * through the iterator protocol and is about 20 times slower; this runs once per expert per node.)
 */
export function toArray(v: Float64Array, n: number = v.length): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = v[i]!;
  return out;
}
