/**
 * The browser's own copy of an expert's work (Dexie over IndexedDB): the draft of every
 * judgment and where the expert was, and the outbox of submissions not yet acknowledged by the
 * server. Used only in browser code paths. Storage can fail (private mode, quota, a blocked
 * database): every call reports failure as a value, so the page can say "not saved on this
 * device" instead of crashing, and nothing in memory is lost.
 */
import Dexie, { type Table } from 'dexie';
import type { DraftValue, Submission } from '../survey';

/** Where the expert is in the survey. */
export type DraftStep =
  { kind: 'intro' } | { kind: 'node'; index: number } | { kind: 'review' } | { kind: 'done' };

export interface Draft {
  /** The expert's link token: one draft per invitation on this device. */
  key: string;
  /**
   * The expert's id (not a secret), once the server has said it: a new link for the same
   * expert finds this draft by it (see `adopt`).
   */
  expertId?: string | undefined;
  judgments: Record<string, DraftValue[]>;
  step: DraftStep;
  /** The survey as last fetched, so the page works offline after a reload. */
  survey: unknown;
  updatedAt: number;
}

export interface Receipt {
  submissionId: string;
  receivedAt: string;
  duplicate: boolean;
}

export interface OutboxItem {
  submissionId: string;
  key: string;
  submission: Submission;
  createdAt: number;
  attempts: number;
  /** Set when the server acknowledged it: then it is stored there, exactly once. */
  receipt: Receipt | null;
  /** The server refused it (4xx): kept, with the reason, never silently dropped. */
  refused: string | null;
  /** The server's code for the refusal ("closed", "not_found" ...), when it gave one. */
  refusedCode?: string | null;
  lastError: string | null;
}

/** The result of a storage call: the value, or why the device could not store it. */
export type Stored<T> = { ok: true; value: T } | { ok: false; error: string };

class DraftsDatabase extends Dexie {
  drafts!: Table<Draft, string>;
  outbox!: Table<OutboxItem, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({ drafts: 'key', outbox: 'submissionId, key, createdAt' });
    // 2: drafts found by expert id, for an expert who was sent a new link.
    this.version(2).stores({ drafts: 'key, expertId' });
  }
}

async function attempt<T>(fn: () => Promise<T>): Promise<Stored<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** The device store of drafts and the outbox. */
export class DraftStore {
  readonly #db: DraftsDatabase;

  constructor(name = 'pairwise') {
    this.#db = new DraftsDatabase(name);
  }

  load(key: string): Promise<Stored<Draft | undefined>> {
    return attempt(() => this.#db.drafts.get(key));
  }

  save(draft: Draft): Promise<Stored<void>> {
    return attempt(async () => {
      await this.#db.drafts.put(structuredClone(draft));
    });
  }

  /**
   * For an expert who opens a new link (the researcher made one; the old link no longer works):
   * moves this expert's newest draft kept under an older link to `key`, with every submission
   * of theirs that still waits to be sent (refused ones too, to be tried again: the old link
   * was probably why). Nothing is moved when `key` already has a draft. Returns the draft now
   * under `key`, if one was moved.
   */
  adopt(expertId: string, key: string): Promise<Stored<Draft | undefined>> {
    return attempt(() =>
      this.#db.transaction('rw', this.#db.drafts, this.#db.outbox, async () => {
        if (await this.#db.drafts.get(key)) return undefined;
        const older = (await this.#db.drafts.where('expertId').equals(expertId).toArray())
          .filter((d) => d.key !== key)
          .sort((a, b) => b.updatedAt - a.updatedAt);
        const newest = older[0];
        if (!newest) return undefined;
        const moved: Draft = { ...newest, key };
        await this.#db.drafts.put(moved);
        await this.#db.drafts.delete(newest.key);
        // Sent oldest first (by createdAt) from the new key, as they would have been.
        for (const d of older) {
          await this.#db.outbox
            .where('key')
            .equals(d.key)
            .and((item) => item.receipt === null)
            .modify({ key, refused: null, refusedCode: null });
        }
        return moved;
      })
    );
  }

  /** Puts a submission in the outbox (once per submissionId). */
  enqueue(key: string, submission: Submission): Promise<Stored<OutboxItem>> {
    return attempt(() =>
      this.#db.transaction('rw', this.#db.outbox, async () => {
        const existing = await this.#db.outbox.get(submission.submissionId);
        if (existing) return existing;
        const item: OutboxItem = {
          submissionId: submission.submissionId,
          key,
          submission: structuredClone(submission),
          createdAt: Date.now(),
          attempts: 0,
          receipt: null,
          refused: null,
          lastError: null
        };
        await this.#db.outbox.add(item);
        return item;
      })
    );
  }

  /** The outbox items of one invitation, oldest first. */
  items(key: string): Promise<Stored<OutboxItem[]>> {
    return attempt(() => this.#db.outbox.where('key').equals(key).sortBy('createdAt'));
  }

  update(
    submissionId: string,
    change: Partial<Omit<OutboxItem, 'submissionId' | 'key' | 'submission'>>
  ): Promise<Stored<void>> {
    return attempt(async () => {
      await this.#db.outbox.update(submissionId, change);
    });
  }

  close(): void {
    this.#db.close();
  }

  delete(): Promise<void> {
    return this.#db.delete();
  }
}
