import { error, fail, redirect } from '@sveltejs/kit';
import { findOpenLinkSurvey, formText, joinByOpenLink, readForm, StoreError } from '$lib/server';
import { badCharacterOf, markBadCharacters } from '$lib/survey';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  const survey = await findOpenLinkSurvey(locals.db, params.openToken);
  // Unknown, malformed or turned off: the same plain 404.
  if (!survey) error(404, 'Not found');
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  return { title: survey.definition.title, status: survey.status };
};

/** A name or role refused for a character, as the page says it. */
export interface CharacterRefusal {
  field: 'name' | 'role';
  /** The character's code point, U+XXXX. */
  code: string;
  /** Where it is in the field as typed, 1-based. */
  at: number;
  /** The field as typed, the refused characters written out as [U+XXXX]. */
  shown: string;
}

/**
 * The first character the text rule refuses in a field as typed: its code point (U+XXXX), its
 * position (1-based, in UTF-16 code units, as the rule counts) in the untrimmed text, and the
 * text with the refused characters written out.
 */
function characterProblem(typed: string): Omit<CharacterRefusal, 'field'> | null {
  const trimmed = typed.trim();
  const bad = badCharacterOf(trimmed);
  if (!bad) return null;
  const at = bad.at + typed.length - typed.trimStart().length;
  return { code: bad.code, at, shown: markBadCharacters(typed) };
}

export const actions: Actions = {
  default: async (event) => {
    const { locals, params, request } = event;
    const form = await readForm(request);
    const name = formText(form, 'name').slice(0, 1000);
    const role = formText(form, 'role').slice(0, 1000);
    // Said apart from a name that is too long or empty, naming the character and where it is
    // in the field as typed; both fields come back as typed (the page shows the character).
    const nameBad = characterProblem(name);
    const roleBad = nameBad ? null : characterProblem(role);
    if (nameBad || roleBad)
      return fail(400, {
        name,
        role,
        problem: 'characters' as const,
        retryAfter: 0,
        field: nameBad ? ('name' as const) : ('role' as const),
        ...(nameBad ?? roleBad!)
      });
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
