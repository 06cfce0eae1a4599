import { error } from '@sveltejs/kit';
import { getWeightSetForAdmin } from '$lib/server';
import { weightSetJson } from '$lib/weights';
import { requireSurvey } from '../../../admin.server';
import { download, fileStem } from '../../results.server';
import type { RequestHandler } from './$types';

/** A saved weight set as a file, byte for byte what production fetches. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const stored = await getWeightSetForAdmin(locals.db, survey.id, params.id);
  if (!stored) error(404, 'Not found');
  return download(
    weightSetJson(stored.document),
    'application/json; charset=utf-8',
    `${fileStem(stored.name)}-${stored.id}.json`
  );
};
