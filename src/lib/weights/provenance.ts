/**
 * Where a weight set came from: its `provenance`, an optional member of version 2 (a set that
 * carries one is always version 2; a set without one, every version-1 set included, is read as
 * made by a panel). The hash covers it like every other member, so a set cannot be passed off as
 * having another origin. static/schema/weight-set-v2.json describes the same member.
 *
 * - kind "panel": the survey's experts' judgments (what every set without provenance is);
 * - kind "given": weights read from a file (a published study's, or typed by the researcher),
 *   with the file's SHA-256; a sibling group the researcher asked to normalise is recorded as a
 *   "normalise" change with the sum it had;
 * - kind "regression": weights from a logistic regression on a loan file, with its SHA-256 and
 *   the fit (`fit`: method, options, coefficients, and the set whose scales read the loans);
 * - kind "edited": a copy of another set (the parent: its id where it was saved, and its hash)
 *   with the changes listed in order; the parent itself is never modified.
 */
import * as v from 'valibot';
import { MAX_LABEL_LENGTH, MAX_NODES } from '../survey';
import { PATTERNS, SCORE_MAX, SCORE_MIN, type WeightSet } from './schema';

export const PROVENANCE_KINDS = ['panel', 'given', 'regression', 'edited'] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];
export const SOURCE_FORMATS = ['csv', 'json'] as const;

const nodeId = v.pipe(v.string(), v.regex(new RegExp(PATTERNS.nodeId), 'not a node id'));
const sha256 = v.pipe(v.string(), v.regex(new RegExp(PATTERNS.sha256), '64 lowercase hex digits'));
const unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const points = v.pipe(v.number(), v.finite(), v.minValue(SCORE_MIN), v.maxValue(SCORE_MAX));

export const provenanceChangeSchema = v.variant('type', [
  /** A child's local weight set to `to`; its siblings rescaled in proportion (sum stays 1). */
  v.strictObject({ type: v.literal('local-weight'), node: nodeId, from: unit, to: unit }),
  /** A level of a leaf's categorical scale given other points. */
  v.strictObject({
    type: v.literal('level-points'),
    node: nodeId,
    level: nodeId,
    from: points,
    to: points
  }),
  /** The children of `node` were divided by their sum `sum`, because the researcher asked. */
  v.strictObject({
    type: v.literal('normalise'),
    node: nodeId,
    sum: v.pipe(v.number(), v.finite(), v.gtValue(0))
  })
]);
export type ProvenanceChange = v.InferOutput<typeof provenanceChangeSchema>;

/** How the coefficients of a fit become weights (src/lib/validation/regression-set.ts). */
export const REGRESSION_MAPPINGS = ['negative-coefficient-share'] as const;

/**
 * The logistic regression a set of kind "regression" was read from: the method and its options,
 * what it was fitted on, the coefficients (one per leaf, in the set's leaf order) and how they
 * became weights; `base` is the set whose hierarchy, rating scales and grades read the loan file
 * (its weights play no part). Anyone holding the loan file and the base can fit it again.
 */
export const regressionFitSchema = v.strictObject({
  model: v.literal('logistic'),
  method: v.literal('newton-raphson'),
  mapping: v.picklist(REGRESSION_MAPPINGS),
  /** The loan file's outcome column (1 = defaulted, 0 = repaid). */
  outcome: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_LABEL_LENGTH)),
  ridge: v.pipe(v.number(), v.finite(), v.minValue(0)),
  tolerance: v.pipe(v.number(), v.finite(), v.gtValue(0)),
  maxIterations: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  loans: v.pipe(v.number(), v.integer(), v.minValue(1)),
  defaults: v.pipe(v.number(), v.integer(), v.minValue(1)),
  intercept: v.pipe(v.number(), v.finite()),
  /** beta_j per score point of leaf j, in the set's leaf order. */
  coefficients: v.pipe(v.array(v.pipe(v.number(), v.finite())), v.maxLength(MAX_NODES)),
  base: v.strictObject({
    id: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
    hash: sha256
  })
});
export type RegressionFit = v.InferOutput<typeof regressionFitSchema>;

/** How far a leaf's global weight may be from the share its coefficient gives it. */
export const REGRESSION_WEIGHT_TOLERANCE = 1e-12;

export const provenanceSchema = v.strictObject({
  kind: v.picklist(PROVENANCE_KINDS),
  /** The set this one was made from (kind "edited"): its saved id, or null, and its hash. */
  parent: v.nullable(
    v.strictObject({
      id: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
      hash: sha256
    })
  ),
  /** What was changed, in the order it was done. */
  changes: v.pipe(v.array(provenanceChangeSchema), v.maxLength(MAX_NODES * 20)),
  /** The file the weights were read from (kinds "given" and "regression"). */
  source: v.nullable(
    v.strictObject({
      name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_LABEL_LENGTH)),
      format: v.picklist(SOURCE_FORMATS),
      sha256
    })
  ),
  /** The regression the weights were read from (kind "regression" only). */
  fit: v.optional(regressionFitSchema)
});
export type Provenance = v.InferOutput<typeof provenanceSchema>;

/** What a set without provenance is: the panel's. */
export const PANEL_PROVENANCE: Readonly<Provenance> = Object.freeze({
  kind: 'panel',
  parent: null,
  changes: [],
  source: null
});

/** A weight set's provenance; a set without one (any version 1 set) was made by a panel. */
export function provenanceOf(ws: WeightSet): Provenance {
  return (ws.version === 2 ? ws.provenance : undefined) ?? PANEL_PROVENANCE;
}

interface ProvenanceTarget {
  nodes: ReadonlyArray<{ id: string; children: readonly string[]; parent: string | null }>;
  leaves: ReadonlyArray<{
    id: string;
    globalWeight: number;
    scale?: { kind: string; levels?: ReadonlyArray<{ id: string; points: number }> } | null;
  }>;
}

/**
 * What the hash cannot say about a provenance: that it fits its kind and the set it describes.
 * - "panel": no parent, no changes, no source; "given": no parent, only "normalise" changes;
 *   "regression": a source and a fit, no parent; "edited": a parent and at least one change;
 *   only "regression" has a fit, whose coefficients are one per leaf, all negative, and give
 *   each leaf's weight as its share, -beta_j / sum_k -beta_k, within REGRESSION_WEIGHT_TOLERANCE;
 * - every change names a node of the set: "local-weight" a node other than the goal,
 *   "normalise" a node with children, "level-points" a level of a leaf's categorical scale,
 *   and the last change of each level gives the points the set has.
 * @returns null when it fits, else the path (under `provenance`) and what is wrong
 */
export function provenanceProblem(
  p: Provenance,
  ws: ProvenanceTarget
): { path: Array<string | number>; message: string } | null {
  const kindRule: Record<ProvenanceKind, () => string | null> = {
    panel: () =>
      p.parent || p.changes.length > 0 || p.source
        ? 'a panel set has no parent, changes or source'
        : null,
    given: () =>
      p.parent
        ? 'a set of given weights has no parent'
        : p.changes.some((c) => c.type !== 'normalise')
          ? 'a set of given weights records only "normalise" changes'
          : null,
    regression: () =>
      p.parent
        ? 'a regression set has no parent'
        : !p.source
          ? 'a regression set names its loan file (source)'
          : !p.fit
            ? 'a regression set records its fit'
            : null,
    edited: () =>
      !p.parent
        ? 'an edited set names its parent'
        : p.changes.length === 0
          ? 'an edited set lists at least one change'
          : null
  };
  const kind =
    p.fit && p.kind !== 'regression' ? 'only a regression set records a fit' : kindRule[p.kind]();
  if (kind) return { path: ['kind'], message: kind };
  if (p.fit) {
    const problem = fitProblem(p.fit, ws.leaves);
    if (problem) return { path: ['fit', ...problem.path], message: problem.message };
  }
  const nodes = new Map(ws.nodes.map((n) => [n.id, n]));
  const lastPoints = new Map<string, { k: number; to: number }>();
  for (let k = 0; k < p.changes.length; k++) {
    const c = p.changes[k]!;
    const node = nodes.get(c.node);
    const at = ['changes', k, 'node'];
    if (!node) return { path: at, message: `there is no node "${c.node}" in this set` };
    if (c.type === 'local-weight' && node.parent === null)
      return { path: at, message: 'the goal has no local weight to change' };
    if (c.type === 'normalise' && node.children.length === 0)
      return { path: at, message: `"${c.node}" is a leaf: it has no children to normalise` };
    if (c.type === 'level-points') {
      const scale = ws.leaves.find((l) => l.id === c.node)?.scale;
      if (!scale?.levels?.some((l) => l.id === c.level))
        return {
          path: ['changes', k, 'level'],
          message: `leaf "${c.node}" has no categorical level "${c.level}"`
        };
      lastPoints.set(`${c.node}\u0000${c.level}`, { k, to: c.to });
    }
  }
  for (const [key, { k, to }] of lastPoints) {
    const [leaf, level] = key.split('\u0000') as [string, string];
    const now = ws.leaves
      .find((l) => l.id === leaf)!
      .scale!.levels!.find((l) => l.id === level)!.points;
    if (now !== to)
      return {
        path: ['changes', k, 'to'],
        message: `level "${level}" of "${leaf}" has ${now} points, not the ${to} this change gave it`
      };
  }
  return null;
}

/** What the hash cannot say about a fit: that its coefficients give the leaves' weights. */
function fitProblem(
  fit: RegressionFit,
  leaves: ProvenanceTarget['leaves']
): { path: Array<string | number>; message: string } | null {
  const b = fit.coefficients;
  if (b.length !== leaves.length)
    return {
      path: ['coefficients'],
      message: `${b.length} coefficients for ${leaves.length} leaves: one per leaf, in leaf order`
    };
  const wrong = b.findIndex((x) => !(x < 0));
  if (wrong >= 0)
    return {
      path: ['coefficients', wrong],
      message: `leaf "${leaves[wrong]!.id}" has coefficient ${b[wrong]}: only a negative one (more points, fewer defaults) gives a weight`
    };
  if (fit.defaults >= fit.loans)
    return { path: ['defaults'], message: 'a fit needs repaid loans as well as defaults' };
  const total = b.reduce((s, x) => s - x, 0);
  for (let j = 0; j < b.length; j++) {
    const share = -b[j]! / total;
    if (!(Math.abs(leaves[j]!.globalWeight - share) <= REGRESSION_WEIGHT_TOLERANCE))
      return {
        path: ['coefficients', j],
        message: `leaf "${leaves[j]!.id}" weighs ${leaves[j]!.globalWeight}, not the ${share} its coefficient's share gives`
      };
  }
  return null;
}
