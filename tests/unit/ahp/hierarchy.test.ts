/**
 * Hierarchies: local and global weights, composite consistency, groups of experts who answer
 * part of the hierarchy, exclusion of inconsistent matrices, and bad input.
 * Expected numbers come from ../shared/reference/published-examples.json (sources cited per
 * case) or are computed independently in the test.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregatePriorities,
  analyseHierarchy,
  matrixFromUpper,
  prepareHierarchy,
  weigh,
  type HierarchyNodeInput,
  type HierarchyResult
} from '../../../src/lib/ahp';
import {
  expectAllClose,
  expectClose,
  expectInputError,
  getCase,
  tol,
  type HierarchyExpected,
  type HierarchyInputs
} from './reference';
import { mulberry32, randomSaatyUpper } from './random';
import { COMPOSITE_NOT_APPLICABLE } from '../weights/fixtures';

/** Builds the engine's input from a reference hierarchy case (criteria -> alternatives under each). */
function fromCase(inputs: HierarchyInputs) {
  const hierarchy: HierarchyNodeInput = {
    id: 'goal',
    children: inputs.criteria.labels.map((c) => ({
      id: c,
      children: inputs.children[c]!.labels.map((a) => ({ id: `${c}/${a}`, label: a }))
    }))
  };
  const judgments: Record<string, unknown> = { goal: inputs.criteria.upper_triangle };
  for (const c of inputs.criteria.labels) judgments[c] = inputs.children[c]!.upper_triangle;
  return { hierarchy, experts: [{ id: 'E1', judgments }] };
}

/** Global weight of each alternative: the sum over the criteria it appears under. */
function byAlternative(result: HierarchyResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of result.leaves) out[l.label] = (out[l.label] ?? 0) + l.globalWeight;
  return out;
}

describe('published hierarchies', () => {
  // Source: AHPy README 'Choosing a leader'; Wikipedia AHP leader example (case hierarchy/wikipedia_leader_eigen).
  const leader = getCase<HierarchyInputs, HierarchyExpected>('hierarchy/wikipedia_leader_eigen');
  const expectedComposite = (
    leader.expected.eigen_method as unknown as { composite: Record<string, number> }
  ).composite;

  it.each([
    ['eigenvector', 'eigen_method'],
    ['geometric-mean', 'sqrt_method']
  ] as const)('leader example with the %s method: local, global and composite', (method, key) => {
    const { hierarchy, experts } = fromCase(leader.inputs);
    const result = analyseHierarchy(prepareHierarchy(hierarchy, experts, { method }));
    const expected = leader.expected[key]!;
    const exp = expected as unknown as {
      global_weights: Record<string, number>;
      composite: Record<string, number>;
    };
    const goal = result.nodes.find((n) => n.id === 'goal')!;
    expectAllClose(
      goal.localWeights,
      expected.criteria.weights,
      tol(leader, 'weights'),
      'criteria weights'
    );
    expectClose(goal.consistency!.cr, expected.criteria.cr, tol(leader, 'cr'), 'criteria CR');
    for (const c of leader.inputs.criteria.labels) {
      const node = result.nodes.find((n) => n.id === c)!;
      expectAllClose(
        node.localWeights,
        expected.local[c]!.weights,
        tol(leader, 'weights'),
        `${c} local`
      );
      expectClose(
        node.consistency!.lambdaMax,
        expected.local[c]!.lambda_max,
        tol(leader, 'lambda_max'),
        `${c} lambda`
      );
    }
    const global = byAlternative(result);
    for (const [alt, w] of Object.entries(exp.global_weights)) {
      expectClose(global[alt]!, w, tol(leader, 'global_weights'), `global ${alt}`);
    }
    expectClose(
      result.composite.cr!,
      exp.composite.cr_total!,
      tol(leader, 'cr_total'),
      'CR_total (Fujian)'
    );
    expectClose(
      result.composite.crCumulative!,
      exp.composite.cr_total_plus_criteria_cr!,
      tol(leader, 'cr_total_plus_criteria_cr'),
      'cumulative CR'
    );
    expectClose(
      result.composite.crSaaty!,
      exp.composite.cr_hierarchy_saaty!,
      tol(leader, 'cr_hierarchy_saaty'),
      'Saaty hierarchy CR'
    );
    expectClose(
      result.composite.levels[0]!.ciWeighted,
      exp.composite.ci_weighted!,
      tol(leader, 'ci_weighted'),
      'sum w CI'
    );
    expectClose(
      result.composite.levels[0]!.riWeighted,
      exp.composite.ri_weighted!,
      tol(leader, 'ri_weighted'),
      'sum w RI'
    );
    expect(expectedComposite).toBeDefined();
  });

  // Source: Saaty (2005), best-city example as coded in AHPy tests (case hierarchy/saaty_best_city_eigen).
  const city = getCase<HierarchyInputs, HierarchyExpected>('hierarchy/saaty_best_city_eigen');

  it('best-city example needs the ratio scale (it has 2.5 and 3/2) and then matches', () => {
    const { hierarchy, experts } = fromCase(city.inputs);
    expectInputError(
      () => prepareHierarchy(hierarchy, experts),
      ['experts', 0, 'judgments', 'Culture', 3],
      'not on Saaty'
    );
    const result = analyseHierarchy(prepareHierarchy(hierarchy, experts, { scale: 'ratio' }));
    const exp = city.expected.eigen_method as unknown as {
      global_weights: Record<string, number>;
      composite: Record<string, number>;
    };
    const global = byAlternative(result);
    for (const [alt, w] of Object.entries(exp.global_weights))
      expectClose(global[alt]!, w, tol(city, 'global_weights'), `global ${alt}`);
    expectClose(result.composite.cr!, exp.composite.cr_total!, tol(city, 'cr_total'), 'CR_total');
    expectClose(
      result.composite.crSaaty!,
      exp.composite.cr_hierarchy_saaty!,
      tol(city, 'cr_hierarchy_saaty'),
      'Saaty hierarchy CR'
    );
  });
});

/** A random tree: `depth` levels below the goal, `width` children a node. */
function randomTree(
  depth: number,
  width: (d: number) => number,
  prefix = 'N',
  d = 0
): HierarchyNodeInput {
  if (d === depth) return { id: prefix };
  return {
    id: prefix,
    children: Array.from({ length: width(d) }, (_, k) =>
      randomTree(depth, width, `${prefix}.${k}`, d + 1)
    )
  };
}

function innerNodes(
  node: HierarchyNodeInput,
  out: HierarchyNodeInput[] = []
): HierarchyNodeInput[] {
  if (node.children) {
    out.push(node);
    node.children.forEach((c) => innerNodes(c, out));
  }
  return out;
}

describe('invariants', () => {
  it('a 6-level tree: leaf global weights sum to 1 and equal the product of local weights', () => {
    const rng = mulberry32(11);
    const tree = randomTree(6, (d) => (d === 0 ? 4 : 2));
    const judgments: Record<string, number[]> = {};
    for (const node of innerNodes(tree))
      judgments[node.id] = randomSaatyUpper(rng, node.children!.length);
    const result = analyseHierarchy(prepareHierarchy(tree, [{ id: 'E1', judgments }]));
    expect(result.leaves).toHaveLength(4 * 2 ** 5);
    const sum = result.leaves.reduce((s, l) => s + l.globalWeight, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    // independent: the product of the local weights along the path, computed here
    const local = new Map<string, number>();
    for (const node of result.nodes)
      node.children.forEach((c, k) => local.set(c, node.localWeights[k]!));
    for (const leaf of result.leaves.slice(0, 10)) {
      const parts = leaf.id.split('.');
      let product = 1;
      for (let k = 2; k <= parts.length; k++) product *= local.get(parts.slice(0, k).join('.'))!;
      expectClose(leaf.globalWeight, product, 1e-15, `global ${leaf.id}`);
    }
    expect(result.composite.levels.map((l) => l.depth)).toEqual([1, 2, 3, 4, 5]);
  });

  it('20 children at a node: beyond Saaty 1980 it is an error naming the tables that cover it; fine with alonso-lamata', () => {
    const rng = mulberry32(5);
    const tree = randomTree(1, () => 20);
    const experts = [{ id: 'E1', judgments: { N: randomSaatyUpper(rng, 20) } }];
    expectInputError(
      () => prepareHierarchy(tree, experts),
      ['hierarchy', 'children'],
      'alonso-lamata',
      'donegan-dodd'
    );
    const result = analyseHierarchy(
      prepareHierarchy(tree, experts, { randomIndex: 'alonso-lamata' })
    );
    expect(result.nodes[0]!.consistency!.randomIndex.source).toBe('formula');
    expect(Math.abs(result.leaves.reduce((s, l) => s + l.globalWeight, 0) - 1)).toBeLessThan(1e-12);
  });

  it('ranks: 1 is the heaviest leaf', () => {
    const tree = { id: 'G', children: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
    const result = analyseHierarchy(
      prepareHierarchy(tree, [{ id: 'E', judgments: { G: ['1/3', 1, 3] } }])
    );
    const rank = Object.fromEntries(result.leaves.map((l) => [l.id, l.rank]));
    expect(rank).toEqual({ b: 1, a: 2, c: 2 });
  });
});

describe('preset weights and single children', () => {
  it('a node with preset weights takes no judgments and passes its weights through', () => {
    const tree = {
      id: 'G',
      children: [
        { id: 'X', weights: [0.25, 0.75], children: [{ id: 'x1' }, { id: 'x2' }] },
        { id: 'Y', children: [{ id: 'y1' }] }
      ]
    };
    const result = analyseHierarchy(prepareHierarchy(tree, [{ id: 'E', judgments: { G: [3] } }]));
    const g = Object.fromEntries(result.leaves.map((l) => [l.id, l.globalWeight]));
    expectClose(g.x1!, 0.75 * 0.25, 1e-15, 'x1');
    expectClose(g.x2!, 0.75 * 0.75, 1e-15, 'x2');
    expectClose(g.y1!, 0.25, 1e-15, 'y1');
    expect(result.nodes.find((n) => n.id === 'X')!.source).toBe('preset');
    expect(result.nodes.find((n) => n.id === 'Y')!.source).toBe('single');
    expectInputError(
      () => prepareHierarchy(tree, [{ id: 'E', judgments: { G: [3], X: [2] } }]),
      ['experts', 0, 'judgments', 'X'],
      'preset weights'
    );
  });

  it('with no comparison matrix anywhere, every composite CR is not applicable (null), not 0', () => {
    const tree = {
      id: 'G',
      weights: [0.6, 0.4],
      children: [
        { id: 'X', weights: [0.75, 0.25], children: [{ id: 'x1' }, { id: 'x2' }] },
        { id: 'Y' }
      ]
    };
    const result = analyseHierarchy(prepareHierarchy(tree, [{ id: 'E', judgments: {} }]));
    expect(result.composite).toEqual({ ...COMPOSITE_NOT_APPLICABLE, levels: [] });
    // The weights themselves are the preset ones: 0.6 x 0.75, 0.6 x 0.25, 0.4.
    const g = Object.fromEntries(result.leaves.map((l) => [l.id, l.globalWeight]));
    expect(g).toEqual({ x1: 0.6 * 0.75, x2: 0.6 * 0.25, Y: 0.4 });
  });

  it('only the goal compared: the Fujian CR (below the goal) is n/a, the others are its CR', () => {
    // Goal with three children, judgments a_01 = 3, a_02 = 1/3, a_12 = 3: inconsistent.
    const tree = {
      id: 'G',
      children: [
        { id: 'a' },
        { id: 'b', weights: [0.5, 0.5], children: [{ id: 'b1' }, { id: 'b2' }] },
        { id: 'c' }
      ]
    };
    const upper = [3, '1/3', 3];
    const result = analyseHierarchy(prepareHierarchy(tree, [{ id: 'E', judgments: { G: upper } }]));
    const goal = weigh(matrixFromUpper(upper)); // the single-matrix computation of the same matrix
    expect(goal.cr).toBeGreaterThan(0.1);
    expect(result.composite.cr).toBeNull();
    expect(result.composite.consistent).toBeNull();
    expect(result.composite.levels).toEqual([]);
    expectClose(result.composite.crCumulative!, goal.cr, 1e-12, 'cumulative = the goal CR');
    // Saaty's ratio over one matrix: g CI / g RI with g = 1, the goal's CR.
    expectClose(result.composite.crSaaty!, goal.cr, 1e-12, 'Saaty = the goal CR');
  });

  it('preset goal, one compared node below: the composite CR is that node CR', () => {
    const tree = {
      id: 'G',
      weights: [0.3, 0.7],
      children: [{ id: 'P', children: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }] }, { id: 'Q' }]
    };
    const upper = [2, 4, 2]; // consistent: a_02 = a_01 a_12
    const result = analyseHierarchy(prepareHierarchy(tree, [{ id: 'E', judgments: { P: upper } }]));
    // level 1: (0.3 CI_P) / (0.3 RI_P) = CR_P; nothing at the goal to add.
    const p = weigh(matrixFromUpper(upper));
    expectClose(result.composite.cr!, p.cr, 1e-12, 'CR_total = CR_P');
    expectClose(result.composite.crCumulative!, p.cr, 1e-12, 'cumulative');
    expect(result.composite.consistent).toBe(true);
  });

  it('preset weights must be one per child, >= 0 and sum to 1', () => {
    const tree = (weights: unknown) => ({ id: 'G', weights, children: [{ id: 'a' }, { id: 'b' }] });
    expectInputError(
      () => prepareHierarchy(tree([0.5]), [{ id: 'E', judgments: {} }]),
      ['hierarchy', 'weights'],
      '1 preset weights for 2 children'
    );
    expectInputError(
      () => prepareHierarchy(tree([0.5, 0.6]), [{ id: 'E', judgments: {} }]),
      ['hierarchy', 'weights'],
      'sum to 1.1'
    );
    expectInputError(
      () => prepareHierarchy(tree([-0.5, 1.5]), [{ id: 'E', judgments: {} }]),
      ['hierarchy', 'weights', 0],
      '>= 0'
    );
  });
});

describe('groups of experts', () => {
  const tree = {
    id: 'G',
    children: [
      { id: 'B1', children: [{ id: 'C1' }, { id: 'C2' }, { id: 'C3' }] },
      { id: 'B2', children: [{ id: 'C4' }, { id: 'C5' }] }
    ]
  };
  const e1 = { id: 'E1', judgments: { G: [2], B1: [3, 5, 2], B2: [4] } };
  const e2 = { id: 'E2', weight: 3, judgments: { G: ['1/2'], B1: [1, 3, 3] } }; // did not answer B2
  const e3 = { id: 'E3', judgments: { G: [5], B1: [9, '1/9', '1/9'], B2: ['1/4'] } }; // B1 badly inconsistent

  it('AIJ: experts count where they answered; the weighted geometric mean is computed cell by cell', () => {
    const result = analyseHierarchy(prepareHierarchy(tree, [e1, e2, e3]));
    const g = result.nodes.find((n) => n.id === 'G')!;
    // independent: weighted geometric mean (1*ln 2 + 3*ln 1/2 + 1*ln 5) / 5, then a 2x2 matrix's weights a/(1+a)
    const a = Math.exp((Math.log(2) + 3 * Math.log(0.5) + Math.log(5)) / 5);
    expectAllClose(g.localWeights, [a / (1 + a), 1 / (1 + a)], 1e-14, 'G weights');
    const b2 = result.nodes.find((n) => n.id === 'B2')!;
    expect(b2.included).toEqual(['E1', 'E3']);
    expect(b2.excluded).toEqual([{ id: 'E2', reason: 'not answered', cr: null }]);
    const b = Math.exp((Math.log(4) + Math.log(0.25)) / 2);
    expectAllClose(b2.localWeights, [b / (1 + b), 1 / (1 + b)], 1e-14, 'B2 weights');
    expect(result.experts[1]!.nodes.B2).toBeUndefined();
  });

  it('leaving out inconsistent matrices drops them node by node, with the reason and CR', () => {
    const all = analyseHierarchy(prepareHierarchy(tree, [e1, e2, e3]));
    const cr3 = weigh(matrixFromUpper(e3.judgments.B1)).cr;
    expect(cr3).toBeGreaterThan(0.1);
    expect(all.experts[2]!.nodes.B1).toMatchObject({ consistent: false, included: true });
    const some = analyseHierarchy(
      prepareHierarchy(tree, [e1, e2, e3], { excludeInconsistent: true })
    );
    const b1 = some.nodes.find((n) => n.id === 'B1')!;
    expect(b1.included).toEqual(['E1', 'E2']);
    expect(b1.excluded).toEqual([{ id: 'E3', reason: 'inconsistent', cr: cr3 }]);
    expect(some.experts[2]!.nodes.B1).toMatchObject({ included: false, reason: 'inconsistent' });
    // E3 still counts at B2, where its 2x2 matrix is consistent
    expect(some.nodes.find((n) => n.id === 'B2')!.included).toEqual(['E1', 'E3']);
  });

  it("AIP (geometric and arithmetic) aggregates the experts' own priority vectors", () => {
    for (const mean of ['geometric', 'arithmetic'] as const) {
      const result = analyseHierarchy(
        prepareHierarchy(tree, [e1, e2, e3], { aggregation: `aip-${mean}` })
      );
      const vectors = [e1, e2, e3].map((e) => weigh(matrixFromUpper(e.judgments.B1)).weights);
      expectAllClose(
        result.nodes.find((n) => n.id === 'B1')!.localWeights,
        aggregatePriorities(vectors, [1, 3, 1], mean),
        1e-15,
        `B1 ${mean}`
      );
    }
  });

  it("consensus per node and overall (weighted by each node's global weight)", () => {
    const result = analyseHierarchy(prepareHierarchy(tree, [e1, e2, e3]));
    let s = 0;
    let g = 0;
    for (const node of result.nodes) {
      s += node.globalWeight * node.consensus!.sStar;
      g += node.globalWeight;
    }
    expectClose(result.consensus!.sStar, s / g, 1e-15, 'overall S*');
    // one expert only: perfect agreement with itself
    const alone = analyseHierarchy(prepareHierarchy(tree, [e1]));
    for (const node of alone.nodes) expectClose(node.consensus!.sStar, 1, 1e-12, `S* ${node.id}`);
  });

  it('a node nobody answered is an error that says so', () => {
    expectInputError(
      () =>
        analyseHierarchy(
          prepareHierarchy(tree, [{ id: 'E2', judgments: { G: [1], B1: [1, 1, 1] } }])
        ),
      ['hierarchy', 'children', 1],
      'node "B2" has no judgments',
      'E2: not answered'
    );
  });
});

describe('bad input', () => {
  const tree = { id: 'G', children: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
  it.each([
    ['an unknown node', { Z: [1, 1, 1] }, ['experts', 0, 'judgments', 'Z'], 'no node "Z"'],
    ['a leaf', { a: [1] }, ['experts', 0, 'judgments', 'a'], '"a" is a leaf'],
    [
      'the wrong size',
      { G: [1] },
      ['experts', 0, 'judgments', 'G'],
      'has 3 children, but these judgments compare 2'
    ],
    ['an off-scale value', { G: [1, 10, 1] }, ['experts', 0, 'judgments', 'G', 1], 'not on Saaty'],
    [
      'a bad shape',
      { G: 'strong' },
      ['experts', 0, 'judgments', 'G'],
      'expected the upper triangle'
    ]
  ])('judgments for %s', (_what, judgments, path, message) => {
    expectInputError(
      () => prepareHierarchy(tree, [{ id: 'E', judgments }]),
      path as (string | number)[],
      message as string
    );
  });

  it('a misspelt field is refused, not read as a leaf', () => {
    expectInputError(
      () => prepareHierarchy({ id: 'G', childern: [{ id: 'a' }] }, [{ judgments: {} }]),
      ['hierarchy', 'childern'],
      'unknown field'
    );
    expectInputError(
      () => prepareHierarchy(tree, [{ id: 'E', judgments: { G: { upper: [1, 1, 1], uper: [] } } }]),
      ['experts', 0, 'judgments', 'G', 'uper'],
      'unknown field'
    );
  });

  it('duplicate ids, empty children, bad expert weights, no experts', () => {
    expectInputError(
      () =>
        prepareHierarchy({ id: 'G', children: [{ id: 'a' }, { id: 'a' }] }, [{ judgments: {} }]),
      ['hierarchy', 'children', 1, 'id'],
      'used twice'
    );
    expectInputError(
      () => prepareHierarchy({ id: 'G', children: [] }, [{ judgments: {} }]),
      ['hierarchy', 'children'],
      'empty children'
    );
    expectInputError(
      () => prepareHierarchy(tree, [{ id: 'E', weight: -1, judgments: {} }]),
      ['experts', 0, 'weight'],
      '>= 0'
    );
    expectInputError(
      () => prepareHierarchy(tree, [{ id: 'E', weight: 0, judgments: {} }]),
      ['experts'],
      'all zero'
    );
    expectInputError(() => prepareHierarchy(tree, []), ['experts'], 'at least one expert');
    expectInputError(
      () =>
        prepareHierarchy(tree, [
          { id: 'E', judgments: {} },
          { id: 'E', judgments: {} }
        ]),
      ['experts', 1, 'id'],
      'used twice'
    );
  });
});
