/**
 * The validation page's state: the chosen weight sets (fetched on demand, verified by the
 * server), the loan file, the outcome column and the cut-off, and the result computed from them
 * in a Web Worker. A new request replaces the one waiting; an answer is shown only while the
 * choices are still those it was computed for.
 */
import { answerWords } from '$lib/problem-words';
import type { ReportCutoff } from '$lib/validation';
import { MAX_LOAN_FILE_BYTES } from '$lib/validation/loans';
import { ridgeOfText } from '$lib/weights/ridge';
import { internalProblem } from '$lib/problem';
import type { WeightSet } from '$lib/weights';
// Types only: the computation (and mathjs) load in the worker, or on demand below.
import type { ComputeOutput, ComputeRequest, ComputeResponse } from './compute';

/** The file of demo loans, served from static/ (scripts/make-demo-loans.ts writes it). */
export const DEMO_LOANS_URL = '/demo/loans-farm-credit.csv';
export const DEMO_LOANS_NAME = 'loans-farm-credit.csv';

/** Fixed on this page and printed in the method block: the same file gives the same report. */
export const SEED = 1;
export const RESAMPLES = 1000;

/** Largest loan file the page reads (the server takes the same to save a regression). */
export const MAX_FILE_BYTES = MAX_LOAN_FILE_BYTES;

export interface LoanText {
  name: string;
  text: string;
  /** The file's bytes as read: sent as they are to save the regression (the server hashes them). */
  bytes: Blob;
}

type Job = Omit<ComputeRequest, 'id'>;

export class ValidationState {
  readonly base: string;

  setId = $state<string>('');
  compareId = $state<string>('');
  /** Weight sets fetched so far, by id. */
  documents = $state.raw<Record<string, WeightSet>>({});
  /** Why a weight set could not be fetched, by id. */
  fetchErrors = $state.raw<Record<string, string>>({});

  file = $state.raw<LoanText | null>(null);
  /** Why the chosen file could not be read (too large, not text, the demo unreachable). */
  fileError = $state<string | null>(null);
  outcome = $state('default');
  cutoffKind = $state<'grade' | 'score'>('grade');
  cutoffGrade = $state('B');
  cutoffScore = $state<number | null>(40);
  /** The regression baseline's ridge penalty as typed (the CLI's --ridge rule). */
  ridgeText = $state('0');

  /** The latest answer, and the request it answers. */
  output = $state.raw<ComputeOutput | null>(null);
  outputFor = $state.raw<Job | null>(null);
  computing = $state(false);

  constructor(base: string) {
    this.base = base;
  }

  get weightSet(): WeightSet | null {
    return this.documents[this.setId] ?? null;
  }

  get compareSet(): WeightSet | null {
    return this.compareId && this.compareId !== this.setId
      ? (this.documents[this.compareId] ?? null)
      : null;
  }

  /** The cut-off as chosen, or null while the score field holds no valid score. */
  get cutoff(): ReportCutoff | null {
    if (this.cutoffKind === 'grade') {
      const grades = this.weightSet?.grading.bands.map((b) => b.grade) ?? [];
      return grades.includes(this.cutoffGrade) ? { grade: this.cutoffGrade } : null;
    }
    const s = this.cutoffScore;
    return typeof s === 'number' && s >= 0 && s <= 100 ? { score: s } : null;
  }

  /** The ridge penalty as typed, or null while the field holds no number >= 0. */
  get ridge(): number | null {
    return ridgeOfText(this.ridgeText);
  }

  /** What to compute now, or null while something is missing. */
  get job(): Job | null {
    const ws = this.weightSet;
    const cutoff = this.cutoff;
    const ridge = this.ridge;
    if (!ws || !this.file || !cutoff || ridge === null) return null;
    if (this.compareId && this.compareId !== this.setId && !this.compareSet) return null;
    return {
      text: this.file.text,
      outcome: this.outcome.trim() || 'default',
      weightSet: ws,
      compare: this.compareSet,
      cutoff,
      seed: SEED,
      resamples: RESAMPLES,
      ridge
    };
  }

  /** The answer when it is about the current file and weight set (the cut-off may be changing). */
  get shown(): ComputeOutput | null {
    const f = this.outputFor;
    const ws = this.weightSet;
    if (!f || !ws || !this.file) return null;
    return f.text === this.file.text &&
      f.weightSet === ws &&
      f.outcome === (this.outcome.trim() || 'default')
      ? this.output
      : null;
  }

  /** Fetches a weight set the first time it is chosen. */
  async fetchSet(id: string): Promise<void> {
    if (!id || this.documents[id] || this.fetchErrors[id]) return;
    try {
      const response = await fetch(`${this.base}/validation/weight-sets/${encodeURIComponent(id)}`);
      const body = (await response.json().catch(() => null)) as unknown;
      if (!response.ok) {
        this.fetchErrors = { ...this.fetchErrors, [id]: answerWords(response.status, body) };
        return;
      }
      this.documents = { ...this.documents, [id]: body as WeightSet };
      const grades = (body as WeightSet).grading.bands.map((b) => b.grade);
      if (id === this.setId && !grades.includes(this.cutoffGrade))
        this.cutoffGrade = grades.includes('B') ? 'B' : grades[Math.floor(grades.length / 2)]!;
    } catch {
      this.fetchErrors = { ...this.fetchErrors, [id]: 'offline' };
    }
  }

  /** A file chosen in the file field. */
  async readFile(file: File): Promise<void> {
    this.fileError = null;
    if (file.size > MAX_FILE_BYTES) {
      this.file = null;
      this.fileError = `too-large:${file.size}`;
      return;
    }
    try {
      const bytes = await file.arrayBuffer();
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      this.file = { name: file.name, text, bytes: file };
    } catch {
      this.file = null;
      this.fileError = 'not-text';
    }
  }

  /** The demo loan file, in one click. */
  async loadDemo(): Promise<void> {
    this.fileError = null;
    try {
      const response = await fetch(DEMO_LOANS_URL);
      if (!response.ok) throw new Error(String(response.status));
      const bytes = await response.blob();
      this.file = { name: DEMO_LOANS_NAME, text: await bytes.text(), bytes };
      this.outcome = 'default';
    } catch {
      this.fileError = 'demo-unavailable';
    }
  }

  /* ---------- the worker ---------- */

  #worker: Worker | null = null;
  #workerBroken = false;
  #nextId = 0;
  #inFlight: (Job & { id: number }) | null = null;
  #queued: Job | null = null;
  #posted: Job | null = null;

  /** Keeps the result in step with the choices: call from an $effect (it reads `job`). */
  connect(): void {
    const job = this.job;
    if (!job || this.#posted === job || this.#sameAsPosted(job)) return;
    this.#posted = job;
    this.#post(job);
  }

  /** Stops the worker (the page is going away). */
  disconnect(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#inFlight = null;
    this.#queued = null;
  }

  #sameAsPosted(job: Job): boolean {
    const p = this.#posted;
    if (!p) return false;
    const c = (x: ReportCutoff) => ('grade' in x ? `g:${x.grade}` : `s:${x.score}`);
    return (
      p.text === job.text &&
      p.outcome === job.outcome &&
      p.weightSet === job.weightSet &&
      p.compare === job.compare &&
      p.ridge === job.ridge &&
      c(p.cutoff) === c(job.cutoff)
    );
  }

  #post(job: Job): void {
    if (this.#inFlight) {
      this.#queued = job;
      return;
    }
    const id = ++this.#nextId;
    this.#inFlight = { ...job, id };
    this.computing = true;
    const worker = this.#ensureWorker();
    if (worker) {
      worker.postMessage({ ...job, id } satisfies ComputeRequest);
      return;
    }
    void this.#here({ ...job, id }).then((output) => this.#done(id, output));
  }

  /** Without a worker: the same computation on the page, loaded on demand. */
  async #here(request: ComputeRequest): Promise<ComputeOutput> {
    try {
      const { compute } = await import('./compute');
      return compute(request);
    } catch (e) {
      return { ok: false, problem: { kind: 'input', problem: internalProblem(e) } };
    }
  }

  #ensureWorker(): Worker | null {
    if (this.#worker || this.#workerBroken) return this.#worker;
    try {
      const worker = new Worker(new URL('./compute.worker.ts', import.meta.url), {
        type: 'module'
      });
      worker.onmessage = (event: MessageEvent<ComputeResponse>) =>
        this.#done(event.data.id, event.data);
      worker.onerror = () => {
        // The worker failed to load or crashed: finish what was in flight here, and go on here.
        this.#workerBroken = true;
        worker.terminate();
        this.#worker = null;
        const job = this.#inFlight;
        if (job) void this.#here(job).then((output) => this.#done(job.id, output));
      };
      this.#worker = worker;
    } catch {
      this.#workerBroken = true;
    }
    return this.#worker;
  }

  #done(id: number, output: ComputeOutput): void {
    const job = this.#inFlight;
    if (!job || job.id !== id) return;
    this.#inFlight = null;
    const { id: _id, ...request } = job;
    this.output = output;
    this.outputFor = request;
    const next = this.#queued;
    this.#queued = null;
    if (next) this.#post(next);
    else this.computing = false;
  }
}
