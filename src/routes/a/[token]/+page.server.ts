import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { AhpInputError, RandomIndexCoverageError } from '$lib/ahp';
import {
  formText,
  listExperts,
  readForm,
  setStatus,
  updateDefinition,
  updateSettings
} from '$lib/server';
import {
  comparisonCount,
  isCleanText,
  issueProblem,
  localizedTextSchema,
  parseDefinition,
  minExpertsSchema,
  surveySettingsSchema,
  type SurveySettings
} from '$lib/survey';
import { requireSurvey, storeFailure } from './admin.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const experts = await listExperts(locals.db, survey.id);
  const count = (status: string) => experts.filter((e) => e.status === status).length;
  return {
    // Right after creation only: the page shows the admin link once, with a warning.
    created: url.searchParams.get('created') === '1',
    definition: survey.definition,
    status: survey.status,
    frozenAt: survey.frozenAt,
    openLinkEnabled: survey.openLinkEnabled,
    comparisons: comparisonCount(survey.definition),
    counts: {
      invited: experts.length,
      inProgress: count('in progress'),
      submitted: count('submitted')
    }
  };
};

/** The settings form's fields as posted (kept to refill the form after an error). */
interface SettingsFields {
  method: string;
  randomIndex: string;
  thresholdMode: string;
  threshold: string;
  aggregation: string;
  allowSkip: boolean;
  showResults: boolean;
  /** null when the form did not send the field (the stored value stands). */
  minExperts: string | null;
}

function settingsFields(form: FormData): SettingsFields {
  const text = (name: string) => formText(form, name).slice(0, 40);
  return {
    method: text('method'),
    randomIndex: text('randomIndex'),
    thresholdMode: text('thresholdMode'),
    threshold: text('threshold').trim(),
    aggregation: text('aggregation'),
    allowSkip: form.get('allowSkip') !== null,
    showResults: form.get('showResults') !== null,
    minExperts: form.get('minExperts') === null ? null : text('minExperts').trim()
  };
}

export const actions: Actions = {
  title: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const title = {
      en: formText(form, 'titleEn').slice(0, 1000),
      zh: formText(form, 'titleZh').slice(0, 1000)
    };
    const parsed = v.safeParse(localizedTextSchema, title);
    if (!parsed.success) {
      const empty = title.en.trim() === '' && title.zh.trim() === '';
      const clean = isCleanText(title.en.trim()) && isCleanText(title.zh.trim());
      const titleError = empty ? 'empty' : clean ? 'long' : 'characters';
      // Text the page can't show is not sent back to it.
      const shown = clean ? title : { en: '', zh: '' };
      return fail(400, { title: shown, titleError: titleError as 'empty' | 'long' | 'characters' });
    }
    try {
      await updateDefinition(locals.db, survey.id, { ...survey.definition, title: parsed.output });
    } catch (e) {
      return storeFailure(e, { title });
    }
    return { titleSaved: true };
  },

  settings: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const fields = settingsFields(await readForm(request));
    const threshold =
      fields.thresholdMode === 'saaty-by-size'
        ? 'saaty-by-size'
        : /^(?:0?\.\d+|0)$/.test(fields.threshold)
          ? Number(fields.threshold)
          : Number.NaN;
    if (threshold !== 'saaty-by-size' && !(threshold > 0 && threshold < 1)) {
      return fail(400, { settings: fields, settingsError: { field: 'threshold' as const } });
    }
    // Group results for experts: never before 3 have submitted (see minExpertsSchema).
    const minExperts =
      fields.minExperts === null
        ? survey.definition.settings.minExperts
        : /^\d{1,4}$/.test(fields.minExperts)
          ? Number(fields.minExperts)
          : Number.NaN;
    if (minExperts !== undefined && !v.is(minExpertsSchema, minExperts)) {
      return fail(400, { settings: fields, settingsError: { field: 'minExperts' as const } });
    }
    const parsed = v.safeParse(surveySettingsSchema, {
      method: fields.method,
      randomIndex: fields.randomIndex,
      threshold,
      aggregation: fields.aggregation,
      allowSkip: fields.allowSkip,
      showResults: fields.showResults,
      ...(minExperts === undefined ? {} : { minExperts })
    });
    if (!parsed.success) {
      return fail(400, {
        settings: fields,
        settingsError: { field: 'other' as const, problem: issueProblem(parsed.issues[0]) }
      });
    }
    const settings: SurveySettings = parsed.output;
    try {
      // The random-index table must cover every compared node of this hierarchy.
      parseDefinition({ ...survey.definition, settings });
    } catch (e) {
      if (!(e instanceof AhpInputError)) throw e;
      return fail(400, {
        settings: fields,
        settingsError: {
          field: 'randomIndex' as const,
          problem: e.problem,
          ...(e instanceof RandomIndexCoverageError ? { coverage: e.coverage } : {})
        }
      });
    }
    try {
      await updateSettings(locals.db, survey.id, settings);
    } catch (e) {
      return storeFailure(e, { settings: fields });
    }
    return { settingsSaved: true };
  },

  open: async ({ locals, params }) => {
    const survey = await requireSurvey(locals.db, params.token);
    try {
      parseDefinition(survey.definition);
    } catch (e) {
      if (!(e instanceof AhpInputError)) throw e;
      return fail(400, { statusError: e.problem });
    }
    try {
      await setStatus(locals.db, survey.id, 'open');
    } catch (e) {
      return storeFailure(e);
    }
    return { statusChanged: 'open' as const };
  },

  close: async ({ locals, params }) => {
    const survey = await requireSurvey(locals.db, params.token);
    try {
      await setStatus(locals.db, survey.id, 'closed');
    } catch (e) {
      return storeFailure(e);
    }
    return { statusChanged: 'closed' as const };
  }
};
