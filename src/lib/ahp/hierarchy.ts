/**
 * Hierarchies of criteria: a tree of any depth whose inner nodes each compare their children
 * (or carry preset weights). Local and global weights, per-node consistency, group
 * aggregation across experts, consensus, and the composite consistency of the hierarchy.
 *
 * Global weight of a node = product of the local weights on its path from the goal
 * (Saaty 1980, hierarchic composition); the leaves' global weights sum to 1.
 */
import { aggregateJudgments, aggregatePriorities, normaliseExpertWeights } from './aggregate';
import { consensus, type ConsensusResult, consensusBand, type ConsensusBand } from './consensus';
import { AhpInputError, type InputPath } from './errors';
import { matrixFromRows, matrixFromUpper, type PairwiseMatrix } from './matrix';
import { toArray } from './priority';
import { randomIndex } from './random-index';
import {
  AGGREGATIONS,
  COMPLETION_METHODS,
  DEFAULT_METHOD_OPTIONS,
  PRIORITY_METHODS,
  RANDOM_INDEX_TABLES,
  SCALE_POLICIES,
  type Aggregation,
  type MethodOptions
} from './types';
import { crThreshold } from './consistency';
import { weigh, weighKernel, type ConsistencyResult, type Inconsistency } from './weigh';
import type { CompletedJudgment } from './incomplete';

/** A node of the hierarchy as given. */
export interface HierarchyNodeInput {
  id: string;
  label?: string;
  children?: HierarchyNodeInput[];
  /** Preset local weights of the children (no comparison), summing to 1. */
  weights?: number[];
}

/** One expert's judgments: node id -> the upper triangle, or `{upper}` / `{matrix}`. */
export interface ExpertInput {
  id: string;
  /** Expert weight, >= 0 (default 1). */
  weight?: number;
  judgments: Record<string, unknown>;
}

export interface HierarchyOptions extends MethodOptions {
  aggregation: Aggregation;
  /** Leave out, node by node, the matrices whose CR is not below the threshold. */
  excludeInconsistent: boolean;
}

export const DEFAULT_HIERARCHY_OPTIONS: Readonly<HierarchyOptions> = Object.freeze({
  ...DEFAULT_METHOD_OPTIONS,
  aggregation: 'aij',
  excludeInconsistent: false
});

/** A validated node, with its place in the tree. */
export interface TreeNode {
  id: string;
  label: string;
  depth: number;
  parent: string | null;
  children: TreeNode[];
  /** Where the node stands in the input, for error messages. */
  path: InputPath;
  /** Preset weights (normalised) when given. */
  preset: number[] | null;
}

/** A validated hierarchy with the experts' parsed matrices, ready to analyse repeatedly. */
export interface PreparedHierarchy {
  root: TreeNode;
  /** Inner nodes (nodes with children), depth-first. */
  inner: TreeNode[];
  /** Leaves, depth-first. */
  leaves: TreeNode[];
  experts: Array<{ id: string; weight: number; matrices: Map<string, PairwiseMatrix> }>;
  options: HierarchyOptions;
}

/** Why an expert's matrix at a node did not enter the group result. */
export type ExclusionReason = 'inconsistent' | 'not answered' | 'zero weight';

/** One expert at one node. */
export interface ExpertNodeResult {
  weights: number[];
  cr: number;
  consistent: boolean;
  included: boolean;
  reason: ExclusionReason | null;
}

/** The group's result at one inner node. */
export interface NodeResult {
  id: string;
  label: string;
  depth: number;
  children: string[];
  /** Where the local weights come from. */
  source: 'judgments' | 'preset' | 'single';
  localWeights: number[];
  /** This node's own global weight (the goal: 1). */
  globalWeight: number;
  /** Consistency of the group matrix (AIJ of the included experts); null without judgments. */
  consistency: ConsistencyResult | null;
  inconsistencies: Inconsistency[];
  completed: CompletedJudgment[];
  consensus: ConsensusResult | null;
  included: string[];
  excluded: Array<{ id: string; reason: ExclusionReason; cr: number | null }>;
}

/** A level of the composite consistency: the nodes at one depth that compare their children. */
export interface CompositeLevel {
  depth: number;
  /** sum_j g_j CI_j and sum_j g_j RI_j over the level's nodes (g = the node's global weight). */
  ciWeighted: number;
  riWeighted: number;
  /** ciWeighted / riWeighted; 0 when every matrix of the level is 2 x 2 (always consistent). */
  cr: number;
}

/**
 * Composite consistency of the hierarchy.
 * - `cr`: the Fujian study's CR_total = sum_j w_j CI_j / sum_j w_j RI_j over the matrices below
 *   the goal (for deeper trees, the sum of that ratio over each level below the goal);
 * - `crCumulative`: the textbook cumulative form that also adds the goal matrix's own CR,
 *   CR^(p) = CR^(p-1) + sum_j w_j CI_j^(p) / sum_j w_j RI_j^(p) (Jiang Qiyuan, Mathematical
 *   Modelling);
 * - `crSaaty`: Saaty's hierarchy ratio (sum over all nodes g CI) / (sum over all nodes g RI).
 * Nodes with preset weights (and nodes nobody answered) have no matrix and do not enter the
 * sums. A ratio with no matrix to sum over is not applicable, `null`, never 0: `cr` is null when
 * no node below the goal has a matrix; `crCumulative` and `crSaaty` when no node has one.
 */
export interface CompositeConsistency {
  cr: number | null;
  crCumulative: number | null;
  crSaaty: number | null;
  levels: CompositeLevel[];
  /** CR_total < threshold: the number given, or 0.10 under `saaty-by-size` (Saaty's value for n >= 5, used for the whole hierarchy). */
  threshold: number;
  /** cr < threshold; null when `cr` is not applicable. */
  consistent: boolean | null;
}

export interface LeafResult {
  id: string;
  label: string;
  path: string[];
  globalWeight: number;
  rank: number;
}

export interface HierarchyResult {
  options: HierarchyOptions;
  nodes: NodeResult[];
  leaves: LeafResult[];
  composite: CompositeConsistency;
  /** S* of the hierarchy: sum over inner nodes of g * S*_node / sum g (g = the node's global weight). */
  consensus: { sStar: number; band: ConsensusBand } | null;
  experts: Array<{ id: string; weight: number; nodes: Record<string, ExpertNodeResult> }>;
}

const MAX_DEPTH = 64;

const NODE_KEYS = ['id', 'label', 'children', 'weights'] as const;
const MATRIX_KEYS = ['upper', 'matrix'] as const;

/** A misspelt key ("childern") must not silently change the meaning of the input. */
function rejectUnknownKeys(
  o: Record<string, unknown>,
  known: readonly string[],
  path: InputPath
): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) {
      throw new AhpInputError(
        [...path, key],
        `unknown field; expected ${known.map((k) => `"${k}"`).join(', ')}`
      );
    }
  }
}

function parseTree(
  input: unknown,
  path: InputPath,
  depth: number,
  parent: string | null,
  seen: Set<string>
): TreeNode {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AhpInputError(path, 'expected a node: {"id": "...", "children": [...]}');
  }
  const o = input as Record<string, unknown>;
  rejectUnknownKeys(o, NODE_KEYS, path);
  if (typeof o.id !== 'string' || o.id.trim() === '')
    throw new AhpInputError([...path, 'id'], 'every node needs a non-empty string id');
  const id = o.id;
  if (seen.has(id))
    throw new AhpInputError([...path, 'id'], `node id "${id}" is used twice; ids must be unique`);
  seen.add(id);
  if (o.label !== undefined && typeof o.label !== 'string')
    throw new AhpInputError([...path, 'label'], 'a label must be a string');
  if (depth > MAX_DEPTH)
    throw new AhpInputError(path, `the hierarchy is deeper than ${MAX_DEPTH} levels`);
  const node: TreeNode = {
    id,
    label: (o.label as string | undefined) ?? id,
    depth,
    parent,
    children: [],
    preset: null,
    path
  };
  if (o.children === undefined) {
    if (o.weights !== undefined)
      throw new AhpInputError([...path, 'weights'], `node "${id}" has weights but no children`);
    return node;
  }
  if (!Array.isArray(o.children))
    throw new AhpInputError([...path, 'children'], 'children must be an array of nodes');
  if (o.children.length === 0)
    throw new AhpInputError(
      [...path, 'children'],
      `node "${id}" has an empty children list; leave "children" out for a leaf`
    );
  node.children = o.children.map((c, k) =>
    parseTree(c, [...path, 'children', k], depth + 1, id, seen)
  );
  if (o.weights !== undefined)
    node.preset = parsePreset(o.weights, node.children.length, [...path, 'weights']);
  return node;
}

/** Preset weights: one per child, >= 0, summing to 1 within 1e-9 (then divided by their sum). */
function parsePreset(w: unknown, count: number, path: InputPath): number[] {
  if (!Array.isArray(w))
    throw new AhpInputError(path, 'preset weights must be an array of numbers');
  if (w.length !== count)
    throw new AhpInputError(path, `${w.length} preset weights for ${count} children`);
  let total = 0;
  w.forEach((x, k) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
      throw new AhpInputError(
        [...path, k],
        `preset weight ${JSON.stringify(x)} must be a finite number >= 0`
      );
    total += x;
  });
  if (Math.abs(total - 1) > 1e-9)
    throw new AhpInputError(path, `preset weights sum to ${total}, not 1`);
  return (w as number[]).map((x) => x / total);
}

/**
 * Validates a hierarchy on its own (unique ids, children, preset weights) and returns its
 * nodes: the goal, inner nodes and leaves depth-first.
 * @throws AhpInputError naming the path of the first problem
 */
export function parseHierarchy(
  input: unknown,
  path: InputPath = ['hierarchy']
): { root: TreeNode; inner: TreeNode[]; leaves: TreeNode[] } {
  const root = parseTree(input, path, 0, null, new Set());
  if (root.children.length === 0) {
    throw new AhpInputError([...path, 'children'], 'the goal needs children to compare');
  }
  const inner: TreeNode[] = [];
  const leaves: TreeNode[] = [];
  walk(root, inner, leaves);
  return { root, inner, leaves };
}

function walk(node: TreeNode, inner: TreeNode[], leaves: TreeNode[]): void {
  if (node.children.length === 0) {
    leaves.push(node);
    return;
  }
  inner.push(node);
  for (const c of node.children) walk(c, inner, leaves);
}

/** Validates option values given from outside (JSON), naming the bad one. */
export function parseHierarchyOptions(
  input: Record<string, unknown>,
  path: InputPath = []
): HierarchyOptions {
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = input[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new AhpInputError(
        [...path, key],
        `${JSON.stringify(v)} is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`
      );
    }
    return v as T;
  };
  const d = DEFAULT_HIERARCHY_OPTIONS;
  let threshold = d.threshold;
  if (input.threshold !== undefined) {
    const t = input.threshold;
    if (t === 'saaty-by-size') threshold = t;
    else if (typeof t === 'number' && t > 0 && t < 1) threshold = t;
    else
      throw new AhpInputError(
        [...path, 'threshold'],
        `${JSON.stringify(t)} is not a threshold: give a number between 0 and 1, or "saaty-by-size"`
      );
  }
  const ex = input.excludeInconsistent;
  if (ex !== undefined && typeof ex !== 'boolean')
    throw new AhpInputError([...path, 'excludeInconsistent'], 'must be true or false');
  return {
    method: pick('method', PRIORITY_METHODS, d.method),
    randomIndex: pick('randomIndex', RANDOM_INDEX_TABLES, d.randomIndex),
    threshold,
    scale: pick('scale', SCALE_POLICIES, d.scale),
    completion: pick('completion', COMPLETION_METHODS, d.completion),
    aggregation: pick('aggregation', AGGREGATIONS, d.aggregation),
    excludeInconsistent: ex ?? d.excludeInconsistent
  };
}

/**
 * Validates a hierarchy and the experts' judgments and parses every matrix once.
 * Judgments are keyed by the id of the node whose children they compare; an expert may answer
 * only part of the hierarchy.
 *
 * @throws AhpInputError naming the path of the first problem (unknown node ids, a matrix of
 *   the wrong size, judgments for a node with preset weights or for a leaf, bad values ...)
 */
export function prepareHierarchy(
  hierarchy: unknown,
  experts: readonly unknown[],
  options: Partial<HierarchyOptions> = {},
  paths: { hierarchy: InputPath; experts: InputPath } = {
    hierarchy: ['hierarchy'],
    experts: ['experts']
  }
): PreparedHierarchy {
  const opts: HierarchyOptions = {
    ...DEFAULT_HIERARCHY_OPTIONS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  };
  const { root, inner, leaves } = parseHierarchy(hierarchy, paths.hierarchy);
  const byId = new Map(inner.map((n) => [n.id, n]));
  const leafIds = new Set(leaves.map((n) => n.id));
  if (!Array.isArray(experts))
    throw new AhpInputError(paths.experts, 'expected an array of experts');
  if (experts.length === 0) throw new AhpInputError(paths.experts, 'at least one expert is needed');
  const ids = new Set<string>();
  const parsed = experts.map((e, k) => {
    const p = [...paths.experts, k];
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new AhpInputError(p, 'expected an expert: {"id": "...", "judgments": {...}}');
    const o = e as Record<string, unknown>;
    const id = o.id === undefined ? `E${k + 1}` : o.id;
    if (typeof id !== 'string' || id === '')
      throw new AhpInputError([...p, 'id'], 'an expert id must be a non-empty string');
    if (ids.has(id)) throw new AhpInputError([...p, 'id'], `expert id "${id}" is used twice`);
    ids.add(id);
    const weight = o.weight === undefined ? 1 : o.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
      throw new AhpInputError(
        [...p, 'weight'],
        `expert weight ${JSON.stringify(weight)} must be a finite number >= 0`
      );
    const j = o.judgments;
    if (typeof j !== 'object' || j === null || Array.isArray(j))
      throw new AhpInputError([...p, 'judgments'], 'expected an object: node id -> judgments');
    const matrices = new Map<string, PairwiseMatrix>();
    for (const [nodeId, value] of Object.entries(j)) {
      const jp = [...p, 'judgments', nodeId];
      const node = byId.get(nodeId);
      if (!node) {
        throw new AhpInputError(
          jp,
          leafIds.has(nodeId)
            ? `"${nodeId}" is a leaf: it has no children to compare`
            : `there is no node "${nodeId}" in the hierarchy`
        );
      }
      if (node.preset)
        throw new AhpInputError(jp, `node "${nodeId}" has preset weights; it takes no judgments`);
      const m = parseNodeJudgments(value, opts, jp);
      if (m.n !== node.children.length) {
        throw new AhpInputError(
          jp,
          `node "${nodeId}" has ${node.children.length} children, but these judgments compare ${m.n} elements`
        );
      }
      matrices.set(nodeId, m);
    }
    return { id, weight, matrices };
  });
  normaliseExpertWeights(
    parsed.map((e) => e.weight),
    paths.experts
  );
  const prepared = { root, inner, leaves, experts: parsed, options: opts };
  checkRandomIndexCoverage(prepared, opts);
  return prepared;
}

function parseNodeJudgments(
  value: unknown,
  opts: HierarchyOptions,
  path: InputPath
): PairwiseMatrix {
  if (Array.isArray(value)) return matrixFromUpper(value, opts.scale, path);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    rejectUnknownKeys(o, MATRIX_KEYS, path);
    if (o.upper !== undefined && o.matrix === undefined)
      return matrixFromUpper(o.upper as unknown[], opts.scale, [...path, 'upper']);
    if (o.matrix !== undefined && o.upper === undefined)
      return matrixFromRows(o.matrix as unknown[], opts.scale, [...path, 'matrix']);
  }
  throw new AhpInputError(
    path,
    'expected the upper triangle as an array, or {"upper": [...]} or {"matrix": [[...]]}'
  );
}

/**
 * Analyses a prepared hierarchy with the group of experts: per-expert weights and CR at every
 * node they answered; the group's local weights (AIJ or AIP) from the included experts;
 * global weights; composite consistency; consensus per node and overall.
 *
 * @throws AhpInputError when a node that needs judgments has none from an included expert
 */
export function analyseHierarchy(
  h: PreparedHierarchy,
  options: Partial<HierarchyOptions> = {}
): HierarchyResult {
  const opts: HierarchyOptions = {
    ...h.options,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  };
  const experts = h.experts.map((e) => ({
    id: e.id,
    weight: e.weight,
    nodes: {} as Record<string, ExpertNodeResult>
  }));
  const global = new Map<string, number>([[h.root.id, 1]]);
  const nodes: NodeResult[] = [];
  for (const node of h.inner) {
    const g = global.get(node.id)!;
    const result = analyseNode(h, node, opts, experts, g);
    node.children.forEach((c, k) => global.set(c.id, g * result.localWeights[k]!));
    nodes.push(result);
  }
  const leaves = rankLeaves(
    h.leaves.map((l) => ({
      id: l.id,
      label: l.label,
      path: pathOf(h, l),
      globalWeight: global.get(l.id)!,
      rank: 0
    }))
  );
  return {
    options: opts,
    nodes,
    leaves,
    composite: compositeConsistency(nodes, opts),
    consensus: overallConsensus(nodes),
    experts
  };
}

function analyseNode(
  h: PreparedHierarchy,
  node: TreeNode,
  opts: HierarchyOptions,
  experts: HierarchyResult['experts'],
  globalWeight: number
): NodeResult {
  const base = {
    id: node.id,
    label: node.label,
    depth: node.depth,
    children: node.children.map((c) => c.id),
    globalWeight
  };
  const none = {
    consistency: null,
    inconsistencies: [],
    completed: [],
    consensus: null,
    included: [],
    excluded: []
  };
  if (node.preset) return { ...base, source: 'preset', localWeights: node.preset.slice(), ...none };
  if (node.children.length === 1) return { ...base, source: 'single', localWeights: [1], ...none };
  const included: number[] = [];
  const excluded: NodeResult['excluded'] = [];
  const individual: number[][] = [];
  // Per expert only weights and CR are kept: weighKernel does weigh()'s arithmetic without its
  // result object, GCI and suggestions (the bits are the same; tests/unit/ahp/fast-path.test.ts).
  const n = node.children.length;
  const threshold = crThreshold(n, opts.threshold);
  const w = new Float64Array(n);
  let ri: number | null = null;
  for (let k = 0; k < h.experts.length; k++) {
    const e = h.experts[k]!;
    const m = e.matrices.get(node.id);
    if (!m) {
      excluded.push({ id: e.id, reason: 'not answered', cr: null });
      continue;
    }
    ri ??= randomIndex(n, opts.randomIndex, ['experts', k, 'judgments', node.id]).value;
    const cr = weighKernel(m, opts.method, opts.completion, ri, w);
    const weights = toArray(w, n);
    const consistent = cr < threshold;
    const reason: ExclusionReason | null =
      e.weight === 0
        ? 'zero weight'
        : opts.excludeInconsistent && !consistent
          ? 'inconsistent'
          : null;
    experts[k]!.nodes[node.id] = { weights, cr, consistent, included: reason === null, reason };
    if (reason) excluded.push({ id: e.id, reason, cr });
    else {
      included.push(k);
      individual.push(weights);
    }
  }
  if (included.length === 0) {
    const why =
      excluded.length > 0 ? ` (${excluded.map((x) => `${x.id}: ${x.reason}`).join('; ')})` : '';
    throw new AhpInputError(
      node.path,
      `node "${node.id}" has no judgments from any included expert${why}`
    );
  }
  const weights = included.map((k) => h.experts[k]!.weight);
  const group = weigh(
    aggregateJudgments(
      included.map((k) => h.experts[k]!.matrices.get(node.id)!),
      weights,
      node.path
    ),
    { ...opts, top: 3 },
    node.path
  );
  const localWeights =
    opts.aggregation === 'aij'
      ? group.weights
      : aggregatePriorities(
          individual,
          weights,
          opts.aggregation === 'aip-geometric' ? 'geometric' : 'arithmetic'
        );
  const {
    n: _n,
    method: _m,
    weights: _w,
    completed,
    completion: _c,
    inconsistencies,
    options: _o,
    ...consistency
  } = group;
  return {
    ...base,
    source: 'judgments',
    localWeights,
    consistency,
    inconsistencies,
    completed,
    consensus: consensus(individual, weights),
    included: included.map((k) => h.experts[k]!.id),
    excluded
  };
}

function pathOf(h: PreparedHierarchy, leaf: TreeNode): string[] {
  const byId = new Map(h.inner.map((n) => [n.id, n]));
  const out: string[] = [];
  for (let p = leaf.parent; p !== null; p = byId.get(p)!.parent) out.unshift(p);
  return out;
}

/** Weights closer than this (relative) are a tie: they differ only by rounding. */
export const RANK_TIE_TOLERANCE = 1e-12;

/**
 * Ranks by global weight, 1 = heaviest; weights equal within RANK_TIE_TOLERANCE (relative)
 * share the better rank (1, 2, 2, 4 ...). Sets `rank` in place and returns the same array.
 */
export function rankLeaves<T extends { globalWeight: number; rank: number }>(leaves: T[]): T[] {
  const order = leaves
    .map((_, k) => k)
    .sort((a, b) => leaves[b]!.globalWeight - leaves[a]!.globalWeight);
  order.forEach((k, pos) => {
    const prev = pos > 0 ? leaves[order[pos - 1]!]! : null;
    const w = leaves[k]!.globalWeight;
    const tie = prev !== null && prev.globalWeight - w <= RANK_TIE_TOLERANCE * prev.globalWeight;
    leaves[k]!.rank = tie ? prev.rank : pos + 1;
  });
  return leaves;
}

/** What the composite consistency reads of a node (a NodeResult, or a saved weight set's node). */
export interface CompositeInput {
  depth: number;
  globalWeight: number;
  children: readonly unknown[];
  consistency: { ci: number; cr: number; randomIndex: { value: number } } | null;
}

/**
 * The composite consistency of a hierarchy from its nodes (see CompositeConsistency for the
 * three ratios). Nodes without a matrix (`consistency` null) do not enter the sums.
 */
export function compositeConsistency(
  nodes: readonly CompositeInput[],
  opts: Pick<HierarchyOptions, 'threshold'>
): CompositeConsistency {
  const byDepth = new Map<number, { ci: number; ri: number }>();
  let ciAll = 0;
  let riAll = 0;
  let matrices = 0;
  let top: number | null = null;
  for (const node of nodes) {
    if (!node.consistency) continue;
    matrices++;
    const n = node.children.length;
    const ci = node.consistency.ci;
    const ri = node.consistency.randomIndex.value;
    ciAll += node.globalWeight * ci;
    riAll += node.globalWeight * ri;
    if (node.depth === 0) {
      top = node.consistency.cr;
      continue;
    }
    const level = byDepth.get(node.depth) ?? { ci: 0, ri: 0 };
    level.ci += node.globalWeight * ci;
    level.ri += node.globalWeight * (n <= 2 ? 0 : ri);
    byDepth.set(node.depth, level);
  }
  const levels = [...byDepth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([depth, { ci, ri }]) => ({
      depth,
      ciWeighted: ci,
      riWeighted: ri,
      cr: ri === 0 ? 0 : ci / ri
    }));
  const cr = levels.length === 0 ? null : levels.reduce((s, l) => s + l.cr, 0);
  const threshold = typeof opts.threshold === 'number' ? opts.threshold : 0.1;
  return {
    cr,
    crCumulative: matrices === 0 ? null : (top ?? 0) + (cr ?? 0),
    crSaaty: matrices === 0 ? null : riAll === 0 ? 0 : ciAll / riAll,
    levels,
    threshold,
    consistent: cr === null ? null : cr < threshold
  };
}

/** S* of the hierarchy: sum over nodes with a consensus of g * S*_node / sum g (g = global weight). */
export function overallConsensus(
  nodes: ReadonlyArray<{ globalWeight: number; consensus: { sStar: number } | null }>
): HierarchyResult['consensus'] {
  let s = 0;
  let g = 0;
  for (const node of nodes) {
    if (!node.consensus) continue;
    s += node.globalWeight * node.consensus.sStar;
    g += node.globalWeight;
  }
  if (g === 0) return null;
  return { sStar: s / g, band: consensusBand(s / g) };
}

/**
 * Checks that the random-index table covers every node that compares its children.
 * @throws AhpInputError at the first node too large for the table, naming tables that cover it
 */
export function checkRandomIndexCoverage(
  h: Pick<PreparedHierarchy, 'inner'>,
  opts: Pick<MethodOptions, 'randomIndex'>
): void {
  for (const node of h.inner) {
    if (!node.preset && node.children.length > 1)
      randomIndex(node.children.length, opts.randomIndex, [...node.path, 'children']);
  }
}
