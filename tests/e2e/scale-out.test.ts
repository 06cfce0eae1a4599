/**
 * Growing past one machine (issue 3, section 1): two app processes on one PostgreSQL serve one
 * deployment. Submissions go through both; a resend of one submission id through both at once
 * is stored once and both get the original receipt; every acknowledged submission is stored
 * exactly once; and the open link's rate limit counts the joins of both processes together
 * (it lives in the database, not in a process).
 */
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { openDb, setOpenLink, type Db } from '../../src/lib/server';
import { freshPostgresUrl } from '../support/databases';
import { sampleJudgments, seedSurvey, startApp, type AppProcess } from '../../bench/server';

test.describe.configure({ mode: 'serial' });

let db: Db;
let apps: AppProcess[] = [];
let tokens: string[] = [];
let surveyId = '';

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const url = await freshPostgresUrl();
  db = await openDb({ kind: 'postgres', url });
  ({ tokens, surveyId } = await seedSurvey(db, 8));
  apps = await Promise.all([startApp({ DATABASE_URL: url }), startApp({ DATABASE_URL: url })]);
});

test.afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await db?.close();
});

async function submit(app: AppProcess, token: string, submissionId: string, seed: number) {
  const response = await fetch(`${app.url}/api/e/${token}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId, judgments: sampleJudgments(seed) })
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('both processes accept submissions and store each exactly once', async () => {
  const acknowledged: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const id = randomUUID();
    const r = await submit(apps[k % 2]!, tokens[k]!, id, k + 1);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.submissionId).toBe(id);
    acknowledged.push(id);
  }
  // the same submission through both processes at once (an outbox retry racing the original)
  const id = randomUUID();
  const [a, b] = await Promise.all([
    submit(apps[0]!, tokens[0]!, id, 99),
    submit(apps[1]!, tokens[0]!, id, 99)
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 201]);
  expect(a.body.receivedAt).toBe(b.body.receivedAt);
  expect([a.body.duplicate, b.body.duplicate].sort()).toEqual([false, true]);
  acknowledged.push(id);

  const rows = await db.query<{ id: string; copies: number }>(
    'SELECT submission_id::text AS id, count(*)::int AS copies FROM submissions WHERE survey_id = $1 GROUP BY submission_id',
    [surveyId]
  );
  expect(rows.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
  expect(rows.every((r) => r.copies === 1)).toBe(true);

  // what one process stored, the other reads
  const latest = await fetch(`${apps[1]!.url}/api/e/${tokens[0]}`).then((r) => r.json());
  expect(latest.latest.submissionId).toBe(id);
});

test('the open link rate limit is shared by both processes', async () => {
  const { token } = await setOpenLink(db, surveyId, true);
  const statuses: number[] = [];
  for (let k = 0; k < 8; k++) {
    const app = apps[k % 2]!;
    const response = await fetch(`${app.url}/join/${token}`, {
      method: 'POST',
      // a browser's plain form post: HTML accepted, same origin
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        origin: app.url
      },
      body: new URLSearchParams({ name: `Walk-in ${k}` }),
      redirect: 'manual'
    });
    statuses.push(response.status);
  }
  // five joins per client a minute (OPEN_LINK_LIMITS.perClient), counted across both processes
  const allowed = statuses.filter((s) => s === 303 || s === 302).length;
  expect(allowed, `statuses ${statuses.join(', ')}`).toBe(5);
  expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
});
