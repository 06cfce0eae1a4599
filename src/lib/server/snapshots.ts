/**
 * Snapshots of the loan book (early warning and monitoring, src/lib/monitoring): a file of loans
 * as of a date, scored with one of the survey's saved weight sets and stored immutable with that
 * set's id and hash. Only what comparing snapshots needs is kept, per loan: the total, the grade,
 * the points per indicator, days past due and the outcome (packLoans); the facts are not.
 */
import * as v from 'valibot';
import {
  packLoans,
  readSnapshot,
  SnapshotFileError,
  unpackLoans,
  type MonitorSnapshot,
  type SnapshotLoans,
  type SnapshotProblem
} from '../monitoring';
import { lineSchema, MAX_LABEL_LENGTH } from '../survey';
import { compileScorer } from '../weights';
import { timestampProblem } from '../survey/text';
import type { Db } from './db';
import { StoreError } from './errors';
import { iso } from './rows';
import { newId } from './tokens';
import type { StoredWeightSet } from './weight-sets';

export type SnapshotSource = 'researcher' | 'production';

/**
 * The largest snapshot body production may send: 100,000 farm-credit loans are about 15 MB. The
 * adapter's BODY_SIZE_LIMIT (512 KB unless raised) refuses bigger bodies first: see
 * docs/monitoring.md.
 */
export const MAX_SNAPSHOT_BODY = 32 * 1024 * 1024;

export interface SnapshotSummary {
  id: string;
  surveyId: string;
  weightSetId: string;
  weightSetHash: string;
  name: string;
  /** YYYY-MM-DD */
  asOf: string;
  loans: number;
  outcomes: number;
  defaults: number;
  source: SnapshotSource;
  createdAt: string;
}

/** A snapshot file refused: its problems, each with line and column, for the page to list. */
export class SnapshotImportError extends StoreError {
  constructor(
    readonly problems: SnapshotProblem[],
    readonly total: number,
    message: string
  ) {
    super('invalid', message);
  }
}

interface SnapshotRow {
  id: string;
  survey_id: string;
  weight_set_id: string;
  weight_set_hash: string;
  name: string;
  as_of: string;
  loans: number;
  outcomes: number;
  defaults: number;
  source: SnapshotSource;
  created_at: Date;
}

const SUMMARY_COLUMNS = `id, survey_id, weight_set_id, weight_set_hash, name,
  to_char(as_of, 'YYYY-MM-DD') AS as_of, loans, outcomes, defaults, source, created_at`;

function toSummary(row: SnapshotRow): SnapshotSummary {
  return {
    id: row.id,
    surveyId: row.survey_id,
    weightSetId: row.weight_set_id,
    weightSetHash: row.weight_set_hash,
    name: row.name,
    asOf: row.as_of,
    loans: row.loans,
    outcomes: row.outcomes,
    defaults: row.defaults,
    source: row.source,
    createdAt: iso(row.created_at)
  };
}

/**
 * The date a snapshot is as of: YYYY-MM-DD, a real calendar date in 1970-9999.
 * @throws StoreError 400 naming what is wrong
 */
export function checkAsOf(text: unknown): string {
  const value = typeof text === 'string' ? text.trim() : '';
  const problem = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? timestampProblem(value)
    : 'give the date as YYYY-MM-DD (for example 2026-06-30)';
  if (problem) throw new StoreError('invalid', `The snapshot's date: ${problem}.`);
  return value;
}

/**
 * A snapshot's name: one line of 1 to MAX_LABEL_LENGTH characters.
 * @throws StoreError 400 naming what is wrong
 */
export function checkSnapshotName(name: unknown): string {
  const checked = v.safeParse(lineSchema(MAX_LABEL_LENGTH, 1), name);
  if (!checked.success)
    throw new StoreError(
      'invalid',
      `Give the snapshot a name of 1 to ${MAX_LABEL_LENGTH} characters (${checked.issues[0].message}).`
    );
  return checked.output;
}

/**
 * Reads, scores and stores a snapshot file with a saved weight set of the survey (the caller found
 * it by the admin token or by its read token). All or nothing.
 * @throws SnapshotImportError (400) listing the file's problems; StoreError 400 for a bad name
 *   or date
 */
export async function importSnapshot(
  db: Db,
  weightSet: StoredWeightSet,
  meta: { name: unknown; asOf: unknown; source: SnapshotSource },
  text: string
): Promise<SnapshotSummary> {
  const name = checkSnapshotName(meta.name);
  const asOf = checkAsOf(meta.asOf);
  let loans: SnapshotLoans;
  try {
    loans = readSnapshot(weightSet.document, text).loans;
  } catch (e) {
    if (e instanceof SnapshotFileError)
      throw new SnapshotImportError(
        e.problems,
        e.total,
        `The loan file was not added: ${e.message}`
      );
    throw e;
  }
  return saveSnapshot(db, weightSet, { name, asOf, source: meta.source }, loans);
}

/** Stores scored loans as a snapshot (name and date already checked). */
export async function saveSnapshot(
  db: Db,
  weightSet: StoredWeightSet,
  meta: { name: string; asOf: string; source: SnapshotSource },
  loans: SnapshotLoans
): Promise<SnapshotSummary> {
  const scales = compileScorer(weightSet.document).scales;
  let outcomes = 0;
  let defaults = 0;
  for (let k = 0; k < loans.count; k++) {
    const d = loans.defaulted[k]!;
    if (d >= 0) {
      outcomes++;
      defaults += d;
    }
  }
  const [row] = await db.query<SnapshotRow>(
    `INSERT INTO snapshots (id, survey_id, weight_set_id, weight_set_hash, name, as_of, loans,
       outcomes, defaults, leaves, loan_ids, data, source)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, decode($12, 'base64'), $13)
     RETURNING ${SUMMARY_COLUMNS}`,
    [
      newId(),
      weightSet.surveyId,
      weightSet.id,
      weightSet.hash,
      meta.name,
      meta.asOf,
      loans.count,
      outcomes,
      defaults,
      scales.length,
      loans.ids.join('\n'),
      Buffer.from(packLoans(loans, scales).buffer).toString('base64'),
      meta.source
    ]
  );
  return toSummary(row!);
}

/** The survey's snapshots (of every weight set), by date, without their loans. */
export async function listSnapshots(db: Db, surveyId: string): Promise<SnapshotSummary[]> {
  const rows = await db.query<SnapshotRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM snapshots WHERE survey_id = $1 ORDER BY as_of, created_at, id`,
    [surveyId]
  );
  return rows.map(toSummary);
}

/**
 * The snapshots of one weight set with their loans, by date (what a monitoring report compares).
 * The levels stored are turned back into points by the set's scales (see packLoans).
 */
export async function loadSnapshots(
  db: Db,
  weightSet: StoredWeightSet
): Promise<(MonitorSnapshot & { summary: SnapshotSummary })[]> {
  const scales = compileScorer(weightSet.document).scales;
  // base64 text: both drivers carry it much faster than bytea (PGlite 4x on 13 MB).
  const rows = await db.query<SnapshotRow & { leaves: number; loan_ids: string; data: string }>(
    `SELECT ${SUMMARY_COLUMNS}, leaves, loan_ids, encode(data, 'base64') AS data FROM snapshots
     WHERE survey_id = $1 AND weight_set_id = $2 ORDER BY as_of, created_at, id`,
    [weightSet.surveyId, weightSet.id]
  );
  return rows.map((row) => {
    const summary = toSummary(row);
    const ids = row.loan_ids.split('\n');
    return {
      id: row.id,
      name: row.name,
      asOf: summary.asOf,
      loans: unpackLoans(new Uint8Array(Buffer.from(row.data, 'base64')), ids, scales),
      summary
    };
  });
}
