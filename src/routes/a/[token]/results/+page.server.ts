import { error, fail, redirect } from '@sveltejs/kit';
import { clientKeyHash, hit, listWeightSets, readForm } from '$lib/server';
import { problem, problemEnglish, type Problem } from '$lib/problem';
import { requireSurvey } from '../admin.server';
import { askedRound, fitsInline, remember, resultsPanel, withoutMoved } from './panel.server';
import { ImportError, MAX_IMPORT_BYTES, importStudy } from './results.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  // Delphi: ?round=N shows that round's answers (default: the round open now).
  const round = askedRound(url, survey);
  const [panel, weightSets] = await Promise.all([
    resultsPanel(locals.db, survey, round),
    listWeightSets(locals.db, survey.id)
  ]);
  // A large panel is fetched by the page (./panel.server.ts): the HTML has the group's figures.
  const inline = fitsInline(panel.json);
  if (!inline) remember(survey.id, panel.hash, panel.json);
  const query = new URLSearchParams({ ...(round !== null ? { round: String(round) } : {}) });
  query.set('v', panel.hash);
  return {
    // The round shown (null: a survey without rounds), and every round's figures.
    round: round ?? (survey.round > 1 ? survey.round : null),
    rounds: inline ? panel.payload.rounds : withoutMoved(panel.payload.rounds),
    // Right after the demo or an import made this survey: its admin link is shown once.
    created: url.searchParams.get('created') === '1',
    surveyId: survey.id,
    definition: survey.definition,
    submitted: panel.submitted,
    // Packed: a panel of 1,000 experts would otherwise be most of the page (./panel-data.ts).
    panel: inline ? panel.payload.panel : null,
    panelHref: `/a/${params.token}/results/panel.json?${query}`,
    preview: inline ? null : panel.preview(),
    weightSets
  };
};

/** An import refused before the file is read: its English and its code, for the page to word. */
const refuseImport = (status: number, what: Problem) =>
  fail(status, {
    importError: { message: problemEnglish(what), line: null, column: null, problem: what }
  });

/** Imports create surveys: counted with the home page's "create" budget per client address. */
const CREATE_LIMIT = { perClient: 100, windowSeconds: 3600 };

export const actions: Actions = {
  /** Re-analyse an earlier study: a file of responses becomes a new survey, or nothing. */
  import: async ({ locals, params, request, getClientAddress }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      return refuseImport(400, problem('import-no-file'));
    if (file.size > MAX_IMPORT_BYTES)
      return refuseImport(
        413,
        problem('file-too-large', { size: file.size, max: MAX_IMPORT_BYTES })
      );
    const limit = await hit(
      locals.db,
      `create:client:${clientKeyHash(getClientAddress())}`,
      CREATE_LIMIT.perClient,
      CREATE_LIMIT.windowSeconds
    );
    if (!limit.allowed)
      return refuseImport(
        429,
        problem('import-rate', { minutes: Math.ceil(limit.retryAfter / 60) })
      );
    let adminToken: string;
    try {
      ({ adminToken } = await importStudy(locals.db, survey.definition, await file.text()));
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return fail(400, {
        importError: {
          message: e.detail,
          line: e.line,
          column: e.column,
          ...(e.problem ? { problem: e.problem } : {}),
          file: file.name.slice(0, 200)
        }
      });
    }
    redirect(303, `/a/${adminToken}/results?created=1`);
  }
};
