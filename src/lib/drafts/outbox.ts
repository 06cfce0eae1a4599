/**
 * Sending the outbox: every submission waiting on this device is posted until the server
 * acknowledges it. The server stores a submission once per submissionId, so sending again after
 * a lost answer is safe (a 503 during a database restart may come after the COMMIT: the resend
 * gets the original receipt). A refusal (4xx other than 408 and 429) is kept with its reason; a
 * network failure, a 408, a 429 or a 5xx (502, 503, 504 from a proxy or the app) is tried again
 * later, not before the server's Retry-After.
 */
import { errorMessageOf } from '../json';
import type { DraftStore, OutboxItem, Receipt } from './store';

/** What one attempt to send gave. */
export type SendOutcome =
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'refused'; message: string; code: string | null }
  | { kind: 'retry'; message: string; retryAfterMs: number | null };

export type Sender = (item: OutboxItem) => Promise<SendOutcome>;

/**
 * Posts a submission as JSON to `url` and classifies the answer.
 */
export async function postSubmission(
  url: string,
  item: OutboxItem,
  fetcher: typeof fetch = fetch
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(item.submission)
    });
  } catch (e) {
    return {
      kind: 'retry',
      message: e instanceof Error ? e.message : String(e),
      retryAfterMs: null
    };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // a proxy's HTML error page, or an empty body
  }
  const receipt = response.ok ? receiptOf(body, item.submissionId) : null;
  if (receipt) return { kind: 'sent', receipt };
  const message = errorMessageOf(body, response.status);
  if (
    response.status >= 400 &&
    response.status < 500 &&
    response.status !== 408 &&
    response.status !== 429
  ) {
    const code = body && typeof body === 'object' && 'code' in body ? String(body.code) : null;
    // A proxy's 413 is an HTML page without a code: the page says it as the app's own.
    return {
      kind: 'refused',
      message,
      code: code ?? (response.status === 413 ? 'too_large' : null)
    };
  }
  return {
    kind: 'retry',
    message,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after'))
  };
}

/**
 * The receipt in a 2xx body: the server's acknowledgement of this very submission, with the time
 * it was received. Anything else (a captive portal's page, a body cut off or garbled on the way, a
 * receipt for another id) is no proof that it was stored: null, and the submission is sent again
 * (the server finds it if it was stored, and answers with the original receipt).
 */
export function receiptOf(body: unknown, submissionId: string): Receipt | null {
  if (!body || typeof body !== 'object') return null;
  const { submissionId: id, receivedAt, duplicate } = body as Record<string, unknown>;
  if (typeof id !== 'string' || id.toLowerCase() !== submissionId.toLowerCase()) return null;
  if (typeof receivedAt !== 'string' || Number.isNaN(Date.parse(receivedAt))) return null;
  return { submissionId: id, receivedAt, duplicate: duplicate === true };
}

/** A Retry-After longer than this (a misconfigured proxy) is taken as this. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The wait a Retry-After header asks for, in ms: delay-seconds or an HTTP date (RFC 9110
 * section 10.2.3), at most MAX_RETRY_AFTER_MS; null when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  const value = header?.trim();
  if (!value) return null;
  // An HTTP date names its weekday ("Sun, 06 Nov 1994 08:49:37 GMT"); "-5" is no date here.
  const ms = /^\d+$/.test(value)
    ? Number(value) * 1000
    : /^[A-Za-z]{3}/.test(value)
      ? Date.parse(value) - now
      : Number.NaN;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null;
}

/**
 * When to try again after a Retry-After of `ms`: that, plus up to half of it again at random, so
 * that the devices turned away together by one outage don't all come back in the same instant.
 */
export function retryDelay(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + random() / 2));
}

/** How the outbox of one invitation stands after a flush. */
export interface OutboxState {
  /** Items still waiting to be acknowledged. */
  waiting: number;
  /** The newest acknowledged receipt, if any. */
  lastReceipt: Receipt | null;
  /** Refusals, with the server's reasons. */
  refused: Array<{ submissionId: string; message: string }>;
  /** Why the device store failed, if it did. */
  storageError: string | null;
  /** The server's Retry-After (ms) from the failure that stopped this flush, if it gave one. */
  retryAfterMs: number | null;
}

/**
 * Sends every unacknowledged item of `key`, oldest first, and records each outcome.
 * Stops at the first retryable failure (the network is probably down).
 */
export async function flushOutbox(
  store: DraftStore,
  key: string,
  send: Sender
): Promise<OutboxState> {
  const listed = await store.items(key);
  if (!listed.ok)
    return {
      waiting: 0,
      lastReceipt: null,
      refused: [],
      storageError: listed.error,
      retryAfterMs: null
    };
  let offline = false;
  let retryAfter: number | null = null;
  for (const item of listed.value) {
    if (item.receipt || item.refused || offline) continue;
    const outcome = await send(item);
    const attempts = item.attempts + 1;
    if (outcome.kind === 'sent') {
      item.receipt = outcome.receipt;
      await store.update(item.submissionId, {
        receipt: outcome.receipt,
        attempts,
        lastError: null
      });
    } else if (outcome.kind === 'refused') {
      item.refused = outcome.message;
      item.refusedCode = outcome.code;
      await store.update(item.submissionId, {
        refused: outcome.message,
        refusedCode: outcome.code,
        attempts
      });
    } else {
      offline = true;
      retryAfter = outcome.retryAfterMs;
      await store.update(item.submissionId, { attempts, lastError: outcome.message });
    }
  }
  return { ...summarise(listed.value), retryAfterMs: retryAfter };
}

/** The state of an outbox from its items. */
export function summarise(items: OutboxItem[]): OutboxState {
  const sent = items.filter((i) => i.receipt);
  return {
    waiting: items.filter((i) => !i.receipt && !i.refused).length,
    lastReceipt: sent.length > 0 ? sent[sent.length - 1]!.receipt : null,
    refused: items
      .filter((i) => i.refused)
      .map((i) => ({ submissionId: i.submissionId, message: i.refused! })),
    storageError: null,
    retryAfterMs: null
  };
}
