import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { AhpInputError } from '$lib/ahp';
import { parseJson } from '$lib/json';
import { getWeightSetForAdmin } from '$lib/server';
import { issueProblem } from '$lib/survey';
import { computeWeightSet, weightSetRequestSchema, type WeightSet } from '$lib/weights';
import { requireSurvey } from '../../admin.server';
import { panelOf } from '../results.server';
import type { PageServerLoad } from './$types';

/**
 * The printable report of a weight set: a saved one (?set=ID), or the results page's current
 * choices (?q=REQUEST as JSON), computed here like a saved one (1,000 bootstrap resamples).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const set = url.searchParams.get('set');
  let document: WeightSet;
  if (set !== null) {
    const stored = await getWeightSetForAdmin(locals.db, survey.id, set);
    if (!stored) error(404, 'Not found');
    document = stored.document;
  } else {
    let raw: unknown = { name: 'Preview' };
    try {
      raw = parseJson(url.searchParams.get('q') ?? '{"name":"Preview"}');
    } catch {
      error(400, {
        message: 'The report address is damaged: open it again from the results page.',
        code: 'bad_report'
      });
    }
    const request = v.safeParse(weightSetRequestSchema, raw);
    if (!request.success)
      error(400, {
        message: `The report's settings are not valid: ${request.issues[0].message}`,
        code: 'bad_report',
        problem: issueProblem(request.issues[0])
      });
    try {
      document = await computeWeightSet(
        survey.definition,
        await panelOf(locals.db, survey.id),
        request.output,
        { surveyId: survey.id }
      );
    } catch (e) {
      if (e instanceof AhpInputError)
        error(400, { message: e.message, code: 'bad_report', problem: e.problem });
      throw e;
    }
  }
  return { document, saved: set !== null, id: set };
};
