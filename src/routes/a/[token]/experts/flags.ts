/**
 * The experts page's CR flags: each asked group's CR in an expert's latest submission, flagged
 * against the survey's current settings (the researcher may have changed the priority method,
 * the random-index table or the threshold since the answers came in). Read from the open round's
 * analysis, which weighs every expert's matrices under those settings anyway (the page needs it
 * for S*); an expert it cannot speak for is rechecked alone, as the page did for everyone before.
 */
import type { HierarchyResult, RatingsResult } from '$lib/ahp';
import { crThreshold } from '$lib/ahp';
import { askedGroupsOf, checkSubmission, type SurveyDefinition } from '$lib/survey';

export interface NodeFlag {
  nodeId: string;
  cr: number;
  consistent: boolean;
  /** A ratings group (the levels of a leaf's scale), not an inner node. */
  levels: boolean;
}

/** A node's consistency as stored on receipt (computed with the settings of that moment). */
export interface StoredConsistency {
  cr: number;
  consistent: boolean;
}

type Judgments = Record<string, Array<number | null>>;

/**
 * Each asked group's CR in one submission, recomputed from the judgments with the current
 * settings; without the judgments, or when the settings changed so that the answers no longer
 * fit (say, "no opinion" is now refused), the CR as computed on receipt, against the current
 * threshold.
 */
export function recheckedFlags(
  def: SurveyDefinition,
  submission: { submissionId: string; judgments: Judgments } | undefined,
  stored: Record<string, StoredConsistency>
): NodeFlag[] {
  let consistency: Record<string, StoredConsistency> | null = null;
  try {
    if (submission) consistency = checkSubmission(def, submission).consistency;
  } catch {
    // kept as stored, below
  }
  if (!consistency) {
    const sizes = new Map(askedGroupsOf(def).map((c) => [c.node.id, c.children.length]));
    consistency = Object.fromEntries(
      Object.entries(stored).map(([id, c]) => [
        id,
        { ...c, consistent: c.cr < crThreshold(sizes.get(id) ?? 5, def.settings.threshold) }
      ])
    );
  }
  return askedGroupsOf(def)
    .filter((c) => consistency[c.node.id] !== undefined)
    .map((c) => ({
      nodeId: c.node.id,
      cr: consistency[c.node.id]!.cr,
      consistent: consistency[c.node.id]!.consistent,
      levels: c.kind === 'levels'
    }));
}

/**
 * The flags of the experts of one analysis (the open round's: everyone's latest answers, under
 * the current settings): a function of an expert's id and judgments, giving null where the
 * analysis cannot stand for recheckedFlags, i.e. where checkSubmission would refuse the answers
 * (a group missing or of another size, a group the survey does not ask, "no opinion" where it
 * is no longer allowed) or the analysis holds no CR of theirs for a group. Same operations as
 * checkSubmission's weigh() (weighKernel), so the same CR to the bit.
 */
export function flagsFromAnalysis(
  def: SurveyDefinition,
  analysis: HierarchyResult,
  ratings: ReadonlyMap<string, RatingsResult>
): (id: string, judgments: Judgments) => NodeFlag[] | null {
  const groups = askedGroupsOf(def);
  const inNodes = new Map(analysis.experts.map((e) => [e.id, e.nodes]));
  const inLevels = new Map(
    [...ratings].map(([leaf, r]) => [leaf, new Map(r.experts.map((e) => [e.id, e.nodes]))])
  );
  const allowSkip = def.settings.allowSkip;
  return (id, judgments) => {
    if (Object.keys(judgments).length !== groups.length) return null;
    const flags: NodeFlag[] = [];
    for (const c of groups) {
      const upper = judgments[c.node.id];
      if (!upper || upper.length !== c.pairs.length || (!allowSkip && upper.includes(null)))
        return null;
      const levels = c.kind === 'levels';
      const r = (levels ? inLevels.get(c.node.id)?.get(id) : inNodes.get(id))?.[c.node.id];
      if (!r) return null;
      flags.push({ nodeId: c.node.id, cr: r.cr, consistent: r.consistent, levels });
    }
    return flags;
  };
}
