/**
 * The ratings model (absolute measurement): the points of an indicator's levels, derived from
 * the panel's comparisons of those levels.
 *
 * The experts compare the levels pair by pair ("for credit risk, how much better is 'no
 * overdue' than 'overdue once'?") exactly as they compare criteria; the group's priorities w of
 * the levels come from the same aggregation, consistency, suggestions and consensus as any other
 * group of comparisons (analyseHierarchy on a one-node hierarchy). The priorities are then
 * idealised, divided by the largest, so the best level is worth the full points:
 *
 *   points_i = 100 * w_i / max_j w_j
 *
 * (Saaty, "Rank from comparisons and from ratings in the analytic hierarchy/network processes",
 * EJOR 168(2), 2006; the `rating()` function of the Bioconductor package Prize does the same:
 * `weight / max(weight)`). A zero level ("a default on record") is not compared and scores 0,
 * as Prize's `NA_category`: no ratio scale can express zero.
 */
import { AhpInputError, type InputPath } from './errors';
import {
  analyseHierarchy,
  prepareHierarchy,
  type ExpertInput,
  type HierarchyOptions,
  type HierarchyResult,
  type NodeResult
} from './hierarchy';
import { bootstrapHierarchy, percentile, type BootstrapOptions } from './uncertainty';

/** The most points a level can have: the best level of an idealised scale has exactly this. */
export const RATING_POINTS_MAX = 100;

/**
 * Idealised priorities: w_i / max_j w_j (the best element gets exactly 1).
 * @throws AhpInputError when the weights are empty, negative, not finite or all zero
 */
export function idealise(weights: readonly number[], path: InputPath = []): number[] {
  if (weights.length === 0) throw new AhpInputError(path, 'idealise: no weights');
  let max = 0;
  weights.forEach((w, k) => {
    if (!Number.isFinite(w) || w < 0)
      throw new AhpInputError([...path, k], `idealise: weight ${w} is not a finite number >= 0`);
    if (w > max) max = w;
  });
  if (max === 0) throw new AhpInputError(path, 'idealise: every weight is 0');
  return weights.map((w) => (w === max ? 1 : w / max));
}

/** A level of a scale the panel compares. */
export interface RatingLevelInput {
  id: string;
  /** Not compared; scores 0. */
  zero?: boolean;
}

/** The compared levels (without zero levels) as the children of a one-node hierarchy. */
function prepareRatings(
  group: string,
  levels: readonly RatingLevelInput[],
  experts: readonly ExpertInput[],
  options: Partial<HierarchyOptions>,
  path: InputPath
) {
  const compared = levels.filter((l) => l.zero !== true).map((l) => l.id);
  if (compared.length === 0)
    throw new AhpInputError([...path, 'levels'], 'at least one level must be compared (not zero)');
  const prepared = prepareHierarchy(
    { id: group, children: compared.map((id) => ({ id })) },
    experts,
    options,
    { hierarchy: [...path, 'levels'], experts: [...path, 'experts'] }
  );
  return { compared, prepared };
}

/** The panel's points of one scale's levels. */
export interface RatingsResult {
  /** The id the experts' judgments of these levels are keyed by. */
  group: string;
  /** Every level, in the scale's order. */
  levels: string[];
  /** The levels compared (the scale's order without the zero levels). */
  compared: string[];
  /** Group priorities of the compared levels (sum 1); null for a zero level. */
  priorities: Array<number | null>;
  /** 100 * priority / largest priority; 0 for a zero level. */
  points: number[];
  /**
   * The group's comparison: source, consistency, suggestions, consensus, included and excluded
   * experts. source is 'single' when only one level is compared (it is worth 100 points).
   */
  comparison: NodeResult;
  /** Each expert's priorities and CR for this group. */
  experts: HierarchyResult['experts'];
}

/**
 * Points of a scale's levels from the experts' comparisons of them.
 *
 * @param group the id the judgments are keyed by (each expert's `judgments[group]`: the upper
 *   triangle over the compared levels, in the scale's order)
 * @param levels the scale's levels, best first; zero levels are not compared
 * @param experts as for analyseHierarchy: `{id, weight?, judgments: {[group]: [...]}}`
 * @param options the survey's method, random-index table, threshold, aggregation ...
 * @throws AhpInputError for duplicate level ids, no compared level, judgments of the wrong size
 *   or off the scale, or no included expert who answered
 */
export function analyseRatings(
  group: string,
  levels: readonly RatingLevelInput[],
  experts: readonly ExpertInput[],
  options: Partial<HierarchyOptions> = {},
  path: InputPath = []
): RatingsResult {
  const { compared, prepared } = prepareRatings(group, levels, experts, options, path);
  const seen = new Set<string>();
  levels.forEach((l, k) => {
    if (seen.has(l.id))
      throw new AhpInputError([...path, 'levels', k, 'id'], `level id "${l.id}" is used twice`);
    seen.add(l.id);
  });
  const analysis = analyseHierarchy(prepared);
  const comparison = analysis.nodes[0]!;
  const ideal = idealise(comparison.localWeights, [...path, 'levels']);
  const at = new Map(compared.map((id, k) => [id, k]));
  return {
    group,
    levels: levels.map((l) => l.id),
    compared,
    priorities: levels.map((l) => {
      const k = at.get(l.id);
      return k === undefined ? null : comparison.localWeights[k]!;
    }),
    points: levels.map((l) => {
      const k = at.get(l.id);
      return k === undefined ? 0 : RATING_POINTS_MAX * ideal[k]!;
    }),
    comparison,
    experts: analysis.experts
  };
}

/** The bootstrap interval of each level's points (null for a zero level: 0 by definition). */
export interface RatingsBootstrap {
  method: 'percentile';
  resamples: number;
  /** Resamples in which no drawn expert answered the group (left out of the intervals). */
  skipped: number;
  seed: number;
  level: number;
  /** Per level, in the scale's order. */
  intervals: Array<{ lower: number; upper: number } | null>;
}

/**
 * Bootstrap over experts of a scale's derived points: the resamples of bootstrapHierarchy
 * (experts drawn with replacement, seeded, the inclusion of each expert's matrix decided on the
 * full panel), each giving the group's priorities w^b of the compared levels, idealised:
 * points_i^b = 100 w_i^b / max_j w_j^b. The interval of a level is the percentile interval of
 * its points_i^b (Efron and Tibshirani 1993, ch. 13). The best level's upper end is 100; a
 * level that is the best in every resample has [100, 100].
 *
 * Same arguments as analyseRatings, and the bootstrap's resamples, seed and level.
 * @throws AhpInputError as analyseRatings, and for bad bootstrap options or a group that no
 *   resample could analyse
 */
export function bootstrapRatings(
  group: string,
  levels: readonly RatingLevelInput[],
  experts: readonly ExpertInput[],
  options: Partial<HierarchyOptions>,
  bootstrap: Partial<BootstrapOptions> = {},
  path: InputPath = []
): RatingsBootstrap {
  const { compared, prepared } = prepareRatings(group, levels, experts, options, path);
  const n = compared.length;
  const samples: number[][] = compared.map(() => []);
  const result = bootstrapHierarchy(prepared, bootstrap, analyseHierarchy(prepared), (g) => {
    let max = 0;
    for (let k = 1; k <= n; k++) if (g[k]! > max) max = g[k]!;
    for (let k = 1; k <= n; k++)
      samples[k - 1]!.push(g[k] === max ? RATING_POINTS_MAX : (RATING_POINTS_MAX * g[k]!) / max);
  });
  const alpha = (1 - result.level) / 2;
  const at = new Map(compared.map((id, k) => [id, k]));
  return {
    method: 'percentile',
    resamples: result.resamples,
    skipped: result.skipped,
    seed: result.seed,
    level: result.level,
    intervals: levels.map((l) => {
      const k = at.get(l.id);
      if (k === undefined) return null;
      const sorted = Float64Array.from(samples[k]!).sort();
      return { lower: percentile(sorted, alpha), upper: percentile(sorted, 1 - alpha) };
    })
  };
}
