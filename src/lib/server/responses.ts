/**
 * Experts' submissions. Each is stored once per submissionId however often it arrives (the
 * browser's outbox resends until it sees a receipt), and acknowledged only after its
 * transaction has committed. Every submission is kept; the latest one (by arrival) counts.
 *
 * The route validates the body against the shared schema and computes the consistency with
 * the engine; this module stores, re-checking inside the transaction that the survey is open.
 */
import { timestampProblem } from '../survey/text';
import type { Db } from './db';
import { isStatementError, StoreError } from './errors';
import { assertOpen, type StoredNodeConsistency } from './experts';
import { batchedPerDb } from './batch';
import { iso, isoOrNull } from './rows';
import { MAX_ROUNDS } from '../survey/schema';

/** What the expert's browser sends (after the shared schema has validated it). */
export interface SubmissionInput {
  /** A UUID made by the browser when the expert pressed "submit". */
  submissionId: string;
  /** node id -> upper triangle of that node's matrix; null is "no opinion". */
  judgments: Record<string, Array<number | null>>;
  clientCreatedAt?: string | undefined;
  /** The Delphi round answered (absent: 1). Refused once that round has closed. */
  round?: number | undefined;
  /** Optional one-line reasons, node id -> one per pair (the route checks them with the schema). */
  reasons?: Record<string, Array<string | null>> | undefined;
}

/** The acknowledgement: the same for every arrival of one submission. */
export interface Receipt {
  submissionId: string;
  receivedAt: string;
  /** True when this submission had already been stored (a resend). */
  duplicate: boolean;
}

export interface StoredSubmission {
  /** Arrival order across the whole database. */
  seq: number;
  submissionId: string;
  expertId: string;
  surveyId: string;
  judgments: Record<string, Array<number | null>>;
  consistency: Record<string, StoredNodeConsistency>;
  clientCreatedAt: string | null;
  receivedAt: string;
  /** The Delphi round it answered (1 for surveys without rounds). */
  round: number;
  reasons: Record<string, Array<string | null>> | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SUBMISSION_COLUMNS = `s.seq::text AS seq, s.submission_id::text AS submission_id, s.expert_id,
  s.survey_id, s.judgments, s.consistency, s.client_created_at, s.received_at, s.round, s.reasons`;

interface SubmissionRow {
  seq: string;
  submission_id: string;
  expert_id: string;
  survey_id: string;
  judgments: Record<string, Array<number | null>>;
  consistency: Record<string, StoredNodeConsistency>;
  client_created_at: Date | null;
  received_at: Date;
  round: number;
  reasons: Record<string, Array<string | null>> | null;
}

function toSubmission(row: SubmissionRow): StoredSubmission {
  return {
    seq: Number(row.seq),
    submissionId: row.submission_id,
    expertId: row.expert_id,
    surveyId: row.survey_id,
    judgments: row.judgments,
    consistency: row.consistency,
    clientCreatedAt: isoOrNull(row.client_created_at),
    receivedAt: iso(row.received_at),
    round: row.round,
    reasons: row.reasons
  };
}

/**
 * Stores an expert's submission, once per submissionId, and returns the receipt after COMMIT.
 * Submissions that arrive together are stored together, in one transaction (group commit, see
 * ./batch.ts); each gets its own answer. A resend of a stored submission returns the
 * original receipt with `duplicate: true` (even after the survey has closed: it was accepted
 * while open); its body is not compared, the stored one stands. Concurrent arrivals of one id
 * store one row.
 * @throws StoreError 400 malformed submissionId, clientCreatedAt or round, or a round that has
 *   not started; 404 unknown expert; 409 the submissionId belongs to another expert; 423 the
 *   survey is not open, the round has closed, or the round does not ask this expert (nothing
 *   stored)
 */
export async function submit(
  db: Db,
  expertId: string,
  submission: SubmissionInput,
  consistency: Record<string, StoredNodeConsistency>
): Promise<Receipt> {
  const { submissionId, judgments, clientCreatedAt, round = 1, reasons } = submission;
  if (typeof submissionId !== 'string' || !UUID.test(submissionId)) {
    throw new StoreError('invalid', 'submissionId must be a UUID.');
  }
  // Checked as the database will read it, before the batch: a date it refuses would fail the
  // whole group commit.
  const dateProblem =
    clientCreatedAt === undefined
      ? null
      : Number.isNaN(Date.parse(clientCreatedAt))
        ? 'not an ISO timestamp'
        : timestampProblem(clientCreatedAt);
  if (dateProblem !== null) {
    throw new StoreError('invalid', `clientCreatedAt: ${dateProblem}.`);
  }
  if (!Number.isInteger(round) || round < 1 || round > MAX_ROUNDS) {
    throw new StoreError('invalid', `round: a whole number from 1 to ${MAX_ROUNDS}.`);
  }
  return store(db, {
    id: submissionId.toLowerCase(),
    expertId,
    judgments,
    consistency,
    clientCreatedAt: clientCreatedAt === undefined ? null : new Date(clientCreatedAt).toISOString(),
    round,
    reasons: reasons ?? null
  });
}

/** A checked submission waiting for its batch. */
interface Pending {
  id: string;
  expertId: string;
  judgments: SubmissionInput['judgments'];
  consistency: Record<string, StoredNodeConsistency>;
  clientCreatedAt: string | null;
  round: number;
  reasons: Record<string, Array<string | null>> | null;
}

/** Submissions to one database are stored in batches (group commit). */
const store = batchedPerDb(storeBatch, { retryAlone: isStatementError });

/**
 * Stores a batch in one transaction: one look-up for all, one write for all, COMMIT. Each item's
 * outcome is its own: a receipt, or a StoreError (unknown expert, another expert's id, survey not
 * open) that leaves the other items alone.
 */
async function storeBatch(db: Db, items: Pending[]): Promise<Array<Receipt | Error>> {
  return db.transaction(async (tx) => {
    const found = await tx.query<{
      ord: number;
      survey_id: string | null;
      frozen: boolean | null;
      earlier_expert: string | null;
      earlier_received_at: Date | null;
    }>(
      `SELECT i.ord, e.survey_id, s.frozen_at IS NOT NULL AS frozen,
         x.expert_id AS earlier_expert, x.received_at AS earlier_received_at
       FROM jsonb_to_recordset($1::text::jsonb) AS i(ord int, id uuid, expert_id text)
       LEFT JOIN experts e ON e.id = i.expert_id
       LEFT JOIN surveys s ON s.id = e.survey_id
       LEFT JOIN submissions x ON x.submission_id = i.id
       ORDER BY i.ord`,
      [JSON.stringify(items.map((p, ord) => ({ ord, id: p.id, expert_id: p.expertId })))]
    );
    const results: Array<Receipt | Error | undefined> = new Array(items.length);
    const surveyOf: string[] = [];
    // The first arrival of each new id is written; a later arrival of it in the same batch gets
    // the first one's answer.
    const firstOf = new Map<string, number>();
    for (const row of found) {
      const k = row.ord;
      const p = items[k]!;
      if (row.survey_id === null) {
        results[k] = new StoreError('not_found', 'This expert link is not valid.');
      } else if (row.earlier_expert !== null && row.earlier_received_at !== null) {
        results[k] = settled(() =>
          receipt(p.id, p.expertId, row.earlier_expert!, row.earlier_received_at!)
        );
      } else if (!firstOf.has(p.id)) {
        firstOf.set(p.id, k);
        surveyOf[k] = row.survey_id;
      }
    }
    const toWrite = [...firstOf.values()];
    if (toWrite.length > 0) {
      const surveys = [...new Set(toWrite.map((k) => surveyOf[k]!))].sort();
      // Answers exist from now on: the hierarchy can't change any more (normally the expert's
      // start did this already). Done before the share lock below, so that lock is never
      // upgraded (two upgrades at once would deadlock); rows locked in id order, as below.
      if (toWrite.some((k) => found[k]!.frozen === false)) {
        await tx.query(
          `UPDATE surveys s SET frozen_at = now()
           FROM (
             SELECT id FROM surveys
             WHERE id IN (SELECT value FROM jsonb_array_elements_text($1::text::jsonb))
               AND frozen_at IS NULL AND status = 'open'
             ORDER BY id FOR UPDATE
           ) l
           WHERE s.id = l.id`,
          [JSON.stringify(surveys)]
        );
      }
      // Inserted only while the survey is open, in arrival order (seq). The share lock on the
      // survey row makes closing wait for this transaction: once setStatus('closed') returns,
      // nothing more gets in.
      const inserted = await tx.query<{ id: string; received_at: Date }>(
        `WITH input AS (
           SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS i(ord int, id uuid,
             expert_id text, survey_id text, judgments jsonb, consistency jsonb,
             client_created_at timestamptz, round int, reasons jsonb)
         ), open_survey AS (
           SELECT id, current_round FROM surveys
           WHERE id IN (SELECT survey_id FROM input) AND status = 'open'
           ORDER BY id FOR SHARE
         ), stored AS (
           -- Only into the round that is open now, and only from experts that round asks.
           INSERT INTO submissions (submission_id, expert_id, survey_id, judgments, consistency,
             client_created_at, round, reasons)
           SELECT i.id, i.expert_id, i.survey_id, i.judgments, i.consistency, i.client_created_at,
             i.round, i.reasons
           FROM input i JOIN open_survey o ON o.id = i.survey_id AND o.current_round = i.round
           LEFT JOIN survey_rounds r ON r.survey_id = o.id AND r.number = o.current_round
           WHERE r.experts IS NULL OR i.expert_id = ANY (r.experts)
           ORDER BY i.ord
           ON CONFLICT (submission_id) DO NOTHING
           RETURNING submission_id, expert_id, received_at
         ), activity AS (
           -- Rows locked in id order: two processes' batches never wait for each other in a
           -- circle (a deadlock).
           UPDATE experts e
           SET last_activity_at = now(), started_at = coalesce(e.started_at, now())
           FROM (
             SELECT id FROM experts WHERE id IN (SELECT expert_id FROM stored)
             ORDER BY id FOR UPDATE
           ) l
           WHERE e.id = l.id
         )
         SELECT submission_id::text AS id, received_at FROM stored`,
        [
          JSON.stringify(
            toWrite.map((k) => {
              const p = items[k]!;
              return {
                ord: k,
                id: p.id,
                expert_id: p.expertId,
                survey_id: surveyOf[k],
                judgments: p.judgments,
                consistency: p.consistency,
                client_created_at: p.clientCreatedAt,
                round: p.round,
                reasons: p.reasons
              };
            })
          )
        ]
      );
      const stored = new Map(inserted.map((r) => [r.id, r.received_at]));
      // Not stored: the survey isn't open, or the same id arrived concurrently (another
      // process) and won.
      const missing = toWrite.filter((k) => !stored.has(items[k]!.id));
      if (missing.length > 0) {
        const now = await tx.query<{ id: string; status: string; current_round: number }>(
          `SELECT id, status, current_round FROM surveys
           WHERE id IN (SELECT value FROM jsonb_array_elements_text($1::text::jsonb))`,
          [JSON.stringify(surveys)]
        );
        const statusOf = new Map(now.map((r) => [r.id, r]));
        const raced = await tx.query<{ id: string; expert_id: string; received_at: Date }>(
          `SELECT submission_id::text AS id, expert_id, received_at FROM submissions
           WHERE submission_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb))`,
          [JSON.stringify(missing.map((k) => items[k]!.id))]
        );
        const winner = new Map(raced.map((r) => [r.id, r]));
        for (const k of missing) {
          const p = items[k]!;
          const won = winner.get(p.id);
          results[k] = settled(() => {
            if (won) return receipt(p.id, p.expertId, won.expert_id, won.received_at);
            const survey = statusOf.get(surveyOf[k]!);
            assertOpen(survey?.status ?? 'closed');
            assertRound(p.round, survey!.current_round);
            throw new StoreError(
              'not_asked',
              `Round ${p.round} asks only some of the experts, and not you: your answers of the ` +
                'round before stand. Nothing was stored.'
            );
          });
        }
      }
      for (const k of toWrite) {
        const at = stored.get(items[k]!.id);
        if (at) results[k] = { submissionId: items[k]!.id, receivedAt: iso(at), duplicate: false };
      }
    }
    // Later arrivals of an id within this batch: the first arrival's outcome, as for a resend.
    return items.map((p, k) => {
      const own = results[k];
      if (own) return own;
      const first = firstOf.get(p.id)!;
      const outcome = results[first];
      if (!outcome) return new Error('submit: a submission of the batch has no outcome');
      if (outcome instanceof Error) return outcome;
      return items[first]!.expertId === p.expertId ? { ...outcome, duplicate: true } : conflict();
    });
  });
}

/**
 * @throws StoreError 423 'round_closed' for an answer to a round that has closed (it is not
 *   counted), 400 for a round that has not started
 */
function assertRound(round: number, current: number): void {
  if (round < current)
    throw new StoreError(
      'round_closed',
      `Round ${round} is closed: these answers were not counted. The survey is in round ` +
        `${current} now: open your link again to answer it.`
    );
  if (round > current)
    throw new StoreError(
      'invalid',
      `There is no round ${round} yet: the survey is in round ${current}.`
    );
}

/** The value `fn` returns, or the error it throws (one item's outcome in a batch). */
function settled<T>(fn: () => T): T | Error {
  try {
    return fn();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

function conflict(): StoreError {
  return new StoreError(
    'conflict',
    'This submission id is already used by another submission. Submit again: your browser ' +
      'will make a new id.'
  );
}

/** The receipt of an already stored submission; 409 if it is another expert's. */
function receipt(id: string, expertId: string, owner: string, receivedAt: Date): Receipt {
  if (owner !== expertId) throw conflict();
  return { submissionId: id, receivedAt: iso(receivedAt), duplicate: true };
}

/** The submission that counts for each expert of the survey (their latest), in invitation order. */
export async function latestSubmissions(db: Db, surveyId: string): Promise<StoredSubmission[]> {
  const rows = await db.query<SubmissionRow>(
    `SELECT l.* FROM (
       SELECT DISTINCT ON (s.expert_id) ${SUBMISSION_COLUMNS}
       FROM submissions s WHERE s.survey_id = $1
       ORDER BY s.expert_id, s.seq DESC
     ) l JOIN experts e ON e.id = l.expert_id
     ORDER BY e.ordinal`,
    [surveyId]
  );
  return rows.map(toSubmission);
}

/** Every submission of one expert, oldest first. */
export async function submissionHistory(db: Db, expertId: string): Promise<StoredSubmission[]> {
  const rows = await db.query<SubmissionRow>(
    `SELECT ${SUBMISSION_COLUMNS} FROM submissions s WHERE s.expert_id = $1 ORDER BY s.seq`,
    [expertId]
  );
  return rows.map(toSubmission);
}

/** One expert's latest submission (what counts), or null. */
export async function latestSubmissionOf(
  db: Db,
  expertId: string
): Promise<StoredSubmission | null> {
  const [row] = await db.query<SubmissionRow>(
    `SELECT ${SUBMISSION_COLUMNS} FROM submissions s WHERE s.expert_id = $1
     ORDER BY s.seq DESC LIMIT 1`,
    [expertId]
  );
  return row ? toSubmission(row) : null;
}
