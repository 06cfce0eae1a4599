import { error, json } from '@sveltejs/kit';
import { getWeightSetForAdmin } from '$lib/server';
import { verifyWeightSet } from '$lib/weights';
import { requireSurvey } from '../../../admin.server';
import type { RequestHandler } from './$types';

/**
 * A saved weight set of this survey for the validation page, verified here (schema and hash)
 * as production would verify it, so the page never checks loans against an altered document.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const stored = await getWeightSetForAdmin(locals.db, survey.id, params.id);
  if (!stored) error(404, 'Not found');
  const checked = await verifyWeightSet(stored.document);
  if (!checked.ok)
    return json(
      { message: `this weight set does not verify: ${checked.error.message}` },
      { status: 409, headers: { 'cache-control': 'no-store' } }
    );
  return json(checked.weightSet, { headers: { 'cache-control': 'no-store' } });
};
