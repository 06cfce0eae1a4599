/**
 * Experts: invited one by one or from a pasted list (each gets a personal link: a token of
 * which only the hash is kept), or joining through the survey's open link (rate-limited in the
 * database). Their status for the researcher: not started, in progress, submitted.
 */
import * as v from 'valibot';
import { inviteeSchema, MAX_NAME_LENGTH } from '../survey/schema';
import type { Db } from './db';
import { isStatementError, StoreError } from './errors';
import { clientKeyHash, hit } from './rate-limit';
import { iso, isoOrNull } from './rows';
import { batchedPerDb } from './batch';
import { getSurvey, toSurvey, type Survey, type SurveyRow } from './surveys';
import { hashesEqual, hashToken, isWellFormedToken, newId, newToken } from './tokens';

export interface Expert {
  id: string;
  surveyId: string;
  name: string;
  role: string;
  /** Weight of this expert's judgments in the group result (default 1). */
  weight: number;
  viaOpenLink: boolean;
  /** When the expert first started answering, or null. */
  startedAt: string | null;
  lastActivityAt: string | null;
  createdAt: string;
}

export type ExpertStatus = 'not started' | 'in progress' | 'submitted';

/** Consistency of one node of a submission, as computed by the engine on receipt. */
export interface StoredNodeConsistency {
  cr: number;
  consistent: boolean;
}

/** A row of the researcher's status table. */
export interface ExpertWithStatus extends Expert {
  status: ExpertStatus;
  /** The answers came from an imported file, not through a link. */
  imported: boolean;
  /** How many submissions the expert has made (each revision is kept). */
  submissionCount: number;
  /** The submission that counts (the latest), with its per-node CR flags. */
  latest: {
    submissionId: string;
    receivedAt: string;
    consistency: Record<string, StoredNodeConsistency>;
  } | null;
}

/** An expert to invite (the route validates it with the shared `inviteeSchema`). */
export interface InviteeInput {
  name: string;
  role?: string | undefined;
  weight?: number | undefined;
}

/** At most this many experts in one invitation call. */
export const MAX_INVITES = 1000;

/** Joins through the open link allowed per window: per survey, and per client (IP address). */
export interface OpenLinkLimits {
  perSurvey: number;
  perClient: number;
  windowSeconds: number;
}
export const OPEN_LINK_LIMITS: Readonly<OpenLinkLimits> = Object.freeze({
  perSurvey: 30,
  perClient: 5,
  windowSeconds: 60
});

export const EXPERT_COLUMNS =
  'id, survey_id, name, role, weight, via_open_link, started_at, last_activity_at, created_at';

interface ExpertRow {
  id: string;
  survey_id: string;
  name: string;
  role: string;
  weight: number;
  via_open_link: boolean;
  started_at: Date | null;
  last_activity_at: Date | null;
  created_at: Date;
}

function toExpert(row: ExpertRow): Expert {
  return {
    id: row.id,
    surveyId: row.survey_id,
    name: row.name,
    role: row.role,
    weight: row.weight,
    viaOpenLink: row.via_open_link,
    startedAt: isoOrNull(row.started_at),
    lastActivityAt: isoOrNull(row.last_activity_at),
    createdAt: iso(row.created_at)
  };
}

/**
 * An invitee checked with the shared inviteeSchema (the text rule, the name and role limits):
 * the same check for the forms, the open link, the imports and direct callers.
 * @throws StoreError 400 naming the expert and the field
 */
function checkInvitee(
  x: InviteeInput,
  where: string
): { name: string; role: string; weight: number } {
  const result = v.safeParse(inviteeSchema, {
    name: x.name,
    role: x.role ?? '',
    ...(x.weight === undefined ? {} : { weight: x.weight })
  });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = String(issue.path?.[0]?.key ?? 'name');
  const detail =
    field === 'weight'
      ? 'the expert weight must be a number >= 0'
      : issue.type === 'min_length'
        ? `a name of 1 to ${MAX_NAME_LENGTH} characters is needed`
        : issue.type === 'max_length'
          ? `the ${field} is longer than ${String(issue.requirement)} characters`
          : issue.kind === 'schema'
            ? `the ${field} must be text`
            : `the ${field} ${issue.message}`;
  throw new StoreError('invalid', `${where}: ${detail}.`);
}

async function insertExpert(
  tx: Db,
  surveyId: string,
  invitee: { name: string; role: string; weight: number },
  viaOpenLink: boolean
): Promise<{ expert: Expert; token: string }> {
  const token = newToken();
  const [row] = await tx.query<ExpertRow>(
    `INSERT INTO experts (id, survey_id, token_hash, name, role, weight, via_open_link)
     VALUES ($1, $2, $3, $4, $5, $6::float8, $7)
     RETURNING ${EXPERT_COLUMNS}`,
    [newId(), surveyId, hashToken(token), invitee.name, invitee.role, invitee.weight, viaOpenLink]
  );
  if (!row) throw new Error('insertExpert: the insert returned no row');
  return { expert: toExpert(row), token };
}

/**
 * Invites experts, all or none (one transaction), in the order given. Each gets a personal
 * token, returned here once: build the links from it.
 * @throws StoreError 400 for an empty list, more than MAX_INVITES, or an invalid invitee;
 *   404 unknown survey
 */
export async function inviteExperts(
  db: Db,
  surveyId: string,
  invitees: readonly InviteeInput[]
): Promise<Array<{ expert: Expert; token: string }>> {
  if (invitees.length === 0) throw new StoreError('invalid', 'Give at least one expert to invite.');
  if (invitees.length > MAX_INVITES) {
    throw new StoreError('invalid', `At most ${MAX_INVITES} experts can be invited at once.`);
  }
  const checked = invitees.map((x, k) => checkInvitee(x, `Expert ${k + 1}`));
  return db.transaction(async (tx) => {
    const [survey] = await tx.query<{ id: string }>(
      `SELECT id FROM surveys WHERE id = $1 FOR SHARE`,
      [surveyId]
    );
    if (!survey)
      throw new StoreError('not_found', 'This survey does not exist, or it was deleted.');
    const out: Array<{ expert: Expert; token: string }> = [];
    for (const invitee of checked) out.push(await insertExpert(tx, surveyId, invitee, false));
    return out;
  });
}

/** One expert by id (no token check: the caller has authorised the request), or null. */
export async function getExpert(db: Db, expertId: string): Promise<Expert | null> {
  const [row] = await db.query<ExpertRow>(`SELECT ${EXPERT_COLUMNS} FROM experts WHERE id = $1`, [
    expertId
  ]);
  return row ? toExpert(row) : null;
}

/**
 * The researcher's status table: every expert of the survey in invitation order, with
 * 'submitted' (has a submission), 'in progress' (has started) or 'not started', the last
 * activity, and the latest submission's per-node consistency.
 */
export async function listExperts(db: Db, surveyId: string): Promise<ExpertWithStatus[]> {
  const rows = await db.query<
    ExpertRow & {
      imported: boolean;
      submission_count: number;
      latest_id: string | null;
      latest_received_at: Date | null;
      latest_consistency: Record<string, StoredNodeConsistency> | null;
    }
  >(
    `SELECT e.id, e.survey_id, e.name, e.role, e.weight, e.via_open_link, e.started_at,
       e.last_activity_at, e.created_at, e.imported,
       (SELECT count(*) FROM submissions c WHERE c.expert_id = e.id)::int AS submission_count,
       l.submission_id::text AS latest_id, l.received_at AS latest_received_at,
       l.consistency AS latest_consistency
     FROM experts e
     LEFT JOIN LATERAL (
       SELECT s.submission_id, s.received_at, s.consistency FROM submissions s
       WHERE s.expert_id = e.id ORDER BY s.seq DESC LIMIT 1
     ) l ON true
     WHERE e.survey_id = $1
     ORDER BY e.ordinal`,
    [surveyId]
  );
  return rows.map((row) => {
    const expert = toExpert(row);
    const latest =
      row.latest_id !== null && row.latest_received_at !== null
        ? {
            submissionId: row.latest_id,
            receivedAt: iso(row.latest_received_at),
            consistency: row.latest_consistency ?? {}
          }
        : null;
    const status: ExpertStatus = latest
      ? 'submitted'
      : expert.startedAt !== null
        ? 'in progress'
        : 'not started';
    return {
      ...expert,
      status,
      imported: row.imported,
      submissionCount: row.submission_count,
      latest
    };
  });
}

/**
 * Every expert's id, name and role in invitation order: what the Delphi form's list of experts
 * to ask needs, without the status table's look-ups (a panel of 1,000 is about 100 KB of it).
 */
export async function listExpertNames(
  db: Db,
  surveyId: string
): Promise<Array<{ id: string; name: string; role: string }>> {
  return db.query<{ id: string; name: string; role: string }>(
    `SELECT id, name, role FROM experts WHERE survey_id = $1 ORDER BY ordinal`,
    [surveyId]
  );
}

/**
 * The expert whose personal token this is, with their survey; null for a malformed or unknown
 * token. The token gives access to this expert's own answers only. Look-ups made at the same
 * time go to the database together, as one query (see ./batch.ts).
 */
export async function findExpertByToken(
  db: Db,
  token: string
): Promise<{ expert: Expert; survey: Survey } | null> {
  if (!isWellFormedToken(token)) return null;
  return findByHash(db, hashToken(token));
}

/** Look-ups in one database made at the same time go together. */
const findByHash = batchedPerDb(findByTokenHashes, { retryAlone: isStatementError });

/** One query for a batch of token hashes: each one's expert and survey, or null. */
async function findByTokenHashes(
  db: Db,
  hashes: Buffer[]
): Promise<Array<{ expert: Expert; survey: Survey } | null>> {
  const rows = await db.query<
    ExpertRow & {
      ord: number;
      token_hash: Uint8Array;
      survey_created_at: Date;
      survey_updated_at: Date;
    } & Omit<SurveyRow, 'id' | 'created_at' | 'updated_at'>
  >(
    `SELECT i.ord, ${EXPERT_COLUMNS.split(', ')
      .map((c) => `e.${c}`)
      .join(', ')}, e.token_hash,
       s.definition, s.status, s.frozen_at, s.open_link_enabled, s.current_round,
       s.created_at AS survey_created_at, s.updated_at AS survey_updated_at
     FROM jsonb_to_recordset($1::text::jsonb) AS i(ord int, hash text)
     JOIN experts e ON e.token_hash = decode(i.hash, 'hex')
     JOIN surveys s ON s.id = e.survey_id`,
    [JSON.stringify(hashes.map((h, ord) => ({ ord, hash: h.toString('hex') })))]
  );
  const found: Array<{ expert: Expert; survey: Survey } | null> = hashes.map(() => null);
  for (const row of rows) {
    if (!hashesEqual(row.token_hash, hashes[row.ord]!)) continue;
    const survey = toSurvey({
      ...row,
      id: row.survey_id,
      created_at: row.survey_created_at,
      updated_at: row.survey_updated_at
    });
    found[row.ord] = { expert: toExpert(row), survey };
  }
  return found;
}

/**
 * Records that the expert is answering: sets started_at the first time, last_activity_at
 * every time, and freezes the survey's hierarchy (the first start does). Only while the survey
 * is open: a draft isn't ready for experts, a closed survey takes no more answers.
 * @throws StoreError 404 unknown expert; 423 survey not open
 */
export async function markStarted(db: Db, expertId: string): Promise<Expert> {
  return db.transaction(async (tx) => {
    const [found] = await tx.query<{ survey_id: string; status: string }>(
      `SELECT e.survey_id, s.status FROM experts e JOIN surveys s ON s.id = e.survey_id
       WHERE e.id = $1`,
      [expertId]
    );
    if (!found) throw new StoreError('not_found', 'This expert link is not valid.');
    assertOpen(found.status);
    // A no-op once frozen: the survey row is written only by the first start.
    await tx.query(
      `UPDATE surveys SET frozen_at = now() WHERE id = $1 AND frozen_at IS NULL AND status = 'open'`,
      [found.survey_id]
    );
    const [row] = await tx.query<ExpertRow>(
      `UPDATE experts SET started_at = coalesce(started_at, now()), last_activity_at = now()
       WHERE id = $1 RETURNING ${EXPERT_COLUMNS}`,
      [expertId]
    );
    if (!row) throw new StoreError('not_found', 'This expert link is not valid.');
    return toExpert(row);
  });
}

/** @throws StoreError 423 unless the status is 'open' */
export function assertOpen(status: string): void {
  if (status === 'open') return;
  throw status === 'closed'
    ? new StoreError('closed', 'This survey is closed: it takes no more answers.')
    : new StoreError(
        'not_open',
        'This survey is not open yet: try again when the researcher opens it.'
      );
}

/**
 * Joins a survey through its open link: creates an expert (via_open_link) with the typed name
 * (and optional role; a string is the name alone) and returns their personal token (the
 * browser keeps it and moves on to the expert link).
 * Limited to `limits.perClient` joins per client key (the caller's IP address, say) and
 * `limits.perSurvey` joins per survey, per minute by default, counted in the database (shared
 * by all app processes). Refused attempts count too.
 * @throws StoreError 400 bad name; 404 unknown or disabled link; 423 survey not open;
 *   429 too many joins (with retryAfter)
 */
export async function joinByOpenLink(
  db: Db,
  openToken: string,
  who: string | { name: string; role?: string | undefined },
  clientKey: string,
  limits: Readonly<OpenLinkLimits> = OPEN_LINK_LIMITS
): Promise<{ expert: Expert; token: string }> {
  const invitee = checkInvitee(typeof who === 'string' ? { name: who } : who, 'Your name');
  const tooMany = (who: string, retryAfter: number) =>
    new StoreError('rate_limited', `${who} Try again in ${retryAfter} s.`, { retryAfter });
  // The client's own budget first: it also slows down anyone guessing links.
  const client = await hit(
    db,
    `join:client:${clientKeyHash(clientKey)}`,
    limits.perClient,
    limits.windowSeconds
  );
  if (!client.allowed)
    throw tooMany('Too many attempts to join from your connection.', client.retryAfter);

  const notFound = new StoreError(
    'not_found',
    'This open link is not valid, or the researcher has turned it off.'
  );
  if (!isWellFormedToken(openToken)) throw notFound;
  const hash = hashToken(openToken);
  const [survey] = await db.query<{ id: string; status: string }>(
    `SELECT id, status FROM surveys WHERE open_link_token_hash = $1 AND open_link_enabled`,
    [hash]
  );
  if (!survey) throw notFound;
  assertOpen(survey.status);
  const perSurvey = await hit(
    db,
    `join:survey:${survey.id}`,
    limits.perSurvey,
    limits.windowSeconds
  );
  if (!perSurvey.allowed) {
    throw tooMany('Too many people joined through this link just now.', perSurvey.retryAfter);
  }

  return db.transaction(async (tx) => {
    // Again under a lock: the link may have been turned off or the survey closed meanwhile.
    const [current] = await tx.query<{ status: string }>(
      `SELECT status FROM surveys
       WHERE id = $1 AND open_link_token_hash = $2 AND open_link_enabled FOR SHARE`,
      [survey.id, hash]
    );
    if (!current) throw notFound;
    assertOpen(current.status);
    return insertExpert(tx, survey.id, { ...invitee, weight: 1 }, true);
  });
}

/**
 * The survey behind an open link, for the join page: null when the link is malformed, unknown
 * or turned off. Counts no rate limit (it creates nothing); joining does.
 */
export async function findOpenLinkSurvey(db: Db, openToken: string): Promise<Survey | null> {
  if (!isWellFormedToken(openToken)) return null;
  const hash = hashToken(openToken);
  const [row] = await db.query<{ id: string; open_link_token_hash: Uint8Array }>(
    `SELECT id, open_link_token_hash FROM surveys
     WHERE open_link_token_hash = $1 AND open_link_enabled`,
    [hash]
  );
  if (!row || !hashesEqual(row.open_link_token_hash, hash)) return null;
  return getSurvey(db, row.id);
}

/**
 * Gives an expert a new personal link: a new token replaces the old one, which stops working at
 * once. The expert's answers, status and submissions stay with them. For a researcher who lost
 * the link (only its hash is stored, so it can't be shown again) or whose link leaked.
 * @throws StoreError 404 when the expert is not one of this survey's
 */
export async function reissueExpertLink(
  db: Db,
  surveyId: string,
  expertId: string
): Promise<{ expert: Expert; token: string }> {
  const token = newToken();
  const [row] = await db.query<ExpertRow>(
    `UPDATE experts SET token_hash = $3 WHERE id = $1 AND survey_id = $2
     RETURNING ${EXPERT_COLUMNS}`,
    [expertId, surveyId, hashToken(token)]
  );
  if (!row) throw new StoreError('not_found', 'This expert is not part of this survey.');
  return { expert: toExpert(row), token };
}
