/**
 * The portfolio against a baseline (the first snapshot, or the validation's loan file imported as
 * a snapshot): is the model still right for the borrowers it sees?
 *
 * - stability of the grades (the score's distribution over the weight set's grades; Siddiqi's
 *   system stability) and of each indicator's points (characteristic stability), by PSI;
 * - the default rate per grade against the baseline's (the rate the validation measured), with
 *   the Wilson interval and the binomial traffic light (./binomial.ts);
 * - rank order: the AUC of the snapshot's totals against its known outcomes, when it has at least
 *   MIN_RANK_DEFAULTS defaulted and as many not-defaulted loans.
 *
 * Bins of an indicator: for a categorical scale, its levels' points (levels that share points are
 * one bin, named by all their ids; the model cannot tell them apart), plus "other" for points no
 * level gives (a missing value scored by the policy's own points); for a numeric scale and an
 * indicator without a scale, ten bins of points [0, 10), [10, 20) ... [90, 100].
 */
import { aucInterval } from '../validation/auc-bootstrap';
import type { AucInterval } from '../validation/metrics';
import type { CompiledScale } from '../weights';
import {
  binomialUpperTail,
  trafficLight,
  wilsonInterval,
  type Interval,
  type TrafficLight
} from './binomial';
import type { MonitorModel } from './compare';
import type { SnapshotLoans } from './snapshot';
import { populationStability, type Stability } from './stability';

/** Fewest defaulted (and not-defaulted) loans for the rank-order test. */
export const MIN_RANK_DEFAULTS = 20;
/** The rank-order interval's bootstrap: resamples and seed (the validation page's). */
export const RANK_RESAMPLES = 1000;
export const RANK_SEED = 1;

/** The bins of an indicator's points (see the module comment). */
export interface PointBins {
  names: string[];
  /** The bin of a number of points. */
  binOf: (points: number) => number;
}

export function pointBins(scale: CompiledScale): PointBins {
  if (scale.kind === 'categorical') {
    const values: number[] = [];
    const names: string[] = [];
    scale.levels.forEach((id, k) => {
      const p = scale.levelPoints[k]!;
      const at = values.indexOf(p);
      if (at < 0) {
        values.push(p);
        names.push(id);
      } else names[at] = `${names[at]}/${id}`;
    });
    const other = values.length;
    const bin = new Map(values.map((p, k) => [p, k]));
    return { names: [...names, 'other'], binOf: (p) => bin.get(p) ?? other };
  }
  const names = Array.from({ length: 10 }, (_, k) =>
    k === 9 ? '[90, 100]' : `[${k * 10}, ${k * 10 + 10})`
  );
  return { names, binOf: (p) => Math.min(9, Math.max(0, Math.floor(p / 10))) };
}

/** Counts of the loans' grades. */
export function gradeCounts(grades: number, loans: SnapshotLoans): number[] {
  const counts = new Array<number>(grades).fill(0);
  for (let k = 0; k < loans.count; k++) counts[loans.grades[k]!]!++;
  return counts;
}

/** PSI of the grades, baseline against now. */
export function gradeStability(
  model: MonitorModel,
  baseline: SnapshotLoans,
  now: SnapshotLoans
): Stability {
  const G = model.grades.length;
  return populationStability(model.grades, gradeCounts(G, baseline), gradeCounts(G, now));
}

export interface IndicatorStability extends Stability {
  leaf: string;
}

/** PSI of each indicator's points, baseline against now; bins as the module comment says. */
export function indicatorStability(
  model: MonitorModel,
  scales: readonly CompiledScale[],
  baseline: SnapshotLoans,
  now: SnapshotLoans
): IndicatorStability[] {
  const L = model.leaves.length;
  return model.leaves.map((leaf, i) => {
    const bins = pointBins(scales[i]!);
    const count = (s: SnapshotLoans) => {
      const c = new Array<number>(bins.names.length).fill(0);
      for (let k = 0; k < s.count; k++) c[bins.binOf(s.points[k * L + i]!)]!++;
      return c;
    };
    let e = count(baseline);
    let a = count(now);
    let names = bins.names;
    // Drop bins empty on both sides (the "other" bin, mostly): they add nothing.
    const keep = names.map((_, k) => e[k]! + a[k]! > 0);
    names = names.filter((_, k) => keep[k]);
    e = e.filter((_, k) => keep[k]);
    a = a.filter((_, k) => keep[k]);
    return { leaf, ...populationStability(names, e, a) };
  });
}

export interface GradeDefaults {
  grade: string;
  /** Loans of the grade now whose outcome is known, and of them the defaulted. */
  loans: number;
  defaults: number;
  rate: number | null;
  /** Wilson 95% interval of the rate; null without loans. */
  interval: Interval | null;
  /** The baseline's rate of the grade (what the model promised); null when it has no outcomes there. */
  promised: number | null;
  promisedLoans: number;
  /** P(X >= defaults) under Binomial(loans, promised); null when either side is missing. */
  pValue: number | null;
  light: TrafficLight | null;
  /** Defaults run above the promise: yellow or red. */
  flagged: boolean;
}

/** Loans with a known outcome and their defaults, per grade. */
function outcomesByGrade(G: number, s: SnapshotLoans) {
  const loans = new Array<number>(G).fill(0);
  const defaults = new Array<number>(G).fill(0);
  for (let k = 0; k < s.count; k++) {
    const d = s.defaulted[k]!;
    if (d < 0) continue;
    loans[s.grades[k]!]!++;
    defaults[s.grades[k]!]! += d;
  }
  return { loans, defaults };
}

/** The default rate per grade now against the baseline's, with the traffic lights. */
export function gradeDefaults(
  model: MonitorModel,
  baseline: SnapshotLoans,
  now: SnapshotLoans
): GradeDefaults[] {
  const G = model.grades.length;
  const b = outcomesByGrade(G, baseline);
  const c = outcomesByGrade(G, now);
  return model.grades.map((grade, g) => {
    const n = c.loans[g]!;
    const d = c.defaults[g]!;
    const pn = b.loans[g]!;
    const promised = pn > 0 ? b.defaults[g]! / pn : null;
    const pValue = n > 0 && promised !== null ? binomialUpperTail(d, n, promised) : null;
    const light = pValue === null ? null : trafficLight(pValue);
    return {
      grade,
      loans: n,
      defaults: d,
      rate: n > 0 ? d / n : null,
      interval: n > 0 ? wilsonInterval(d, n) : null,
      promised,
      promisedLoans: pn,
      pValue,
      light,
      flagged: light === 'yellow' || light === 'red'
    };
  });
}

export type RankOrder =
  | { defined: true; loans: number; defaults: number; interval: AucInterval }
  | { defined: false; loans: number; defaults: number; minimum: number };

/** The AUC of the totals against the known outcomes, with its bootstrap interval, or why not. */
export function rankOrder(s: SnapshotLoans, resamples = RANK_RESAMPLES): RankOrder {
  const { scores, outcomes, defaults } = knownOutcomes(s);
  const loans = outcomes.length;
  if (defaults < MIN_RANK_DEFAULTS || loans - defaults < MIN_RANK_DEFAULTS)
    return { defined: false, loans, defaults, minimum: MIN_RANK_DEFAULTS };
  return {
    defined: true,
    loans,
    defaults,
    interval: aucInterval(scores, outcomes, {
      minPerClass: MIN_RANK_DEFAULTS,
      resamples,
      seed: RANK_SEED,
      level: 0.95
    })
  };
}

/** The totals and outcomes of the loans whose outcome is known. */
export function knownOutcomes(s: SnapshotLoans) {
  const scores: number[] = [];
  const outcomes: number[] = [];
  let defaults = 0;
  for (let k = 0; k < s.count; k++) {
    const d = s.defaulted[k]!;
    if (d < 0) continue;
    scores.push(s.totals[k]!);
    outcomes.push(d);
    defaults += d;
  }
  return { scores, outcomes, defaults };
}
