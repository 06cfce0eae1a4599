/**
 * Surveys: created with a secret admin token (only its hash is kept), edited until the first
 * expert starts (then the hierarchy is frozen; title and settings may still change), opened and
 * closed, with an optional open link that anyone holding it can join by.
 *
 * The definition is stored as given: the route validates it against the shared schema first.
 */
import type { SurveyDefinition, SurveySettings } from '../survey';
import type { Db } from './db';
import { StoreError } from './errors';
import { iso, isoOrNull } from './rows';
import { hashesEqual, hashToken, isWellFormedToken, newId, newToken } from './tokens';

export type SurveyStatus = 'draft' | 'open' | 'closed';

export interface Survey {
  id: string;
  definition: SurveyDefinition;
  status: SurveyStatus;
  /** When the first expert started; from then on the hierarchy can't change. */
  frozenAt: string | null;
  openLinkEnabled: boolean;
  /** The Delphi round that takes answers now (1 until the researcher opens round 2). */
  round: number;
  createdAt: string;
  updatedAt: string;
}

/** The columns behind `Survey`, for SELECT and RETURNING (prefix them with an alias if joined). */
export const SURVEY_COLUMNS =
  'id, definition, status, frozen_at, open_link_enabled, current_round, created_at, updated_at';

export interface SurveyRow {
  id: string;
  definition: SurveyDefinition;
  status: SurveyStatus;
  frozen_at: Date | null;
  open_link_enabled: boolean;
  current_round: number;
  created_at: Date;
  updated_at: Date;
}

export function toSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    definition: row.definition,
    status: row.status,
    frozenAt: isoOrNull(row.frozen_at),
    openLinkEnabled: row.open_link_enabled,
    round: row.current_round,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at)
  };
}

function notFound(): StoreError {
  return new StoreError('not_found', 'This survey does not exist, or it was deleted.');
}

/**
 * Creates a survey in status 'draft'. The admin token is returned once, here, and never
 * again: show it to the researcher (it is their only key to the survey).
 */
export async function createSurvey(
  db: Db,
  definition: SurveyDefinition
): Promise<{ survey: Survey; adminToken: string }> {
  const adminToken = newToken();
  const [row] = await db.query<SurveyRow>(
    `INSERT INTO surveys (id, admin_token_hash, definition, status)
     VALUES ($1, $2, $3::text::jsonb, 'draft')
     RETURNING ${SURVEY_COLUMNS}`,
    [newId(), hashToken(adminToken), JSON.stringify(definition)]
  );
  if (!row) throw new Error('createSurvey: the insert returned no row');
  return { survey: toSurvey(row), adminToken };
}

/** The survey whose admin token this is, or null (malformed, wrong or revoked token). */
export async function findSurveyByAdminToken(db: Db, token: string): Promise<Survey | null> {
  if (!isWellFormedToken(token)) return null;
  const hash = hashToken(token);
  const [row] = await db.query<SurveyRow & { admin_token_hash: Uint8Array }>(
    `SELECT ${SURVEY_COLUMNS}, admin_token_hash FROM surveys WHERE admin_token_hash = $1`,
    [hash]
  );
  return row && hashesEqual(row.admin_token_hash, hash) ? toSurvey(row) : null;
}

/** A survey by id, or null. Ids are not secrets: check a token before calling this. */
export async function getSurvey(db: Db, surveyId: string): Promise<Survey | null> {
  const [row] = await db.query<SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM surveys WHERE id = $1`, [
    surveyId
  ]);
  return row ? toSurvey(row) : null;
}

/**
 * Replaces the whole definition. Once the survey is frozen (an expert has started) the
 * hierarchy must stay exactly as it is (compared as JSON, key order aside); title,
 * description and settings may change. The check and the write are one statement, so an
 * expert starting at the same moment can't slip in between.
 * @throws StoreError 404 unknown survey; 409 'frozen' when the hierarchy would change
 */
export async function updateDefinition(
  db: Db,
  surveyId: string,
  definition: SurveyDefinition
): Promise<Survey> {
  const [row] = await db.query<SurveyRow>(
    `UPDATE surveys SET definition = $2::text::jsonb, updated_at = now()
     WHERE id = $1 AND (frozen_at IS NULL OR definition -> 'hierarchy' = $2::text::jsonb -> 'hierarchy')
     RETURNING ${SURVEY_COLUMNS}`,
    [surveyId, JSON.stringify(definition)]
  );
  if (row) return toSurvey(row);
  if (!(await getSurvey(db, surveyId))) throw notFound();
  throw new StoreError(
    'frozen',
    'The hierarchy is frozen: an expert has already started answering. You can still change ' +
      'the title and the settings; to change the hierarchy, create a new survey (a copy).'
  );
}

/**
 * Replaces the settings only; allowed at any time (they are applied when answers are
 * analysed, and don't change what an expert is asked).
 * @throws StoreError 404 unknown survey
 */
export async function updateSettings(
  db: Db,
  surveyId: string,
  settings: SurveySettings
): Promise<Survey> {
  const [row] = await db.query<SurveyRow>(
    `UPDATE surveys SET definition = jsonb_set(definition, '{settings}', $2::text::jsonb), updated_at = now()
     WHERE id = $1
     RETURNING ${SURVEY_COLUMNS}`,
    [surveyId, JSON.stringify(settings)]
  );
  if (!row) throw notFound();
  return toSurvey(row);
}

/**
 * Opens or closes the survey (a closed survey may be opened again). Experts can start and
 * submit only while it is open.
 * @throws StoreError 404 unknown survey
 */
export async function setStatus(
  db: Db,
  surveyId: string,
  status: 'open' | 'closed'
): Promise<Survey> {
  const [row] = await db.query<SurveyRow>(
    `UPDATE surveys SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${SURVEY_COLUMNS}`,
    [surveyId, status]
  );
  if (!row) throw notFound();
  return toSurvey(row);
}

/**
 * Turns the open link on (with a new token each time: an old link never comes back) or off
 * (its token is forgotten). Returns the token when enabling; it is shown once.
 * @throws StoreError 404 unknown survey
 */
export async function setOpenLink(
  db: Db,
  surveyId: string,
  enabled: true
): Promise<{ token: string }>;
export async function setOpenLink(
  db: Db,
  surveyId: string,
  enabled: false
): Promise<{ token: null }>;
export async function setOpenLink(
  db: Db,
  surveyId: string,
  enabled: boolean
): Promise<{ token: string | null }>;
export async function setOpenLink(
  db: Db,
  surveyId: string,
  enabled: boolean
): Promise<{ token: string | null }> {
  const token = enabled ? newToken() : null;
  const rows = await db.query<{ id: string }>(
    `UPDATE surveys SET open_link_enabled = $2, open_link_token_hash = $3, updated_at = now()
     WHERE id = $1 RETURNING id`,
    [surveyId, enabled, token === null ? null : hashToken(token)]
  );
  if (rows.length === 0) throw notFound();
  return { token };
}
