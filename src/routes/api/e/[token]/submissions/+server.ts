/**
 * POST /api/e/[token]/submissions: an expert's complete answers. The body is checked against
 * the survey (schema, node ids, one judgment per pair, Saaty's scale, "no opinion" only where
 * allowed) before anything is written; the submission is stored once per submissionId, so the
 * outbox may send it as often as it likes: 201 the first time, 200 with the same receipt after.
 * In a Delphi round that asks only some groups again, the other groups keep the expert's
 * answers of the round before (whatever the body says about them).
 */
import { json } from '@sveltejs/kit';
import { AhpInputError, formatPath } from '$lib/ahp';
import { checkReasons, checkSubmission, comparisonCount, namedReasonError } from '$lib/survey';
import {
  answersUpTo,
  getDelphiSettings,
  getRound,
  handleJson,
  MAX_JSON_BODY,
  readJson,
  submit
} from '$lib/server';
import { expertOf, NO_STORE } from '../expert.server';
import type { RequestHandler } from './$types';

/**
 * Body limit: 64 KB, or more for a survey big enough to need it (a judgment is at most about 20
 * bytes of JSON, "0.3333333333333333,"; a reason, where the survey asks for them, at most 200
 * characters of up to 3 bytes, escaped).
 */
function bodyLimit(comparisons: number, reasons: boolean): number {
  return Math.max(MAX_JSON_BODY, 4096 + (reasons ? 1240 : 24) * comparisons);
}

export const POST: RequestHandler = ({ params, request, locals }) =>
  handleJson(async () => {
    const { expert, survey } = await expertOf(locals.db, params.token);
    const delphi = await getDelphiSettings(locals.db, survey.id);
    const reasons = delphi?.reasons ?? false;
    const body = await readJson(request, bodyLimit(comparisonCount(survey.definition), reasons));
    let checked: ReturnType<typeof checkSubmission>;
    try {
      checked = checkSubmission(survey.definition, body);
      if (checked.submission.reasons !== undefined) {
        if (!reasons) throw new AhpInputError(['reasons'], 'this survey does not ask for reasons');
        checkReasons(survey.definition, checked.submission.reasons);
      }
    } catch (e) {
      // A refused reason names its pair, with a code the expert's page says in its language.
      const named = namedReasonError(survey.definition, e);
      if (!(named instanceof AhpInputError) || named.path[0] !== 'reasons') throw named;
      const code = reasons ? 'reasons' : 'reasons_off';
      const answer = { message: named.message, path: formatPath(named.path), code };
      return json(answer, { status: 400, headers: NO_STORE });
    }
    let { submission, consistency } = checked;
    const round = submission.round ?? 1;
    const asked = round === survey.round ? await getRound(locals.db, survey.id, round) : null;
    if (asked?.groups) {
      // Settled groups keep the expert's answers of the round before, and the reasons given
      // with them (where the survey still asks for reasons).
      const before = await answersUpTo(locals.db, expert.id, round - 1);
      if (before) {
        const judgments = { ...submission.judgments };
        const given = { ...submission.reasons };
        for (const id of Object.keys(judgments)) {
          if (asked.groups.includes(id) || !before.judgments[id]) continue;
          judgments[id] = before.judgments[id];
          const kept = reasons ? before.reasons?.[id] : undefined;
          if (kept) given[id] = kept;
          else delete given[id];
        }
        const { reasons: _sent, ...rest } = submission;
        ({ submission, consistency } = checkSubmission(survey.definition, {
          ...rest,
          judgments,
          ...(Object.keys(given).length > 0 ? { reasons: given } : {})
        }));
      }
    }
    // Stored with each node's CR, flag and number of "no opinion" answers, for the researcher.
    // 423 when the survey is not open, the round has closed or does not ask this expert (except
    // for a resend of a stored submission), 409 when the id is another expert's: nothing is
    // written in any of these cases.
    const receipt = await submit(locals.db, expert.id, submission, consistency);
    return json(receipt, { status: receipt.duplicate ? 200 : 201, headers: NO_STORE });
  });
