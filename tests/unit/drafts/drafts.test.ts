/**
 * Drafts and the outbox on a real IndexedDB implementation (fake-indexeddb, which implements
 * the IndexedDB spec in memory for Node; the browser journeys test the real thing in Chromium).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DraftStore,
  flushOutbox,
  postSubmission,
  retryAfterMs,
  retryDelay,
  MAX_RETRY_AFTER_MS,
  type OutboxItem,
  type SendOutcome
} from '../../../src/lib/drafts';
import { typedReasons } from '../../../src/lib/survey';

const submission = (id: string) => ({ submissionId: id, judgments: { G: [3] } });
let n = 0;
const stores: DraftStore[] = [];
function freshStore(): DraftStore {
  const s = new DraftStore(`test-${++n}`);
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.delete();
});

describe('drafts', () => {
  it('saves and loads a draft exactly, across store instances (a reload)', async () => {
    const name = `reload-${++n}`;
    const a = new DraftStore(name);
    const draft = {
      key: 'tok',
      judgments: { G: [3, 'skip', null] as Array<number | 'skip' | null> },
      step: { kind: 'node' as const, index: 2 },
      survey: { title: 'x' },
      updatedAt: 5
    };
    expect(await a.save(draft)).toEqual({ ok: true, value: undefined });
    a.close();
    const b = new DraftStore(name);
    expect(await b.load('tok')).toEqual({ ok: true, value: draft });
    expect(await b.load('other')).toEqual({ ok: true, value: undefined });
    await b.delete();
  });

  it('keeps Delphi reasons in a draft; a draft saved before reasons existed still loads', async () => {
    const name = `reasons-${++n}`;
    const a = new DraftStore(name);
    const base = {
      key: 'old',
      judgments: { G: [3] as Array<number | 'skip' | null> },
      step: { kind: 'review' as const },
      survey: null,
      updatedAt: 1
    };
    // The layout phones kept before reasons: no `reasons` field.
    expect((await a.save(base)).ok).toBe(true);
    const withReasons = { ...base, key: 'new', reasons: { G: ['Market prices swing'] } };
    expect((await a.save(withReasons)).ok).toBe(true);
    a.close();
    const b = new DraftStore(name);
    const old = await b.load('old');
    expect(old).toEqual({ ok: true, value: base });
    expect(typedReasons(old.ok ? old.value?.reasons : undefined)).toEqual({});
    expect(await b.load('new')).toEqual({ ok: true, value: withReasons });
    await b.delete();
  });

  it('reports a storage failure as a value, not a crash', async () => {
    const s = freshStore();
    await s.delete(); // a deleted, closed database refuses further work
    s.close();
    const r = await s.save({
      key: 'k',
      judgments: {},
      step: { kind: 'intro' },
      survey: null,
      updatedAt: 0
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/\w+: /);
  });
});

describe('a new link for the same expert', () => {
  const draft = (key: string, expertId: string | undefined, updatedAt: number, first: number) => ({
    key,
    expertId,
    judgments: { G: [first, null] as Array<number | 'skip' | null> },
    step: { kind: 'node' as const, index: 1 },
    survey: { title: 'x' },
    updatedAt
  });

  it("takes over the expert's newest draft and the submissions still waiting, nothing else", async () => {
    const s = freshStore();
    await s.save(draft('old-1', 'ex-a', 10, 3));
    await s.save(draft('old-2', 'ex-a', 20, 5)); // the newest of expert a's
    await s.save(draft('other', 'ex-b', 30, 7)); // another expert on a shared device
    const id = (k: number) => `00000000-0000-4000-8000-00000000000${k}`;
    await s.enqueue('old-1', submission(id(1)));
    await s.enqueue('old-2', submission(id(2)));
    await s.enqueue('old-2', submission(id(3)));
    await s.enqueue('other', submission(id(4)));
    await s.update(id(2), { refused: 'This expert link is not valid.' });
    await s.update(id(3), {
      receipt: { submissionId: id(3), receivedAt: '2026-11-22T08:00:00.000Z', duplicate: false }
    });

    const adopted = await s.adopt('ex-a', 'new');
    expect(adopted).toEqual({ ok: true, value: { ...draft('old-2', 'ex-a', 20, 5), key: 'new' } });
    expect(await s.load('new')).toEqual(adopted);
    expect(await s.load('old-2')).toEqual({ ok: true, value: undefined });
    expect((await s.load('other')).ok && (await s.load('other'))).toMatchObject({
      value: { key: 'other' }
    });
    // Waiting ones move (a refusal under the old link is forgotten, to try again); an
    // acknowledged one stays where it was; another expert's stay theirs.
    const moved = await s.items('new');
    expect(moved.ok && moved.value.map((i) => [i.submissionId, i.refused])).toEqual([
      [id(1), null],
      [id(2), null]
    ]);
    const kept = await s.items('old-2');
    expect(kept.ok && kept.value.map((i) => i.submissionId)).toEqual([id(3)]);
    const theirs = await s.items('other');
    expect(theirs.ok && theirs.value.map((i) => i.submissionId)).toEqual([id(4)]);
  });

  it('changes nothing when the new link has a draft already, or the expert has none', async () => {
    const s = freshStore();
    await s.save(draft('old', 'ex-a', 10, 3));
    await s.save(draft('new', 'ex-a', 5, 9));
    expect(await s.adopt('ex-a', 'new')).toEqual({ ok: true, value: undefined });
    expect((await s.load('new')).ok && (await s.load('new'))).toMatchObject({
      value: { judgments: { G: [9, null] } }
    });
    expect((await s.load('old')).ok && (await s.load('old'))).toMatchObject({
      value: { key: 'old' }
    });
    expect(await s.adopt('ex-nobody', 'fresh')).toEqual({ ok: true, value: undefined });
    // A draft saved before the expert's id was known can't be matched, and stays.
    await s.save(draft('anon', undefined, 50, 1));
    expect(await s.adopt('ex-a', 'another')).toMatchObject({
      ok: true,
      value: { key: 'another', judgments: { G: [3, null] } }
    });
    expect((await s.load('anon')).ok && (await s.load('anon'))).toMatchObject({
      value: { key: 'anon' }
    });
  });
});

describe('the outbox', () => {
  it('enqueues once per submission id', async () => {
    const s = freshStore();
    await s.enqueue('k', submission('00000000-0000-4000-8000-000000000001'));
    await s.enqueue('k', submission('00000000-0000-4000-8000-000000000001'));
    const items = await s.items('k');
    expect(items.ok && items.value.length).toBe(1);
  });

  it('keeps items while the network is down, sends them when it is back, oldest first', async () => {
    const s = freshStore();
    await s.enqueue('k', submission('00000000-0000-4000-8000-000000000001'));
    await s.enqueue('k', submission('00000000-0000-4000-8000-000000000002'));
    const down = async (): Promise<SendOutcome> => ({
      kind: 'retry',
      message: 'Failed to fetch',
      retryAfterMs: null
    });
    const first = await flushOutbox(s, 'k', down);
    expect(first.waiting).toBe(2);
    const sent: string[] = [];
    const up = async (item: OutboxItem): Promise<SendOutcome> => {
      sent.push(item.submissionId);
      return {
        kind: 'sent',
        receipt: {
          submissionId: item.submissionId,
          receivedAt: '2026-11-22T00:00:00Z',
          duplicate: false
        }
      };
    };
    const second = await flushOutbox(s, 'k', up);
    expect(sent).toEqual([
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002'
    ]);
    expect(second.waiting).toBe(0);
    expect(second.lastReceipt?.submissionId).toBe('00000000-0000-4000-8000-000000000002');
    // nothing is sent twice once acknowledged
    await flushOutbox(s, 'k', up);
    expect(sent).toHaveLength(2);
  });

  it("keeps a refused submission with the server's reason", async () => {
    const s = freshStore();
    await s.enqueue('k', submission('00000000-0000-4000-8000-000000000003'));
    const state = await flushOutbox(s, 'k', async () => ({
      kind: 'refused',
      message: 'the survey is closed',
      code: 'closed'
    }));
    expect(state.refused).toEqual([
      { submissionId: '00000000-0000-4000-8000-000000000003', message: 'the survey is closed' }
    ]);
    const items = await s.items('k');
    expect(items.ok && items.value[0]!.submission).toEqual(
      submission('00000000-0000-4000-8000-000000000003')
    );
    // The server's code is kept too: the page says it in the expert's language.
    expect(items.ok && items.value[0]!.refusedCode).toBe('closed');
  });
});

/** An outbox item as postSubmission sends it. */
const item = {
  submissionId: 'x',
  key: 'k',
  submission: submission('x'),
  createdAt: 0,
  attempts: 0,
  receipt: null,
  refused: null,
  lastError: null
};

describe('postSubmission', () => {
  const reply = (status: number, body: unknown) => async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  it('classifies answers: 2xx with a receipt sent; 4xx refused; 408, 429, 5xx and network errors retried', async () => {
    expect(
      (
        await postSubmission(
          '/u',
          item,
          reply(200, {
            submissionId: 'x',
            receivedAt: '2026-11-22T08:00:00.000Z',
            duplicate: false
          })
        )
      ).kind
    ).toBe('sent');
    expect(
      await postSubmission('/u', item, reply(423, { message: 'closed', code: 'closed' }))
    ).toEqual({ kind: 'refused', message: 'closed', code: 'closed' });
    // A refusal from something other than this app (a proxy's 403 page): no code.
    expect(await postSubmission('/u', item, reply(403, '<html>forbidden</html>'))).toEqual({
      kind: 'refused',
      message: 'HTTP 403',
      code: null
    });
    expect((await postSubmission('/u', item, reply(429, { message: 'slow down' }))).kind).toBe(
      'retry'
    );
    expect((await postSubmission('/u', item, reply(502, '<html>bad gateway</html>'))).kind).toBe(
      'retry'
    );
    expect(
      (
        await postSubmission('/u', item, async () => {
          throw new TypeError('Failed to fetch');
        })
      ).kind
    ).toBe('retry');
    // a 200 without a receipt (a captive portal page) is not an acknowledgement
    expect((await postSubmission('/u', item, reply(200, '<html>login</html>'))).kind).toBe('retry');
  });
});

describe('a database outage (503 with Retry-After)', () => {
  const reply =
    (status: number, body: string, headers: Record<string, string> = {}) =>
    async () =>
      new Response(body, { status, headers });

  it('503, 502 and 504 are retried, with the wait the server asked for', async () => {
    // The app's own 503 body (src/lib/server/outage.ts) and its header.
    const unavailable = JSON.stringify({
      message: 'The database is unavailable',
      code: 'unavailable'
    });
    expect(
      await postSubmission('/u', item, reply(503, unavailable, { 'retry-after': '2' }))
    ).toEqual({ kind: 'retry', message: 'The database is unavailable', retryAfterMs: 2000 });
    expect(await postSubmission('/u', item, reply(504, '<html>timeout</html>'))).toEqual({
      kind: 'retry',
      message: 'HTTP 504',
      retryAfterMs: null
    });
    expect((await postSubmission('/u', item, reply(502, ''))).kind).toBe('retry');
  });

  it('reads Retry-After as seconds or as an HTTP date (RFC 9110 10.2.3), capped', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    // An HTTP date 90 s after "now".
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(retryAfterMs('Sat, 05 Dec 2026 10:01:30 GMT', now)).toBe(90_000);
    // A date already past: try now.
    expect(retryAfterMs('Sat, 05 Dec 2026 09:00:00 GMT', now)).toBe(0);
    // A proxy asking for a day is not obeyed for a day.
    expect(retryAfterMs('86400')).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs('-5')).toBeNull();
  });

  it('spreads the devices sent away together over up to half the wait again', () => {
    expect(retryDelay(2000, () => 0)).toBe(2000);
    expect(retryDelay(2000, () => 0.5)).toBe(2500);
    expect(retryDelay(2000, () => 0.999)).toBe(2999);
  });

  it('a flush stopped by a 503 keeps the item and reports the wait; the resend is stored once', async () => {
    const s = freshStore();
    const id = '00000000-0000-4000-8000-000000000009';
    await s.enqueue('k', submission(id));
    // The first answer was lost after the COMMIT: the server already holds the submission.
    const stored = new Map<string, string>();
    stored.set(id, '2026-12-05T10:00:00.000Z');
    const outage = async (): Promise<SendOutcome> => ({
      kind: 'retry',
      message: 'The database is unavailable',
      retryAfterMs: 2000
    });
    const first = await flushOutbox(s, 'k', outage);
    expect(first).toMatchObject({ waiting: 1, retryAfterMs: 2000 });
    const listed = await s.items('k');
    expect(listed.ok && listed.value[0]).toMatchObject({
      attempts: 1,
      lastError: 'The database is unavailable',
      receipt: null
    });
    // The resend finds it: the original receipt, marked as a duplicate.
    const back = async (i: OutboxItem): Promise<SendOutcome> => ({
      kind: 'sent',
      receipt: {
        submissionId: i.submissionId,
        receivedAt: stored.get(i.submissionId)!,
        duplicate: true
      }
    });
    const second = await flushOutbox(s, 'k', back);
    expect(second).toMatchObject({ waiting: 0, retryAfterMs: null });
    expect(second.lastReceipt).toEqual({
      submissionId: id,
      receivedAt: '2026-12-05T10:00:00.000Z',
      duplicate: true
    });
  });
});
