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
  type OutboxItem,
  type SendOutcome
} from '../../../src/lib/drafts';

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
    const down = async (): Promise<SendOutcome> => ({ kind: 'retry', message: 'Failed to fetch' });
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
      message: 'the survey is closed'
    }));
    expect(state.refused).toEqual([
      { submissionId: '00000000-0000-4000-8000-000000000003', message: 'the survey is closed' }
    ]);
    const items = await s.items('k');
    expect(items.ok && items.value[0]!.submission).toEqual(
      submission('00000000-0000-4000-8000-000000000003')
    );
  });
});

describe('postSubmission', () => {
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
  const reply = (status: number, body: unknown) => async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  it('classifies answers: 2xx with a receipt sent; 4xx refused; 408, 429, 5xx and network errors retried', async () => {
    expect(
      (
        await postSubmission(
          '/u',
          item,
          reply(200, { submissionId: 'x', receivedAt: 't', duplicate: false })
        )
      ).kind
    ).toBe('sent');
    expect(await postSubmission('/u', item, reply(423, { message: 'closed' }))).toEqual({
      kind: 'refused',
      message: 'closed'
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
