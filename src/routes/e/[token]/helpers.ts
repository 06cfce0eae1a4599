/**
 * Small pure helpers of the expert's page: ids for submissions, how many more pairs a node
 * needs before it has weights, how long the survey takes, and a timeout for its requests.
 */
import type { DraftValue } from '$lib/survey';

/**
 * A new submission id (UUID v4). crypto.randomUUID exists only in secure contexts (https or
 * localhost); a cooperative's intranet may serve Pairwise over plain http, where
 * crypto.getRandomValues still works.
 */
export function newSubmissionId(
  cryptoImpl: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto
): string {
  if (typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID();
  const b = cryptoImpl.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The fewest further pairs that would connect all `n` elements of a node: the number of
 * connected components of the answered pairs, minus one. "No opinion" connects nothing (the
 * engine needs a path of real judgments between every two elements to fill it in).
 */
export function pairsToConnect(
  n: number,
  pairs: ReadonlyArray<readonly [number, number]>,
  values: readonly DraftValue[]
): number {
  const parent = Array.from({ length: n }, (_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  let components = n;
  pairs.forEach(([i, j], k) => {
    if (typeof values[k] !== 'number') return;
    const a = root(i);
    const b = root(j);
    if (a !== b) {
      parent[a] = b;
      components--;
    }
  });
  return components - 1;
}

/** About ten seconds a comparison, in whole minutes (at least one). */
export function minutesFor(comparisons: number, secondsEach = 10): number {
  return Math.max(1, Math.ceil((comparisons * secondsEach) / 60));
}

/** An abort signal after `ms` (undefined on browsers without AbortSignal.timeout). */
export function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
}
