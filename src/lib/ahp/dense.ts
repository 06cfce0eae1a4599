/**
 * Small dense kernels shared by the eigen-solvers (priority.ts, perron-near.ts): row-major n*n
 * matrices in Float64Arrays. Products run four rows (or columns) at a time, substitutions two:
 * independent sums, each added in the order of its row (and into any total in row order), so
 * every result has the bits of the plain row-by-row loop, the same operations in the same
 * order, with fewer stalls (tests/unit/ahp/perron-near.test.ts compares them with the plain loops).
 *
 * Index sums in the loops are written `(r + j) | 0` here and in perron-near.ts, priority.ts and
 * weigh.ts: V8 then adds them as 32-bit integers without an overflow check (the indices stay
 * far below 2^31, so the value is the same). That made weigh() with its suggestions at n = 15 about 2.5%
 * faster (docs/performance.md).
 */

/** y <- A x; returns sum_i (A x)_i (summed in row order). */
export function matrixTimesVector(
  a: Float64Array,
  n: number,
  x: ArrayLike<number>,
  y: Float64Array
): number {
  let s = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    for (let j = 0, r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n; j < n; j++) {
      const xj = x[j]!;
      acc0 += a[(r0 + j) | 0]! * xj;
      acc1 += a[(r1 + j) | 0]! * xj;
      acc2 += a[(r2 + j) | 0]! * xj;
      acc3 += a[(r3 + j) | 0]! * xj;
    }
    y[i] = acc0;
    y[i + 1] = acc1;
    y[i + 2] = acc2;
    y[i + 3] = acc3;
    s += acc0;
    s += acc1;
    s += acc2;
    s += acc3;
  }
  for (; i < n; i++) {
    let acc = 0;
    for (let j = 0, r = i * n; j < n; j++) acc += a[(r + j) | 0]! * x[j]!;
    y[i] = acc;
    s += acc;
  }
  return s;
}

/**
 * y <- x^T A (y_j = sum_i x_i a_ij, each summed in row order); returns sum_j y_j (in column
 * order). Four columns at a time: four independent sums sharing the loads of x.
 */
export function vectorTimesMatrix(
  a: Float64Array,
  n: number,
  x: ArrayLike<number>,
  y: Float64Array
): number {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    for (let i = 0, c = j; i < n; i++, c += n) {
      const xi = x[i]!;
      acc0 += a[c]! * xi;
      acc1 += a[(c + 1) | 0]! * xi;
      acc2 += a[(c + 2) | 0]! * xi;
      acc3 += a[(c + 3) | 0]! * xi;
    }
    y[j] = acc0;
    y[(j + 1) | 0] = acc1;
    y[(j + 2) | 0] = acc2;
    y[(j + 3) | 0] = acc3;
  }
  for (; j < n; j++) {
    let acc = 0;
    for (let i = 0, c = j; i < n; i++, c += n) acc += a[c]! * x[i]!;
    y[j] = acc;
  }
  let s = 0;
  for (let k = 0; k < n; k++) s += y[k]!;
  return s;
}

/**
 * Solves L z = y in place, L the unit lower triangle of `lu` (row-major n*n). Two rows at a
 * time, row i + 1 adding its term for z_i last, as in row order: the bits of the plain loop.
 */
export function forwardSubstitute(lu: Float64Array, n: number, y: Float64Array): void {
  let i = 1;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    let acc0 = y[i]!;
    let acc1 = y[(i + 1) | 0]!;
    for (let j = 0; j < i; j++) {
      const yj = y[j]!;
      acc0 -= lu[(r0 + j) | 0]! * yj;
      acc1 -= lu[(r1 + j) | 0]! * yj;
    }
    y[i] = acc0;
    y[(i + 1) | 0] = acc1 - lu[(r1 + i) | 0]! * acc0;
  }
  if (i < n) {
    let acc = y[i]!;
    for (let j = 0, r = i * n; j < i; j++) acc -= lu[(r + j) | 0]! * y[j]!;
    y[i] = acc;
  }
}

/**
 * LU factors of A - sigma I with partial pivoting, into `lu` (row-major n*n: L's multipliers
 * below the diagonal, U on and above it) and `swaps` (at step k, row k was swapped with row
 * swaps[k], the first row at or below k whose entry in column k is largest in magnitude). A
 * pivot smaller in magnitude than `tiny` is set to `tiny` (an exactly singular shift, sigma =
 * lambda_max to the last bit, is nudged off).
 *
 * Crout's order (Golub and Van Loan 2013, 3.2.9): column k of L and row k of U are each finished
 * in one pass, every entry as a_ij minus its products l_iq u_qj in increasing q, then the
 * multipliers divided by the pivot. Those are the operations of the textbook elimination, in the
 * same order for every entry, so the same bits (the elimination skipped rows whose multiplier is
 * 0, whose products subtract a zero: the same values, as no entry being reduced is ever -0);
 * each entry is stored once instead of once per step, and two entries run at a time, sharing
 * their loads. tests/unit/ahp/perron-near.test.ts compares perronEigen with the plain loops.
 */
export function factorShifted(
  a: Float64Array,
  n: number,
  sigma: number,
  tiny: number,
  lu: Float64Array,
  swaps: Int32Array
): void {
  for (let k = 0; k < n * n; k++) lu[k] = a[k]!;
  for (let i = 0; i < n; i++) lu[i * n + i] = lu[i * n + i]! - sigma;
  for (let k = 0; k < n; k++) {
    // column k on and below the diagonal: lu_ik - sum_(q<k) l_iq u_qk, two rows at a time
    let i = k;
    for (; i + 1 < n; i += 2) {
      const r0 = i * n;
      const r1 = r0 + n;
      let acc0 = lu[(r0 + k) | 0]!;
      let acc1 = lu[(r1 + k) | 0]!;
      for (let q = 0, c = k; q < k; q++, c += n) {
        const u = lu[c]!;
        acc0 -= lu[(r0 + q) | 0]! * u;
        acc1 -= lu[(r1 + q) | 0]! * u;
      }
      lu[(r0 + k) | 0] = acc0;
      lu[(r1 + k) | 0] = acc1;
    }
    if (i < n) {
      const r = i * n;
      let acc = lu[(r + k) | 0]!;
      for (let q = 0, c = k; q < k; q++, c += n) acc -= lu[(r + q) | 0]! * lu[c]!;
      lu[(r + k) | 0] = acc;
    }
    // the pivot: the first row at or below k with the largest |entry| in column k
    const rk = k * n;
    let p = k;
    let best = Math.abs(lu[(rk + k) | 0]!);
    for (let r = k + 1; r < n; r++) {
      const v = Math.abs(lu[r * n + k]!);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    swaps[k] = p;
    if (p !== k) {
      for (let j = 0, rp = p * n; j < n; j++) {
        const t = lu[(rk + j) | 0]!;
        lu[(rk + j) | 0] = lu[(rp + j) | 0]!;
        lu[(rp + j) | 0] = t;
      }
    }
    if (Math.abs(lu[(rk + k) | 0]!) < tiny) lu[(rk + k) | 0] = tiny;
    // row k right of the diagonal: lu_kj - sum_(q<k) l_kq u_qj, two columns at a time
    let j = k + 1;
    for (; j + 1 < n; j += 2) {
      let acc0 = lu[(rk + j) | 0]!;
      let acc1 = lu[(rk + j + 1) | 0]!;
      for (let q = 0, c = j; q < k; q++, c += n) {
        const l = lu[(rk + q) | 0]!;
        acc0 -= l * lu[c]!;
        acc1 -= l * lu[(c + 1) | 0]!;
      }
      lu[(rk + j) | 0] = acc0;
      lu[(rk + j + 1) | 0] = acc1;
    }
    if (j < n) {
      let acc = lu[(rk + j) | 0]!;
      for (let q = 0, c = j; q < k; q++, c += n) acc -= lu[(rk + q) | 0]! * lu[c]!;
      lu[(rk + j) | 0] = acc;
    }
    const pivot = lu[(rk + k) | 0]!;
    for (let r = k + 1; r < n; r++) lu[r * n + k] = lu[r * n + k]! / pivot;
  }
}
