import {
  getWeightSetByReadToken,
  getWeightSetForAdmin,
  NO_PRODUCTION_SET,
  readTokenOf,
  resolveWeightSetId,
  WEIGHT_SET_ID_HEADER
} from '$lib/server';
import { weightSetJson } from '$lib/weights';
import type { RequestHandler } from './$types';

const NOT_FOUND = JSON.stringify({ message: 'Not found' });

/**
 * The read-only URL for production: GET /api/weight-sets/ID?token=READ_TOKEN, or with
 * `Authorization: Bearer READ_TOKEN`. Answers the saved weight set exactly as saved, its id in
 * the Pairwise-Weight-Set-Id header; a wrong id and a wrong token get the same 404. ID
 * `current` is the survey's production set, with the read token of any of the survey's sets
 * (404 with code no_production_set while none is marked).
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
  const token = readTokenOf(request, url);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex'
  };
  const target = await resolveWeightSetId(locals.db, params.id, token);
  if ('missing' in target)
    return new Response(
      target.missing === 'no_production_set' ? JSON.stringify(NO_PRODUCTION_SET) : NOT_FOUND,
      { status: 404, headers }
    );
  const stored =
    target.surveyId === null
      ? await getWeightSetByReadToken(locals.db, target.id, token)
      : await getWeightSetForAdmin(locals.db, target.surveyId, target.id);
  if (!stored) return new Response(NOT_FOUND, { status: 404, headers });
  return new Response(weightSetJson(stored.document), {
    headers: { ...headers, [WEIGHT_SET_ID_HEADER]: stored.id }
  });
};
