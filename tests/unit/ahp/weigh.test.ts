/**
 * weigh(): priorities, consistency and the judgments to reconsider, for one matrix.
 * Expected numbers: ../shared/reference/published-examples.json (source cited per case) and
 * independent recomputations with mathjs.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METHOD_OPTIONS,
  matrixFromRows,
  matrixFromUpper,
  parseMatrix,
  weigh,
  type PairwiseMatrix,
  type PriorityMethod
} from '../../../src/lib/ahp';
import { eigsPerron, lambdaFromWeightsReference, rgmReference } from './independent';
import {
  consistentRows,
  mulberry32,
  randomPermutation,
  randomRatioUpper,
  randomSaatyUpper,
  randomWeights,
  permuteRows,
  rowsFromUpper,
  upperFromRows
} from './random';
import {
  casesOf,
  expectAllClose,
  expectClose,
  expectInputError,
  getCase,
  referenceRi,
  tol,
  type HierarchyExpected,
  type HierarchyInputs,
  type InconsistencyExpected,
  type MatrixInputs,
  type RankedPair,
  type ReferenceCase,
  type SingleExpected
} from './reference';

/** The three input forms of a reference matrix. */
function forms(
  m: MatrixInputs,
  scale: 'saaty' | 'ratio' = 'saaty'
): Array<[string, PairwiseMatrix]> {
  return [
    ['upper_triangle', matrixFromUpper(m.upper_triangle, scale)],
    ['upper_triangle_text', matrixFromUpper(m.upper_triangle_text, scale)],
    ['matrix', matrixFromRows(m.matrix, scale)]
  ];
}

describe('published single matrices, every input form', () => {
  // Cases single_matrix of the reference file: Saaty (1990) house, Saaty (2008) drinks,
  // ahpsurvey vignette city matrix, Wikipedia/AHPy car criteria. Expected values recomputed with
  // numpy (exact eigenvector, RGM, Saaty 1980 RI) as the file states.
  for (const c of casesOf<MatrixInputs, SingleExpected>('single_matrix')) {
    const e = c.expected;
    for (const [form, m] of forms(c.inputs)) {
      it(`${c.id} from ${form}: eigenvector weights, lambda_max, CI, RI, CR, GCI`, () => {
        const r = weigh(m);
        expect(r.n).toBe(c.inputs.n);
        expect(r.method).toBe('eigenvector');
        expectAllClose(r.weights, e.eigen_weights, tol(c, 'eigen_weights'), 'weights');
        expectClose(r.lambdaMax, e.lambda_max, tol(c, 'lambda_max'), 'lambda_max');
        expectClose(r.ci, e.ci, tol(c, 'ci'), 'ci');
        expectClose(r.randomIndex.value, e.ri, tol(c, 'ri'), 'ri');
        expect(r.randomIndex).toMatchObject({
          table: 'saaty-1980',
          n: c.inputs.n,
          source: 'table'
        });
        expectClose(r.cr, e.cr, tol(c, 'cr'), 'cr');
        expectClose(r.gci.value, e.gci, tol(c, 'gci'), 'gci');
        expect(r.consistent).toBe(c.informational?.cr_below_0_1);
        expect(r.gci.threshold).toBe(c.informational?.gci_threshold);
        expect(r.completed).toEqual([]);
        expect(r.completion).toBeNull();
      });

      it(`${c.id} from ${form}: geometric-mean (RGM) weights and GCI`, () => {
        const r = weigh(m, { method: 'geometric-mean' });
        expect(r.method).toBe('geometric-mean');
        expect(r.options.method).toBe('geometric-mean');
        expectAllClose(r.weights, e.rgm_weights, tol(c, 'rgm_weights'), 'rgm weights');
        expectClose(r.gci.value, e.gci, tol(c, 'gci'), 'gci');
        // lambda_max by the Fujian formula (1/n) sum (A w)_i / w_i, with the published RGM weights
        const rows = c.inputs.matrix as number[][];
        const lambda = lambdaFromWeightsReference(rows, e.rgm_weights);
        expectClose(r.lambdaMax, lambda, 1e-6 * c.inputs.n, 'rgm lambda');
        expectClose(r.cr, (lambda - c.inputs.n) / (c.inputs.n - 1) / e.ri, 1e-6, 'rgm cr');
      });
    }
  }
});

describe('published hierarchy blocks as single matrices', () => {
  // Case hierarchy/wikipedia_leader_eigen (AHPy README "Choosing a leader"; Wikipedia): criteria
  // and four 3 x 3 blocks, with eigen_method and sqrt_method (RGM) results.
  const leader = getCase<HierarchyInputs, HierarchyExpected>('hierarchy/wikipedia_leader_eigen');
  const blocks = (c: ReferenceCase<HierarchyInputs, HierarchyExpected>) =>
    [['criteria', c.inputs.criteria] as const, ...Object.entries(c.inputs.children)].map(
      ([k, m]) => ({
        name: k,
        m
      })
    );

  for (const { name, m } of blocks(leader)) {
    it(`wikipedia leader, ${name}: both methods`, () => {
      const methods: Array<[PriorityMethod, HierarchyExpected['eigen_method']]> = [
        ['eigenvector', leader.expected.eigen_method],
        ['geometric-mean', leader.expected.sqrt_method!]
      ];
      for (const [method, exp] of methods) {
        const e = name === 'criteria' ? exp.criteria : exp.local[name]!;
        for (const [form, pm] of forms(m)) {
          const r = weigh(pm, { method });
          const what = `${name} ${method} ${form}`;
          expectAllClose(r.weights, e.weights, tol(leader, 'weights'), `${what} weights`);
          expectClose(r.lambdaMax, e.lambda_max, tol(leader, 'lambda_max'), `${what} lambda`);
          expectClose(r.ci, e.ci, tol(leader, 'ci'), `${what} ci`);
          expectClose(r.randomIndex.value, e.ri, tol(leader, 'ri'), `${what} ri`);
          expectClose(r.cr, e.cr, tol(leader, 'cr'), `${what} cr`);
        }
      }
    });
  }

  // Case hierarchy/saaty_best_city_eigen (Saaty 2005, as coded in AHPy tests): some judgments
  // are 1.5, 2.5, 3.5 and their reciprocals, which need scale "ratio".
  const city = getCase<HierarchyInputs, HierarchyExpected>('hierarchy/saaty_best_city_eigen');
  for (const { name, m } of blocks(city)) {
    it(`best city, ${name}: eigenvector results with scale "ratio"`, () => {
      const e =
        name === 'criteria'
          ? city.expected.eigen_method.criteria
          : city.expected.eigen_method.local[name]!;
      for (const [form, pm] of forms(m, 'ratio')) {
        const r = weigh(pm, { scale: 'ratio' });
        expect(r.options.scale).toBe('ratio');
        expectAllClose(r.weights, e.weights, tol(city, 'weights'), `${name} ${form} weights`);
        expectClose(r.lambdaMax, e.lambda_max, tol(city, 'lambda_max'), `${name} ${form} lambda`);
        expectClose(r.ci, e.ci, tol(city, 'ci'), `${name} ${form} ci`);
        expectClose(r.randomIndex.value, e.ri, tol(city, 'ri'), `${name} ${form} ri`);
        expectClose(r.cr, e.cr, tol(city, 'cr'), `${name} ${form} cr`);
      }
    });
  }

  it('best city: the blocks with 1.5, 2.5, 3.5 are rejected on the saaty scale, naming the cell', () => {
    const { Culture, Housing, Transportation } = city.inputs.children;
    // Culture upper = [1/2, 1, 1/2, 5/2, 1, 2/5]: index 3 is cell (1,2) = 2.5
    expectInputError(
      () => matrixFromUpper(Culture!.upper_triangle),
      ['upper', 3],
      'cell (1,2)',
      '2.5',
      "Saaty's"
    );
    expectInputError(
      () => matrixFromUpper(Culture!.upper_triangle_text),
      ['upper', 3],
      'cell (1,2)',
      '"5/2"'
    );
    // Housing upper = [5, 1/2, 5/2, ...]: index 2 is cell (0,3)
    expectInputError(
      () => matrixFromUpper(Housing!.upper_triangle),
      ['upper', 2],
      'cell (0,3)',
      '2.5'
    );
    // Transportation upper = [3/2, ...]: index 0 is cell (0,1); in the full matrix also cell (0,1)
    expectInputError(
      () => matrixFromUpper(Transportation!.upper_triangle_text),
      ['upper', 0],
      'cell (0,1)',
      '"3/2"'
    );
    expectInputError(
      () => matrixFromRows(Transportation!.matrix),
      ['matrix', 0, 1],
      'cell (0,1)',
      '1.5'
    );
    expectInputError(
      () => parseMatrix({ upper: Culture!.upper_triangle }, 'saaty', ['children', 'Culture']),
      ['children', 'Culture', 'upper', 3],
      'cell (1,2)'
    );
  });
});

describe('judgments to reconsider (inconsistency/saaty_house_n8)', () => {
  // Case inconsistency/saaty_house_n8 - source: Saaty (1990) house matrix; e_ij = a_ij w_j / w_i
  // (Saaty 2003, EJOR 145:85-91), suggestions rounded as AHP-OS does (Goepel 2018).
  const c = getCase<MatrixInputs, InconsistencyExpected>('inconsistency/saaty_house_n8');
  const e = c.expected;
  const ranked = c.informational?.all_pairs_ranked as RankedPair[];
  const m = matrixFromUpper(c.inputs.upper_triangle);
  const rows = c.inputs.matrix as number[][];

  it('top 3 by default: pairs, errors, |ln e|, consistent and suggested values', () => {
    const r = weigh(m);
    expectAllClose(r.weights, e.eigen_weights, tol(c, 'eigen_weights'), 'weights');
    expectClose(r.cr, e.cr, tol(c, 'cr'), 'cr');
    const top = r.inconsistencies;
    expect(top).toHaveLength(3);
    expect(top.map((x) => [x.i, x.j])).toEqual(e.top_pairs);
    top.forEach((x, k) => {
      const [i, j] = e.top_pairs[k]!;
      expectClose(x.error, e.error_matrix[i]![j]!, tol(c, 'error_matrix'), `error ${k}`);
      expectClose(
        x.absLogError,
        e.top_abs_log_errors[k]!,
        tol(c, 'top_abs_log_errors'),
        `|ln e| ${k}`
      );
      expectClose(
        Math.max(x.error, 1 / x.error),
        e.top_magnitudes[k]!,
        tol(c, 'top_magnitudes'),
        `max(e,1/e) ${k}`
      );
      expectClose(
        x.consistent,
        e.top_consistent_values[k]!,
        tol(c, 'top_consistent_values'),
        `w_i/w_j ${k}`
      );
      expectClose(
        x.suggested,
        e.top_suggested_values[k]!,
        tol(c, 'top_suggested_values'),
        `suggested ${k}`
      );
      expect(x.suggestedText).toBe(e.top_suggested_values_text[k]);
      expect(x.given).toBe(c.inputs.matrix[i]![j]);
    });
    const [first] = top;
    expect([first!.i, first!.j]).toEqual(e.max_error_pair);
    expectClose(first!.error, e.max_error_magnitude, tol(c, 'max_error_magnitude'), 'max error');
    // (2,6): given 6, suggested 1 -> lower; equal importance favours neither
    expect(first).toMatchObject({ given: 6, favours: 'equal', change: 'lower' });
    // (0,6): given 1/3, suggested 1 -> raise
    expect(top[2]).toMatchObject({ favours: 'equal', change: 'raise' });
  });

  it('a larger top lists all 28 pairs in the published order', () => {
    const r = weigh(m, { top: 100 });
    expect(r.inconsistencies).toHaveLength(28);
    r.inconsistencies.forEach((x, k) => {
      const p = ranked[k]!;
      expect([x.i, x.j], `rank ${k}`).toEqual(p.pair);
      expectClose(x.error, p.e_ij, tol(c, 'error_matrix'), `e ${k}`);
      expectClose(x.absLogError, p.abs_log_e, tol(c, 'top_abs_log_errors'), `|ln e| ${k}`);
      expectClose(
        x.consistent,
        p.consistent_value,
        tol(c, 'top_consistent_values'),
        `w_i/w_j ${k}`
      );
      expectClose(x.suggested, p.suggested_value, tol(c, 'top_suggested_values'), `suggested ${k}`);
      expect(x.suggestedText, `rank ${k}`).toBe(p.suggested_value_text);
      expect(x.given).toBe(p.current_value);
      expect(x.favours).toBe(p.suggested_value > 1 ? 'i' : p.suggested_value < 1 ? 'j' : 'equal');
      const same = Math.abs(p.suggested_value - p.current_value) <= 1e-12 * p.current_value;
      expect(x.change).toBe(
        same ? 'none' : p.suggested_value > p.current_value ? 'raise' : 'lower'
      );
    });
    expect(weigh(m, { top: 10 }).inconsistencies.map((x) => [x.i, x.j])).toEqual(
      ranked.slice(0, 10).map((p) => p.pair)
    );
    expect(weigh(m, { top: 0 }).inconsistencies).toEqual([]);
  });

  it('crIfTaken equals CR of the modified matrix recomputed with mathjs eigs', () => {
    const r = weigh(m, { top: 28 });
    let checkedWithEigs = 0;
    for (const x of r.inconsistencies) {
      const changed = rows.map((row) => row.slice());
      changed[x.i]![x.j] = x.suggested;
      changed[x.j]![x.i] = 1 / x.suggested;
      const ref = eigsPerron(changed);
      expect(
        ref,
        `mathjs eigs converges on the house matrix with (${x.i},${x.j}) changed`
      ).not.toBeNull();
      checkedWithEigs++;
      const cr = (ref!.lambda - 8) / 7 / referenceRi(8);
      expectClose(x.crIfTaken, cr, 1e-9, `crIfTaken (${x.i},${x.j})`);
      if (x.change === 'none') expectClose(x.crIfTaken, r.cr, 1e-15, 'unchanged');
    }
    // the three largest errors' suggestions all lower CR
    r.inconsistencies.slice(0, 3).forEach((x) => expect(x.crIfTaken).toBeLessThan(r.cr));
    expect(checkedWithEigs).toBe(28);
  });

  it('crIfTaken with the geometric-mean method equals the Fujian CR of the modified matrix', () => {
    const r = weigh(m, { method: 'geometric-mean', top: 5 });
    for (const x of r.inconsistencies) {
      const changed = rows.map((row) => row.slice());
      changed[x.i]![x.j] = x.suggested;
      changed[x.j]![x.i] = 1 / x.suggested;
      const lambda = lambdaFromWeightsReference(changed, rgmReference(changed));
      expectClose(
        x.crIfTaken,
        (lambda - 8) / 7 / referenceRi(8),
        1e-12,
        `crIfTaken (${x.i},${x.j})`
      );
    }
  });

  it('lists only judgments the expert gave (never a filled-in one)', () => {
    // incomplete/ahpy_readme_missing_cd: (2,3) is missing, 5 judgments given
    const inc = getCase<MatrixInputs, unknown>('incomplete/ahpy_readme_missing_cd');
    const r = weigh(matrixFromUpper(inc.inputs.upper_triangle), { top: 10 });
    expect(r.inconsistencies).toHaveLength(5);
    expect(r.inconsistencies.some((x) => x.i === 2 && x.j === 3)).toBe(false);
  });
});

describe('options and defaults', () => {
  const car = getCase<MatrixInputs, SingleExpected>('single/wikipedia_car_criteria_n4');
  const m = matrixFromUpper(car.inputs.upper_triangle);

  it('defaults: eigenvector, saaty-1980, CR < 0.1, saaty scale, Harker, top 3', () => {
    const r = weigh(m);
    expect(r.options).toMatchObject(DEFAULT_METHOD_OPTIONS);
    expect(DEFAULT_METHOD_OPTIONS).toEqual({
      method: 'eigenvector',
      randomIndex: 'saaty-1980',
      threshold: 0.1,
      scale: 'saaty',
      completion: 'harker'
    });
    expect(r.threshold).toBe(0.1);
    expect(r.inconsistencies).toHaveLength(3);
  });

  it('echoes the options it used, and ignores options given as undefined', () => {
    const r = weigh(m, {
      randomIndex: 'saaty-2005',
      threshold: 'saaty-by-size',
      method: undefined
    });
    expect(r.options).toMatchObject({
      method: 'eigenvector',
      randomIndex: 'saaty-2005',
      threshold: 'saaty-by-size'
    });
    expect(r.randomIndex.table).toBe('saaty-2005');
    expect(r.randomIndex.value).toBe(0.89); // AHPy's Saaty (2005) table, n = 4
    expectClose(r.cr, car.expected.ci / 0.89, tol(car, 'cr'), 'cr with saaty-2005');
  });

  it('the random-index table changes CR but not the weights', () => {
    const a = weigh(m, { randomIndex: 'saaty-1980' });
    const b = weigh(m, { randomIndex: 'alonso-lamata' });
    expect(b.weights).toEqual(a.weights);
    expect(b.lambdaMax).toBe(a.lambdaMax);
    expectClose(b.cr * b.randomIndex.value, a.cr * a.randomIndex.value, 1e-15, 'CI');
    expect(b.cr).not.toBe(a.cr);
  });
});

describe('invariants over seeded random matrices', () => {
  it('weights sum to 1 within 1e-12 for both methods, n = 2..15', () => {
    const rng = mulberry32(100);
    for (let k = 0; k < 112; k++) {
      const n = 2 + (k % 14);
      const m = matrixFromUpper(randomSaatyUpper(rng, n));
      for (const method of ['eigenvector', 'geometric-mean'] as const) {
        const r = weigh(m, { method, top: 0 });
        const s = r.weights.reduce((t, x) => t + x, 0);
        expect(Math.abs(s - 1), `${method} n=${n}`).toBeLessThanOrEqual(1e-12);
        expect(r.cr).toBeGreaterThanOrEqual(-1e-12);
      }
    }
  });

  it('a consistent matrix a_ij = w_i / w_j has CR < 1e-12 and gives back w within 1e-12', () => {
    const rng = mulberry32(101);
    for (let k = 0; k < 56; k++) {
      const n = 2 + (k % 14);
      const w = randomWeights(rng, n, 30);
      const m = matrixFromRows(consistentRows(w), 'ratio');
      for (const method of ['eigenvector', 'geometric-mean'] as const) {
        const r = weigh(m, { method, scale: 'ratio', randomIndex: 'alonso-lamata' });
        expectAllClose(r.weights, w, 1e-12, `${method} n=${n} weights`);
        expect(Math.abs(r.cr), `${method} n=${n} CR`).toBeLessThan(1e-12);
        expect(r.consistent).toBe(true);
        expect(r.gci.value).toBeLessThan(1e-12);
        // every judgment already agrees with the weights: |ln e| ~ 0
        for (const x of r.inconsistencies) expect(x.absLogError).toBeLessThan(1e-12);
      }
    }
  });

  it('permuting the elements permutes the weights (and keeps lambda_max and CR)', () => {
    const rng = mulberry32(102);
    for (let k = 0; k < 42; k++) {
      const n = 3 + (k % 13);
      const rows = rowsFromUpper(
        n,
        k % 3 === 0 ? randomRatioUpper(rng, n, 50) : randomSaatyUpper(rng, n)
      );
      const p = randomPermutation(rng, n);
      const permuted = permuteRows(rows, p);
      for (const method of ['eigenvector', 'geometric-mean'] as const) {
        const opts = { method, scale: 'ratio' as const, top: 0 };
        const a = weigh(matrixFromUpper(upperFromRows(rows), 'ratio'), opts);
        const b = weigh(matrixFromUpper(upperFromRows(permuted), 'ratio'), opts);
        expectAllClose(
          b.weights,
          p.map((pi) => a.weights[pi]!),
          1e-12,
          `${method} n=${n} permuted weights`
        );
        expectClose(b.lambdaMax, a.lambdaMax, 1e-12 * n, 'lambda_max');
        expectClose(b.cr, a.cr, 1e-11, 'cr');
      }
    }
  });

  it('n = 2: CR 0 and consistent for every judgment', () => {
    const rng = mulberry32(103);
    for (let k = 0; k < 20; k++) {
      const [a] = k % 2 ? randomRatioUpper(rng, 2, 100) : randomSaatyUpper(rng, 2);
      const r = weigh(matrixFromUpper([a!], 'ratio'), { scale: 'ratio' });
      expect(r.cr).toBe(0);
      expect(r.ci).toBe(0);
      expect(r.consistent).toBe(true);
      expectAllClose(r.weights, [a! / (1 + a!), 1 / (1 + a!)], 1e-15, 'weights');
    }
  });
});
