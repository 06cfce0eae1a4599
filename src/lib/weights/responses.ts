/**
 * A panel's responses as the exports, importers and the demo pass them around, and the one call
 * that turns them into the engine's analysis under a survey's settings.
 */
import {
  analyseHierarchy,
  prepareHierarchy,
  type HierarchyOptions,
  type HierarchyResult,
  type PreparedHierarchy,
  type ScalePolicy
} from '../ahp';
import { toEngineHierarchy, type SurveyDefinition } from '../survey';

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

/**
 * Prepares and analyses a survey's responses with its settings (and any overrides, such as
 * excludeInconsistent or another aggregation).
 * @throws AhpInputError naming the path of the first problem (paths under ["experts", k, ...])
 */
export function analyseResponses(
  definition: SurveyDefinition,
  experts: readonly ExpertResponse[],
  overrides: Partial<HierarchyOptions> = {}
): { prepared: PreparedHierarchy; analysis: HierarchyResult } {
  const options = surveyOptions(definition, overrides);
  const prepared = prepareHierarchy(
    toEngineHierarchy(definition.hierarchy),
    experts.map((e) => ({ id: e.id, weight: e.weight ?? 1, judgments: e.judgments })),
    options
  );
  return { prepared, analysis: analyseHierarchy(prepared) };
}
