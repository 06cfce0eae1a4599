import { describe, expect, it } from 'vitest';
import {
  AhpInputError,
  RECIPROCITY_TOLERANCE,
  assertConnected,
  formatPath,
  matrixFromRows,
  matrixFromUpper,
  matrixRows,
  pairCount,
  pairIndex,
  pairsOf,
  parseMatrix,
  sizeFromPairCount,
  upperTriangle,
  type PairwiseMatrix
} from '../../../src/lib/ahp';
import {
  casesOf,
  expectInputError,
  getCase,
  type IncompleteExpected,
  type MatrixInputs,
  type SingleExpected
} from './reference';

describe('upper-triangle layout', () => {
  it('pairCount and sizeFromPairCount are inverse on n(n-1)/2', () => {
    for (let n = 1; n <= 40; n++) {
      expect(pairCount(n)).toBe((n * (n - 1)) / 2);
      expect(sizeFromPairCount((n * (n - 1)) / 2)).toBe(n);
    }
    for (const bad of [2, 4, 5, 7, 8, 9, 11, 14, 16, 20])
      expect(sizeFromPairCount(bad), String(bad)).toBeNull();
  });

  it('pairIndex numbers the pairs row by row, as pairsOf lists them', () => {
    for (const n of [2, 3, 5, 8]) {
      const pairs = pairsOf(n);
      expect(pairs).toHaveLength((n * (n - 1)) / 2);
      pairs.forEach(([i, j], k) => {
        expect(i).toBeLessThan(j);
        expect(pairIndex(n, i, j)).toBe(k);
      });
    }
    expect(pairsOf(4)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3]
    ]);
  });
});

describe('building matrices from the published examples', () => {
  // Cases single_matrix of ../shared/reference/published-examples.json (each names its source:
  // Saaty 1990 house, Saaty 2008 drinks, ahpsurvey city, Wikipedia/AHPy car).
  for (const c of casesOf<MatrixInputs, SingleExpected>('single_matrix')) {
    it(`${c.id}: upper triangle, its text and the full matrix give the same matrix`, () => {
      const { n, upper_triangle, upper_triangle_text, matrix } = c.inputs;
      const fromUpper = matrixFromUpper(upper_triangle);
      const fromText = matrixFromUpper(upper_triangle_text);
      const fromRows = matrixFromRows(matrix);
      for (const m of [fromUpper, fromText, fromRows]) {
        expect(m.n).toBe(n);
        expect(m.missing).toEqual([]);
        expect(m.values).toHaveLength(n * n);
        const rows = matrixRows(m);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            expect(Math.abs(rows[i]![j]! - matrix[i]![j]!), `(${i},${j})`).toBeLessThanOrEqual(
              1e-15
            );
          }
        }
        const upper = upperTriangle(m);
        upper.forEach((v, k) =>
          expect(Math.abs(v! - upper_triangle[k]!)).toBeLessThanOrEqual(1e-15)
        );
      }
    });
  }

  it('parseMatrix takes {upper} or {matrix}', () => {
    const c = getCase<MatrixInputs, SingleExpected>('single/wikipedia_car_criteria_n4');
    const a = parseMatrix({ upper: c.inputs.upper_triangle });
    const b = parseMatrix({ matrix: c.inputs.matrix });
    expect(a.n).toBe(4);
    expect(Array.from(a.values)).toEqual(
      Array.from(matrixFromUpper(c.inputs.upper_triangle).values)
    );
    expect(b.n).toBe(4);
  });

  // Case incomplete/ahpy_readme_missing_cd - source: AHPy README "Missing Pairwise Comparisons".
  it('keeps a missing judgment as NaN in both cells and lists it', () => {
    const c = getCase<MatrixInputs, IncompleteExpected>('incomplete/ahpy_readme_missing_cd');
    for (const m of [
      matrixFromUpper(c.inputs.upper_triangle),
      matrixFromUpper(c.inputs.upper_triangle_text),
      matrixFromRows(c.inputs.matrix)
    ]) {
      expect(m.missing.map(([i, j]) => [i, j])).toEqual(c.expected.missing_pairs);
      expect(Number.isNaN(m.values[2 * 4 + 3]!)).toBe(true);
      expect(Number.isNaN(m.values[3 * 4 + 2]!)).toBe(true);
      expect(upperTriangle(m)).toEqual(c.inputs.upper_triangle);
      expect(matrixRows(m)[2]).toEqual(c.inputs.matrix[2]);
    }
  });

  it('builds a 2 x 2 matrix from one judgment', () => {
    const m = matrixFromUpper([3]);
    expect(m.n).toBe(2);
    expect(Array.from(m.values)).toEqual([1, 3, 1 / 3, 1]);
  });
});

describe('rejecting bad input (AhpInputError naming the cell and its path)', () => {
  it('a matrix that is not square', () => {
    expectInputError(
      () =>
        matrixFromRows([
          [1, 2],
          [0.5, 1, 3]
        ]),
      ['matrix', 1],
      'not square',
      'row 1 has 3 values, expected 2'
    );
    expectInputError(
      () =>
        matrixFromRows([
          [1, 2, 3],
          [0.5, 1, 1],
          [1 / 3, 1]
        ]),
      ['matrix', 2],
      'not square'
    );
  });

  it('a row that is not an array', () => {
    expectInputError(() => matrixFromRows([[1, 2], 'x']), ['matrix', 1], 'expected a row');
  });

  it('fewer than two elements: 1 x 1, empty rows, empty upper triangle', () => {
    expectInputError(() => matrixFromRows([[1]]), ['matrix'], 'at least 2 elements', 'got 1 row');
    expectInputError(() => matrixFromRows([]), ['matrix'], 'at least 2 elements', 'got 0 rows');
    expectInputError(() => matrixFromUpper([]), ['upper'], 'at least 2 elements');
  });

  it('an upper triangle whose length fits no n', () => {
    const e = expectInputError(
      () => matrixFromUpper([1, 2, 3, 4]),
      ['upper'],
      '4 judgments fit no matrix'
    );
    expect(e.message.startsWith('$.upper: ')).toBe(true);
    expectInputError(() => matrixFromUpper([1, 2]), ['upper'], '2 judgments fit no matrix');
  });

  it('zero', () => {
    expectInputError(
      () => matrixFromUpper([0, 1, 1]),
      ['upper', 0],
      'cell (0,1)',
      '0 is not a judgment'
    );
  });

  it('negative numbers and negative fraction text', () => {
    expectInputError(() => matrixFromUpper([1, -3, 1]), ['upper', 1], 'cell (0,2)', 'negative');
    expectInputError(
      () => matrixFromUpper([1, 1, '-1/3']),
      ['upper', 2],
      'cell (1,2)',
      '"-1/3"',
      'negative'
    );
  });

  it('NaN, Infinity and -Infinity', () => {
    expectInputError(() => matrixFromUpper([1, NaN, 1]), ['upper', 1], 'cell (0,2)', 'NaN');
    expectInputError(
      () => matrixFromUpper([Infinity, 1, 1]),
      ['upper', 0],
      'cell (0,1)',
      'not a finite ratio'
    );
    expectInputError(
      () => matrixFromUpper([1, 1, -Infinity]),
      ['upper', 2],
      'cell (1,2)',
      'not a finite'
    );
    expectInputError(
      () => matrixFromUpper([1, '1/0', 1]),
      ['upper', 1],
      'cell (0,2)',
      'not a finite'
    );
  });

  it('a string that is not a number or a fraction', () => {
    expectInputError(
      () => matrixFromUpper([1, 1, 'abc']),
      ['upper', 2],
      'cell (1,2)',
      '"abc"',
      'not a number'
    );
    expectInputError(() => matrixFromUpper([1, '', 1]), ['upper', 1], 'cell (0,2)');
  });

  it('a value of another type (boolean, object, undefined)', () => {
    expectInputError(
      () => matrixFromUpper([true, 1, 1]),
      ['upper', 0],
      'cell (0,1)',
      'expected a number'
    );
    expectInputError(
      () => matrixFromUpper([1, {}, 1]),
      ['upper', 1],
      'cell (0,2)',
      'expected a number'
    );
    expectInputError(
      () => matrixFromUpper([1, 1, undefined]),
      ['upper', 2],
      'cell (1,2)',
      'got nothing'
    );
  });

  it('off-scale values in saaty mode (2.5, 10, "5/2", 1/10), accepted in ratio mode', () => {
    expectInputError(
      () => matrixFromUpper([2.5, 1, 1]),
      ['upper', 0],
      'cell (0,1)',
      '2.5',
      "Saaty's 1-9 scale",
      '"ratio"'
    );
    expectInputError(
      () => matrixFromUpper([1, 10, 1]),
      ['upper', 1],
      'cell (0,2)',
      '10',
      "Saaty's"
    );
    expectInputError(
      () => matrixFromUpper([1, 1, '5/2']),
      ['upper', 2],
      'cell (1,2)',
      '"5/2"',
      "Saaty's"
    );
    expectInputError(() => matrixFromUpper([0.1, 1, 1]), ['upper', 0], 'cell (0,1)', "Saaty's");
    expect(matrixFromUpper([2.5, 10, '5/2'], 'ratio').values[1]).toBe(2.5);
    expect(matrixFromUpper([2.5, 10, 0.1], 'ratio').values[2]).toBe(10);
  });

  it('off-scale values in a full matrix name the lower-triangle cell too', () => {
    expectInputError(
      () =>
        matrixFromRows([
          [1, 2],
          [0.4, 1]
        ]),
      ['matrix', 1, 0],
      'cell (1,0)',
      "Saaty's"
    );
  });

  it('a diagonal that is not 1', () => {
    expectInputError(
      () =>
        matrixFromRows([
          [1, 2],
          [0.5, 2]
        ]),
      ['matrix', 1, 1],
      'cell (1,1)',
      'diagonal must be 1'
    );
    expectInputError(
      () =>
        matrixFromRows([
          [null, 2],
          [0.5, 1]
        ]),
      ['matrix', 0, 0],
      'diagonal must be 1'
    );
    expectInputError(
      () =>
        matrixFromRows(
          [
            [1 + 1e-12, 2],
            [0.5, 1]
          ],
          'ratio'
        ),
      ['matrix', 0, 0],
      'diagonal'
    );
  });

  it('reciprocity broken beyond 1e-9 is rejected, within 1e-12 accepted', () => {
    expect(RECIPROCITY_TOLERANCE).toBe(1e-9);
    expectInputError(
      () =>
        matrixFromRows([
          [1, 2],
          [1 / 3, 1]
        ]),
      ['matrix', 1, 0],
      'reciprocity broken',
      'cell (0,1)',
      'cell (1,0)'
    );
    expectInputError(
      () =>
        matrixFromRows(
          [
            [1, 2.5],
            [0.4 * (1 + 1e-8), 1]
          ],
          'ratio'
        ),
      ['matrix', 1, 0],
      'reciprocity broken'
    );
    const ok = matrixFromRows(
      [
        [1, 2.5, 3],
        [0.4 * (1 + 1e-12), 1, 7],
        [(1 / 3) * (1 - 1e-12), 1 / 7, 1]
      ],
      'ratio'
    );
    expect(ok.n).toBe(3);
    // text fractions rounded to 4 digits are not reciprocal enough: 3 x 0.3333 = 0.9999
    expectInputError(
      () =>
        matrixFromRows(
          [
            [1, 3],
            [0.3333, 1]
          ],
          'ratio'
        ),
      ['matrix', 1, 0],
      'reciprocity'
    );
  });

  it('a missing cell whose reciprocal is given', () => {
    expectInputError(
      () =>
        matrixFromRows([
          [1, null, 2],
          [1, 1, 1],
          [0.5, 1, 1]
        ]),
      ['matrix', 0, 1],
      'cell (0,1) is missing',
      'cell (1,0) is given'
    );
    expectInputError(
      () =>
        matrixFromRows([
          [1, 1, 2],
          [1, 1, 1],
          [null, 1, 1]
        ]),
      ['matrix', 2, 0],
      'cell (2,0) is missing',
      'cell (0,2) is given'
    );
  });

  it('missing judgments that leave the elements disconnected', () => {
    // 4 x 4 with only (0,1) and (2,3) known: {0,1} and {2,3} are not linked.
    const e = expectInputError(
      () => matrixFromUpper([2, null, null, null, null, 3]),
      ['upper'],
      'disconnected',
      '{0, 1} and {2, 3}'
    );
    expect(e.message).toContain('compare at least one pair');
    expectInputError(
      () =>
        matrixFromRows([
          [1, 2, null, null],
          [0.5, 1, null, null],
          [null, null, 1, 3],
          [null, null, 1 / 3, 1]
        ]),
      ['matrix'],
      '{0, 1} and {2, 3}'
    );
    // an isolated element: 3 x 3 with only (0,1)
    expectInputError(() => matrixFromUpper([2, null, null]), ['upper'], '{0, 1} and {2}');
    // all missing
    expectInputError(() => matrixFromUpper([null, null, null]), ['upper'], '{0} and {1} and {2}');
  });

  it('a spanning tree of judgments is enough', () => {
    const m = matrixFromUpper([2, null, null, 3, null, 4]); // (0,1), (1,2), (2,3)
    expect(m.missing).toEqual([
      [0, 2],
      [0, 3],
      [1, 3]
    ]);
    expect(() => assertConnected(m)).not.toThrow();
  });

  it('assertConnected checks a raw matrix and reports under the given path', () => {
    const values = new Float64Array([1, NaN, NaN, 1]);
    const raw: PairwiseMatrix = { n: 2, values, missing: [[0, 1]] };
    expectInputError(() => assertConnected(raw, ['x']), ['x'], '{0} and {1}');
  });

  it('parseMatrix: both or neither of upper/matrix, or not an object', () => {
    expectInputError(
      () => parseMatrix({ upper: [2], matrix: [[1]] }),
      [],
      'either "upper" or "matrix", not both'
    );
    expectInputError(() => parseMatrix({}), [], 'missing the judgments');
    expectInputError(() => parseMatrix({ uper: [2] }), [], 'missing the judgments');
    expectInputError(() => parseMatrix(null), [], 'expected an object');
    expectInputError(() => parseMatrix([2]), [], 'expected an object');
    expectInputError(() => parseMatrix('2'), [], 'expected an object');
    expectInputError(() => parseMatrix({ upper: 'x' }), ['upper'], 'expected an array');
    expectInputError(() => parseMatrix({ matrix: 3 }), ['matrix'], 'expected an array');
  });

  it('parseMatrix prefixes its path, and the message starts with it', () => {
    const e = expectInputError(
      () => parseMatrix({ upper: [1, 'x', 1] }, 'saaty', ['experts', 2]),
      ['experts', 2, 'upper', 1],
      'cell (0,2)'
    );
    expect(e.message.startsWith('$.experts[2].upper[1]: cell (0,2)')).toBe(true);
    expect(e.detail.startsWith('cell (0,2)')).toBe(true);
    expectInputError(
      () =>
        parseMatrix(
          {
            matrix: [
              [1, 2],
              [0.5, 3]
            ]
          },
          'saaty',
          ['criteria']
        ),
      ['criteria', 'matrix', 1, 1],
      'diagonal'
    );
  });
});

describe('AhpInputError and formatPath', () => {
  it('formats paths as $.key[index] and quotes keys that are not identifiers', () => {
    expect(formatPath([])).toBe('$');
    expect(formatPath(['experts', 2, 'upper', 5])).toBe('$.experts[2].upper[5]');
    expect(formatPath(['a b', 0])).toBe('$["a b"][0]');
    expect(formatPath(['_x1'])).toBe('$._x1');
  });

  it('carries path and detail, and under() nests the path', () => {
    const e = new AhpInputError(['upper', 3], 'cell (0,4): bad');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('AhpInputError');
    expect(e.message).toBe('$.upper[3]: cell (0,4): bad');
    expect(e.detail).toBe('cell (0,4): bad');
    const nested = e.under('experts', 1);
    expect(nested.path).toEqual(['experts', 1, 'upper', 3]);
    expect(nested.message).toBe('$.experts[1].upper[3]: cell (0,4): bad');
    const bare = new AhpInputError([], 'no path');
    expect(bare.message).toBe('no path');
    expect(bare.detail).toBe('no path');
  });
});
