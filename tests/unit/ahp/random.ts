/**
 * Seeded random matrices for the invariant and cross-check tests. Nothing here uses the engine:
 * the matrices are built as plain rows, so that a bug in the engine's own builders cannot hide.
 */

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast 32-bit seeded PRNG (public domain, Tommy Ettinger). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 17 values of Saaty's scale, written out here independently of the engine's table. */
export const SAATY_VALUES: readonly number[] = [
  1 / 9,
  1 / 8,
  1 / 7,
  1 / 6,
  1 / 5,
  1 / 4,
  1 / 3,
  1 / 2,
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
  9
];

/** An integer in [lo, hi]. */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** An upper triangle (n(n-1)/2 values, row-major) drawn uniformly from the 17 scale values. */
export function randomSaatyUpper(rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < (n * (n - 1)) / 2; k++) out.push(SAATY_VALUES[randomInt(rng, 0, 16)]!);
  return out;
}

/** An upper triangle of ratios log-uniform in [1/max, max]. */
export function randomRatioUpper(rng: Rng, n: number, max: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < (n * (n - 1)) / 2; k++) out.push(Math.exp((2 * rng() - 1) * Math.log(max)));
  return out;
}

/** Positive weights summing to 1, log-uniform spread over a factor `spread`. */
export function randomWeights(rng: Rng, n: number, spread = 20): number[] {
  const raw = Array.from({ length: n }, () => Math.exp(rng() * Math.log(spread)));
  const total = raw.reduce((s, x) => s + x, 0);
  return raw.map((x) => x / total);
}

/** The full reciprocal rows of an upper triangle: a_ii = 1, a_ji = 1 / a_ij. */
export function rowsFromUpper(n: number, upper: readonly number[]): number[][] {
  const rows = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const v = upper[k]!;
      rows[i]![j] = v;
      rows[j]![i] = 1 / v;
    }
  }
  return rows;
}

/** The upper triangle of full rows. */
export function upperFromRows(rows: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) out.push(rows[i]![j]!);
  return out;
}

/** The perfectly consistent matrix a_ij = w_i / w_j. */
export function consistentRows(w: readonly number[]): number[][] {
  return w.map((wi) => w.map((wj) => wi / wj));
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function randomPermutation(rng: Rng, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** The matrix of the elements reordered: b_ij = a_{p(i) p(j)}. */
export function permuteRows(
  rows: readonly (readonly number[])[],
  p: readonly number[]
): number[][] {
  return p.map((pi) => p.map((pj) => rows[pi]![pj]!));
}

/** Row-major Float64Array of full rows (for the engine's low-level functions). */
export function flat(rows: readonly (readonly number[])[]): Float64Array {
  return Float64Array.from(rows.flat());
}
