/**
 * Shared helper of the AHP engine tests: loads the published examples
 * (../shared/reference/published-examples.json, beside the repository) and offers tolerance-aware
 * assertions. Expected values always come from that file (each case names its `source`) or from
 * an independent computation in the test; never from running the engine itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { AhpInputError, type InputPath } from '../../../src/lib/ahp';

/** The repository root (this file is tests/unit/ahp/reference.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the published examples live: ../shared/reference, next to the repository. */
export const REFERENCE_PATH = path.resolve(repoRoot, '../shared/reference/published-examples.json');

/** A tolerance: absolute, or relative as `{ rel }`. */
export type Tolerance = number | { rel: number };

export interface ReferenceCase<I = unknown, E = unknown> {
  id: string;
  category: string;
  description: string;
  source: string;
  synthetic: boolean;
  inputs: I;
  expected: E;
  tolerances: Record<string, Tolerance | undefined>;
  informational?: Record<string, unknown>;
}

/** One pairwise comparison matrix in the three forms the file gives. */
export interface MatrixInputs {
  n: number;
  labels: string[];
  upper_triangle: (number | null)[];
  upper_triangle_text: (string | null)[];
  matrix: (number | null)[][];
}

/** Expected values of a single matrix (category single_matrix). */
export interface SingleExpected {
  eigen_weights: number[];
  lambda_max: number;
  ci: number;
  ri: number;
  cr: number;
  rgm_weights: number[];
  gci: number;
}

/** Expected values of one matrix inside a hierarchy case. */
export interface LocalExpected {
  weights: number[];
  lambda_max: number;
  ci: number;
  ri: number;
  cr: number;
}

export interface HierarchyInputs {
  goal: string;
  criteria: MatrixInputs;
  children: Record<string, MatrixInputs>;
}

export interface HierarchyMethodExpected {
  criteria: LocalExpected & { M?: number[]; W_unnormalised?: number[] };
  local: Record<string, LocalExpected & { M?: number[]; W_unnormalised?: number[] }>;
}

export interface HierarchyExpected {
  eigen_method: HierarchyMethodExpected;
  sqrt_method?: HierarchyMethodExpected;
}

export interface ExpertInputs {
  id: string;
  upper_triangle: (number | null)[];
  upper_triangle_text: (string | null)[];
}

export interface GroupInputs {
  n: number;
  labels: string[];
  experts: ExpertInputs[];
  expert_weights: number[];
  expert_weights_normalised: number[];
}

export interface GroupExpected {
  individual: Array<Omit<SingleExpected, 'ri'>>;
  aij_matrix: number[][];
  aij_eigen_weights: number[];
  aij_lambda_max: number;
  aij_ci: number;
  aij_cr: number;
  aij_rgm_weights: number[];
  aij_gci: number;
  aip_geometric_weights: number[];
  aip_arithmetic_weights: number[];
  inconsistent_experts_cr_ge_0_1: number[];
}

export interface IncompleteExpected {
  missing_pairs: [number, number][];
  missing_per_row: number[];
  harker_matrix: number[][];
  harker_weights: number[];
  harker_lambda_max: number;
  harker_completed_upper: number[];
  harker_ci: number;
  harker_cr: number;
  lambda_optimal_weights: number[];
  lambda_optimal_lambda_max: number;
  lambda_optimal_missing_values: number[];
}

export interface RankedPair {
  pair: [number, number];
  e_ij: number;
  magnitude: number;
  abs_log_e: number;
  current_value: number;
  consistent_value: number;
  suggested_value_text: string;
  suggested_value: number;
}

export interface InconsistencyExpected {
  eigen_weights: number[];
  lambda_max: number;
  cr: number;
  error_matrix: number[][];
  max_error_pair: [number, number];
  max_error_magnitude: number;
  top_pairs: [number, number][];
  top_magnitudes: number[];
  top_abs_log_errors: number[];
  top_consistent_values: number[];
  top_suggested_values: number[];
  top_suggested_values_text: string[];
}

export interface ConsensusInputs {
  n: number;
  labels: string[];
  scale_max_M: number;
  experts: ExpertInputs[];
}

export interface ConsensusExpected {
  individual_eigen_weights: number[][];
  H_alpha: number;
  H_gamma: number;
  H_beta: number;
  D_beta: number;
  S: number;
  H_alpha_min: number;
  cor: number;
  consensus: number;
}

export interface ReferenceFile {
  format_version: number;
  ri_table: Record<string, number>;
  ri_table_note: string;
  gci_thresholds: Record<string, number>;
  default_tolerances: Record<string, number>;
  note: string;
  cases: ReferenceCase[];
}

function loadReference(): ReferenceFile {
  if (!existsSync(REFERENCE_PATH)) {
    throw new Error(
      `The published AHP examples are missing: expected ${REFERENCE_PATH} ` +
        `(../shared/reference/published-examples.json, beside the repository root ${repoRoot}). ` +
        'The engine tests take their expected values from that file; check out the shared ' +
        'reference directory next to the repository.'
    );
  }
  const parsed = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as ReferenceFile;
  if (!Array.isArray(parsed.cases) || parsed.cases.length === 0) {
    throw new Error(`${REFERENCE_PATH} holds no cases`);
  }
  return parsed;
}

/** The parsed reference file (loaded once, when a test file imports this module). */
export const reference: ReferenceFile = loadReference();

/** One case by its id; throws, listing the ids, when it is not in the file. */
export function getCase<I, E>(id: string): ReferenceCase<I, E> {
  const c = reference.cases.find((x) => x.id === id);
  if (!c) {
    throw new Error(
      `case "${id}" is not in ${REFERENCE_PATH}; it has: ${reference.cases.map((x) => x.id).join(', ')}`
    );
  }
  return c as ReferenceCase<I, E>;
}

/** All cases of a category. */
export function casesOf<I, E>(category: string): Array<ReferenceCase<I, E>> {
  return reference.cases.filter((c) => c.category === category) as Array<ReferenceCase<I, E>>;
}

/**
 * The absolute tolerance of `key` for a case: its own entry, else the file's default
 * (a relative entry is scaled by `scale`).
 */
export function tol(c: ReferenceCase, key: string, scale = 1): number {
  const t = c.tolerances[key] ?? reference.default_tolerances[key];
  if (typeof t === 'number') return t;
  if (t && typeof t === 'object' && typeof t.rel === 'number') return t.rel * Math.abs(scale);
  throw new Error(`case ${c.id} has no tolerance "${key}" and the file has no default for it`);
}

/** Saaty's 1980 RI(n) as the reference file states it (ri_table). */
export function referenceRi(n: number): number {
  const ri = reference.ri_table[String(n)];
  if (ri === undefined) throw new Error(`ri_table of ${REFERENCE_PATH} has no n = ${n}`);
  return ri;
}

/** Asserts |actual - expected| <= tolerance, naming `what` in the failure. */
export function expectClose(
  actual: number,
  expected: number,
  tolerance: number,
  what: string
): void {
  expect(Number.isFinite(actual), `${what}: ${actual} is not a finite number`).toBe(true);
  expect(
    Math.abs(actual - expected),
    `${what}: got ${actual}, expected ${expected} within ${tolerance}`
  ).toBeLessThanOrEqual(tolerance);
}

/** Element-wise expectClose; the lengths must agree. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance: number,
  what: string
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expectClose(actual[i]!, expected[i]!, tolerance, `${what}[${i}]`);
  }
}

/** Runs `fn` and returns the AhpInputError it throws; fails when it throws nothing or another error. */
export function catchInputError(fn: () => unknown): AhpInputError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (e instanceof AhpInputError) return e;
    throw new Error(`expected an AhpInputError, got ${String(e)}`, { cause: e });
  }
  throw new Error(`expected an AhpInputError, but the call returned ${JSON.stringify(result)}`);
}

/**
 * Asserts that `fn` throws an AhpInputError at `path` whose message contains every fragment
 * (and starts with the formatted path when the path is not empty).
 */
export function expectInputError(
  fn: () => unknown,
  path: InputPath,
  ...fragments: string[]
): AhpInputError {
  const e = catchInputError(fn);
  expect(e.name).toBe('AhpInputError');
  expect(e.path).toEqual(path);
  for (const f of fragments) expect(e.message).toContain(f);
  return e;
}

/** The rows of a reference matrix as numbers (null cells become NaN, for hand-built checks). */
export function numericRows(rows: (number | null)[][]): number[][] {
  return rows.map((r) => r.map((v) => (v === null ? NaN : v)));
}
