/**
 * From a panel's stored answers and the researcher's choices on the results page to a weight set.
 * Pure TypeScript: the server runs it to save a snapshot (the numbers are computed there, never
 * taken from the browser), the results page runs the same steps for its preview.
 *
 * The request (`weightSetRequestSchema`) carries only choices: settings overriding the survey's,
 * which experts to leave out, expert weights, the grading bands and whether names are published.
 */
import * as v from 'valibot';
import {
  AGGREGATIONS,
  AhpInputError,
  PRIORITY_METHODS,
  RANDOM_INDEX_TABLES,
  bootstrapHierarchy,
  matrixFromUpper,
  weigh,
  type HierarchyOptions,
  type HierarchyResult,
  type ThresholdPolicy
} from '../ahp';
import {
  MAX_LABEL_LENGTH,
  MAX_NODES,
  askedGroupsOf,
  characters,
  lineSchema,
  recordSchema,
  roundNumberSchema,
  thresholdSchema,
  type SurveyDefinition
} from '../survey';
import {
  analyseResponses,
  bootstrapRatingsGroups,
  surveyOptions,
  type ExpertResponse
} from './responses';
import { MAX_EXPERTS, PATTERNS, SCORE_MAX, SCORE_MIN, type WeightSet } from './schema';
import { weightSetSchemaOf } from './schema-v2';
import { DEFAULT_GRADES, buildWeightSet, checkGradeBands, type PanelMember } from './weight-set';

/** The bootstrap of a saved weight set: 1,000 resamples, fixed seed, 95 % percentile intervals. */
export const SAVED_BOOTSTRAP = Object.freeze({ resamples: 1000, seed: 20_250_501, level: 0.95 });
/** The results page's interactive bootstrap: fewer resamples, same seed and level. */
export const PREVIEW_BOOTSTRAP = Object.freeze({ resamples: 200, seed: 20_250_501, level: 0.95 });

/** Why a member of the panel is not in the analysis (recorded in the weight set). */
export const NO_SUBMISSION = 'no submission';
export const LEFT_OUT = 'left out by the researcher';

/* ---------- the request ---------- */

/** Settings that override the survey's for one analysis (absent: the survey's own). */
export const analysisOverridesSchema = v.strictObject({
  method: v.optional(v.picklist(PRIORITY_METHODS)),
  aggregation: v.optional(v.picklist(AGGREGATIONS)),
  randomIndex: v.optional(v.picklist(RANDOM_INDEX_TABLES)),
  threshold: v.optional(thresholdSchema),
  excludeInconsistent: v.optional(v.boolean())
});
export type AnalysisOverrides = v.InferOutput<typeof analysisOverridesSchema>;

/** Grading bands as edited on the results page: checked like buildWeightSet checks them. */
export const gradeBandsSchema = v.pipe(
  v.array(
    v.strictObject({
      grade: v.pipe(v.string(), characters(), v.minLength(1), v.maxLength(20)),
      minScore: v.pipe(v.number(), v.finite())
    })
  ),
  v.check(
    (bands) => checkGradeBands(bands) === null,
    (issue) => {
      const problem = checkGradeBands(issue.input as GradeBandsInput);
      return problem
        ? `band ${Number(problem.path[0] ?? 0) + 1}: ${problem.message}`
        : 'invalid grading bands';
    }
  )
);
export type GradeBands = v.InferOutput<typeof gradeBandsSchema>;
type GradeBandsInput = Array<{ grade: string; minScore: number }>;

const expertIdSchema = v.pipe(v.string(), characters(), v.minLength(1), v.maxLength(200));
const expertWeightSchema = v.pipe(
  v.number(),
  v.finite(),
  v.minValue(0, 'an expert weight is a number >= 0')
);

const notAnArray = (message: string) => v.custom<unknown>((x) => !Array.isArray(x), message);
const idSchema = (what: string) =>
  v.pipe(v.string(), v.regex(new RegExp(PATTERNS.nodeId), `not ${what} id`));
const overridePointsSchema = v.pipe(
  v.number('the points of an override are a number from 0 to 100'),
  v.finite('the points of an override are a number from 0 to 100'),
  v.minValue(SCORE_MIN, 'the points of an override are a number from 0 to 100'),
  v.maxValue(SCORE_MAX, 'the points of an override are a number from 0 to 100')
);

/**
 * Points the researcher puts in place of the panel's derived ones: leaf id -> level id ->
 * points (0-100). Which leaves and levels may be overridden is checked against the survey when
 * the set is built (only levels whose points the panel derives).
 */
export const scaleOverridesSchema = v.pipe(
  notAnArray('overrides are an object: indicator id -> level id -> points'),
  recordSchema(
    idSchema('an indicator'),
    v.pipe(
      notAnArray("an indicator's overrides are an object: level id -> points"),
      recordSchema(idSchema('a level'), overridePointsSchema),
      v.check((r) => Object.keys(r).length <= 20, 'at most 20 levels per indicator')
    )
  ),
  v.check((r) => Object.keys(r).length <= MAX_NODES, `at most ${MAX_NODES} indicators`)
);

/** What the results page sends to save a weight set (and what the report page reads). */
export const weightSetRequestSchema = v.strictObject({
  name: lineSchema(MAX_LABEL_LENGTH, 1, 'give the weight set a name'),
  settings: v.optional(analysisOverridesSchema, {}),
  /** Experts the researcher leaves out (ids of the panel). */
  excluded: v.optional(v.pipe(v.array(expertIdSchema), v.maxLength(MAX_EXPERTS)), []),
  /** Expert id -> weight, replacing the stored weight. */
  expertWeights: v.optional(recordSchema(expertIdSchema, expertWeightSchema), {}),
  grades: v.optional(gradeBandsSchema, () => DEFAULT_GRADES.map((b) => ({ ...b }))),
  /** Publish the experts' names in the weight set (default: aliases E1, E2 ... only). */
  namesInExport: v.optional(v.boolean(), false),
  /** Levels whose derived points the researcher replaces (recorded as overrides). */
  overrides: v.optional(scaleOverridesSchema, {}),
  /** A Delphi survey: the round whose answers to use (default: the round open now). */
  round: v.optional(roundNumberSchema)
});
export type WeightSetRequest = v.InferOutput<typeof weightSetRequestSchema>;
export type WeightSetRequestInput = v.InferInput<typeof weightSetRequestSchema>;

/* ---------- the panel ---------- */

/** A member of the survey's panel with their latest answers (empty when they sent none). */
export interface PanelExpert extends ExpertResponse {
  name: string;
  role: string;
  /** The weight stored with the expert. */
  weight: number;
  /** Whether the expert has a submission. */
  submitted: boolean;
}

/** One expert's matrix at one node, on its own. */
export interface IndividualNode {
  weights: number[];
  cr: number;
  consistent: boolean;
}

/**
 * Each expert's own weights and CR at every node they answered, under `options` (the same
 * weigh() the engine runs for each expert inside analyseHierarchy), whether or not they are in
 * the analysis: the researcher needs them to decide whom to leave out.
 * @throws AhpInputError when a stored matrix cannot be read (path under ["experts", k])
 */
export function individualResults(
  experts: readonly ExpertResponse[],
  options: HierarchyOptions
): Record<string, Record<string, IndividualNode>> {
  const out: Record<string, Record<string, IndividualNode>> = {};
  experts.forEach((e, k) => {
    const nodes: Record<string, IndividualNode> = {};
    for (const [node, upper] of Object.entries(e.judgments)) {
      const path = ['experts', k, 'judgments', node];
      const r = weigh(matrixFromUpper(upper, options.scale, path), { ...options, top: 0 }, path);
      nodes[node] = { weights: r.weights, cr: r.cr, consistent: r.consistent };
    }
    out[e.id] = nodes;
  });
  return out;
}

/** The nodes at which an expert's matrix is not acceptable (CR not below the threshold). */
export function inconsistentNodes(
  individual: Record<string, IndividualNode> | undefined
): Array<{ node: string; cr: number }> {
  return Object.entries(individual ?? {})
    .filter(([, r]) => !r.consistent)
    .map(([node, r]) => ({ node, cr: r.cr }));
}

function thresholdText(threshold: ThresholdPolicy): string {
  return threshold === 'saaty-by-size' ? "Saaty's by size" : String(threshold);
}

/**
 * Why an expert the researcher left out is not in the analysis, as recorded in the weight set:
 * "inconsistent: CR 0.231 at A1, 0.187 at the levels of C3 (threshold 0.1)" when some matrix of
 * theirs is not acceptable under the settings, else "left out by the researcher". A ratings
 * group (the levels of a leaf's scale) counts like a node: an expert inconsistent there is
 * inconsistent, named by the leaf ("the levels of C3"), in the order the expert page asks.
 */
export function exclusionReason(
  definition: Pick<SurveyDefinition, 'hierarchy'>,
  individual: Record<string, IndividualNode> | undefined,
  threshold: ThresholdPolicy
): string {
  const groups = askedGroupsOf(definition);
  const order = groups.map((c) => c.node.id);
  const levels = new Set(groups.filter((c) => c.kind === 'levels').map((c) => c.node.id));
  const bad = inconsistentNodes(individual).sort(
    (a, b) => order.indexOf(a.node) - order.indexOf(b.node)
  );
  if (bad.length === 0) return LEFT_OUT;
  const where = (node: string) => (levels.has(node) ? `the levels of ${node}` : node);
  return `inconsistent: CR ${bad.map((b) => `${b.cr.toFixed(3)} at ${where(b.node)}`).join(', ')} (threshold ${thresholdText(threshold)})`;
}

/**
 * The experts that enter the analysis (submitted, not left out), with their weights, and the
 * whole panel as buildWeightSet lists it (left-out members with their reason).
 * @throws AhpInputError when the request names an expert that is not in the panel
 */
export function selectPanel(
  definition: Pick<SurveyDefinition, 'hierarchy'>,
  panel: readonly PanelExpert[],
  request: Pick<WeightSetRequest, 'excluded' | 'expertWeights'>,
  options: HierarchyOptions
): { analysed: ExpertResponse[]; members: PanelMember[] } {
  const ids = new Set(panel.map((e) => e.id));
  request.excluded.forEach((id, k) => {
    if (!ids.has(id))
      throw new AhpInputError(['excluded', k], `expert "${id}" is not in this survey's panel`);
  });
  for (const id of Object.keys(request.expertWeights))
    if (!ids.has(id))
      throw new AhpInputError(
        ['expertWeights', id],
        `expert "${id}" is not in this survey's panel`
      );
  const excluded = new Set(request.excluded);
  const left = panel.filter((e) => e.submitted && excluded.has(e.id));
  const individual = individualResults(left, options);
  const analysed: ExpertResponse[] = [];
  const members = panel.map((e): PanelMember => {
    const weight = request.expertWeights[e.id] ?? e.weight;
    const member: PanelMember = { id: e.id, name: e.name, weight };
    if (e.role !== '') member.role = e.role;
    if (!e.submitted) return { ...member, excluded: NO_SUBMISSION };
    if (excluded.has(e.id))
      return {
        ...member,
        excluded: exclusionReason(definition, individual[e.id], options.threshold)
      };
    analysed.push({ id: e.id, weight, judgments: e.judgments });
    return member;
  });
  return { analysed, members };
}

/** When and by which build a weight set is made, and which survey it belongs to. */
export interface ComputeContext {
  surveyId: string;
  createdAt?: Date | string;
  appVersion?: string;
  bootstrap?: { resamples: number; seed: number; level: number };
  /** The Delphi round the panel's answers come from (recorded in the weight set). */
  round?: number | undefined;
}

/**
 * Computes a weight set from the panel's answers and the researcher's request: the survey's
 * settings with the request's overrides, the experts not left out with their weights,
 * analyseHierarchy, a seeded bootstrap (SAVED_BOOTSTRAP unless given), buildWeightSet.
 * @throws AhpInputError for a request that does not fit the panel, a node that no included
 *   expert answered, a random-index table too small, or grading bands out of order
 */
export async function computeWeightSet(
  definition: SurveyDefinition,
  panel: readonly PanelExpert[],
  request: WeightSetRequest,
  context: ComputeContext
): Promise<WeightSet> {
  const options = surveyOptions(definition, request.settings);
  const { analysed, members } = selectPanel(definition, panel, request, options);
  if (analysed.length === 0)
    throw new AhpInputError(
      ['excluded'],
      'no expert is left in the analysis: include at least one expert who has answered'
    );
  const { prepared, analysis, ratings } = analyseResponses(definition, analysed, request.settings);
  const bootOptions = context.bootstrap ?? SAVED_BOOTSTRAP;
  const bootstrap = bootstrapHierarchy(prepared, bootOptions, analysis);
  const ratingsBootstrap =
    ratings.size === 0
      ? undefined
      : bootstrapRatingsGroups(definition, analysed, options, bootOptions);
  return buildWeightSet(definition, analysis, {
    surveyId: context.surveyId,
    name: request.name,
    ...(context.createdAt !== undefined ? { createdAt: context.createdAt } : {}),
    ...(context.appVersion !== undefined ? { appVersion: context.appVersion } : {}),
    bootstrap,
    panel: members,
    publishNames: request.namesInExport,
    grades: request.grades,
    ...(ratings.size > 0 ? { ratings, ratingsBootstrap } : {}),
    ...(Object.keys(request.overrides).length > 0 ? { overrides: request.overrides } : {}),
    ...(context.round !== undefined ? { round: context.round } : {})
  });
}

/**
 * The weight set as a file: JSON indented by two spaces, members in the schema's order (so the
 * text depends only on the content, not on how a database returned it), a final newline.
 * @throws ValiError when `ws` is not a weight set
 */
export function weightSetJson(ws: WeightSet): string {
  return `${JSON.stringify(v.parse(weightSetSchemaOf(ws.version), ws), null, 2)}\n`;
}

/* ---------- experts against the group ---------- */

/**
 * An expert's own global weights of the leaves: the product along each leaf's path of the
 * expert's local weights, taking the group's local weights at nodes the expert did not answer
 * (and at preset nodes). Leaves in the analysis' order.
 */
export function expertLeafWeights(
  analysis: HierarchyResult,
  individual: Record<string, { weights: number[] }> | undefined
): number[] {
  const global = new Map<string, number>();
  for (const node of analysis.nodes) {
    const g = node.depth === 0 ? 1 : (global.get(node.id) ?? 0);
    const own = individual?.[node.id]?.weights;
    const local = own && own.length === node.children.length ? own : node.localWeights;
    node.children.forEach((c, k) => global.set(c, g * local[k]!));
  }
  return analysis.leaves.map((l) => global.get(l.id) ?? 0);
}

/**
 * Distance of an expert from the group: the mean over the leaves of |ln(w_expert / w_group)|
 * of the global weights (leaves of zero weight on either side are skipped). 0 means the same
 * weights; 0.1 means about 10 % apart on a typical leaf (exp(0.1) = 1.105). Symmetric in the two
 * vectors and independent of the number of leaves. null when no leaf can be compared.
 */
export function distanceFromGroup(
  expert: readonly number[],
  group: readonly number[]
): number | null {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < group.length; k++) {
    const a = expert[k] ?? 0;
    const b = group[k]!;
    if (a > 0 && b > 0) {
      sum += Math.abs(Math.log(a / b));
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}
