/**
 * An expert's answers in progress, and what the survey page shows about them: the position of
 * each judgment on the 17-step scale, each node's live weights and CR as soon as its answered
 * pairs connect all its elements, and the submission once everything is answered.
 */
import { matrixFromUpper, weigh, type Inconsistency, type MatrixResult } from '../ahp';
import { askedGroupsOf } from './survey';
import type { Judgments, SurveyDefinition } from './schema';

/** A judgment in progress: a scale value, 'skip' ("no opinion"), or null (not answered yet). */
export type DraftValue = number | 'skip' | null;

/** Every group the expert answers (nodes and ratings groups) with all its pairs unanswered. */
export function emptyJudgments(
  def: Pick<SurveyDefinition, 'hierarchy'>
): Record<string, DraftValue[]> {
  return Object.fromEntries(askedGroupsOf(def).map((c) => [c.node.id, c.pairs.map(() => null)]));
}

/**
 * The 17 steps of the scale as positions -8 ... 8 for a pair (left, right): -8 is "left 9 times
 * as important" (a = 9), 0 is equal (a = 1), 8 is "right 9 times as important" (a = 1/9).
 */
export const SCALE_POSITIONS: readonly number[] = Array.from({ length: 17 }, (_, k) => k - 8);

/** a_(left,right) at a scale position. */
export function valueAtPosition(position: number): number {
  if (!Number.isInteger(position) || position < -8 || position > 8)
    throw new RangeError(`valueAtPosition: ${position} is not a step of the scale`);
  return position <= 0 ? 1 - position : 1 / (1 + position);
}

/** The scale position of a judgment a_(left,right) (nearest step; 1/3 -> 2, 5 -> -4). */
export function positionOf(value: number): number {
  const p = value >= 1 ? -Math.round(value - 1) : Math.round(1 / value - 1);
  return p === 0 ? 0 : p; // never -0
}

/** What the page shows for one node. */
export interface NodeProgress {
  answered: number;
  total: number;
  /** Weights, CR and every given judgment ranked by |ln e_ij|; null until the answered pairs connect all elements. */
  result: MatrixResult | null;
  /**
   * Up to three judgments most worth reconsidering when the node is not consistent: the
   * highest-ranked ones whose suggested scale value differs from what the expert said.
   */
  suggestions: Inconsistency[];
}

/**
 * The live state of a node from its draft values. "No opinion" counts as answered; the engine
 * completes the matrix (Harker) when the answered pairs connect all elements.
 */
export function nodeProgress(
  values: readonly DraftValue[],
  settings: SurveyDefinition['settings']
): NodeProgress {
  const answered = values.filter((v) => v !== null).length;
  const upper = values.map((v) => (typeof v === 'number' ? v : null));
  let result: MatrixResult | null = null;
  if (upper.some((v) => v !== null)) {
    try {
      result = weigh(matrixFromUpper(upper), {
        ...settings,
        scale: 'saaty',
        completion: 'harker',
        top: upper.length
      });
    } catch {
      result = null; // not yet connected: more pairs are needed before weights exist
    }
  }
  const suggestions =
    result && !result.consistent
      ? result.inconsistencies.filter((x) => x.change !== 'none').slice(0, 3)
      : [];
  return { answered, total: values.length, result, suggestions };
}

/**
 * The submission's judgments from a complete draft, or the first unanswered pair.
 */
export function draftToJudgments(
  def: Pick<SurveyDefinition, 'hierarchy'>,
  draft: Record<string, readonly DraftValue[]>
): { ok: true; judgments: Judgments } | { ok: false; node: string; pair: number } {
  const judgments: Judgments = {};
  for (const c of askedGroupsOf(def)) {
    const values = draft[c.node.id] ?? [];
    for (let k = 0; k < c.pairs.length; k++) {
      if (values[k] === null || values[k] === undefined)
        return { ok: false, node: c.node.id, pair: k };
    }
    judgments[c.node.id] = values.map((v) => (v === 'skip' ? null : (v as number)));
  }
  return { ok: true, judgments };
}
