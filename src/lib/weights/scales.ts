/**
 * Rating scales in weight sets (version 2): turning a survey's scale definition and the panel's
 * ratings into a leaf's scale, and the checks verifyWeightSet runs on every scale.
 */
import type { InputPath, RatingsBootstrap, RatingsResult } from '../ahp';
import { labelKey, type RatingScale } from '../survey';
import type { CategoricalLeafScale, LeafScale } from './schema-v2';
import { SCORE_MAX, SCORE_MIN } from './schema';

/** Points the researcher put in place of derived ones: leaf id -> level id -> points. */
export type ScaleOverrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * The weight-set form of a leaf's scale.
 * @param ratings the panel's analysis of the levels (analyseRatings), needed when the scale's
 *   points are "panel"
 * @param overrides level id -> points replacing a derived value (recorded as "override")
 * @param bootstrap the bootstrap intervals of the derived points (bootstrapRatings), if any
 * @returns the scale, or a problem (path relative to the leaf's scale) to report
 */
export function leafScaleOf(
  scale: RatingScale,
  ratings: RatingsResult | undefined,
  overrides: Readonly<Record<string, number>> = {},
  bootstrap?: RatingsBootstrap
): LeafScale | { path: InputPath; message: string } {
  for (const id of Object.keys(overrides))
    if (
      scale.kind === 'numeric' ||
      !scale.levels.some((l) => l.id === id && scale.points === 'panel' && l.zero !== true)
    )
      return {
        path: ['overrides', id],
        message: `"${id}" is not a level whose points the panel derives`
      };
  if (scale.kind === 'numeric')
    return {
      kind: 'numeric',
      shape: scale.shape,
      unit: scale.unit ? { en: scale.unit.en, zh: scale.unit.zh } : null,
      breakpoints: scale.breakpoints.map((b) => ({ value: b.value, points: b.points })),
      outside: scale.outside,
      missing: { ...scale.missing }
    };
  const label = (l: (typeof scale.levels)[number]) => ({ en: l.label.en, zh: l.label.zh });
  if (scale.points === 'fixed')
    return {
      kind: 'categorical',
      levels: scale.levels.map((l) => ({
        id: l.id,
        label: label(l),
        points: l.points!,
        source: 'fixed',
        derived: null,
        zero: false
      })),
      ratings: null,
      missing: { ...scale.missing }
    };
  if (!ratings)
    return {
      path: ['ratings'],
      message: "the panel compares this scale's levels: give their analysis (analyseRatings)"
    };
  if (ratings.levels.join('\u0000') !== scale.levels.map((l) => l.id).join('\u0000'))
    return {
      path: ['ratings', 'levels'],
      message: 'the ratings are of other levels than the scale'
    };
  if (bootstrap && bootstrap.intervals.length !== scale.levels.length)
    return {
      path: ['bootstrap'],
      message: 'the bootstrap intervals are of other levels than the scale'
    };
  const c = ratings.comparison;
  return {
    kind: 'categorical',
    levels: scale.levels.map((l, k) => {
      const derived = ratings.points[k]!;
      const override = overrides[l.id];
      const base = { id: l.id, label: label(l) };
      if (l.zero === true)
        return { ...base, points: 0, source: 'fixed', derived: null, zero: true };
      return override === undefined
        ? { ...base, points: derived, source: 'derived', derived: null, zero: false }
        : { ...base, points: override, source: 'override', derived, zero: false };
    }),
    ratings: {
      cr: c.consistency?.cr ?? null,
      consistent: c.consistency?.consistent ?? null,
      consensus: c.consensus ? { sStar: c.consensus.sStar, band: c.consensus.band } : null,
      experts: c.included.length,
      intervals: bootstrap
        ? scale.levels.flatMap((l, k) => {
            const i = bootstrap.intervals[k];
            return i ? [{ level: l.id, lower: i.lower, upper: i.upper }] : [];
          })
        : null
    },
    missing: { ...scale.missing }
  };
}

/**
 * What is wrong with a leaf's scale in a weight set, or null: level ids unique; ids and labels
 * (either language, labelKey) each name one level; points in [0, 100]; a derived level carries
 * no `derived` value, an override carries the derived one, a fixed one neither; a zero level has
 * 0 points; the derived values (of derived and overridden levels) reach exactly 100 (idealised:
 * the best level is 100 before any override);
 * breakpoints strictly increasing; stated missing points in [0, 100].
 */
export function leafScaleProblem(s: LeafScale): { path: InputPath; message: string } | null {
  const inRange = (x: number) => x >= SCORE_MIN && x <= SCORE_MAX;
  if (s.kind === 'numeric') {
    for (let k = 1; k < s.breakpoints.length; k++)
      if (!(s.breakpoints[k]!.value > s.breakpoints[k - 1]!.value))
        return {
          path: ['breakpoints', k, 'value'],
          message: `breakpoint values must rise: ${s.breakpoints[k]!.value} after ${s.breakpoints[k - 1]!.value}`
        };
    return null;
  }
  const names = new Map<string, number>();
  let panel = false;
  let best = -1;
  for (let k = 0; k < s.levels.length; k++) {
    const l = s.levels[k]!;
    const at = (...p: Array<string | number>) => ['levels', k, ...p];
    if (s.levels.findIndex((m) => m.id === l.id) !== k)
      return { path: at('id'), message: `level id "${l.id}" is used twice` };
    for (const t of new Set([l.id, l.label.en, l.label.zh].filter((x) => x !== ''))) {
      const other = names.get(labelKey(t));
      if (other !== undefined && other !== k)
        return {
          path: at('label'),
          message: `"${t}" already names level "${s.levels[other]!.id}"`
        };
      names.set(labelKey(t), k);
    }
    if (!inRange(l.points))
      return {
        path: at('points'),
        message: `${l.points} is not from ${SCORE_MIN} to ${SCORE_MAX}`
      };
    if (l.zero && (l.points !== 0 || l.source !== 'fixed'))
      return { path: at('points'), message: 'a zero level has 0 fixed points' };
    if ((l.source === 'override') !== (l.derived !== null))
      return {
        path: at('derived'),
        message: 'an override keeps the derived value beside it; other levels have none'
      };

    if (l.source !== 'fixed') {
      panel = true;
      best = Math.max(best, l.derived ?? l.points);
    }
  }
  if (panel && best !== SCORE_MAX)
    return {
      path: ['levels'],
      message: `the panel's points are idealised: the best derived level has exactly ${SCORE_MAX}, not ${best}`
    };
  return intervalsProblem(s);
}

/**
 * The bootstrap intervals of a categorical scale: one per derived or overridden level, in the
 * levels' order, lower <= upper.
 */
function intervalsProblem(s: CategoricalLeafScale): { path: InputPath; message: string } | null {
  const intervals = s.ratings?.intervals ?? null;
  if (intervals === null) return null;
  const expected = s.levels.filter((l) => l.source !== 'fixed').map((l) => l.id);
  for (let k = 0; k < Math.max(intervals.length, expected.length); k++) {
    const i = intervals[k];
    const path = ['ratings', 'intervals', k];
    if (!i || i.level !== expected[k])
      return {
        path,
        message: `the intervals are of the derived and overridden levels, in order (${expected.join(', ')})`
      };
    if (!(i.lower <= i.upper))
      return {
        path,
        message: `an interval runs from lower to upper, not ${i.lower} to ${i.upper}`
      };
  }
  return null;
}
