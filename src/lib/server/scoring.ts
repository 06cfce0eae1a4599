/**
 * Scoring for production over HTTP (`POST /api/weight-sets/ID/score`): the rate limit, and the
 * saved weight sets verified once per process (a snapshot never changes, so neither does its
 * verdict). The scoring itself is the library's (src/lib/weights/score-batch.ts).
 */
import { verifyWeightSet, type WeightSet } from '../weights';
import type { Db } from './db';
import { hit, type RateLimitResult } from './rate-limit';

/** Requests a minute to one weight set, from all clients together (PAIRWISE_SCORE_RATE_LIMIT). */
export const SCORE_RATE_LIMIT = 6000;
const WINDOW_SECONDS = 60;

/**
 * The score endpoint's limit per weight set and minute: PAIRWISE_SCORE_RATE_LIMIT when it is a
 * positive integer, else SCORE_RATE_LIMIT.
 * @throws Error for a value that is set but not a positive integer (the server must not guess)
 */
export function scoreRateLimit(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PAIRWISE_SCORE_RATE_LIMIT?.trim();
  if (!raw) return SCORE_RATE_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || !/^\d+$/.test(raw))
    throw new Error(
      `PAIRWISE_SCORE_RATE_LIMIT must be a positive whole number of requests a minute, got '${raw}'`
    );
  return n;
}

/** Counts one scoring request against the weight set's budget. */
export function hitScoreLimit(
  db: Db,
  weightSetId: string,
  limit: number
): Promise<RateLimitResult> {
  return hit(db, `score:ws:${weightSetId}`, limit, WINDOW_SECONDS);
}

const verified = new Map<string, Promise<string | null>>();
const MAX_CACHED = 256;

/**
 * Whether a saved weight set passes verifyWeightSet (schema, hash, tree, sums, bands): null when
 * it does, else the reason. Remembered per id and hash for the life of the process.
 */
export function verdictOf(id: string, ws: WeightSet): Promise<string | null> {
  const key = `${id}:${ws.hash?.value}`;
  let verdict = verified.get(key);
  if (!verdict) {
    if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value!);
    verdict = verifyWeightSet(ws).then((r) =>
      r.ok ? null : `${r.error.stage} check failed: ${r.error.message}`
    );
    verified.set(key, verdict);
  }
  return verdict;
}
