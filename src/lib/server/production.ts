/**
 * The survey's production weight set (issue 11): the researcher marks one of the survey's saved
 * sets, and production may fetch or score `current` in place of a pinned id. Every marking is a
 * new row (production_marks); the latest is current, so changing it keeps what was used before
 * and when. There is no user account, so "who" is the survey's researcher (the admin token).
 *
 * The alias is read with the read token of any of the survey's saved sets: the token says which
 * survey, the latest marking says which set, and the answer names the id it resolved to.
 */
import type { Db } from './db';
import { StoreError } from './errors';
import { iso } from './rows';
import { hashesEqual, hashToken, isWellFormedId, isWellFormedToken } from './tokens';

/** The alias production may use in place of a weight set's id. */
export const CURRENT_ALIAS = 'current';

export interface ProductionMark {
  weightSetId: string;
  name: string;
  hash: string;
  markedAt: string;
}

/**
 * Marks one of the survey's saved sets as its production set (marking the current one again
 * records the marking again). @throws StoreError 404 when the set is not this survey's
 */
export async function markProductionSet(
  db: Db,
  surveyId: string,
  weightSetId: string
): Promise<ProductionMark> {
  if (!isWellFormedId(weightSetId))
    throw new StoreError('not_found', 'There is no such weight set in this survey.');
  const [row] = await db.query<{ marked_at: Date; name: string; hash: string }>(
    `WITH mark AS (
       INSERT INTO production_marks (survey_id, weight_set_id)
       SELECT survey_id, id FROM weight_sets WHERE id = $1 AND survey_id = $2
       RETURNING weight_set_id, marked_at)
     SELECT mark.marked_at, w.name, w.document -> 'hash' ->> 'value' AS hash
     FROM mark JOIN weight_sets w ON w.id = mark.weight_set_id`,
    [weightSetId, surveyId]
  );
  if (!row) throw new StoreError('not_found', 'There is no such weight set in this survey.');
  return { weightSetId, name: row.name, hash: row.hash, markedAt: iso(row.marked_at) };
}

/** The survey's production set (its latest marking), or null when none was ever marked. */
export async function getProductionSet(db: Db, surveyId: string): Promise<ProductionMark | null> {
  const [row] = await db.query<{ id: string; name: string; hash: string; marked_at: Date }>(
    `SELECT w.id, w.name, w.document -> 'hash' ->> 'value' AS hash, m.marked_at
     FROM production_marks m JOIN weight_sets w ON w.id = m.weight_set_id
     WHERE m.survey_id = $1 ORDER BY m.seq DESC LIMIT 1`,
    [surveyId]
  );
  return row
    ? { weightSetId: row.id, name: row.name, hash: row.hash, markedAt: iso(row.marked_at) }
    : null;
}

/**
 * What `current` means for the holder of `token` (the read token of any of a survey's saved
 * sets): null for a token that opens no set (answer as for a wrong id), else the survey and its
 * production set's id, null when it has none yet.
 */
export async function resolveCurrent(
  db: Db,
  token: string
): Promise<{ surveyId: string; weightSetId: string | null } | null> {
  if (!isWellFormedToken(token)) return null;
  const hash = hashToken(token);
  const [row] = await db.query<{
    survey_id: string;
    read_token_hash: Uint8Array;
    current: string | null;
  }>(
    `SELECT w.survey_id, w.read_token_hash,
            (SELECT m.weight_set_id FROM production_marks m WHERE m.survey_id = w.survey_id
             ORDER BY m.seq DESC LIMIT 1) AS current
     FROM weight_sets w WHERE w.read_token_hash = $1`,
    [hash]
  );
  if (!row || !hashesEqual(row.read_token_hash, hash)) return null;
  return { surveyId: row.survey_id, weightSetId: row.current };
}

/** The answer to `current` before any set was marked (404: there is nothing to serve yet). */
export const NO_PRODUCTION_SET = {
  message:
    'This survey has no production weight set yet: the researcher marks one on the Weight models page. Until then, fetch or score a set by its id.',
  code: 'no_production_set'
} as const;

/** The response header that names the id a request was answered with (the alias resolved). */
export const WEIGHT_SET_ID_HEADER = 'pairwise-weight-set-id';

/**
 * The weight set a production request names: for `current`, the survey's production set
 * (`surveyId` set: the token was checked here), or `missing` when the token opens no set
 * (`not_found`) or the survey has none marked (`no_production_set`); any other id as given
 * (`surveyId` null: the caller checks the token against it).
 */
export async function resolveWeightSetId(
  db: Db,
  id: string,
  token: string
): Promise<
  { id: string; surveyId: string | null } | { missing: 'not_found' | 'no_production_set' }
> {
  if (id !== CURRENT_ALIAS) return { id, surveyId: null };
  const current = await resolveCurrent(db, token);
  if (!current) return { missing: 'not_found' };
  if (current.weightSetId === null) return { missing: 'no_production_set' };
  return { id: current.weightSetId, surveyId: current.surveyId };
}
