// The security headers of every response: pages and endpoints (src/hooks.server.ts) and the
// files adapter-node serves itself before SvelteKit sees the request (/_app/immutable, static/,
// the service worker: bin/server.js). Plain JavaScript, so that bin/server.js can import it from
// Node without a build. The Content Security Policy is in svelte.config.js (kit.csp), so that
// SvelteKit can add its nonces and hashes.

/** @type {Readonly<Record<string, string>>} */
export const SECURITY_HEADERS = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  // Expert and admin links carry secret tokens in the URL: never send them to other sites.
  // Not 'no-referrer': under it browsers send `Origin: null` on the page's own form posts, and
  // SvelteKit's CSRF check then refuses every form that is submitted without JavaScript.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin'
});

/** HSTS when nothing else is said: one year, this host only (no includeSubDomains, no preload). */
export const DEFAULT_HSTS = 'max-age=31536000';

const HSTS_VALUE = /^max-age=\d{1,10}(\s*;\s*includeSubDomains)?(\s*;\s*preload)?$/i;

/**
 * The Strict-Transport-Security header to send, from the environment, or null for none.
 *
 * Sent only when ORIGIN (the address people use) is https: browsers ignore the header over
 * plain http (RFC 6797, 8.1), and a server on http has no business promising https. HSTS unset:
 * DEFAULT_HSTS; HSTS=off: none; otherwise HSTS is the header's value, such as
 * `max-age=63072000; includeSubDomains; preload`.
 * @param {Record<string, string | undefined>} env
 * @returns {{ value: string | null, note: string | null }} the value, and why none is sent when
 *   HSTS was asked for but ORIGIN is not https
 * @throws {Error} when HSTS is neither `off` nor a valid header value
 */
export function hstsFromEnv(env) {
  const setting = env.HSTS?.trim();
  if (setting !== undefined && setting !== '' && setting.toLowerCase() !== 'off') {
    if (!HSTS_VALUE.test(setting)) {
      throw new Error(
        `HSTS=${JSON.stringify(setting)} is not a Strict-Transport-Security value: give ` +
          `"off" or "max-age=SECONDS", optionally followed by "; includeSubDomains" and "; preload"`
      );
    }
  }
  if (setting?.toLowerCase() === 'off') return { value: null, note: null };
  const https = /^https:\/\//i.test(env.ORIGIN?.trim() ?? '');
  if (!https) {
    const asked = setting !== undefined && setting !== '';
    return {
      value: null,
      note: asked
        ? `HSTS is set but ORIGIN (${env.ORIGIN ?? 'unset'}) is not https: no Strict-Transport-Security header is sent`
        : null
    };
  }
  return { value: setting || DEFAULT_HSTS, note: null };
}
