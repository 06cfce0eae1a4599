/**
 * The comparison page's state: the chosen sets (fetched and verified by the server, as on the
 * validation page, whose ValidationState reads the sets and the loan file here too), and the
 * comparison computed in a Web Worker when the researcher asks. The answer is shown with what it
 * was computed from, so a later change of choices never passes for its result.
 */
import { internalProblem } from '$lib/problem';
import type { WeightSet } from '$lib/weights';
import { RESAMPLES, SEED, ValidationState } from '../../validation/validation.svelte';
// Types only: the computation loads in the worker, or on demand below.
import type { CompareOutput, CompareRequest, CompareResponse } from './compute';

export class CompareState {
  /** The sets fetched so far and the loan file (the validation page's reading of both). */
  readonly io: ValidationState;
  /** The chosen sets' ids, in the order chosen. */
  selected = $state<string[]>([]);
  output = $state.raw<CompareOutput | null>(null);
  /** What `output` was computed from: the sets' ids, the file and the outcome column. */
  outputFor = $state.raw<{ ids: string[]; file: string; text: string; outcome: string } | null>(
    null
  );
  computing = $state(false);

  #nextId = 0;

  /** Most sets compared at once (the library's MAX_COMPARED_SETS, from the server). */
  readonly max: number;

  constructor(base: string, max: number) {
    this.io = new ValidationState(base);
    this.max = max;
  }

  /** The chosen sets that are fetched, in the order chosen. */
  get sets(): WeightSet[] {
    return this.selected.flatMap((id) => this.io.documents[id] ?? []);
  }

  /** Why a chosen set could not be fetched (the first), or null. */
  get fetchError(): string | null {
    for (const id of this.selected) if (this.io.fetchErrors[id]) return this.io.fetchErrors[id]!;
    return null;
  }

  get ready(): boolean {
    return (
      this.selected.length >= 2 &&
      this.selected.length <= this.max &&
      this.sets.length === this.selected.length &&
      this.io.file !== null &&
      !this.computing
    );
  }

  /** Whether the choices changed since the comparison shown was computed. */
  get stale(): boolean {
    const f = this.outputFor;
    return (
      f !== null &&
      (f.ids.join() !== this.selected.join() ||
        f.text !== this.io.file?.text ||
        f.outcome !== (this.io.outcome.trim() || 'default'))
    );
  }

  toggle(id: string, on: boolean): void {
    if (on && !this.selected.includes(id) && this.selected.length < this.max) {
      this.selected = [...this.selected, id];
      void this.io.fetchSet(id);
    } else if (!on) this.selected = this.selected.filter((x) => x !== id);
  }

  /** Computes the comparison of the chosen sets on the loan file. */
  async run(): Promise<void> {
    const file = this.io.file;
    if (!this.ready || !file) return;
    const request: CompareRequest = {
      id: ++this.#nextId,
      text: file.text,
      outcome: this.io.outcome.trim() || 'default',
      sets: this.sets,
      seed: SEED,
      resamples: RESAMPLES
    };
    const ids = [...this.selected];
    this.computing = true;
    try {
      const output = await this.#compute(request);
      if (request.id !== this.#nextId) return;
      this.output = output;
      this.outputFor = { ids, file: file.name, text: file.text, outcome: request.outcome };
    } finally {
      if (request.id === this.#nextId) this.computing = false;
    }
  }

  /** In a worker; on the page when no worker can start or it fails. */
  async #compute(request: CompareRequest): Promise<CompareOutput> {
    try {
      const worker = new Worker(new URL('./compute.worker.ts', import.meta.url), {
        type: 'module'
      });
      try {
        return await new Promise<CompareOutput>((resolve, reject) => {
          worker.onmessage = (event: MessageEvent<CompareResponse>) => resolve(event.data);
          worker.onerror = () => reject(new Error('worker failed'));
          worker.postMessage($state.snapshot(request));
        });
      } finally {
        worker.terminate();
      }
    } catch {
      try {
        const { compareOnFile } = await import('./compute');
        return compareOnFile(request);
      } catch (e) {
        return { ok: false, problem: { kind: 'input', problem: internalProblem(e) } };
      }
    }
  }
}
