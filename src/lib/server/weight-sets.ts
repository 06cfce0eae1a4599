/**
 * Saved weight sets: immutable, named, dated snapshots of a survey's weights (the route computes
 * the document from the stored answers; this module stores it as given). Each gets a read token
 * for production, returned once by saveWeightSet; only its SHA-256 is kept, and the row is found
 * by id and that hash together, so a wrong token and a wrong id look the same.
 *
 * There is no update verb, and the table refuses updates (a trigger): production may have pinned
 * a snapshot by id. The document is stored as jsonb and comes back as the same values (numbers
 * round-trip exactly through jsonb's numeric); serve it with weightSetJson() for stable bytes.
 */
import * as v from 'valibot';
import { lineSchema, MAX_LABEL_LENGTH } from '../survey';
import type { WeightSet } from '../weights';
import type { Db } from './db';
import { StoreError } from './errors';
import { iso } from './rows';
import {
  hashesEqual,
  hashToken,
  isWellFormedId,
  isWellFormedToken,
  newId,
  newToken
} from './tokens';

/** A saved weight set as the researcher's list shows it (no document, no token). */
export interface WeightSetSummary {
  id: string;
  surveyId: string;
  name: string;
  createdAt: string;
  /** The document's `hash.value` (SHA-256 over its canonical form). */
  hash: string;
}

export interface StoredWeightSet extends WeightSetSummary {
  document: WeightSet;
}

interface WeightSetRow {
  id: string;
  survey_id: string;
  name: string;
  document: WeightSet;
  created_at: Date;
}

const SUMMARY_COLUMNS = `id, survey_id, name, document -> 'hash' ->> 'value' AS hash, created_at`;

function toSummary(row: Omit<WeightSetRow, 'document'> & { hash: string }): WeightSetSummary {
  return {
    id: row.id,
    surveyId: row.survey_id,
    name: row.name,
    createdAt: iso(row.created_at),
    hash: row.hash
  };
}

/**
 * Stores a weight set of the survey. Returns its id and the read token for production, once:
 * only the token's hash is kept.
 * @throws StoreError 400 for an empty name or a document without a hash; 404 unknown survey
 */
export async function saveWeightSet(
  db: Db,
  surveyId: string,
  name: string,
  document: WeightSet
): Promise<{ id: string; readToken: string; summary: WeightSetSummary }> {
  const checked = v.safeParse(lineSchema(MAX_LABEL_LENGTH, 1), name);
  if (!checked.success)
    throw new StoreError(
      'invalid',
      `Give the weight set a name of 1 to ${MAX_LABEL_LENGTH} characters (${checked.issues[0].message}).`
    );
  const trimmed = checked.output;
  if (!/^[0-9a-f]{64}$/.test(document?.hash?.value ?? ''))
    throw new StoreError('invalid', 'The weight set has no hash: build it with buildWeightSet.');
  const readToken = newToken();
  const [row] = await db.query<Omit<WeightSetRow, 'document'> & { hash: string }>(
    `INSERT INTO weight_sets (id, survey_id, name, document, read_token_hash)
     SELECT $1, s.id, $3, $4::text::jsonb, $5 FROM surveys s WHERE s.id = $2
     RETURNING ${SUMMARY_COLUMNS}`,
    [newId(), surveyId, trimmed, JSON.stringify(document), hashToken(readToken)]
  );
  if (!row) throw new StoreError('not_found', 'This survey does not exist, or it was deleted.');
  return { id: row.id, readToken, summary: toSummary(row) };
}

/** The survey's saved weight sets, oldest first, without their documents. */
export async function listWeightSets(db: Db, surveyId: string): Promise<WeightSetSummary[]> {
  const rows = await db.query<Omit<WeightSetRow, 'document'> & { hash: string }>(
    `SELECT ${SUMMARY_COLUMNS} FROM weight_sets WHERE survey_id = $1 ORDER BY created_at, id`,
    [surveyId]
  );
  return rows.map(toSummary);
}

/** One of the survey's weight sets with its document (the caller checked the admin token), or null. */
export async function getWeightSetForAdmin(
  db: Db,
  surveyId: string,
  id: string
): Promise<StoredWeightSet | null> {
  if (!isWellFormedId(id)) return null;
  const [row] = await db.query<WeightSetRow & { hash: string }>(
    `SELECT ${SUMMARY_COLUMNS}, document FROM weight_sets WHERE id = $1 AND survey_id = $2`,
    [id, surveyId]
  );
  return row ? { ...toSummary(row), document: row.document } : null;
}

/**
 * A weight set for production: by id and read token together, or null when either is wrong
 * (the caller answers both the same way). The row is looked up by the token's hash, and the
 * hashes are compared in constant time.
 */
export async function getWeightSetByReadToken(
  db: Db,
  id: string,
  token: string
): Promise<StoredWeightSet | null> {
  if (!isWellFormedId(id) || !isWellFormedToken(token)) return null;
  const hash = hashToken(token);
  const [row] = await db.query<WeightSetRow & { hash: string; read_token_hash: Uint8Array }>(
    `SELECT ${SUMMARY_COLUMNS}, document, read_token_hash FROM weight_sets
     WHERE read_token_hash = $1 AND id = $2`,
    [hash, id]
  );
  if (!row || !hashesEqual(row.read_token_hash, hash)) return null;
  return { ...toSummary(row), document: row.document };
}
