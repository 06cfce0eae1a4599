import { responsesJson } from '$lib/weights';
import { requireSurvey } from '../../admin.server';
import { download, exportedResponses, fileStem } from '../results.server';
import type { RequestHandler } from './$types';

/** The latest answers of every expert who submitted, by alias, as "pairwise.responses" JSON. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const experts = await exportedResponses(locals.db, survey.id);
  return download(
    responsesJson(survey.definition, experts),
    'application/json; charset=utf-8',
    `${fileStem(survey.definition.title.en)}-responses.json`
  );
};
