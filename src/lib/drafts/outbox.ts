/**
 * Sending the outbox: every submission waiting on this device is posted until the server
 * acknowledges it. The server stores a submission once per submissionId, so sending again after
 * a lost answer is safe. A refusal (4xx other than 408 and 429) is kept with its reason; a
 * network failure or a 5xx is tried again later.
 */
import { errorMessageOf } from '../json';
import type { DraftStore, OutboxItem, Receipt } from './store';

/** What one attempt to send gave. */
export type SendOutcome =
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'refused'; message: string; code: string | null }
  | { kind: 'retry'; message: string };

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
    return { kind: 'retry', message: e instanceof Error ? e.message : String(e) };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // a proxy's HTML error page, or an empty body
  }
  if (response.ok && body && typeof body === 'object' && 'submissionId' in body) {
    return { kind: 'sent', receipt: body as Receipt };
  }
  const message = errorMessageOf(body, response.status);
  if (
    response.status >= 400 &&
    response.status < 500 &&
    response.status !== 408 &&
    response.status !== 429
  ) {
    const code = body && typeof body === 'object' && 'code' in body ? String(body.code) : null;
    return { kind: 'refused', message, code };
  }
  return { kind: 'retry', message };
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
  if (!listed.ok) return { waiting: 0, lastReceipt: null, refused: [], storageError: listed.error };
  let offline = false;
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
      await store.update(item.submissionId, { attempts, lastError: outcome.message });
    }
  }
  return summarise(listed.value);
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
    storageError: null
  };
}
