/**
 * A database outage is a 503, and the experts' outboxes ride it out (issue 9, section 3).
 *
 * The built app (`node build`) runs on a PostgreSQL of this test's own (the shared test server
 * must never be restarted under other tests). First the database is stopped: every kind of
 * request that needs it (JSON endpoint, page, form action, data request) answers 503 with
 * Retry-After, pages in the reader's language. Then, under load, PostgreSQL is restarted three
 * times (fast, immediate as a crash, fast) while 16 experts keep submitting through the real
 * outbox code (src/lib/drafts, on fake-indexeddb: the same flushOutbox and postSubmission the
 * page runs, honouring Retry-After). After the outboxes drain: every submission is stored
 * exactly once, each with the receipt the database holds, and no answer was a 500.
 */
import 'fake-indexeddb/auto';
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createSurvey, inviteExperts, openDb, setStatus, type Db } from '../../src/lib/server';
import { DraftStore, flushOutbox, postSubmission, retryDelay } from '../../src/lib/drafts';
import { farmCreditTemplate } from '../../src/lib/survey';
import { sampleJudgments, startApp, type AppProcess } from '../../bench/server';
import { startPostgres, type PostgresServer } from '../support/postgres';

test.describe.configure({ mode: 'serial' });

let pg: PostgresServer;
let db: Db;
let app: AppProcess;
let adminToken = '';
let surveyId = '';
let tokens: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // synchronous_commit on: an acknowledged COMMIT survives the immediate (crash) restart.
  pg = await startPostgres({ synchronousCommit: true });
  db = await openDb({ kind: 'postgres', url: pg.url, poolSize: 2 });
  const created = await createSurvey(db, farmCreditTemplate({ scales: false }));
  adminToken = created.adminToken;
  surveyId = created.survey.id;
  await setStatus(db, surveyId, 'open');
  const invited = await inviteExperts(
    db,
    surveyId,
    Array.from({ length: 16 }, (_, k) => ({ name: `Expert ${k + 1}`, role: 'practitioner' }))
  );
  tokens = invited.map((x) => x.token);
  app = await startApp({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: '8' });
  app.process.stderr!.on('data', (d: Buffer) => (appLog += d.toString()));
});

/** What the app wrote to stderr (its warnings; a crash's stack). */
let appLog = '';

test.afterAll(async () => {
  await app?.stop();
  await db?.close().catch(() => {});
  pg?.stop();
});

test('with the database stopped, every kind of request is a 503 with Retry-After', async () => {
  pg.halt();
  try {
    const expertApi = await fetch(`${app.url}/api/e/${tokens[0]}`);
    expect(expertApi.status).toBe(503);
    expect(expertApi.headers.get('retry-after')).toBe('2');
    expect(await expertApi.json()).toMatchObject({ code: 'unavailable' });

    const submission = await fetch(`${app.url}/api/e/${tokens[0]}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: randomUUID(), judgments: sampleJudgments(1) })
    });
    expect(submission.status).toBe(503);
    expect(submission.headers.get('retry-after')).toBe('2');

    // The researcher's page, in the reader's language.
    for (const [language, words] of [
      ['zh', '服务暂时不可用'],
      ['en', 'The service is unavailable for a moment']
    ] as const) {
      const page = await fetch(`${app.url}/a/${adminToken}`, {
        headers: { accept: 'text/html', 'accept-language': language }
      });
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('2');
      expect(await page.text()).toContain(words);
    }

    // A form action, as a plain form post and as use:enhance sends it.
    const form = () => new URLSearchParams({ titleEn: 'Renamed', titleZh: '' });
    const plain = await fetch(`${app.url}/a/${adminToken}?/title`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        origin: app.url
      },
      body: form()
    });
    expect(plain.status).toBe(503);
    expect(plain.headers.get('retry-after')).toBe('2');
    const enhanced = await fetch(`${app.url}/a/${adminToken}?/title`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'x-sveltekit-action': 'true',
        origin: app.url
      },
      body: form()
    });
    expect(enhanced.status).toBe(503);
    expect(await enhanced.json()).toMatchObject({ type: 'error', error: { code: 'unavailable' } });

    // The data request of a client-side navigation carries the 503 to the page.
    const data = await fetch(`${app.url}/a/${adminToken}/__data.json`);
    expect(data.status).not.toBe(500);
    expect(await data.text()).toContain('unavailable');
  } finally {
    pg.start();
  }
  // Back: the same requests work again, with no restart of the app.
  await expect
    .poll(async () => (await fetch(`${app.url}/api/e/${tokens[0]}`)).status, { timeout: 15_000 })
    .toBe(200);
  const title = await db.query<{ title: string }>(
    `SELECT definition->'title'->>'en' AS title FROM surveys WHERE id = $1`,
    [surveyId]
  );
  expect(title[0]?.title, 'nothing was written while the database was down').not.toBe('Renamed');
});

test('restarted three times under load: every submission stored exactly once, no 500', async () => {
  test.setTimeout(180_000);
  const statuses = new Map<string, number>();
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  // fetch, counting every answer by status (and network failures as "network").
  const counted: typeof fetch = async (input, init) => {
    try {
      const response = await fetch(input, init);
      count(String(response.status));
      return response;
    } catch (e) {
      count('network');
      throw e;
    }
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  let restarting = true;
  let acknowledged = 0;
  const enqueued: string[] = [];
  const receipts = new Map<string, { receivedAt: string; duplicate: boolean }>();

  // One expert's device: a submission every 50-150 ms into the outbox, then the outbox sent as the
  // page sends it: after a retryable failure, again after the server's Retry-After (with the
  // page's spread), or after 250 ms when there was none (a network error; the page waits 10 s,
  // shortened here to keep the test short).
  async function expert(k: number): Promise<void> {
    const token = tokens[k]!;
    const store = new DraftStore(`outage-${k}-${randomUUID()}`);
    const url = `${app.url}/api/e/${token}/submissions`;
    const send = (item: Parameters<typeof postSubmission>[1]) => postSubmission(url, item, counted);
    try {
      let n = 0;
      while (restarting) {
        const submissionId = randomUUID();
        const queued = await store.enqueue(token, {
          submissionId,
          judgments: sampleJudgments(k * 1000 + ++n),
          clientCreatedAt: new Date().toISOString()
        });
        expect(queued.ok).toBe(true);
        enqueued.push(submissionId);
        await counted(`${app.url}/api/e/${token}`).catch(() => null); // the page's GET
        for (let round = 0; ; round++) {
          const state = await flushOutbox(store, token, send);
          if (state.waiting === 0) {
            acknowledged++;
            break;
          }
          expect(
            round,
            `the outbox drains: ${JSON.stringify([...statuses])}; app exit ${app.process.exitCode}: ${appLog.slice(-1500)}`
          ).toBeLessThan(200);
          await sleep(state.retryAfterMs !== null ? retryDelay(state.retryAfterMs) : 250);
        }
        await sleep(50 + Math.random() * 100);
      }
      const items = await store.items(token);
      if (!items.ok) throw new Error(items.error);
      for (const item of items.value) {
        expect(item.refused, `refused: ${item.refused}`).toBeNull();
        expect(item.receipt).not.toBeNull();
        receipts.set(item.submissionId, item.receipt!);
      }
    } finally {
      await store.delete();
    }
  }

  // The restarts begin once every device has had a submission through (the load is on), come
  // 1.5 s apart, and the load goes on for 3 s after the last one (everyone is back).
  const restarts = (async () => {
    try {
      while (acknowledged < tokens.length) await sleep(50);
      for (const mode of ['fast', 'immediate', 'fast'] as const) {
        await sleep(1500);
        await pg.restart(mode);
        console.log(`[outage] ${mode} restart; ${acknowledged} submissions acknowledged so far`);
      }
      await sleep(3000);
    } finally {
      restarting = false;
    }
  })();
  await Promise.all([restarts, ...tokens.map((_, k) => expert(k))]);

  const seen = Object.fromEntries([...statuses].sort());
  console.log(
    `[outage] ${enqueued.length} submissions; answers by status: ${JSON.stringify(seen)}`
  );
  expect(statuses.get('500') ?? 0, JSON.stringify(seen)).toBe(0);
  for (const status of statuses.keys()) {
    expect(['200', '201', '503', 'network'], `status ${status}: ${JSON.stringify(seen)}`).toContain(
      status
    );
  }
  // The load met the outages: without a 503 this test would prove nothing.
  expect(statuses.get('503') ?? 0, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(enqueued.length).toBeGreaterThan(tokens.length * 2);

  const rows = await db.query<{ id: string; copies: number; received_at: Date }>(
    `SELECT submission_id::text AS id, count(*)::int AS copies, min(received_at) AS received_at
     FROM submissions WHERE survey_id = $1 GROUP BY submission_id`,
    [surveyId]
  );
  expect(rows.length).toBe(enqueued.length);
  expect(rows.map((r) => r.id).sort()).toEqual([...enqueued].sort());
  expect(rows.filter((r) => r.copies !== 1)).toEqual([]);
  // Every device holds the receipt of the row that was stored, resends included.
  for (const row of rows) {
    expect(receipts.get(row.id)?.receivedAt).toBe(row.received_at.toISOString());
  }
  const found = [...receipts.values()].filter((r) => r.duplicate).length;
  console.log(`[outage] ${found} submissions were found stored by a resend (answer lost)`);
});
