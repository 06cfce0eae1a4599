import { error, fail, redirect } from '@sveltejs/kit';
import { findOpenLinkSurvey, formText, joinByOpenLink, readForm, StoreError } from '$lib/server';
import { isCleanText } from '$lib/survey';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  const survey = await findOpenLinkSurvey(locals.db, params.openToken);
  // Unknown, malformed or turned off: the same plain 404.
  if (!survey) error(404, 'Not found');
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  return { title: survey.definition.title, status: survey.status };
};

export const actions: Actions = {
  default: async (event) => {
    const { locals, params, request } = event;
    const form = await readForm(request);
    const name = formText(form, 'name').slice(0, 1000);
    const role = formText(form, 'role').slice(0, 1000);
    // Said apart from a name that is too long or empty: the page can't show such characters.
    if (!isCleanText(name.trim()) || !isCleanText(role.trim()))
      return fail(400, { name: '', role: '', problem: 'characters' as const, retryAfter: 0 });
    let token: string;
    try {
      ({ token } = await joinByOpenLink(
        locals.db,
        params.openToken,
        { name, role },
        event.getClientAddress()
      ));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      if (e.code === 'not_found') error(404, 'Not found');
      if (e.code === 'rate_limited') {
        event.setHeaders({ 'retry-after': String(e.retryAfter ?? 60) });
        return fail(429, {
          name,
          role,
          problem: 'rate_limited' as const,
          retryAfter: e.retryAfter ?? 60
        });
      }
      const problem = e.code === 'closed' ? 'closed' : e.code === 'not_open' ? 'not_open' : 'name';
      return fail(e.status, { name, role, problem, retryAfter: 0 });
    }
    redirect(303, `/e/${token}`);
  }
};
