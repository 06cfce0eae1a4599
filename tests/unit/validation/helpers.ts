/**
 * Shared helpers of the validation tests: independent, deliberately naive reference
 * computations (pair counting, a bootstrap that draws with the engine's own generator) and the
 * true weights of the synthetic loan files. Nothing here calls the code under test.
 */
import { expect } from 'vitest';
import { seededRandom, percentile } from '../../../src/lib/ahp';
import { ValidationInputError, type ValidationInputCode } from '../../../src/lib/validation';

/**
 * Illustrative true global weights of C1 ... C15: the local weights of bench/fujian.ts
 * (A1: 0.1, 0.45, 0.3, 0.15; B1: 0.6, 0.4; B2: 0.35, 0.2, 0.15, 0.2, 0.1; B3: 0.5, 0.2, 0.3;
 * B4: 0.15, 0.25, 0.2, 0.25, 0.15) multiplied down the hierarchy. They sum to 1.
 */
export const TRUE_WEIGHTS = [
  0.06, 0.04, 0.1575, 0.09, 0.0675, 0.09, 0.045, 0.15, 0.06, 0.09, 0.0225, 0.0375, 0.03, 0.0375,
  0.0225
];

/** The weighted score sum_j w_j x_j of each row. */
export function weightedScores(rows: ReadonlyArray<ArrayLike<number>>, w: readonly number[]) {
  return rows.map((r) => w.reduce((s, wj, j) => s + wj * r[j]!, 0));
}

/**
 * AUC by brute force over all n0 n1 pairs (Mann-Whitney): a repaid loan scoring above a
 * defaulted one counts 1, a tie 1/2.
 */
export function pairCountAuc(scores: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (outcomes[i] !== 0) continue;
    for (let j = 0; j < scores.length; j++) {
      if (outcomes[j] !== 1) continue;
      pairs++;
      if (scores[i]! > scores[j]!) u += 1;
      else if (scores[i] === scores[j]) u += 0.5;
    }
  }
  return u / pairs;
}

/**
 * The stratified percentile bootstrap written the slow, obvious way: per resample, draw n1
 * defaulted then n0 repaid loans with `seededRandom(seed)` (the engine's generator, one call per
 * draw, in that order), compute each AUC by pair counting, take type-7 percentiles. With `other`
 * the same draws give a second AUC and the result is the difference.
 */
export function naiveBootstrap(
  scores: readonly number[],
  outcomes: readonly number[],
  resamples: number,
  seed: number,
  level: number,
  other?: readonly number[]
): { lower: number; upper: number } {
  const d = outcomes.flatMap((y, i) => (y === 1 ? [i] : []));
  const r = outcomes.flatMap((y, i) => (y === 0 ? [i] : []));
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const drawn = [
      ...d.map(() => d[Math.floor(random() * d.length)]!),
      ...r.map(() => r[Math.floor(random() * r.length)]!)
    ];
    const y = drawn.map((i) => outcomes[i]!);
    const a = pairCountAuc(
      drawn.map((i) => scores[i]!),
      y
    );
    values.push(
      other
        ? a -
            pairCountAuc(
              drawn.map((i) => other[i]!),
              y
            )
        : a
    );
  }
  values.sort((x, z) => x - z);
  return { lower: percentile(values, (1 - level) / 2), upper: percentile(values, (1 + level) / 2) };
}

/** Expects `fn` to throw a ValidationInputError with this code whose message contains every part. */
export function expectInputError(
  fn: () => unknown,
  code: ValidationInputCode,
  ...parts: string[]
): ValidationInputError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a ValidationInputError').toBeInstanceOf(ValidationInputError);
  const e = caught as ValidationInputError;
  expect(e.code, e.message).toBe(code);
  for (const p of parts) expect(e.message).toContain(p);
  return e;
}

/**
 * A loan CSV (CRLF lines, a header row) with each loan's cells rewritten by `edit`, which finds
 * a column by its header name with `column`; the header and blank lines stay as they are.
 */
export function rewriteLoans(
  text: string,
  edit: (cells: string[], column: (name: string) => number) => void
): string {
  const lines = text.split('\r\n');
  const head = lines[0]!.split(',');
  const column = (name: string) => head.indexOf(name);
  return lines
    .map((line, k) => {
      if (k === 0 || line === '') return line;
      const cells = line.split(',');
      edit(cells, column);
      return cells.join(',');
    })
    .join('\r\n');
}

/**
 * Every outcome (the last column) replaced by "`leaf` scores below `below`": the leaf separates
 * defaulted from repaid loans completely, so the plain logistic fit does not exist.
 */
export const separatedLoans = (text: string, leaf: string, below: number) =>
  rewriteLoans(text, (cells, column) => {
    cells[cells.length - 1] = Number(cells[column(leaf)]) < below ? '1' : '0';
  });
