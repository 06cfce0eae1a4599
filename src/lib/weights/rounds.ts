/**
 * A Delphi survey's rounds as the results page and the expert's feedback read them: per round,
 * where the panel stands on each pair, S* per group and for the hierarchy, the global weights;
 * between rounds, who moved and how far, and whether the researcher's stop rule is met.
 *
 * A round's answers are each expert's latest submission of that round or before (an expert who
 * did not answer again counts with their earlier answers: Delphi's carry-forward).
 */
import {
  judgmentChange,
  largestShift,
  pairDispersion,
  type HierarchyResult,
  type PairDispersion,
  type RatingsResult
} from '../ahp';
import { askedGroupsOf, type StopRule, type SurveyDefinition } from '../survey';
import { distanceFromGroup, expertLeafWeights, individualResults } from './compute';
import { analyseResponses, surveyOptions, type ExpertResponse } from './responses';

/** An expert's answers that count in a round. */
export interface RoundExpert extends ExpertResponse {
  /** The round of those answers (lower than the round: carried forward). */
  round: number;
  reasons?: Record<string, Array<string | null>> | null | undefined;
}

/** What the expert's page shows in round n about round n - 1. */
export interface RoundFeedback {
  /** The round the figures describe. */
  round: number;
  /** Experts with answers in that round. */
  experts: number;
  /** The fewest experts a figure needs (the survey's minExperts, never below 3). */
  minExperts: number;
  /** node id -> per pair: the panel's position and spread (null: fewer than minExperts judged it). */
  groups: Record<string, { pairs: Array<PairDispersion | null>; reasons: string[][] }>;
}

/**
 * The panel's position and spread on every pair of every group, and the reasons given, without
 * names: each pair's reasons sorted (their order says nothing about who gave them). No figure and
 * no reason from fewer than `minExperts` experts; the expert `self` doesn't see their own reasons
 * among the others'.
 */
export function roundFeedback(
  definition: Pick<SurveyDefinition, 'hierarchy'>,
  round: number,
  experts: readonly RoundExpert[],
  minExperts: number,
  self: string | null = null
): RoundFeedback {
  const groups: RoundFeedback['groups'] = {};
  const enough = experts.length >= minExperts;
  for (const c of askedGroupsOf(definition)) {
    const id = c.node.id;
    const answering = experts.filter((e) => e.judgments[id]?.length === c.pairs.length);
    const pairs = c.pairs.map((_, k) => {
      if (!enough) return null;
      const d = pairDispersion(
        answering.map((e) => e.judgments[id]![k] ?? null),
        answering.map((e) => e.weight ?? 1),
        ['judgments', id, k]
      );
      return d && d.experts >= minExperts ? d : null;
    });
    const reasons = c.pairs.map((_, k) =>
      enough
        ? answering
            .filter((e) => e.id !== self)
            .map((e) => e.reasons?.[id]?.[k]?.trim() ?? '')
            .filter((r) => r !== '')
            .sort()
        : []
    );
    groups[id] = { pairs, reasons };
  }
  return { round, experts: experts.length, minExperts, groups };
}

/** One round's figures. */
export interface RoundSummary {
  round: number;
  /** Experts with answers in the round, and how many of them answered in the round itself. */
  experts: number;
  answeredInRound: number;
  /** S* per compared group (null: fewer than 2 experts answered it) and of the hierarchy. */
  groups: Array<{ id: string; sStar: number | null; experts: number }>;
  sStar: number | null;
  /** Leaves in the analysis' order with their global weights. */
  leaves: Array<{ id: string; globalWeight: number }>;
  /** Each expert's distance from the group (mean |ln(w_expert / w_group)| over the leaves). */
  distances: Record<string, number | null>;
}

/** A round's figures without each expert's distance from the group (the experts page's). */
export type RoundFigures = Omit<RoundSummary, 'distances'>;

/**
 * The figures of one round under the survey's settings, from one analysis of its answers (which
 * also holds each expert's CR at every node and ratings group, under the same settings), without
 * the per-expert distances: what the experts page needs.
 * @throws AhpInputError when a stored matrix cannot be read
 */
export function roundFigures(
  definition: SurveyDefinition,
  round: number,
  experts: readonly RoundExpert[]
): {
  summary: RoundFigures;
  analysis: HierarchyResult;
  ratings: Map<string, RatingsResult>;
} | null {
  if (experts.length === 0) return null;
  const { analysis, ratings } = analyseResponses(definition, experts);
  const nodes = new Map(analysis.nodes.map((n) => [n.id, n]));
  const summary: RoundFigures = {
    round,
    experts: experts.length,
    answeredInRound: experts.filter((e) => e.round === round).length,
    groups: askedGroupsOf(definition).map((c) => {
      // A ratings group's S* is its levels' comparison, analysed beside the hierarchy.
      const n = c.kind === 'node' ? nodes.get(c.node.id) : ratings.get(c.node.id)?.comparison;
      return {
        id: c.node.id,
        sStar: n?.consensus && n.included.length >= 2 ? n.consensus.sStar : null,
        experts: n?.included.length ?? 0
      };
    }),
    sStar: experts.length >= 2 ? (analysis.consensus?.sStar ?? null) : null,
    leaves: analysis.leaves.map((l) => ({ id: l.id, globalWeight: l.globalWeight }))
  };
  return { summary, analysis, ratings };
}

/**
 * The figures of one round under the survey's settings, with each expert's distance from the
 * group (roundFigures, and every expert weighed alone).
 * @throws AhpInputError when a stored matrix cannot be read
 */
export function roundSummary(
  definition: SurveyDefinition,
  round: number,
  experts: readonly RoundExpert[]
): { summary: RoundSummary; analysis: HierarchyResult } | null {
  const figures = roundFigures(definition, round, experts);
  if (!figures) return null;
  const { summary, analysis } = figures;
  const individual = individualResults(experts, surveyOptions(definition));
  const group = summary.leaves.map((l) => l.globalWeight);
  const distances = Object.fromEntries(
    experts.map((e) => [
      e.id,
      distanceFromGroup(expertLeafWeights(analysis, individual[e.id]), group)
    ])
  );
  return { summary: { ...summary, distances }, analysis };
}

/** How the panel moved from one round to the next. */
export interface RoundChange {
  from: number;
  to: number;
  /** Judgments compared (experts with answers in both rounds) and how many moved a step or more. */
  compared: number;
  changed: number;
  /** The largest change of a leaf's global weight, and which leaf. */
  maxShift: { leaf: string; shift: number };
  /** Per expert (ids; the page shows aliases): judgments changed, steps moved, distance before/after. */
  experts: Array<{
    id: string;
    changed: number;
    compared: number;
    steps: number;
    before: number | null;
    after: number | null;
  }>;
}

/** Compares two rounds' answers and figures (the same hierarchy, the same leaves). */
export function compareRounds(
  before: { summary: RoundSummary; experts: readonly RoundExpert[] },
  after: { summary: RoundSummary; experts: readonly RoundExpert[] }
): RoundChange {
  const prior = new Map(before.experts.map((e) => [e.id, e]));
  let compared = 0;
  let changed = 0;
  const experts: RoundChange['experts'] = [];
  for (const e of after.experts) {
    const p = prior.get(e.id);
    if (!p) continue;
    let c = 0;
    let n = 0;
    let steps = 0;
    for (const [node, upper] of Object.entries(e.judgments)) {
      const old = p.judgments[node];
      if (!old || old.length !== upper.length) continue;
      const d = judgmentChange(old, upper, ['judgments', node]);
      c += d.changed;
      n += d.compared;
      steps += d.steps;
    }
    compared += n;
    changed += c;
    experts.push({
      id: e.id,
      changed: c,
      compared: n,
      steps,
      before: before.summary.distances[e.id] ?? null,
      after: after.summary.distances[e.id] ?? null
    });
  }
  return {
    from: before.summary.round,
    to: after.summary.round,
    compared,
    changed,
    maxShift: leafShift(before.summary, after.summary),
    experts
  };
}

/** The largest change of a leaf's global weight between two rounds, and which leaf. */
export function leafShift(
  before: Pick<RoundFigures, 'leaves'>,
  after: Pick<RoundFigures, 'leaves'>
): RoundChange['maxShift'] {
  const shift = largestShift(
    before.leaves.map((l) => l.globalWeight),
    after.leaves.map((l) => l.globalWeight)
  );
  return { leaf: after.leaves[shift.index]!.id, shift: shift.shift };
}

/** Whether the stop rule is met after a round, criterion by criterion. */
export interface StopVerdict {
  met: boolean;
  /** S* of every group at least minSStar; `holdingBack`: the groups below it (or without S*). */
  consensus: { met: boolean; threshold: number; holdingBack: string[] } | null;
  /** No leaf's global weight moved more than maxWeightShift since the round before. */
  stability: {
    met: boolean;
    threshold: number;
    maxShift: number | null;
    leaf: string | null;
  } | null;
  /** The round is the last one allowed. */
  rounds: { met: boolean; max: number } | null;
}

/**
 * Applies the stop rule to a round: consensus and stability combined by `rule.combine` ('all':
 * each one set must hold; 'any': one is enough); reaching maxRounds stops in any case. Stability
 * needs a round before: in round 1 it is not met. A rule with no criterion is never met.
 */
export function stopVerdict(
  rule: StopRule,
  summary: Pick<RoundFigures, 'round' | 'groups'>,
  change: Pick<RoundChange, 'maxShift'> | null
): StopVerdict {
  const consensus =
    rule.minSStar === null
      ? null
      : (() => {
          const holdingBack = summary.groups
            .filter((g) => g.sStar === null || g.sStar < rule.minSStar!)
            .map((g) => g.id);
          return { met: holdingBack.length === 0, threshold: rule.minSStar, holdingBack };
        })();
  const stability =
    rule.maxWeightShift === null
      ? null
      : {
          met: change !== null && change.maxShift.shift <= rule.maxWeightShift,
          threshold: rule.maxWeightShift,
          maxShift: change?.maxShift.shift ?? null,
          leaf: change?.maxShift.leaf ?? null
        };
  const rounds =
    rule.maxRounds === null ? null : { met: summary.round >= rule.maxRounds, max: rule.maxRounds };
  const criteria = [consensus, stability].filter((c) => c !== null);
  const combined =
    criteria.length > 0 &&
    (rule.combine === 'all' ? criteria.every((c) => c.met) : criteria.some((c) => c.met));
  return { met: combined || (rounds?.met ?? false), consensus, stability, rounds };
}

/** The groups whose S* is below `threshold` (or has none): the ones to ask again. */
export function unsettledGroups(
  summary: Pick<RoundFigures, 'groups'>,
  threshold: number
): string[] {
  return summary.groups.filter((g) => g.sStar === null || g.sStar < threshold).map((g) => g.id);
}
