import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { formText, listWeightSets, readForm } from '$lib/server';
import { lineSchema, MAX_LABEL_LENGTH } from '$lib/survey';
import { ridgeOfText } from '$lib/weights/ridge';
import { requireSurvey, storeFailure } from '../admin.server';
import { RegressionRefused, saveRegressionWeights } from './regression.server';
import type { Actions, PageServerLoad } from './$types';

/** The survey's saved weight sets (summaries: each document is fetched when it is chosen). */
export const load: PageServerLoad = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  return { weightSets: await listWeightSets(locals.db, survey.id) };
};

const textSchema = lineSchema(MAX_LABEL_LENGTH, 1);

export const actions: Actions = {
  /**
   * The regression baseline saved as a weight set: the loan file's bytes, the validated set
   * (whose scales read them), the outcome column, the ridge penalty and a name; the server fits
   * it again.
   */
  regression: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    for (const field of ['name', 'outcome'] as const) {
      const parsed = v.safeParse(textSchema, formText(form, field));
      if (!parsed.success)
        // The page words the field's rule (its own messages): no schema English is sent.
        return fail(400, { regression: { kind: 'field', field } });
    }
    // The CLI's --ridge rule; a form without the field (an older page) fits without a penalty.
    const ridgeText = formText(form, 'ridge');
    const ridge = ridgeText === '' ? 0 : ridgeOfText(ridgeText);
    if (ridge === null) return fail(400, { regression: { kind: 'field', field: 'ridge' } });
    const file = form.get('file');
    try {
      const saved = await saveRegressionWeights(locals.db, survey, {
        baseId: formText(form, 'set'),
        file:
          file instanceof File
            ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
            : null,
        outcome: v.parse(textSchema, formText(form, 'outcome')),
        name: v.parse(textSchema, formText(form, 'name')),
        ridge
      });
      return { saved };
    } catch (e) {
      if (e instanceof RegressionRefused)
        return fail(e.refusal.kind === 'upload' && e.refusal.code === 'too-large' ? 413 : 400, {
          regression: e.refusal
        });
      return storeFailure(e, { which: 'regression' });
    }
  }
};
