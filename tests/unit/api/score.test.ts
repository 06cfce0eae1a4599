/**
 * POST /api/weight-sets/ID/score (issue 11, item 3): the scores of `pairwise score` over HTTP,
 * every class of bad input answered with a 4xx that says what and where (or, for a bad record,
 * refused by index and field while the others are scored), on PGlite and PostgreSQL.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSurvey,
  limitBody,
  MAX_BODY,
  MAX_SCORE_BODY,
  saveWeightSet
} from '../../../src/lib/server';
import { scoreCsv, scoredApplicants, type WeightSet } from '../../../src/lib/weights';
import { POST } from '../../../src/routes/api/weight-sets/[id]/score/+server';
import { BACKENDS, useDb } from '../../support/backends';
import { definition } from '../server/fixtures';
import { presetWeightSet } from '../weights/fixtures';
import { scorecardWeightSet } from '../weights/scorecard-fixtures';
import { event } from './hostile';

const ORIGIN = 'http://127.0.0.1:4173';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { results?: Array<Record<string, unknown>> };
}

describe.each(BACKENDS)('POST /api/weight-sets/ID/score on $name', (backend) => {
  const db = useDb(backend);
  let v2: { id: string; token: string; ws: WeightSet };
  let v1: { id: string; token: string; ws: WeightSet };

  beforeAll(async () => {
    const { survey } = await createSurvey(db(), definition());
    const ws2 = await scorecardWeightSet();
    const s2 = await saveWeightSet(db(), survey.id, 'Scorecard', ws2);
    v2 = { id: s2.id, token: s2.readToken, ws: ws2 };
    const ws1 = await presetWeightSet();
    const s1 = await saveWeightSet(db(), survey.id, 'Preset', ws1);
    v1 = { id: s1.id, token: s1.readToken, ws: ws1 };
  }, 60_000);

  afterEach(() => {
    delete process.env.PAIRWISE_SCORE_RATE_LIMIT;
  });

  async function post(
    body: string | ReadableStream<Uint8Array>,
    options: {
      set?: { id: string; token: string };
      type?: string | null;
      auth?: 'bearer' | 'query';
      headers?: Record<string, string>;
    } = {}
  ): Promise<Answer> {
    const set = options.set ?? v2;
    const url = new URL(`${ORIGIN}/api/weight-sets/${set.id}/score`);
    const headers: Record<string, string> = { ...options.headers };
    if (options.type !== null) headers['content-type'] = options.type ?? 'application/json';
    if (options.auth === 'query') url.searchParams.set('token', set.token);
    else headers.authorization = `Bearer ${set.token}`;
    const request = new Request(url, {
      method: 'POST',
      headers,
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' })
    } as RequestInit);
    const response = (await POST(event(db(), { id: set.id }, request) as never)) as Response;
    return { status: response.status, headers: response.headers, body: await response.json() };
  }
  const records = (list: unknown[]) => JSON.stringify({ records: list });

  // The worked example of docs/scorecard.md: A 30 + 27 + 20 + 10 + 8 = 95 (AAA), B 18 + 6 + 5 +
  // 2 + 5 = 36 (CCC), B's reasons x2 0.3 x 80 = 24, y1 0.2 x 75 = 15, x1 0.3 x 40 = 12.
  const A = { id: 'A', x1: 'Good', x2: 0.25, y1: 'clean', y2: 0.5, y3: 80 };
  const B = { id: 'B', x1: '一般', x2: '1.5', y1: ' overdue ONCE ', y2: null, y3: 50 };

  it('scores the worked example, with points, contributions, grades and reasons', async () => {
    const r = await post(records([A, B]), { auth: 'query' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body.weightSet).toEqual({
      id: v2.id,
      name: 'Scorecard',
      version: 2,
      surveyId: 'scorecard',
      hash: v2.ws.hash.value
    });
    expect([r.body.count, r.body.scored, r.body.refused]).toEqual([2, 2, 0]);
    const [a, b] = r.body.results as Array<Record<string, any>>;
    expect(a!.total).toBeCloseTo(95, 12);
    expect([a!.index, a!.id, a!.status, a!.grade]).toEqual([0, 'A', 'scored', 'AAA']);
    expect(b!.total).toBeCloseTo(36, 12);
    expect(b!.grade).toBe('CCC');
    expect(b!.points).toEqual({ x1: 60, x2: 20, y1: 25, y2: 20, y3: 50 });
    expect(b!.contributions.x2).toBeCloseTo(6, 12);
    expect(b!.reasons.map((x: { leaf: string }) => x.leaf)).toEqual(['x2', 'y1', 'x1']);
    expect(b!.reasons[0].lost).toBeCloseTo(24, 12);
    expect(b!.reasons[0].en).toBe('x two (-24.00)');
  });

  it('gives exactly the numbers of `pairwise score` (the same CSV through scoreCsv)', async () => {
    const csv = 'id,x1,x2,y1,y2,y3\nA,Good,0.25,clean,0.5,80\nB,一般,1.5, overdue ONCE ,,50\n';
    const cli = scoredApplicants(scoreCsv(v2.ws, csv));
    const r = await post(records([A, B]));
    (r.body.results as Array<Record<string, any>>).forEach((x, k) => {
      expect(x.total).toBe(cli[k]!.total);
      expect(x.grade).toBe(cli[k]!.grade);
      expect(Object.values(x.contributions)).toEqual(cli[k]!.contributions);
      expect(x.reasons.map((r: { lost: number }) => r.lost)).toEqual(
        cli[k]!.reasons.map((r) => r.lost)
      );
    });
  });

  it('a version 1 set: scores 0-100 per leaf, reasons against 100', async () => {
    const r = await post(records([{ x1: 100, x2: 100, y1: 100, y2: 100, y3: 50 }]), { set: v1 });
    const [x] = r.body.results as Array<Record<string, any>>;
    // 0.3 + 0.3 + 0.2 + 0.1 of 100, and 0.1 x 50.
    expect(x!.total).toBeCloseTo(95, 12);
    expect(x!.reasons).toEqual([
      { leaf: 'y3', lost: expect.closeTo(5, 12), en: 'y three (-5.00)', zh: '乙三（-5.00）' }
    ]);
  });

  it('bad records are refused by index and field; the good ones are still scored', async () => {
    const r = await post(
      records([
        { ...A, x1: 'Goood' },
        A,
        [1, 2],
        { ...A, x2: 'NaN', y3: 'abc', y1: 'a\u0000b' },
        { id: 'no-x2', x1: 'Good', y1: 'clean', y2: 0.5, y3: 80 },
        { ...A, y3: '\ud800' },
        { ...A, x2: 'HUGE', y2: 1e300 },
        { ...A, x1: true, y1: { level: 'clean' } },
        null,
        { ...A, id: 'x\u0007' },
        { ...A, y2: 4 },
        B
      ]).replace('"HUGE"', '1e400')
    );
    expect(r.status).toBe(200);
    expect([r.body.count, r.body.scored, r.body.refused]).toEqual([12, 2, 10]);
    const results = r.body.results as Array<Record<string, any>>;
    expect(results.map((x) => x.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(results.map((x) => x.status)).toEqual([
      'refused',
      'scored',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'scored'
    ]);
    const problems = (k: number) =>
      (results[k]!.problems as Array<{ path: string; field: string; message: string }>).map(
        (p) => `${p.path}: ${p.message}`
      );
    expect(results[4]!.id).toBe('no-x2');
    // 1e400 is beyond a double (JSON.parse makes it Infinity): refused, not clamped; 1e300 is a
    // number outside y2's steps, which refuse what is outside.
    expect(
      Object.fromEntries([0, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => [k, problems(k)]))
    ).toEqual({
      0: [
        "$.records[0].x1: 'Goood' is not a level of this indicator; did you mean 'Good' (level good)?"
      ],
      2: ['$.records[2]: expected an object of indicator values, got an array'],
      3: [
        "$.records[3].x2: 'NaN' is not a number",
        '$.records[3].y1: holds a NUL character (U+0000) at character 2',
        "$.records[3].y3: 'abc' is not a number"
      ],
      4: ['$.records[4].x2: missing: this indicator refuses a missing value'],
      5: [
        '$.records[5].y3: holds a broken character (a lone UTF-16 surrogate, U+D800) at character 1'
      ],
      6: [
        '$.records[6].x2: a number too large for a double (beyond 1.8e308)',
        '$.records[6].y2: 1e+300 is outside 0-3, which this indicator refuses'
      ],
      7: [
        "$.records[7].x1: 'true' is not a level",
        `$.records[7].y1: '{"level":"clean"}' is not a level`
      ],
      8: ['$.records[8]: expected an object of indicator values, got null'],
      9: ['$.records[9].id: holds a control character (U+0007) at character 2'],
      10: ['$.records[10].y2: 4 is outside 0-3, which this indicator refuses']
    });
    expect(results[11]!.total).toBeCloseTo(36, 12);
  });

  it.each([
    ['an array', '[]', '$', /expected an object \{"records": \[...\]\}, got an array/],
    ['a string', '"x"', '$', /got a string/],
    ['null', 'null', '$', /got null/],
    ['no records', '{}', '$.records', /missing: give the records/],
    ['records not an array', '{"records": {"a": 1}}', '$.records', /expected an array/],
    ['an unknown member', '{"records": [], "record": []}', '$.record', /unknown member/]
  ])('refuses a body that is %s (400, with its path)', async (_what, body, path, message) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: expect.stringMatching(message), path });
  });

  it('malformed JSON and an empty body: 400 with where', async () => {
    const bad = await post('{"records": [1,]}');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/malformed JSON: line 1, column 16/);
    expect((await post('')).status).toBe(400);
  });

  it('an empty batch is fine: nothing to score', async () => {
    const r = await post(records([]));
    expect([r.status, r.body.count, r.body.results]).toEqual([200, 0, []]);
  });

  it('10,000 records are scored; 10,001 are refused with 413', async () => {
    const many = Array.from({ length: 10_000 }, (_, k) => ({ ...A, id: `r${k}` }));
    const ok = await post(records(many));
    expect([ok.status, ok.body.scored]).toEqual([200, 10_000]);
    const tooMany = await post(records([...many, A]));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toEqual({
      message: '10001 records; at most 10000 a request: split the batch',
      path: '$.records'
    });
  }, 30_000);

  it('a body over 8 MB: 413, by its declared length or as it streams', async () => {
    const big = records([{ ...A, id: 'x'.repeat(MAX_SCORE_BODY) }]);
    const declared = await post(big, { headers: { 'content-length': String(big.length) } });
    expect(declared.status).toBe(413);
    expect(declared.body.message).toMatch(/at most 8388608 are accepted/);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let k = 0; k < bytes.length; k += 65_536) c.enqueue(bytes.subarray(k, k + 65_536));
        c.close();
      }
    });
    const streamed = await post(stream);
    expect(streamed.status).toBe(413);
    expect(streamed.body.message).toMatch(/over 8388608 bytes/);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/ld+json'], [null]])(
    'refuses content type %s with 415',
    async (type) => {
      const r = await post(records([A]), { type });
      expect(r.status).toBe(415);
      expect(r.body.message).toMatch(/Content-Type: application\/json/);
    }
  );

  it("a wrong token, a wrong id, no token, another set's token: the same 404", async () => {
    const answers = await Promise.all([
      post(records([A]), { set: { id: v2.id, token: 'x'.repeat(32) } }),
      post(records([A]), { set: { id: 'nope', token: v2.token } }),
      post(records([A]), { set: { id: v2.id, token: '' } }),
      post(records([A]), { set: { id: v2.id, token: v1.token } })
    ]);
    for (const a of answers) expect([a.status, a.body]).toEqual([404, { message: 'Not found' }]);
  });

  it('rate limit: 429 with Retry-After once a weight set has had its requests this minute', async () => {
    process.env.PAIRWISE_SCORE_RATE_LIMIT = '2';
    const statuses: number[] = [];
    let last: Answer | null = null;
    for (let k = 0; k < 4; k++) {
      last = await post(records([A]), { set: v1 });
      statuses.push(last.status);
    }
    // v1's own budget (the other tests used v2's, except one request above).
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.body).toEqual({
      message: expect.stringMatching(/at most 2 a minute\). Try again in \d+ s\./),
      code: 'rate_limited'
    });
  });
});

describe('limitBody: every other route keeps 512 KB once bin/server.js raises the adapter to 8 MB', () => {
  const post = (body: string) =>
    new Request('http://127.0.0.1/language', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain' }
    });

  it('a longer body fails with a 413 error as it is read; a shorter one reads whole', async () => {
    await expect(limitBody(post('x'.repeat(MAX_BODY + 1)), MAX_BODY).text()).rejects.toMatchObject({
      status: 413
    });
    expect(await limitBody(post('x'.repeat(MAX_BODY)), MAX_BODY).text()).toHaveLength(MAX_BODY);
  });
});
