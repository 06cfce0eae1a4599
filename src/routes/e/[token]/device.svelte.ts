/**
 * The expert's work on this device: every change goes at once into the synchronous journal
 * (localStorage, see $lib/drafts/journal.ts), so a reload right after a tap keeps it, and is saved
 * to the device store (IndexedDB) within SAVE_DELAY_MS, and at once when the page is hidden. The
 * state line says "saved" only once that save has committed and nothing newer waits.
 */
import {
  DraftJournal,
  DraftStore,
  type Draft,
  type DraftStep,
  type JournalEntry
} from '$lib/drafts';
import { typedReasons, type DraftValue } from '$lib/survey';

/** Save at most this long after a change (the issue asks for within a second). */
const SAVE_DELAY_MS = 300;

/** The answers and step to show, and the reasons as typed. */
export type Shown = [Record<string, DraftValue[]>, DraftStep, Record<string, string[]>];

export class DeviceCopy {
  readonly #key: string;
  readonly #store: DraftStore;
  readonly #journal: DraftJournal;

  /** pending: a change not yet committed to the device store. */
  storage: 'pending' | 'saved' | 'unavailable' = $state('pending');
  storageError: string | null = $state(null);

  #pending: Draft | null = null;
  /** The journal's change found on load, until it is shown. */
  #journaled: JournalEntry | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(key: string, store: DraftStore, journal: DraftJournal) {
    this.#key = key;
    this.#store = store;
    this.#journal = journal;
  }

  /**
   * The draft kept on this device, if any. The journal is read first, before anything can
   * overwrite it: the change a reload interrupted, if there was one.
   */
  async restore(): Promise<Draft | undefined> {
    this.#journaled = this.#journal.read(this.#key);
    const restored = await this.#store.load(this.#key);
    if (restored.ok) return restored.value;
    this.failed(restored.error);
    return undefined;
  }

  /** The draft another link of this expert left on this device, moved to this link. */
  async adopt(expertId: string): Promise<Draft | undefined> {
    const adopted = await this.#store.adopt(expertId, this.#key);
    return adopted.ok ? adopted.value : undefined;
  }

  /**
   * The answers and step to show: the journal's, when it holds a change newer than what was
   * committed at `savedAt` (a reload came before the save), else the given ones. Once. The
   * reasons (the journal's or `reasons`) are taken at the same time.
   */
  newest(
    judgments: Record<string, DraftValue[]>,
    step: DraftStep,
    savedAt: number,
    reasons?: unknown
  ): Shown {
    const journaled = this.#journaled;
    this.#journaled = null;
    const newer = journaled !== null && journaled.updatedAt > savedAt;
    return newer
      ? [journaled.judgments, journaled.step, typedReasons(journaled.reasons)]
      : [judgments, step, typedReasons(reasons)];
  }

  /**
   * A change: into the journal at once (synchronously: a reload a moment later keeps it), and
   * saved to the device store within SAVE_DELAY_MS. The timer is not restarted by later
   * changes, so a stream of taps can't postpone the save.
   */
  record(draft: Draft): void {
    this.#pending = draft;
    const { judgments, reasons, step, updatedAt } = draft;
    this.#journal.write(this.#key, { judgments, reasons, step, updatedAt });
    if (this.storage === 'saved') this.storage = 'pending';
    this.#timer ??= setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** Saves the pending draft now (pagehide, a step, a submission). */
  async saveNow(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const draft = this.#pending;
    this.#pending = null;
    if (!draft) return;
    const saved = await this.#store.save(draft);
    if (saved.ok) {
      this.#journal.settle(this.#key, draft.updatedAt);
      // A change made while this one was being written waits for its own save.
      if (this.#pending === null) this.storage = 'saved';
      this.storageError = null;
    } else {
      this.failed(saved.error);
    }
  }

  /** The device store refused (private mode, quota): the state line says so. */
  failed(error: string): void {
    this.storage = 'unavailable';
    this.storageError = error;
  }
}
