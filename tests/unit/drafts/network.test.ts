/**
 * The device store and the outbox on a careless network and a difficult device: an open of
 * IndexedDB that another tab blocks (fake-indexeddb implements the spec's versionchange and
 * blocked events), and answers to a submission that are no receipt of it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DraftStore, postSubmission, receiptOf, type OutboxItem } from '../../../src/lib/drafts';

const ID = '0b6f1f7e-8a41-4a4e-9f0e-2f1f3c1d2e3f';

/** Opens `name` at an older version (Dexie's 10) and keeps it open, ignoring versionchange. */
function holdOldVersion(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 10);
    open.onupgradeneeded = () => open.result.createObjectStore('drafts', { keyPath: 'key' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

describe('a device store whose open is blocked by another tab', () => {
  it('fails after the timeout, then at once, and works when the other tab lets go', async () => {
    const name = `blocked-${Date.now()}`;
    const old = await holdOldVersion(name);
    const store = new DraftStore(name, 200);
    const t0 = performance.now();
    const first = await store.load('tok');
    expect(first.ok).toBe(false);
    expect(first.ok ? '' : first.error).toMatch(/^TimeoutError: the device store did not open/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    // Every call while the open still hangs fails at once: the page does not wait each time.
    const t1 = performance.now();
    expect((await store.items('tok')).ok).toBe(false);
    expect(performance.now() - t1).toBeLessThan(100);
    // The other tab closes: the open under way completes, and the store works.
    old.close();
    await expect.poll(async () => (await store.load('tok')).ok).toBe(true);
    const saved = await store.save({
      key: 'tok',
      judgments: { G: [3] },
      step: { kind: 'intro' },
      survey: null,
      updatedAt: 1
    });
    expect(saved.ok).toBe(true);
    await store.delete();
  });
});

describe('receiptOf', () => {
  it('takes only an acknowledgement of this very submission, with a time', () => {
    const at = '2026-12-05T10:00:00.000Z';
    expect(receiptOf({ submissionId: ID, receivedAt: at, duplicate: true }, ID)).toEqual({
      submissionId: ID,
      receivedAt: at,
      duplicate: true
    });
    // The server writes ids in lower case; the page may have made them in upper case.
    expect(receiptOf({ submissionId: ID, receivedAt: at }, ID.toUpperCase())?.duplicate).toBe(
      false
    );
    for (const body of [
      null,
      'ok',
      [ID],
      {},
      { submissionId: ID },
      { submissionId: ID, receivedAt: 'soon' },
      { submissionId: ID, receivedAt: 5 },
      { submissionId: '6c1f9b2a-0000-4000-8000-000000000000', receivedAt: at },
      { submissionId: 7, receivedAt: at }
    ])
      expect(receiptOf(body, ID), JSON.stringify(body)).toBeNull();
  });
});

describe('postSubmission and answers that are no receipt', () => {
  const item: OutboxItem = {
    submissionId: ID,
    key: 'tok',
    submission: { submissionId: ID, judgments: { G: [3] } },
    createdAt: 1,
    attempts: 0,
    receipt: null,
    refused: null,
    lastError: null
  };
  const answering =
    (body: string, status: number, headers: Record<string, string> = {}): typeof fetch =>
    async () =>
      new Response(body, { status, headers });

  it('sends again after a 200 cut off, a 200 for another id, and an HTML 5xx', async () => {
    const cut = JSON.stringify({ submissionId: ID, receivedAt: '2026-12-05T10:00:00.000Z' });
    for (const [body, status] of [
      [cut.slice(0, -9), 200],
      [JSON.stringify({ submissionId: 'x', receivedAt: '2026-12-05T10:00:00.000Z' }), 200],
      ['<html>502 Bad Gateway</html>', 502],
      ['<html>500</html>', 500]
    ] as const) {
      const outcome = await postSubmission('/s', item, answering(body, status));
      expect(outcome.kind, `${status} ${body}`).toBe('retry');
    }
  });

  it("calls a proxy's HTML 413 too large (kept, not sent again), as the app's own", async () => {
    const outcome = await postSubmission('/s', item, answering('<h1>413</h1>', 413));
    expect(outcome).toEqual({ kind: 'refused', message: 'HTTP 413', code: 'too_large' });
  });
});
