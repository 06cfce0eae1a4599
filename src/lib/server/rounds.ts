/**
 * Delphi rounds. Every survey is in round 1 until the researcher closes it and opens round 2
 * (and so on): from then on a submission is stored only into the round that is open, from an
 * expert that round asks (./responses.ts checks both inside its transaction). Every round's
 * submissions are kept; a round's answers are each expert's latest submission of that round or
 * before (loadPanel with a round).
 *
 * Closing a round takes the survey row FOR UPDATE: it waits for submissions being stored (they
 * hold it FOR SHARE), and once it returns nothing more gets into the closed round.
 */
import * as v from 'valibot';
import { delphiSettingsSchema, MAX_ROUNDS, type DelphiSettings } from '../survey';
import type { Db } from './db';
import { StoreError } from './errors';
import { iso } from './rows';

/** How "settled" was decided when a round re-asked only some groups. */
export interface SettledBy {
  measure: 'S*';
  threshold: number;
}

export interface RoundInfo {
  number: number;
  /** The experts asked (ids); null: everyone. */
  experts: string[] | null;
  /** The groups asked again (node ids); null: all. The others keep the round before's answers. */
  groups: string[] | null;
  settledBy: SettledBy | null;
  /** null for round 1 (it opens with the survey). */
  openedAt: string | null;
}

const ROUND_ONE: RoundInfo = Object.freeze({
  number: 1,
  experts: null,
  groups: null,
  settledBy: null,
  openedAt: null
});

interface RoundRow {
  number: number;
  experts: string[] | null;
  groups: string[] | null;
  settled_by: SettledBy | null;
  opened_at: Date;
}

function toRound(row: RoundRow): RoundInfo {
  return {
    number: row.number,
    experts: row.experts,
    groups: row.groups,
    settledBy: row.settled_by,
    openedAt: iso(row.opened_at)
  };
}

/** Every round of the survey so far, 1 first (round 1 needs no row). */
export async function listRounds(db: Db, surveyId: string): Promise<RoundInfo[]> {
  const rows = await db.query<RoundRow>(
    `SELECT number, experts, groups, settled_by, opened_at FROM survey_rounds
     WHERE survey_id = $1 ORDER BY number`,
    [surveyId]
  );
  return [ROUND_ONE, ...rows.map(toRound)];
}

/** One round of the survey (round 1 always exists), or null when it has not been opened. */
export async function getRound(db: Db, surveyId: string, round: number): Promise<RoundInfo | null> {
  if (round === 1) return ROUND_ONE;
  const [row] = await db.query<RoundRow>(
    `SELECT number, experts, groups, settled_by, opened_at FROM survey_rounds
     WHERE survey_id = $1 AND number = $2`,
    [surveyId, round]
  );
  return row ? toRound(row) : null;
}

/** What the researcher asks of the next round. */
export interface NextRound {
  /** Experts to ask (ids of this survey's experts); null or absent: everyone. */
  experts?: string[] | null | undefined;
  /** Groups to ask again (node ids of `knownGroups`); null or absent: all. */
  groups?: string[] | null | undefined;
  settledBy?: SettledBy | null | undefined;
}

/**
 * Closes the survey's current round and opens the next one, for the experts and groups given.
 * The survey must be open (a closed survey takes no answers in any round).
 * @param knownGroups the survey's compared groups (node ids), to check `groups` against
 * @throws StoreError 400 an empty or unknown expert or group list, or more than MAX_ROUNDS;
 *   404 unknown survey; 423 the survey is not open
 */
export async function openNextRound(
  db: Db,
  surveyId: string,
  next: NextRound,
  knownGroups: readonly string[]
): Promise<RoundInfo> {
  const experts = next.experts ?? null;
  const groups = next.groups ?? null;
  if (experts !== null && experts.length === 0)
    throw new StoreError('invalid', 'Choose at least one expert to ask in the next round.');
  if (groups !== null && groups.length === 0)
    throw new StoreError(
      'invalid',
      'Every group has reached consensus: nothing is left to ask again. Stop here, or ask all groups.'
    );
  const unknownGroup = groups?.find((g) => !knownGroups.includes(g));
  if (unknownGroup !== undefined)
    throw new StoreError('invalid', `This survey compares no group "${unknownGroup}".`);
  return db.transaction(async (tx) => {
    const [survey] = await tx.query<{ status: string; current_round: number }>(
      `SELECT status, current_round FROM surveys WHERE id = $1 FOR UPDATE`,
      [surveyId]
    );
    if (!survey)
      throw new StoreError('not_found', 'This survey does not exist, or it was deleted.');
    if (survey.status !== 'open')
      throw new StoreError(
        survey.status === 'closed' ? 'closed' : 'not_open',
        'Open the survey first: a new round can only start in an open survey.'
      );
    const number = survey.current_round + 1;
    if (number > MAX_ROUNDS)
      throw new StoreError('invalid', `A survey has at most ${MAX_ROUNDS} rounds.`);
    if (experts !== null) {
      const found = await tx.query<{ id: string }>(
        `SELECT id FROM experts WHERE survey_id = $1 AND id = ANY ($2::text[])`,
        [surveyId, experts]
      );
      const ids = new Set(found.map((r) => r.id));
      if (experts.some((id) => !ids.has(id)))
        throw new StoreError(
          'invalid',
          'An expert chosen for the next round is not in this survey.'
        );
    }
    const [row] = await tx.query<RoundRow>(
      `INSERT INTO survey_rounds (survey_id, number, experts, groups, settled_by)
       VALUES ($1, $2, $3::text[], $4::text[], $5::text::jsonb)
       RETURNING number, experts, groups, settled_by, opened_at`,
      [
        surveyId,
        number,
        experts === null ? null : [...new Set(experts)],
        groups === null ? null : [...new Set(groups)],
        next.settledBy ? JSON.stringify(next.settledBy) : null
      ]
    );
    await tx.query(`UPDATE surveys SET current_round = $2, updated_at = now() WHERE id = $1`, [
      surveyId,
      number
    ]);
    if (!row) throw new Error('openNextRound: the insert returned no row');
    return toRound(row);
  });
}

/** The survey's Delphi settings, or null when the researcher has set none. */
export async function getDelphiSettings(db: Db, surveyId: string): Promise<DelphiSettings | null> {
  const [row] = await db.query<{ delphi: unknown }>(`SELECT delphi FROM surveys WHERE id = $1`, [
    surveyId
  ]);
  if (!row || row.delphi === null) return null;
  const parsed = v.safeParse(delphiSettingsSchema, row.delphi);
  return parsed.success ? parsed.output : null;
}

/**
 * Stores the survey's Delphi settings (validated again here: the store takes nothing else).
 * @throws StoreError 400 invalid settings; 404 unknown survey
 */
export async function setDelphiSettings(
  db: Db,
  surveyId: string,
  settings: DelphiSettings
): Promise<DelphiSettings> {
  const parsed = v.safeParse(delphiSettingsSchema, settings);
  if (!parsed.success)
    throw new StoreError('invalid', `Delphi settings: ${parsed.issues[0].message}.`);
  const rows = await db.query<{ id: string }>(
    `UPDATE surveys SET delphi = $2::text::jsonb, updated_at = now() WHERE id = $1 RETURNING id`,
    [surveyId, JSON.stringify(parsed.output)]
  );
  if (rows.length === 0)
    throw new StoreError('not_found', 'This survey does not exist, or it was deleted.');
  return parsed.output;
}

/**
 * One expert's answers that count for a round: their latest submission of that round or
 * before, or null.
 */
export async function answersUpTo(
  db: Db,
  expertId: string,
  round: number
): Promise<{
  round: number;
  judgments: Record<string, Array<number | null>>;
  reasons: Record<string, Array<string | null>> | null;
} | null> {
  const [row] = await db.query<{
    round: number;
    judgments: Record<string, Array<number | null>>;
    reasons: Record<string, Array<string | null>> | null;
  }>(
    `SELECT round, judgments, reasons FROM submissions WHERE expert_id = $1 AND round <= $2
     ORDER BY seq DESC LIMIT 1`,
    [expertId, round]
  );
  return row ?? null;
}
