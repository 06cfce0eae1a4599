/**
 * The state of an expert's survey page: the survey, every judgment, where the expert is, and
 * how the answers stand (saved on this device, waiting to send, sent).
 *
 * Offline first: the draft in the device store (IndexedDB) is restored before anything else, and it
 * holds a copy of the survey, so the page works without the API. Its parts:
 * - answers.svelte.ts: the step model (each group's answers, live weights and CR);
 * - device.svelte.ts: the journal and the device store (every change kept at once);
 * - sender.svelte.ts: the outbox and its retries (the server stores a submission once).
 */
import { tick, untrack } from 'svelte';
import * as v from 'valibot';
import {
  DraftJournal,
  DraftStore,
  retryDelay,
  type Draft,
  type DraftStep,
  type OutboxItem
} from '$lib/drafts';
import { draftToJudgments, reasonsToSend, type DraftValue } from '$lib/survey';
import { expertViewSchema, type ExpertView } from '../../api/e/[token]/view';
import {
  answersFor,
  carried,
  draftJudgments,
  firstBadReason,
  sameAnswers,
  startsRound,
  stateLineOf,
  withReceipt,
  type NodeAnswers,
  type Problem,
  type StateLine
} from './answers.svelte';
import { DeviceCopy, type Shown } from './device.svelte';
import { readView } from './fetch-view';
import { newSubmissionId, timeoutSignal } from './helpers';
import { FETCH_TIMEOUT_MS, RETRY_MS, Sender } from './sender.svelte';
import { listen, OtherTabs, PairClock, type TabMessage } from './tabs';

export { NodeAnswers } from './answers.svelte';
export type { Problem, Sending, StateLine } from './answers.svelte';

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
  readonly #device: DeviceCopy;
  readonly #sender: Sender;

  problem: Problem | null = $state.raw(null);
  view: ExpertView | null = $state.raw(null);
  nodes: NodeAnswers[] = $state.raw([]);
  /** Delphi: the one-line reasons as typed, group id -> one text per pair ('' for none). */
  reasons: Record<string, string[]> = $state({});
  step: DraftStep = $state.raw({ kind: 'intro' });
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
  /**
   * Closed with answers on this device that are not what counts (never sent, or changed since):
   * kept here, not counted; the page says so.
   */
  readonly keptNotCounted = $derived(
    this.status !== 'open' && this.answered > 0 && !sameAnswers(this.nodes, this.view?.latest)
  );
  readonly stateLine: StateLine = $derived(
    stateLineOf(this.sending, this.online, this.step, this.lastSentAt, this.storage)
  );

  /** Set once the survey is known: from then on every change is saved. */
  #ready = $state(false);
  #fetched = false;
  /** The other tabs of this link (tabs.ts). */
  #tabs: OtherTabs | null = null;
  #refetchTimer: ReturnType<typeof setTimeout> | null = null;
  /** The newest change of each pair, to agree with the other tabs on the last tap (tabs.ts). */
  readonly #clock = new PairClock();
  /** A look at the survey's status (network back, page shown again) under way. */
  #looking: Promise<void> | null = null;

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
    this.#device = new DeviceCopy(token, this.#env.store, this.#env.journal);
    this.#sender = new Sender(token, this.#env.store, this.#env.fetch, {
      storageFailed: (error) => this.#device.failed(error),
      settled: (newest) => this.#settled(newest)
    });
    this.online = this.#env.window?.navigator.onLine ?? true;

    // Lifecycle: load, and listen to the network and to the page being hidden or closed.
    $effect(() => {
      const w = this.#env.window;
      const unlisten = listen(w, {
        online: () => {
          this.online = true;
          void this.sendOutbox();
          void this.look();
        },
        offline: () => (this.online = false),
        hidden: () => void this.saveNow(),
        visible: () => void this.look()
      });
      this.#tabs = w ? new OtherTabs(token, (message) => this.#received(message)) : null;
      untrack(() => void this.#load());
      return () => {
        this.#tabs?.close();
        unlisten();
        this.#sender.stop();
        if (this.#refetchTimer !== null) clearTimeout(this.#refetchTimer);
        void this.saveNow();
      };
    });

    // Every change to the judgments or the step goes into the journal at once and is saved to
    // the device store soon after (device.svelte.ts); until then, the state line says so.
    $effect(() => {
      if (!this.#ready) return;
      const draft = this.#snapshot();
      untrack(() => this.#device.record(draft));
    });

    // While a submission waits, try again every RETRY_MS.
    $effect(() => {
      if (this.sending.kind !== 'waiting') return;
      const id = setInterval(() => void this.sendOutbox(), RETRY_MS);
      return () => clearInterval(id);
    });
  }

  /** How the device store stands: pending (a change not yet committed), saved, unavailable. */
  get storage(): 'pending' | 'saved' | 'unavailable' {
    return this.#device.storage;
  }

  /** Why the device store refused, if it did. */
  get storageError(): string | null {
    return this.#device.storageError;
  }

  /** How the newest submission of this device stands. */
  get sending() {
    return this.#sender.sending;
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
    const id = this.nodes[node]?.id;
    if (id && this.#setJudgment(node, pair, value)) {
      const stamp = this.#clock.stamp(`j/${this.round}/${id}/${pair}`);
      this.#tabs?.post({ kind: 'judgment', round: this.round, node: id, pair, value, stamp });
    }
  }

  #setJudgment(node: number, pair: number, value: DraftValue): boolean {
    const answers = this.nodes[node];
    // A group settled in an earlier Delphi round keeps its answers.
    if (!this.isOpen || !answers || pair < 0 || pair >= answers.total || !this.asks(answers.id))
      return false;
    if (value === 'skip' && !answers.settings.allowSkip) return false;
    answers.values[pair] = value;
    return true;
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
    const id = this.nodes[node]?.id;
    if (id && this.#setReason(node, pair, text)) {
      const stamp = this.#clock.stamp(`r/${this.round}/${id}/${pair}`);
      this.#tabs?.post({ kind: 'reason', round: this.round, node: id, pair, text, stamp });
    }
  }

  #setReason(node: number, pair: number, text: string): boolean {
    const answers = this.nodes[node];
    if (!this.isOpen || !answers || pair < 0 || pair >= answers.total || !this.asks(answers.id))
      return false;
    const list = this.reasons[answers.id] ?? answers.comparison.pairs.map(() => '');
    list[pair] = text;
    this.reasons[answers.id] = list;
    return true;
  }

  /**
   * A change made in another tab of this link: made here too (not sent back), unless this tab
   * holds a later change of the same pair (two tabs tapping within the same moment: every tab
   * keeps the last tap).
   */
  #received(message: TabMessage): void {
    if (message.kind === 'outbox') {
      void this.sendOutbox();
      return;
    }
    const node = this.nodes.findIndex((n) => n.id === message.node);
    if (message.round !== this.round || node < 0) return;
    const key = `${message.kind === 'judgment' ? 'j' : 'r'}/${message.round}/${message.node}/${message.pair}`;
    if (!this.#clock.take(key, message.stamp)) return;
    if (message.kind === 'judgment') this.#setJudgment(node, message.pair, message.value);
    else this.#setReason(node, message.pair, message.text);
  }

  /** The first reason the server would refuse, in a group this round asks; null: none. */
  firstBadReason(): { index: number; pair: number } | null {
    if (!this.asksReasons) return null;
    return firstBadReason(this.nodes, this.reasons, (id) => this.asks(id));
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
      await this.#sender.queue({
        submissionId: newSubmissionId(),
        judgments: drafted.judgments,
        clientCreatedAt: new Date().toISOString(),
        // The round answered: the server refuses it (not counted) if that round has closed.
        ...(view.round ? { round: view.round.number } : {}),
        ...(reasons ? { reasons } : {})
      });
      this.#tabs?.post({ kind: 'outbox' });
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
   * Looks whether the survey is still as this page shows it (one GET of the expert's view), when
   * the network comes back or the page is shown again: a survey closed meanwhile is said at once
   * (the closed notice), not at the next submission; the answers stay on the device as they are.
   * One look at a time; none while offline.
   */
  look(): Promise<void> {
    if (this.#env.window?.navigator.onLine === false) return Promise.resolve();
    this.#looking ??= this.#fetchView().finally(() => (this.#looking = null));
    return this.#looking;
  }

  /** Sends whatever waits in the outbox (see sender.svelte.ts). */
  sendOutbox(): Promise<void> {
    return this.#sender.send();
  }

  /** Saves the pending draft now (pagehide, a step, a submission). */
  saveNow(): Promise<void> {
    return this.#device.saveNow();
  }

  /** GET of one of this expert's API resources (`path` after /api/e/TOKEN), JSON, with a timeout. */
  get(path = ''): Promise<Response> {
    return this.#env.fetch(`/api/e/${encodeURIComponent(this.token)}${path}`, {
      headers: { accept: 'application/json' },
      signal: timeoutSignal(FETCH_TIMEOUT_MS)
    });
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  async #load(): Promise<void> {
    // The device first: the expert is back exactly where they were, with or without a network.
    const draft = await this.#device.restore();
    await this.#sender.look();
    if (draft) {
      const view = v.safeParse(expertViewSchema, draft.survey);
      if (view.success) {
        const { judgments, step, updatedAt, reasons } = draft;
        this.#show(view.output, this.#device.newest(judgments, step, updatedAt, reasons));
        if (this.storage !== 'unavailable') this.#device.storage = 'saved';
      }
    }
    await this.#fetchView();
    await this.sendOutbox();
  }

  async #fetchView(): Promise<void> {
    let response: Response;
    try {
      response = await this.get();
    } catch (error) {
      // A fetch that rejects with a TypeError never reached the server: offline, whatever
      // navigator.onLine says (true on a network that does not reach the server, and in a page
      // Debian's Chromium 150 reloaded while offline). A timeout says nothing of the network.
      this.online =
        error instanceof TypeError ? false : (this.#env.window?.navigator.onLine ?? false);
      if (!this.view) this.problem = { kind: 'offline' };
      return;
    }
    this.online = true; // an answer, whatever it says, came over the network
    const answer = await readView(response);
    if (answer.kind === 'problem') {
      if (answer.always || !this.view) this.problem = answer.problem;
      if (answer.retryAfterMs === undefined || this.view) return;
      // The database is away for a moment (503): asked again after its Retry-After.
      const wait = answer.retryAfterMs ?? RETRY_MS;
      this.#refetchTimer ??= setTimeout(() => {
        this.#refetchTimer = null;
        if (!this.#fetched) void this.#fetchView();
      }, retryDelay(wait));
      return;
    }
    this.#fetched = true;
    this.problem = null;
    await this.#showFetched(answer.view);
  }

  /** Shows the survey as the server sent it, with the answers this device has (or the server's). */
  async #showFetched(fresh: ExpertView): Promise<void> {
    // Nothing on this device under this link: the expert's work under an earlier link of theirs
    // (the researcher made a new one) continues here.
    const adopted =
      !this.view && fresh.expert.id ? await this.#device.adopt(fresh.expert.id) : undefined;
    if (adopted) {
      this.#show(
        fresh,
        this.#device.newest(adopted.judgments, adopted.step, adopted.updatedAt, adopted.reasons)
      );
      this.#device.storage = 'saved';
    } else if (this.view && startsRound(fresh, this.view.round?.number ?? 1)) {
      // A new Delphi round: from the expert's own answers (this device's), settled groups from
      // what counted in the round before.
      this.#show(fresh, [carried(fresh, this.#judgments()), { kind: 'intro' }, this.reasons]);
    } else if (this.view) {
      // Keep the expert's work on this device; take the server's status, settings and labels.
      this.#show(fresh, [this.#judgments(), this.step, this.reasons]);
    } else if (fresh.latest) {
      // First visit on this device after submitting elsewhere: show what counts.
      const latest = draftJudgments(fresh.latest.judgments);
      const step: DraftStep = startsRound(fresh, fresh.latest.round ?? 1)
        ? { kind: 'intro' }
        : { kind: 'done' };
      this.#show(fresh, this.#device.newest(carried(fresh, latest), step, 0, fresh.latest.reasons));
    } else {
      this.#show(fresh, this.#device.newest({}, { kind: 'intro' }, 0));
    }
  }

  /** Shows a survey with the given answers (kept where they fit its nodes), step and reasons. */
  #show(view: ExpertView, [judgments, step, reasons]: Shown): void {
    const nodes = answersFor(view, this.nodes, judgments);
    if (nodes !== this.nodes) this.nodes = nodes;
    if (reasons !== this.reasons) this.reasons = reasons;
    this.view = view;
    this.step =
      step.kind === 'node' && !(step.index >= 0 && step.index < this.nodes.length)
        ? { kind: 'intro' }
        : step;
    this.#ready = true;
    this.#tabs?.ready();
  }

  // -------------------------------------------------------------------------------------------
  // Saving and sending

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

  /** After each pass of the sender: what the newest submission's outcome means for the page. */
  #settled(newest: OutboxItem | undefined): void {
    // Answers to a Delphi round that closed meanwhile stay in the outbox, shown as not counted;
    // the page moves on to the round open now.
    // A survey closed meanwhile: the page learns it, and says what became of these answers.
    const code = newest?.refusedCode;
    if (
      (code === 'round_closed' && (newest!.submission.round ?? 1) >= this.round) ||
      (code === 'closed' && this.status === 'open')
    )
      void this.#fetchView();
    if (this.view) this.view = withReceipt(this.view, newest);
  }
}
