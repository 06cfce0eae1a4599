/**
 * Scoring for production over HTTP (`POST /api/weight-sets/ID/score`): the rate limit, and the
 * saved weight sets read and verified once per process (a snapshot never changes, so neither
 * does its verdict). The scoring itself is the library's (src/lib/weights/score-batch.ts).
 */
import { verifyWeightSet, type WeightSet } from '../weights';
import type { Db } from './db';
import { hit, type RateLimitResult } from './rate-limit';
import { hashesEqual, hashToken, isWellFormedId, isWellFormedToken } from './tokens';
import { getWeightSetByReadToken } from './weight-sets';

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

interface Prepared {
  id: string;
  document: WeightSet;
  /** null when the set passes verifyWeightSet, else why not. */
  refused: string | null;
}

const prepared = new Map<string, Promise<Prepared>>();
const MAX_CACHED = 256;

/**
 * A saved weight set for scoring, by id and read token together (null when either is wrong, as
 * getWeightSetByReadToken), with its verifyWeightSet verdict (schema, hash, tree, sums, bands).
 * A snapshot never changes, so the document and its verdict are kept per id for the life of the
 * process; later requests check only the token (its hash, compared in constant time), which
 * spares reading and parsing the document each time.
 */
export async function weightSetForScoring(
  db: Db,
  id: string,
  token: string
): Promise<Prepared | null> {
  if (!isWellFormedId(id) || !isWellFormedToken(token)) return null;
  const cached = prepared.get(id);
  if (cached) {
    const hash = hashToken(token);
    const [row] = await db.query<{ read_token_hash: Uint8Array }>(
      `SELECT read_token_hash FROM weight_sets WHERE read_token_hash = $1 AND id = $2`,
      [hash, id]
    );
    return row && hashesEqual(row.read_token_hash, hash) ? cached : null;
  }
  const stored = await getWeightSetByReadToken(db, id, token);
  return stored ? prepare(id, stored.document) : null;
}

/**
 * A saved weight set for scoring by id alone, for a caller that checked the right to it another
 * way (the `current` alias: the read token of one of the survey's sets); null for no such set.
 */
export async function weightSetForScoringById(db: Db, id: string): Promise<Prepared | null> {
  const cached = prepared.get(id);
  if (cached) return cached;
  const [row] = await db.query<{ document: WeightSet }>(
    `SELECT document FROM weight_sets WHERE id = $1`,
    [id]
  );
  return row ? prepare(id, row.document) : null;
}

function prepare(id: string, document: WeightSet): Promise<Prepared> {
  const entry = verifyWeightSet(document).then((r) => ({
    id,
    document,
    refused: r.ok ? null : `${r.error.stage} check failed: ${r.error.message}`
  }));
  if (prepared.size >= MAX_CACHED) prepared.delete(prepared.keys().next().value!);
  prepared.set(id, entry);
  return entry;
}
