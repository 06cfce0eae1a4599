/**
 * The validation page's computation, run by its Web Worker (compute.worker.ts), or on the page
 * when no worker can start: read the loan file whole, then the report and, with a second weight
 * set, the comparison. Everything the page shows comes from here; a file that is refused
 * produces no report at all.
 */
import {
  LoanFileError,
  ValidationInputError,
  compareWeightSets,
  levelStatistics,
  readLoans,
  scalesOfLeaves,
  type LeafLevels,
  validationReport,
  type LoanFileProblem,
  type ReportCutoff,
  type ValidationReport,
  type WeightSetComparison
} from '$lib/validation';
import type { Problem } from '$lib/problem';
import type { WeightSet } from '$lib/weights';

export interface ComputeRequest {
  id: number;
  /** The loan file's text. */
  text: string;
  /** The outcome column's name. */
  outcome: string;
  weightSet: WeightSet;
  /** A second weight set to compare with, or null. */
  compare: WeightSet | null;
  cutoff: ReportCutoff;
  seed: number;
  resamples: number;
  /** The regression baseline's ridge penalty (default 0 = none). */
  ridge?: number;
}

/** Why a loan file was refused: where, what kind of problem, and the library's words. */
export interface FileProblem {
  kind: 'file';
  line: number;
  column: number;
  code: LoanFileProblem;
  field: string | null;
  value: string | null;
  /** The problem in English, without the position. */
  detail: string;
}

/** A refused loan file as the page words it (also the server's, when a set is saved from it). */
export function fileProblemOf(e: LoanFileError): FileProblem {
  return {
    kind: 'file',
    line: e.line,
    column: e.column,
    code: e.code,
    field: e.field,
    value: e.value,
    detail: e.detail
  };
}

export type ComputeOutput =
  | {
      ok: true;
      report: ValidationReport;
      comparison: WeightSetComparison | null;
      /** Per indicator with a rating scale: loans, default rate, WoE, IV per level, disputes. */
      levels: LeafLevels[];
      /** Milliseconds the computation took. */
      ms: number;
    }
  | { ok: false; problem: FileProblem | { kind: 'input'; problem: Problem } };

export type ComputeResponse = ComputeOutput & { id: number };

export function compute(request: ComputeRequest): ComputeOutput {
  const started = performance.now();
  const { weightSet: ws, compare } = request;
  const leaves = ws.leaves.map((l) => l.id);
  for (const l of compare?.leaves ?? []) if (!leaves.includes(l.id)) leaves.push(l.id);
  try {
    // A leaf with a rating scale (version 2) is read as recorded facts through its scale.
    const scales = scalesOfLeaves(leaves, compare ? [ws, compare] : [ws]);
    const loans = readLoans(request.text, leaves, { outcome: request.outcome, scales });
    const options = {
      cutoff: request.cutoff,
      seed: request.seed,
      resamples: request.resamples,
      ridge: request.ridge
    };
    const report = validationReport(ws, loans, options);
    const comparison = compare ? compareWeightSets(ws, compare, loans, options) : null;
    const levels = levelStatistics(scales, loans);
    return { ok: true, report, comparison, levels, ms: performance.now() - started };
  } catch (e) {
    return { ok: false, problem: problemOf(e) };
  }
}

/** A refused loan file or input as the page shows it; anything else is thrown on. */
export function problemOf(e: unknown): FileProblem | { kind: 'input'; problem: Problem } {
  if (e instanceof LoanFileError) return fileProblemOf(e);
  if (e instanceof ValidationInputError) return { kind: 'input', problem: e.problem };
  throw e;
}
