/**
 * The shared schemas of Pairwise: one definition of a survey, its settings and an expert's
 * submission, used alike by the browser, the server and the command line. Types are inferred
 * from the schemas. Structure the schema cannot express (unique ids, preset weights, the
 * random-index table covering every node) is checked by the engine's own hierarchy parser.
 */
import * as v from 'valibot';
import { AGGREGATIONS, PRIORITY_METHODS, RANDOM_INDEX_TABLES } from '../ahp';
import { lineSchema, paragraphSchema, recordSchema, timestampSchema } from './text';
import { ratingScaleSchema, type RatingScale } from './scale';

/** Node ids: short, URL- and CSV-safe ("B1", "C10", "natural-risk"). */
export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const MAX_LABEL_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 1000;
/** An expert's name and role (invited, joined through the open link, or imported). */
export const MAX_NAME_LENGTH = 200;
export const MAX_ROLE_LENGTH = 100;
/** The survey page shows one node at a time: 20 children is 190 comparisons, the most we ask. */
export const MAX_CHILDREN = 20;
export const MAX_DEPTH = 8;
export const MAX_NODES = 500;

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in both languages; at least one must be given. */
export const localizedTextSchema = v.pipe(
  v.strictObject({ en: lineSchema(MAX_LABEL_LENGTH), zh: lineSchema(MAX_LABEL_LENGTH) }),
  v.check((t) => t.en !== '' || t.zh !== '', 'give a name in English or Chinese')
);
export type LocalizedText = v.InferOutput<typeof localizedTextSchema>;

const descriptionSchema = v.strictObject({
  en: paragraphSchema(MAX_DESCRIPTION_LENGTH),
  zh: paragraphSchema(MAX_DESCRIPTION_LENGTH)
});

/** A node of a survey's hierarchy. */
export interface SurveyNode {
  id: string;
  label: LocalizedText;
  description?: { en: string; zh: string } | undefined;
  children?: SurveyNode[] | undefined;
  /** Preset local weights of the children (no comparison), one per child, summing to 1. */
  weights?: number[] | undefined;
  /** A leaf's rating scale: how recorded facts become its points (./scale.ts). */
  scale?: RatingScale | undefined;
}

export const surveyNodeSchema: v.GenericSchema<SurveyNode> = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(
      NODE_ID_PATTERN,
      'an id is 1-32 letters, digits, "_", "." or "-", starting with a letter or digit'
    )
  ),
  label: localizedTextSchema,
  description: v.optional(descriptionSchema),
  children: v.optional(
    v.pipe(
      v.array(v.lazy(() => surveyNodeSchema)),
      v.minLength(1, 'a node with children needs at least one'),
      v.maxLength(MAX_CHILDREN, `at most ${MAX_CHILDREN} children a node`)
    )
  ),
  weights: v.optional(v.array(v.pipe(v.number(), v.finite(), v.minValue(0)))),
  scale: v.optional(ratingScaleSchema)
});

export const thresholdSchema = v.union([
  v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
  v.literal('saaty-by-size')
]);

/**
 * The fewest experts who must have submitted before experts are shown the group's weights, and
 * the default. Below 3 an expert could work out another's answers: with two, their own weights
 * and the group's (a geometric mean of the two) give the other's exactly.
 */
export const MIN_EXPERTS_FLOOR = 3;
export const MAX_MIN_EXPERTS = 1000;

export const minExpertsSchema = v.pipe(
  v.number(),
  v.integer('the fewest experts for group results must be a whole number'),
  v.minValue(
    MIN_EXPERTS_FLOOR,
    `group results are shown to experts only once at least ${MIN_EXPERTS_FLOOR} have submitted: with fewer, one expert's answers could be worked out from the group's`
  ),
  v.maxValue(MAX_MIN_EXPERTS, `at most ${MAX_MIN_EXPERTS} experts`)
);

/** How a survey's answers are analysed and what experts may do. */
export const surveySettingsSchema = v.strictObject({
  method: v.picklist(PRIORITY_METHODS),
  randomIndex: v.picklist(RANDOM_INDEX_TABLES),
  threshold: thresholdSchema,
  aggregation: v.picklist(AGGREGATIONS),
  /** Experts may answer "no opinion" on a pair; the engine completes the matrix (Harker). */
  allowSkip: v.boolean(),
  /** Experts see the group's weights after submitting... */
  showResults: v.boolean(),
  /** ...once at least this many experts have submitted (absent: MIN_EXPERTS_FLOOR). */
  minExperts: v.optional(minExpertsSchema)
});
export type SurveySettings = v.InferOutput<typeof surveySettingsSchema>;

/** How many experts must have submitted before experts see the group's weights. */
export function minExpertsOf(settings: Pick<SurveySettings, 'minExperts'>): number {
  return settings.minExperts ?? MIN_EXPERTS_FLOOR;
}

export const DEFAULT_SETTINGS: Readonly<SurveySettings> = Object.freeze({
  method: 'eigenvector',
  randomIndex: 'saaty-1980',
  threshold: 0.1,
  aggregation: 'aij',
  allowSkip: false,
  showResults: false
});

/** What a researcher defines: the title, the hierarchy and the settings. */
export const surveyDefinitionSchema = v.strictObject({
  title: localizedTextSchema,
  description: v.optional(descriptionSchema),
  hierarchy: surveyNodeSchema,
  settings: surveySettingsSchema
});
export type SurveyDefinition = v.InferOutput<typeof surveyDefinitionSchema>;

/**
 * An expert's judgments: node id -> the upper triangle of that node's matrix, row-major
 * ((0,1), (0,2) ... (1,2) ...), each value one of Saaty's 17 scale values, or null for
 * "no opinion" where the survey allows it. a_ij = how much more important child i is than
 * child j.
 */
export const judgmentsSchema = recordSchema(
  v.pipe(v.string(), v.regex(NODE_ID_PATTERN, 'not a node id')),
  v.pipe(
    v.array(v.nullable(v.pipe(v.number(), v.finite()))),
    v.maxLength(MAX_CHILDREN * (MAX_CHILDREN - 1))
  )
);
export type Judgments = v.InferOutput<typeof judgmentsSchema>;

/** Delphi rounds: at most this many, and a reason for a judgment at most this long. */
export const MAX_ROUNDS = 100;
export const MAX_REASON_LENGTH = 200;

/** The round a submission answers (absent: 1, as for every survey without rounds). */
export const roundNumberSchema = /* @__PURE__ */ v.pipe(
  v.number(),
  v.integer('a round is a whole number'),
  v.minValue(1, 'rounds start at 1'),
  v.maxValue(MAX_ROUNDS, `at most ${MAX_ROUNDS} rounds`)
);

/** Optional one-line reasons: node id -> one reason (or null) per pair, as the judgments. */
export const reasonsSchema = /* @__PURE__ */ recordSchema(
  v.pipe(v.string(), v.regex(NODE_ID_PATTERN, 'not a node id')),
  v.pipe(
    v.array(v.nullable(lineSchema(MAX_REASON_LENGTH))),
    v.maxLength(MAX_CHILDREN * (MAX_CHILDREN - 1))
  )
);
export type Reasons = v.InferOutput<typeof reasonsSchema>;

/** A submission: sent once or many times (offline outbox), stored once per submissionId. */
export const submissionSchema = v.strictObject({
  submissionId: v.pipe(v.string(), v.uuid('submissionId must be a UUID')),
  judgments: judgmentsSchema,
  clientCreatedAt: v.optional(timestampSchema('clientCreatedAt must be an ISO timestamp')),
  round: v.optional(roundNumberSchema),
  reasons: v.optional(reasonsSchema)
});
export type Submission = v.InferOutput<typeof submissionSchema>;

/** An expert to invite. */
export const inviteeSchema = v.strictObject({
  name: lineSchema(MAX_NAME_LENGTH, 1, 'a name is needed'),
  role: v.optional(lineSchema(MAX_ROLE_LENGTH), ''),
  weight: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0, 'an expert weight is >= 0')), 1)
});
export type Invitee = v.InferOutput<typeof inviteeSchema>;
