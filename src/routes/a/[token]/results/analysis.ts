/**
 * The results page's computation, shared by the page (small panels, synchronously) and its Web
 * Worker (large panels, and every bootstrap): the same engine calls as the server's
 * computeWeightSet, so what the page previews is what a saved weight set holds.
 */
import {
  AhpInputError,
  bootstrapHierarchy,
  sensitivity,
  type BootstrapResult,
  type HierarchyResult,
  type RatingsBootstrap,
  type RatingsResult,
  type SensitivityResult
} from '$lib/ahp';
import { problem, problemEnglish, type Problem } from '$lib/problem';
import type { SurveyDefinition } from '$lib/survey';
import {
  analyseResponses,
  bootstrapRatingsGroups,
  individualResults,
  surveyOptions,
  type AnalysisOverrides,
  type ExpertResponse,
  type IndividualNode
} from '$lib/weights';

/** What one analysis depends on: the survey, every expert who answered, and the choices. */
export interface AnalysisInput {
  definition: SurveyDefinition;
  /** Every expert with a submission, with the effective weight (own x role weight). */
  experts: ExpertResponse[];
  /** Ids of the experts left out. */
  excluded: string[];
  overrides: AnalysisOverrides;
}

export type AnalysisOutput =
  | {
      ok: true;
      analysis: HierarchyResult;
      /** The panel's points of each scale it compares, by leaf id (same settings). */
      ratings: Record<string, RatingsResult>;
      /** Each expert's own weights and CR per node (and ratings group), included or not. */
      individuals: Record<string, Record<string, IndividualNode>>;
      /** One-way sensitivity of every node that has siblings. */
      sensitivities: Record<string, SensitivityResult>;
      /** Milliseconds the computation took. */
      ms: number;
    }
  | { ok: false; message: string; problem: Problem };

export type BootstrapOutput =
  | {
      ok: true;
      bootstrap: BootstrapResult;
      /** The intervals of the derived points of each scale the panel compares, by leaf id. */
      ratings: Record<string, RatingsBootstrap>;
      ms: number;
    }
  | { ok: false; message: string; problem: Problem };

/** A refusal as the page words it (problem) and as the log and tests read it (message). */
export function refusedWith(p: Problem): { ok: false; message: string; problem: Problem } {
  return { ok: false, message: problemEnglish(p), problem: p };
}

function failure(e: unknown): { ok: false; message: string; problem: Problem } {
  if (e instanceof AhpInputError) return { ok: false, message: e.message, problem: e.problem };
  throw e;
}

function analysed(input: AnalysisInput): ExpertResponse[] {
  const out = new Set(input.excluded);
  return input.experts.filter((e) => !out.has(e.id));
}

/** The group's analysis, every expert's own results, and the sensitivity lines. */
export function runAnalysis(input: AnalysisInput): AnalysisOutput {
  const started = performance.now();
  try {
    const options = surveyOptions(input.definition, input.overrides);
    const individuals = individualResults(input.experts, options);
    const experts = analysed(input);
    if (experts.length === 0) return refusedWith(problem('analysis-no-expert'));
    const { prepared, analysis, ratings } = analyseResponses(
      input.definition,
      experts,
      input.overrides
    );
    const sensitivities: Record<string, SensitivityResult> = {};
    for (const node of analysis.nodes) {
      if (node.children.length < 2) continue;
      for (const child of node.children)
        sensitivities[child] = sensitivity(prepared, analysis, child);
    }
    return {
      ok: true,
      analysis,
      ratings: Object.fromEntries(ratings),
      individuals,
      sensitivities,
      ms: performance.now() - started
    };
  } catch (e) {
    return failure(e);
  }
}

/** The seeded bootstrap over the included experts. */
export function runBootstrap(
  input: AnalysisInput,
  options: { resamples: number; seed: number; level: number }
): BootstrapOutput {
  const started = performance.now();
  try {
    const experts = analysed(input);
    if (experts.length === 0) return refusedWith(problem('analysis-no-expert'));
    const { prepared, analysis, ratings } = analyseResponses(
      input.definition,
      experts,
      input.overrides
    );
    const settings = surveyOptions(input.definition, input.overrides);
    return {
      ok: true,
      bootstrap: bootstrapHierarchy(prepared, options, analysis),
      ratings:
        ratings.size === 0
          ? {}
          : Object.fromEntries(
              bootstrapRatingsGroups(input.definition, experts, settings, options)
            ),
      ms: performance.now() - started
    };
  } catch (e) {
    return failure(e);
  }
}

/** A request to the worker and its answer (`id` ties them; stale answers are dropped). */
export type WorkerRequest =
  | { id: number; kind: 'analyse'; input: AnalysisInput }
  | {
      id: number;
      kind: 'bootstrap';
      input: AnalysisInput;
      options: { resamples: number; seed: number; level: number };
    };

export type WorkerResponse =
  | { id: number; kind: 'analyse'; output: AnalysisOutput }
  | { id: number; kind: 'bootstrap'; output: BootstrapOutput };
