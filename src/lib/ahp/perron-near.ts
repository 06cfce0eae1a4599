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
 * Method: a start vector and shift from the known vector in O(n) (a Petrov-Galerkin step, see
 * galerkinStart; or, without a left vector, A x and one power step), then shifted inverse
 * iteration x <- (A - sigma I)^-1 x / sum(...), one LU without pivoting (see factorShifted).
 * The inverse step gives the bounds of its result nearly for free, (A y)_i / y_i = sigma +
 * x_i / y_i for y = (A - sigma I)^-1 x, so the certificate, computed in full from A, is tried
 * only once those agree. When anything is off (a non-positive vector, no certificate after 12
 * steps), the answer is perronEigen's from scratch.
 */
import { forwardSubstitute, matrixTimesVector, vectorTimesMatrix } from './dense';
import { perronEigen } from './priority';

/** Relative gap of the Collatz-Wielandt bounds within which lambda_max is certified. */
const CERTIFY_TOLERANCE = 1e-11;
/**
 * The nearly free bounds must agree this much closer before the certificate is computed. Not
 * CERTIFY_TOLERANCE itself: that saved 0.18 inverse steps per suggestion, and the certificate
 * still passed at its first try, but the CR if taken then stood up to 3e-12 (relative) from
 * perronEigen's from scratch, where this keeps it within 1e-12 (tests/unit/ahp).
 */
const TRY_CERTIFY = CERTIFY_TOLERANCE / 8;
const MAX_INVERSE_STEPS = 12;

// Work buffers, reused across calls (the engine is synchronous, so no call can interleave), of
// a fixed size and bound with `const`: V8 then compiles their addresses and lengths in as
// constants, which made weigh() with its suggestions 11% faster at n = 15 than growable `let`
// buffers (in the modules as written, as the bench and the tests run them; the bundles Vite
// builds declare them with `var`, which V8 does not fold, docs/performance.md). A larger matrix (n > FAST_N, beyond most random-index tables and every survey)
// takes perronEigen from scratch: the same certified root, more slowly.
const FAST_N = 32;
const bx = new Float64Array(FAST_N);
const by = new Float64Array(FAST_N);
const brecip = new Float64Array(FAST_N);
const blu = new Float64Array(FAST_N * FAST_N);
const bleft = new Float64Array(FAST_N);

/** Power steps v <- v A / sum(v A) that refine the start 1 / w of the left Perron vector. */
const LEFT_STEPS = 2;

/**
 * A positive approximation of the left Perron vector of `a`, for perronRootAfterChange's `left`:
 * 1 / w (the left vector of the consistent matrix nearest, w the Perron vector of `a`), then
 * LEFT_STEPS power steps v <- v A / sum(v A) (A is positive, so v stays positive). On 2,000
 * random 15 x 15 scale matrices (6,000 suggestions) the refined vector cut the inverse steps
 * per suggestion from 3.87 to 3.13 (3.04 with the exact left vector), for two O(n^2) products
 * shared by every suggestion of the matrix. The returned buffer is valid until the next call.
 */
export function leftPerronStart(a: Float64Array, n: number, w: ArrayLike<number>): Float64Array {
  const v = n > FAST_N ? new Float64Array(n) : bleft;
  const y = n > FAST_N ? new Float64Array(n) : by;
  for (let k = 0; k < n; k++) v[k] = 1 / w[k]!;
  for (let step = 0; step < LEFT_STEPS; step++) {
    const inv = 1 / vectorTimesMatrix(a, n, v, y);
    for (let k = 0; k < n; k++) v[k] = y[k]! * inv;
  }
  return v;
}

/**
 * The Perron root (lambda_max) of `a`, certified to 1e-11 relative, where only a_ij and a_ji
 * changed, from the Perron pair (lambda, w) of the matrix before (the "CR if taken" of a
 * suggestion).
 *
 * Where the iteration starts: A' w is known in O(n), (A' w)_k = lambda w_k in every row but i
 * and j, which change by (a_ij - old a_ij) w_j and (a_ji - old a_ji) w_i. With `left`, a positive
 * approximation of the left Perron vector (weigh() passes 1 / w, the left vector of the
 * consistent matrix nearest), a Petrov-Galerkin step (galerkinStart) finds the shift and the
 * start vector in O(n); otherwise, or when that step fails, A' w normalised and one power step
 * from it. Either only chooses where the iteration starts: the certificate that ends it is
 * computed from `a`. A poor start costs steps or the fallback, not accuracy.
 *
 * @param a the changed matrix, row-major n*n
 * @param w the Perron vector of the matrix before the change (sum 1), lambda its eigenvalue
 * @param oldIJ the values of a_ij and a_ji before the change
 * @param left a positive approximation of the left Perron vector of `a` (any scale)
 */
export function perronRootAfterChange(
  a: Float64Array,
  n: number,
  w: ArrayLike<number>,
  lambda: number,
  i: number,
  j: number,
  oldIJ: number,
  oldJI: number,
  left?: ArrayLike<number>
): number {
  if (n > FAST_N) return perronEigen(a, n, new Float64Array(n));
  const changeIJ = a[i * n + j]! - oldIJ;
  const changeJI = a[j * n + i]! - oldJI;
  if (left) {
    const sigma = galerkinStart(a, n, w, left, lambda, i, j, changeIJ, changeJI);
    if (sigma > 0) return rootFrom(a, n, sigma);
  }
  const x = bx;
  for (let k = 0; k < n; k++) x[k] = lambda * w[k]!;
  x[i] = x[i]! + changeIJ * w[j]!;
  x[j] = x[j]! + changeJI * w[i]!;
  let total = 0;
  for (let k = 0; k < n; k++) total += x[k]!;
  for (let k = 0; k < n; k++) x[k] = x[k]! / total;
  const sigma = powerStep(a, n, x, by);
  return sigma < 0 ? -sigma : rootFrom(a, n, sigma);
}

/** Newton steps for the Petrov-Galerkin shift, and the relative step at which it has converged. */
const GALERKIN_STEPS = 8;
const GALERKIN_TOLERANCE = 1e-12;

/**
 * The start of the iteration for A' (`a`, with a_ij and a_ji changed) by a Petrov-Galerkin
 * step: x = w + alpha e_i + beta e_j and mu such that A' x - mu x is orthogonal to v (`left`),
 * e_i and e_j. Rows i and j of that condition are linear in alpha and beta for a given mu
 * (Cramer's rule, with D their determinant); the row of v is then one equation in mu, D times
 * which is a cubic g(mu), solved by Newton's method from the O(n) estimate sum(A' w). Every
 * term is O(n): A' w as above, v . A' e_i and v . A' e_j from two columns of A'. On 600 random
 * 15 x 15 scale matrices (numpy) this start took 3.9 inverse steps to the certificate where one
 * power step from A' w took 3.8 (2.5 against 2.9 for near-consistent ones), without that
 * step's O(n^2) product. changeIJ and changeJI: a_ij and a_ji less their old values. Writes x
 * (sum 1) into bx and returns mu; 0 when any step fails (a non-finite or non-positive value, no
 * convergence), and the caller starts the other way.
 */
function galerkinStart(
  a: Float64Array,
  n: number,
  w: ArrayLike<number>,
  v: ArrayLike<number>,
  lambda: number,
  i: number,
  j: number,
  changeIJ: number,
  changeJI: number
): number {
  const s = a[i * n + j]!;
  const t = a[j * n + i]!;
  const di = a[i * n + i]!;
  const dj = a[j * n + j]!;
  const wi = w[i]!;
  const wj = w[j]!;
  const vi = v[i]!;
  const vj = v[j]!;
  // (A' w)_i and (A' w)_j; v . w; v . A' w; v . A' e_i and v . A' e_j (columns i and j)
  const ri = lambda * wi + changeIJ * wj;
  const rj = lambda * wj + changeJI * wi;
  let vw = 0;
  let pi = 0;
  let pj = 0;
  for (let k = 0, r = 0; k < n; k++, r += n) {
    const vk = v[k]!;
    vw += vk * w[k]!;
    pi += vk * a[(r + i) | 0]!;
    pj += vk * a[(r + j) | 0]!;
  }
  const vr = lambda * vw + vi * changeIJ * wj + vj * changeJI * wi;
  let mu = lambda + changeIJ * wj + changeJI * wi;
  let alphaD = 0;
  let betaD = 0;
  let d = 0;
  for (let step = 0; ; step++) {
    if (step === GALERKIN_STEPS) return 0;
    const bi = mu * wi - ri;
    const bj = mu * wj - rj;
    const mi = di - mu;
    const mj = dj - mu;
    d = mi * mj - s * t;
    alphaD = bi * mj - s * bj;
    betaD = mi * bj - t * bi;
    const e0 = vr - mu * vw;
    const ei = pi - mu * vi;
    const ej = pj - mu * vj;
    const g = d * e0 + alphaD * ei + betaD * ej;
    const dd = -mi - mj;
    const dAlpha = wi * mj - bi - s * wj;
    const dBeta = mi * wj - bj - t * wi;
    const dg = dd * e0 - d * vw + dAlpha * ei - alphaD * vi + dBeta * ej - betaD * vj;
    const delta = g / dg;
    if (!Number.isFinite(delta)) return 0;
    mu -= delta;
    if (Math.abs(delta) <= GALERKIN_TOLERANCE * Math.abs(mu)) break;
  }
  // the vector at the final mu
  const bi = mu * wi - ri;
  const bj = mu * wj - rj;
  d = (di - mu) * (dj - mu) - s * t;
  const alpha = (bi * (dj - mu) - s * bj) / d;
  const beta = ((di - mu) * bj - t * bi) / d;
  const xi = wi + alpha;
  const xj = wj + beta;
  const total = 1 + alpha + beta;
  if (!(mu > 0 && xi > 0 && xj > 0 && total > 0 && Number.isFinite(total))) return 0;
  const x = bx;
  const inv = 1 / total;
  for (let k = 0; k < n; k++) x[k] = w[k]! * inv;
  x[i] = xi * inv;
  x[j] = xj * inv;
  return mu;
}

/** From the vector in bx (sum 1) and the shift sigma: one LU, inverse steps, the certificate. */
function rootFrom(a: Float64Array, n: number, sigma: number): number {
  const x = bx;
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
 * LU factors of A - sigma I without pivoting into blu, and the pivots' reciprocals (brecip).
 * False when a pivot is not finite.
 *
 * No pivoting is needed here: sigma is within about 1e-4 to 1e-3 (relative) of the Perron root
 * of the positive matrix A, above the Perron root of each leading principal submatrix, so
 * sigma I - A is a nonsingular M-matrix in every leading block but the whole. Gaussian
 * elimination of an M-matrix has positive pivots and no growth (|L| |U| = |L U|; Higham 2002,
 * 9.4 and 9.5); only the last pivot, sigma - lambda_max times a positive factor, is small, as
 * inverse iteration wants. Were sigma ever below a block's root, the certificate (or the
 * fallback) still decides.
 */
function factorShifted(a: Float64Array, n: number, sigma: number): boolean {
  const lu = blu;
  const recips = brecip;
  // step 0 reads A itself: row 0 as it is, every other row less its multiple of row 0
  const tiny = 1e-15 * Math.abs(sigma);
  const pivot0 = a[0]! - sigma;
  const recip0 = reciprocal(pivot0, tiny);
  if (Number.isNaN(recip0)) return false;
  recips[0] = recip0;
  lu[0] = pivot0;
  for (let j = 1; j < n; j++) lu[j] = a[j]!;
  for (let i = 1; i < n; i++) {
    const r = i * n;
    const f = (lu[r] = a[r]! * recip0);
    for (let j = 1; j < n; j++) lu[(r + j) | 0] = a[(r + j) | 0]! - f * lu[j]!;
    lu[(r + i) | 0] = lu[(r + i) | 0]! - sigma;
  }
  for (let k = 1; k < n; k++) {
    const rk = k * n;
    const recip = reciprocal(lu[(rk + k) | 0]!, tiny);
    if (Number.isNaN(recip)) return false;
    recips[k] = recip;
    // two rows at a time, sharing the loads of row k
    let i = k + 1;
    for (; i + 1 < n; i += 2) {
      const r0 = i * n;
      const r1 = r0 + n;
      const f0 = (lu[(r0 + k) | 0] = lu[(r0 + k) | 0]! * recip);
      const f1 = (lu[(r1 + k) | 0] = lu[(r1 + k) | 0]! * recip);
      for (let j = k + 1; j < n; j++) {
        const u = lu[(rk + j) | 0]!;
        lu[(r0 + j) | 0] = lu[(r0 + j) | 0]! - f0 * u;
        lu[(r1 + j) | 0] = lu[(r1 + j) | 0]! - f1 * u;
      }
    }
    if (i < n) {
      const ri = i * n;
      const f = (lu[(ri + k) | 0] = lu[(ri + k) | 0]! * recip);
      for (let j = k + 1; j < n; j++) lu[(ri + j) | 0] = lu[(ri + j) | 0]! - f * lu[(rk + j) | 0]!;
    }
  }
  return true;
}

/**
 * 1 / pivot, with a pivot smaller in magnitude than `tiny` taken as tiny (keeping its sign): when
 * sigma is lambda_max to the last bits the last pivot is 0 or rounding noise, and the inverse
 * step then gives the Perron vector at once (the Petrov-Galerkin start is exact for n = 3, whose
 * x = w + alpha e_i + beta e_j spans every vector). NaN for a pivot that is not finite.
 */
function reciprocal(pivot: number, tiny: number): number {
  if (!Number.isFinite(pivot)) return NaN;
  return 1 / (Math.abs(pivot) < tiny ? (pivot < 0 ? -tiny : tiny) : pivot);
}

/**
 * One step x <- y / sum(y), y = (A - sigma I)^-1 x, with the factors of factorShifted (y is
 * scratch). Returns -1 when the step failed (a zero or non-finite sum, a non-positive vector),
 * 1 when the bounds sigma + x_i / y_i of the new vector agree to TRY_CERTIFY (time to
 * certify), else 0.
 */
function inverseStep(n: number, sigma: number, x: Float64Array, y: Float64Array): number {
  const lu = blu;
  const recips = brecip;
  for (let i = 0; i < n; i++) y[i] = x[i]!;
  forwardSubstitute(lu, n, y);
  // U y = z, each row as two partial sums (even and odd columns)
  for (let i = n - 1; i >= 0; i--) {
    const r = i * n;
    let acc0 = y[i]!;
    let acc1 = 0;
    let j = i + 1;
    for (; j + 1 < n; j += 2) {
      acc0 -= lu[(r + j) | 0]! * y[j]!;
      acc1 -= lu[(r + j + 1) | 0]! * y[(j + 1) | 0]!;
    }
    if (j < n) acc0 -= lu[(r + j) | 0]! * y[j]!;
    y[i] = (acc0 + acc1) * recips[i]!;
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
