/**
 * Edited weight sets: a new set made from an existing one (the parent, never modified: sets are
 * immutable) with changes a researcher chose, recorded in the new set's provenance (kind
 * "edited", the parent's id and hash, the changes in order).
 *
 * - Moving a node's local weight from w to w': its siblings are rescaled in proportion, each
 *   s -> s (1 - w') / (1 - w), so they keep their ratios and the group still sums to 1. Refused
 *   when the node is an only child (it always weighs 1) or its siblings all weigh 0 (there is no
 *   proportion to keep).
 * - Changing a level's points on a leaf's categorical scale: a "fixed" level stays fixed with
 *   the new points; a "derived" level (the panel's) becomes an "override" that keeps the derived
 *   value beside it; an override set back to its derived value is "derived" again. A zero level
 *   is 0 points by definition and cannot be changed.
 *
 * What the edit makes stale is recomputed or withdrawn, never left claiming what it no longer
 * describes: global weights follow the new local weights; the node whose children were moved
 * takes "preset" as its comparison source (its weights no longer come from judgments, so its
 * consistency, consensus and expert count go); the composite CR and the overall S* are
 * recomputed from the nodes still compared; the leaves are ranked again; a bootstrap interval
 * whose node changed weight, and every leaf's rank stability once any weight moved, become null.
 */
import { problem, type Problem } from '../problem';
import {
  AhpInputError,
  compositeConsistency,
  overallConsensus,
  rankLeaves,
  type InputPath
} from '../ahp';
import type { ProvenanceChange } from './provenance';
import type { WeightSet, WeightSetNode } from './schema';
import { WEIGHT_SET_VERSION_2, type LeafScale, type WeightSetV2 } from './schema-v2';
import { hashWeightSet, verifyWeightSet } from './weight-set';
import { APP_VERSION } from './version';

/** One change to make, as the researcher asks for it (the `from` values are the parent's). */
export type WeightEdit =
  | { type: 'local-weight'; node: string; to: number }
  | { type: 'level-points'; node: string; level: string; to: number };

export interface EditOptions {
  /** The name of the new set. */
  name: string;
  /** The parent's saved id, or null for a set that was never saved (a file). */
  parentId: string | null;
  createdAt?: Date | string;
  appVersion?: string;
}

const fail = (path: InputPath, what: string | Problem): never => {
  throw typeof what === 'string'
    ? new AhpInputError(path, `editWeightSet: ${what}`)
    : new AhpInputError(path, what, 'editWeightSet');
};

const copy = <T>(x: T): T => structuredClone(x);

/** Moves one node's local weight, rescaling its siblings in proportion; returns the change. */
function moveLocal(
  nodes: WeightSetNode[],
  edit: Extract<WeightEdit, { type: 'local-weight' }>,
  path: InputPath
): ProvenanceChange {
  const node = nodes.find((n) => n.id === edit.node);
  if (!node) return fail([...path, 'node'], problem('edit-no-node', { node: edit.node }));
  if (node.parent === null) return fail([...path, 'node'], problem('edit-goal'));
  if (typeof edit.to !== 'number' || !(edit.to >= 0 && edit.to <= 1))
    return fail([...path, 'to'], problem('edit-weight-range', { value: String(edit.to) }));
  const parent = nodes.find((n) => n.id === node.parent)!;
  const siblings = nodes.filter((n) => n.parent === parent.id && n.id !== node.id);
  const from = node.localWeight;
  if (siblings.length === 0)
    return fail(
      [...path, 'node'],
      problem('edit-only-child', { node: node.id, parent: parent.id })
    );
  if (edit.to === from)
    return fail([...path, 'to'], problem('edit-same-weight', { node: node.id, from }));
  const rest = siblings.reduce((s, n) => s + n.localWeight, 0);
  if (!(rest > 0)) return fail([...path, 'node'], problem('edit-siblings-zero', { node: node.id }));
  const factor = (1 - edit.to) / rest;
  node.localWeight = edit.to;
  for (const s of siblings) s.localWeight *= factor;
  parent.comparison = { source: 'preset', consistency: null, consensus: null, experts: 0 };
  return { type: 'local-weight', node: node.id, from, to: edit.to };
}

/** Gives a level of a leaf's categorical scale other points; returns the change. */
function movePoints(
  leaves: WeightSetV2['leaves'],
  edit: Extract<WeightEdit, { type: 'level-points' }>,
  path: InputPath
): ProvenanceChange {
  const leaf = leaves.find((l) => l.id === edit.node);
  if (!leaf) return fail([...path, 'node'], problem('edit-no-leaf', { node: edit.node }));
  const scale: LeafScale | null = leaf.scale;
  if (!scale || scale.kind !== 'categorical')
    return fail([...path, 'node'], problem('edit-no-scale', { node: edit.node }));
  const level = scale.levels.find((l) => l.id === edit.level);
  if (!level)
    return fail(
      [...path, 'level'],
      problem('edit-no-level', { node: edit.node, level: edit.level })
    );
  if (level.zero)
    return fail([...path, 'level'], problem('edit-zero-level', { level: edit.level }));
  if (typeof edit.to !== 'number' || !(edit.to >= 0 && edit.to <= 100))
    return fail([...path, 'to'], problem('edit-points-range', { value: String(edit.to) }));
  const from = level.points;
  if (edit.to === from)
    return fail([...path, 'to'], problem('edit-same-points', { level: edit.level, from }));
  if (level.source === 'derived') {
    level.derived = from;
    level.source = 'override';
  } else if (level.source === 'override' && level.derived === edit.to) {
    level.derived = null;
    level.source = 'derived';
  }
  level.points = edit.to;
  return { type: 'level-points', node: leaf.id, level: level.id, from, to: edit.to };
}

/**
 * A new weight set: `parent` with `edits` made in order (see the module comment), provenance
 * kind "edited" naming the parent by `options.parentId` and its hash. The parent is not touched.
 * @throws AhpInputError (path ["edits", k, ...]) for an edit that cannot be made, or when the
 *   parent does not verify
 */
export async function editWeightSet(
  parent: WeightSet,
  edits: readonly WeightEdit[],
  options: EditOptions
): Promise<WeightSet> {
  const checked = await verifyWeightSet(parent);
  if (!checked.ok) fail(['parent', ...checked.error.path], checked.error.detail);
  if (edits.length === 0) fail(['edits'], 'give at least one change');
  const nodes = copy(parent.nodes);
  const leaves: WeightSetV2['leaves'] = parent.leaves.map((l) => ({
    id: l.id,
    globalWeight: l.globalWeight,
    scale: 'scale' in l ? copy(l.scale) : null
  }));
  const changes = edits.map((e, k) =>
    e.type === 'local-weight'
      ? moveLocal(nodes, e, ['edits', k])
      : e.type === 'level-points'
        ? movePoints(leaves, e, ['edits', k])
        : fail(['edits', k, 'type'], 'a change is "local-weight" or "level-points"')
  );

  propagateLocalWeights(nodes, leaves);

  const compared = nodes
    .filter((n) => n.comparison)
    .map((n) => ({
      ...n,
      consistency: n.comparison!.consistency,
      consensus: n.comparison!.consensus
    }));
  const c = compositeConsistency(compared, { threshold: parent.method.threshold });
  const overall = overallConsensus(compared);
  const createdAt = options.createdAt ?? new Date();
  const body: Omit<WeightSetV2, 'hash'> = {
    ...copy(parent),
    version: WEIGHT_SET_VERSION_2,
    name: options.name,
    createdAt: typeof createdAt === 'string' ? createdAt : createdAt.toISOString(),
    appVersion: options.appVersion ?? APP_VERSION,
    nodes,
    leaves,
    composite: {
      cr: c.cr,
      crCumulative: c.crCumulative,
      crSaaty: c.crSaaty,
      threshold: c.threshold,
      consistent: c.consistent
    },
    consensus: overall ? { sStar: overall.sStar, band: overall.band } : null,
    provenance: {
      kind: 'edited',
      parent: { id: options.parentId, hash: parent.hash.value },
      changes,
      source: null
    }
  };
  delete (body as { hash?: unknown }).hash;
  return sealWeightSet(body, fail);
}

/**
 * Global weights down the tree from the local ones (`nodes` depth-first, parents first), the
 * leaves ranked again and `leaves` given the new global weights. Withdrawn (null): the interval
 * of a node whose global weight moved, and every leaf's rank stability once any weight moved.
 * @returns whether any global weight moved
 */
export function propagateLocalWeights(
  nodes: WeightSetNode[],
  leaves: Array<{ id: string; globalWeight: number }>
): boolean {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let moved = false;
  for (const n of nodes) {
    if (n.parent === null) continue;
    const g = byId.get(n.parent)!.globalWeight * n.localWeight;
    if (g !== n.globalWeight) {
      moved = true;
      n.globalWeight = g;
      n.interval = null;
    }
  }
  const ranked = rankLeaves(
    nodes.filter((n) => n.leaf).map((n) => ({ id: n.id, globalWeight: n.globalWeight, rank: 0 }))
  );
  const rankOf = new Map(ranked.map((r) => [r.id, r.rank]));
  for (const n of nodes)
    if (n.leaf)
      n.leaf = {
        rank: rankOf.get(n.id)!,
        rankStability: moved ? null : n.leaf.rankStability
      };
  for (const l of leaves) l.globalWeight = byId.get(l.id)!.globalWeight;
  return moved;
}

/**
 * The set `body` with its hash, verified like every set.
 * @throws through `fail` (path, message) when it does not verify
 */
export async function sealWeightSet(
  body: Omit<WeightSetV2, 'hash'>,
  fail: (path: InputPath, message: string) => never
): Promise<WeightSetV2> {
  const ws: WeightSetV2 = {
    ...body,
    hash: { algorithm: 'sha256', value: await hashWeightSet(body) }
  };
  const check = await verifyWeightSet(ws);
  if (!check.ok) fail(check.error.path, check.error.message);
  return ws;
}
