/**
 * Pairwise comparison matrices: parsing, validation and the upper-triangle layout.
 *
 * A matrix is held dense, row-major, in a Float64Array of n*n values; a missing judgment is
 * NaN in both of its cells (a_ij and a_ji) and is listed in `missing`. The diagonal is 1.
 */
import { problem } from '../problem';
import { AhpInputError, type InputPath } from './errors';
import { isAllowedJudgment, parseRatioText } from './scale';
import type { Judgment, ScalePolicy } from './types';

/** A validated positive reciprocal matrix, possibly with missing judgments. */
export interface PairwiseMatrix {
  readonly n: number;
  /** a_ij at index i*n + j; NaN where the judgment is missing. */
  readonly values: Float64Array;
  /** The missing pairs (i < j), in upper-triangle order. */
  readonly missing: ReadonlyArray<readonly [number, number]>;
}

/** Input of one matrix: its upper triangle or the full matrix. */
export type MatrixInput =
  { upper: readonly Judgment[] } | { matrix: readonly (readonly Judgment[])[] };

/** Tolerance of the reciprocity check a_ij * a_ji = 1. */
export const RECIPROCITY_TOLERANCE = 1e-9;

/** Number of pairs of an n x n matrix: n(n-1)/2. */
export function pairCount(n: number): number {
  return (n * (n - 1)) / 2;
}

/** The n for which n(n-1)/2 = count, or null when there is none. */
export function sizeFromPairCount(count: number): number | null {
  const n = Math.round((1 + Math.sqrt(1 + 8 * count)) / 2);
  return pairCount(n) === count ? n : null;
}

/** Position of pair (i, j), i < j, in the row-major upper triangle. */
export function pairIndex(n: number, i: number, j: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** The pairs (i, j), i < j, of an n x n matrix in upper-triangle order. */
export function pairsOf(n: number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
  return out;
}

function describeCell(i: number, j: number): string {
  return `cell (${i},${j})`;
}

/**
 * One judgment to a number (or null for missing), checked against the scale policy.
 * @throws AhpInputError naming `path` for anything but a positive finite ratio allowed by `scale`.
 */
export function parseJudgment(
  value: unknown,
  scale: ScalePolicy,
  path: InputPath,
  cell: string
): number | null {
  if (value === null) return null;
  let x: number;
  if (typeof value === 'number') {
    x = value;
  } else if (typeof value === 'string') {
    const parsed = parseRatioText(value);
    if (parsed === null) {
      throw new AhpInputError(
        path,
        `${cell}: "${value}" is not a number or a fraction such as "1/3"`
      );
    }
    x = parsed;
  } else {
    throw new AhpInputError(
      path,
      `${cell}: expected a number, a fraction string or null, got ${typeof value === 'undefined' ? 'nothing' : JSON.stringify(value)}`
    );
  }
  if (Number.isNaN(x)) throw new AhpInputError(path, `${cell}: NaN is not a judgment`);
  if (!Number.isFinite(x)) throw new AhpInputError(path, `${cell}: ${x} is not a finite ratio`);
  if (x === 0)
    throw new AhpInputError(path, `${cell}: 0 is not a judgment (use 1 for equal importance)`);
  if (x < 0)
    throw new AhpInputError(
      path,
      `${cell}: ${typeof value === 'string' ? `"${value}"` : x} is negative; judgments are positive ratios`
    );
  if (!isAllowedJudgment(x, scale)) {
    throw new AhpInputError(
      path,
      `${cell}: ${typeof value === 'string' ? `"${value}"` : x} is not on Saaty's 1-9 scale (1/9 ... 1/2, 1, 2 ... 9); use scale "ratio" for other ratios`
    );
  }
  return x;
}

/**
 * Builds a matrix from its upper triangle in row-major order.
 * @throws AhpInputError when the length fits no n >= 2, a value is invalid, or the known
 *   judgments leave the elements unconnected.
 */
export function matrixFromUpper(
  upper: readonly unknown[],
  scale: ScalePolicy = 'saaty',
  path: InputPath = ['upper']
): PairwiseMatrix {
  if (!Array.isArray(upper)) throw new AhpInputError(path, 'expected an array of judgments');
  const n = sizeFromPairCount(upper.length);
  if (n === null) {
    throw new AhpInputError(
      path,
      `${upper.length} judgments fit no matrix: an upper triangle of an n x n matrix has n(n-1)/2 values (1, 3, 6, 10, 15 ...)`
    );
  }
  if (n < 2) throw new AhpInputError(path, 'a comparison needs at least 2 elements (n >= 2)');
  const values = new Float64Array(n * n);
  const missing: Array<readonly [number, number]> = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    values[i * n + i] = 1;
    for (let j = i + 1; j < n; j++, k++) {
      const x = parseJudgment(upper[k], scale, [...path, k], describeCell(i, j));
      if (x === null) {
        values[i * n + j] = NaN;
        values[j * n + i] = NaN;
        missing.push([i, j]);
      } else {
        values[i * n + j] = x;
        values[j * n + i] = 1 / x;
      }
    }
  }
  const m = { n, values, missing };
  assertConnected(m, path);
  return m;
}

/**
 * Builds a matrix from all its rows. The diagonal must be 1, a_ij * a_ji must be 1 within 1e-9,
 * and a missing judgment must be null in both of its cells.
 * @throws AhpInputError naming the row and column of the first problem.
 */
export function matrixFromRows(
  rows: readonly unknown[],
  scale: ScalePolicy = 'saaty',
  path: InputPath = ['matrix']
): PairwiseMatrix {
  if (!Array.isArray(rows)) throw new AhpInputError(path, 'expected an array of rows');
  const n = rows.length;
  if (n < 2)
    throw new AhpInputError(
      path,
      `a comparison needs at least 2 elements (n >= 2), got ${n} row${n === 1 ? '' : 's'}`
    );
  rows.forEach((row, i) => {
    if (!Array.isArray(row)) throw new AhpInputError([...path, i], 'expected a row (an array)');
    if (row.length !== n)
      throw new AhpInputError(
        [...path, i],
        `the matrix is not square: row ${i} has ${row.length} values, expected ${n}`
      );
  });
  const cells = rows as readonly (readonly unknown[])[];
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = parseJudgment(
        cells[i]![j],
        i === j ? 'ratio' : scale,
        [...path, i, j],
        describeCell(i, j)
      );
      if (i === j) {
        if (x !== 1)
          throw new AhpInputError(
            [...path, i, j],
            `${describeCell(i, j)}: the diagonal must be 1, got ${x}`
          );
      }
      values[i * n + j] = x === null ? NaN : x;
    }
  }
  const missing: Array<readonly [number, number]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = values[i * n + j]!;
      const b = values[j * n + i]!;
      if (Number.isNaN(a) !== Number.isNaN(b)) {
        throw new AhpInputError(
          [...path, Number.isNaN(a) ? i : j, Number.isNaN(a) ? j : i],
          `${describeCell(Number.isNaN(a) ? i : j, Number.isNaN(a) ? j : i)} is missing but its reciprocal ${describeCell(Number.isNaN(a) ? j : i, Number.isNaN(a) ? i : j)} is given: leave both empty or give both`
        );
      }
      if (Number.isNaN(a)) {
        missing.push([i, j]);
      } else if (Math.abs(a * b - 1) > RECIPROCITY_TOLERANCE) {
        throw new AhpInputError(
          [...path, j, i],
          `reciprocity broken: ${describeCell(i, j)} is ${a} and ${describeCell(j, i)} is ${b}, but a_ji must be 1/a_ij = ${1 / a}`
        );
      }
    }
  }
  const m = { n, values, missing };
  assertConnected(m, path);
  return m;
}

/**
 * Parses `{upper: [...]}` or `{matrix: [[...]]}`.
 * @throws AhpInputError when neither (or both) is given, or the matrix is invalid.
 */
export function parseMatrix(
  input: unknown,
  scale: ScalePolicy = 'saaty',
  path: InputPath = []
): PairwiseMatrix {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AhpInputError(
      path,
      'expected an object with "upper" (the upper triangle) or "matrix" (all rows)'
    );
  }
  const o = input as Record<string, unknown>;
  const hasUpper = o.upper !== undefined;
  const hasMatrix = o.matrix !== undefined;
  if (hasUpper && hasMatrix)
    throw new AhpInputError(path, 'give either "upper" or "matrix", not both');
  if (hasUpper) return matrixFromUpper(o.upper as unknown[], scale, [...path, 'upper']);
  if (hasMatrix) return matrixFromRows(o.matrix as unknown[], scale, [...path, 'matrix']);
  throw new AhpInputError(
    path,
    'missing the judgments: give "upper" (the upper triangle, row by row) or "matrix" (all rows)'
  );
}

/**
 * Checks that the known judgments connect all elements (needed to derive priorities from an
 * incomplete matrix: Harker 1987; Bozoki, Fulop and Ronyai 2010, Theorem 2).
 * @throws AhpInputError listing the groups of elements that no judgment links.
 */
export function assertConnected(m: PairwiseMatrix, path: InputPath = []): void {
  if (m.missing.length === 0) return;
  const { n, values } = m;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!Number.isNaN(values[i * n + j]!)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  if (groups.size > 1) {
    const list = [...groups.values()].map((g) => `{${g.join(', ')}}`).join('|');
    throw new AhpInputError(path, problem('matrix-disconnected', { groups: list }));
  }
}

/** The upper triangle of a matrix, null where a judgment is missing. */
export function upperTriangle(m: PairwiseMatrix): Array<number | null> {
  const out: Array<number | null> = [];
  for (let i = 0; i < m.n; i++) {
    for (let j = i + 1; j < m.n; j++) {
      const v = m.values[i * m.n + j]!;
      out.push(Number.isNaN(v) ? null : v);
    }
  }
  return out;
}

/** The rows of a matrix as arrays, null where a judgment is missing. */
export function matrixRows(m: PairwiseMatrix): Array<Array<number | null>> {
  return Array.from({ length: m.n }, (_, i) =>
    Array.from(m.values.subarray(i * m.n, (i + 1) * m.n), (v) => (Number.isNaN(v) ? null : v))
  );
}

/** A complete matrix from positive values known to be valid (used by the engine itself). */
export function completeMatrix(n: number, values: Float64Array): PairwiseMatrix {
  return { n, values, missing: [] };
}
