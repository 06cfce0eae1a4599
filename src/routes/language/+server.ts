import { redirect, error } from '@sveltejs/kit';
import { rememberLocale } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { isLocale } from '$lib/paraglide/runtime';
import { formText, readForm } from '$lib/server';
import type { RequestHandler } from './$types';

// The language switch posts here when JavaScript is off or not loaded yet (a plain form); with
// JavaScript it sets the same cookie in the browser instead.
export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const form = await readForm(request);
  const locale = formText(form, 'locale');
  if (!isLocale(locale)) {
    // An endpoint's error is SvelteKit's plain error page, which shows the message as it is: say
    // it in the reader's language here.
    error(400, m.common_error_bad_language());
  }

  rememberLocale(cookies, locale);
  redirect(303, sameOriginPath(form.get('redirect'), url));
};

/** The page to return to: a path on this site only, never another origin (no open redirect). */
function sameOriginPath(value: FormDataEntryValue | null, base: URL): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
  try {
    const target = new URL(value, base);
    return target.origin === base.origin ? target.pathname + target.search + target.hash : '/';
  } catch {
    return '/';
  }
}
