/**
 * A small dense LU solve for the logistic fit's Newton steps (a 16 x 16 system at most for the
 * farm-credit template), so that `pairwise validate` need not load mathjs (about a second).
 *
 * It does exactly the arithmetic of mathjs 15's `lup` and `lusolve` on dense number arrays, so
 * the fits, and the reports, are the same to the last bit as with mathjs (a unit test compares
 * them on seeded matrices):
 * - LU by columns with partial pivoting (Doolittle, left-looking; Golub and Van Loan 2013,
 *   3.4): for column j, u_ij = a_ij - sum_{k < min(i, j)} l_ik u_kj in k order; the pivot is
 *   the first row >= j whose |value| is larger than every earlier one by more than mathjs's
 *   tolerance; entries below it are divided by it unless they are (nearly) zero;
 * - "nearly equal" as mathjs's config: |a - b| <= max(1e-12 max(|a|, |b|), 1e-15);
 * - the solve permutes b as mathjs's csIpvec (x[p[k]] = b[k]), then forward and backward
 *   substitution by columns, taking a (nearly) zero right-hand entry as 0, and refusing a
 *   (nearly) zero pivot.
 */

const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** The LU factors of a square matrix: rows[p] = L U, L unit lower (below the diagonal of lu). */
export interface LuFactors {
  n: number;
  /** L below the diagonal, U on and above it, row-major. */
  lu: Float64Array;
  /** Row permutation as mathjs's lup gives it: row i of A is row p[i] of L U. */
  p: Int32Array;
}

/**
 * LU decomposition with partial pivoting, as mathjs's `lup` for a dense square matrix.
 * @param rows the matrix as rows (n x n)
 */
export function luFactor(rows: ReadonlyArray<ArrayLike<number>>): LuFactors {
  const n = rows.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== n) throw new RangeError(`luFactor: row ${i} has ${r.length} values, not ${n}`);
    for (let j = 0; j < n; j++) d[i * n + j] = r[j]!;
  }
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let j = 0; j < n; j++) {
    if (j > 0) {
      for (let i = 0; i < n; i++) {
        const min = Math.min(i, j);
        let s = 0;
        for (let k = 0; k < min; k++) s = s + d[i * n + k]! * d[k * n + j]!;
        d[i * n + j] = d[i * n + j]! - s;
      }
    }
    let pi = j;
    let pabsv = 0;
    let vjj = 0;
    for (let i = j; i < n; i++) {
      const v = d[i * n + j]!;
      const absv = Math.abs(v);
      if (absv > pabsv && !nearlyEqual(absv, pabsv)) {
        pi = i;
        pabsv = absv;
        vjj = v;
      }
    }
    if (pi !== j) {
      const t = p[j]!;
      p[j] = p[pi]!;
      p[pi] = t;
      for (let k = 0; k < n; k++) {
        const v = d[j * n + k]!;
        d[j * n + k] = d[pi * n + k]!;
        d[pi * n + k] = v;
      }
    }
    for (let i = j + 1; i < n; i++) {
      const vij = d[i * n + j]!;
      if (!nearlyEqual(vij, 0)) d[i * n + j] = vij / vjj;
    }
  }
  // mathjs returns the inverse of the row order built above: pv[order[i]] = i
  const pv = new Int32Array(n);
  for (let i = 0; i < n; i++) pv[p[i]!] = i;
  return { n, lu: d, p: pv };
}

/**
 * Solves A x = b from A's factors, as mathjs's `lusolve(lup(A), b)`.
 * @throws Error "Linear system cannot be solved since matrix is singular" (mathjs's words) on a
 *   (nearly) zero pivot
 */
export function luSolve(f: LuFactors, b: ArrayLike<number>): Float64Array {
  const { n, lu, p } = f;
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) y[p[k]!] = b[k]!;
  for (let j = 0; j < n; j++) {
    const bj = y[j] || 0;
    if (nearlyEqual(bj, 0)) {
      y[j] = 0;
      continue;
    }
    y[j] = bj; // L has a unit diagonal: bj / 1
    for (let i = j + 1; i < n; i++) y[i] = (y[i] || 0) - bj * lu[i * n + j]!;
  }
  const x = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    const bj = y[j] || 0;
    if (nearlyEqual(bj, 0)) {
      x[j] = 0;
      continue;
    }
    const vjj = lu[j * n + j]!;
    if (nearlyEqual(vjj, 0))
      throw new Error('Linear system cannot be solved since matrix is singular');
    const xj = bj / vjj;
    x[j] = xj;
    for (let i = j - 1; i >= 0; i--) y[i] = (y[i] || 0) - xj * lu[i * n + j]!;
  }
  return x;
}
