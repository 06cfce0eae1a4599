import { error } from '@sveltejs/kit';
import { getWeightSetForAdmin } from '$lib/server';
import { globalWeightsCsv } from '$lib/weights';
import { requireSurvey } from '../../../../admin.server';
import { download, fileStem } from '../../../results.server';
import type { RequestHandler } from './$types';

/** A saved weight set's local and global weights (with intervals) as CSV. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const stored = await getWeightSetForAdmin(locals.db, survey.id, params.id);
  if (!stored) error(404, 'Not found');
  return download(
    globalWeightsCsv(stored.document),
    'text/csv; charset=utf-8',
    `${fileStem(stored.name)}-${stored.id}-weights.csv`
  );
};
