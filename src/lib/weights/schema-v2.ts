/**
 * The weight set, version 2: version 1 (./schema.ts) whose leaves each carry their rating scale,
 * the table that turns an applicant's recorded facts into the leaf's points, and whose composite
 * CRs and `consistent` are null where no comparison matrix is composed (not applicable). The hash covers the
 * scales like everything else. static/schema/weight-set-v2.json is the same contract as a JSON
 * Schema; tests/unit/weights/scales.test.ts holds the two against each other.
 *
 * A leaf's scale is null when the indicator is scored directly (a number 0-100, as in v1).
 * Categorical levels record where their points came from: "fixed" (the researcher's table),
 * "derived" (the panel's idealised priorities, 100 x w / max w), or "override" (the researcher
 * replaced a derived value, which stays beside it in `derived`).
 */
import * as v from 'valibot';
import { MAX_LABEL_LENGTH, MAX_NODES } from '../survey';
import { provenanceSchema } from './provenance';
import { compositeV2Schema, PATTERNS, SCORE_MAX, SCORE_MIN, weightSetSchema } from './schema';

export const WEIGHT_SET_VERSION_2 = 2;

const points = v.pipe(v.number(), v.finite(), v.minValue(SCORE_MIN), v.maxValue(SCORE_MAX));
const finite = v.pipe(v.number(), v.finite());
/** Level ids follow the node id rule. */
const levelId = v.pipe(v.string(), v.regex(new RegExp(PATTERNS.nodeId), 'not a level id'));
const nodeId = v.pipe(v.string(), v.regex(new RegExp(PATTERNS.nodeId), 'not a node id'));
const unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const text = v.pipe(v.string(), v.maxLength(MAX_LABEL_LENGTH));
const label = v.pipe(
  v.strictObject({ en: text, zh: text }),
  v.check((t) => t.en !== '' || t.zh !== '', 'a label needs English or Chinese text')
);

export const missingSchemaV2 = v.variant('policy', [
  v.strictObject({ policy: v.literal('refuse') }),
  v.strictObject({ policy: v.literal('worst') }),
  v.strictObject({ policy: v.literal('points'), points })
]);

export const POINT_SOURCES = ['fixed', 'derived', 'override'] as const;

const categoricalV2 = v.strictObject({
  kind: v.literal('categorical'),
  /** Best first, as the researcher ordered them. */
  levels: v.pipe(
    v.array(
      v.strictObject({
        id: levelId,
        label,
        points,
        source: v.picklist(POINT_SOURCES),
        /** The panel's value beside an override; null otherwise. */
        derived: v.nullable(points),
        /** A zero level of a compared scale: 0 points, not compared. */
        zero: v.boolean()
      })
    ),
    v.minLength(2),
    v.maxLength(20)
  ),
  /** The panel's comparison of the levels (null for a fixed table). */
  ratings: v.nullable(
    v.strictObject({
      cr: v.nullable(finite),
      consistent: v.nullable(v.boolean()),
      consensus: v.nullable(
        v.strictObject({
          sStar: finite,
          band: v.picklist(['very low', 'low', 'moderate', 'high', 'very high'])
        })
      ),
      experts: v.pipe(v.number(), v.integer(), v.minValue(0)),
      /**
       * The bootstrap interval of the panel's points of each derived or overridden level, in
       * the levels' order (the set's bootstrap options); null without a bootstrap.
       */
      intervals: v.nullable(
        v.pipe(
          v.array(v.strictObject({ level: levelId, lower: points, upper: points })),
          v.maxLength(20)
        )
      )
    })
  ),
  missing: missingSchemaV2
});

const numericV2 = v.strictObject({
  kind: v.literal('numeric'),
  shape: v.picklist(['linear', 'steps']),
  unit: v.nullable(v.strictObject({ en: text, zh: text })),
  breakpoints: v.pipe(
    v.array(v.strictObject({ value: finite, points })),
    v.minLength(2),
    v.maxLength(20)
  ),
  outside: v.picklist(['clamp', 'refuse']),
  missing: missingSchemaV2
});

export const leafScaleSchema = v.variant('kind', [categoricalV2, numericV2]);
export type LeafScale = v.InferOutput<typeof leafScaleSchema>;
export type CategoricalLeafScale = Extract<LeafScale, { kind: 'categorical' }>;
export type NumericLeafScale = Extract<LeafScale, { kind: 'numeric' }>;

const {
  version: _version,
  leaves: _leaves,
  composite: _composite,
  ...common
} = weightSetSchema.entries;

export const weightSetV2Schema = v.strictObject({
  ...common,
  version: v.literal(WEIGHT_SET_VERSION_2),
  /** As in version 1, but a figure with no matrix to compose is null (not applicable). */
  composite: compositeV2Schema,
  /** What the scorer uses: the leaves in depth-first order, global weights and scales. */
  leaves: v.pipe(
    v.array(
      v.strictObject({
        id: nodeId,
        globalWeight: unit,
        scale: v.nullable(leafScaleSchema)
      })
    ),
    v.minLength(1),
    v.maxLength(MAX_NODES)
  ),
  /** Where the set came from (./provenance.ts); absent: made by the survey's panel. */
  provenance: v.optional(provenanceSchema)
});
export type WeightSetV2 = v.InferOutput<typeof weightSetV2Schema>;

/** The schema of a weight set's version: version 2's for 2, version 1's for anything else. */
export function weightSetSchemaOf(version: unknown) {
  return version === WEIGHT_SET_VERSION_2 ? weightSetV2Schema : weightSetSchema;
}
