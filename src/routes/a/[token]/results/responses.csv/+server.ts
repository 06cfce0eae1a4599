import { responsesCsv } from '$lib/weights';
import { requireSurvey } from '../../admin.server';
import { download, exportedResponses, fileStem } from '../results.server';
import type { RequestHandler } from './$types';

/** The latest answers as CSV in the wide survey coding that R's ahpsurvey reads. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const experts = await exportedResponses(locals.db, survey.id);
  return download(
    responsesCsv(survey.definition, experts),
    'text/csv; charset=utf-8',
    `${fileStem(survey.definition.title.en)}-responses.csv`
  );
};
