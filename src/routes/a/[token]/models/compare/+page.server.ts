import { fail } from '@sveltejs/kit';
import {
  formText,
  getProductionSet,
  getWeightSetForAdmin,
  markProductionSet,
  readForm
} from '$lib/server';
import { MAX_COMPARED_SETS } from '$lib/validation/compare';
import { verifyWeightSet } from '$lib/weights';
import { requireSurvey, storeFailure } from '../../admin.server';
import { listWeightModels } from '../models.server';
import type { Actions, PageServerLoad } from './$types';

/** The survey's saved sets (documents are fetched when chosen) and its production set. */
export const load: PageServerLoad = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  return {
    models: await listWeightModels(locals.db, survey.id),
    production: await getProductionSet(locals.db, survey.id),
    max: MAX_COMPARED_SETS
  };
};

export const actions: Actions = {
  /**
   * Marks one of the survey's saved sets as its production set (what `current` resolves to).
   * The set is verified first, as production would verify it: one that fails is not marked.
   */
  production: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const id = formText(form, 'set');
    const stored = await getWeightSetForAdmin(locals.db, survey.id, id);
    if (!stored) return fail(404, { production: { message: 'not-found' } });
    const checked = await verifyWeightSet(stored.document);
    if (!checked.ok)
      return fail(409, {
        production: { message: 'unverified' as const }
      });
    try {
      return { marked: await markProductionSet(locals.db, survey.id, id) };
    } catch (e) {
      return storeFailure(e, { which: 'production' });
    }
  }
};
