/**
 * The journal of unsaved changes (src/lib/drafts/journal.ts) over a Storage with the Web
 * Storage API's behaviour (strings in, strings out), and over storages that refuse.
 */
import { describe, expect, it } from 'vitest';
import { DraftJournal, type JournalEntry } from '../../../src/lib/drafts/journal';
import { typedReasons } from '../../../src/lib/survey';

/** An in-memory Storage, as localStorage behaves. */
function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v))
  };
}

const entry = (updatedAt: number, value = 3): JournalEntry => ({
  judgments: { A1: [value, null, 'skip'] },
  step: { kind: 'node', index: 0 },
  updatedAt
});

describe('the journal', () => {
  it('keeps the newest change of each link and reads it back exactly', () => {
    const storage = memoryStorage();
    const journal = new DraftJournal(storage);
    expect(journal.read('tok')).toBeNull();
    expect(journal.write('tok', entry(1, 3))).toBe(true);
    expect(journal.write('tok', entry(2, 5))).toBe(true);
    expect(journal.write('other', entry(9, 7))).toBe(true);
    // A new journal on the same storage: a reload.
    const reloaded = new DraftJournal(storage);
    expect(reloaded.read('tok')).toEqual(entry(2, 5));
    expect(reloaded.read('other')).toEqual(entry(9, 7));
  });

  it('keeps Delphi reasons with the judgments; an entry written before reasons reads as none', () => {
    const storage = memoryStorage();
    const journal = new DraftJournal(storage);
    const withReasons = { ...entry(3), reasons: { A1: ['Insurance is rare', '', '灾害频发'] } };
    journal.write('tok', withReasons);
    expect(new DraftJournal(storage).read('tok')).toEqual(withReasons);
    // What a phone kept before reasons existed: the same layout without the field.
    storage.setItem('pairwise.journal.old', JSON.stringify(entry(4)));
    const old = new DraftJournal(storage).read('old');
    expect(old).toEqual(entry(4));
    expect(typedReasons(old?.reasons)).toEqual({});
  });

  it('is forgotten once a draft as new is committed, but not when a newer change waits', () => {
    const storage = memoryStorage();
    const journal = new DraftJournal(storage);
    journal.write('tok', entry(5));
    journal.settle('tok', 4); // an older draft was committed while the expert tapped again
    expect(journal.read('tok')).toEqual(entry(5));
    journal.settle('tok', 5);
    expect(journal.read('tok')).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('says so when storage refuses, and never throws', () => {
    const full = memoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    expect(new DraftJournal(full).write('tok', entry(1))).toBe(false);
    expect(new DraftJournal(null).write('tok', entry(1))).toBe(false);
    expect(new DraftJournal(null).read('tok')).toBeNull();
    const blocked = {
      get localStorage(): Storage {
        throw new DOMException('denied', 'SecurityError');
      }
    } as unknown as Window;
    expect(DraftJournal.storageOf(blocked)).toBeNull();
  });

  it('ignores an entry that does not read back as one', () => {
    const storage = memoryStorage();
    for (const junk of [
      '{',
      'null',
      '{"judgments":{}}',
      '{"updatedAt":"x","judgments":{},"step":{}}'
    ]) {
      storage.setItem('pairwise.journal.tok', junk);
      expect(new DraftJournal(storage).read('tok'), junk).toBeNull();
    }
  });
});
