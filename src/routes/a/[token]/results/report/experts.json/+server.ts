import { requireSurvey } from '../../../admin.server';
import { hashedJson, recall } from '../../panel.server';
import { reportDocument, reportExperts } from '../report.server';
import type { RequestHandler } from './$types';

/**
 * The printable report's list of experts, for a report whose HTML left it out (a large panel):
 * the same ?set= or ?q= as the report, ?v= the hash of the list.
 */
export const GET: RequestHandler = async ({ locals, params, url, request }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const v = url.searchParams.get('v');
  const known = recall(survey.id, v);
  if (known !== null) return hashedJson(request, url, known, v!);
  const { json, hash } = reportExperts((await reportDocument(locals.db, survey, url)).document);
  return hashedJson(request, url, json, hash);
};
