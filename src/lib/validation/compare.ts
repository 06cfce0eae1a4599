/**
 * Models side by side (issue 11, section 2): any number of weight sets of one hierarchy scored on
 * ONE loan file. Per set: AUC with its stratified bootstrap interval, Gini, KS and calibration by
 * grade (the validation report's sections, ./report.ts); per indicator: each set's global weight;
 * for every pair of sets: the AUC difference with a paired stratified bootstrap percentile
 * interval (metrics.ts aucDifference: each resample draws the same loans for both sets of the
 * pair; every pair and every set's own interval use the same seed, so they all see the same
 * resamples).
 *
 * The sets must describe one hierarchy: the same leaves, each under the same parents. Sets that
 * do not are refused, naming the leaves that differ, since weights "per indicator" would
 * otherwise put different things side by side. Malformed loans and bad options are refused as in
 * the validation report (ValidationInputError); measures the loans cannot support are reported
 * as undefined with the reason.
 */
import type { WeightSetNode } from '../weights/schema';
import { compileScorer, gradeOf } from '../weights/score';
import { ValidationInputError } from './errors';
import { checkInteger, checkLevel, checkSeed } from './inputs';
import { MIN_PER_CLASS } from './metrics';
import {
  checkLoanMatrix,
  discriminationOf,
  gradeCalibration,
  leafColumns,
  loanTotals,
  pairedAucDifference,
  type PairedDifference
} from './report-parts';
import type {
  Maybe,
  ReportCalibration,
  ReportDiscrimination,
  ReportLoans,
  ReportWeightSet
} from './report-types';

/** Most weight sets compared at once: 10 sets make 45 pairs, each with its own bootstrap. */
export const MAX_COMPARED_SETS = 10;

/** What of a weight set the comparison uses (a verified WeightSet has all of it). */
export type ComparedWeightSet = ReportWeightSet & {
  nodes: ReadonlyArray<Pick<WeightSetNode, 'id' | 'parent' | 'label'>>;
};

type Node = ComparedWeightSet['nodes'][number];
type Leaf = { id: string; globalWeight: number };

export interface ComparisonOptions {
  /** Seed of every bootstrap (default 1). */
  seed?: number;
  /** Bootstrap resamples B (default 1000). */
  resamples?: number;
  /** Coverage of the intervals (default 0.95). */
  level?: number;
  /** Least number of defaulted and of repaid loans for AUC, Gini, KS (default 5). */
  minPerClass?: number;
  /** Most points of each ROC curve (default 200, >= 10). */
  rocPoints?: number;
}

export interface ComparedSet {
  /** Position in the input, from 0: pairs refer to sets by it. */
  index: number;
  name: string;
  hash: string;
  createdAt: string;
  surveyId: string;
  /** The loans' totals under this set. */
  scores: { min: number; max: number };
  discrimination: Maybe<ReportDiscrimination>;
  calibration: ReportCalibration;
}

export interface ComparedWeights {
  leaf: string;
  /** The leaf's label in the first set. */
  label: { en: string; zh: string };
  /** Its parents from the goal down, ids (the same in every set). */
  path: string[];
  /** The global weight in each set, in the order of `sets`. */
  weights: number[];
}

export interface ComparedPair {
  /** Indices into `sets`: the difference is AUC(a) - AUC(b). */
  a: number;
  b: number;
  /** AUC(a) - AUC(b) with its paired bootstrap interval, or why it is undefined. */
  difference: PairedDifference['difference'];
  /** `a` or `b` when the interval lies on its side of 0, else `no clear difference`; null when undefined. */
  better: PairedDifference['better'];
}

export interface ModelComparison {
  format: 'pairwise.model-comparison';
  version: 1;
  loans: {
    count: number;
    defaults: number;
    repaid: number;
    defaultRate: number;
    outcomeColumn: string | null;
    ignoredColumns: string[];
  };
  sets: ComparedSet[];
  weights: ComparedWeights[];
  pairs: ComparedPair[];
  method: {
    seed: number;
    resamples: number;
    level: number;
    minPerClass: number;
    rocPoints: number;
    interval: 'percentile';
    resampling: { auc: 'stratified'; difference: 'paired-stratified' };
    definitions: Record<string, string>;
  };
}

export const COMPARISON_DEFINITIONS: Readonly<Record<string, string>> = Object.freeze({
  sets: 'Each weight set scores every loan of the one loan file as the scorer scores an applicant; its AUC (with a stratified bootstrap percentile interval), Gini, KS and calibration by grade are those of the validation report.',
  weights:
    'Weights per indicator: the global weight of each leaf in each set (local weights multiplied down the hierarchy), as saved in the set.',
  difference:
    'Pairwise AUC difference AUC(a) - AUC(b) with a paired bootstrap percentile interval (Efron and Tibshirani 1993): each resample draws defaulted and repaid loans separately with replacement (stratified) and scores the same drawn loans with both sets. Every pair and every AUC interval uses the same seed, hence the same resamples. A set discriminates better when the interval lies entirely on its side of 0; an interval containing 0 shows no clear difference.',
  hierarchy:
    'The sets must describe one hierarchy: the same leaves, each under the same parents. Sets of different hierarchies are refused.'
});

/** A node's parents from the goal down (ids), in a weight set's tree. */
function pathOf(ws: ComparedWeightSet, leaf: string): string[] {
  const parent = new Map(ws.nodes.map((n) => [n.id, n.parent]));
  const path: string[] = [];
  for (let p = parent.get(leaf); p != null; p = parent.get(p)) {
    path.unshift(p);
    if (path.length > ws.nodes.length) break;
  }
  return path;
}

/**
 * Refuses sets that are not of one hierarchy (the same leaves, each under the same parents),
 * naming the leaves that differ. compareModels checks this itself; a caller that reads the loans
 * for the sets' leaves calls it first, so that the refusal names the sets, not a missing column.
 * @throws ValidationInputError `different-hierarchy` at ['sets', k] for the first set k that differs from the first
 */
export function checkOneHierarchy(fn: string, sets: readonly ComparedWeightSet[]): void {
  const first = sets[0];
  if (!first) return;
  const ids = new Set(first.leaves.map((l) => l.id));
  const paths = new Map(first.leaves.map((l) => [l.id, pathOf(first, l.id).join(' > ')]));
  for (let k = 1; k < sets.length; k++) {
    const ws = sets[k]!;
    const own = new Set(ws.leaves.map((l) => l.id));
    const onlyFirst = [...ids].filter((id) => !own.has(id));
    const onlyThis = [...own].filter((id) => !ids.has(id));
    const moved = ws.leaves
      .filter((l) => ids.has(l.id) && paths.get(l.id) !== pathOf(ws, l.id).join(' > '))
      .map((l) => `${l.id} (under ${pathOf(ws, l.id).join(' > ')}, not ${paths.get(l.id)})`);
    if (onlyFirst.length + onlyThis.length + moved.length === 0) continue;
    const parts = [
      onlyFirst.length > 0 ? `it has no leaf ${onlyFirst.join(', ')}` : '',
      onlyThis.length > 0 ? `only it has leaf ${onlyThis.join(', ')}` : '',
      moved.length > 0 ? `it places ${moved.join('; ')}` : ''
    ].filter((p) => p !== '');
    throw new ValidationInputError(
      fn,
      ['sets', k],
      'different-hierarchy',
      `weight set "${ws.name}" is of another hierarchy than "${first.name}": ${parts.join('; ')}. Only sets of one hierarchy can be compared`
    );
  }
}

/** @throws ValidationInputError `bad-option` unless there are 2 to MAX_COMPARED_SETS sets */
export function checkSetCount(fn: string, sets: readonly unknown[]): void {
  if (!Array.isArray(sets) || sets.length < 2 || sets.length > MAX_COMPARED_SETS)
    throw new ValidationInputError(
      fn,
      ['sets'],
      'bad-option',
      `give 2 to ${MAX_COMPARED_SETS} weight sets to compare, got ${Array.isArray(sets) ? sets.length : 'none'}`
    );
}

/**
 * Compares 2 to MAX_COMPARED_SETS weight sets of one hierarchy on one loan file (module
 * comment). Seeded: the same sets, loans and options give the same answer.
 *
 * @param sets verified weight sets (verifyWeightSet), of one hierarchy
 * @param loans with a column for every leaf (others are ignored); a LoanFile from ./loans.ts
 * @throws ValidationInputError for fewer than 2 or more than MAX_COMPARED_SETS sets (`bad-option`),
 *   sets of different hierarchies (`different-hierarchy`, naming the leaves), malformed loans or a
 *   bad option (as validationReport)
 */
export function compareModels(
  sets: readonly ComparedWeightSet[],
  loans: ReportLoans,
  options: ComparisonOptions = {}
): ModelComparison {
  const fn = 'compareModels';
  checkSetCount(fn, sets);
  const o = {
    seed: checkSeed(fn, options.seed ?? 1),
    resamples: checkInteger(fn, 'resamples', options.resamples ?? 1000, 1),
    level: checkLevel(fn, options.level ?? 0.95),
    minPerClass: checkInteger(fn, 'minPerClass', options.minPerClass ?? MIN_PER_CLASS, 1),
    rocPoints: checkInteger(fn, 'rocPoints', options.rocPoints ?? 200, 10)
  };
  checkOneHierarchy(fn, sets);
  const { defaults } = checkLoanMatrix(fn, loans, 'loans');
  const n = loans.outcomes.length;
  const repaid = n - defaults;
  const outcomes = loans.outcomes;

  const totals = sets.map((ws) => loanTotals(ws, loans, leafColumns(fn, ws, loans, 'loans')));
  const compared: ComparedSet[] = sets.map((ws, index) => {
    const scores = totals[index]!;
    // Grades only: the labels (nodes) are not needed here.
    const scorer = compileScorer({ leaves: ws.leaves, grading: ws.grading });
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    return {
      index,
      name: ws.name,
      hash: ws.hash.value,
      createdAt: ws.createdAt,
      surveyId: ws.survey.id,
      scores: { min, max },
      discrimination: discriminationOf(scores, outcomes, defaults, o),
      calibration: gradeCalibration(
        ws,
        Array.from(scores, (s) => gradeOf(scorer, s)),
        outcomes
      )
    };
  });

  const first = sets[0]!;
  const label = new Map(first.nodes.map((node: Node) => [node.id, node.label]));
  const byLeaf = sets.map((ws) => new Map(ws.leaves.map((l: Leaf) => [l.id, l.globalWeight])));
  const weights: ComparedWeights[] = first.leaves.map((l: Leaf) => ({
    leaf: l.id,
    label: { ...(label.get(l.id) ?? { en: l.id, zh: l.id }) },
    path: pathOf(first, l.id),
    weights: byLeaf.map((w) => w.get(l.id)!)
  }));

  const pairs: ComparedPair[] = [];
  for (let a = 0; a < sets.length; a++)
    for (let b = a + 1; b < sets.length; b++) {
      const { difference, better } = pairedAucDifference(
        totals[a]!,
        totals[b]!,
        outcomes,
        defaults,
        o
      );
      pairs.push({ a, b, difference, better });
    }

  return {
    format: 'pairwise.model-comparison',
    version: 1,
    loans: {
      count: n,
      defaults,
      repaid,
      defaultRate: defaults / n,
      outcomeColumn: loans.outcomeColumn ?? null,
      ignoredColumns: [...(loans.ignored ?? [])]
    },
    sets: compared,
    weights,
    pairs,
    method: {
      ...o,
      interval: 'percentile',
      resampling: { auc: 'stratified', difference: 'paired-stratified' },
      definitions: { ...COMPARISON_DEFINITIONS }
    }
  };
}
