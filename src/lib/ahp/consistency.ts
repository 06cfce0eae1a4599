/**
 * Consistency measures: CI and CR (Saaty 1980), the geometric consistency index GCI
 * (Aguaron and Moreno-Jimenez 2003) and the acceptance thresholds.
 */
import type { ThresholdPolicy } from './types';

/**
 * Consistency index CI = (lambda_max - n) / (n - 1) (Saaty 1980, eq. 3.5). For n <= 2 every
 * reciprocal matrix is consistent and CI is 0 by definition (not computed from rounding noise).
 */
export function consistencyIndex(lambdaMax: number, n: number): number {
  return n <= 2 ? 0 : (lambdaMax - n) / (n - 1);
}

/**
 * Consistency ratio CR = CI / RI(n). For n <= 2, CI = RI = 0 and CR is 0 by definition: a 2 x 2
 * reciprocal matrix is always consistent. For n >= 3 RI is positive in every table.
 */
export function consistencyRatio(ci: number, ri: number, n: number): number {
  return n <= 2 ? 0 : ci / ri;
}

/**
 * The CR threshold for an n x n matrix: the number given, or with `saaty-by-size` Saaty's
 * 0.05 (n = 3), 0.08 (n = 4) and 0.10 (n >= 5) (Saaty 1994, Fundamentals of Decision Making,
 * p. 84). A matrix is acceptable when CR < threshold.
 */
export function crThreshold(n: number, policy: ThresholdPolicy): number {
  if (policy !== 'saaty-by-size') return policy;
  return n === 3 ? 0.05 : n === 4 ? 0.08 : 0.1;
}

/**
 * Geometric consistency index (Aguaron and Moreno-Jimenez 2003, EJOR 147:137-145):
 * GCI = 2 / ((n-1)(n-2)) * sum_{i<j} ln^2(a_ij w_j / w_i), with w the row geometric mean.
 * Defined for n >= 3; 0 for n <= 2.
 *
 * @param a a complete matrix, row-major n*n
 * @param w its row geometric mean weights
 */
export function geometricConsistencyIndex(
  a: Float64Array,
  n: number,
  w: ArrayLike<number>
): number {
  if (n <= 2) return 0;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const e = Math.log((a[i * n + j]! * w[j]!) / w[i]!);
      s += e * e;
    }
  }
  return (2 * s) / ((n - 1) * (n - 2));
}

/**
 * GCI thresholds equivalent to CR = 0.10 (Aguaron and Moreno-Jimenez 2003): 0.31 for n = 3,
 * 0.35 for n = 4, 0.37 for n > 4; null for n <= 2, where every matrix is consistent.
 */
export function gciThreshold(n: number): number | null {
  return n <= 2 ? null : n === 3 ? 0.31 : n === 4 ? 0.35 : 0.37;
}
