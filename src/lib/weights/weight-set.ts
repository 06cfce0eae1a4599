/**
 * Building and verifying weight sets (the document is defined in ./schema.ts).
 *
 * A weight set is built from a survey definition and an analysis of its responses (the
 * engine's HierarchyResult, optionally with a bootstrap), hashed over its canonical JSON
 * (./canonical.ts), and verified by production before use: schema, then hash, then the tree's
 * shape, then the leaves' weights summing to 1, then the grading bands.
 */
import * as v from 'valibot';
import {
  AhpInputError,
  formatPath,
  type BootstrapResult,
  type HierarchyResult,
  type InputPath,
  type RatingsBootstrap,
  type RatingsResult
} from '../ahp';
import { FARM_CREDIT_DEFAULT_GRADES, type SurveyDefinition, type SurveyNode } from '../survey';
import { canonicalJson, sha256Hex } from './canonical';
import {
  GRADE_TOLERANCE,
  SCORE_MAX,
  SCORE_MIN,
  WEIGHT_SET_FORMAT,
  compositeNeedsV2,
  WEIGHT_SET_VERSIONS,
  WEIGHT_SUM_TOLERANCE,
  type GradeBand,
  type WeightSet,
  type WeightSetExpert,
  type WeightSetV1,
  type WeightSetNode
} from './schema';
import { provenanceProblem, type Provenance } from './provenance';
import { leafScaleOf, leafScaleProblem, type ScaleOverrides } from './scales';
import {
  WEIGHT_SET_VERSION_2,
  weightSetSchemaOf,
  type LeafScale,
  type WeightSetV2
} from './schema-v2';
import { APP_VERSION } from './version';
import { problem as refusal, problemEnglish, type Problem } from '../problem';

/** A member of the panel, as the researcher knows them. */
export interface PanelMember {
  /** The expert's id in the analysis (HierarchyResult.experts[].id). */
  id: string;
  /** Published only with `publishNames`. */
  name?: string;
  role?: string;
  /** Expert weight of a member left out (members in the analysis carry theirs there). */
  weight?: number;
  /** Why the researcher left this member out of the analysis; absent for members in it. */
  excluded?: string;
}

export interface WeightSetOptions {
  /** The survey's id (the server's, or any stable name). */
  surveyId: string;
  /** The name of this weight set ("Fujian panel, consistent experts only"). */
  name: string;
  /** Default: now. */
  createdAt?: Date | string;
  /** Default: the version in package.json. */
  appVersion?: string;
  /** The bootstrap of the same analysis, when computed. */
  bootstrap?: BootstrapResult | null;
  /**
   * The whole panel in order (aliases E1, E2 ... follow this order), including members the
   * researcher left out. Default: the experts of the analysis, without roles.
   */
  panel?: readonly PanelMember[];
  /** Publish the members' names (default: aliases only). */
  publishNames?: boolean;
  /** Grading bands, from the highest minimum score to 0. Default: the Fujian study's ten grades. */
  grades?: ReadonlyArray<{ grade: string; minScore: number }>;
  /** The panel's ratings of each leaf whose scale the panel compares, by leaf id. */
  ratings?: ReadonlyMap<string, RatingsResult>;
  /** Points put in place of derived ones (recorded as overrides, the derived value beside). */
  overrides?: ScaleOverrides;
  /** Where the weights came from, when not from the panel: makes the set version 2. */
  provenance?: Provenance;
  /** Bootstrap intervals of the derived points (bootstrapRatings, same options as `bootstrap`). */
  ratingsBootstrap?: ReadonlyMap<string, RatingsBootstrap>;
  /** The Delphi round the answers come from (recorded only when given). */
  round?: number | undefined;
}

/** The Fujian study's ten grades AAA ... D with the template's editable default cut-offs. */
export const DEFAULT_GRADES: readonly GradeBand[] = FARM_CREDIT_DEFAULT_GRADES.map((b) => ({
  grade: b.grade,
  minScore: b.minScore
}));

const fail = (path: InputPath, message: string): never => {
  throw new AhpInputError(path, `buildWeightSet: ${message}`);
};

/**
 * Grading bands in force: minimum scores strictly descending, the last one 0, all within
 * [0, 100], grades distinct and non-empty.
 * @returns null when valid, else the path and what is wrong
 */
export function checkGradeBands(
  bands: ReadonlyArray<{ grade: string; minScore: number }>
): { path: InputPath; message: string; problem: Problem } | null {
  const refuse = (path: InputPath, p: Problem) => ({
    path,
    message: problemEnglish(p),
    problem: p
  });
  if (bands.length === 0) return refuse([], refusal('grade-none'));
  const seen = new Set<string>();
  for (let k = 0; k < bands.length; k++) {
    const { grade, minScore } = bands[k]!;
    if (typeof grade !== 'string' || grade.trim() === '' || grade !== grade.trim())
      return refuse([k, 'grade'], refusal('grade-name'));
    if (seen.has(grade)) return refuse([k, 'grade'], refusal('grade-twice', { grade }));
    seen.add(grade);
    if (typeof minScore !== 'number' || !(minScore >= SCORE_MIN && minScore <= SCORE_MAX))
      return refuse(
        [k, 'minScore'],
        refusal('grade-score', { value: String(minScore), min: SCORE_MIN, max: SCORE_MAX })
      );
    if (k > 0 && !(minScore < bands[k - 1]!.minScore))
      return refuse(
        [k, 'minScore'],
        refusal('grade-order', { value: minScore, before: bands[k - 1]!.minScore })
      );
  }
  const last = bands[bands.length - 1]!;
  if (last.minScore !== SCORE_MIN)
    return refuse(
      [bands.length - 1, 'minScore'],
      refusal('grade-last', { min: SCORE_MIN, value: last.minScore })
    );
  return null;
}

/** Plain left-to-right sum of the leaves' global weights, in leaf order (the rule production follows). */
export function leafWeightSum(leaves: ReadonlyArray<{ globalWeight: number }>): number {
  let s = 0;
  for (const l of leaves) s += l.globalWeight;
  return s;
}

/** The hash of a weight set: SHA-256 of the canonical JSON of everything but `hash`. */
export async function hashWeightSet(ws: Omit<WeightSet, 'hash'> | WeightSet): Promise<string> {
  const { hash: _hash, ...rest } = ws as WeightSet;
  return sha256Hex(canonicalJson(rest));
}

function definitionNodes(
  root: SurveyNode
): Array<{ node: SurveyNode; parent: string | null; depth: number }> {
  const out: Array<{ node: SurveyNode; parent: string | null; depth: number }> = [];
  const visit = (node: SurveyNode, parent: string | null, depth: number) => {
    out.push({ node, parent, depth });
    for (const c of node.children ?? []) visit(c, node.id, depth + 1);
  };
  visit(root, null, 0);
  return out;
}

/**
 * Builds the weight set of an analysis. Nothing is rounded: every number is the engine's double.
 *
 * @param definition the survey the analysis belongs to (labels in both languages, descriptions)
 * @param analysis analyseHierarchy() of that survey's responses
 * @throws AhpInputError when the analysis does not match the definition's hierarchy, the leaves'
 *   global weights do not sum to 1 within 1e-12, the panel does not cover the analysis' experts,
 *   the bootstrap belongs to another hierarchy, or the grading bands are not valid
 */
export async function buildWeightSet(
  definition: SurveyDefinition,
  analysis: HierarchyResult,
  options: WeightSetOptions
): Promise<WeightSet> {
  const all = definitionNodes(definition.hierarchy);
  const results = new Map(analysis.nodes.map((r) => [r.id, r]));
  const leafResults = new Map(analysis.leaves.map((l) => [l.id, l]));
  const innerCount = all.filter((x) => (x.node.children?.length ?? 0) > 0).length;
  if (innerCount !== analysis.nodes.length || all.length - innerCount !== analysis.leaves.length)
    fail(['analysis'], 'the analysis is of another hierarchy than the survey definition');

  const boot = options.bootstrap ?? null;
  const intervals = new Map(boot?.global.map((g) => [g.id, g]) ?? []);
  const stability = new Map(boot?.rankStability.map((r) => [r.id, r.probability]) ?? []);
  if (boot && boot.global.length !== all.length - 1)
    fail(['bootstrap'], 'the bootstrap is of another hierarchy than the survey definition');

  const local = new Map<string, number>([[definition.hierarchy.id, 1]]);
  const nodes: WeightSetNode[] = all.map(({ node, parent, depth }) => {
    const children = (node.children ?? []).map((c) => c.id);
    const base = {
      id: node.id,
      parent,
      depth,
      label: { en: node.label.en, zh: node.label.zh },
      description: node.description ? { en: node.description.en, zh: node.description.zh } : null,
      children
    };
    const interval = (): WeightSetNode['interval'] => {
      if (depth === 0 || !boot) return null;
      const g = intervals.get(node.id);
      if (!g) return fail(['bootstrap', 'global'], `no interval for node "${node.id}"`);
      return { lower: g.lower, upper: g.upper };
    };
    if (children.length === 0) {
      const leaf = leafResults.get(node.id);
      if (!leaf) return fail(['analysis', 'leaves'], `leaf "${node.id}" is not in the analysis`);
      let rankStability: number | null = null;
      if (boot) {
        const p = stability.get(node.id);
        if (p === undefined)
          return fail(['bootstrap', 'rankStability'], `no rank stability for leaf "${node.id}"`);
        rankStability = p;
      }
      return {
        ...base,
        localWeight: local.get(node.id)!,
        globalWeight: leaf.globalWeight,
        interval: interval(),
        comparison: null,
        leaf: { rank: leaf.rank, rankStability }
      };
    }
    const r = results.get(node.id);
    if (!r || r.children.length !== children.length || r.children.some((c, k) => c !== children[k]))
      return fail(
        ['analysis', 'nodes'],
        `node "${node.id}" of the survey has no matching node (same children, same order) in the analysis`
      );
    r.children.forEach((c, k) => local.set(c, r.localWeights[k]!));
    const c = r.consistency;
    return {
      ...base,
      localWeight: local.get(node.id)!,
      globalWeight: r.globalWeight,
      interval: interval(),
      comparison: {
        source: r.source,
        consistency: c
          ? {
              lambdaMax: c.lambdaMax,
              ci: c.ci,
              randomIndex: { table: c.randomIndex.table, value: c.randomIndex.value },
              cr: c.cr,
              threshold: c.threshold,
              consistent: c.consistent
            }
          : null,
        consensus: r.consensus ? { sStar: r.consensus.sStar, band: r.consensus.band } : null,
        experts: r.included.length
      },
      leaf: null
    };
  });

  const leaves = analysis.leaves.map((l) => ({ id: l.id, globalWeight: l.globalWeight }));
  const scales = leafScales(all, options);
  const sum = leafWeightSum(leaves);
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE))
    fail(
      ['analysis', 'leaves'],
      `the leaves' global weights sum to ${sum}, not 1 within ${WEIGHT_SUM_TOLERANCE}; refusing to write weights that production would not reproduce`
    );

  const grades = (options.grades ?? DEFAULT_GRADES).map((b) => ({
    grade: b.grade,
    minScore: b.minScore
  }));
  const bandProblem = checkGradeBands(grades);
  if (bandProblem) fail(['grades', ...bandProblem.path], bandProblem.message);

  const o = analysis.options;
  const createdAt =
    options.createdAt === undefined
      ? new Date().toISOString()
      : typeof options.createdAt === 'string'
        ? options.createdAt
        : options.createdAt.toISOString();

  const composite = {
    cr: analysis.composite.cr,
    crCumulative: analysis.composite.crCumulative,
    crSaaty: analysis.composite.crSaaty,
    threshold: analysis.composite.threshold,
    consistent: analysis.composite.consistent
  };
  const common: Omit<WeightSetV1, 'hash' | 'version' | 'leaves' | 'composite'> = {
    format: WEIGHT_SET_FORMAT,
    name: options.name,
    createdAt,
    appVersion: options.appVersion ?? APP_VERSION,
    survey: {
      id: options.surveyId,
      title: { en: definition.title.en, zh: definition.title.zh },
      ...(options.round !== undefined ? { round: options.round } : {})
    },
    method: {
      priorityMethod: o.method,
      aggregation: o.aggregation,
      randomIndex: o.randomIndex,
      threshold: o.threshold,
      scale: o.scale,
      completion: o.completion,
      excludeInconsistent: o.excludeInconsistent,
      bootstrap: boot
        ? { resamples: boot.resamples, seed: boot.seed, level: boot.level, skipped: boot.skipped }
        : null
    },
    nodes,
    consensus: analysis.consensus
      ? { sStar: analysis.consensus.sStar, band: analysis.consensus.band }
      : null,
    experts: expertsOf(analysis, options),
    grading: {
      scoreMin: SCORE_MIN,
      scoreMax: SCORE_MAX,
      tolerance: GRADE_TOLERANCE,
      bands: grades
    }
  };
  // Version 1, exactly as before scales existed, unless a leaf has a scale, a composite
  // figure is not applicable (null) or the set records its provenance: only version 2 can say
  // any of these.
  const body: Omit<WeightSetV1, 'hash'> | Omit<WeightSetV2, 'hash'> =
    scales || compositeNeedsV2(composite) || options.provenance
      ? {
          ...common,
          version: WEIGHT_SET_VERSION_2,
          leaves: leaves.map((l) => ({ ...l, scale: scales?.get(l.id) ?? null })),
          composite,
          ...(options.provenance ? { provenance: options.provenance } : {})
        }
      : {
          ...common,
          version: 1,
          leaves,
          composite: composite as WeightSetV1['composite']
        };
  const hash = { algorithm: 'sha256' as const, value: await hashWeightSet(body) };
  const ws: WeightSet =
    body.version === WEIGHT_SET_VERSION_2 ? { ...body, hash } : { ...body, hash };
  // What we hand out must pass what production runs.
  const check = await verifyWeightSet(ws);
  if (!check.ok) fail(check.error.path, check.error.message);
  return ws as WeightSet;
}

/** The leaves' scales for a version 2 set, or null when no leaf has a scale. */
function leafScales(
  all: ReturnType<typeof definitionNodes>,
  options: WeightSetOptions
): Map<string, LeafScale> | null {
  const out = new Map<string, LeafScale>();
  for (const { node } of all) {
    if (!node.scale) continue;
    const made = leafScaleOf(
      node.scale,
      options.ratings?.get(node.id),
      options.overrides?.[node.id],
      options.ratingsBootstrap?.get(node.id)
    );
    if ('message' in made) return fail(['scales', node.id, ...made.path], made.message);
    out.set(node.id, made);
  }
  for (const id of Object.keys(options.overrides ?? {}))
    if (!out.has(id)) fail(['overrides', id], `leaf "${id}" has no rating scale`);
  return out.size > 0 ? out : null;
}

function expertsOf(analysis: HierarchyResult, options: WeightSetOptions): WeightSetExpert[] {
  const analysed = new Map(analysis.experts.map((e) => [e.id, e]));
  const panel: readonly PanelMember[] =
    options.panel ?? analysis.experts.map((e) => ({ id: e.id }));
  const compared = analysis.nodes.filter((n) => n.source === 'judgments').map((n) => n.id);
  const seen = new Set<string>();
  const out = panel.map((m, k): WeightSetExpert => {
    const path = ['panel', k];
    if (seen.has(m.id)) fail([...path, 'id'], `expert "${m.id}" is listed twice`);
    seen.add(m.id);
    const e = analysed.get(m.id);
    const name = options.publishNames && m.name ? m.name : null;
    const role = m.role ?? null;
    if (m.excluded !== undefined) {
      if (e)
        fail([...path, 'excluded'], `expert "${m.id}" is marked left out but is in the analysis`);
      return {
        alias: `E${k + 1}`,
        name,
        role,
        weight: m.weight ?? 1,
        included: false,
        reason: m.excluded,
        nodes: []
      };
    }
    if (!e)
      return fail(
        [...path, 'id'],
        `expert "${m.id}" is not in the analysis; give the reason they were left out ("excluded")`
      );
    return {
      alias: `E${k + 1}`,
      name,
      role,
      weight: e.weight,
      included: true,
      reason: null,
      nodes: compared.map((node) => {
        const r = e.nodes[node];
        return r
          ? { node, included: r.included, cr: r.cr, reason: r.reason }
          : { node, included: false, cr: null, reason: 'not answered' as const };
      })
    };
  });
  for (const e of analysis.experts)
    if (!seen.has(e.id)) fail(['panel'], `expert "${e.id}" of the analysis is not in the panel`);
  return out;
}

/** Why a weight set was refused: at which stage, where (a JSON path) and what is wrong. */
export interface WeightSetProblem {
  stage: 'schema' | 'hash' | 'structure' | 'weights' | 'grading' | 'scales' | 'provenance';
  path: InputPath;
  /** The problem without the path. */
  detail: string;
  /** `$.path: detail`, or the detail alone for the whole document. */
  message: string;
}

export type VerifyResult =
  { ok: true; weightSet: WeightSet } | { ok: false; error: WeightSetProblem };

const problem = (
  stage: WeightSetProblem['stage'],
  path: InputPath,
  detail: string
): VerifyResult => ({
  ok: false,
  error: {
    stage,
    path,
    detail,
    message: path.length > 0 ? `${formatPath(path)}: ${detail}` : detail
  }
});

function issuePath(issue: v.BaseIssue<unknown>): Array<string | number> {
  return (issue.path ?? []).map((item) => {
    const key = (item as { key?: unknown }).key;
    return typeof key === 'number' ? key : String(key);
  });
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.received === 'undefined')
    return `missing (expected ${issue.expected})`;
  if (issue.kind === 'schema' && issue.expected === 'never') return 'unknown field';
  return `${issue.message}`;
}

/**
 * Verifies a weight set as production must before using it, in this order:
 * 1. schema: the document matches weight-set version 1 or 2 (format, version, every field and
 *    type);
 * 2. hash: SHA-256 of the canonical JSON of everything but `hash` equals `hash.value`;
 * 3. structure: node ids unique, the goal first, every parent before its children and listing
 *    them, depth = parent's depth + 1, `comparison` exactly on inner nodes and `leaf` exactly on
 *    leaves, `leaves` = the leaves of `nodes` in order with the same global weights, every
 *    global weight = parent's global weight x local weight (relative 1e-9);
 * 4. weights: the leaves' global weights sum to 1 within 1e-12 (plain sum in leaf order);
 * 5. grading: minimum scores strictly descending to 0, grades distinct;
 * 6. scales (version 2): each leaf's scale as leafScaleProblem (./scales.ts) checks it;
 * 7. provenance (version 2, when present): it fits its kind and the set (provenanceProblem).
 * Version 1 sets are checked against the v1 schema, version 2 sets against the v2 schema.
 */
export async function verifyWeightSet(input: unknown): Promise<VerifyResult> {
  const version =
    typeof input === 'object' && input !== null ? (input as { version?: unknown }).version : null;
  if (
    typeof input === 'object' &&
    input !== null &&
    !(WEIGHT_SET_VERSIONS as readonly unknown[]).includes(version)
  )
    return problem(
      'schema',
      ['version'],
      `this version of Pairwise reads weight-set versions ${WEIGHT_SET_VERSIONS.join(' and ')}`
    );
  const parsed = v.safeParse(weightSetSchemaOf(version), input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return problem('schema', issuePath(issue), describeIssue(issue));
  }
  const ws = parsed.output;
  const actual = await hashWeightSet(input as WeightSet);
  if (actual !== ws.hash.value)
    return problem(
      'hash',
      ['hash', 'value'],
      `the hash does not match the contents (file ${ws.hash.value.slice(0, 12)}..., contents ${actual.slice(0, 12)}...): the weight set was changed after it was made`
    );
  const shape = checkStructure(ws);
  if (shape) return shape;
  const sum = leafWeightSum(ws.leaves);
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE))
    return problem(
      'weights',
      ['leaves'],
      `the leaves' global weights sum to ${sum}, not 1 within ${WEIGHT_SUM_TOLERANCE}`
    );
  const bands = checkGradeBands(ws.grading.bands);
  if (bands) return problem('grading', ['grading', 'bands', ...bands.path], bands.message);
  if (ws.version === WEIGHT_SET_VERSION_2)
    for (let k = 0; k < ws.leaves.length; k++) {
      const scale = ws.leaves[k]!.scale;
      const p = scale && leafScaleProblem(scale);
      if (p) return problem('scales', ['leaves', k, 'scale', ...p.path], p.message);
    }
  if (ws.version === WEIGHT_SET_VERSION_2 && ws.provenance) {
    const p = provenanceProblem(ws.provenance, ws);
    if (p) return problem('provenance', ['provenance', ...p.path], p.message);
  }
  return { ok: true, weightSet: ws };
}

function checkStructure(ws: WeightSet): VerifyResult | null {
  const byId = new Map<string, { node: WeightSetNode; index: number }>();
  const leafIds: string[] = [];
  for (let k = 0; k < ws.nodes.length; k++) {
    const node = ws.nodes[k]!;
    const at = (...p: Array<string | number>) => ['nodes', k, ...p];
    if (byId.has(node.id))
      return problem('structure', at('id'), `node id "${node.id}" is used twice`);
    if (k === 0) {
      if (node.parent !== null || node.depth !== 0)
        return problem('structure', at('parent'), 'the first node is the goal: no parent, depth 0');
      if (node.localWeight !== 1 || node.globalWeight !== 1)
        return problem('structure', at('globalWeight'), 'the goal has local and global weight 1');
    } else {
      const parent = node.parent === null ? undefined : byId.get(node.parent);
      if (!parent)
        return problem(
          'structure',
          at('parent'),
          node.parent === null
            ? 'only the first node (the goal) has no parent'
            : `parent "${node.parent}" is not listed before this node`
        );
      if (!parent.node.children.includes(node.id))
        return problem(
          'structure',
          at('parent'),
          `parent "${node.parent}" does not list "${node.id}" as a child`
        );
      if (node.depth !== parent.node.depth + 1)
        return problem(
          'structure',
          at('depth'),
          `depth ${node.depth}, expected ${parent.node.depth + 1}`
        );
      const expected = parent.node.globalWeight * node.localWeight;
      if (Math.abs(node.globalWeight - expected) > 1e-9 * Math.max(expected, 1e-300))
        return problem(
          'structure',
          at('globalWeight'),
          `${node.globalWeight} is not the parent's global weight x the local weight (${expected})`
        );
    }
    const isLeaf = node.children.length === 0;
    if (isLeaf !== (node.comparison === null))
      return problem(
        'structure',
        at('comparison'),
        isLeaf ? 'a leaf has no comparison' : 'an inner node needs its comparison'
      );
    if (isLeaf !== (node.leaf !== null))
      return problem(
        'structure',
        at('leaf'),
        isLeaf ? 'a leaf needs its rank' : 'only leaves have a rank'
      );
    if (isLeaf) leafIds.push(node.id);
    byId.set(node.id, { node, index: k });
  }
  // Every listed child appears, after its parent, with that parent.
  for (const [id, { node, index }] of byId) {
    for (const c of node.children) {
      const child = byId.get(c);
      if (!child || child.index < index || child.node.parent !== id)
        return problem(
          'structure',
          ['nodes', index, 'children'],
          `child "${c}" of "${id}" is not listed as a node with that parent`
        );
    }
  }
  if (ws.leaves.length !== leafIds.length)
    return problem(
      'structure',
      ['leaves'],
      `${ws.leaves.length} leaves listed, the hierarchy has ${leafIds.length}`
    );
  for (let k = 0; k < leafIds.length; k++) {
    const l = ws.leaves[k]!;
    if (l.id !== leafIds[k])
      return problem(
        'structure',
        ['leaves', k, 'id'],
        `expected leaf "${leafIds[k]}" (the leaves of "nodes", in order)`
      );
    if (l.globalWeight !== byId.get(l.id)!.node.globalWeight)
      return problem(
        'structure',
        ['leaves', k, 'globalWeight'],
        `differs from the node's global weight`
      );
  }
  return null;
}
