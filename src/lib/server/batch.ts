/**
 * Batching of concurrent calls: the calls that arrive while the database is busy with a batch
 * wait, and then go to it together, as one statement or one transaction. Under load this turns
 * N round trips into one per batch (for writes: group commit, N transactions into one), which is
 * what lets the single embedded PGlite connection keep up with many experts at once; under
 * light load a call goes alone, straight away.
 *
 * Each caller still gets its own answer, after the batch has finished (for a write, after its
 * COMMIT): the value computed for its item, or that item's own error. If the batch as a whole
 * fails because of what is in it (the database refused a value, a deadlock between processes),
 * nothing of it was committed: it is split in two halves and each is tried again, down to the
 * bad item alone, so one bad item costs its batch about 2 log2(n) extra statements rather than
 * n, and can't take the others down with it (callers validate first, so this stays rare). A
 * failure that is not about the items (the database unreachable)
 * fails the whole batch at once: retrying each item alone would only make every caller wait
 * for as many time-outs as there are items.
 *
 * The queue holds only calls waiting for their answer: nothing another process would need (each
 * process batches its own requests; the database decides between them).
 */

import type { Db } from './db';

/** Runs a batch; returns one result per item, in order: a value, or that item's Error. */
export type BatchRunner<I, O> = (items: I[]) => Promise<Array<O | Error>>;

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface BatchOptions {
  /** At most this many items a batch (default 64). */
  maxBatch?: number;
  /** Whether a failed batch is worth retrying item by item (default: always). */
  retryAlone?: (error: unknown) => boolean;
}

/**
 * Wraps `run` so that concurrent calls are batched: one batch in flight at a time, at most
 * `maxBatch` items in it, the calls that arrive meanwhile in the next.
 */
export function batched<I, O>(
  run: BatchRunner<I, O>,
  { maxBatch = 64, retryAlone = () => true }: BatchOptions = {}
): (item: I) => Promise<O> {
  const queue: Array<Waiting<I, O>> = [];
  let running = false;

  async function settle(batch: Array<Waiting<I, O>>): Promise<void> {
    let results: Array<O | Error>;
    try {
      results = await run(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`batched: ${results.length} results for ${batch.length} items`);
      }
    } catch (e) {
      if (batch.length === 1 || !retryAlone(e)) {
        for (const w of batch) w.reject(e);
        return;
      }
      // Nothing of the batch took effect: each half again, until the bad item is alone.
      const half = Math.ceil(batch.length / 2);
      await settle(batch.slice(0, half));
      await settle(batch.slice(half));
      return;
    }
    results.forEach((result, k) => {
      const w = batch[k]!;
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await settle(queue.splice(0, maxBatch));
    } finally {
      running = false;
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) {
        running = true;
        // After this turn of the event loop: the requests whose data has arrived meanwhile
        // reach this point too and join the batch. (PGlite runs its queries synchronously, so
        // without this wait nothing would ever be batched.)
        setImmediate(() => void drain());
      }
    });
}

/**
 * `batched` once per database (or enclosing transaction): calls on the same `db` are batched
 * together, calls on different ones never are.
 */
export function batchedPerDb<I, O>(
  run: (db: Db, items: I[]) => Promise<Array<O | Error>>,
  options: BatchOptions = {}
): (db: Db, item: I) => Promise<O> {
  const perDb = new WeakMap<Db, (item: I) => Promise<O>>();
  return (db, item) => {
    let call = perDb.get(db);
    if (!call) {
      call = batched((items: I[]) => run(db, items), options);
      perDb.set(db, call);
    }
    return call(item);
  };
}
