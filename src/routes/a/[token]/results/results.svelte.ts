/**
 * The results page's state: the researcher's choices (settings, who is left out, expert and role
 * weights, grading bands) and what follows from them. Small panels are analysed synchronously in
 * a $derived (so the page updates within the frame, and renders on the server too); panels whose
 * analysis took longer than a frame go to a Web Worker, as does every bootstrap.
 */
import type {
  Aggregation,
  BootstrapResult,
  PriorityMethod,
  RandomIndexTable,
  ThresholdPolicy
} from '$lib/ahp';
import { comparisonCount, type SurveyDefinition } from '$lib/survey';
import {
  DEFAULT_GRADES,
  PREVIEW_BOOTSTRAP,
  checkGradeBands,
  distanceFromGroup,
  expertLeafWeights,
  inconsistentNodes,
  type AnalysisOverrides,
  type WeightSetRequestInput
} from '$lib/weights';
import {
  runAnalysis,
  runBootstrap,
  type AnalysisInput,
  type AnalysisOutput,
  type BootstrapOutput,
  type WorkerRequest,
  type WorkerResponse
} from './analysis';

/** A member of the panel as the page receives it. */
export interface PanelRow {
  id: string;
  name: string;
  role: string;
  weight: number;
  imported: boolean;
  submitted: boolean;
  judgments: Record<string, Array<number | null>>;
}

/** Longer than this (ms) on the main thread, and the analysis moves to the worker. */
const FRAME_BUDGET = 12;
/** Experts x pairs up to which the analysis always runs on the main thread (12 experts x 30 pairs = 360). */
const SMALL_PANEL = 1500;
/** Quiet time before a bootstrap starts (moving a slider sends one, not fifty). */
const BOOTSTRAP_DELAY = 150;

export class ResultsState {
  readonly definition: SurveyDefinition;
  readonly panel: readonly PanelRow[];

  method = $state<PriorityMethod>('eigenvector');
  aggregation = $state<Aggregation>('aij');
  randomIndex = $state<RandomIndexTable>('saaty-1980');
  threshold = $state<ThresholdPolicy>(0.1);
  excludeInconsistent = $state(false);
  /** Ids of the experts left out. */
  excluded = $state<string[]>([]);
  /** Expert id -> the expert's own weight (default: as stored). */
  ownWeights = $state<Record<string, number>>({});
  /** Role -> a factor on the weights of its experts (default 1). */
  roleWeights = $state<Record<string, number>>({});
  grades = $state(DEFAULT_GRADES.map((b) => ({ ...b })));
  /** What the researcher typed in place of derived points: "leaf/level" -> text. */
  overrideText = $state<Record<string, string>>({});

  /** Whether analyses run on the main thread (decided once: by the panel's size, else by timing the first). */
  readonly synchronous: boolean;
  /** The analysis made while constructing (reused until the choices change). */
  #first: { input: AnalysisInput; output: AnalysisOutput } | null = null;
  /** The latest result from the worker (large panels only). */
  #workerResult = $state.raw<AnalysisOutput | null>(null);
  /** The input the worker result belongs to. */
  #workerInput = $state.raw<AnalysisInput | null>(null);
  bootstrap = $state.raw<BootstrapOutput | null>(null);
  /** The input the bootstrap belongs to (stale while it differs from `input`). */
  #bootstrapInput = $state.raw<AnalysisInput | null>(null);

  /** The Delphi round of the panel's answers (null: a survey without rounds); saved sets record it. */
  readonly round: number | null;

  constructor(
    definition: SurveyDefinition,
    panel: readonly PanelRow[],
    round: number | null = null
  ) {
    this.round = round;
    this.definition = definition;
    this.panel = panel;
    const s = definition.settings;
    this.method = s.method;
    this.aggregation = s.aggregation;
    this.randomIndex = s.randomIndex;
    this.threshold = s.threshold;
    this.ownWeights = Object.fromEntries(panel.map((e) => [e.id, e.weight]));
    this.roleWeights = Object.fromEntries(this.roles.map((r) => [r, 1]));
    const input = this.input;
    const first = runAnalysis(input);
    this.#first = { input, output: first };
    // Small panels stay on the main thread whatever the first (cold) run took; larger ones
    // move to the worker when their analysis took longer than a frame.
    const units = input.experts.length * comparisonCount(definition);
    this.synchronous = !first.ok || units <= SMALL_PANEL || first.ms <= FRAME_BUDGET;
    if (!this.synchronous) {
      this.#workerResult = first;
      this.#workerInput = input;
    }
  }

  /** The distinct non-empty roles of the panel, in order of first appearance. */
  get roles(): string[] {
    return [...new Set(this.panel.map((e) => e.role).filter((r) => r !== ''))];
  }

  readonly overrides: AnalysisOverrides = $derived({
    method: this.method,
    aggregation: this.aggregation,
    randomIndex: this.randomIndex,
    threshold: this.threshold,
    excludeInconsistent: this.excludeInconsistent
  });

  /** Own weight x role weight. */
  weightOf(id: string): number {
    const e = this.panel.find((x) => x.id === id);
    const own = this.ownWeights[id] ?? e?.weight ?? 1;
    const role = e && e.role !== '' ? (this.roleWeights[e.role] ?? 1) : 1;
    return own * role;
  }

  readonly input: AnalysisInput = $derived.by(() => ({
    definition: this.definition,
    experts: this.panel
      .filter((e) => e.submitted)
      .map((e) => ({ id: e.id, weight: this.weightOf(e.id), judgments: e.judgments })),
    excluded: this.excluded.filter((id) => this.panel.some((e) => e.id === id && e.submitted)),
    overrides: this.overrides
  }));

  /** The analysis now: computed here for small panels, else the worker's latest. */
  readonly result: AnalysisOutput | null = $derived.by(() => {
    if (!this.synchronous) return this.#workerResult;
    const input = this.input;
    return this.#first?.input === input ? this.#first.output : runAnalysis(input);
  });

  /** True while the worker is computing a newer analysis than the one shown. */
  readonly analysing = $derived.by(() => !this.synchronous && this.#workerInput !== this.input);
  /** True while the bootstrap shown belongs to other choices. */
  readonly bootstrapping = $derived(this.#bootstrapInput !== this.input);

  readonly intervals: BootstrapResult | null = $derived(
    this.bootstrap?.ok ? this.bootstrap.bootstrap : null
  );

  /** The experts with a matrix above the threshold somewhere (under the current settings). */
  readonly inconsistentExperts: string[] = $derived.by(() => {
    const r = this.result;
    if (!r?.ok) return [];
    return this.panel
      .filter((e) => e.submitted && inconsistentNodes(r.individuals[e.id]).length > 0)
      .map((e) => e.id);
  });

  /** Each submitted expert's distance from the group (see distanceFromGroup). */
  readonly distances: Record<string, number | null> = $derived.by(() => {
    const r = this.result;
    if (!r?.ok) return {};
    const group = r.analysis.leaves.map((l) => l.globalWeight);
    return Object.fromEntries(
      this.panel
        .filter((e) => e.submitted)
        .map((e) => [
          e.id,
          distanceFromGroup(expertLeafWeights(r.analysis, r.individuals[e.id]), group)
        ])
    );
  });

  readonly gradeProblem = $derived(checkGradeBands(this.grades));

  /** The overrides typed so far: valid ones by leaf and level, and the keys that are not points. */
  readonly scaleOverrides = $derived(readOverrides(this.overrideText));

  isIncluded(id: string): boolean {
    return !this.excluded.includes(id);
  }

  setIncluded(id: string, included: boolean): void {
    const rest = this.excluded.filter((x) => x !== id);
    this.excluded = included ? rest : [...rest, id];
  }

  leaveOutInconsistent(): void {
    this.excluded = [...new Set([...this.excluded, ...this.inconsistentExperts])];
  }

  includeAll(): void {
    this.excluded = [];
  }

  resetGrades(): void {
    this.grades = DEFAULT_GRADES.map((b) => ({ ...b }));
  }

  /** What the server needs to compute the same weight set (choices only, no numbers of ours). */
  request(name: string, namesInExport: boolean): WeightSetRequestInput {
    const expertWeights: Record<string, number> = {};
    for (const e of this.panel) {
      const w = this.weightOf(e.id);
      if (w !== e.weight) expertWeights[e.id] = w;
    }
    return {
      name,
      settings: { ...this.overrides },
      excluded: [...this.input.excluded],
      expertWeights,
      grades: this.grades.map((b) => ({ grade: b.grade, minScore: b.minScore })),
      namesInExport,
      overrides: this.scaleOverrides.valid,
      ...(this.round !== null ? { round: this.round } : {})
    };
  }

  /* ---------- the worker ---------- */

  #worker: Worker | null = null;
  #workerBroken = false;
  #nextId = 0;
  /** Per kind: the request in flight, and the newest one waiting for it (older ones are dropped). */
  #inFlight = new Map<Job['kind'], Job & { id: number }>();
  #queued = new Map<Job['kind'], Job>();

  /**
   * Keeps the worker's results in step with the choices: call from an $effect in the page (it
   * reads `input`); returns the clean-up of this run.
   */
  connect(): () => void {
    const input = this.input;
    if (!this.synchronous && this.#workerInput !== input) this.#post({ kind: 'analyse', input });
    const timer = setTimeout(() => {
      if (this.#bootstrapInput !== input)
        this.#post({ kind: 'bootstrap', input, options: { ...PREVIEW_BOOTSTRAP } });
    }, BOOTSTRAP_DELAY);
    return () => clearTimeout(timer);
  }

  /** Stops the worker (the page is going away). */
  disconnect(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#inFlight.clear();
    this.#queued.clear();
  }

  #post(job: Job): void {
    if (this.#inFlight.has(job.kind)) {
      this.#queued.set(job.kind, job);
      return;
    }
    const id = ++this.#nextId;
    this.#inFlight.set(job.kind, { ...job, id });
    const worker = this.#ensureWorker();
    if (worker) {
      // $state proxies can't be cloned: send plain copies.
      worker.postMessage($state.snapshot({ id, ...job }) as WorkerRequest);
      return;
    }
    // No worker (blocked or unsupported): compute here, after the current frame.
    setTimeout(() => this.#done(id, job.kind, compute(job)), 0);
  }

  #ensureWorker(): Worker | null {
    if (this.#worker || this.#workerBroken) return this.#worker;
    try {
      const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), {
        type: 'module'
      });
      worker.onmessage = (event: MessageEvent<WorkerResponse>) =>
        this.#done(event.data.id, event.data.kind, event.data.output);
      worker.onerror = () => {
        // The worker failed to load or crashed: finish what was in flight here, and go on here.
        this.#workerBroken = true;
        worker.terminate();
        this.#worker = null;
        for (const job of this.#inFlight.values())
          setTimeout(() => this.#done(job.id, job.kind, compute(job)), 0);
      };
      this.#worker = worker;
    } catch {
      this.#workerBroken = true;
    }
    return this.#worker;
  }

  #done(id: number, kind: Job['kind'], output: AnalysisOutput | BootstrapOutput): void {
    const job = this.#inFlight.get(kind);
    if (!job || job.id !== id) return;
    this.#inFlight.delete(kind);
    // Shown only while the choices are still those it was computed for.
    if (job.input === this.input) {
      if (kind === 'analyse') {
        this.#workerResult = output as AnalysisOutput;
        this.#workerInput = job.input;
      } else {
        this.bootstrap = output as BootstrapOutput;
        this.#bootstrapInput = job.input;
      }
    }
    const next = this.#queued.get(kind);
    this.#queued.delete(kind);
    if (next && next.input === this.input) this.#post(next);
  }
}

type Job =
  | { kind: 'analyse'; input: AnalysisInput }
  | {
      kind: 'bootstrap';
      input: AnalysisInput;
      options: { resamples: number; seed: number; level: number };
    };

function compute(job: Job): AnalysisOutput | BootstrapOutput {
  return job.kind === 'analyse' ? runAnalysis(job.input) : runBootstrap(job.input, job.options);
}

/**
 * Typed overrides ("leaf/level" -> text) as the save request takes them: an empty field is no
 * override; anything else must be a number from 0 to 100 (a comma as the decimal mark is read as
 * a point), else its key is listed as invalid and the page says so beside the field.
 */
export function readOverrides(text: Readonly<Record<string, string>>): {
  valid: Record<string, Record<string, number>>;
  invalid: string[];
} {
  const valid: Record<string, Record<string, number>> = {};
  const invalid: string[] = [];
  for (const [key, raw] of Object.entries(text)) {
    const t = raw.trim().replace(',', '.');
    if (t === '') continue;
    const x = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
    const [leaf, level] = key.split('/') as [string, string];
    if (!(x >= 0 && x <= 100)) invalid.push(key);
    else (valid[leaf] ??= {})[level] = x;
  }
  return { valid, invalid };
}
