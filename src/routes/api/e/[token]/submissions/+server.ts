/**
 * POST /api/e/[token]/submissions: an expert's complete answers. The body is checked against
 * the survey (schema, node ids, one judgment per pair, Saaty's scale, "no opinion" only where
 * allowed) before anything is written; the submission is stored once per submissionId, so the
 * outbox may send it as often as it likes: 201 the first time, 200 with the same receipt after.
 */
import { json } from '@sveltejs/kit';
import { comparisonCount, checkSubmission } from '$lib/survey';
import { handleJson, MAX_JSON_BODY, readJson, submit } from '$lib/server';
import { expertOf, NO_STORE } from '../expert.server';
import type { RequestHandler } from './$types';

/**
 * Body limit: 64 KB, or more for a survey big enough to need it (a judgment is at most about 20
 * bytes of JSON, "0.3333333333333333,").
 */
function bodyLimit(comparisons: number): number {
  return Math.max(MAX_JSON_BODY, 4096 + 24 * comparisons);
}

export const POST: RequestHandler = ({ params, request, locals }) =>
  handleJson(async () => {
    const { expert, survey } = await expertOf(locals.db, params.token);
    const body = await readJson(request, bodyLimit(comparisonCount(survey.definition)));
    const { submission, consistency } = checkSubmission(survey.definition, body);
    // Stored with each node's CR, flag and number of "no opinion" answers, for the researcher.
    // 423 when the survey is not open (except for a resend of a stored submission), 409 when
    // the id is another expert's: nothing is written in either case.
    const receipt = await submit(locals.db, expert.id, submission, consistency);
    return json(receipt, { status: receipt.duplicate ? 200 : 201, headers: NO_STORE });
  });
