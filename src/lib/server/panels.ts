/**
 * A survey's panel as the results page and the weight-set computation read it (every expert
 * with their latest answers), and surveys created together with a whole panel of answers: the
 * demo, and imported studies. Those are written in one transaction, so an import is stored
 * whole or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { SurveyDefinition } from '../survey';
import {
  generateDemoPanel,
  individualResults,
  surveyOptions,
  type ExpertResponse
} from '../weights';
import type { Db } from './db';
import type { StoredNodeConsistency } from './experts';
import { iso } from './rows';
import { createSurvey, type Survey } from './surveys';
import { hashToken, newId, newToken } from './tokens';

/** A member of a survey's panel with the answers that count (their latest submission). */
export interface PanelMemberRow {
  id: string;
  name: string;
  role: string;
  weight: number;
  /** The answers came from an imported file. */
  imported: boolean;
  /** node id -> upper triangle; empty when the expert has not submitted. */
  judgments: Record<string, Array<number | null>>;
  submitted: boolean;
  receivedAt: string | null;
  /** The Delphi round of that submission (null without one). */
  round: number | null;
  /** Its one-line reasons, if the expert gave any. */
  reasons: Record<string, Array<string | null>> | null;
}

/**
 * Every expert of the survey in invitation order, with their latest submission's judgments; with
 * `round`, their latest submission of that round or before (an expert who did not answer again
 * counts with their answers of the round before, as Delphi carries them forward). With `only`,
 * just those experts (ids; the others are left out, not listed as not submitted).
 */
export async function loadPanel(
  db: Db,
  surveyId: string,
  round: number | null = null,
  only: readonly string[] | null = null
): Promise<PanelMemberRow[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    role: string;
    weight: number;
    imported: boolean;
    judgments: Record<string, Array<number | null>> | null;
    received_at: Date | null;
    round: number | null;
    reasons: Record<string, Array<string | null>> | null;
  }>(
    `SELECT e.id, e.name, e.role, e.weight, e.imported, l.judgments, l.received_at, l.round,
       l.reasons
     FROM experts e
     LEFT JOIN LATERAL (
       SELECT s.judgments, s.received_at, s.round, s.reasons FROM submissions s
       WHERE s.expert_id = e.id AND ($2::int IS NULL OR s.round <= $2::int)
       ORDER BY s.seq DESC LIMIT 1
     ) l ON true
     WHERE e.survey_id = $1
       AND ($3::text IS NULL OR e.id IN (SELECT value FROM jsonb_array_elements_text($3::text::jsonb)))
     ORDER BY e.ordinal`,
    [surveyId, round, only === null ? null : JSON.stringify(only)]
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    weight: r.weight,
    imported: r.imported,
    judgments: r.judgments ?? {},
    submitted: r.judgments !== null,
    receivedAt: r.received_at === null ? null : iso(r.received_at),
    round: r.round,
    reasons: r.reasons
  }));
}

/** An expert to store with their answers. */
export interface PanelInput {
  name: string;
  role?: string | undefined;
  weight?: number | undefined;
  judgments: Record<string, Array<number | null>>;
  /** Each answered node's consistency, as the submission endpoint stores it. */
  consistency: Record<string, StoredNodeConsistency>;
}

/**
 * Creates a survey with its experts and one submission each, all or nothing. The experts get
 * personal tokens that nobody is shown (the researcher can issue new links from the experts
 * page); `imported` marks answers that came from a file. The survey is frozen (answers exist)
 * and has the given status. Returns the admin token, once.
 * @throws whatever the database refuses (then nothing is stored)
 */
export async function createSurveyWithPanel(
  db: Db,
  definition: SurveyDefinition,
  experts: readonly PanelInput[],
  options: { imported: boolean; status: 'open' | 'closed' }
): Promise<{ survey: Survey; adminToken: string; expertIds: string[] }> {
  return db.transaction(async (tx) => {
    const { survey, adminToken } = await createSurvey(tx, definition);
    await tx.query(`UPDATE surveys SET status = $2, frozen_at = now() WHERE id = $1`, [
      survey.id,
      options.status
    ]);
    const rows = experts.map((e, k) => ({
      k,
      id: newId(),
      token_hash: hashToken(newToken()).toString('hex'),
      name: e.name,
      role: e.role ?? '',
      weight: e.weight ?? 1
    }));
    if (rows.length > 0) {
      // One statement per table: an import of hundreds of experts is three round trips.
      await tx.query(
        `INSERT INTO experts (id, survey_id, token_hash, name, role, weight, imported, started_at, last_activity_at)
         SELECT x.id, $2, decode(x.token_hash, 'hex'), x.name, x.role, x.weight, $3, now(), now()
         FROM jsonb_to_recordset($1::text::jsonb)
           AS x(k int, id text, token_hash text, name text, role text, weight float8)
         ORDER BY x.k`,
        [JSON.stringify(rows), survey.id, options.imported]
      );
      await tx.query(
        `INSERT INTO submissions (submission_id, expert_id, survey_id, judgments, consistency)
         SELECT x.submission_id::uuid, x.expert_id, $2, x.judgments, x.consistency
         FROM jsonb_to_recordset($1::text::jsonb)
           AS x(k int, submission_id text, expert_id text, judgments jsonb, consistency jsonb)
         ORDER BY x.k`,
        [
          JSON.stringify(
            experts.map((e, k) => ({
              k,
              submission_id: randomUUID(),
              expert_id: rows[k]!.id,
              judgments: e.judgments,
              consistency: e.consistency
            }))
          ),
          survey.id
        ]
      );
    }
    const [row] = await tx.query<{ status: Survey['status']; frozen_at: Date }>(
      `SELECT status, frozen_at FROM surveys WHERE id = $1`,
      [survey.id]
    );
    return {
      survey: { ...survey, status: row!.status, frozenAt: iso(row!.frozen_at) },
      adminToken,
      expertIds: rows.map((r) => r.id)
    };
  });
}

/**
 * Each answered node's consistency under the survey's settings, with the number of skipped
 * pairs, as the submission endpoint stores it.
 * @throws AhpInputError when a matrix cannot be read
 */
export function panelInputs(
  definition: SurveyDefinition,
  experts: readonly ExpertResponse[]
): PanelInput[] {
  const individual = individualResults(experts, surveyOptions(definition));
  return experts.map((e) => ({
    name: e.name ?? e.id,
    role: e.role,
    weight: e.weight,
    judgments: e.judgments,
    consistency: Object.fromEntries(
      Object.entries(individual[e.id] ?? {}).map(([node, r]) => [
        node,
        {
          cr: r.cr,
          consistent: r.consistent,
          skipped: (e.judgments[node] ?? []).filter((x) => x === null).length
        }
      ])
    )
  }));
}

/**
 * The demo: a closed survey from the farm-credit template answered by the seeded synthetic panel
 * of src/lib/weights/demo.ts (twelve experts, academics and loan officers, two inconsistent, one
 * who skipped pairs), stored as real experts and submissions. Returns the admin token, once.
 */
export async function createDemoSurvey(
  db: Db
): Promise<{ survey: Survey; adminToken: string; expertIds: string[] }> {
  const { definition, experts } = generateDemoPanel();
  return createSurveyWithPanel(db, definition, panelInputs(definition, experts), {
    imported: false,
    status: 'closed'
  });
}
