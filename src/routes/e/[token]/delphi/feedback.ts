/**
 * The panel's standing in the round before, as the expert's page receives it (RoundFeedback of
 * $lib/weights), checked here: this module is loaded on demand, in rounds 2 and later only, so
 * the page of a survey without rounds carries none of it.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import type { ReasonProblem } from '$lib/survey';

const finite = v.pipe(v.number(), v.finite());

const pairSchema = v.nullable(
  v.object({
    experts: v.number(),
    geometricMean: finite,
    position: finite,
    q1: finite,
    median: finite,
    q3: finite,
    iqr: finite
  })
);

export const roundFeedbackSchema = v.object({
  round: v.number(),
  experts: v.number(),
  minExperts: v.number(),
  groups: v.record(
    v.string(),
    v.object({ pairs: v.array(pairSchema), reasons: v.array(v.array(v.string())) })
  )
});
export type PairStanding = NonNullable<v.InferOutput<typeof pairSchema>>;
export type Feedback = v.InferOutput<typeof roundFeedbackSchema>;

/** The feedback, or null when the server sent none or something else. */
export function readFeedback(input: unknown): Feedback | null {
  const r = v.safeParse(roundFeedbackSchema, input);
  return r.success ? r.output : null;
}

/** A scale position as a percentage across the track: -8 (left end) 0 %, 8 (right end) 100 %. */
export function across(position: number): number {
  return ((Math.max(-8, Math.min(8, position)) + 8) / 16) * 100;
}

/** One decimal, without a trailing ".0" (2.3, 3). */
export function oneDecimal(x: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x);
}

/** What is wrong with a reason, in the page's language. */
export function reasonProblemText(problem: ReasonProblem): string {
  return problem.kind === 'characters'
    ? m.delphi_reason_error_characters({ at: String(problem.at) })
    : m.delphi_reason_error_length({ length: String(problem.length), max: String(problem.max) });
}
