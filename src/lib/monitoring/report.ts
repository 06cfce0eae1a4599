/**
 * The monitoring report of a weight set's snapshots: what the page shows and `pairwise monitor`
 * writes. Snapshots are in date order; `then` and `now` default to the last two, the baseline to
 * the first.
 */
import { compileScorer, type ScoringSet, type CompiledScale } from '../weights';
import { PSI_EPSILON, PSI_SHIFTED, PSI_WATCH } from './stability';
import { TRAFFIC_RED, TRAFFIC_YELLOW } from './binomial';
import {
  DEFAULT_WARNING_DROP,
  DEFAULT_WARNING_GRADE,
  migrationMatrix,
  warningList,
  type Migration,
  type MonitorModel,
  type WarningList,
  type WarningOptions
} from './compare';
import {
  gradeDefaults,
  gradeStability,
  indicatorStability,
  knownOutcomes,
  MIN_RANK_DEFAULTS,
  RANK_RESAMPLES,
  RANK_SEED,
  rankOrder,
  type GradeDefaults,
  type IndicatorStability,
  type RankOrder
} from './portfolio';
import type { SnapshotLoans } from './snapshot';
import type { Stability } from './stability';
import { auc } from '../validation/metrics';

export interface MonitorSnapshot {
  id: string;
  name: string;
  /** YYYY-MM-DD */
  asOf: string;
  loans: SnapshotLoans;
}

export interface SnapshotSummary {
  id: string;
  name: string;
  asOf: string;
  loans: number;
  /** Loans whose outcome is known, and of them the defaulted. */
  outcomes: number;
  defaults: number;
}

export interface SeriesPoint {
  id: string;
  asOf: string;
  name: string;
  /** PSI of the grades against the baseline. */
  gradePsi: number;
  /** PSI of each indicator's points against the baseline, in leaf order. */
  indicatorPsi: number[];
  /** Share of the loans in the warning grade or below. */
  warningShare: number;
  /** Defaults / loans with a known outcome; null when none is known. */
  defaultRate: number | null;
  /** AUC of the totals against the known outcomes; null with fewer than MIN_RANK_DEFAULTS of either. */
  auc: number | null;
}

export interface MonitorReport {
  weightSet: { name: string; hash: string };
  leaves: { id: string; label: { en: string; zh: string }; weight: number }[];
  grades: string[];
  snapshots: SnapshotSummary[];
  baseline: string;
  then: string;
  now: string;
  method: typeof MONITOR_METHOD;
  migration: Migration;
  warning: WarningList;
  stability: { grades: Stability; indicators: IndicatorStability[] };
  defaults: GradeDefaults[];
  /** Rank order now (AUC with its interval), and the baseline's AUC (null below the minimum). */
  rankOrder: { now: RankOrder; baseline: number | null };
  series: SeriesPoint[];
}

/** The method, stated in every report. */
export const MONITOR_METHOD = Object.freeze({
  psi: {
    formula: 'sum (a - e) ln(a / e) over bins',
    epsilon: PSI_EPSILON,
    emptyBins: 'a share of 0 on one side is replaced by epsilon, not renormalised (Yurdakul 2018)',
    bands: {
      stable: `< ${PSI_WATCH}`,
      watch: `${PSI_WATCH}-${PSI_SHIFTED}`,
      shifted: `> ${PSI_SHIFTED}`
    },
    gradeBins: "the weight set's grades",
    indicatorBins: 'categorical: the levels (by points); numeric or no scale: ten 10-point bins'
  },
  defaults: {
    promised: "the baseline's default rate of the grade",
    test: 'exact one-sided binomial P(X >= d | n, promised)',
    lights: { yellow: `p < ${TRAFFIC_YELLOW}`, red: `p < ${TRAFFIC_RED}` },
    source: 'Tasche 2003; BCBS Working Paper 14 (2005)',
    interval: 'Wilson 95%'
  },
  rankOrder: {
    measure: 'AUC of the total against known outcomes',
    minimumDefaults: MIN_RANK_DEFAULTS,
    interval: `bootstrap percentile 95%, ${RANK_RESAMPLES} stratified resamples, seed ${RANK_SEED}`
  },
  warning: { defaultGrade: DEFAULT_WARNING_GRADE, defaultDrop: DEFAULT_WARNING_DROP }
});

export interface MonitorOptions extends WarningOptions {
  then?: string;
  now?: string;
  baseline?: string;
}

/** The weight set's side of a comparison, and its compiled scales. */
export function monitorModel(ws: ScoringSet): { model: MonitorModel; scales: CompiledScale[] } {
  const scorer = compileScorer(ws);
  return {
    model: {
      leaves: scorer.leaves,
      labels: scorer.labels,
      weights: scorer.weights,
      grades: scorer.grades
    },
    scales: scorer.scales
  };
}

export function summarise(s: MonitorSnapshot): SnapshotSummary {
  let outcomes = 0;
  let defaults = 0;
  for (let k = 0; k < s.loans.count; k++) {
    const d = s.loans.defaulted[k]!;
    if (d >= 0) {
      outcomes++;
      defaults += d;
    }
  }
  return { id: s.id, name: s.name, asOf: s.asOf, loans: s.loans.count, outcomes, defaults };
}

/**
 * The report. Needs two snapshots or more, in date order.
 * @throws RangeError for fewer than two snapshots, an unknown snapshot id, `then` not before
 *   `now`, or a bad warning option
 */
export function monitorReport(
  ws: ScoringSet & { name: string; hash: { value: string } },
  snapshots: readonly MonitorSnapshot[],
  options: MonitorOptions = {}
): MonitorReport {
  if (snapshots.length < 2)
    throw new RangeError('monitorReport: add two snapshots or more to compare them');
  const { model, scales } = monitorModel(ws);
  const find = (id: string | undefined, fallback: number, what: string) => {
    if (id === undefined) return fallback;
    const k = snapshots.findIndex((s) => s.id === id);
    if (k < 0)
      throw new RangeError(
        `monitorReport: the ${what} snapshot ${JSON.stringify(id)} is not one of this weight set's`
      );
    return k;
  };
  const n = snapshots.length;
  const nowAt = find(options.now, n - 1, 'now');
  const thenAt = find(options.then, nowAt > 0 ? nowAt - 1 : 0, 'then');
  const baseAt = find(options.baseline, 0, 'baseline');
  if (thenAt === nowAt)
    throw new RangeError(
      'monitorReport: compare two different snapshots (then and now are the same)'
    );
  const then = snapshots[thenAt]!;
  const now = snapshots[nowAt]!;
  const base = snapshots[baseAt]!;
  const warning = warningList(model, then.loans, now.loans, options);
  const w = model.grades.indexOf(warning.warningGrade);
  const series = snapshots.map((s): SeriesPoint => {
    const sum = summarise(s);
    let warned = 0;
    for (let k = 0; k < s.loans.count; k++) if (s.loans.grades[k]! >= w) warned++;
    return {
      id: s.id,
      asOf: s.asOf,
      name: s.name,
      gradePsi: gradeStability(model, base.loans, s.loans).psi,
      indicatorPsi: indicatorStability(model, scales, base.loans, s.loans).map((x) => x.psi),
      warningShare: warned / s.loans.count,
      defaultRate: sum.outcomes > 0 ? sum.defaults / sum.outcomes : null,
      auc: rankAuc(s.loans)
    };
  });
  return {
    weightSet: { name: ws.name, hash: ws.hash.value },
    leaves: model.leaves.map((id, i) => ({
      id,
      label: { en: model.labels[i]!.en, zh: model.labels[i]!.zh },
      weight: model.weights[i]!
    })),
    grades: model.grades,
    snapshots: snapshots.map(summarise),
    baseline: base.id,
    then: then.id,
    now: now.id,
    method: MONITOR_METHOD,
    migration: migrationMatrix(model.grades, then.loans, now.loans),
    warning,
    stability: {
      grades: gradeStability(model, base.loans, now.loans),
      indicators: indicatorStability(model, scales, base.loans, now.loans)
    },
    defaults: gradeDefaults(model, base.loans, now.loans),
    rankOrder: { now: rankOrder(now.loans), baseline: series[baseAt]!.auc },
    series
  };
}

/** The AUC alone (no interval) for the series, or null below the minimum. */
function rankAuc(s: SnapshotLoans): number | null {
  const { scores, outcomes, defaults } = knownOutcomes(s);
  if (defaults < MIN_RANK_DEFAULTS || outcomes.length - defaults < MIN_RANK_DEFAULTS) return null;
  return auc(scores, outcomes, { minPerClass: MIN_RANK_DEFAULTS });
}
