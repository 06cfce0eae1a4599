/**
 * The device store dropped Dexie (a third of the expert page's JavaScript) for plain IndexedDB.
 * A phone that kept drafts and submissions under Dexie must keep them: these tests write with
 * Dexie 4 exactly as the old store declared its schema, then read and write with the new one.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DraftStore } from '../../../src/lib/drafts';

const draft = (key: string, expertId: string, updatedAt: number) => ({
  key,
  expertId,
  judgments: { G: [3, 'skip', null] },
  step: { kind: 'node', index: 1 },
  survey: { title: 'x' },
  updatedAt
});
const item = (submissionId: string, key: string, createdAt: number) => ({
  submissionId,
  key,
  submission: { submissionId, judgments: { G: [3] } },
  createdAt,
  attempts: 1,
  receipt: null,
  refused: null,
  lastError: 'Failed to fetch'
});

/** The old store's schema, version by version (store.ts before this change). */
function oldDexie(name: string, versions: 1 | 2): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({ drafts: 'key', outbox: 'submissionId, key, createdAt' });
  if (versions === 2) db.version(2).stores({ drafts: 'key, expertId' });
  return db;
}

describe('a device that stored its work with Dexie', () => {
  it('keeps its drafts and outbox, and an older link still finds them by expert id', async () => {
    const old = oldDexie('dexie-2', 2);
    await old.table('drafts').put(draft('old-link', 'ex-a', 10));
    await old.table('outbox').put(item('s2', 'old-link', 2));
    await old.table('outbox').put(item('s1', 'old-link', 1));
    old.close();

    const store = new DraftStore('dexie-2');
    expect(await store.load('old-link')).toEqual({
      ok: true,
      value: draft('old-link', 'ex-a', 10)
    });
    const items = await store.items('old-link');
    expect(items.ok && items.value.map((i) => i.submissionId)).toEqual(['s1', 's2']);
    const adopted = await store.adopt('ex-a', 'new-link');
    expect(adopted).toEqual({ ok: true, value: draft('new-link', 'ex-a', 10) });
    const moved = await store.items('new-link');
    expect(moved.ok && moved.value.map((i) => i.submissionId)).toEqual(['s1', 's2']);
    await store.delete();
  });

  it("upgrades Dexie's first schema (no expert id index) without losing a draft", async () => {
    const old = oldDexie('dexie-1', 1);
    await old.table('drafts').put(draft('link', 'ex-b', 5));
    old.close();

    const store = new DraftStore('dexie-1');
    expect(await store.load('link')).toEqual({ ok: true, value: draft('link', 'ex-b', 5) });
    // The index the upgrade added is in use: a new link of the same expert adopts the draft.
    expect(await store.adopt('ex-b', 'other')).toMatchObject({ ok: true, value: { key: 'other' } });
    await store.delete();
  });

  it('is read by Dexie again (a device that goes back to an older page keeps its work)', async () => {
    const store = new DraftStore('dexie-back');
    await store.save({ ...draft('k', 'ex-c', 7), step: { kind: 'review' }, judgments: {} });
    store.close();
    const old = oldDexie('dexie-back', 2);
    expect(await old.table('drafts').get('k')).toMatchObject({ key: 'k', expertId: 'ex-c' });
    old.close();
    await Dexie.delete('dexie-back');
  });
});
