/**
 * The state of an expert's survey page: the survey, every judgment, where the expert is, and
 * how the answers stand (saved on this device, waiting to send, sent).
 *
 * Offline first: the draft in the device store (IndexedDB) is restored before anything else, and it
 * holds a copy of the survey, so the page works without the API. Every change is written at once
 * to a synchronous journal (localStorage, see $lib/drafts/journal.ts), so a reload right after a
 * tap keeps it, and saved to the device store within about 300 ms (and at once when the page is
 * hidden); the state line says "saved" only once that save has committed and nothing newer waits. A submission goes into the outbox first,
 * then to the server; the outbox is sent again on load, when the network returns and every
 * 10 s while something waits. The server stores a submission once, however often it arrives.
 */
import { tick, untrack } from 'svelte';
import * as v from 'valibot';
import { isOnSaatyScale } from '$lib/ahp';
import { errorMessageOf } from '$lib/json';
import {
  DraftJournal,
  DraftStore,
  flushOutbox,
  postSubmission,
  retryAfterMs,
  retryDelay,
  type Draft,
  type DraftStep,
  type JournalEntry,
  type OutboxItem,
  type Receipt,
  type SendOutcome
} from '$lib/drafts';
import {
  askedGroupsOf,
  draftToJudgments,
  nodeProgress,
  reasonProblem,
  reasonsToSend,
  typedReasons,
  type Comparison,
  type DraftValue,
  type NodeProgress,
  type SurveySettings
} from '$lib/survey';
import { expertViewSchema, type ExpertView } from '../../api/e/[token]/view';
import { newSubmissionId } from './helpers';

/** Why the page can't show the survey. */
export type Problem =
  | { kind: 'not-found'; message: string }
  | { kind: 'not-open'; message: string }
  | { kind: 'offline' }
  /** The server's database is away for a moment (503): tried again after its Retry-After. */
  | { kind: 'unavailable' }
  | { kind: 'failed'; message: string };

/** How the newest submission of this device stands. */
export type Sending =
  | { kind: 'none' }
  | { kind: 'waiting' }
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'refused'; message: string; code: string | null; round?: number | undefined };

/** What the always-visible state line says. */
export type StateLine =
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'unavailable' }
  | { kind: 'waiting'; offline: boolean }
  | { kind: 'sent'; at: string }
  | { kind: 'refused'; message: string; code: string | null; round?: number | undefined };

/** Save at most this long after a change (the issue asks for within a second). */
const SAVE_DELAY_MS = 300;
/** Send the outbox again this often while something waits. */
const RETRY_MS = 10_000;
/** A fetch on a poor connection may hang: give up on it after this long. */
const FETCH_TIMEOUT_MS = 20_000;

/** One group's answers (a node's children, or a leaf's levels), with its live weights and CR. */
export class NodeAnswers {
  readonly comparison: Comparison;
  values: DraftValue[];
  settings: SurveySettings;
  readonly answered: number;
  /** Weights, CR and suggestions, recomputed when this node's values (or the settings) change. */
  readonly progress: NodeProgress;

  constructor(comparison: Comparison, settings: SurveySettings, values: DraftValue[]) {
    this.comparison = comparison;
    this.settings = $state.raw(settings);
    this.values = $state(values);
    this.answered = $derived(this.values.filter((x) => x !== null).length);
    this.progress = $derived(nodeProgress(this.values, this.settings));
  }

  get id(): string {
    return this.comparison.node.id;
  }

  get total(): number {
    return this.comparison.pairs.length;
  }
}

/** What the page needs from the outside world; tests give their own. */
export interface Environment {
  store: DraftStore;
  /** The synchronous journal of unsaved changes (localStorage). */
  journal: DraftJournal;
  fetch: typeof fetch;
  /** Window events (online, offline, pagehide, visibilitychange); null where there is none. */
  window: Window | null;
}

export class ExpertSurvey {
  readonly token: string;
  readonly #env: Environment;

  problem: Problem | null = $state.raw(null);
  view: ExpertView | null = $state.raw(null);
  nodes: NodeAnswers[] = $state.raw([]);
  /** Delphi: the one-line reasons as typed, group id -> one text per pair ('' for none). */
  reasons: Record<string, string[]> = $state({});
  step: DraftStep = $state.raw({ kind: 'intro' });
  storage: 'pending' | 'saved' | 'unavailable' = $state('pending');
  storageError: string | null = $state(null);
  sending: Sending = $state.raw({ kind: 'none' });
  online = $state(true);
  submitting = $state(false);

  readonly status = $derived(this.view?.survey.status ?? null);
  /** Open, and (in a Delphi round that asks only some experts) asking this one. */
  readonly isOpen = $derived(this.status === 'open' && (this.view?.round?.asked ?? true));
  /** The survey asks for a one-line reason per pair (Delphi setting). */
  readonly asksReasons = $derived(this.view?.round?.reasons === true);

  readonly answered = $derived(this.nodes.reduce((s, n) => s + n.answered, 0));
  readonly total = $derived(this.nodes.reduce((s, n) => s + n.total, 0));
  /** Every pair answered; also true when there is none (every node has preset weights). */
  readonly complete = $derived(this.answered === this.total);
  /** When the answers that count were received by the server, as far as this device knows. */
  readonly lastSentAt: string | null = $derived(
    this.sending.kind === 'sent'
      ? this.sending.receipt.receivedAt
      : (this.view?.latest?.receivedAt ?? null)
  );
  readonly stateLine: StateLine = $derived.by(() => {
    if (this.sending.kind === 'waiting') return { kind: 'waiting', offline: !this.online };
    if (this.sending.kind === 'refused') return { ...this.sending };
    if (this.step.kind === 'done' && this.lastSentAt) return { kind: 'sent', at: this.lastSentAt };
    if (this.storage === 'unavailable') return { kind: 'unavailable' };
    return this.storage === 'saved' ? { kind: 'saved' } : { kind: 'saving' };
  });

  /** Set once the survey is known: from then on every change is saved. */
  #ready = $state(false);
  #pending: Draft | null = null;
  /** The journal's change found on load, until it is shown. */
  #journaled: JournalEntry | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #fetched = false;
  #flushing = false;
  #flushAgain = false;
  /** Not sent again before this (ms since the epoch): the server's Retry-After. */
  #notBefore = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #refetchTimer: ReturnType<typeof setTimeout> | null = null;
  /** Submissions kept in memory when the device store refuses them (private mode, quota). */
  #memory: OutboxItem[] = [];

  constructor(token: string, env: Partial<Environment> = {}) {
    this.token = token;
    const w =
      env.window === undefined ? (typeof window === 'undefined' ? null : window) : env.window;
    this.#env = {
      store: env.store ?? new DraftStore(),
      journal: env.journal ?? new DraftJournal(DraftJournal.storageOf(w)),
      fetch: env.fetch ?? ((input, init) => fetch(input, init)),
      window: w
    };
    this.online = this.#env.window?.navigator.onLine ?? true;

    // Lifecycle: load, and listen to the network and to the page being hidden or closed.
    $effect(() => {
      const w = this.#env.window;
      const online = () => {
        this.online = true;
        void this.sendOutbox();
        if (!this.#fetched) void this.#fetchView();
      };
      const offline = () => (this.online = false);
      const hidden = () => {
        if (w?.document.visibilityState === 'hidden') void this.saveNow();
      };
      const leaving = () => void this.saveNow();
      w?.addEventListener('online', online);
      w?.addEventListener('offline', offline);
      w?.addEventListener('pagehide', leaving);
      w?.document.addEventListener('visibilitychange', hidden);
      untrack(() => void this.#load());
      return () => {
        w?.removeEventListener('online', online);
        w?.removeEventListener('offline', offline);
        w?.removeEventListener('pagehide', leaving);
        w?.document.removeEventListener('visibilitychange', hidden);
        if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
        if (this.#refetchTimer !== null) clearTimeout(this.#refetchTimer);
        void this.saveNow();
      };
    });

    // Every change to the judgments or the step goes into the journal at once (synchronously:
    // a reload a moment later keeps it) and is saved to the device store within SAVE_DELAY_MS.
    // The timer is not restarted by later changes, so a stream of taps can't postpone the save.
    // Until that save has committed, the state line says so.
    $effect(() => {
      if (!this.#ready) return;
      const draft = this.#snapshot();
      this.#pending = draft;
      const { judgments, reasons, step, updatedAt } = draft;
      this.#env.journal.write(this.token, { judgments, reasons, step, updatedAt });
      untrack(() => {
        if (this.storage === 'saved') this.storage = 'pending';
      });
      this.#timer ??= setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
    });

    // While a submission waits, try again every RETRY_MS.
    $effect(() => {
      if (this.sending.kind !== 'waiting') return;
      const id = setInterval(() => void this.sendOutbox(), RETRY_MS);
      return () => clearInterval(id);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  /** The first node with an unanswered pair (or the review when all are answered). */
  firstOpenStep(): DraftStep {
    let k = this.nodes.findIndex((n) => n.answered < n.total);
    // A Delphi round starts from the last round's answers: from its first group asked again.
    if (k < 0 && this.round > 1) k = this.nodes.findIndex((n) => this.asks(n.id));
    return k >= 0 ? { kind: 'node', index: k } : { kind: 'review' };
  }

  goTo(step: DraftStep): void {
    if (step.kind === 'node' && !this.nodes[step.index]) return;
    this.step = step;
  }

  /** Sets a judgment: a_(left,right) on the scale, 'skip' (no opinion) or null. */
  setJudgment(node: number, pair: number, value: DraftValue): void {
    const answers = this.nodes[node];
    // A group settled in an earlier Delphi round keeps its answers.
    if (!this.isOpen || !answers || pair < 0 || pair >= answers.total || !this.asks(answers.id))
      return;
    if (value === 'skip' && !answers.settings.allowSkip) return;
    answers.values[pair] = value;
  }

  /** Takes a suggestion for the pair (i, j) of a node: a_ij becomes `value`. */
  takeSuggestion(node: number, i: number, j: number, value: number): void {
    const answers = this.nodes[node];
    if (!answers) return;
    const k = answers.comparison.pairs.findIndex(([a, b]) => a === i && b === j);
    if (k >= 0) this.setJudgment(node, k, value);
  }

  /** Sets the reason typed for a pair (kept as typed; checked with reasonProblem). */
  setReason(node: number, pair: number, text: string): void {
    const answers = this.nodes[node];
    if (!this.isOpen || !answers || pair < 0 || pair >= answers.total || !this.asks(answers.id))
      return;
    const list = this.reasons[answers.id] ?? answers.comparison.pairs.map(() => '');
    list[pair] = text;
    this.reasons[answers.id] = list;
  }

  /** The first reason the server would refuse, in a group this round asks; null: none. */
  firstBadReason(): { index: number; pair: number } | null {
    if (!this.asksReasons) return null;
    for (const [index, n] of this.nodes.entries()) {
      if (!this.asks(n.id)) continue;
      const pair = (this.reasons[n.id] ?? []).findIndex((r, k) => k < n.total && reasonProblem(r));
      if (pair >= 0) return { index, pair };
    }
    return null;
  }

  /** The Delphi round open now (1 for a survey without rounds). */
  get round(): number {
    return this.view?.round?.number ?? 1;
  }

  /** Whether this round asks the group (a Delphi round may ask only the unsettled ones). */
  asks(nodeId: string): boolean {
    return this.view?.round?.groups?.includes(nodeId) ?? true;
  }

  /**
   * Submits the answers: into the outbox first (a new id per submission), then to the server.
   * Returns false when there is nothing to submit (incomplete, closed, already submitting).
   */
  async submit(): Promise<boolean> {
    const view = this.view;
    if (!view || !this.isOpen || !this.complete || this.submitting) return false;
    const drafted = draftToJudgments(view.survey, this.#judgments());
    if (!drafted.ok || this.firstBadReason()) return false;
    const asked = this.nodes.filter((n) => this.asks(n.id));
    const reasons = this.asksReasons ? reasonsToSend(this.reasons, asked) : undefined;
    this.submitting = true;
    try {
      const submission = {
        submissionId: newSubmissionId(),
        judgments: drafted.judgments,
        clientCreatedAt: new Date().toISOString(),
        // The round answered: the server refuses it (not counted) if that round has closed.
        ...(view.round ? { round: view.round.number } : {}),
        ...(reasons ? { reasons } : {})
      };
      const queued = await this.#env.store.enqueue(this.token, submission);
      if (!queued.ok) {
        this.#storageFailed(queued.error);
        this.#memory.push({
          submissionId: submission.submissionId,
          key: this.token,
          submission,
          createdAt: Date.now(),
          attempts: 0,
          receipt: null,
          refused: null,
          lastError: null
        });
      }
      this.sending = { kind: 'waiting' };
      this.step = { kind: 'done' };
      await tick(); // the autosave effect takes the new step...
      await this.saveNow(); // ...and it is stored before anything is sent
      void this.sendOutbox();
      return true;
    } finally {
      this.submitting = false;
    }
  }

  /**
   * Sends whatever waits in the outbox (the device store's, and any kept in memory); while the
   * server's Retry-After runs, only schedules the send for when it has passed.
   */
  async sendOutbox(): Promise<void> {
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

  /** Saves the pending draft now (pagehide, a step, a submission). */
  async saveNow(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const draft = this.#pending;
    this.#pending = null;
    if (!draft) return;
    const saved = await this.#env.store.save(draft);
    if (saved.ok) {
      this.#env.journal.settle(this.token, draft.updatedAt);
      // A change made while this one was being written waits for its own save.
      if (this.#pending === null) this.storage = 'saved';
      this.storageError = null;
    } else {
      this.#storageFailed(saved.error);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  async #load(): Promise<void> {
    // Read before anything can overwrite it: the change a reload interrupted, if any.
    this.#journaled = this.#env.journal.read(this.token);
    // The device first: the expert is back exactly where they were, with or without a network.
    const restored = await this.#env.store.load(this.token);
    if (!restored.ok) {
      this.#storageFailed(restored.error);
    } else if (restored.value) {
      const view = v.safeParse(expertViewSchema, restored.value.survey);
      if (view.success) {
        const draft = restored.value;
        const { judgments, step, updatedAt, reasons } = draft;
        this.#show(view.output, ...this.#newest(judgments, step, updatedAt, reasons));
        if (this.storage !== 'unavailable') this.storage = 'saved';
      }
    }
    await this.#fetchView();
    await this.sendOutbox();
  }

  async #fetchView(): Promise<void> {
    let response: Response;
    try {
      response = await this.get();
    } catch {
      this.online = this.#env.window?.navigator.onLine ?? false;
      if (!this.view) this.problem = { kind: 'offline' };
      return;
    }
    const body: unknown = await response.json().catch(() => null); // null: a proxy's error page
    const message = errorMessageOf(body, response.status);
    if (response.status === 404) {
      this.problem = { kind: 'not-found', message };
      return;
    }
    if (response.status === 423) {
      this.problem = { kind: 'not-open', message };
      return;
    }
    if (response.status === 503 && !this.view) {
      this.problem = { kind: 'unavailable' };
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? RETRY_MS;
      this.#refetchTimer ??= setTimeout(() => {
        this.#refetchTimer = null;
        if (!this.#fetched) void this.#fetchView();
      }, retryDelay(wait));
      return;
    }
    const parsed = response.ok ? v.safeParse(expertViewSchema, body) : null;
    if (!parsed?.success) {
      // The server is having trouble: carry on from the device if we can.
      if (!this.view) this.problem = { kind: 'failed', message };
      return;
    }
    this.#fetched = true;
    this.problem = null;
    const fresh = parsed.output;
    // Nothing on this device under this link: the expert's work under an earlier link of theirs
    // (the researcher made a new one) continues here.
    const adopted =
      !this.view && fresh.expert.id
        ? await this.#env.store.adopt(fresh.expert.id, this.token)
        : null;
    if (adopted?.ok && adopted.value) {
      const draft = adopted.value;
      this.#show(
        fresh,
        ...this.#newest(draft.judgments, draft.step, draft.updatedAt, draft.reasons)
      );
      this.storage = 'saved';
    } else if (this.view && startsRound(fresh, this.view.round?.number ?? 1)) {
      // A new Delphi round: from the expert's own answers (this device's), settled groups from
      // what counted in the round before.
      this.#show(fresh, carried(fresh, this.#judgments()), { kind: 'intro' });
    } else if (this.view) {
      // Keep the expert's work on this device; take the server's status, settings and labels.
      this.#show(fresh, this.#judgments(), this.step);
    } else if (fresh.latest) {
      // First visit on this device after submitting elsewhere: show what counts.
      const latest = Object.fromEntries(
        Object.entries(fresh.latest.judgments).map(([id, values]) => [
          id,
          values.map((x): DraftValue => (x === null ? 'skip' : x))
        ])
      );
      const step: DraftStep = startsRound(fresh, fresh.latest.round ?? 1)
        ? { kind: 'intro' }
        : { kind: 'done' };
      this.#show(fresh, ...this.#newest(carried(fresh, latest), step, 0, fresh.latest.reasons));
    } else {
      this.#show(fresh, ...this.#newest({}, { kind: 'intro' }, 0));
    }
  }

  /** GET of one of this expert's API resources (`path` after /api/e/TOKEN), JSON, with a timeout. */
  get(path = ''): Promise<Response> {
    return this.#env.fetch(`/api/e/${encodeURIComponent(this.token)}${path}`, {
      headers: { accept: 'application/json' },
      signal: timeoutSignal(FETCH_TIMEOUT_MS)
    });
  }

  /** Shows a survey with the given answers (kept where they fit its nodes) and step. */
  #show(view: ExpertView, judgments: Record<string, DraftValue[]>, step: DraftStep): void {
    // Every group the expert answers: the hierarchy's, each followed by its indicators' levels.
    const comparisons = askedGroupsOf(view.survey);
    const settings = view.survey.settings;
    const sameNodes =
      this.nodes.length === comparisons.length &&
      this.nodes.every(
        (n, k) => n.id === comparisons[k]!.node.id && n.total === comparisons[k]!.pairs.length
      );
    if (sameNodes) {
      for (const n of this.nodes) {
        n.settings = settings;
        // "No opinion" turned off meanwhile: those pairs need an answer again.
        if (!settings.allowSkip)
          n.values.forEach((x, k) => {
            if (x === 'skip') n.values[k] = null;
          });
      }
    } else {
      this.nodes = comparisons.map((c) => {
        const given = judgments[c.node.id];
        const values =
          given && given.length === c.pairs.length
            ? given.map((x) => (isDraftValue(x, settings.allowSkip) ? x : null))
            : c.pairs.map(() => null);
        return new NodeAnswers(c, settings, values);
      });
    }
    this.view = view;
    this.step =
      step.kind === 'node' && !(step.index >= 0 && step.index < this.nodes.length)
        ? { kind: 'intro' }
        : step;
    this.#ready = true;
  }

  // -------------------------------------------------------------------------------------------
  // Saving and sending

  /**
   * The answers and step to show: the journal's, when it holds a change newer than what was
   * committed at `savedAt` (a reload came before the save), else the given ones. Once. The
   * reasons (the journal's or `reasons`) are taken at the same time.
   */
  #newest(
    judgments: Record<string, DraftValue[]>,
    step: DraftStep,
    savedAt: number,
    reasons?: unknown
  ): [Record<string, DraftValue[]>, DraftStep] {
    const journaled = this.#journaled;
    this.#journaled = null;
    const newer = journaled !== null && journaled.updatedAt > savedAt;
    this.reasons = typedReasons(newer ? journaled.reasons : reasons);
    return newer ? [journaled.judgments, journaled.step] : [judgments, step];
  }

  #judgments(): Record<string, DraftValue[]> {
    return Object.fromEntries(this.nodes.map((n) => [n.id, $state.snapshot(n.values)]));
  }

  #snapshot(): Draft {
    return {
      key: this.token,
      expertId: this.view?.expert.id,
      judgments: this.#judgments(),
      reasons: $state.snapshot(this.reasons),
      step: this.step,
      survey: this.view,
      updatedAt: Date.now()
    };
  }

  #retryAt(ms: number): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.sendOutbox();
    }, ms);
  }

  #storageFailed(error: string): void {
    this.storage = 'unavailable';
    this.storageError = error;
  }

  async #flushOnce(): Promise<void> {
    const url = `/api/e/${encodeURIComponent(this.token)}/submissions`;
    const send = (item: OutboxItem): Promise<SendOutcome> =>
      postSubmission(url, item, (input, init) =>
        this.#env.fetch(input, { ...init, signal: timeoutSignal(FETCH_TIMEOUT_MS) })
      );
    const flushed = await flushOutbox(this.#env.store, this.token, send);
    if (flushed.storageError) this.#storageFailed(flushed.storageError);
    let retryAfterMs = flushed.retryAfterMs;
    const listed = await this.#env.store.items(this.token);
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
    // Answers to a Delphi round that closed meanwhile stay in the outbox, shown as not counted;
    // the page moves on to the round open now.
    if (newest?.refusedCode === 'round_closed' && (newest.submission.round ?? 1) >= this.round)
      void this.#fetchView();
    const receipt = newest?.receipt;
    const view = this.view;
    if (receipt && view && view.latest?.submissionId !== receipt.submissionId) {
      this.view = {
        ...view,
        latest: {
          submissionId: receipt.submissionId,
          judgments: newest.submission.judgments,
          receivedAt: receipt.receivedAt
        }
      };
    }
  }
}

/** Whether the view opens a Delphi round later than `round` (the one this device was in). */
function startsRound(view: ExpertView, round: number): boolean {
  return (view.round?.number ?? 1) > round;
}

/** The answers to start a round from: the given ones, settled groups as they counted before. */
function carried(
  view: ExpertView,
  judgments: Record<string, DraftValue[]>
): Record<string, DraftValue[]> {
  const r = view.round;
  if (!r?.groups || !r.previous) return judgments;
  const out = { ...judgments };
  for (const [id, values] of Object.entries(r.previous))
    if (!r.groups.includes(id)) out[id] = values.map((x) => (x === null ? 'skip' : x));
  return out;
}

function isDraftValue(x: unknown, allowSkip: boolean): x is DraftValue {
  return x === null || (x === 'skip' && allowSkip) || (typeof x === 'number' && isOnSaatyScale(x));
}

/** An abort signal after `ms` (undefined on browsers without AbortSignal.timeout). */
function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
}
