/**
 * Rate limits counted in the database, so that every app process behind a load balancer shares
 * them. Hits are counted per fixed window (aligned to the Unix epoch) with one upsert on
 * (key, window_start): PostgreSQL's row lock makes the increment atomic across processes and
 * connections. The decision uses the sliding-window estimate
 *
 *   estimate = hits in this window + hits in the previous window x (1 - elapsed / window)
 *
 * so that a burst at a window boundary doesn't get twice the limit through.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db';

export interface RateLimitResult {
  /** Whether this hit is within the limit. */
  allowed: boolean;
  /** Hits counted in the current window, this one included (refused hits count too). */
  hits: number;
  /** Seconds to wait before a hit would be allowed (0 when allowed): send as `Retry-After`. */
  retryAfter: number;
}

/** Longest window; counters older than two of these are pruned. */
export const MAX_WINDOW_SECONDS = 86_400;

/**
 * Counts one hit against `key` and says whether it is within `limit` hits per `windowSeconds`.
 * Refused hits are counted too, so a client that keeps hammering stays refused.
 * @throws RangeError when limit or windowSeconds is not a positive integer (window at most
 *   MAX_WINDOW_SECONDS)
 */
export async function hit(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number
): Promise<RateLimitResult> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`hit: limit must be a positive integer, got ${limit}`);
  }
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    throw new RangeError(
      `hit: windowSeconds must be an integer from 1 to ${MAX_WINDOW_SECONDS}, got ${windowSeconds}`
    );
  }
  // The previous window's row is read in the same statement; the CTE's own insert is not
  // visible to it, which is fine: it is a different window.
  const [row] = await db.query<{ hits: number; previous: number; elapsed: number }>(
    `WITH t AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now),
     w AS (SELECT to_timestamp(floor(t.now / $2::int) * $2::int) AS start,
                  t.now - floor(t.now / $2::int) * $2::int AS elapsed FROM t),
     cur AS (
       INSERT INTO rate_limits AS r (key, window_start, hits)
       SELECT $1, w.start, 1 FROM w
       ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1
       RETURNING r.hits, r.window_start
     )
     SELECT cur.hits, coalesce(p.hits, 0) AS previous, w.elapsed
     FROM cur CROSS JOIN w
     LEFT JOIN rate_limits p
       ON p.key = $1 AND p.window_start = cur.window_start - make_interval(secs => $2::int)`,
    [key, windowSeconds]
  );
  if (!row) throw new Error('hit: the upsert returned no row');
  // Now and then, drop counters of windows long gone (an index on window_start keeps it cheap).
  if (Math.random() < 1 / 200) await pruneRateLimits(db);

  const w = windowSeconds;
  const elapsed = Math.min(Math.max(row.elapsed, 0), w);
  const estimate = row.hits + row.previous * (1 - elapsed / w);
  if (estimate <= limit) return { allowed: true, hits: row.hits, retryAfter: 0 };
  // When would one more hit fit? Later in this window, once the previous window's share has
  // decayed enough; or else in the next window, once this one's share has.
  let wait: number;
  if (row.hits + 1 <= limit && row.previous > 0) {
    wait = w * (1 - (limit - row.hits - 1) / row.previous) - elapsed;
  } else {
    wait = w - elapsed + Math.max(0, w * (1 - (limit - 1) / row.hits));
  }
  return { allowed: false, hits: row.hits, retryAfter: Math.max(1, Math.ceil(wait)) };
}

/** Deletes counters of windows that ended long ago (two MAX_WINDOW_SECONDS). */
export async function pruneRateLimits(db: Db): Promise<void> {
  await db.query(
    `DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => $1::int)`,
    [2 * MAX_WINDOW_SECONDS]
  );
}

/**
 * A rate-limit key for a client identifier (an IP address, say): hashed, so that the table
 * holds no addresses.
 */
export function clientKeyHash(clientKey: string): string {
  return createHash('sha256').update(clientKey, 'utf8').digest('base64url').slice(0, 22);
}
