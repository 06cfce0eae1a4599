/**
 * Experts' submissions. Each is stored once per submissionId however often it arrives (the
 * browser's outbox resends until it sees a receipt), and acknowledged only after its
 * transaction has committed. Every submission is kept; the latest one (by arrival) counts.
 *
 * The route validates the body against the shared schema and computes the consistency with
 * the engine; this module stores, re-checking inside the transaction that the survey is open.
 */
import type { Db } from './db';
import { StoreError } from './errors';
import { assertOpen, type StoredNodeConsistency } from './experts';
import { iso, isoOrNull } from './rows';

/** What the expert's browser sends (after the shared schema has validated it). */
export interface SubmissionInput {
  /** A UUID made by the browser when the expert pressed "submit". */
  submissionId: string;
  /** node id -> upper triangle of that node's matrix; null is "no opinion". */
  judgments: Record<string, Array<number | null>>;
  clientCreatedAt?: string | undefined;
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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SUBMISSION_COLUMNS = `s.seq::text AS seq, s.submission_id::text AS submission_id, s.expert_id,
  s.survey_id, s.judgments, s.consistency, s.client_created_at, s.received_at`;

interface SubmissionRow {
  seq: string;
  submission_id: string;
  expert_id: string;
  survey_id: string;
  judgments: Record<string, Array<number | null>>;
  consistency: Record<string, StoredNodeConsistency>;
  client_created_at: Date | null;
  received_at: Date;
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
    receivedAt: iso(row.received_at)
  };
}

/**
 * Stores an expert's submission, once per submissionId, in one transaction, and returns the
 * receipt after COMMIT. A resend of a stored submission returns the original receipt with
 * `duplicate: true` (even after the survey has closed: it was accepted while open); its body
 * is not compared, the stored one stands. Concurrent arrivals of one id store one row.
 * @throws StoreError 400 malformed submissionId or clientCreatedAt; 404 unknown expert;
 *   409 the submissionId belongs to another expert; 423 the survey is not open (nothing stored)
 */
export async function submit(
  db: Db,
  expertId: string,
  submission: SubmissionInput,
  consistency: Record<string, StoredNodeConsistency>
): Promise<Receipt> {
  const { submissionId, judgments, clientCreatedAt } = submission;
  if (typeof submissionId !== 'string' || !UUID.test(submissionId)) {
    throw new StoreError('invalid', 'submissionId must be a UUID.');
  }
  if (clientCreatedAt !== undefined && Number.isNaN(Date.parse(clientCreatedAt))) {
    throw new StoreError('invalid', 'clientCreatedAt must be an ISO timestamp.');
  }
  const id = submissionId.toLowerCase();
  const clientTime = clientCreatedAt === undefined ? null : new Date(clientCreatedAt).toISOString();

  // The common path is four round trips: BEGIN, one look-up, one write, COMMIT.
  return db.transaction(async (tx) => {
    const [found] = await tx.query<{
      survey_id: string;
      frozen: boolean;
      earlier_expert: string | null;
      earlier_received_at: Date | null;
    }>(
      `SELECT e.survey_id, s.frozen_at IS NOT NULL AS frozen,
         x.expert_id AS earlier_expert, x.received_at AS earlier_received_at
       FROM experts e JOIN surveys s ON s.id = e.survey_id
       LEFT JOIN submissions x ON x.submission_id = $2::uuid
       WHERE e.id = $1`,
      [expertId, id]
    );
    if (!found) throw new StoreError('not_found', 'This expert link is not valid.');
    if (found.earlier_expert !== null && found.earlier_received_at !== null) {
      return receipt(id, expertId, found.earlier_expert, found.earlier_received_at);
    }

    // Answers exist from now on: the hierarchy can't change any more (normally the expert's
    // start did this already; a refusal below rolls this back). Done before the share lock
    // below, so that lock is never upgraded (two upgrades at once would deadlock).
    if (!found.frozen) {
      await tx.query(`UPDATE surveys SET frozen_at = now() WHERE id = $1 AND frozen_at IS NULL`, [
        found.survey_id
      ]);
    }
    // Inserted only while the survey is open. The share lock on the survey row makes closing
    // wait for this transaction: once setStatus('closed') returns, nothing more gets in.
    const [inserted] = await tx.query<{ received_at: Date }>(
      `WITH open_survey AS (
         SELECT id FROM surveys WHERE id = $3 AND status = 'open' FOR SHARE
       ), stored AS (
         INSERT INTO submissions
           (submission_id, expert_id, survey_id, judgments, consistency, client_created_at)
         SELECT $1::uuid, $2, o.id, $4::text::jsonb, $5::text::jsonb, $6::timestamptz
         FROM open_survey o
         ON CONFLICT (submission_id) DO NOTHING
         RETURNING received_at
       ), activity AS (
         UPDATE experts SET last_activity_at = now(), started_at = coalesce(started_at, now())
         WHERE id = $2 AND EXISTS (SELECT 1 FROM stored)
       )
       SELECT received_at FROM stored`,
      [
        id,
        expertId,
        found.survey_id,
        JSON.stringify(judgments),
        JSON.stringify(consistency),
        clientTime
      ]
    );
    if (inserted)
      return { submissionId: id, receivedAt: iso(inserted.received_at), duplicate: false };

    // Nothing stored: the survey isn't open, or the same id arrived concurrently and won.
    const [survey] = await tx.query<{ status: string }>(
      `SELECT status FROM surveys WHERE id = $1`,
      [found.survey_id]
    );
    assertOpen(survey?.status ?? 'closed');
    const [raced] = await tx.query<{ expert_id: string; received_at: Date }>(
      `SELECT expert_id, received_at FROM submissions WHERE submission_id = $1::uuid`,
      [id]
    );
    if (!raced) throw new Error('submit: the submission was neither stored nor found');
    return receipt(id, expertId, raced.expert_id, raced.received_at);
  });
}

/** The receipt of an already stored submission; 409 if it is another expert's. */
function receipt(id: string, expertId: string, owner: string, receivedAt: Date): Receipt {
  if (owner !== expertId) {
    throw new StoreError(
      'conflict',
      'This submission id is already used by another submission. Submit again: your browser ' +
        'will make a new id.'
    );
  }
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
