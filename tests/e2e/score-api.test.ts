/**
 * The HTTP scoring endpoint against the built server, without a browser (issue 11, items 3-4):
 * Playwright's `request` only. A survey from the template and a weight set from given weights
 * (the farm-credit model with its rating tables) are made through the app's own form actions;
 * then `POST /api/weight-sets/ID/score`:
 * - the read token in the header or the query is accepted; a wrong, missing or other set's
 *   token and a wrong id get the same 404;
 * - a batch of records (level ids, English and Chinese labels with stray spaces and case,
 *   numbers as numbers and as text) is scored with exactly the totals, grades and contributions
 *   of the real CLI (`node bin/pairwise.js score --format json`) on the same records as CSV, and
 *   the bad records are refused by index and field while the good ones are still scored, the
 *   CLI skipping the same rows;
 * - the batch limit (10,001 records: 413) and the body limit (over 8 MB: 413), a wrong content
 *   type (415), malformed JSON (400 with line and column), NUL bytes, lone surrogates, huge and
 *   subnormal numbers, arrays where objects belong and objects where arrays belong: each a 4xx
 *   with a message or a refused record naming its field; never a 5xx.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GIVEN_CSV = readFileSync(path.join(ROOT, 'tests/cli/fixtures/given-farm-credit-local.csv'));

interface Level {
  id: string;
  label: { en: string; zh: string };
  zero?: boolean;
}
interface Leaf {
  id: string;
  globalWeight: number;
  scale:
    | { kind: 'categorical'; levels: Level[] }
    | { kind: 'numeric'; breakpoints: Array<{ value: number }> }
    | null;
}

/** A survey from the template and a saved set of given weights: its id, read token, document. */
async function weightSet(request: APIRequestContext, origin: string) {
  const made = await request.post('/?/template', {
    form: {},
    headers: { origin, accept: 'text/html' },
    maxRedirects: 0
  });
  expect(made.status()).toBe(303);
  const admin = /^\/a\/([A-Za-z0-9_-]+)\?/.exec(made.headers()['location'] ?? '')![1]!;
  const saved = await request.post(`/a/${admin}/models?/given`, {
    headers: { origin, accept: 'application/json' },
    multipart: {
      name: 'Fujian, given',
      file: { name: 'given.csv', mimeType: 'text/csv', buffer: GIVEN_CSV }
    }
  });
  const action = await saved.json();
  expect(action.type).toBe('success');
  const [, id, token] = /\/api\/weight-sets\/([A-Za-z0-9_-]+)\?token=([A-Za-z0-9_-]{32})/.exec(
    action.data
  )!;
  const doc = await (await request.get(`/api/weight-sets/${id}?token=${token}`)).json();
  return { id: id!, token: token!, doc: doc as { leaves: Leaf[] } };
}

/** A small seeded generator (LCG), so the records are the same on every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** Records of every accepted form: level ids, labels in both languages, numbers, numbers as text. */
function goodRecords(leaves: Leaf[], n: number): Array<Record<string, string | number>> {
  const pick = generator(7);
  return Array.from({ length: n }, (_, i) => {
    const r: Record<string, string | number> = { id: `A${i}` };
    for (const leaf of leaves) {
      const s = leaf.scale;
      if (s?.kind === 'categorical') {
        const level = s.levels[pick(s.levels.length)]!;
        const form = pick(4);
        r[leaf.id] =
          form === 0
            ? level.id
            : form === 1
              ? level.label.en
              : form === 2
                ? ` ${level.label.en.toUpperCase()} `
                : level.label.zh;
      } else if (s?.kind === 'numeric') {
        const lo = s.breakpoints[0]!.value;
        const hi = s.breakpoints.at(-1)!.value;
        const x = lo + ((hi - lo) * pick(1000)) / 999;
        r[leaf.id] = pick(2) === 0 ? x : String(x);
      } else r[leaf.id] = pick(101);
    }
    return r;
  });
}

const quote = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;

/** The CLI's verdict on the same records, written as CSV. */
function cliScore(doc: unknown, records: Array<Record<string, string | number>>, leaves: Leaf[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pairwise-score-e2e-'));
  writeFileSync(path.join(dir, 'set.json'), JSON.stringify(doc));
  const columns = ['id', ...leaves.map((l) => l.id)];
  const csv = [
    columns.join(','),
    ...records.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))
  ].join('\r\n');
  writeFileSync(path.join(dir, 'applicants.csv'), csv);
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin/pairwise.js'),
      'score',
      '--weights',
      path.join(dir, 'set.json'),
      '--format',
      'json',
      path.join(dir, 'applicants.csv')
    ],
    { encoding: 'utf8', timeout: 60_000 }
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as {
    scored: number;
    skipped: Array<{ row: number; message: string }>;
    applicants: Array<{
      row: number;
      id: string;
      total: number;
      grade: string;
      contributions: Record<string, number>;
    }>;
  };
}

test("the read token: header or query; wrong, missing, another set's: the same 404", async ({
  request,
  baseURL
}) => {
  const origin = baseURL!;
  const a = await weightSet(request, origin);
  const b = await weightSet(request, origin);
  const body = { records: [{ id: 'x' }] };
  const post = (url: string, headers: Record<string, string> = {}) =>
    request.post(url, { data: body, headers: { 'content-type': 'application/json', ...headers } });
  const ok = await post(`/api/weight-sets/${a.id}/score`, { authorization: `Bearer ${a.token}` });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).weightSet.id).toBe(a.id);
  expect((await post(`/api/weight-sets/${a.id}/score?token=${a.token}`)).status()).toBe(200);
  for (const [url, headers] of [
    [`/api/weight-sets/${a.id}/score`, {}],
    [`/api/weight-sets/${a.id}/score`, { authorization: `Bearer ${'x'.repeat(32)}` }],
    [`/api/weight-sets/${a.id}/score`, { authorization: `Bearer ${b.token}` }],
    [`/api/weight-sets/${a.id}/score`, { authorization: a.token }],
    [`/api/weight-sets/${a.id}/score?token=`, {}],
    [`/api/weight-sets/${a.id}/score?token=${a.token.slice(1)}`, {}],
    [`/api/weight-sets/${b.id}x/score`, { authorization: `Bearer ${b.token}` }],
    [`/api/weight-sets/%00/score`, { authorization: `Bearer ${b.token}` }]
  ] as Array<[string, Record<string, string>]>) {
    const r = await post(url, headers);
    expect(r.status(), url).toBe(404);
    expect(await r.json()).toEqual({ message: 'Not found' });
  }
});

test('a batch scored as the CLI scores it; bad records named, good ones still scored', async ({
  request,
  baseURL
}) => {
  test.setTimeout(120_000);
  const set = await weightSet(request, baseURL!);
  const leaves = set.doc.leaves;
  const records = goodRecords(leaves, 300);
  // Bad records among them: an unknown level, a number that is no number, a NUL byte, a lone
  // surrogate, a number too large for a double, an array where a record belongs.
  const categorical = leaves.find((l) => l.scale?.kind === 'categorical')!;
  const numeric = leaves.find((l) => l.scale?.kind === 'numeric')!;
  const bad: Record<number, [unknown, string | null]> = {
    3: [{ ...records[3], [categorical.id]: 'Goood' }, categorical.id],
    50: [{ ...records[50], [numeric.id]: 'NaN' }, numeric.id],
    51: [{ ...records[51], [categorical.id]: 'a\u0000b' }, categorical.id],
    52: [{ ...records[52], [categorical.id]: '\ud800' }, categorical.id],
    53: [{ ...records[53], [numeric.id]: '1e400' }, numeric.id],
    54: [[1, 2, 3], null]
  };
  const sent: unknown[] = records.map((r, i) => (i in bad ? bad[i]![0] : r));
  const response = await request.post(`/api/weight-sets/${set.id}/score`, {
    headers: { authorization: `Bearer ${set.token}`, 'content-type': 'application/json' },
    // JSON.stringify writes the lone surrogate as the escape \ud800, as a client would.
    data: JSON.stringify({ records: sent })
  });
  expect(response.status()).toBe(200);
  const answer = await response.json();
  expect([answer.count, answer.scored, answer.refused]).toEqual([300, 294, 6]);
  for (const [i, [, field]] of Object.entries(bad)) {
    const r = answer.results[Number(i)];
    expect([r.index, r.status], `record ${i}`).toEqual([Number(i), 'refused']);
    expect(r.problems[0].field).toBe(field);
    expect(r.problems[0].path).toBe(`$.records[${i}]${field ? `.${field}` : ''}`);
    expect(r.problems[0].message.length).toBeGreaterThan(5);
  }

  // The CLI on the same records as CSV (the array record as an empty row, refused too).
  const cli = cliScore(
    set.doc,
    sent.map((r, i) =>
      Array.isArray(r)
        ? { id: `A${i}`, [categorical.id]: '[1,2,3]' }
        : (r as Record<string, string>)
    ),
    leaves
  );
  expect(cli.skipped.map((s) => s.row - 1)).toEqual(Object.keys(bad).map(Number));
  expect(cli.scored).toBe(294);
  const scored = answer.results.filter((r: { status: string }) => r.status === 'scored');
  expect(scored.length).toBe(cli.applicants.length);
  scored.forEach(
    (
      r: {
        index: number;
        id: string;
        total: number;
        grade: string;
        contributions: Record<string, number>;
      },
      k: number
    ) => {
      const c = cli.applicants[k]!;
      expect(c.row - 1).toBe(r.index);
      expect(c.id).toBe(r.id);
      // Exactly the same doubles: one scorer, never rounded.
      expect(r.total).toBe(c.total);
      expect(r.grade).toBe(c.grade);
      expect(r.contributions).toEqual(c.contributions);
    }
  );
  // Not all the same grade: the batch exercises the table.
  expect(new Set(scored.map((r: { grade: string }) => r.grade)).size).toBeGreaterThan(2);
});

test('limits and hostile bodies: a 4xx with a message or a refused record, never a 5xx', async ({
  request,
  baseURL
}) => {
  test.setTimeout(120_000);
  const set = await weightSet(request, baseURL!);
  const url = `/api/weight-sets/${set.id}/score`;
  // Bytes, always: Playwright would re-encode a string that is not valid JSON as a JSON string.
  const send = (data: string | Buffer, type = 'application/json') =>
    request.post(url, {
      headers: { authorization: `Bearer ${set.token}`, 'content-type': type },
      data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    });
  const expectRefusal = async (
    data: string | Buffer,
    status: number,
    message: RegExp,
    type?: string
  ) => {
    const r = await send(data, type);
    expect(r.status(), String(data).slice(0, 60)).toBe(status);
    expect((await r.json()).message).toMatch(message);
  };

  // The batch limit, and the body limit (8 MB).
  const many = JSON.stringify({ records: Array.from({ length: 10_001 }, () => ({})) });
  await expectRefusal(many, 413, /10001 records; at most 10000/);
  const big = JSON.stringify({ records: [{ id: 'x', pad: 'y'.repeat(9 * 1024 * 1024) }] });
  await expectRefusal(big, 413, /8388608|8 MB|too large|over/i);
  // Exactly 10,000 empty records: read, each refused for its missing values.
  const tenThousand = await send(
    JSON.stringify({ records: Array.from({ length: 10_000 }, () => ({})) })
  );
  expect(tenThousand.status()).toBe(200);
  expect((await tenThousand.json()).count).toBe(10_000);

  // Content types, bodies that are not a batch.
  // The content types a form may have: the cross-site check (src/hooks.server.ts, SvelteKit's
  // rule) refuses them from another origin, or none (403), before the endpoint sees them; from
  // the app's own origin the endpoint says 415.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
    const cross = await send('{"records": []}', type);
    expect(cross.status(), type).toBe(403);
    expect(await cross.text()).toMatch(/sent from another site \(null\)/);
    const own = await request.post(url, {
      headers: { origin: baseURL!, authorization: `Bearer ${set.token}`, 'content-type': type },
      data: Buffer.from('{"records": []}')
    });
    expect(own.status(), type).toBe(415);
    expect((await own.json()).message).toMatch(/application\/json/);
  }
  await expectRefusal('{"records": []}', 415, /application\/json/, 'application/xml');
  await expectRefusal('', 400, /./);
  await expectRefusal('{"records": [', 400, /line 1, column/);
  await expectRefusal('{"records": ["\u0000"]}', 400, /./);
  await expectRefusal(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400, /./);
  await expectRefusal('[]', 400, /./);
  await expectRefusal('[{"records": []}]', 400, /./);
  await expectRefusal('{"records": {"0": {}}}', 400, /./);
  await expectRefusal('{"records": "all"}', 400, /./);
  await expectRefusal('{"records": [], "extra": 1}', 400, /extra/);
  await expectRefusal('null', 400, /./);
  await expectRefusal('1e999', 400, /./);

  // Field by field: each bad value named, the answer 200.
  const leaf = set.doc.leaves.find((l) => l.scale?.kind === 'numeric')!.id;
  for (const value of [
    '1e400',
    '-1e400',
    '5e-324',
    '"NaN"',
    '"Infinity"',
    '"0x10"',
    '"1,5"',
    '[1]',
    '{"a": 1}',
    'true',
    '"\\ud800"',
    '"a\\u0000"'
  ]) {
    const r = await send(`{"records": [{"id": "x", "${leaf}": ${value}}]}`);
    expect(r.status(), value).toBe(200);
    const result = (await r.json()).results[0];
    expect(result.status, value).toBe('refused');
    expect(
      result.problems.some((p: { field: string }) => p.field === leaf),
      value
    ).toBe(true);
  }
  // An id that breaks the text rule, and records that are not objects.
  const ids = await send('{"records": [{"id": "a\\u0000"}, {"id": [1]}, null, 7, "x"]}');
  expect(ids.status()).toBe(200);
  const results = (await ids.json()).results;
  expect(results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('refused'));
  expect(results[0].problems.some((p: { field: string }) => p.field === 'id')).toBe(true);
  expect(results[2].problems[0]).toMatchObject({ path: '$.records[2]', field: null });
});
