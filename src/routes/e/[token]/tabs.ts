/**
 * The other tabs of the same expert's link on this device. Each tab keeps its own copy of the
 * answers and saves the whole draft: without this, the tab that saved last dropped the taps made
 * in the other (and submitted without them). Now a change made in one tab (a judgment, a reason)
 * is made in the others at once, and a submission queued in one makes the others look at the
 * outbox. Same origin only (BroadcastChannel); where there is none, each tab is on its own.
 * And the window's own events, which the page listens to beside them.
 */
import { isOnSaatyScale } from '$lib/ahp';
import type { DraftValue } from '$lib/survey';

/**
 * When a change was made, to order two changes of one pair made in two tabs within the same
 * moment: the device's clock in ms, then the tab's random id (a tie never orders two tabs
 * differently in each). Every tab keeps the change with the greatest stamp, so all agree on the
 * last tap, whatever order the messages arrive in.
 */
export interface Stamp {
  at: number;
  tab: string;
}

export type TabMessage =
  | { kind: 'judgment'; round: number; node: string; pair: number; value: DraftValue; stamp: Stamp }
  | { kind: 'reason'; round: number; node: string; pair: number; text: string; stamp: Stamp }
  | { kind: 'outbox' };

/** Whether `a` was made after `b` (none: before everything). */
export function isLater(a: Stamp, b: Stamp | undefined): boolean {
  return !b || a.at > b.at || (a.at === b.at && a.tab > b.tab);
}

/**
 * The newest change of each pair this tab has made or taken (`kind/round/node/pair`): a change
 * is taken only when it is later than what the pair holds.
 */
export class PairClock {
  readonly tab = Math.random().toString(36).slice(2, 12);
  readonly #stamps = new Map<string, Stamp>();

  /** A stamp for a change made in this tab now: later than anything the pair has seen. */
  stamp(key: string): Stamp {
    const last = this.#stamps.get(key);
    const stamp = { at: Math.max(Date.now(), last ? last.at + 1 : 0), tab: this.tab };
    this.#stamps.set(key, stamp);
    return stamp;
  }

  /** Whether a change of another tab is later than the pair's (then it is the pair's). */
  take(key: string, stamp: Stamp): boolean {
    if (!isLater(stamp, this.#stamps.get(key))) return false;
    this.#stamps.set(key, stamp);
    return true;
  }
}

export class OtherTabs {
  readonly #channel: BroadcastChannel | null;
  readonly #receive: (message: TabMessage) => void;
  /** Messages that came before this tab showed the survey: handed on once it has (`ready`). */
  #held: TabMessage[] | null = [];

  constructor(key: string, receive: (message: TabMessage) => void) {
    this.#receive = receive;
    this.#channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(`pairwise.${key}`) : null;
    if (this.#channel)
      this.#channel.onmessage = (event: MessageEvent<unknown>) => {
        const message = tabMessageOf(event.data);
        if (!message) return;
        if (this.#held) this.#held.push(message);
        else receive(message);
      };
  }

  /** This tab shows the survey: the changes held until now are made, and the next at once. */
  ready(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const message of held) this.#receive(message);
  }

  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // closed: the page is going away
    }
  }

  close(): void {
    this.#channel?.close();
  }
}

/** A message of the shape above (another version of the page may send others), or null. */
function tabMessageOf(data: unknown): TabMessage | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.kind === 'outbox') return { kind: 'outbox' };
  if (typeof m.round !== 'number' || typeof m.node !== 'string') return null;
  if (typeof m.pair !== 'number' || !Number.isInteger(m.pair)) return null;
  const stamp = m.stamp as Record<string, unknown> | null | undefined;
  if (!stamp || typeof stamp.at !== 'number' || typeof stamp.tab !== 'string') return null;
  const at = {
    round: m.round,
    node: m.node,
    pair: m.pair,
    stamp: { at: stamp.at, tab: stamp.tab }
  };
  if (m.kind === 'reason' && typeof m.text === 'string')
    return { kind: 'reason', ...at, text: m.text };
  const value = m.value;
  if (
    m.kind === 'judgment' &&
    (value === null || value === 'skip' || (typeof value === 'number' && isOnSaatyScale(value)))
  )
    return { kind: 'judgment', ...at, value };
  return null;
}

/**
 * Listens to the window: the network going and coming back, the page hidden or closed (the
 * moment to save: pagehide, and visibilitychange to hidden, which a phone may give instead), and
 * the page shown again (the moment to look whether the survey is still open).
 * Returns what stops listening.
 */
export function listen(
  w: Window | null,
  on: { online(): void; offline(): void; hidden(): void; visible(): void }
): () => void {
  const online = () => on.online();
  const offline = () => on.offline();
  const leaving = () => on.hidden();
  const hidden = () => {
    if (w?.document.visibilityState === 'hidden') on.hidden();
    else on.visible();
  };
  w?.addEventListener('online', online);
  w?.addEventListener('offline', offline);
  w?.addEventListener('pagehide', leaving);
  w?.document.addEventListener('visibilitychange', hidden);
  return () => {
    w?.removeEventListener('online', online);
    w?.removeEventListener('offline', offline);
    w?.removeEventListener('pagehide', leaving);
    w?.document.removeEventListener('visibilitychange', hidden);
  };
}
