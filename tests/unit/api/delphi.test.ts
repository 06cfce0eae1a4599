/**
 * The expert's API in a Delphi survey, through its +server.ts handlers on a fresh PGlite: the
 * round in the view with the panel's standing (never from fewer than 3 experts), a late answer
 * to a closed round refused (423 round_closed, nothing stored), settled groups keeping their
 * answers, and reasons: refused where the survey does not ask for them, and held to the text rule.
 */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { GET } from '../../../src/routes/api/e/[token]/+server';
import { POST } from '../../../src/routes/api/e/[token]/submissions/+server';
import type { Db } from '../../../src/lib/server';
import { submissionHistory } from '../../../src/lib/server/responses';
import { inviteExperts } from '../../../src/lib/server/experts';
import { openNextRound, setDelphiSettings } from '../../../src/lib/server/rounds';
import { createSurvey, setStatus } from '../../../src/lib/server/surveys';
import { RATINGS_JUDGMENTS, ratingsSurvey } from '../weights/ratings-survey';
import { DEFAULT_DELPHI } from '../../../src/lib/survey';
import { BACKENDS, pgliteBackend, useDb } from '../../support/backends';
import { submission, surveyWithExperts } from '../server/fixtures';
import { overwriteGetLocale } from '../../../src/lib/paraglide/runtime';
import { refusalText } from '../../../src/routes/e/[token]/words';
import { foreignCjk, foreignWords } from '../../support/language';

const db = useDb(pgliteBackend);
const GROUPS = ['A1', 'B1', 'B2', 'B3', 'B4'];
type Handler = (event: RequestEvent) => Response | Promise<Response>;

async function call(handler: Handler, token: string, init: RequestInit = {}, on = db) {
  const request = new Request(`http://localhost/api/e/${token}`, init);
  const event = {
    params: { token },
    request,
    url: new URL(request.url),
    locals: { db: on() as Db },
    route: { id: '/api/e/[token]' }
  } as unknown as RequestEvent;
  const response = await handler(event);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const get = (token: string, on = db) => call(GET as Handler, token, {}, on);
const post = (token: string, body: unknown, on = db) =>
  call(
    POST as Handler,
    token,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    },
    on
  );

/** A complete farm-credit submission (no "no opinion"), with B1 set to `b1`. */
const answers = (b1: number, extra: Record<string, unknown> = {}) => ({
  ...submission({ judgments: { ...submission().judgments, B1: [b1], B2: Array(10).fill(1) } }),
  ...extra
});

describe('the expert API in a Delphi survey', () => {
  it('round 2: the panel of round 1 under each pair, own answers, and late answers refused', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 4);
    const [a, b, c, d] = experts;
    // Round 1: B1 judged 3, 3, 5 by three experts; the fourth has not sent yet.
    for (const [k, e] of [a, b, c].entries())
      expect((await post(e!.token, answers([3, 3, 5][k]!))).status).toBe(201);
    // Without rounds nor reasons the view is as before: no round at all.
    expect((await get(a!.token)).body.round).toBeUndefined();
    await openNextRound(db(), survey.id, {}, GROUPS);

    const view = (await get(a!.token)).body;
    expect(view.round).toMatchObject({ number: 2, asked: true, groups: null, reasons: false });
    expect(view.round.previous.B1).toEqual([3]);
    // B1: 3, 3, 5 -> geometric mean 45^(1/3) = 3.5569; positions -2, -2, -4: Q1 -3, Q3 -2.
    const b1 = view.round.feedback.groups.B1.pairs[0];
    expect(b1.experts).toBe(3);
    expect(b1.geometricMean).toBeCloseTo(45 ** (1 / 3), 12);
    expect([b1.q1, b1.q3, b1.iqr]).toEqual([-3, -2, 1]);

    // d's round-1 answers arrive late: 423, nothing stored, said in words the page can show.
    const late = await post(d!.token, answers(9, { round: 1 }));
    expect(late.status).toBe(423);
    expect(late.body.code).toBe('round_closed');
    expect(late.body.message).toContain('Round 1 is closed');
    expect(await submissionHistory(db(), d!.expert.id)).toEqual([]);
    // A hostile round number: a 400 that names the field, never a 5xx.
    for (const round of [0, 2.5, 1e308, '2', null, -1])
      expect((await post(d!.token, answers(9, { round }))).status).toBe(400);
    expect((await post(d!.token, answers(9, { round: 7 }))).status).toBe(400);
    // Round 2 takes it.
    expect((await post(d!.token, answers(9, { round: 2 }))).status).toBe(201);
  });

  it('no figure from fewer than 3 experts', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 3);
    for (const e of experts.slice(0, 2)) await post(e.token, answers(3));
    await openNextRound(db(), survey.id, {}, GROUPS);
    const { body } = await get(experts[0]!.token);
    expect(body.round.feedback.experts).toBe(2);
    expect(body.round.feedback.groups.B1.pairs).toEqual([null]);
  });

  it('settled groups keep their answers of the round before, and their reasons', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 1);
    const e = experts[0]!;
    await setDelphiSettings(db(), survey.id, { ...DEFAULT_DELPHI, reasons: true });
    const first = {
      B1: ['Insurance is rare'],
      B2: ['x', null, null, null, null, null, null, null, null, null]
    };
    expect((await post(e.token, answers(3, { reasons: first }))).status).toBe(201);
    await openNextRound(db(), survey.id, { groups: ['B2'] }, GROUPS);
    expect((await get(e.token)).body.round.groups).toEqual(['B2']);
    // The body says B1 = 9 with another reason; B1 is settled: the stored round-2 answer keeps
    // round 1's 3 and its reason; B2, asked again, takes what the body says (no reason now).
    const sent = { B1: ['Changed my mind'] };
    expect((await post(e.token, answers(9, { round: 2, reasons: sent }))).status).toBe(201);
    const [, second] = await submissionHistory(db(), e.expert.id);
    expect(second!.round).toBe(2);
    expect(second!.judgments.B1).toEqual([3]);
    expect(second!.reasons).toEqual({ B1: ['Insurance is rare'] });
  });
});

describe.each(BACKENDS)('reasons on $name', (backend) => {
  const rdb = useDb(backend);
  const B1 =
    '"B1" (Exposure of the household\'s crops to natural disasters / Agricultural insurance)';

  it('refused where the survey does not ask for them: 400 reasons_off, nothing stored', async () => {
    const { experts } = await surveyWithExperts(rdb(), 1);
    const e = experts[0]!;
    for (const reasons of [{ B1: ['Insurance is rare'] }, { B1: ['a\u0000b'] }, ['B1']]) {
      const r = await post(e.token, answers(3, { reasons }), rdb);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('reasons_off');
      expect(r.body.path).toMatch(/^\$\.reasons/);
    }
    expect(await submissionHistory(rdb(), e.expert.id)).toEqual([]);
  });

  it('hostile reasons: each a 400 that says what and where, nothing stored', async () => {
    const { survey, experts } = await surveyWithExperts(rdb(), 1);
    const e = experts[0]!;
    await setDelphiSettings(rdb(), survey.id, { ...DEFAULT_DELPHI, reasons: true });
    // [reasons, the path refused, what the message says]
    const cases: Array<[unknown, string, string]> = [
      [
        { B1: ['a\u0000b'] },
        '$.reasons.B1[0]',
        `the reason for pair 1 of ${B1}: holds a NUL character (U+0000) at character 2`
      ],
      [
        { B1: ['lone \ud800'] },
        '$.reasons.B1[0]',
        `the reason for pair 1 of ${B1}: holds a broken character (a lone UTF-16 surrogate, U+D800) at character 6`
      ],
      [
        { B1: ['two\nlines'] },
        '$.reasons.B1[0]',
        `the reason for pair 1 of ${B1}: holds a control character (U+000A) at character 4`
      ],
      [
        { B1: ['x'.repeat(10_000)] },
        '$.reasons.B1[0]',
        `the reason for pair 1 of ${B1}: at most 200 characters`
      ],
      [{ B1: ['one', 'two'] }, '$.reasons.B1', 'node "B1" has 1 pairs, got 2 reasons'],
      [{ Z9: ['x'] }, '$.reasons.Z9', 'this survey has no comparison at node "Z9"'],
      [{ B1: 'not a list' }, '$.reasons.B1', 'Invalid type'],
      [{ B1: [{ text: 'x' }] }, '$.reasons.B1[0]', `the reason for pair 1 of ${B1}: expected text`],
      [{ B1: [42] }, '$.reasons.B1[0]', 'expected text'],
      [['B1'], '$.reasons', 'expected an object, not a list'],
      ['why', '$.reasons', 'Invalid type']
    ];
    for (const [reasons, path, message] of cases) {
      const r = await post(e.token, answers(3, { reasons }), rdb);
      const what = JSON.stringify(reasons).slice(0, 40);
      expect(r.status, what).toBe(400);
      expect(r.body.code, what).toBe('reasons');
      expect(r.body.path, what).toBe(path);
      expect(r.body.message, what).toContain(message);
      // The expert's page says it by its code: in Chinese no English word, in English no Chinese.
      overwriteGetLocale(() => 'zh');
      const zh = refusalText(r.body as { code: string; message: string });
      overwriteGetLocale(() => 'en');
      expect(foreignWords(zh, JSON.stringify(reasons)), `${what} (zh): ${zh}`).toEqual([]);
      expect(
        foreignCjk(refusalText(r.body as { code: string; message: string }), ''),
        `${what} (en)`
      ).toEqual([]);
    }
    // A key that would reach Object.prototype, sent as raw JSON.
    const proto = JSON.stringify(answers(3)).replace(/}$/, ',"reasons":{"__proto__":["x"]}}');
    const p = await post(e.token, proto, rdb);
    expect(p.status).toBe(400);
    expect(p.body.message).toContain('"__proto__" is not allowed as a key');
    // Far over the body limit: 413, never a 5xx.
    const huge = await post(e.token, answers(3, { reasons: { B1: ['x'.repeat(2_000_000)] } }), rdb);
    expect(huge.status).toBe(413);
    expect(await submissionHistory(rdb(), e.expert.id)).toEqual([]);
  });

  it('a ratings group (the levels of an indicator) takes reasons as a group of criteria does', async () => {
    const { survey } = await createSurvey(rdb(), ratingsSurvey());
    const [e] = await inviteExperts(rdb(), survey.id, [{ name: 'Rater', role: 'officer' }]);
    await setStatus(rdb(), survey.id, 'open');
    await setDelphiSettings(rdb(), survey.id, { ...DEFAULT_DELPHI, reasons: true });
    const judgments = RATINGS_JUDGMENTS.E1!;
    const base = { submissionId: randomUUID(), judgments };
    // R's levels: (clean, once), (clean, twice), (once, twice): pair 3 is the third.
    const bad = await post(e!.token, { ...base, reasons: { R: [null, null, 'x\u0007'] } }, rdb);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(
      'the reason for pair 3 of "R" (Overdue once / Overdue more than once): holds a control character (U+0007)'
    );
    const reasons = { R: ['One late payment is common after a bad harvest', null, null] };
    expect((await post(e!.token, { ...base, reasons }, rdb)).status).toBe(201);
    expect((await submissionHistory(rdb(), e!.expert.id))[0]!.reasons).toEqual(reasons);
  });

  it("a good reason is stored, trimmed, and comes back in the expert's view", async () => {
    const { survey, experts } = await surveyWithExperts(rdb(), 1);
    const e = experts[0]!;
    await setDelphiSettings(rdb(), survey.id, { ...DEFAULT_DELPHI, reasons: true });
    const sent = { B1: ['  Insurance is rare  '], A1: [null, '灾害频发', null, null, null, null] };
    const ok = await post(e.token, answers(3, { reasons: sent }), rdb);
    expect(ok.status).toBe(201);
    const stored = { B1: ['Insurance is rare'], A1: sent.A1 };
    expect((await submissionHistory(rdb(), e.expert.id))[0]!.reasons).toEqual(stored);
    const view = (await get(e.token, rdb)).body;
    expect(view.round).toMatchObject({ number: 1, reasons: true });
    // A new device of this expert starts from these reasons.
    expect(view.latest.reasons).toEqual(stored);
  });
});
