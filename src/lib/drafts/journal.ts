/**
 * The journal: a synchronous copy, in localStorage, of the newest change to an expert's draft
 * that IndexedDB has not committed yet. Browser code only.
 *
 * Why: an IndexedDB write is asynchronous. A tap followed within a few hundred ms by a reload
 * (or the phone closing the tab) started a write that never finished, and the tap was lost,
 * while the page had shown it as made. localStorage.setItem returns only once the value is in
 * the page's storage, which survives the reload; so every change is written here first, at
 * once, and replayed on the next load when it is newer than the draft in IndexedDB. Once
 * IndexedDB has committed a draft at least as new, the entry is removed. It holds only the
 * judgments, any reasons and the step (the survey itself is in IndexedDB): a few hundred bytes.
 *
 * Like the device store, it never throws: without localStorage (private mode, quota, blocked)
 * it reports failure and the page relies on IndexedDB alone.
 */
import type { DraftValue } from '../survey';
import type { DraftStep } from './store';

export interface JournalEntry {
  judgments: Record<string, DraftValue[]>;
  /** Delphi reasons as typed, as the draft's (absent in entries written before them). */
  reasons?: Record<string, string[]> | undefined;
  step: DraftStep;
  /** When the change was made (ms since the epoch), as the draft's updatedAt. */
  updatedAt: number;
}

const PREFIX = 'pairwise.journal.';

export class DraftJournal {
  readonly #storage: Storage | null;

  /** `storage`: the window's localStorage, or null where there is none. */
  constructor(storage: Storage | null) {
    this.#storage = storage;
  }

  /** The window's localStorage, or null when it is missing or access to it throws. */
  static storageOf(w: Window | null): Storage | null {
    try {
      return w?.localStorage ?? null;
    } catch {
      return null; // SecurityError: storage blocked for this site
    }
  }

  /** Records the newest change of `key`, synchronously. False when it could not be kept. */
  write(key: string, entry: JournalEntry): boolean {
    try {
      this.#storage?.setItem(PREFIX + key, JSON.stringify(entry));
      return this.#storage !== null;
    } catch {
      return false; // quota, or storage blocked
    }
  }

  /** The change recorded for `key` and not yet committed, if there is one that reads back. */
  read(key: string): JournalEntry | null {
    try {
      const text = this.#storage?.getItem(PREFIX + key);
      if (!text) return null;
      const entry = JSON.parse(text) as Partial<JournalEntry> | null;
      if (
        !entry ||
        typeof entry.updatedAt !== 'number' ||
        typeof entry.judgments !== 'object' ||
        entry.judgments === null ||
        typeof entry.step !== 'object' ||
        entry.step === null
      )
        return null;
      return entry as JournalEntry;
    } catch {
      return null;
    }
  }

  /**
   * Forgets the entry of `key` once a draft as new as `committedAt` is in IndexedDB; a newer
   * entry (a change made while that draft was being written) is kept.
   */
  settle(key: string, committedAt: number): void {
    const entry = this.read(key);
    if (entry && entry.updatedAt > committedAt) return;
    try {
      this.#storage?.removeItem(PREFIX + key);
    } catch {
      // nothing to do: it will be replaced by the next change, and is older than the draft
    }
  }
}
