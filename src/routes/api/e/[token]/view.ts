/**
 * What the expert's page receives from GET /api/e/[token]: the expert's name, the survey as
 * the expert sees it, and their latest submission (the one that counts). The page validates
 * it with the same schema (also the copy it keeps in its device draft for offline use).
 */
import * as v from 'valibot';
import {
  judgmentsSchema,
  localizedTextSchema,
  reasonsSchema,
  surveyNodeSchema,
  surveySettingsSchema
} from '$lib/survey';

export const expertViewSchema = v.object({
  /** The id (not a secret) lets a new link of the same expert find their draft on the device. */
  expert: v.object({ id: v.optional(v.string()), name: v.string() }),
  survey: v.object({
    title: localizedTextSchema,
    description: v.optional(v.object({ en: v.string(), zh: v.string() })),
    hierarchy: surveyNodeSchema,
    settings: surveySettingsSchema,
    /** A draft survey is never shown to experts (the API answers 423). */
    status: v.picklist(['open', 'closed'])
  }),
  latest: v.nullable(
    v.object({
      submissionId: v.string(),
      judgments: judgmentsSchema,
      receivedAt: v.string(),
      /** Its Delphi round (absent: 1). */
      round: v.optional(v.number()),
      /** Its one-line reasons, if it has any (a new round starts from them). */
      reasons: v.optional(reasonsSchema)
    })
  ),
  /** Delphi: the round open now (absent for a survey that never left round 1 nor asks reasons). */
  // Also `feedback` (the panel in the round before, RoundFeedback), kept as it comes and checked
  // by the page's Delphi module, loaded on demand only (the page's budget).
  round: v.optional(
    v.looseObject({
      number: v.number(),
      /** This round asks this expert (else their earlier answers stand). */
      asked: v.boolean(),
      /** The expert may give a one-line reason per pair (the survey's Delphi setting). */
      reasons: v.optional(v.boolean()),
      /** The groups asked again (null: all); the others keep their answers of the round before. */
      groups: v.nullable(v.array(v.string())),
      /** The expert's own answers that counted in the round before. */
      previous: v.nullable(judgmentsSchema)
    })
  )
});

export type ExpertView = v.InferOutput<typeof expertViewSchema>;
