/**
 * The weight set, versions 1 and 2: the document a researcher hands to production. This valibot
 * schema defines the type; static/schema/weight-set-v1.json and weight-set-v2.json are the same
 * contract as JSON Schemas (draft 2020-12) for production systems, and
 * tests/unit/weights/schema.test.ts checks that they accept and refuse the same documents.
 * Version 2 (./schema-v2.ts) adds each leaf's rating scale and lets the composite CRs and
 * `consistent` be null (not applicable: no comparison matrix to compose). A set is written as
 * version 1 whenever no leaf has a scale and every composite figure is a number, so a version-1
 * consumer is refused only the sets it could not represent, and every version-1 set stays valid.
 * The schemas only validate (no transforms), so what they accept is byte for byte what was
 * hashed.
 *
 * What the schema cannot say (the tree's shape, the leaves' weights summing to 1, the order of
 * the grading bands) verifyWeightSet checks after the hash.
 */
import * as v from 'valibot';
import { AGGREGATIONS, COMPLETION_METHODS, PRIORITY_METHODS, RANDOM_INDEX_TABLES } from '../ahp';
import {
  MAX_CHILDREN,
  MAX_DESCRIPTION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NODES,
  MAX_ROUNDS
} from '../survey';

export const WEIGHT_SET_FORMAT = 'pairwise.weight-set';
/** The versions this code reads; it writes the lowest that describes the set. */
export const WEIGHT_SET_VERSIONS = [1, 2] as const;
/** The leaves' global weights must sum to 1 within this (plain left-to-right sum in leaf order). */
export const WEIGHT_SUM_TOLERANCE = 1e-12;
/** A total within this of a band's minimum score reaches the band (see `grading.tolerance`). */
export const GRADE_TOLERANCE = 1e-9;
export const SCORE_MIN = 0;
export const SCORE_MAX = 100;
export const MAX_EXPERTS = 10_000;
export const MAX_BANDS = 26;

/** Patterns shared with the JSON Schema (ECMA-262 syntax, no flags). */
export const PATTERNS = {
  nodeId: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$',
  createdAt:
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z$',
  alias: '^E[1-9][0-9]*$',
  sha256: '^[0-9a-f]{64}$',
  grade: '^\\S(.*\\S)?$'
} as const;

const pattern = (p: string, message: string) => v.regex(new RegExp(p), message);

const finite = v.pipe(v.number(), v.finite());
const unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nodeId = v.pipe(v.string(), pattern(PATTERNS.nodeId, 'not a node id'));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `at most ${max} characters`));

const labelSchema = v.pipe(
  v.strictObject({ en: text(MAX_LABEL_LENGTH), zh: text(MAX_LABEL_LENGTH) }),
  v.check((t) => t.en !== '' || t.zh !== '', 'a label needs English or Chinese text')
);
const descriptionSchema = v.strictObject({
  en: text(MAX_DESCRIPTION_LENGTH),
  zh: text(MAX_DESCRIPTION_LENGTH)
});

const CONSENSUS_BANDS = ['very low', 'low', 'moderate', 'high', 'very high'] as const;
const consensusSchema = v.strictObject({ sStar: finite, band: v.picklist(CONSENSUS_BANDS) });

const thresholdSchema = v.union([
  v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
  v.literal('saaty-by-size')
]);

const consistencySchema = v.strictObject({
  lambdaMax: finite,
  ci: finite,
  randomIndex: v.strictObject({
    table: v.picklist(RANDOM_INDEX_TABLES),
    value: v.pipe(v.number(), v.finite(), v.minValue(0))
  }),
  cr: finite,
  threshold: finite,
  consistent: v.boolean()
});

export const weightSetNodeSchema = v.strictObject({
  id: nodeId,
  parent: v.nullable(nodeId),
  depth: count,
  label: labelSchema,
  description: v.nullable(descriptionSchema),
  children: v.pipe(v.array(nodeId), v.maxLength(MAX_CHILDREN)),
  localWeight: unit,
  globalWeight: unit,
  /** Bootstrap percentile interval of the global weight (null for the goal or without bootstrap). */
  interval: v.nullable(v.strictObject({ lower: unit, upper: unit })),
  /** How an inner node's local weights came about; null for a leaf. */
  comparison: v.nullable(
    v.strictObject({
      source: v.picklist(['judgments', 'preset', 'single']),
      consistency: v.nullable(consistencySchema),
      consensus: v.nullable(consensusSchema),
      /** How many experts' judgments entered the node. */
      experts: count
    })
  ),
  /** A leaf's rank by global weight (1 = heaviest) and, with bootstrap, P(it keeps that rank). */
  leaf: v.nullable(
    v.strictObject({
      rank: v.pipe(v.number(), v.integer(), v.minValue(1)),
      rankStability: v.nullable(unit)
    })
  )
});

const EXCLUSION_REASONS = ['inconsistent', 'not answered', 'zero weight'] as const;

export const weightSetExpertSchema = v.strictObject({
  alias: v.pipe(v.string(), pattern(PATTERNS.alias, 'an alias is E1, E2 ...')),
  name: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_LABEL_LENGTH))),
  role: v.nullable(text(100)),
  weight: v.pipe(v.number(), v.finite(), v.minValue(0)),
  /** Whether the expert's answers entered the analysis at all. */
  included: v.boolean(),
  /** Why the researcher left the expert out (null when included). */
  reason: v.nullable(text(500)),
  /** Node by node: whether the expert's matrix entered the group result, its CR, and why not. */
  nodes: v.pipe(
    v.array(
      v.strictObject({
        node: nodeId,
        included: v.boolean(),
        cr: v.nullable(finite),
        reason: v.nullable(v.picklist(EXCLUSION_REASONS))
      })
    ),
    v.maxLength(MAX_NODES)
  )
});

export const gradeBandSchema = v.strictObject({
  grade: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(20),
    pattern(PATTERNS.grade, 'no spaces at either end')
  ),
  minScore: v.pipe(v.number(), v.finite(), v.minValue(SCORE_MIN), v.maxValue(SCORE_MAX))
});
export type GradeBand = v.InferOutput<typeof gradeBandSchema>;

// The members in the order of the file (weightSetJson writes them in the schema's order), the
// version and the composite consistency set per version below.
const entriesBeforeComposite = {
  name: v.pipe(
    v.string(),
    v.minLength(1, 'give the weight set a name'),
    v.maxLength(MAX_LABEL_LENGTH)
  ),
  createdAt: v.pipe(
    v.string(),
    pattern(PATTERNS.createdAt, 'a UTC timestamp such as 2025-05-01T08:30:00.000Z')
  ),
  appVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(50)),
  survey: v.strictObject({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    title: labelSchema,
    /** The Delphi round the answers come from; absent for a survey without rounds. */
    round: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ROUNDS)))
  }),
  method: v.strictObject({
    priorityMethod: v.picklist(PRIORITY_METHODS),
    aggregation: v.picklist(AGGREGATIONS),
    randomIndex: v.picklist(RANDOM_INDEX_TABLES),
    threshold: thresholdSchema,
    scale: v.picklist(['saaty', 'ratio']),
    completion: v.picklist(COMPLETION_METHODS),
    excludeInconsistent: v.boolean(),
    bootstrap: v.nullable(
      v.strictObject({
        resamples: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
        seed: v.pipe(v.number(), v.integer(), v.minValue(-(2 ** 53) + 1), v.maxValue(2 ** 53 - 1)),
        level: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
        skipped: count
      })
    )
  }),
  /** Every node of the hierarchy, depth-first from the goal. */
  nodes: v.pipe(v.array(weightSetNodeSchema), v.minLength(2), v.maxLength(MAX_NODES)),
  /** What the scorer uses: the leaves in depth-first order with their global weights. */
  leaves: v.pipe(
    v.array(v.strictObject({ id: nodeId, globalWeight: unit })),
    v.minLength(1),
    v.maxLength(MAX_NODES)
  )
};
const entriesAfterComposite = {
  consensus: v.nullable(consensusSchema),
  experts: v.pipe(v.array(weightSetExpertSchema), v.maxLength(MAX_EXPERTS)),
  grading: v.strictObject({
    scoreMin: v.literal(SCORE_MIN),
    scoreMax: v.literal(SCORE_MAX),
    tolerance: v.literal(GRADE_TOLERANCE),
    bands: v.pipe(v.array(gradeBandSchema), v.minLength(1), v.maxLength(MAX_BANDS))
  }),
  hash: v.strictObject({
    algorithm: v.literal('sha256'),
    value: v.pipe(v.string(), pattern(PATTERNS.sha256, '64 lowercase hex digits'))
  })
};

/** Version 1: every composite figure is a number. */
const compositeV1Schema = v.strictObject({
  cr: finite,
  crCumulative: finite,
  crSaaty: finite,
  threshold: finite,
  consistent: v.boolean()
});

/** Version 2: a composite figure with no matrix to compose is null (not applicable), never 0. */
export const compositeV2Schema = v.strictObject({
  cr: v.nullable(finite),
  crCumulative: v.nullable(finite),
  crSaaty: v.nullable(finite),
  threshold: finite,
  consistent: v.nullable(v.boolean())
});

/** Version 1: leaves without rating scales, every composite figure a number. */
export const weightSetSchema = v.strictObject({
  format: v.literal(WEIGHT_SET_FORMAT),
  version: v.literal(1),
  ...entriesBeforeComposite,
  composite: compositeV1Schema,
  ...entriesAfterComposite
});

/** A weight set of version 1: leaves without rating scales. */
export type WeightSetV1 = v.InferOutput<typeof weightSetSchema>;
/**
 * A weight set of either version (version 2: each leaf's rating scale, and composite figures
 * that may be null; ./schema-v2.ts).
 */
export type WeightSet = WeightSetV1 | import('./schema-v2').WeightSetV2;
export type WeightSetComposite = v.InferOutput<typeof compositeV2Schema>;
export type WeightSetNode = WeightSetV1['nodes'][number];
export type WeightSetExpert = WeightSetV1['experts'][number];

/** A composite figure is not applicable (null): only version 2 can say so. */
export function compositeNeedsV2(composite: WeightSetComposite): boolean {
  const { cr, crCumulative, crSaaty, consistent } = composite;
  return cr === null || crCumulative === null || crSaaty === null || consistent === null;
}
