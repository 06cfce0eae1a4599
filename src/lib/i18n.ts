import type { Cookies } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, type Locale } from '$lib/paraglide/runtime';

/**
 * Remembers the language in the cookie that Paraglide's `cookie` strategy reads, on the server
 * (paraglideMiddleware) and in the browser (getLocale). It must stay readable by scripts (not
 * httpOnly) and holds only a locale, so it needs no `secure` flag: it must also stick on
 * plain-http intranet hosts.
 */
export function rememberLocale(cookies: Cookies, locale: Locale): void {
  cookies.set(cookieName, locale, {
    path: '/',
    maxAge: cookieMaxAge,
    httpOnly: false,
    sameSite: 'lax',
    secure: false
  });
}

export { cookieName as LOCALE_COOKIE };
