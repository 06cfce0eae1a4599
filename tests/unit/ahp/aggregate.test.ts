/**
 * Group aggregation: AIJ (weighted geometric mean of judgments) and AIP (geometric or arithmetic
 * mean of priorities). Expected numbers: case group/ahpsurvey_city200_first6 of
 * ../shared/reference/published-examples.json (source: ahpsurvey vignette, head(city200)) and
 * hand computations given in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateJudgments,
  aggregatePriorities,
  matrixFromUpper,
  matrixRows,
  normaliseExpertWeights,
  weigh,
  type PairwiseMatrix
} from '../../../src/lib/ahp';
import {
  expectAllClose,
  expectClose,
  expectInputError,
  getCase,
  referenceRi,
  tol,
  type GroupExpected,
  type GroupInputs
} from './reference';

const c = getCase<GroupInputs, GroupExpected>('group/ahpsurvey_city200_first6');
const e = c.expected;
const experts = c.inputs.experts.map((x) => matrixFromUpper(x.upper_triangle));
const expertsFromText = c.inputs.experts.map((x) => matrixFromUpper(x.upper_triangle_text));

describe('individual respondents (group/ahpsurvey_city200_first6)', () => {
  it('each expert: eigenvector, lambda_max, CI, CR, RGM, GCI', () => {
    experts.forEach((m, k) => {
      const x = e.individual[k]!;
      const r = weigh(m);
      expectAllClose(r.weights, x.eigen_weights, tol(c, 'eigen_weights'), `E${k + 1} weights`);
      expectClose(r.lambdaMax, x.lambda_max, tol(c, 'lambda_max'), `E${k + 1} lambda`);
      expectClose(r.ci, x.ci, tol(c, 'ci'), `E${k + 1} ci`);
      expectClose(r.cr, x.cr, tol(c, 'cr'), `E${k + 1} cr`);
      expectClose(r.gci.value, x.gci, tol(c, 'gci'), `E${k + 1} gci`);
      const g = weigh(m, { method: 'geometric-mean' });
      expectAllClose(g.weights, x.rgm_weights, tol(c, 'rgm_weights'), `E${k + 1} rgm`);
    });
  });

  it('the inconsistent experts (CR >= 0.1) are respondents 5 and 6 (0-based 4, 5)', () => {
    const results = experts.map((m) => weigh(m));
    const crGe = results.flatMap((r, k) => (r.cr >= 0.1 ? [k] : []));
    expect(crGe).toEqual(e.inconsistent_experts_cr_ge_0_1);
    const flagged = results.flatMap((r, k) => (r.consistent ? [] : [k]));
    expect(flagged).toEqual(e.inconsistent_experts_cr_ge_0_1);
  });

  it("agrees with ahpsurvey's printed weights of respondents 1-4 (3 significant figures)", () => {
    // informational.published.ahpsurvey_AN_weights_3sf_respondents_1_to_4: ahpsurvey's default
    // "arithmetic normalisation" (mean of normalised columns), not the eigenvector; checked
    // here as the published-output sanity check of the survey coding (a_AB = 1/x for x > 0).
    const published = (c.informational?.published as Record<string, number[][]>)[
      'ahpsurvey_AN_weights_3sf_respondents_1_to_4'
    ]!;
    published.forEach((w, k) => {
      const rows = matrixRows(experts[k]!) as number[][];
      const colSums = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0));
      const an = rows.map((r) => r.reduce((s, v, j) => s + v / colSums[j]!, 0) / 5);
      an.forEach((x, i) => expect(Number(x.toPrecision(3)), `E${k + 1}[${i}]`).toBe(w[i]));
    });
  });
});

describe('AIJ: aggregation of individual judgments', () => {
  it('the group matrix is the cell-wise geometric mean (aij_matrix)', () => {
    for (const ms of [experts, expertsFromText]) {
      const g = aggregateJudgments(ms, c.inputs.expert_weights);
      expect(g.missing).toEqual([]);
      const rows = matrixRows(g);
      e.aij_matrix.forEach((row, i) =>
        row.forEach((v, j) => expectClose(rows[i]![j]!, v, tol(c, 'aij_matrix'), `aij (${i},${j})`))
      );
    }
  });

  it('weighing the group matrix gives the published AIJ results', () => {
    const g = aggregateJudgments(experts, c.inputs.expert_weights);
    const r = weigh(g);
    expectAllClose(r.weights, e.aij_eigen_weights, tol(c, 'aij_eigen_weights'), 'aij weights');
    expectClose(r.lambdaMax, e.aij_lambda_max, tol(c, 'aij_lambda_max'), 'aij lambda');
    expectClose(r.ci, e.aij_ci, tol(c, 'aij_ci'), 'aij ci');
    expectClose(r.cr, e.aij_cr, tol(c, 'aij_cr'), 'aij cr');
    expect(r.randomIndex.value).toBe(referenceRi(5));
    expectClose(r.gci.value, e.aij_gci, tol(c, 'aij_gci'), 'aij gci');
    const gm = weigh(g, { method: 'geometric-mean' });
    expectAllClose(gm.weights, e.aij_rgm_weights, tol(c, 'aij_rgm_weights'), 'aij rgm');
  });

  it('expert weights need not sum to 1: scaling them changes nothing', () => {
    const a = aggregateJudgments(experts, [1, 1, 1, 1, 1, 1]);
    const b = aggregateJudgments(experts, [7, 7, 7, 7, 7, 7]);
    Array.from(a.values).forEach((v, k) => expectClose(b.values[k]!, v, 1e-15, `cell ${k}`));
  });

  it('weighted experts: a_ij = exp(sum l_k ln a_ij(k) / sum l_k)', () => {
    // two 2 x 2 experts, a_01 = 3 and 1/3, weights 2 and 1: (3^2 * 3^-1)^(1/3) = 3^(1/3)
    const g = aggregateJudgments([matrixFromUpper([3]), matrixFromUpper([1 / 3])], [2, 1]);
    expectClose(g.values[1]!, Math.cbrt(3), 1e-15, 'a_01');
    expectClose(g.values[2]!, 1 / Math.cbrt(3), 1e-15, 'a_10');
  });

  it('an expert with weight 0 does not count', () => {
    const g = aggregateJudgments([experts[0]!, experts[5]!], [1, 0]);
    // exp(ln x) = x up to rounding
    Array.from(experts[0]!.values).forEach((v, k) =>
      expectClose(g.values[k]! / v, 1, 1e-15, `cell ${k}`)
    );
  });

  it('an expert with a missing cell is skipped for that cell only (hand computation)', () => {
    // Three 3 x 3 experts, upper (0,1), (0,2), (1,2):
    //   A = [2, 4, -]   B = [8, -, 2]   C = [1/2, 2, 4]
    // equal weights:
    //   (0,1): all three -> (2 * 8 * 1/2)^(1/3) = 8^(1/3) = 2
    //   (0,2): A, C      -> (4 * 2)^(1/2)       = 2 sqrt 2
    //   (1,2): B, C      -> (2 * 4)^(1/2)       = 2 sqrt 2
    // weights 1, 2, 1:
    //   (0,1): (2 * 8^2 * 1/2)^(1/4) = 64^(1/4) = 2 sqrt 2
    //   (0,2): A, C (1 and 1, renormalised over the two) -> sqrt 8 = 2 sqrt 2
    //   (1,2): B, C (2 and 1) -> (2^2 * 4)^(1/3) = 16^(1/3)
    const A = matrixFromUpper([2, 4, null]);
    const B = matrixFromUpper([8, null, 2]);
    const C = matrixFromUpper([0.5, 2, 4]);
    const eq = aggregateJudgments([A, B, C], [1, 1, 1]);
    expect(eq.missing).toEqual([]);
    const r = matrixRows(eq);
    expectClose(r[0]![1]!, 2, 1e-15, '(0,1)');
    expectClose(r[0]![2]!, 2 * Math.SQRT2, 1e-15, '(0,2)');
    expectClose(r[1]![2]!, 2 * Math.SQRT2, 1e-15, '(1,2)');
    expectClose(r[2]![1]!, 1 / (2 * Math.SQRT2), 1e-15, '(2,1)');
    const wt = matrixRows(aggregateJudgments([A, B, C], [1, 2, 1]));
    expectClose(wt[0]![1]!, 2 * Math.SQRT2, 1e-14, 'weighted (0,1)');
    expectClose(wt[0]![2]!, 2 * Math.SQRT2, 1e-14, 'weighted (0,2)');
    expectClose(wt[1]![2]!, Math.cbrt(16), 1e-14, 'weighted (1,2)');
  });

  it('a cell nobody gave stays missing and is completed when weighing', () => {
    const A = matrixFromUpper([2, 4, null]);
    const B = matrixFromUpper([3, 6, null]);
    const g = aggregateJudgments([A, B], [1, 1]);
    expect(g.missing).toEqual([[1, 2]]);
    expect(Number.isNaN(g.values[1 * 3 + 2]!)).toBe(true);
    const r = weigh(g);
    expect(r.completed).toHaveLength(1);
    // (0,1) = sqrt 6, (0,2) = sqrt 24: the known judgments form a tree, so the completion is
    // consistent: a_12 = a_02 / a_01 = 2
    expectClose(r.completed[0]!.value, 2, 1e-12, 'completed a_12');
  });

  it('rejects a group whose judgments leave elements disconnected (raw matrices)', () => {
    const raw = (upper: (number | null)[]): PairwiseMatrix => {
      const values = new Float64Array(16).fill(NaN);
      const missing: Array<readonly [number, number]> = [];
      let k = 0;
      for (let i = 0; i < 4; i++) {
        values[i * 4 + i] = 1;
        for (let j = i + 1; j < 4; j++, k++) {
          const v = upper[k];
          if (v === null || v === undefined) missing.push([i, j]);
          else {
            values[i * 4 + j] = v;
            values[j * 4 + i] = 1 / v;
          }
        }
      }
      return { n: 4, values, missing };
    };
    expectInputError(
      () =>
        aggregateJudgments(
          [raw([2, null, null, null, null, 3]), raw([5, null, null, null, null, 1])],
          [1, 1],
          ['nodes', 'B1']
        ),
      ['nodes', 'B1'],
      '{0, 1} and {2, 3}'
    );
  });

  it('rejects mismatched sizes and counts, naming the expert', () => {
    expectInputError(
      () => aggregateJudgments([experts[0]!, matrixFromUpper([2, 3, 4])], [1, 1], ['experts']),
      ['experts', 1],
      'expert 1 compares 3 elements, the others 5'
    );
    expectInputError(
      () => aggregateJudgments(experts, [1, 1]),
      [],
      '6 matrices but 2 expert weights'
    );
    expectInputError(() => aggregateJudgments([], []), [], 'at least one expert');
  });
});

describe('AIP: aggregation of individual priorities', () => {
  const vectors = e.individual.map((x) => x.eigen_weights);

  it('geometric mean, renormalised (aip_geometric_weights)', () => {
    const w = aggregatePriorities(vectors, c.inputs.expert_weights, 'geometric');
    expectAllClose(w, e.aip_geometric_weights, tol(c, 'aip_geometric_weights'), 'aip geometric');
    expect(Math.abs(w.reduce((s, x) => s + x, 0) - 1)).toBeLessThanOrEqual(1e-15);
  });

  it('arithmetic mean (aip_arithmetic_weights)', () => {
    const w = aggregatePriorities(vectors, c.inputs.expert_weights, 'arithmetic');
    expectAllClose(w, e.aip_arithmetic_weights, tol(c, 'aip_arithmetic_weights'), 'aip arithmetic');
  });

  it("from the engine's own individual eigenvectors as well", () => {
    const own = experts.map((m) => weigh(m).weights);
    const w = aggregatePriorities(own, c.inputs.expert_weights, 'geometric');
    expectAllClose(w, e.aip_geometric_weights, tol(c, 'aip_geometric_weights'), 'aip geometric');
  });

  it('weighted means by hand: two experts (0.8, 0.2) and (0.5, 0.5), weights 3 and 1', () => {
    // arithmetic: (3 * 0.8 + 0.5) / 4 = 0.725
    const ar = aggregatePriorities(
      [
        [0.8, 0.2],
        [0.5, 0.5]
      ],
      [3, 1],
      'arithmetic'
    );
    expectAllClose(ar, [0.725, 0.275], 1e-15, 'arithmetic');
    // geometric: g0 = 0.8^0.75 0.5^0.25, g1 = 0.2^0.75 0.5^0.25, renormalised
    const g0 = 0.8 ** 0.75 * 0.5 ** 0.25;
    const g1 = 0.2 ** 0.75 * 0.5 ** 0.25;
    const ge = aggregatePriorities(
      [
        [0.8, 0.2],
        [0.5, 0.5]
      ],
      [3, 1],
      'geometric'
    );
    expectAllClose(ge, [g0 / (g0 + g1), g1 / (g0 + g1)], 1e-15, 'geometric');
  });

  it('rejects mismatched lengths and counts', () => {
    expectInputError(
      () =>
        aggregatePriorities(
          [
            [0.5, 0.5],
            [0.2, 0.3, 0.5]
          ],
          [1, 1],
          'geometric',
          ['w']
        ),
      ['w', 1],
      'length 3, expected 2'
    );
    expectInputError(
      () => aggregatePriorities([[0.5, 0.5]], [1, 1], 'arithmetic'),
      [],
      '1 priority vectors but 2 expert weights'
    );
  });
});

describe('expert weights', () => {
  it('are normalised to sum 1 (expert_weights_normalised)', () => {
    const w = normaliseExpertWeights(c.inputs.expert_weights);
    expectAllClose(
      w,
      c.inputs.expert_weights_normalised,
      tol(c, 'expert_weights_renormalised'),
      'normalised'
    );
    expectAllClose(normaliseExpertWeights([1, 3]), [0.25, 0.75], 1e-15, '1:3');
    expectAllClose(normaliseExpertWeights([0, 2]), [0, 1], 0, '0:2');
  });

  it('negative, NaN, Infinity or non-numbers are rejected, naming the expert', () => {
    expectInputError(
      () => normaliseExpertWeights([1, -1, 1], ['weights']),
      ['weights', 1],
      '-1',
      'finite number >= 0'
    );
    expectInputError(() => normaliseExpertWeights([NaN, 1]), [0], 'finite number >= 0');
    expectInputError(() => normaliseExpertWeights([1, Infinity]), [1], 'finite number >= 0');
    expectInputError(
      () => normaliseExpertWeights([1, '2' as unknown as number]),
      [1],
      '"2"',
      'finite number >= 0'
    );
  });

  it('all zero, or none at all, is rejected', () => {
    expectInputError(() => normaliseExpertWeights([0, 0, 0], ['weights']), ['weights'], 'all zero');
    expectInputError(() => normaliseExpertWeights([]), [], 'at least one expert');
  });

  it('bad expert weights are rejected by both aggregations', () => {
    expectInputError(
      () => aggregateJudgments(experts.slice(0, 2), [1, -2], ['g']),
      ['g', 1],
      'finite number >= 0'
    );
    expectInputError(() => aggregateJudgments(experts.slice(0, 2), [0, 0]), [], 'all zero');
    expectInputError(
      () => aggregatePriorities([[0.5, 0.5]], [NaN], 'geometric'),
      [0],
      'finite number >= 0'
    );
  });
});
