/**
 * Two app processes on one PostgreSQL, as far as storage goes: two separate pools, each batching
 * its own submissions (group commit). Batches of the two touch the same experts in different
 * orders; rows must be locked in one order, or PostgreSQL would find deadlocks between them
 * (after its deadlock_timeout, a second each) and abort one of the batches.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import { openDb, type Db } from '../../../src/lib/server/db';
import { submit } from '../../../src/lib/server/responses';
import { freshPostgresUrl } from '../../support/backends';
import { CONSISTENCY, submission, surveyWithExperts } from './fixtures';

/** A Fisher-Yates shuffle of a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

describe('group commit from two processes on PostgreSQL', () => {
  let url = '';
  const pools: Db[] = [];
  beforeAll(async () => {
    url = await freshPostgresUrl();
    pools.push(await openDb({ kind: 'postgres', url, poolSize: 4 }));
    pools.push(await openDb({ kind: 'postgres', url, poolSize: 4, migrate: false }));
  }, 60_000);
  afterAll(async () => {
    for (const db of pools.splice(0)) await db.close();
  });

  async function deadlocks(db: Db): Promise<number> {
    // PostgreSQL's own count of the deadlocks it found (and broke) in this database.
    const [row] = await db.query<{ n: number }>(
      'SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()'
    );
    return row?.n ?? -1;
  }

  it('batches over the same experts in different orders: all stored once, no deadlock', async () => {
    const [one, two] = pools as [Db, Db];
    const { experts } = await surveyWithExperts(one, 12);
    const ids = experts.map((x) => x.expert.id);
    const before = await deadlocks(one);
    const sent: string[] = [];
    const random = seededRandom(7);
    for (let round = 0; round < 40; round++) {
      const calls = [
        ...shuffled(ids, random).map((id) => ({ db: one, id })),
        ...shuffled(ids, random).map((id) => ({ db: two, id }))
      ].map(({ db, id }) => {
        const input = submission({ submissionId: randomUUID() });
        sent.push(input.submissionId);
        return submit(db, id, input, CONSISTENCY);
      });
      const receipts = await Promise.all(calls);
      expect(receipts.every((r) => !r.duplicate)).toBe(true);
    }
    const [stored] = await one.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT submission_id)::int AS distinct FROM submissions'
    );
    expect(stored).toEqual({ n: sent.length, distinct: sent.length });
    // Backends report their statistics at most once a second, when idle: wait, wake them, wait.
    await new Promise((r) => setTimeout(r, 1500));
    await one.query('SELECT 1');
    await two.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 600));
    expect(await deadlocks(one)).toBe(before);
  }, 120_000);
});
