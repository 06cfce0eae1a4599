/** Shared set-up for the storage tests: surveys built from the bundled farm-credit template. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '../../../src/lib/server/db';
import { StoreError, type StoreErrorCode } from '../../../src/lib/server/errors';
import { inviteExperts, type Expert } from '../../../src/lib/server/experts';
import type { SubmissionInput } from '../../../src/lib/server/responses';
import { createSurvey, setStatus, type Survey } from '../../../src/lib/server/surveys';
import { farmCreditTemplate, type SurveyDefinition } from '../../../src/lib/survey';

export function definition(): SurveyDefinition {
  return farmCreditTemplate({ scales: false });
}

/** A survey in the given status with `n` invited experts. */
export async function surveyWithExperts(
  db: Db,
  n: number,
  status: 'draft' | 'open' | 'closed' = 'open'
): Promise<{
  survey: Survey;
  adminToken: string;
  experts: Array<{ expert: Expert; token: string }>;
}> {
  const { survey, adminToken } = await createSurvey(db, definition());
  const experts =
    n > 0
      ? await inviteExperts(
          db,
          survey.id,
          Array.from({ length: n }, (_, k) => ({ name: `Expert ${k + 1}`, role: 'academic' }))
        )
      : [];
  const current = status === 'draft' ? survey : await setStatus(db, survey.id, status);
  return { survey: current, adminToken, experts };
}

/** A plausible submission for the farm-credit hierarchy (B: 4x4, C: 2x2, 5x5, 3x3, 5x5). */
export function submission(overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    submissionId: randomUUID(),
    judgments: {
      A1: [3, 1 / 2, 5, 1 / 3, 2, 4],
      B1: [2],
      B2: [1, 3, 5, 7, 1 / 3, 2, 4, 1, 1 / 9, null],
      B3: [1 / 5, 3, 7],
      B4: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    },
    clientCreatedAt: '2026-11-20T08:30:00.000Z',
    ...overrides
  };
}

export const CONSISTENCY = {
  A1: { cr: 0.042, consistent: true },
  B1: { cr: 0, consistent: true },
  B2: { cr: 0.17, consistent: false },
  B3: { cr: 0.06, consistent: true },
  B4: { cr: 0, consistent: true }
};

/** Asserts that `promise` rejects with a StoreError of this code (and its status). */
export async function expectStoreError(
  promise: Promise<unknown>,
  code: StoreErrorCode,
  status: number
): Promise<StoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  );
  expect(error, `expected a StoreError "${code}"`).toBeInstanceOf(StoreError);
  const e = error as StoreError;
  expect({ code: e.code, status: e.status }).toEqual({ code, status });
  expect(e.message.length).toBeGreaterThan(10);
  return e;
}

/** Every value of every row of `table`, as JSON text: to look for leaked secrets. */
export async function tableText(db: Db, table: string): Promise<string> {
  const rows = await db.query<{ t: string }>(`SELECT to_jsonb(x)::text AS t FROM ${table} x`);
  return rows.map((r) => r.t).join('\n');
}
