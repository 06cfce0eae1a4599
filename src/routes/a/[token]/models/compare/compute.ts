/**
 * The comparison page's computation, run by its Web Worker (compute.worker.ts) or on the page
 * when no worker can start: the sets of one hierarchy (checked first, so a refusal names the
 * set rather than a missing column), then the loan file read whole, then compareModels.
 */
import {
  ValidationInputError,
  checkOneHierarchy,
  checkSetCount,
  compareModels,
  readLoans,
  scalesOfLeaves,
  type ModelComparison
} from '$lib/validation';
import type { Problem } from '$lib/problem';
import type { WeightSet } from '$lib/weights';
import { problemOf, type FileProblem } from '../../validation/compute';

export interface CompareRequest {
  id: number;
  text: string;
  outcome: string;
  sets: WeightSet[];
  seed: number;
  resamples: number;
}

export type CompareOutput =
  | { ok: true; comparison: ModelComparison; ms: number }
  | {
      ok: false;
      problem:
        | FileProblem
        | { kind: 'input'; problem: Problem }
        /** Set `index` is of another hierarchy than the first. */
        | { kind: 'hierarchy'; index: number; detail: string };
    };

export type CompareResponse = CompareOutput & { id: number };

export function compareOnFile(request: CompareRequest): CompareOutput {
  const started = performance.now();
  const { sets } = request;
  try {
    checkSetCount('compareModels', sets);
    checkOneHierarchy('compareModels', sets);
  } catch (e) {
    if (e instanceof ValidationInputError && e.code === 'different-hierarchy')
      return {
        ok: false,
        problem: { kind: 'hierarchy', index: e.path[1] as number, detail: e.detail }
      };
    return { ok: false, problem: problemOf(e) };
  }
  try {
    const leaves = sets[0]!.leaves.map((l) => l.id);
    const scales = scalesOfLeaves(leaves, sets);
    const loans = readLoans(request.text, leaves, { outcome: request.outcome, scales });
    const comparison = compareModels(sets, loans, {
      seed: request.seed,
      resamples: request.resamples
    });
    return { ok: true, comparison, ms: performance.now() - started };
  } catch (e) {
    return { ok: false, problem: problemOf(e) };
  }
}
