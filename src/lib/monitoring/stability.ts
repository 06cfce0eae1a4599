/**
 * Population stability: how far a distribution over fixed bins has moved from a baseline.
 *
 *   PSI = sum_i (a_i - e_i) ln(a_i / e_i)
 *
 * with e_i the baseline's share of bin i and a_i the current share (Siddiqi, Credit Risk
 * Scorecards, Wiley 2006, ch. 8 "system stability report"; the same formula over the bins of one
 * indicator is his "characteristic analysis", here `characteristic stability`). Each term is
 * >= 0, so PSI >= 0, and 0 only for identical shares.
 *
 * Empty bins: ln(a/e) is undefined when a bin is empty in either distribution. Following the
 * common practice (Yurdakul, "Statistical properties of population stability index", PhD thesis,
 * Western Michigan University 2018, sec. 2: zero cells are replaced by a small number before the
 * logarithm), a share of exactly 0 is replaced by PSI_EPSILON = 0.0001 (0.01%) and the shares are
 * NOT renormalised; the bins so adjusted are listed in the result (`adjusted`), so the figure
 * never hides that it leaned on the convention. A bin empty in both distributions adds nothing
 * (both shares are 0, so it is skipped, not adjusted).
 *
 * Bands (Siddiqi 2006; Yurdakul 2018 sec. 1): < 0.10 stable, 0.10 to 0.25 watch (a small change,
 * worth a look), > 0.25 shifted (a significant change). A value exactly 0.10 is "watch", exactly
 * 0.25 is "watch" too (the band is "0.10 - 0.25" inclusive; "> 0.25" is strict).
 */

/** The share put in place of an empty bin's 0 before the logarithm (see the module comment). */
export const PSI_EPSILON = 0.0001;

/** The upper bound of the "stable" band (exclusive) and of the "watch" band (inclusive). */
export const PSI_WATCH = 0.1;
export const PSI_SHIFTED = 0.25;

export type StabilityBand = 'stable' | 'watch' | 'shifted';

export interface StabilityBin {
  /** The bin's name (a grade, a level, a band of points). */
  bin: string;
  baseline: number;
  current: number;
  /** Shares of the baseline's and of the current total (before any adjustment). */
  baselineShare: number;
  currentShare: number;
  /** (a - e) ln(a / e) with the adjusted shares; 0 when the bin is empty in both. */
  contribution: number;
  /** Whether an empty share was replaced by PSI_EPSILON. */
  adjusted: boolean;
}

export interface Stability {
  psi: number;
  band: StabilityBand;
  bins: StabilityBin[];
  /** Names of the bins whose share was replaced by the epsilon (empty on one side only). */
  adjusted: string[];
  epsilon: number;
  baselineTotal: number;
  currentTotal: number;
}

/** The band of a PSI value: < 0.10 stable, 0.10-0.25 watch, > 0.25 shifted. */
export function stabilityBand(psi: number): StabilityBand {
  if (psi < PSI_WATCH) return 'stable';
  return psi <= PSI_SHIFTED ? 'watch' : 'shifted';
}

/**
 * The population stability index of counts over the same bins.
 *
 * @param bins names of the bins, in order
 * @param baseline counts of the baseline per bin
 * @param current counts now per bin
 * @throws RangeError (naming `populationStability`) when the lengths differ, a count is not a
 *   whole number >= 0, or either side has no counts at all (no distribution to compare)
 */
export function populationStability(
  bins: readonly string[],
  baseline: ArrayLike<number>,
  current: ArrayLike<number>,
  epsilon = PSI_EPSILON
): Stability {
  const fn = 'populationStability';
  if (baseline.length !== bins.length || current.length !== bins.length)
    throw new RangeError(
      `${fn}: ${bins.length} bins but ${baseline.length} baseline and ${current.length} current counts`
    );
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`${fn}: epsilon must be in (0, 1)`);
  let e = 0;
  let a = 0;
  for (let i = 0; i < bins.length; i++) {
    for (const [side, x] of [
      ['baseline', baseline[i]!],
      ['current', current[i]!]
    ] as const)
      if (!(Number.isInteger(x) && x >= 0))
        throw new RangeError(`${fn}: the ${side} count of bin ${bins[i]} is ${x}, not a count`);
    e += baseline[i]!;
    a += current[i]!;
  }
  if (e === 0 || a === 0)
    throw new RangeError(
      `${fn}: the ${e === 0 ? 'baseline' : 'current'} distribution is empty: nothing to compare`
    );
  let psi = 0;
  const adjusted: string[] = [];
  const rows = bins.map((bin, i): StabilityBin => {
    const baselineShare = baseline[i]! / e;
    const currentShare = current[i]! / a;
    const empty = baselineShare === 0 && currentShare === 0;
    const fix = !empty && (baselineShare === 0 || currentShare === 0);
    if (fix) adjusted.push(bin);
    const es = baselineShare === 0 ? epsilon : baselineShare;
    const as = currentShare === 0 ? epsilon : currentShare;
    const contribution = empty ? 0 : (as - es) * Math.log(as / es);
    psi += contribution;
    return {
      bin,
      baseline: baseline[i]!,
      current: current[i]!,
      baselineShare,
      currentShare,
      contribution,
      adjusted: fix
    };
  });
  return {
    psi,
    band: stabilityBand(psi),
    bins: rows,
    adjusted,
    epsilon,
    baselineTotal: e,
    currentTotal: a
  };
}
