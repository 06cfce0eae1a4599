import { requireSurvey } from '../../admin.server';
import { askedRound, hashedJson, recall, resultsPanel } from '../panel.server';
import type { RequestHandler } from './$types';

/**
 * The results page's panel (packed, ../panel-data.ts) and the survey's Delphi rounds, for a page
 * whose HTML left them out (../panel.server.ts); ?round=N as on the page, ?v= the hash.
 */
export const GET: RequestHandler = async ({ locals, params, url, request }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const round = askedRound(url, survey);
  const v = url.searchParams.get('v');
  const known = recall(survey.id, v);
  if (known !== null) return hashedJson(request, url, known, v!);
  const { json, hash } = await resultsPanel(locals.db, survey, round);
  return hashedJson(request, url, json, hash);
};
