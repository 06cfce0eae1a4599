import { listWeightSets } from '$lib/server';
import { requireSurvey } from '../admin.server';
import type { PageServerLoad } from './$types';

/** The survey's saved weight sets (summaries: each document is fetched when it is chosen). */
export const load: PageServerLoad = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  return { weightSets: await listWeightSets(locals.db, survey.id) };
};
