/**
 * The step model of the expert's page: one group's answers with its live weights and CR, the
 * groups a survey asks, and what the page can say about itself (why it can't show the survey,
 * how the newest submission stands, the state line).
 */
import { isOnSaatyScale } from '$lib/ahp';
import type { DraftStep, OutboxItem, Receipt } from '$lib/drafts';
import {
  askedGroupsOf,
  nodeProgress,
  reasonProblem,
  type Comparison,
  type DraftValue,
  type NodeProgress,
  type SurveySettings
} from '$lib/survey';
import type { ExpertView } from '../../api/e/[token]/view';

/** Why the page can't show the survey. */
export type Problem =
  | { kind: 'not-found'; message: string }
  | { kind: 'not-open'; message: string }
  | { kind: 'offline' }
  /** The server's database is away for a moment (503): tried again after its Retry-After. */
  | { kind: 'unavailable' }
  | { kind: 'failed'; message: string };

/** How the newest submission of this device stands. */
export type Sending =
  | { kind: 'none' }
  | { kind: 'waiting' }
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'refused'; message: string; code: string | null; round?: number | undefined };

/** What the always-visible state line says. */
export type StateLine =
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'unavailable' }
  | { kind: 'waiting'; offline: boolean }
  | { kind: 'sent'; at: string }
  | { kind: 'refused'; message: string; code: string | null; round?: number | undefined };

/** The state line from how the device store and the newest submission stand. */
export function stateLineOf(
  sending: Sending,
  online: boolean,
  step: DraftStep,
  lastSentAt: string | null,
  storage: 'pending' | 'saved' | 'unavailable'
): StateLine {
  if (sending.kind === 'waiting') return { kind: 'waiting', offline: !online };
  if (sending.kind === 'refused') return { ...sending };
  if (step.kind === 'done' && lastSentAt) return { kind: 'sent', at: lastSentAt };
  if (storage === 'unavailable') return { kind: 'unavailable' };
  return storage === 'saved' ? { kind: 'saved' } : { kind: 'saving' };
}

/** The view with the newest submission's receipt as what counts, when the server acknowledged it. */
export function withReceipt(view: ExpertView, newest: OutboxItem | undefined): ExpertView {
  const receipt = newest?.receipt;
  if (!receipt || view.latest?.submissionId === receipt.submissionId) return view;
  const { judgments } = newest.submission;
  return {
    ...view,
    latest: { submissionId: receipt.submissionId, judgments, receivedAt: receipt.receivedAt }
  };
}

/** One group's answers (a node's children, or a leaf's levels), with its live weights and CR. */
export class NodeAnswers {
  readonly comparison: Comparison;
  values: DraftValue[];
  settings: SurveySettings;
  readonly answered: number;
  /** Weights, CR and suggestions, recomputed when this node's values (or the settings) change. */
  readonly progress: NodeProgress;

  constructor(comparison: Comparison, settings: SurveySettings, values: DraftValue[]) {
    this.comparison = comparison;
    this.settings = $state.raw(settings);
    this.values = $state(values);
    this.answered = $derived(this.values.filter((x) => x !== null).length);
    this.progress = $derived(nodeProgress(this.values, this.settings));
  }

  get id(): string {
    return this.comparison.node.id;
  }

  get total(): number {
    return this.comparison.pairs.length;
  }
}

/**
 * The groups of `view` with their answers: `nodes` kept (with the view's settings) when they are
 * the same groups, else new ones from `judgments`, each kept where it fits its group.
 */
export function answersFor(
  view: ExpertView,
  nodes: NodeAnswers[],
  judgments: Record<string, DraftValue[]>
): NodeAnswers[] {
  // Every group the expert answers: the hierarchy's, each followed by its indicators' levels.
  const comparisons = askedGroupsOf(view.survey);
  const settings = view.survey.settings;
  const sameNodes =
    nodes.length === comparisons.length &&
    nodes.every(
      (n, k) => n.id === comparisons[k]!.node.id && n.total === comparisons[k]!.pairs.length
    );
  if (sameNodes) {
    for (const n of nodes) {
      n.settings = settings;
      // "No opinion" turned off meanwhile: those pairs need an answer again.
      if (!settings.allowSkip)
        n.values.forEach((x, k) => {
          if (x === 'skip') n.values[k] = null;
        });
    }
    return nodes;
  }
  return comparisons.map((c) => {
    const given = judgments[c.node.id];
    const values =
      given && given.length === c.pairs.length
        ? given.map((x) => (isDraftValue(x, settings.allowSkip) ? x : null))
        : c.pairs.map(() => null);
    return new NodeAnswers(c, settings, values);
  });
}

/** Whether the view opens a Delphi round later than `round` (the one this device was in). */
export function startsRound(view: ExpertView, round: number): boolean {
  return (view.round?.number ?? 1) > round;
}

/** The answers to start a round from: the given ones, settled groups as they counted before. */
export function carried(
  view: ExpertView,
  judgments: Record<string, DraftValue[]>
): Record<string, DraftValue[]> {
  const r = view.round;
  if (!r?.groups || !r.previous) return judgments;
  const out = { ...judgments };
  for (const [id, values] of Object.entries(r.previous))
    if (!r.groups.includes(id)) out[id] = draftValues(values);
  return out;
}

/** The server's judgments of a group as draft values (null, "no opinion", is 'skip' here). */
export function draftValues(values: ReadonlyArray<number | null>): DraftValue[] {
  return values.map((x): DraftValue => (x === null ? 'skip' : x));
}

/** Whether the groups hold exactly what the server counts (`latest`: none yet, so no). */
export function sameAnswers(
  nodes: NodeAnswers[],
  latest: { judgments: Record<string, Array<number | null>> } | null | undefined
): boolean {
  if (!latest) return false;
  const judgments = draftJudgments(latest.judgments);
  return nodes.every((n) => {
    const given = judgments[n.id];
    return given?.length === n.values.length && n.values.every((x, k) => x === given[k]);
  });
}

/** The first reason the server would refuse, in a group `asks`; null: none. */
export function firstBadReason(
  nodes: NodeAnswers[],
  reasons: Record<string, string[]>,
  asks: (nodeId: string) => boolean
): { index: number; pair: number } | null {
  for (const [index, n] of nodes.entries()) {
    if (!asks(n.id)) continue;
    const pair = (reasons[n.id] ?? []).findIndex((r, k) => k < n.total && reasonProblem(r));
    if (pair >= 0) return { index, pair };
  }
  return null;
}

/** The server's judgments of every group as draft values. */
export function draftJudgments(
  judgments: Record<string, Array<number | null>>
): Record<string, DraftValue[]> {
  return Object.fromEntries(Object.entries(judgments).map(([id, v]) => [id, draftValues(v)]));
}

function isDraftValue(x: unknown, allowSkip: boolean): x is DraftValue {
  return x === null || (x === 'skip' && allowSkip) || (typeof x === 'number' && isOnSaatyScale(x));
}
