/**
 * Bootstrap intervals of the AUC (./metrics.ts has the conventions): the AUC with a stratified
 * bootstrap percentile interval, the paired difference of two scores' AUCs on the same loans,
 * and the discrimination summary (ROC, AUC, Gini, KS, optionally the interval) of one score.
 * Each resample draws the defaulted and the repaid loans separately with replacement (Robin et
 * al. 2011, pROC's default); percentile intervals after Efron and Tibshirani (1993), ch. 13.
 * Seeded: the same seed gives the same interval.
 */
import { percentile } from '../ahp';
import {
  checkClasses,
  checkInteger,
  checkLevel,
  checkOutcomes,
  checkScores,
  checkSeed
} from './inputs';
import type {
  AucDifference,
  AucInterval,
  BootstrapOptions,
  ClassOptions,
  Discrimination,
  PercentileInterval
} from './metrics';
import { seededUniforms } from './random';
import {
  aucOf,
  checkDiscrimination,
  ksOf,
  mannWhitneyU,
  minPerClassOf,
  rankScores,
  rocOf,
  type RankedScores
} from './ranks';

interface ResolvedBootstrap {
  resamples: number;
  seed: number;
  level: number;
}

function bootstrapOptions(fn: string, options: BootstrapOptions): ResolvedBootstrap {
  return {
    resamples: checkInteger(fn, 'resamples', options.resamples ?? 1000, 1),
    seed: checkSeed(fn, options.seed ?? 1),
    level: checkLevel(fn, options.level ?? 0.95)
  };
}

/** The percentile interval of the resampled values (sorted in place) and their standard error. */
function percentileInterval(
  samples: Float64Array,
  o: ResolvedBootstrap
): PercentileInterval & { method: 'percentile' } {
  const B = samples.length;
  let mean = 0;
  for (let b = 0; b < B; b++) mean += samples[b]!;
  mean /= B;
  let ss = 0;
  for (let b = 0; b < B; b++) ss += (samples[b]! - mean) ** 2;
  samples.sort();
  return {
    lower: percentile(samples, (1 - o.level) / 2),
    upper: percentile(samples, (1 + o.level) / 2),
    standardError: B > 1 ? Math.sqrt(ss / (B - 1)) : 0,
    level: o.level,
    resamples: o.resamples,
    seed: o.seed,
    method: 'percentile'
  };
}

/** The groups of the defaulted loans and of the repaid loans, for drawing resamples. */
function groupsByClass(r: RankedScores, outcomes: ArrayLike<number>): [Int32Array, Int32Array] {
  const d = new Int32Array(r.defaults);
  const p = new Int32Array(r.repaid);
  let a = 0;
  let b = 0;
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] === 1) d[a++] = r.groupOf[i]!;
    else p[b++] = r.groupOf[i]!;
  }
  return [d, p];
}

/**
 * The one resampling loop of this file: B stratified resamples of the loans (each draws n1 of
 * the defaulted and n0 of the repaid loans with replacement, from the seeded stream), and on
 * each, the Mann-Whitney U of every score in `ranked` on the same drawn loans (so a difference
 * of two scores' AUCs is paired). Returns one array of B values of U per score; U / (n1 n0) is
 * the resample's AUC.
 */
function resampledU(
  ranked: readonly RankedScores[],
  outcomes: ArrayLike<number>,
  o: ResolvedBootstrap
): Float64Array[] {
  const n1 = ranked[0]!.defaults;
  const n0 = ranked[0]!.repaid;
  const scores = ranked.map((r) => {
    const [defaultGroups, repaidGroups] = groupsByClass(r, outcomes);
    const G = r.values.length;
    const c1 = new Int32Array(G);
    const c0 = new Int32Array(G);
    return { G, defaultGroups, repaidGroups, c1, c0, u: new Float64Array(o.resamples) };
  });
  const draw = seededUniforms(o.seed);
  const uniforms = new Float64Array(n1 + n0);
  // The k-th draw: an index into the defaulted loans (k < n1) or the repaid ones.
  const drawn = new Int32Array(n1 + n0);
  for (let b = 0; b < o.resamples; b++) {
    draw(uniforms);
    for (let k = 0; k < n1; k++) drawn[k] = Math.floor(uniforms[k]! * n1);
    for (let k = n1; k < n1 + n0; k++) drawn[k] = Math.floor(uniforms[k]! * n0);
    for (const s of scores) {
      s.c1.fill(0);
      s.c0.fill(0);
      for (let k = 0; k < n1; k++) s.c1[s.defaultGroups[drawn[k]!]!]!++;
      for (let k = n1; k < n1 + n0; k++) s.c0[s.repaidGroups[drawn[k]!]!]!++;
      s.u[b] = mannWhitneyU(s.c1, s.c0, s.G);
    }
  }
  return scores.map((s) => s.u);
}

function intervalOf(
  r: RankedScores,
  outcomes: ArrayLike<number>,
  o: ResolvedBootstrap
): AucInterval {
  const [samples] = resampledU([r], outcomes, o) as [Float64Array];
  const pairs = r.defaults * r.repaid;
  for (let b = 0; b < o.resamples; b++) samples[b] = samples[b]! / pairs;
  return {
    auc: aucOf(r),
    ...percentileInterval(samples, o),
    resampling: 'stratified'
  };
}

/**
 * A bootstrap percentile interval of the AUC (Efron and Tibshirani 1993, ch. 13), with
 * stratified resampling as in pROC (Robin et al. 2011): each resample draws n1 of the defaulted
 * loans and n0 of the repaid loans with replacement; the interval is the (1 - level)/2 and
 * (1 + level)/2 percentiles (type 7) of the B resampled AUCs.
 *
 * Each resample costs O(n + G), not a new sort: the scores are sorted once into G distinct values;
 * a resample only changes how many times each loan is drawn, so it counts the draws of each
 * class at each distinct score and runs {@link mannWhitneyU} over those counts.
 *
 * @throws ValidationInputError as {@link auc}, or for resamples not a whole number >= 1, a level
 *   outside (0, 1) or a seed that is not a whole number
 */
export function aucInterval(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: BootstrapOptions = {}
): AucInterval {
  const o = bootstrapOptions('aucInterval', options);
  checkDiscrimination('aucInterval', scores, outcomes, options, 'the AUC');
  return intervalOf(rankScores(scores, outcomes), outcomes, o);
}

/**
 * The difference in AUC of two scores on the same loans (two weight sets, or the experts' weights
 * against the regression baseline): aucA - aucB, with a paired bootstrap percentile interval.
 * Each resample draws loans stratified by outcome (as {@link aucInterval}) and computes both AUCs
 * on the same drawn loans, so the interval accounts for the correlation between the two scores.
 * O(n + G_A + G_B) per resample.
 *
 * @throws ValidationInputError as {@link aucInterval}, naming `scoresA` or `scoresB`
 */
export function aucDifference(
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: BootstrapOptions = {}
): AucDifference {
  const fn = 'aucDifference';
  const o = bootstrapOptions(fn, options);
  const min = minPerClassOf(fn, options);
  const counts = checkOutcomes(fn, outcomes);
  checkScores(fn, scoresA, outcomes.length, 'scoresA');
  checkScores(fn, scoresB, outcomes.length, 'scoresB');
  checkClasses(fn, counts, min, 'the AUC');
  const ra = rankScores(scoresA, outcomes);
  const rb = rankScores(scoresB, outcomes);
  const [ua, ub] = resampledU([ra, rb], outcomes, o) as [Float64Array, Float64Array];
  const pairs = counts.defaults * counts.repaid;
  const samples = new Float64Array(o.resamples);
  for (let b = 0; b < o.resamples; b++) samples[b] = (ua[b]! - ub[b]!) / pairs;
  const aucA = aucOf(ra);
  const aucB = aucOf(rb);
  return {
    aucA,
    aucB,
    difference: aucA - aucB,
    ...percentileInterval(samples, o),
    resampling: 'paired-stratified'
  };
}

/**
 * Every discrimination measure of one score from a single sort: AUC, Gini, KS, the ROC curve
 * and, when `bootstrap` is given, the AUC interval of {@link aucInterval}. What the validation
 * report shows for a weight set.
 *
 * @throws ValidationInputError as {@link aucInterval}
 */
export function discrimination(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: ClassOptions & { bootstrap?: BootstrapOptions } = {}
): Discrimination {
  const fn = 'discrimination';
  const o = options.bootstrap ? bootstrapOptions(fn, options.bootstrap) : null;
  const counts = checkDiscrimination(fn, scores, outcomes, options, 'the AUC');
  const r = rankScores(scores, outcomes);
  const a = aucOf(r);
  const result: Discrimination = {
    loans: outcomes.length,
    defaults: counts.defaults,
    repaid: counts.repaid,
    auc: a,
    gini: 2 * a - 1,
    ks: ksOf(r),
    roc: rocOf(r)
  };
  if (o) result.interval = intervalOf(r, outcomes, o);
  return result;
}
