/**
 * Rating scales: the table that turns what a loan officer records about an applicant into the
 * points (0-100, 100 = the lowest risk) of one indicator (a leaf of the hierarchy). In AHP terms
 * this is the ratings model (absolute measurement, Saaty): ordered levels whose points either
 * come from the bank's own table or are derived by the panel comparing the levels pair by pair.
 *
 * - categorical, points "fixed": every level carries the points the researcher typed in;
 * - categorical, points "panel": the experts compare the levels (not the zero levels) on Saaty's
 *   scale; the group's priorities divided by the largest, times 100, are the points
 *   (ratingPoints in src/lib/ahp); a zero level scores 0 whatever the comparisons say;
 * - numeric: a value function of a recorded number through breakpoints (value -> points),
 *   "linear" between them or in "steps" (the points of the last breakpoint at or below the
 *   value); outside the first and last breakpoint it clamps or refuses, as the researcher sets.
 *
 * Missing values, per indicator: refuse the record, score the worst level, or stated points.
 * This module imports only valibot and the text rule (./text.ts), so that the survey schema
 * (./schema.ts) can use it.
 */
import * as v from 'valibot';
import { lineSchema, paragraphSchema } from './text';

export const SCALE_POINTS_MIN = 0;
export const SCALE_POINTS_MAX = 100;
/** A scale has 2-20 levels (the most the expert page asks to compare) or breakpoints. */
export const MAX_LEVELS = 20;
export const MAX_LEVEL_LABEL = 100;
/** Level ids: the same rule as node ids, so they are URL- and CSV-safe. */
export const LEVEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

const points = v.pipe(
  v.number(),
  v.finite(),
  v.minValue(SCALE_POINTS_MIN, `points run from ${SCALE_POINTS_MIN} to ${SCALE_POINTS_MAX}`),
  v.maxValue(SCALE_POINTS_MAX, `points run from ${SCALE_POINTS_MIN} to ${SCALE_POINTS_MAX}`)
);
const levelText = lineSchema(MAX_LEVEL_LABEL);

/** What to do with a record that has no value for the indicator. */
export const missingPolicySchema = v.variant('policy', [
  v.strictObject({ policy: v.literal('refuse') }),
  v.strictObject({ policy: v.literal('worst') }),
  v.strictObject({ policy: v.literal('points'), points })
]);
export type MissingPolicy = v.InferOutput<typeof missingPolicySchema>;

export const scaleLevelSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(
      LEVEL_ID_PATTERN,
      'a level id is 1-32 letters, digits, "_", "." or "-", starting with a letter or digit'
    )
  ),
  label: v.pipe(
    v.strictObject({ en: levelText, zh: levelText }),
    v.check((t) => t.en !== '' || t.zh !== '', 'give the level a name in English or Chinese')
  ),
  /** The researcher's points (scales with points "fixed"); absent when the panel compares. */
  points: v.optional(points),
  /** Scores 0 and is not compared (scales with points "panel"). */
  zero: v.optional(v.boolean())
});
export type ScaleLevel = v.InferOutput<typeof scaleLevelSchema>;

/** Where the scale comes from ("editable default: the study's own table is not in its text"). */
const noteSchema = v.optional(
  v.strictObject({
    en: paragraphSchema(500),
    zh: paragraphSchema(500)
  })
);

const categoricalSchema = v.strictObject({
  kind: v.literal('categorical'),
  note: noteSchema,
  /** Where the levels' points come from. */
  points: v.picklist(['fixed', 'panel'], 'points are "fixed" (typed in) or "panel" (compared)'),
  /** Ordered from the best level (lowest risk) to the worst. */
  levels: v.pipe(
    v.array(scaleLevelSchema),
    v.minLength(2, 'a scale needs at least two levels'),
    v.maxLength(MAX_LEVELS, `at most ${MAX_LEVELS} levels`)
  ),
  missing: missingPolicySchema
});

const numericSchema = v.strictObject({
  kind: v.literal('numeric'),
  note: noteSchema,
  shape: v.picklist(['linear', 'steps'], 'a numeric scale is "linear" or "steps"'),
  /** The recorded number's unit, shown to the loan officer ("share of annual income"). */
  unit: v.optional(v.strictObject({ en: levelText, zh: levelText })),
  /** Ascending values, each with its points. */
  breakpoints: v.pipe(
    v.array(v.strictObject({ value: v.pipe(v.number(), v.finite()), points })),
    v.minLength(2, 'a numeric scale needs at least two breakpoints'),
    v.maxLength(MAX_LEVELS, `at most ${MAX_LEVELS} breakpoints`)
  ),
  /** Below the first or above the last breakpoint: the end's points, or refuse the record. */
  outside: v.picklist(['clamp', 'refuse'], 'outside the breakpoints: "clamp" or "refuse"'),
  missing: missingPolicySchema
});

/**
 * A rating scale as the researcher defines it. What the schema cannot say (unique level ids,
 * labels that name one level only, points given exactly where they must be, breakpoints
 * ascending) scaleProblem adds.
 */
export const ratingScaleSchema = v.pipe(
  v.variant('kind', [categoricalSchema, numericSchema], 'a scale is "categorical" or "numeric"'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const p = scaleProblem(dataset.value);
    if (!p) return;
    // Never empty: scaleProblem names at least the field at fault. Numbers are array indices.
    const path = p.path.map((key) => ({
      type: 'object' as const,
      origin: 'value' as const,
      input: dataset.value as Record<string, unknown>,
      key,
      value: undefined
    })) as unknown as [v.IssuePathItem, ...v.IssuePathItem[]];
    addIssue({ message: p.message, path });
  })
);
export type RatingScale = v.InferOutput<typeof ratingScaleSchema>;
export type CategoricalScale = Extract<RatingScale, { kind: 'categorical' }>;
export type NumericScale = Extract<RatingScale, { kind: 'numeric' }>;

/** The key a label is matched by: trimmed, spaces collapsed, lower case. */
export function labelKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * What is wrong with a scale beyond its shape, or null.
 * Categorical: level ids unique; each id and label (either language, compared by labelKey)
 * names one level only, so a recorded value is never ambiguous; "fixed" levels all carry points
 * and no zero flag; "panel" levels carry no points and at least one is compared (not zero).
 * Numeric: breakpoint values strictly ascending.
 */
export function scaleProblem(
  scale: RatingScale
): { path: Array<string | number>; message: string } | null {
  if (scale.kind === 'numeric') {
    const b = scale.breakpoints;
    for (let k = 1; k < b.length; k++)
      if (!(b[k]!.value > b[k - 1]!.value))
        return {
          path: ['breakpoints', k, 'value'],
          message: `breakpoint values must rise: ${b[k]!.value} after ${b[k - 1]!.value}`
        };
    return null;
  }
  const names = new Map<string, number>();
  for (let k = 0; k < scale.levels.length; k++) {
    const level = scale.levels[k]!;
    const keys = new Set([level.id, level.label.en, level.label.zh].filter((t) => t !== ''));
    for (const t of keys) {
      const key = labelKey(t);
      const other = names.get(key);
      if (other !== undefined && other !== k)
        return {
          path: ['levels', k],
          message: `"${t}" already names level ${other + 1} ("${scale.levels[other]!.id}"); each id and label names one level`
        };
      names.set(key, k);
    }
    if (scale.points === 'fixed') {
      if (level.points === undefined)
        return { path: ['levels', k, 'points'], message: 'give the points of this level (0-100)' };
      if (level.zero !== undefined)
        return {
          path: ['levels', k, 'zero'],
          message: 'a zero level belongs to a scale the panel compares; give 0 points instead'
        };
    } else if (level.points !== undefined)
      return {
        path: ['levels', k, 'points'],
        message: 'the panel derives these points; leave them out, or make the points "fixed"'
      };
  }
  if (scale.points === 'panel' && scale.levels.every((l) => l.zero === true))
    return { path: ['levels'], message: 'at least one level must be compared (not a zero level)' };
  return null;
}
