import { getWeightSetByReadToken, readTokenOf } from '$lib/server';
import { weightSetJson } from '$lib/weights';
import type { RequestHandler } from './$types';

const NOT_FOUND = JSON.stringify({ message: 'Not found' });

/**
 * The read-only URL for production: GET /api/weight-sets/ID?token=READ_TOKEN, or with
 * `Authorization: Bearer READ_TOKEN`. Answers the saved weight set exactly as saved; a wrong id
 * and a wrong token get the same 404.
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
  const stored = await getWeightSetByReadToken(locals.db, params.id, readTokenOf(request, url));
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex'
  };
  if (!stored) return new Response(NOT_FOUND, { status: 404, headers });
  return new Response(weightSetJson(stored.document), { headers });
};
