/** Rate limits counted in the database: atomic, shared by every process on one PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/lib/server/db';
import { joinByOpenLink } from '../../../src/lib/server/experts';
import { clientKeyHash, hit, pruneRateLimits } from '../../../src/lib/server/rate-limit';
import { setOpenLink } from '../../../src/lib/server/surveys';
import { newId } from '../../../src/lib/server/tokens';
import { BACKENDS, freshPostgresUrl, useDb } from '../../support/backends';
import { expectStoreError, surveyWithExperts } from './fixtures';

// Long windows: a test never straddles a boundary (and the sliding estimate would carry the
// count over one anyway).
const DAY = 86_400;

describe.each(BACKENDS)('rate limits on $name', (backend) => {
  const db = useDb(backend);

  it('allows `limit` hits a window, then refuses with a Retry-After', async () => {
    const key = `test:${newId()}`;
    for (let k = 1; k <= 3; k++) {
      expect(await hit(db(), key, 3, DAY)).toEqual({ allowed: true, hits: k, retryAfter: 0 });
    }
    const refused = await hit(db(), key, 3, DAY);
    expect(refused.allowed).toBe(false);
    expect(refused.hits).toBe(4);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(2 * DAY);
    // Other keys are counted apart.
    expect((await hit(db(), `test:${newId()}`, 3, DAY)).allowed).toBe(true);
  });

  it('concurrent hits: exactly `limit` are allowed', async () => {
    const key = `test:${newId()}`;
    const results = await Promise.all(Array.from({ length: 40 }, () => hit(db(), key, 10, DAY)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, k) => k + 1)
    );
  });

  it('the previous window still counts, decaying (sliding estimate)', async () => {
    const key = `test:${newId()}`;
    // 10 hits in the previous one-day window: early in this window, a limit of 10 is spent.
    await db().query(
      `INSERT INTO rate_limits (key, window_start, hits)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now())::float8 / $2::int) * $2::int - $2::int), 10)`,
      [key, DAY]
    );
    const [row] = await db().query<{ elapsed: number }>(
      `SELECT (extract(epoch FROM now())::float8 - floor(extract(epoch FROM now())::float8 / $1::int) * $1::int) AS elapsed`,
      [DAY]
    );
    const fractionLeft = 1 - row!.elapsed / DAY;
    const r = await hit(db(), key, 10, DAY);
    // 1 + 10 * fractionLeft <= 10 unless fractionLeft > 0.9 (the first 2.4 h of a UTC day).
    expect(r.allowed).toBe(1 + 10 * fractionLeft <= 10);
  });

  it('rejects nonsense limits', async () => {
    await expect(hit(db(), 'k', 0, 60)).rejects.toThrow(RangeError);
    await expect(hit(db(), 'k', 1.5, 60)).rejects.toThrow(RangeError);
    await expect(hit(db(), 'k', 5, 0)).rejects.toThrow(RangeError);
    await expect(hit(db(), 'k', 5, DAY + 1)).rejects.toThrow(RangeError);
  });

  it('pruneRateLimits drops counters of long-gone windows only', async () => {
    const key = `test:${newId()}`;
    await db().query(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, now() - interval '3 days', 7)`,
      [key]
    );
    await hit(db(), key, 5, 60);
    await pruneRateLimits(db());
    const rows = await db().query<{ hits: number }>('SELECT hits FROM rate_limits WHERE key = $1', [
      key
    ]);
    expect(rows).toEqual([{ hits: 1 }]);
  });

  it('client keys are hashed', () => {
    expect(clientKeyHash('203.0.113.9')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clientKeyHash('203.0.113.9')).not.toBe(clientKeyHash('203.0.113.10'));
  });
});

describe('rate limits shared by two app processes on one PostgreSQL', () => {
  it('hits through two Db instances count together', async () => {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([
      openDb({ kind: 'postgres', url, poolSize: 4 }),
      openDb({ kind: 'postgres', url, poolSize: 4 })
    ]);
    try {
      const key = `test:${newId()}`;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, k) => hit(k % 2 ? a : b, key, 7, DAY))
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(7);

      // The open link's limits: 3 joins from one client, spread over both processes.
      const { survey } = await surveyWithExperts(a, 0);
      const { token } = await setOpenLink(a, survey.id, true);
      const limits = { perSurvey: 100, perClient: 3, windowSeconds: DAY };
      await joinByOpenLink(a, token, 'One', '198.51.100.4', limits);
      await joinByOpenLink(b, token, 'Two', '198.51.100.4', limits);
      await joinByOpenLink(a, token, 'Three', '198.51.100.4', limits);
      await expectStoreError(
        joinByOpenLink(b, token, 'Four', '198.51.100.4', limits),
        'rate_limited',
        429
      );
      await joinByOpenLink(b, token, 'Other client', '198.51.100.5', limits);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
