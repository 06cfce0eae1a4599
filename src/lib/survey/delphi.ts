/**
 * A survey's Delphi settings: whether experts may give a one-line reason per judgment, and the
 * researcher's stop rule. Kept beside the survey (not in its definition: they belong to how the
 * survey is run, not to what it asks). Absent: no reasons, and no stop rule but the researcher's
 * own decision.
 */
import * as v from 'valibot';
import { AhpInputError } from '../ahp';
import { MAX_ROUNDS, type SurveyDefinition } from './schema';
import { askedGroupsOf, labelOf } from './survey';

/**
 * When to stop asking (see docs/delphi.md for the published rules behind each):
 * - minSStar: consensus, S* (Goepel 2018) at least this in every compared group (von der
 *   Gracht 2012: a consensus criterion fixed before the survey);
 * - maxWeightShift: stability, no leaf's global weight moving by more than this between the
 *   last two rounds (Dajani, Sincoff & Talley 1979: stop when answers stop moving);
 * - maxRounds: stop after this many rounds whatever the rest says (most Delphi studies: 2-3);
 * - combine: 'all' - every criterion given must hold; 'any' - one is enough.
 * A criterion set to null is not used.
 */
export const stopRuleSchema = v.strictObject({
  minSStar: v.nullable(
    v.pipe(
      v.number(),
      v.finite(),
      v.gtValue(0, 'S* must be above 0'),
      v.maxValue(1, 'S* is at most 1')
    )
  ),
  maxWeightShift: v.nullable(
    v.pipe(
      v.number(),
      v.finite(),
      v.gtValue(0, 'a weight shift must be above 0'),
      v.ltValue(1, 'a weight shift must be below 1')
    )
  ),
  maxRounds: v.nullable(
    v.pipe(
      v.number(),
      v.integer('a number of rounds is a whole number'),
      v.minValue(1, 'at least 1 round'),
      v.maxValue(MAX_ROUNDS, `at most ${MAX_ROUNDS} rounds`)
    )
  ),
  combine: v.picklist(['all', 'any'])
});
export type StopRule = v.InferOutput<typeof stopRuleSchema>;

export const delphiSettingsSchema = v.strictObject({
  /** Experts may give a one-line reason for each judgment, shown to the others without names. */
  reasons: v.boolean(),
  stop: stopRuleSchema
});
export type DelphiSettings = v.InferOutput<typeof delphiSettingsSchema>;

/** The settings of a survey that has none stored: S* 0.75 (Goepel's "high"), shift 0.01, 3 rounds. */
export const DEFAULT_DELPHI: Readonly<DelphiSettings> = Object.freeze({
  reasons: false,
  stop: Object.freeze({
    minSStar: 0.75,
    maxWeightShift: 0.01,
    maxRounds: 3,
    combine: 'all' as const
  })
});

/**
 * Checks reasons against the survey: only groups it compares, one entry (a reason or null) per
 * pair. The text of each was checked by reasonsSchema (the one-line text rule).
 * @throws AhpInputError naming the path of the first problem
 */
export function checkReasons(
  def: Pick<SurveyDefinition, 'hierarchy'>,
  reasons: Readonly<Record<string, ReadonlyArray<string | null>>>
): void {
  const pairs = new Map(askedGroupsOf(def).map((c) => [c.node.id, c.pairs.length]));
  for (const [id, list] of Object.entries(reasons)) {
    const n = pairs.get(id);
    if (n === undefined)
      throw new AhpInputError(['reasons', id], `this survey has no comparison at node "${id}"`);
    if (list.length !== n)
      throw new AhpInputError(
        ['reasons', id],
        `node "${id}" has ${n} pairs, got ${list.length} reasons`
      );
  }
}

/**
 * A refusal of a submission's reasons that names the pair, for the expert and the researcher:
 * `$.reasons.B1[0]` becomes "the reason for pair 1 of "B1" (Collateral / Income): ...".
 * Other errors are returned as they are.
 */
export function namedReasonError(def: Pick<SurveyDefinition, 'hierarchy'>, e: unknown): unknown {
  if (!(e instanceof AhpInputError) || e.path[0] !== 'reasons') return e;
  const [, id, k] = e.path;
  const group = askedGroupsOf(def).find((c) => c.node.id === id);
  const pair = typeof k === 'number' ? group?.pairs[k] : undefined;
  if (!group || !pair || typeof k !== 'number') return e;
  const names = pair.map((c) => labelOf(group.children[c]!, 'en')).join(' / ');
  return new AhpInputError(
    e.path,
    `the reason for pair ${k + 1} of "${id}" (${names}): ${e.detail}`
  );
}
