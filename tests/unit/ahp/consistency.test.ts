/**
 * CI, CR, GCI and their thresholds. Expected numbers: ../shared/reference/published-examples.json
 * (each case cites its source) and its gci_thresholds.
 */
import { describe, expect, it } from 'vitest';
import {
  consistencyIndex,
  consistencyRatio,
  crThreshold,
  gciThreshold,
  geometricConsistencyIndex,
  rowGeometricMean,
  matrixFromUpper,
  weigh
} from '../../../src/lib/ahp';
import { rgmReference } from './formulas';
import {
  flat,
  mulberry32,
  randomSaatyUpper,
  randomWeights,
  consistentRows,
  rowsFromUpper
} from './random';
import {
  casesOf,
  expectClose,
  getCase,
  reference,
  referenceRi,
  tol,
  type GroupExpected,
  type GroupInputs,
  type MatrixInputs,
  type SingleExpected
} from './reference';

describe('CI and CR of the published single matrices', () => {
  // Cases single_matrix (Saaty 1990 house, Saaty 2008 drinks, ahpsurvey city, Wikipedia car).
  for (const c of casesOf<MatrixInputs, SingleExpected>('single_matrix')) {
    it(`${c.id}: CI = (lambda - n)/(n - 1) and CR = CI / RI`, () => {
      const { n } = c.inputs;
      const e = c.expected;
      expectClose(consistencyIndex(e.lambda_max, n), e.ci, tol(c, 'ci'), 'ci');
      expectClose(consistencyRatio(e.ci, e.ri, n), e.cr, tol(c, 'cr'), 'cr');
      expect(e.ri).toBe(referenceRi(n));
    });

    it(`${c.id}: GCI of the RGM weights`, () => {
      const rows = c.inputs.matrix as number[][];
      const n = rows.length;
      const w = new Float64Array(n);
      rowGeometricMean(flat(rows), n, w);
      expectClose(
        geometricConsistencyIndex(flat(rows), n, w),
        c.expected.gci,
        tol(c, 'gci'),
        'gci'
      );
      // also from the published RGM weights
      expectClose(
        geometricConsistencyIndex(flat(rows), n, c.expected.rgm_weights),
        c.expected.gci,
        tol(c, 'gci'),
        'gci (published w)'
      );
    });
  }

  // Case group/ahpsurvey_city200_first6 (ahpsurvey vignette, city200): six more matrices.
  it('group/ahpsurvey_city200_first6: CI, CR and GCI of each respondent', () => {
    const c = getCase<GroupInputs, GroupExpected>('group/ahpsurvey_city200_first6');
    c.inputs.experts.forEach((ex, k) => {
      const e = c.expected.individual[k]!;
      expectClose(consistencyIndex(e.lambda_max, 5), e.ci, tol(c, 'ci'), `E${k + 1} ci`);
      expectClose(consistencyRatio(e.ci, referenceRi(5), 5), e.cr, tol(c, 'cr'), `E${k + 1} cr`);
      const rows = rowsFromUpper(5, ex.upper_triangle as number[]);
      expectClose(
        geometricConsistencyIndex(flat(rows), 5, rgmReference(rows)),
        e.gci,
        tol(c, 'gci'),
        `E${k + 1} gci`
      );
    });
  });
});

describe('small and consistent matrices', () => {
  it('CI and CR are 0 by definition for n <= 2, whatever rounding lambda carries', () => {
    expect(consistencyIndex(2 + 1e-15, 2)).toBe(0);
    expect(consistencyIndex(1, 1)).toBe(0);
    expect(consistencyRatio(0, 0, 2)).toBe(0);
    expect(consistencyRatio(0.3, 0, 1)).toBe(0);
  });

  it('a 2 x 2 matrix is consistent with CR = 0 and GCI = 0 under every option', () => {
    for (const a of [1, 3, 1 / 9, 9]) {
      for (const method of ['eigenvector', 'geometric-mean'] as const) {
        const r = weigh(matrixFromUpper([a]), { method });
        expect(r.ci).toBe(0);
        expect(r.cr).toBe(0);
        expect(r.consistent).toBe(true);
        expect(r.gci).toEqual({ value: 0, threshold: null, consistent: true });
        expectClose(r.weights[0]!, a / (1 + a), 1e-15, 'w0');
        expectClose(r.weights[1]!, 1 / (1 + a), 1e-15, 'w1');
      }
    }
  });

  it('a consistent matrix a_ij = w_i / w_j has GCI 0', () => {
    const rng = mulberry32(9);
    for (let n = 3; n <= 12; n++) {
      const w = randomWeights(rng, n);
      const rows = consistentRows(w);
      expect(geometricConsistencyIndex(flat(rows), n, w)).toBeLessThan(1e-25);
    }
  });

  it('GCI is the mean squared log error 2/((n-1)(n-2)) sum ln^2(a_ij w_j / w_i), here computed directly', () => {
    const rng = mulberry32(10);
    for (let n = 3; n <= 10; n++) {
      const rows = rowsFromUpper(n, randomSaatyUpper(rng, n));
      const w = rgmReference(rows);
      let s = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) s += Math.log((rows[i]![j]! * w[j]!) / w[i]!) ** 2;
      expectClose(
        geometricConsistencyIndex(flat(rows), n, w),
        (2 * s) / ((n - 1) * (n - 2)),
        1e-13,
        `GCI n=${n}`
      );
    }
  });
});

describe('thresholds', () => {
  it('CR threshold: a number is used as given', () => {
    expect(crThreshold(3, 0.1)).toBe(0.1);
    expect(crThreshold(9, 0.05)).toBe(0.05);
  });

  it('saaty-by-size: 0.05 for n = 3, 0.08 for n = 4, 0.10 from n = 5 (Saaty 1994, Fundamentals of Decision Making, p. 84)', () => {
    expect(crThreshold(3, 'saaty-by-size')).toBe(0.05);
    expect(crThreshold(4, 'saaty-by-size')).toBe(0.08);
    for (const n of [5, 6, 10, 15, 40]) expect(crThreshold(n, 'saaty-by-size')).toBe(0.1);
  });

  it('GCI thresholds match gci_thresholds of the reference file (Aguaron & Moreno-Jimenez 2003)', () => {
    const t = reference.gci_thresholds;
    expect(gciThreshold(3)).toBe(t['3']);
    expect(gciThreshold(4)).toBe(t['4']);
    for (const n of [5, 8, 15]) expect(gciThreshold(n)).toBe(t['>4']);
    expect(gciThreshold(2)).toBeNull();
    expect(gciThreshold(1)).toBeNull();
  });

  it('weigh() judges CR < threshold strictly, and GCI against its own threshold', () => {
    // single/saaty_drinks_n7: CR 0.0223 -> acceptable; single/saaty_house_n8: CR 0.169 -> not;
    // house GCI 0.529 > 0.37 (informational.gci_threshold).
    const drinks = getCase<MatrixInputs, SingleExpected>('single/saaty_drinks_n7');
    const house = getCase<MatrixInputs, SingleExpected>('single/saaty_house_n8');
    const d = weigh(matrixFromUpper(drinks.inputs.upper_triangle));
    expect(d.threshold).toBe(0.1);
    expect(d.consistent).toBe(true);
    expect(d.gci.consistent).toBe(true);
    const h = weigh(matrixFromUpper(house.inputs.upper_triangle));
    expect(h.consistent).toBe(false);
    expect(h.gci.threshold).toBe(0.37);
    expect(h.gci.consistent).toBe(false);
    expect(house.informational?.cr_below_0_1).toBe(false);
    expect(drinks.informational?.cr_below_0_1).toBe(true);

    // single/wikipedia_car_criteria_n4: CR 0.0738 passes 0.08 (saaty-by-size, n = 4) and fails 0.07
    const car = getCase<MatrixInputs, SingleExpected>('single/wikipedia_car_criteria_n4');
    const m = matrixFromUpper(car.inputs.upper_triangle);
    const bySize = weigh(m, { threshold: 'saaty-by-size' });
    expect(bySize.threshold).toBe(0.08);
    expect(bySize.consistent).toBe(true);
    expect(bySize.options.threshold).toBe('saaty-by-size');
    expect(weigh(m, { threshold: 0.07 }).consistent).toBe(false);
    // CR exactly at the threshold is not acceptable (CR < threshold)
    const atCr = weigh(m).cr;
    expect(weigh(m, { threshold: atCr }).consistent).toBe(false);
    expect(weigh(m, { threshold: atCr * (1 + 1e-12) }).consistent).toBe(true);
  });
});
