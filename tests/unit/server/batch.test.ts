/** Batching of concurrent calls (src/lib/server/batch.ts), without a database. */
import { describe, expect, it } from 'vitest';
import { batched } from '../../../src/lib/server/batch';
import { isStatementError } from '../../../src/lib/server/errors';

/** A runner that records its batches and doubles each number; "bad" items get their own Error. */
function recorder(options: { failWhole?: (items: number[]) => boolean } = {}) {
  const batches: number[][] = [];
  const run = async (items: number[]) => {
    batches.push([...items]);
    await new Promise((r) => setTimeout(r, 5));
    if (options.failWhole?.(items)) throw new Error(`batch of ${items.length} refused`);
    return items.map((x) => (x < 0 ? new Error(`item ${x} refused`) : 2 * x));
  };
  return { batches, run };
}

describe('batched', () => {
  it('a call alone is run alone, at once', async () => {
    const { batches, run } = recorder();
    const call = batched(run);
    expect(await call(3)).toBe(6);
    expect(batches).toEqual([[3]]);
  });

  it('calls made together go in one batch, each gets its own result', async () => {
    const { batches, run } = recorder();
    const call = batched(run);
    expect(await Promise.all([1, 2, 3, 4].map(call))).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('calls that arrive while a batch runs wait and go together in the next', async () => {
    const { batches, run } = recorder();
    const call = batched(run);
    const first = call(1);
    // Let the first batch start, then send three more while it runs.
    await new Promise((r) => setTimeout(r, 1));
    const later = [2, 3, 4].map(call);
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('at most maxBatch items a batch, in arrival order', async () => {
    const { batches, run } = recorder();
    const call = batched(run, { maxBatch: 3 });
    const items = [1, 2, 3, 4, 5, 6, 7];
    expect(await Promise.all(items.map(call))).toEqual(items.map((x) => 2 * x));
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("an item's own error rejects that call only", async () => {
    const { run } = recorder();
    const call = batched(run);
    const outcomes = await Promise.allSettled([1, -2, 3].map(call));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual([
      2,
      'Error: item -2 refused',
      6
    ]);
  });

  it('a batch that fails as a whole is split in halves: one poisoned item fails alone', async () => {
    // The runner refuses any batch that contains 13 (as a database refuses a transaction).
    const { batches, run } = recorder({ failWhole: (items) => items.includes(13) });
    const call = batched(run);
    const outcomes = await Promise.allSettled([1, 13, 3].map(call));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual([
      2,
      'Error: batch of 1 refused',
      6
    ]);
    expect(batches).toEqual([[1, 13, 3], [1, 13], [1], [13], [3]]);
  });

  it('one poisoned item in a full batch of 64 costs 12 more statements, not 64, and no other item', async () => {
    // Issue 9: with item-by-item retries one bad client in 50 cost 35% of the good submissions.
    const items = Array.from({ length: 64 }, (_, k) => k + 100);
    const poisoned = items[37]!;
    const { batches, run } = recorder({ failWhole: (batch) => batch.includes(poisoned) });
    const call = batched(run);
    const outcomes = await Promise.allSettled(items.map(call));
    const refused = outcomes.flatMap((o, k) => (o.status === 'rejected' ? [items[k]] : []));
    expect(refused).toEqual([poisoned]);
    // Halving by hand: [0-63] [0-31] [32-63] [32-47] [32-39] [32-35] [36-39] [36-37] [36] [37]
    // [38-39] [40-47] [48-63]: 13 statements, 1 + 2 log2(64).
    expect(batches.map((b) => b.length)).toEqual([64, 32, 32, 16, 8, 4, 4, 2, 1, 1, 2, 8, 16]);
  });

  it('a failure that is not about the items (the database unreachable) fails the batch at once', async () => {
    const { batches, run } = recorder({ failWhole: () => true });
    const call = batched(run, { retryAlone: (e) => !String(e).includes('refused') });
    const outcomes = await Promise.allSettled([1, 2, 3].map(call));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('a runner that answers with the wrong number of results fails loudly, not silently', async () => {
    const call = batched(async (items: number[]) => items.slice(1));
    await expect(call(1)).rejects.toThrow('0 results for 1 items');
  });
});

describe('isStatementError: which failed batches the stores split and retry', () => {
  const withState = (code: string) => Object.assign(new Error('db'), { code });
  it('yes for what the database said about the statement; no for a lost connection or none', () => {
    expect(isStatementError(withState('40P01'))).toBe(true); // deadlock detected
    expect(isStatementError(withState('22P02'))).toBe(true); // invalid text representation
    expect(isStatementError(withState('23505'))).toBe(true); // unique violation
    expect(isStatementError(withState('08006'))).toBe(false); // connection failure
    expect(isStatementError(withState('57P01'))).toBe(false); // admin shutdown
    expect(isStatementError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
    expect(isStatementError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
  });
});
