/**
 * The small LU solve of the logistic fit does mathjs's arithmetic exactly: factors, permutation
 * and solutions equal mathjs 15's `lup` and `lusolve` bit for bit (toEqual compares numbers with
 * Object.is), on seeded matrices of the kinds the fit meets (X^T W X of standardised columns, plus
 * a ridge), general ones with zeros, and singular ones (mathjs's error either way).
 */
import { lup, lusolve } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { luFactor, luSolve } from '../../../src/lib/validation/lu';
import { seededRandom } from '../../../src/lib/ahp';

type Rows = number[][];

/** X^T W X + ridge for m rows of q standardised-ish columns (the Newton step's Hessian). */
function hessian(random: () => number, q: number, m: number, ridge: number): Rows {
  const h: Rows = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  for (let r = 0; r < m; r++) {
    const x = Array.from({ length: q }, (_, j) => (j === 0 ? 1 : 2 * random() - 1));
    const p = 1 / (1 + Math.exp(-(2 * random() - 1)));
    const w = p * (1 - p);
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) h[i]![j]! += w * x[i]! * x[j]!;
  }
  for (let i = 1; i < q; i++) h[i]![i]! += ridge;
  return h;
}

function general(random: () => number, n: number): Rows {
  return Array.from({ length: n }, () =>
    Array.from({ length: n }, () =>
      random() < 0.2 ? 0 : (random() - 0.5) * 10 ** (4 * random() - 2)
    )
  );
}

function compare(a: Rows, b: number[]): 'solved' | 'singular' {
  const f = lup(a);
  const mine = luFactor(a);
  const n = a.length;
  const L = f.L as Rows;
  const U = f.U as Rows;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = mine.lu[i * n + j]!;
      if (i > j) expect(v).toEqual(L[i]![j]);
      else expect(v).toEqual(U[i]![j]);
    }
  expect(Array.from(mine.p)).toEqual(f.p);
  let want: number[] | null = null;
  try {
    want = (lusolve(f, b).toArray() as Rows).map((r) => r[0]!);
  } catch (e) {
    expect(() => luSolve(mine, b)).toThrow((e as Error).message);
    return 'singular';
  }
  expect(Array.from(luSolve(mine, b))).toEqual(want);
  return 'solved';
}

describe('luFactor and luSolve: the arithmetic of mathjs lup + lusolve', () => {
  it('Hessians of logistic fits (q = 2..16, with and without ridge): same bits', () => {
    const random = seededRandom(11);
    let solved = 0;
    for (let q = 2; q <= 16; q++)
      for (const ridge of [0, 0.01, 5]) {
        const b = Array.from({ length: q }, () => 2 * random() - 1);
        if (compare(hessian(random, q, 40 + 10 * q, ridge), b) === 'solved') solved++;
      }
    expect(solved).toBe(45);
  });

  it('general matrices with zeros and a wide range of magnitudes: same bits', () => {
    const random = seededRandom(12);
    for (let t = 0; t < 200; t++) {
      const n = 1 + (t % 16);
      const b = Array.from({ length: n }, () => (random() < 0.2 ? 0 : 2 * random() - 1));
      compare(general(random, n), b);
    }
  });

  it('singular matrices (a repeated column, a zero row): mathjs error either way', () => {
    const random = seededRandom(13);
    const a = general(random, 6);
    for (const row of a) row[4] = row[1]!;
    expect(compare(a, [1, 2, 3, 4, 5, 6])).toBe('singular');
    const z = general(random, 5);
    z[2] = [0, 0, 0, 0, 0];
    expect(compare(z, [1, 1, 1, 1, 1])).toBe('singular');
  });

  it('a hand-checked 3 x 3 system: x = (1, 2, 3)', () => {
    // A = [[2, 1, 1], [4, -6, 0], [-2, 7, 2]] (Strang, Linear Algebra, 2.5), b = A (1, 2, 3)
    const f = luFactor([
      [2, 1, 1],
      [4, -6, 0],
      [-2, 7, 2]
    ]);
    expect(Array.from(luSolve(f, [7, -8, 18]))).toEqual([1, 2, 3]);
  });
});
