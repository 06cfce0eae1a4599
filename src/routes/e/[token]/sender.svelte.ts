/**
 * Submission and retry on the expert's page: a submission goes into the outbox first (the device
 * store's, or memory when the device store refuses it), then to the server; the outbox is sent
 * again on load, when the network returns, every RETRY_MS while something waits, and, after the
 * server's Retry-After, not sooner. The server stores a submission once, however often it
 * arrives.
 */
import {
  DraftStore,
  flushOutbox,
  postSubmission,
  retryDelay,
  type OutboxItem,
  type SendOutcome
} from '$lib/drafts';
import type { Submission } from '$lib/survey';
import type { Sending } from './answers.svelte';
import { timeoutSignal } from './helpers';

/** Send the outbox again this often while something waits. */
export const RETRY_MS = 10_000;
/** A fetch on a poor connection may hang: give up on it after this long. */
export const FETCH_TIMEOUT_MS = 20_000;

/** What the sender tells the page. */
export interface SenderHooks {
  /** The device store refused (the page says "not saved on this device"). */
  storageFailed(error: string): void;
  /** After each pass: the newest submission of this link, as it stands now. */
  settled(newest: OutboxItem | undefined): void;
}

export class Sender {
  readonly #key: string;
  readonly #store: DraftStore;
  readonly #fetch: typeof fetch;
  readonly #hooks: SenderHooks;

  /** How the newest submission of this device stands. */
  sending: Sending = $state.raw({ kind: 'none' });

  #flushing = false;
  #flushAgain = false;
  /** Not sent again before this (ms since the epoch): the server's Retry-After. */
  #notBefore = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Submissions kept in memory when the device store refuses them (private mode, quota). */
  #memory: OutboxItem[] = [];

  constructor(key: string, store: DraftStore, fetcher: typeof fetch, hooks: SenderHooks) {
    this.#key = key;
    this.#store = store;
    this.#fetch = fetcher;
    this.#hooks = hooks;
  }

  /** Puts a submission in the outbox (in memory when the device store refuses it). */
  async queue(submission: Submission): Promise<void> {
    const queued = await this.#store.enqueue(this.#key, submission);
    if (!queued.ok) {
      this.#hooks.storageFailed(queued.error);
      this.#memory.push({
        submissionId: submission.submissionId,
        key: this.#key,
        submission,
        createdAt: Date.now(),
        attempts: 0,
        receipt: null,
        refused: null,
        lastError: null
      });
    }
    this.sending = { kind: 'waiting' };
  }

  /**
   * Sends whatever waits in the outbox (the device store's, and any kept in memory); while the
   * server's Retry-After runs, only schedules the send for when it has passed.
   */
  async send(): Promise<void> {
    const wait = this.#notBefore - Date.now();
    if (wait > 0) {
      this.#retryAt(wait);
      return;
    }
    if (this.#flushing) {
      this.#flushAgain = true;
      return;
    }
    this.#flushing = true;
    try {
      do {
        this.#flushAgain = false;
        await this.#flushOnce();
      } while (this.#flushAgain);
    } finally {
      this.#flushing = false;
    }
  }

  /**
   * Shows how the outbox stands, without sending: on load, before the server is asked, so that
   * the page never calls an older submission sent while a newer one waits.
   */
  async look(): Promise<void> {
    const listed = await this.#store.items(this.#key);
    if (listed.ok) this.#show(listed.value);
  }

  /** The newest submission of this link (of the device store's `stored` and memory's), shown. */
  #show(stored: OutboxItem[]): OutboxItem | undefined {
    const newest = [...stored, ...this.#memory].sort((a, b) => a.createdAt - b.createdAt).at(-1);
    this.sending = !newest
      ? { kind: 'none' }
      : newest.receipt
        ? { kind: 'sent', receipt: newest.receipt }
        : newest.refused
          ? {
              kind: 'refused',
              message: newest.refused,
              code: newest.refusedCode ?? null,
              round: newest.submission.round
            }
          : { kind: 'waiting' };
    return newest;
  }

  /** Stops the timer of a scheduled send (the page goes away). */
  stop(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #retryAt(ms: number): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.send();
    }, ms);
  }

  async #flushOnce(): Promise<void> {
    const url = `/api/e/${encodeURIComponent(this.#key)}/submissions`;
    const send = (item: OutboxItem): Promise<SendOutcome> =>
      postSubmission(url, item, (input, init) =>
        this.#fetch(input, { ...init, signal: timeoutSignal(FETCH_TIMEOUT_MS) })
      );
    const flushed = await flushOutbox(this.#store, this.#key, send);
    if (flushed.storageError) this.#hooks.storageFailed(flushed.storageError);
    let retryAfterMs = flushed.retryAfterMs;
    const listed = await this.#store.items(this.#key);
    const stored = listed.ok ? listed.value : [];
    for (const item of this.#memory) {
      if (item.receipt || item.refused) continue;
      const outcome = await send(item);
      item.attempts++;
      if (outcome.kind === 'sent') item.receipt = outcome.receipt;
      else if (outcome.kind === 'refused') {
        item.refused = outcome.message;
        item.refusedCode = outcome.code;
      } else {
        retryAfterMs ??= outcome.retryAfterMs;
        break;
      }
    }
    if (retryAfterMs !== null) {
      // The server said when (a 503 while its database restarts, a 429): then, not sooner, and
      // not only at the next RETRY_MS tick.
      const delay = retryDelay(retryAfterMs);
      this.#notBefore = Date.now() + delay;
      this.#retryAt(delay);
    }
    const newest = this.#show(stored);
    this.#hooks.settled(newest);
  }
}
