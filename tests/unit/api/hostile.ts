/**
 * What a hostile or careless client can send, as fast-check arbitraries, and how to call every
 * entry point of src/routes with it: the +server.ts handlers and the form actions, each through
 * a stand-in of SvelteKit's event (as tests/unit/api/expert.test.ts does), with the outcome
 * reduced to the HTTP status SvelteKit would answer. Anything else thrown is a 500: the test
 * lets it through and fails.
 */
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import fc from 'fast-check';
import type { Db } from '../../../src/lib/server';

/* ---------- values ---------- */

/** Characters that broke or could break something: NUL, lone surrogates, controls, quotes. */
const nastyUnit = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff',
    '\u0007',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u202e',
    '\ufeff',
    '\ufffe',
    '=',
    '+',
    '-',
    '@',
    '"',
    "'",
    ',',
    ';',
    ':',
    '\n',
    '\r',
    '\t',
    ' ',
    '中',
    '风险'
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
);

/** Text of every kind: short and odd, special words, dates, and huge. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: nastyUnit, maxLength: 30 }) },
  {
    // Plausible text with one character that no database or page should get.
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('Li Wei', '信贷员', 'Goal', 'academic'),
        fc.constantFrom('\u0000', '\ud800', '\udc00', '\u0007', '\u0085'),
        fc.nat({ max: 6 })
      )
      .map(([text, c, at]) => text.slice(0, at) + c + text.slice(at))
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'B1',
      'on',
      'en',
      'zh',
      'eigenvector',
      '0.1',
      '__proto__',
      'constructor',
      '=HYPERLINK("http://evil")',
      '[object File]',
      '2026-02-31T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '275760-09-13T00:00:00.000Z',
      'add:k2',
      'delete:k1',
      'Goal: B1, B2; B1: C1, C2',
      'NaN',
      '-0',
      '1e309'
    )
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(201, 1001, 100_001, 600_000).map((n) => 'x'.repeat(n))
  }
);

/** Timestamps, mostly not ones a database can store: year 0, day 31 of February, 2038 ... */
export const nastyDate: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(0, 1, 1969, 1970, 2026, 9999),
    fc.constantFrom(0, 1, 2, 4, 12, 13),
    fc.constantFrom(0, 1, 28, 29, 30, 31, 32),
    fc.constantFrom('T00:00:00.000Z', 'T08:30:00Z', 'T23:59:59.999+14:00', 'T12:00:00-12:00')
  )
  .map(
    ([y, m, d, time]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${time}`
  );

/** Numbers of every kind (JSON can't carry NaN or Infinity: they become null on the way). */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1 / 3, 9, 10, 1e308, -1e308, 2 ** 53 + 1, Number.NaN)
);

/** Any JSON value, nested a few levels, with odd keys. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    nastyText,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyText, tie('value'), { maxKeys: 4 })
  )
})).value;

/** Every path (object keys and array indices) into a JSON value, the value itself included. */
function pathsOf(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const out = [path];
  if (Array.isArray(value)) value.forEach((x, k) => out.push(...pathsOf(x, [...path, k])));
  else if (value && typeof value === 'object')
    for (const [k, x] of Object.entries(value)) out.push(...pathsOf(x, [...path, k]));
  return out;
}

function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  return path.reduce<unknown>((x, key) => (x as Record<string | number, unknown>)[key], value);
}

/** `value` with the value at `path` replaced (a copy; the root when the path is empty). */
function replaced(value: unknown, path: ReadonlyArray<string | number>, by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = by;
  return copy;
}

/**
 * JSON text a client might send in place of `valid`: one value of it replaced by anything, a
 * reserved key slipped into an object, any JSON at all, malformed text, or nesting thousands
 * of levels deep.
 */
export function nastyJsonText(valid: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(valid);
  // Text fields are where most damage is done: half the replacements go to one of them, dates
  // replaced mostly by other dates.
  const textPaths = paths.filter((p) => typeof valueAt(valid, p) === 'string');
  const replacement = (path: Array<string | number>) => {
    const old = valueAt(valid, path);
    const any = fc.oneof(nastyJson, nastyText, nastyNumber);
    return typeof old === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(old)
      ? fc.oneof({ weight: 3, arbitrary: nastyDate }, { weight: 1, arbitrary: any })
      : any;
  };
  const at = (list: Array<Array<string | number>>) =>
    fc
      .constantFrom(...list)
      .chain((path) =>
        replacement(path).map((by) => JSON.stringify(replaced(valid, path, by)) ?? 'null')
      );
  return fc.oneof(
    { weight: 3, arbitrary: at(paths) },
    {
      weight: textPaths.length > 0 ? 3 : 0,
      arbitrary: at(textPaths.length > 0 ? textPaths : paths)
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('__proto__', 'constructor', 'prototype')
        .map((key) => JSON.stringify(valid).replace(/\{"/g, `{"${key}":[1],"`))
    },
    { weight: 1, arbitrary: nastyJson.map((x) => JSON.stringify(x) ?? 'null') },
    { weight: 1, arbitrary: nastyText },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 150, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n))
    }
  );
}

/** Content types, right and wrong. */
export const jsonContentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/ld+json',
      'application/json-seq',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      ''
    )
  }
);

/* ---------- forms ---------- */

/** A form field's value: text, or a file where text belongs. */
const fieldValue: fc.Arbitrary<string | File> = fc.oneof(
  { weight: 8, arbitrary: nastyText },
  { weight: 1, arbitrary: fc.constant(new File(['x'], 'x.txt', { type: 'text/plain' })) }
);

/**
 * A posted form in place of the valid `base`: up to three of its fields (or of `extra` field
 * names) replaced by a nasty value or a file, repeated, or left out.
 */
export function nastyForm(
  base: ReadonlyArray<[string, string]>,
  extra: readonly string[] = []
): fc.Arbitrary<Array<[string, string | File]>> {
  const names = [...new Set([...base.map(([k]) => k), ...extra])];
  if (names.length === 0) return fc.constant([]);
  const change = fc.oneof(
    { weight: 1, arbitrary: fc.constant<Array<string | File>>([]) },
    { weight: 4, arbitrary: fieldValue.map((x) => [x]) },
    { weight: 1, arbitrary: fc.array(fieldValue, { minLength: 2, maxLength: 3 }) }
  );
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...names), change), {
      maxLength: 3,
      selector: ([name]) => name
    })
    .map((changes) => {
      const changed = new Map(changes);
      const out: Array<[string, string | File]> = base.filter(([k]) => !changed.has(k));
      for (const [name, values] of changed) for (const x of values) out.push([name, x]);
      return out;
    });
}

/** How a form reaches the server: multipart (as a browser sends it) or any other body. */
export const formBody = fc.oneof(
  { weight: 8, arbitrary: fc.constant('multipart' as const) },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json', '') }
);

export function formRequest(
  url: string,
  entries: ReadonlyArray<[string, string | File]>,
  body: 'multipart' | string
): Request {
  if (body === 'multipart') {
    const form = new FormData();
    for (const [k, x] of entries) form.append(k, x);
    return new Request(url, { method: 'POST', body: form });
  }
  return new Request(url, {
    method: 'POST',
    headers: body === '' ? {} : { 'content-type': body },
    body: JSON.stringify(Object.fromEntries(entries.filter(([, x]) => typeof x === 'string')))
  });
}

/* ---------- calling ---------- */

/** The event SvelteKit hands a handler or an action, as far as the routes use it. */
export function event(
  db: Db,
  params: Record<string, string>,
  request: Request,
  client = '203.0.113.9'
): RequestEvent {
  return {
    params,
    request,
    url: new URL(request.url),
    locals: { db },
    route: { id: 'hostile' },
    getClientAddress: () => client,
    setHeaders: () => {},
    cookies: { set: () => {}, get: () => undefined, delete: () => {} }
  } as unknown as RequestEvent;
}

/**
 * The status SvelteKit would answer for what a handler or an action did: a Response's own, an
 * action failure's, a redirect's, an expected error's; 200 for an action's plain result.
 * Anything else thrown is rethrown: SvelteKit would answer it with a 500.
 */
export async function statusOf(run: () => unknown): Promise<number> {
  return (await outcomeOf(run)).status;
}

/**
 * The status (as statusOf) and what a refusal carries to the page: an action failure's data, an
 * expected error's body (the error page's), a Response's JSON body.
 */
export async function outcomeOf(run: () => unknown): Promise<{ status: number; data?: unknown }> {
  try {
    const result = await run();
    if (result instanceof Response)
      return { status: result.status, data: await result.json().catch(() => undefined) };
    if (isActionFailure(result)) return { status: result.status, data: result.data };
    return { status: 200 };
  } catch (e) {
    if (isRedirect(e)) return { status: e.status };
    if (isHttpError(e)) return { status: e.status, data: e.body };
    throw e;
  }
}

/** What the database holds, apart from rate-limit counters and activity times. */
export async function snapshot(db: Db): Promise<string> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT
       (SELECT count(*) FROM surveys)::int AS surveys,
       (SELECT md5(coalesce(string_agg(definition::text || status || open_link_enabled::text
          || coalesce(encode(open_link_token_hash, 'hex'), ''), '|' ORDER BY id), '')) FROM surveys) AS survey_rows,
       (SELECT md5(coalesce(string_agg(name || '/' || role || '/' || weight::text
          || encode(token_hash, 'hex'), '|' ORDER BY id), '')) FROM experts) AS experts,
       (SELECT count(*) FROM submissions)::int AS submissions,
       (SELECT count(*) FROM weight_sets)::int AS weight_sets,
       (SELECT md5(coalesce(string_agg(id || '/' || current_round::text || '/'
          || coalesce(delphi::text, ''), '|' ORDER BY id), '')) FROM surveys) AS rounds,
       (SELECT count(*) FROM survey_rounds)::int AS survey_rounds,
       (SELECT count(*) FROM production_marks)::int AS production_marks,
       (SELECT count(*) FROM snapshots)::int AS snapshots`
  );
  return JSON.stringify(row);
}
