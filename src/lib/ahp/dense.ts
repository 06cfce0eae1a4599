/**
 * Small dense kernels shared by the eigen-solvers (priority.ts, perron-near.ts): row-major n*n
 * matrices in Float64Arrays. Products and substitutions run two rows at a time: two independent
 * sums, each added in the order of its row (and into any total in row order), so every result
 * has the bits of the plain row-by-row loop, the same operations in the same order, with fewer
 * stalls (tests/unit/ahp/perron-near.test.ts compares them with the plain loops).
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
  for (; i + 1 < n; i += 2) {
    let acc0 = 0;
    let acc1 = 0;
    for (let j = 0, r0 = i * n, r1 = r0 + n; j < n; j++) {
      const xj = x[j]!;
      acc0 += a[r0 + j]! * xj;
      acc1 += a[r1 + j]! * xj;
    }
    y[i] = acc0;
    y[i + 1] = acc1;
    s += acc0;
    s += acc1;
  }
  if (i < n) {
    let acc = 0;
    for (let j = 0, r = i * n; j < n; j++) acc += a[r + j]! * x[j]!;
    y[i] = acc;
    s += acc;
  }
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
    let acc1 = y[i + 1]!;
    for (let j = 0; j < i; j++) {
      const yj = y[j]!;
      acc0 -= lu[r0 + j]! * yj;
      acc1 -= lu[r1 + j]! * yj;
    }
    y[i] = acc0;
    y[i + 1] = acc1 - lu[r1 + i]! * acc0;
  }
  if (i < n) {
    let acc = y[i]!;
    for (let j = 0, r = i * n; j < i; j++) acc -= lu[r + j]! * y[j]!;
    y[i] = acc;
  }
}

/**
 * Partial pivoting at step k of an LU factorisation in place (row-major n*n): swaps row k with
 * the row at or below it whose entry in column k is largest in magnitude (the first such), and
 * returns that row.
 */
export function partialPivot(lu: Float64Array, n: number, k: number): number {
  let p = k;
  let best = Math.abs(lu[k * n + k]!);
  for (let i = k + 1; i < n; i++) {
    const v = Math.abs(lu[i * n + k]!);
    if (v > best) {
      best = v;
      p = i;
    }
  }
  if (p !== k) {
    for (let j = 0; j < n; j++) {
      const t = lu[k * n + j]!;
      lu[k * n + j] = lu[p * n + j]!;
      lu[p * n + j] = t;
    }
  }
  return p;
}
