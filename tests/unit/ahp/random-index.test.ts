/**
 * Random-index tables. Sources of the expected values:
 * - saaty-1980: ri_table of ../shared/reference/published-examples.json ("Saaty RI for n = 1..15
 *   as commonly reproduced (e.g. AHPWR R package)").
 * - saaty-2005 and donegan-dodd: AHPy (PhilipGriffith/AHPy, src/ahpy/ahpy.py,
 *   Compare._compute_consistency_ratio), which quotes Saaty (2005) Theory and Applications of the
 *   Analytic Network Process, p. 31, and Donegan & Dodd (1991) Math. Comput. Model. 15(10):135-137,
 *   including its linear interpolation between tabulated sizes.
 * - alonso-lamata: Alonso & Lamata (2006) IJUFKS 14(4):445-459, Table 4 and the regression
 *   lambda_max = 2.7699 n - 4.3513 (values as quoted from the paper; no copy of the paper was
 *   available to re-read while writing these tests).
 */
import { describe, expect, it } from 'vitest';
import {
  RANDOM_INDEX_ALONSO_LAMATA,
  RANDOM_INDEX_DONEGAN_DODD,
  RANDOM_INDEX_MAX_N,
  RANDOM_INDEX_SAATY_1980,
  RANDOM_INDEX_SAATY_2005,
  RANDOM_INDEX_TABLES,
  matrixFromUpper,
  randomIndex,
  RandomIndexCoverageError,
  weigh
} from '../../../src/lib/ahp';
import { mulberry32, randomSaatyUpper } from './random';
import {
  expectClose,
  expectInputError,
  getCase,
  reference,
  tol,
  type MatrixInputs,
  type SingleExpected
} from './reference';

// AHPy src/ahpy/ahpy.py, _compute_consistency_ratio, 'saaty' (Saaty 2005, p. 31)
const AHPY_SAATY_2005: Record<number, number> = {
  3: 0.52,
  4: 0.89,
  5: 1.11,
  6: 1.25,
  7: 1.35,
  8: 1.4,
  9: 1.45,
  10: 1.49,
  11: 1.52,
  12: 1.54,
  13: 1.56,
  14: 1.58,
  15: 1.59
};

// AHPy src/ahpy/ahpy.py, _compute_consistency_ratio, 'dd' (Donegan & Dodd 1991)
const AHPY_DONEGAN_DODD: Record<number, number> = {
  3: 0.4914,
  4: 0.8286,
  5: 1.0591,
  6: 1.1797,
  7: 1.2519,
  8: 1.3171,
  9: 1.3733,
  10: 1.4055,
  11: 1.4213,
  12: 1.4497,
  13: 1.4643,
  14: 1.4822,
  15: 1.4969,
  16: 1.5078,
  17: 1.5153,
  18: 1.5262,
  19: 1.5313,
  20: 1.5371,
  25: 1.5619,
  30: 1.5772,
  40: 1.5976,
  50: 1.6102,
  60: 1.6178,
  70: 1.6237,
  80: 1.6277,
  90: 1.6213,
  100: 1.6339
};

describe('saaty-1980', () => {
  it('matches ri_table of the reference file for n = 1..15', () => {
    const table = reference.ri_table;
    expect(Object.keys(table)).toHaveLength(15);
    for (let n = 1; n <= 15; n++) {
      const r = randomIndex(n, 'saaty-1980');
      expect(r.value, `n=${n}`).toBe(table[String(n)]);
      expect(r).toMatchObject({ table: 'saaty-1980', n, source: 'table' });
    }
    expect(RANDOM_INDEX_SAATY_1980).toHaveLength(15);
    // the published non-monotone n = 12 entry is kept (ri_table_note)
    expect(randomIndex(12, 'saaty-1980').value).toBe(1.48);
    expect(randomIndex(11, 'saaty-1980').value).toBe(1.51);
  });

  it('every single_matrix case states the same RI as the table', () => {
    for (const id of [
      'single/saaty_house_n8',
      'single/saaty_drinks_n7',
      'single/wikipedia_car_criteria_n4'
    ]) {
      const c = getCase<MatrixInputs, SingleExpected>(id);
      expectClose(
        randomIndex(c.inputs.n, 'saaty-1980').value,
        c.expected.ri,
        tol(c, 'ri'),
        `${id} ri`
      );
    }
  });
});

describe('saaty-2005', () => {
  it('matches AHPy\'s "saaty" table (Saaty 2005, p. 31) for n = 3..15, and 0 for n = 1, 2', () => {
    for (let n = 3; n <= 15; n++) {
      expect(randomIndex(n, 'saaty-2005').value, `n=${n}`).toBe(AHPY_SAATY_2005[n]);
    }
    expect(randomIndex(1, 'saaty-2005').value).toBe(0);
    expect(randomIndex(2, 'saaty-2005').value).toBe(0);
    expect(RANDOM_INDEX_SAATY_2005).toHaveLength(15);
  });
});

describe('donegan-dodd', () => {
  it('matches AHPy\'s "dd" table at every tabulated n', () => {
    for (const [k, v] of Object.entries(AHPY_DONEGAN_DODD)) {
      const r = randomIndex(Number(k), 'donegan-dodd');
      expect(r.value, `n=${k}`).toBe(v);
      expect(r.source).toBe('table');
    }
    expect(RANDOM_INDEX_DONEGAN_DODD[4]).toBe(0.8286);
  });

  it('interpolates linearly between tabulated sizes (n = 22 between 20 and 25, as AHPy does)', () => {
    const r = randomIndex(22, 'donegan-dodd');
    expect(r.source).toBe('interpolated');
    expectClose(r.value, 1.5371 + ((1.5619 - 1.5371) * (22 - 20)) / (25 - 20), 1e-15, 'RI(22)');
    expectClose(randomIndex(35, 'donegan-dodd').value, (1.5772 + 1.5976) / 2, 1e-15, 'RI(35)');
    expectClose(randomIndex(95, 'donegan-dodd').value, (1.6213 + 1.6339) / 2, 1e-15, 'RI(95)');
    expectClose(
      randomIndex(21, 'donegan-dodd').value,
      1.5371 + (1.5619 - 1.5371) / 5,
      1e-15,
      'RI(21)'
    );
  });

  it("reproduces AHPy's published CR of the car criteria (0.08 at 3 dp)", () => {
    // Case single/wikipedia_car_criteria_n4 (AHPy README "Purchasing a vehicle"):
    // informational.published.ahpy_cr_donegan_dodd_RI_0.8286_3dp = 0.08
    const c = getCase<MatrixInputs, SingleExpected>('single/wikipedia_car_criteria_n4');
    const published = (c.informational?.published as Record<string, number>)[
      'ahpy_cr_donegan_dodd_RI_0.8286_3dp'
    ];
    const r = weigh(matrixFromUpper(c.inputs.upper_triangle), { randomIndex: 'donegan-dodd' });
    expect(r.randomIndex.value).toBe(0.8286);
    expect(Number(r.cr.toFixed(3))).toBe(published);
    expectClose(r.cr, c.expected.ci / 0.8286, tol(c, 'cr'), 'cr with donegan-dodd');
  });
});

describe('alonso-lamata', () => {
  it('tabulates n = 1..15 (Alonso & Lamata 2006, Table 4)', () => {
    expect(RANDOM_INDEX_ALONSO_LAMATA).toHaveLength(15);
    const quoted: Record<number, number> = {
      3: 0.5245,
      4: 0.8815,
      5: 1.1086,
      10: 1.4854,
      15: 1.5838
    };
    for (const [k, v] of Object.entries(quoted)) {
      const r = randomIndex(Number(k), 'alonso-lamata');
      expect(r.value, `n=${k}`).toBe(v);
      expect(r.source).toBe('table');
    }
    // increasing in n, as a mean CI of random matrices should be
    for (let n = 3; n < 15; n++)
      expect(RANDOM_INDEX_ALONSO_LAMATA[n]!).toBeGreaterThan(RANDOM_INDEX_ALONSO_LAMATA[n - 1]!);
  });

  it('uses the regression lambda = 2.7699 n - 4.3513 beyond 15: RI = (lambda - n) / (n - 1)', () => {
    for (const n of [16, 20, 50, 200, 1000]) {
      const r = randomIndex(n, 'alonso-lamata');
      expect(r.source).toBe('formula');
      const lambda = 2.7699 * n - 4.3513;
      expectClose(r.value, (lambda - n) / (n - 1), 1e-14, `RI(${n})`);
    }
    // the formula continues the table smoothly: RI(16) within 0.02 of the table's RI(15)
    expect(Math.abs(randomIndex(16, 'alonso-lamata').value - 1.5838)).toBeLessThan(0.02);
  });
});

describe('sizes a table does not cover', () => {
  it('n = 16 with saaty-1980 or saaty-2005 throws, naming the tables that cover it', () => {
    for (const table of ['saaty-1980', 'saaty-2005'] as const) {
      const e = expectInputError(
        () => randomIndex(16, table),
        [],
        `beyond the ${table} random-index table (n <= 15)`,
        '"alonso-lamata"',
        '"donegan-dodd"'
      );
      expect(e.message).toContain('16 x 16');
      // The same as data, for a page to word in its own language.
      expect(e).toBeInstanceOf(RandomIndexCoverageError);
      expect((e as RandomIndexCoverageError).coverage).toEqual({
        n: 16,
        table,
        max: 15,
        covering: ['alonso-lamata', 'donegan-dodd']
      });
    }
  });

  it('n = 101 with donegan-dodd throws, naming alonso-lamata', () => {
    const e = expectInputError(
      () => randomIndex(101, 'donegan-dodd'),
      [],
      '"alonso-lamata"',
      'n <= 100'
    );
    expect(e.message).not.toContain('"donegan-dodd", which');
    expect(randomIndex(100, 'donegan-dodd').value).toBe(1.6339);
  });

  it('reports the path it is given', () => {
    expectInputError(
      () => randomIndex(20, 'saaty-1980', ['criteria']),
      ['criteria'],
      'alonso-lamata'
    );
  });

  it('rejects n that is not a positive integer', () => {
    for (const n of [0, -1, 2.5, NaN])
      expectInputError(() => randomIndex(n, 'saaty-1980'), [], 'positive integer');
  });

  it('RANDOM_INDEX_MAX_N agrees with what randomIndex accepts', () => {
    for (const t of RANDOM_INDEX_TABLES) {
      const max = RANDOM_INDEX_MAX_N[t];
      if (Number.isFinite(max)) {
        expect(() => randomIndex(max, t)).not.toThrow();
        expect(() => randomIndex(max + 1, t)).toThrow();
      } else {
        expect(() => randomIndex(10_000, t)).not.toThrow();
      }
    }
  });

  it('RI(1) = RI(2) = 0 and RI(n) > 0 for n >= 3 in every table', () => {
    for (const t of RANDOM_INDEX_TABLES) {
      expect(randomIndex(1, t).value).toBe(0);
      expect(randomIndex(2, t).value).toBe(0);
      for (let n = 3; n <= 15; n++)
        expect(randomIndex(n, t).value, `${t} n=${n}`).toBeGreaterThan(0.4);
    }
  });

  it('weigh() of a 16 x 16 matrix with saaty-1980 throws instead of reporting CR = 0', () => {
    const n = 16;
    const upper = randomSaatyUpper(mulberry32(16), n);
    const m = matrixFromUpper(upper);
    expectInputError(() => weigh(m), [], 'beyond the saaty-1980', 'alonso-lamata');
    expectInputError(
      () => weigh(m, { randomIndex: 'saaty-2005' }, ['criteria']),
      ['criteria'],
      'saaty-2005'
    );
    // with a table that covers it, CR = CI / RI(16), RI from the formula and AHPy's table
    // (lambda_max itself is cross-checked against mathjs in priority.test.ts)
    const r = weigh(m, { randomIndex: 'alonso-lamata' });
    const ci = (r.lambdaMax - n) / (n - 1);
    expect(r.ci).toBeGreaterThan(0.1);
    expectClose(r.ci, ci, 1e-15, 'CI(16)');
    expectClose(r.cr, ci / ((2.7699 * n - 4.3513 - n) / (n - 1)), 1e-12, 'CR(16)');
    expect(r.randomIndex).toMatchObject({ table: 'alonso-lamata', n: 16, source: 'formula' });
    const dd = weigh(m, { randomIndex: 'donegan-dodd' });
    expectClose(dd.cr, ci / AHPY_DONEGAN_DODD[16]!, 1e-12, 'CR(16) donegan-dodd');
  });
});
