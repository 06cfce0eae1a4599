/**
 * A panel's responses as the exports, importers and the demo pass them around, and the one call
 * that turns them into the engine's analysis under a survey's settings.
 */
import {
  analyseHierarchy,
  analyseRatings,
  bootstrapRatings,
  prepareHierarchy,
  type BootstrapOptions,
  type RatingsBootstrap,
  type HierarchyOptions,
  type HierarchyResult,
  type PreparedHierarchy,
  type RatingsResult,
  type ScalePolicy
} from '../ahp';
import { toEngineHierarchy, type SurveyDefinition, type SurveyNode } from '../survey';

/**
 * One expert's answers: node id -> the upper triangle of that node's matrix, row-major
 * ((0,1), (0,2) ... (1,2) ...), a_ij = how much more important child i is than child j, null
 * where the expert gave no judgment. Nodes the expert did not answer are absent.
 */
export interface ExpertResponse {
  id: string;
  name?: string;
  role?: string;
  /** Expert weight >= 0 (default 1). */
  weight?: number;
  judgments: Record<string, Array<number | null>>;
}

/** The engine's options from a survey's settings (completion Harker, judgments on `scale`). */
export function surveyOptions(
  definition: Pick<SurveyDefinition, 'settings'>,
  overrides: Partial<HierarchyOptions> = {},
  scale: ScalePolicy = 'saaty'
): HierarchyOptions {
  const s = definition.settings;
  return {
    method: s.method,
    randomIndex: s.randomIndex,
    threshold: s.threshold,
    aggregation: s.aggregation,
    scale,
    completion: 'harker',
    excludeInconsistent: false,
    ...Object.fromEntries(Object.entries(overrides).filter(([, x]) => x !== undefined))
  };
}

/** A leaf whose levels the panel compares (its scale's points are "panel"), depth-first. */
export function panelScaledLeaves(node: SurveyNode): SurveyNode[] {
  if (!node.children?.length)
    return node.scale?.kind === 'categorical' && node.scale.points === 'panel' ? [node] : [];
  return node.children.flatMap(panelScaledLeaves);
}

/**
 * An expert's judgments split by what they compare: keys of inner nodes go to the hierarchy,
 * keys of leaves (the levels of the leaf's rating scale) to the ratings groups.
 */
export function splitJudgments(
  leafIds: ReadonlySet<string>,
  judgments: Record<string, Array<number | null>>
): { nodes: Record<string, Array<number | null>>; levels: Record<string, Array<number | null>> } {
  const nodes: Record<string, Array<number | null>> = {};
  const levels: Record<string, Array<number | null>> = {};
  for (const [key, upper] of Object.entries(judgments))
    (leafIds.has(key) ? levels : nodes)[key] = upper;
  return { nodes, levels };
}

/**
 * The panel's points of every scale the panel compares (analyseRatings per leaf, same options
 * as the hierarchy: method, random-index table, threshold, aggregation, expert weights, leaving
 * out inconsistent matrices), by leaf id. Every expert takes part with the judgments they gave
 * for that leaf's levels (none: not included there), so the bootstrap resamples the same panel.
 * @throws AhpInputError when a group's judgments do not fit its levels, or no included expert
 *   answered a group of two or more compared levels (paths under ["experts", k, ...])
 */
export function analyseRatingsGroups(
  definition: SurveyDefinition,
  experts: readonly ExpertResponse[],
  options: HierarchyOptions
): Map<string, RatingsResult> {
  const out = new Map<string, RatingsResult>();
  for (const leaf of panelScaledLeaves(definition.hierarchy)) {
    if (leaf.scale?.kind !== 'categorical') continue;
    out.set(
      leaf.id,
      analyseRatings(leaf.id, leaf.scale.levels, ratingsInputs(leaf.id, experts), options)
    );
  }
  return out;
}

/**
 * The bootstrap intervals of the derived points of every scale the panel compares
 * (bootstrapRatings per leaf, the same experts and options as analyseRatingsGroups).
 * @throws AhpInputError as analyseRatingsGroups, and for bad bootstrap options
 */
export function bootstrapRatingsGroups(
  definition: SurveyDefinition,
  experts: readonly ExpertResponse[],
  options: HierarchyOptions,
  bootstrap: Partial<BootstrapOptions>
): Map<string, RatingsBootstrap> {
  const out = new Map<string, RatingsBootstrap>();
  for (const leaf of panelScaledLeaves(definition.hierarchy)) {
    if (leaf.scale?.kind !== 'categorical') continue;
    const inputs = ratingsInputs(leaf.id, experts);
    out.set(leaf.id, bootstrapRatings(leaf.id, leaf.scale.levels, inputs, options, bootstrap));
  }
  return out;
}

/** The experts as one ratings group's input: only that leaf's judgments. */
export function ratingsInputs(leafId: string, experts: readonly ExpertResponse[]) {
  return experts.map((e) => {
    const upper = e.judgments[leafId];
    return { id: e.id, weight: e.weight ?? 1, judgments: upper ? { [leafId]: upper } : {} };
  });
}

/**
 * Prepares and analyses a survey's responses with its settings (and any overrides, such as
 * excludeInconsistent or another aggregation): the judgments keyed by inner nodes give the
 * hierarchy's analysis, those keyed by leaves the ratings of the leaves' levels
 * (analyseRatingsGroups, same options). A survey without scales compared by the panel has no
 * ratings and the hierarchy's numbers are what they were before ratings groups existed.
 * @throws AhpInputError naming the path of the first problem (paths under ["experts", k, ...])
 */
export function analyseResponses(
  definition: SurveyDefinition,
  experts: readonly ExpertResponse[],
  overrides: Partial<HierarchyOptions> = {}
): {
  prepared: PreparedHierarchy;
  analysis: HierarchyResult;
  ratings: Map<string, RatingsResult>;
} {
  const options = surveyOptions(definition, overrides);
  const leaves = new Set(panelScaledLeaves(definition.hierarchy).map((l) => l.id));
  const prepared = prepareHierarchy(
    toEngineHierarchy(definition.hierarchy),
    experts.map((e) => ({
      id: e.id,
      weight: e.weight ?? 1,
      judgments: leaves.size === 0 ? e.judgments : splitJudgments(leaves, e.judgments).nodes
    })),
    options
  );
  const analysis = analyseHierarchy(prepared);
  return { prepared, analysis, ratings: analyseRatingsGroups(definition, experts, options) };
}
