/**
 * The browser's own copy of an expert's work (IndexedDB, without a library: Dexie was a third
 * of the expert page's JavaScript): the draft of every
 * judgment and where the expert was, and the outbox of submissions not yet acknowledged by the
 * server. Used only in browser code paths. Storage can fail (private mode, quota, a blocked
 * database): every call reports failure as a value, so the page can say "not saved on this
 * device" instead of crashing, and nothing in memory is lost.
 */
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
  /**
   * Delphi: the one-line reasons as typed, group id -> one text per pair ('' for none). Added
   * after the first drafts were kept on phones: absent in those, read as no reasons.
   */
  reasons?: Record<string, string[]> | undefined;
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

/**
 * The database as Dexie 4 laid it out (versions 1 and 2 of its schema, which Dexie opens as
 * IndexedDB versions 10 and 20): a device that kept drafts under Dexie keeps them. Stores and
 * their indexes, each index named by its key path.
 */
const DB_VERSION = 20;
const STORES: Record<'drafts' | 'outbox', { keyPath: string; indexes: string[] }> = {
  drafts: { keyPath: 'key', indexes: ['expertId'] },
  outbox: { keyPath: 'submissionId', indexes: ['key', 'createdAt'] }
};
type StoreName = keyof typeof STORES;

/** An IndexedDB request as a promise. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** How long an open of the database may take before the device store counts as unavailable. */
export const OPEN_TIMEOUT_MS = 3000;

function stalled(ms: number): DOMException {
  return new DOMException(
    `the device store did not open within ${ms} ms (another tab may hold an older version open)`,
    'TimeoutError'
  );
}

/** Opens (and creates or upgrades) the database. */
function openDatabase(name: string): Promise<IDBDatabase> {
  const request = indexedDB.open(name, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    const tx = request.transaction!;
    for (const [store, { keyPath, indexes }] of Object.entries(STORES)) {
      const os = db.objectStoreNames.contains(store)
        ? tx.objectStore(store)
        : db.createObjectStore(store, { keyPath });
      for (const index of indexes) if (!os.indexNames.contains(index)) os.createIndex(index, index);
    }
  };
  return done(request).then((db) => {
    // Another tab upgrading the database: let it (this tab reopens on its next call).
    db.onversionchange = () => db.close();
    return db;
  });
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
  readonly #name: string;
  readonly #openTimeoutMs: number;
  #db: Promise<IDBDatabase> | null = null;
  /** The open under way has not answered within the timeout: calls fail at once until it does. */
  #stalled = false;
  #closed = false;

  constructor(name = 'pairwise', openTimeoutMs = OPEN_TIMEOUT_MS) {
    this.#name = name;
    this.#openTimeoutMs = openTimeoutMs;
  }

  /**
   * The database, once open. An open that hangs (another tab keeps an older version of it open
   * and so blocks the upgrade; a browser bug) fails this call after the timeout, and every call
   * after it at once, until the open answers: the page says "not saved on this device" and goes
   * on (the survey, the submission) without the device store, instead of waiting for ever.
   */
  #open(): Promise<IDBDatabase> {
    if (!this.#db) {
      const opening = openDatabase(this.#name);
      this.#db = opening;
      this.#stalled = false;
      opening.then(
        () => (this.#stalled = false),
        () => {
          // private mode, a refused open: the next call tries again
          if (this.#db === opening) this.#db = null;
          this.#stalled = false;
        }
      );
    }
    const opening = this.#db;
    if (this.#stalled) return Promise.reject(stalled(this.#openTimeoutMs));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#stalled = true;
        reject(stalled(this.#openTimeoutMs));
      }, this.#openTimeoutMs);
      opening.then(
        (db) => {
          clearTimeout(timer);
          resolve(db);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      );
    });
  }

  /**
   * Runs `fn` in one transaction over `stores`; resolves with its result once the transaction
   * has committed (so a save is on disk when it says so), rejects when anything in it failed.
   */
  async #run<T>(
    mode: IDBTransactionMode,
    stores: StoreName[],
    fn: (tx: IDBTransaction) => Promise<T>
  ): Promise<T> {
    if (this.#closed) throw new DOMException('the device store was closed', 'InvalidStateError');
    let db = await this.#open();
    let tx: IDBTransaction;
    try {
      tx = db.transaction(stores, mode);
    } catch (e) {
      // Closed under us by another tab's upgrade: open again, once.
      if (!(e instanceof DOMException && e.name === 'InvalidStateError') || this.#closed) throw e;
      this.#db = null;
      db = await this.#open();
      tx = db.transaction(stores, mode);
    }
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
      tx.onerror = () => reject(tx.error);
    });
    let value: T;
    try {
      value = await fn(tx);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      committed.catch(() => {});
      throw e;
    }
    await committed;
    return value;
  }

  load(key: string): Promise<Stored<Draft | undefined>> {
    return attempt(() =>
      this.#run('readonly', ['drafts'], (tx) =>
        done<Draft | undefined>(tx.objectStore('drafts').get(key))
      )
    );
  }

  save(draft: Draft): Promise<Stored<void>> {
    return attempt(() =>
      this.#run('readwrite', ['drafts'], async (tx) => {
        await done(tx.objectStore('drafts').put(structuredClone(draft)));
      })
    );
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
      this.#run('readwrite', ['drafts', 'outbox'], async (tx) => {
        const drafts = tx.objectStore('drafts');
        const outbox = tx.objectStore('outbox');
        if (await done(drafts.get(key))) return undefined;
        const older = (await done<Draft[]>(drafts.index('expertId').getAll(expertId)))
          .filter((d) => d.key !== key)
          .sort((a, b) => b.updatedAt - a.updatedAt);
        const newest = older[0];
        if (!newest) return undefined;
        const moved: Draft = { ...newest, key };
        await done(drafts.put(moved));
        await done(drafts.delete(newest.key));
        // Sent oldest first (by createdAt) from the new key, as they would have been.
        for (const d of older) {
          const items = await done<OutboxItem[]>(outbox.index('key').getAll(d.key));
          for (const item of items)
            if (item.receipt === null)
              await done(outbox.put({ ...item, key, refused: null, refusedCode: null }));
        }
        return moved;
      })
    );
  }

  /** Puts a submission in the outbox (once per submissionId). */
  enqueue(key: string, submission: Submission): Promise<Stored<OutboxItem>> {
    return attempt(() =>
      this.#run('readwrite', ['outbox'], async (tx) => {
        const outbox = tx.objectStore('outbox');
        const existing = await done<OutboxItem | undefined>(outbox.get(submission.submissionId));
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
        await done(outbox.add(item));
        return item;
      })
    );
  }

  /** The outbox items of one invitation, oldest first. */
  items(key: string): Promise<Stored<OutboxItem[]>> {
    return attempt(() =>
      this.#run('readonly', ['outbox'], async (tx) =>
        (await done<OutboxItem[]>(tx.objectStore('outbox').index('key').getAll(key))).sort(
          (a, b) => a.createdAt - b.createdAt
        )
      )
    );
  }

  update(
    submissionId: string,
    change: Partial<Omit<OutboxItem, 'submissionId' | 'key' | 'submission'>>
  ): Promise<Stored<void>> {
    return attempt(() =>
      this.#run('readwrite', ['outbox'], async (tx) => {
        const outbox = tx.objectStore('outbox');
        const item = await done<OutboxItem | undefined>(outbox.get(submissionId));
        if (item) await done(outbox.put({ ...item, ...structuredClone(change) }));
      })
    );
  }

  close(): void {
    this.#closed = true;
    void this.#db?.then((db) => db.close()).catch(() => {});
  }

  async delete(): Promise<void> {
    this.close();
    await this.#db?.then((db) => db.close()).catch(() => {});
    await done(indexedDB.deleteDatabase(this.#name));
  }
}
