/**
 * Uncertainty and sensitivity of a hierarchy's weights.
 *
 * - Bootstrap over experts (Efron and Tibshirani 1993, ch. 13): resample the panel with
 *   replacement, recompute the group's weights, and read percentile intervals of every global
 *   weight and, for every leaf, the share of resamples in which it keeps its rank.
 * - One-way sensitivity: move one node's local weight across [0, 1], rescale its siblings
 *   proportionally, and find where the ranking of the leaves changes.
 */
import { AhpInputError } from './errors';
import {
  analyseHierarchy,
  rankLeaves,
  type HierarchyOptions,
  type HierarchyResult,
  type PreparedHierarchy,
  type TreeNode
} from './hierarchy';
import { complete } from './incomplete';
import { assertConnected, type PairwiseMatrix } from './matrix';
import { seededUniforms } from './random';
import { drawExperts, LogPanel, type NodeMatrices } from './resample';
import { priorities } from './weigh';

export interface BootstrapOptions {
  /** Number of resamples B (>= 1). */
  resamples: number;
  /** Seed of the generator: the same seed gives the same numbers. */
  seed: number;
  /** Central coverage of the percentile intervals (default 0.95). */
  level: number;
}

export interface WeightInterval {
  id: string;
  /** The weight from the full panel. */
  estimate: number;
  lower: number;
  upper: number;
}

export interface BootstrapResult {
  method: 'percentile';
  resamples: number;
  /** Resamples in which some node had no judgments from the drawn experts (left out of the intervals). */
  skipped: number;
  seed: number;
  level: number;
  /** Intervals of the global weight of every node below the goal, depth-first. */
  global: WeightInterval[];
  /** For every leaf, the share of resamples in which it has the rank it has with the full panel. */
  rankStability: Array<{ id: string; rank: number; probability: number }>;
}

/**
 * The percentile p in [0, 1] of sorted values, interpolating linearly between order statistics
 * (Hyndman and Fan 1996, type 7, the default of R and numpy).
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

interface NodePlan {
  node: TreeNode;
  /** Index of the node and of its children in the bootstrap's node order (0 = the goal). */
  self: number;
  childIndex: Int32Array;
  /** Fixed local weights (preset or single child), or null when judgments decide. */
  fixed: number[] | null;
  /** The node's place in the LogPanel (-1 for fixed weights). */
  panel: number;
  /** Per expert: the matrix, or null when not included here (empty for fixed weights). */
  matrices: NodeMatrices;
  /** Per expert: individual priorities (for AIP), or null when not included here. */
  vectors: Array<number[] | null>;
}

/**
 * Bootstrap over experts. The inclusion of each expert's matrix at each node (answered,
 * consistent enough when inconsistent ones are left out) is decided once on the full panel;
 * each resample draws as many experts as the panel has, with replacement, and recomputes the
 * group's local weights (same aggregation, method and completion) and global weights.
 *
 * Each resample visits only the experts it drew, and sums every node's cells in one pass over
 * them (LogPanel); the sums run in the same order as a cell-by-cell loop over all experts, so
 * the numbers are the same to the last bit.
 *
 * `observe`, when given, sees every resample that counts: the global weights of the goal (index
 * 0) and of every node below it, depth-first (the order of `global` in the result). It must not
 * keep the array, which the next resample overwrites.
 *
 * @throws AhpInputError for a non-positive or non-integer number of resamples or a level outside (0, 1)
 */
export function bootstrapHierarchy(
  h: PreparedHierarchy,
  options: Partial<BootstrapOptions> = {},
  full: HierarchyResult = analyseHierarchy(h),
  observe?: (global: Float64Array) => void
): BootstrapResult {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new AhpInputError(
      ['bootstrap'],
      `the number of resamples must be a whole number >= 1, got ${resamples}`
    );
  if (!(level > 0 && level < 1))
    throw new AhpInputError(['level'], `the interval level must be between 0 and 1, got ${level}`);
  if (!Number.isInteger(seed))
    throw new AhpInputError(['seed'], `the seed must be a whole number, got ${seed}`);
  const opts = full.options;
  const allBelowRoot = collectBelowRoot(h.root);
  const plans = planNodes(h, full, allBelowRoot);
  const K = h.experts.length;
  const weights = Float64Array.from(h.experts, (e) => e.weight);
  const samples = allBelowRoot.map(() => new Float64Array(resamples));
  const fullRank = new Map(full.leaves.map((l) => [l.id, l.rank]));
  const leafRank = h.leaves.map((l) => fullRank.get(l.id)!);
  const leafIndex = h.leaves.map((l) => 1 + allBelowRoot.indexOf(l));
  // globalWeight starts as a double (NaN), not 0: a field that turns from integer to double
  // changes the objects' hidden class, and the loop below would be deoptimised.
  const ranked = h.leaves.map((l) => ({ id: l.id, globalWeight: NaN, rank: 0 }));
  const keeps = new Float64Array(h.leaves.length);
  const draw = seededUniforms(seed);
  const uniforms = new Float64Array(K);
  const counts = new Float64Array(K);
  const drawn = new Int32Array(K);
  const drawnWeight = new Float64Array(K);
  const global = new Float64Array(1 + allBelowRoot.length);
  const judged = plans.filter((p) => p.fixed === null);
  const panel =
    opts.aggregation === 'aij'
      ? new LogPanel(
          judged.map((p) => p.matrices),
          K
        )
      : null;
  const work = new GroupWork(plans);
  let valid = 0;
  let skipped = 0;
  for (let b = 0; b < resamples; b++) {
    const d = drawExperts(draw, uniforms, counts, weights, drawn, drawnWeight);
    panel?.accumulate(drawn, drawnWeight, d);
    if (!globalWeights(plans, drawn, drawnWeight, d, opts, panel, work, global)) {
      skipped++;
      continue;
    }
    for (let k = 0; k < allBelowRoot.length; k++) samples[k]![valid] = global[k + 1]!;
    observe?.(global);
    for (let k = 0; k < ranked.length; k++) ranked[k]!.globalWeight = global[leafIndex[k]!]!;
    rankLeaves(ranked);
    for (let k = 0; k < ranked.length; k++) if (ranked[k]!.rank === leafRank[k]) keeps[k]! += 1;
    valid++;
  }
  if (valid === 0)
    throw new AhpInputError(
      ['experts'],
      'no resample had judgments for every node: too few experts answered some node'
    );
  const fullGlobal = new Map<string, number>([[h.root.id, 1]]);
  for (const node of full.nodes)
    node.children.forEach((c, k) => fullGlobal.set(c, node.globalWeight * node.localWeights[k]!));
  const alpha = (1 - level) / 2;
  return {
    method: 'percentile',
    resamples,
    skipped,
    seed,
    level,
    global: allBelowRoot.map((n, k) => {
      const sorted = samples[k]!.slice(0, valid).sort();
      return {
        id: n.id,
        estimate: fullGlobal.get(n.id)!,
        lower: percentile(sorted, alpha),
        upper: percentile(sorted, 1 - alpha)
      };
    }),
    rankStability: h.leaves.map((l, k) => ({
      id: l.id,
      rank: leafRank[k]!,
      probability: keeps[k]! / valid
    }))
  };
}

/**
 * The global weight of every node (`global`, by the bootstrap's node order, the goal first)
 * for one resample; false when some node has no judgments from the drawn experts.
 */
function globalWeights(
  plans: NodePlan[],
  drawn: Int32Array,
  drawnWeight: Float64Array,
  d: number,
  opts: HierarchyOptions,
  panel: LogPanel | null,
  work: GroupWork,
  global: Float64Array
): boolean {
  global[0] = 1;
  for (const plan of plans) {
    const local = plan.fixed ?? groupWeights(plan, drawn, drawnWeight, d, opts, panel, work);
    if (!local) return false;
    const g = global[plan.self]!;
    for (let k = 0; k < plan.childIndex.length; k++) global[plan.childIndex[k]!] = g * local[k]!;
  }
  return true;
}

function collectBelowRoot(root: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (n: TreeNode) => {
    for (const c of n.children) {
      out.push(c);
      visit(c);
    }
  };
  visit(root);
  return out;
}

function planNodes(
  h: PreparedHierarchy,
  full: HierarchyResult,
  allBelowRoot: TreeNode[]
): NodePlan[] {
  const indexOf = new Map<string, number>([[h.root.id, 0]]);
  allBelowRoot.forEach((n, k) => indexOf.set(n.id, k + 1));
  let judged = 0;
  return h.inner.map((node) => {
    const result = full.nodes.find((r) => r.id === node.id)!;
    const base = {
      node,
      self: indexOf.get(node.id)!,
      childIndex: Int32Array.from(node.children, (c) => indexOf.get(c.id)!)
    };
    if (result.source !== 'judgments')
      return { ...base, fixed: result.localWeights, panel: -1, matrices: [], vectors: [] };
    const included = new Set(result.included);
    const matrices = h.experts.map((e) =>
      included.has(e.id) ? (e.matrices.get(node.id) ?? null) : null
    );
    const vectors = full.experts.map((e) =>
      included.has(e.id) ? e.nodes[node.id]!.weights : null
    );
    return { ...base, fixed: null, panel: judged++, matrices, vectors };
  });
}

/** Work areas of groupWeights, sized for the largest node, reused across resamples. */
class GroupWork {
  values: Float64Array[];
  out: Float64Array;
  constructor(plans: NodePlan[]) {
    const n = Math.max(...plans.map((p) => p.node.children.length));
    this.values = Array.from({ length: n + 1 }, (_, k) => new Float64Array(k * k));
    this.out = new Float64Array(n);
  }
}

/**
 * The group's local weights at one node for the drawn experts (`drawn[0..d)`, ascending, with
 * multiplicity x expert weight in `drawnWeight`), or null without data. For AIJ the sums come
 * from `panel` (accumulated for this resample). The result lives in `work.out` until the next
 * call.
 */
function groupWeights(
  plan: NodePlan,
  drawn: Int32Array,
  drawnWeight: Float64Array,
  d: number,
  opts: HierarchyOptions,
  panel: LogPanel | null,
  work: GroupWork
): ArrayLike<number> | null {
  const n = plan.node.children.length;
  if (panel === null) {
    let total = 0;
    const acc = new Float64Array(n);
    for (let t = 0; t < d; t++) {
      const v = plan.vectors[drawn[t]!];
      const c = drawnWeight[t]!;
      if (!v) continue;
      total += c;
      for (let i = 0; i < n; i++)
        acc[i] = acc[i]! + c * (opts.aggregation === 'aip-geometric' ? Math.log(v[i]!) : v[i]!);
    }
    if (total === 0) return null;
    if (opts.aggregation === 'aip-arithmetic') return Array.from(acc, (x) => x / total);
    let s = 0;
    const out = Array.from(acc, (x) => {
      const e = Math.exp(x / total);
      s += e;
      return e;
    });
    return out.map((x) => x / s);
  }
  const { sum, wsum } = panel;
  const values = work.values[n]!;
  let missing: Array<readonly [number, number]> | null = null;
  for (let i = 0, q = panel.offsets[plan.panel]!; i < n; i++) {
    values[i * n + i] = 1;
    for (let j = i + 1; j < n; j++, q++) {
      const w = wsum[q]!;
      if (w === 0) {
        values[i * n + j] = values[j * n + i] = NaN;
        (missing ??= []).push([i, j]);
      } else {
        const g = Math.exp(sum[q]! / w);
        values[i * n + j] = g;
        values[j * n + i] = 1 / g;
      }
    }
  }
  if (missing && missing.length === pairCountOf(n)) return null;
  const m: PairwiseMatrix = { n, values, missing: missing ?? [] };
  try {
    assertConnected(m);
  } catch {
    return null;
  }
  priorities(complete(m, opts.completion).values, n, opts.method, work.out);
  return work.out;
}

const pairCountOf = (n: number) => (n * (n - 1)) / 2;

/** A leaf's global weight as a line in the moved weight x: g(x) = intercept + slope * x. */
export interface SensitivityLine {
  id: string;
  intercept: number;
  slope: number;
}

export interface RankFlip {
  /** The moved weight at which the two leaves swap places. */
  x: number;
  /** The two leaves that swap: `above` is ahead just after x. */
  above: string;
  below: string;
}

export interface SensitivityResult {
  node: string;
  parent: string;
  /** The node's current local weight among its siblings. */
  current: number;
  lines: SensitivityLine[];
  /** Every point in (0, 1) where two leaves change order, ascending. */
  flips: RankFlip[];
  /** Leaf ids from heaviest to lightest at the current weight. */
  ranking: string[];
}

/**
 * One-way sensitivity of the leaf weights to the local weight x of `nodeId`: its siblings get
 * w_s (1 - x) / (1 - w) (proportional rescaling; equal shares of 1 - x when w = 1), so every
 * leaf's global weight is linear in x, g(x) = a + b x, and two leaves swap at
 * x = (a_q - a_p) / (b_p - b_q) where that lies in (0, 1).
 *
 * @throws AhpInputError when the node is the goal, unknown, or has no siblings
 */
export function sensitivity(
  h: PreparedHierarchy,
  result: HierarchyResult,
  nodeId: string
): SensitivityResult {
  const nodes = new Map(result.nodes.map((r) => [r.id, r]));
  const parent = result.nodes.find((r) => r.children.includes(nodeId));
  if (!parent) {
    throw new AhpInputError(
      ['node'],
      nodeId === h.root.id
        ? 'the goal has no siblings to trade weight with; pick a criterion'
        : `there is no node "${nodeId}" below the goal`
    );
  }
  if (parent.children.length < 2)
    throw new AhpInputError(['node'], `node "${nodeId}" has no siblings to trade weight with`);
  const idx = parent.children.indexOf(nodeId);
  const w = parent.localWeights[idx]!;
  const siblings = parent.children.length - 1;
  // within-subtree share of each leaf below a node: product of local weights from that node down
  const share = (id: string, out: Map<string, number>, factor: number) => {
    const r = nodes.get(id);
    if (!r) {
      out.set(id, factor);
      return;
    }
    r.children.forEach((c, k) => share(c, out, factor * r.localWeights[k]!));
  };
  const lines = new Map<string, SensitivityLine>(
    result.leaves.map((l) => [l.id, { id: l.id, intercept: l.globalWeight, slope: 0 }])
  );
  parent.children.forEach((childId, k) => {
    const under = new Map<string, number>();
    share(childId, under, 1);
    for (const [leaf, r] of under) {
      const line = lines.get(leaf)!;
      if (k === idx) {
        line.intercept = 0;
        line.slope = parent.globalWeight * r;
      } else {
        const s = w === 1 ? 1 / siblings : parent.localWeights[k]! / (1 - w);
        line.intercept = parent.globalWeight * s * r;
        line.slope = -parent.globalWeight * s * r;
      }
    }
  });
  const all = [...lines.values()];
  const flips: RankFlip[] = [];
  for (let p = 0; p < all.length; p++) {
    for (let q = p + 1; q < all.length; q++) {
      const a = all[p]!;
      const b = all[q]!;
      const ds = a.slope - b.slope;
      if (ds === 0) continue;
      const x = (b.intercept - a.intercept) / ds;
      if (x > 0 && x < 1)
        flips.push({ x, above: ds > 0 ? a.id : b.id, below: ds > 0 ? b.id : a.id });
    }
  }
  flips.sort((s, t) => s.x - t.x);
  return {
    node: nodeId,
    parent: parent.id,
    current: w,
    lines: all,
    flips,
    ranking: [...result.leaves].sort((s, t) => s.rank - t.rank).map((l) => l.id)
  };
}
