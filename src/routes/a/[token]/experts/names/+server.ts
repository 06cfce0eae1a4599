import { json } from '@sveltejs/kit';
import { listExpertNames } from '$lib/server';
import { requireSurvey } from '../../admin.server';
import type { RequestHandler } from './$types';

/**
 * Every expert's id, name and role, in invitation order: the Delphi form fetches it when the
 * researcher chooses whom to ask next, so the experts page's HTML holds one page of the panel,
 * not all of it. The admin token is the key, as on the page; another token is a 404.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  return json(
    { experts: await listExpertNames(locals.db, survey.id) },
    { headers: { 'cache-control': 'no-store' } }
  );
};
