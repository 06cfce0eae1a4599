/**
 * The expert's JSON API (GET /api/e/[token], POST /api/e/[token]/submissions, GET
 * /api/e/[token]/results), called through
 * its +server.ts handlers with a stub event whose `locals.db` is a fresh PGlite database. Every
 * bad input of issue 3, section 4, gets a 4xx JSON answer that says what is wrong, and leaves
 * nothing behind in the database.
 */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { GET } from '../../../src/routes/api/e/[token]/+server';
import { POST } from '../../../src/routes/api/e/[token]/submissions/+server';
import { GET as RESULTS } from '../../../src/routes/api/e/[token]/results/+server';
import { getExpert, type Expert } from '../../../src/lib/server/experts';
import { getSurvey, setStatus, updateSettings } from '../../../src/lib/server/surveys';
import { newToken, type Db } from '../../../src/lib/server';
import { pgliteBackend, useDb } from '../../support/backends';
import { submission, surveyWithExperts } from '../server/fixtures';

const db = useDb(pgliteBackend);

type Handler = (event: RequestEvent) => Response | Promise<Response>;

function event(token: string, request: Request, database: Db): RequestEvent {
  return {
    params: { token },
    request,
    url: new URL(request.url),
    locals: { db: database },
    route: { id: '/api/e/[token]' }
  } as unknown as RequestEvent;
}

async function call(
  handler: Handler,
  token: string,
  init: RequestInit = {}
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const request = new Request(`http://localhost/api/e/${token}`, init);
  const response = await handler(event(token, request, db()));
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers
  };
}

const get = (token: string) => call(GET as Handler, token);

function post(token: string, body: unknown, headers: Record<string, string> = {}) {
  return call(POST as Handler, token, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });
}

async function submissionCount(expertId?: string): Promise<number> {
  const [row] = await db().query<{ n: number }>(
    expertId
      ? 'SELECT count(*)::int AS n FROM submissions WHERE expert_id = $1'
      : 'SELECT count(*)::int AS n FROM submissions',
    expertId ? [expertId] : []
  );
  return row!.n;
}

/** A complete submission that any farm-credit survey accepts (no "no opinion"). */
const valid = () =>
  submission({ judgments: { ...submission().judgments, B2: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } });

/** An open farm-credit survey with two invited experts. */
async function openSurvey(status: 'draft' | 'open' | 'closed' = 'open') {
  const { survey, experts } = await surveyWithExperts(db(), 2, status);
  const [a, b] = experts as [{ expert: Expert; token: string }, { expert: Expert; token: string }];
  return { survey, a, b };
}

/** Expects a 4xx JSON answer with a message, and nothing stored for anyone. */
async function expectRefused(
  answer: Promise<{ status: number; body: Record<string, unknown> }>,
  status: number,
  message: RegExp,
  path?: string
): Promise<void> {
  const before = await submissionCount();
  const { status: got, body } = await answer;
  expect({ status: got, message: body.message }).toEqual({
    status,
    message: expect.stringMatching(message)
  });
  if (path !== undefined) expect(body.path).toBe(path);
  expect(await submissionCount()).toBe(before);
}

describe('GET /api/e/[token]', () => {
  it("gives the expert's name, the survey and no submission yet, and marks them started", async () => {
    const { survey, a } = await openSurvey();
    expect(a.expert.startedAt).toBeNull();
    const { status, body, headers } = await get(a.token);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      // Their own id (not a secret): a new link of theirs finds their draft on the device by it.
      expert: { id: a.expert.id, name: 'Expert 1' },
      survey: {
        title: survey.definition.title,
        description: survey.definition.description,
        hierarchy: survey.definition.hierarchy,
        settings: survey.definition.settings,
        status: 'open'
      },
      latest: null
    });
    // Nothing else about the survey or other experts leaks through the expert's link.
    expect(JSON.stringify(body)).not.toContain(survey.id);
    expect(JSON.stringify(body)).not.toContain('Expert 2');
    expect((await getExpert(db(), a.expert.id))?.startedAt).toEqual(expect.any(String));
    expect((await getSurvey(db(), survey.id))?.frozenAt).toEqual(expect.any(String));
  });

  it('gives the latest submission, and only the expert’s own', async () => {
    const { a, b } = await openSurvey();
    const first = valid();
    const second = submission({ judgments: { ...first.judgments, B1: [1 / 7] } });
    expect((await post(a.token, first)).status).toBe(201);
    const sent = await post(a.token, second);
    expect(sent.status).toBe(201);
    const { body } = await get(a.token);
    expect(body.latest).toEqual({
      submissionId: second.submissionId,
      judgments: second.judgments,
      receivedAt: sent.body.receivedAt
    });
    // Expert B's link sees B's (empty) response, never A's.
    const other = await get(b.token);
    expect(other.body.expert).toEqual({ id: b.expert.id, name: 'Expert 2' });
    expect(other.body.latest).toBeNull();
  });

  it('answers 404 with one message for a malformed, an unknown and a padded token', async () => {
    const { a } = await openSurvey();
    const answers = await Promise.all(
      ['not-a-token', newToken(), `${a.token}x`, a.token.slice(1), '', '../../etc'].map(get)
    );
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.message).toBe(answers[0]!.body.message);
    }
    expect(answers[0]!.body.message).toMatch(/link is not valid/);
  });

  it('answers 423 for a survey that is not open yet, without starting the expert', async () => {
    const { survey, a } = await openSurvey('draft');
    const { status, body } = await get(a.token);
    expect(status).toBe(423);
    expect(body.message).toMatch(/not open yet/);
    expect((await getExpert(db(), a.expert.id))?.startedAt).toBeNull();
    expect((await getSurvey(db(), survey.id))?.frozenAt).toBeNull();
  });

  it('still shows a closed survey and the answers given, marked closed', async () => {
    const { survey, a } = await openSurvey();
    const input = valid();
    expect((await post(a.token, input)).status).toBe(201);
    await setStatus(db(), survey.id, 'closed');
    const { status, body } = await get(a.token);
    expect(status).toBe(200);
    expect((body.survey as { status: string }).status).toBe('closed');
    expect((body.latest as { submissionId: string }).submissionId).toBe(input.submissionId);
  });
});

describe('POST /api/e/[token]/submissions', () => {
  it('stores a valid submission once with each node’s CR, and answers 201 with the receipt', async () => {
    const { a } = await openSurvey();
    const input = submission({
      judgments: { ...submission().judgments, B2: [1, 3, 5, 7, 1 / 3, 2, 4, 1, 1 / 9, 2] }
    });
    const { status, body, headers } = await post(a.token, input);
    expect(status).toBe(201);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      submissionId: input.submissionId,
      receivedAt: expect.any(String),
      duplicate: false
    });
    const [row] = await db().query<{ consistency: Record<string, { cr: number }> }>(
      'SELECT consistency FROM submissions WHERE submission_id = $1::uuid',
      [input.submissionId]
    );
    expect(Object.keys(row!.consistency).sort()).toEqual(['A1', 'B1', 'B2', 'B3', 'B4']);
    expect(row!.consistency.B4).toEqual({ cr: 0, consistent: true, skipped: 0 });
    expect(row!.consistency.B2!.cr).toBeGreaterThan(0.1);
  });

  it('stores a replayed submission once and answers 200 with the original receipt', async () => {
    const { a } = await openSurvey();
    const input = submission({
      judgments: { ...submission().judgments, B2: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }
    });
    const first = await post(a.token, input);
    expect(first.status).toBe(201);
    const replays = await Promise.all([post(a.token, input), post(a.token, input)]);
    for (const replay of replays) {
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ ...first.body, duplicate: true });
    }
    expect(await submissionCount(a.expert.id)).toBe(1);
  });

  it('refuses malformed JSON with where it broke (400)', async () => {
    const { a } = await openSurvey();
    await expectRefused(
      post(a.token, '{"submissionId": "x", "judgments": {'),
      400,
      /malformed JSON: line 1, column \d+/
    );
    await expectRefused(post(a.token, ''), 400, /empty/);
  });

  it('refuses a body that is not JSON (415) or too big (413)', async () => {
    const { a } = await openSurvey();
    await expectRefused(
      post(a.token, JSON.stringify(valid()), { 'content-type': 'text/plain' }),
      415,
      /Content-Type: application\/json/
    );
    await expectRefused(
      call(POST as Handler, a.token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'submissionId=x'
      }),
      415,
      /JSON/
    );
    const huge = { ...valid(), padding: 'x'.repeat(200_000) };
    await expectRefused(post(a.token, huge), 413, /bytes/);
    // A false Content-Length doesn't help: the body is counted as it arrives.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(huge)));
        controller.close();
      }
    });
    await expectRefused(
      call(POST as Handler, a.token, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '10' },
        body: stream,
        duplex: 'half'
      } as RequestInit),
      413,
      /over \d+ bytes/
    );
  });

  it('refuses a node the survey does not compare (400, naming it)', async () => {
    const { a } = await openSurvey();
    const input = valid();
    await expectRefused(
      post(a.token, { ...input, judgments: { ...input.judgments, C3: [1] } }),
      400,
      /no comparison at node "C3"/,
      '$.judgments.C3'
    );
    await expectRefused(
      post(a.token, { ...input, judgments: { ...input.judgments, 'no such node!': [1] } }),
      400,
      /not a node id/
    );
  });

  it('refuses a missing node and a wrong number of judgments (400)', async () => {
    const { a } = await openSurvey();
    const { B3: _dropped, ...rest } = valid().judgments;
    await expectRefused(
      post(a.token, { ...valid(), judgments: rest }),
      400,
      /judgments for node "B3" are missing/,
      '$.judgments.B3'
    );
    await expectRefused(
      post(a.token, { ...valid(), judgments: { ...valid().judgments, B1: [2, 3] } }),
      400,
      /node "B1" has 1 pairs, got 2 judgments/,
      '$.judgments.B1'
    );
  });

  it('refuses values off the scale (400, naming the judgment)', async () => {
    const { a } = await openSurvey();
    for (const bad of [10, 0, -3, 0.3, 2.5, 1 / 10]) {
      await expectRefused(
        post(a.token, { ...valid(), judgments: { ...valid().judgments, B1: [bad] } }),
        400,
        /scale|not a judgment|positive/i,
        '$.judgments.B1[0]'
      );
    }
    await expectRefused(
      post(a.token, { ...valid(), judgments: { ...valid().judgments, B1: ['3'] } }),
      400,
      /number/i,
      '$.judgments.B1[0]'
    );
  });

  it('refuses "no opinion" where the survey asks for every judgment, accepts it where allowed', async () => {
    const { survey, a } = await openSurvey();
    const skipping = submission(); // B2 has one null
    await expectRefused(
      post(a.token, skipping),
      400,
      /"no opinion" is not allowed/,
      '$.judgments.B2[9]'
    );
    await updateSettings(db(), survey.id, { ...survey.definition.settings, allowSkip: true });
    expect((await post(a.token, skipping)).status).toBe(201);
  });

  it('refuses unknown fields and a malformed submission id (400)', async () => {
    const { a } = await openSurvey();
    await expectRefused(post(a.token, { ...valid(), extra: 1 }), 400, /unknown field/, '$.extra');
    await expectRefused(
      post(a.token, { ...valid(), submissionId: 'abc' }),
      400,
      /submissionId must be a UUID/,
      '$.submissionId'
    );
    await expectRefused(post(a.token, [1, 2]), 400, /object|missing/i);
  });

  it('answers 404 for a wrong or malformed token, before reading the body', async () => {
    const { a } = await openSurvey();
    await expectRefused(post(newToken(), valid()), 404, /link is not valid/);
    await expectRefused(post('short', valid()), 404, /link is not valid/);
    await expectRefused(post(newToken(), 'not json'), 404, /link is not valid/);
    expect(await submissionCount(a.expert.id)).toBe(0);
  });

  it("never lets one expert's token touch another expert's submission (409)", async () => {
    const { a, b } = await openSurvey();
    const input = valid();
    expect((await post(a.token, input)).status).toBe(201);
    await expectRefused(post(b.token, input), 409, /already used/);
    expect(await submissionCount(a.expert.id)).toBe(1);
    expect(await submissionCount(b.expert.id)).toBe(0);
    expect((await get(b.token)).body.latest).toBeNull();
  });

  it('refuses a submission to a closed or not yet open survey (423), but still acknowledges a resend', async () => {
    const { survey, a } = await openSurvey();
    const before = valid();
    const first = await post(a.token, before);
    await setStatus(db(), survey.id, 'closed');
    await expectRefused(post(a.token, valid()), 423, /closed/);
    // With a code the expert's page turns into words of the expert's language.
    expect((await post(a.token, valid())).body.code).toBe('closed');
    // The outbox of a phone that was offline while the survey closed: its earlier submission
    // was stored, and the resend gets the original receipt.
    const resend = await post(a.token, before);
    expect(resend).toMatchObject({ status: 200, body: { ...first.body, duplicate: true } });

    const draft = await openSurvey('draft');
    await expectRefused(post(draft.a.token, valid()), 423, /not open yet/);
    expect((await getSurvey(db(), draft.survey.id))?.frozenAt).toBeNull();
  });

  it('takes the survey’s own settings for the CR it stores (threshold and method)', async () => {
    const { survey, a } = await openSurvey();
    await updateSettings(db(), survey.id, {
      ...survey.definition.settings,
      method: 'eigenvector',
      threshold: 0.2
    });
    const input = {
      submissionId: randomUUID(),
      judgments: { ...valid().judgments, B2: [1, 3, 5, 7, 1 / 3, 2, 4, 1, 1 / 9, 2] }
    };
    expect((await post(a.token, input)).status).toBe(201);
    const [row] = await db().query<{
      consistency: Record<string, { cr: number; consistent: boolean }>;
    }>('SELECT consistency FROM submissions WHERE submission_id = $1::uuid', [input.submissionId]);
    const b2 = row!.consistency.B2!;
    expect(b2.consistent).toBe(b2.cr < 0.2);
  });
});

describe('GET /api/e/[token]/results', () => {
  // Consistent judgments from chosen weights, a_ij = w_i / w_j (every ratio on Saaty's scale),
  // so each expert's own weights are exactly these; the second expert's are the first's
  // reversed. The expected group weights are computed here by hand, not by the engine: the
  // geometric mean of two consistent matrices (AIJ) is consistent with weights proportional to
  // sqrt(w_a,i * w_b,i), and a leaf's global weight is its criterion's weight times its own.
  const CHOSEN: Record<string, number[]> = {
    A1: [8, 4, 2, 1],
    B1: [3, 1],
    B2: [1, 1, 2, 4, 8],
    B3: [1, 2, 4],
    B4: [8, 4, 2, 1, 1]
  };
  const LEAVES: Record<string, string[]> = {
    B1: ['C1', 'C2'],
    B2: ['C3', 'C4', 'C5', 'C6', 'C7'],
    B3: ['C8', 'C9', 'C10'],
    B4: ['C11', 'C12', 'C13', 'C14', 'C15']
  };
  const normalised = (w: number[]) => w.map((x) => x / w.reduce((a, b) => a + b, 0));
  const upperOf = (w: number[]) => w.flatMap((wi, i) => w.slice(i + 1).map((wj) => wi / wj));
  const judgmentsOf = (weights: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(weights).map(([id, w]) => [id, upperOf(w)]));
  const reversed = Object.fromEntries(
    Object.entries(CHOSEN).map(([id, w]) => [id, [...w].reverse()])
  );
  function globalWeights(local: (id: string) => number[]): Map<string, number> {
    const out = new Map<string, number>();
    const top = local('A1');
    ['B1', 'B2', 'B3', 'B4'].forEach((b, k) =>
      local(b).forEach((w, j) => out.set(LEAVES[b]![j]!, top[k]! * w))
    );
    return out;
  }
  const results = (token: string) => call(RESULTS as Handler, token);

  async function surveyShowingResults(minExperts?: number) {
    const { survey, experts } = await surveyWithExperts(db(), 4);
    const settings = { ...survey.definition.settings, showResults: true };
    await updateSettings(db(), survey.id, minExperts ? { ...settings, minExperts } : settings);
    return { survey, experts };
  }

  it("shows no group figure until 3 experts have submitted: with 2, one's own and the group's give away the other's", async () => {
    const { experts } = await surveyShowingResults();
    const [a, b] = experts;
    expect((await post(a!.token, submission({ judgments: judgmentsOf(CHOSEN) }))).status).toBe(201);
    expect((await results(a!.token)).body).toEqual({ shown: false, experts: 1, minExperts: 3 });
    expect((await post(b!.token, submission({ judgments: judgmentsOf(reversed) }))).status).toBe(
      201
    );
    for (const token of [a!.token, b!.token]) {
      const { status, body, headers } = await results(token);
      expect(status).toBe(200);
      expect(headers.get('cache-control')).toBe('no-store');
      // Only the counts: no group weight, not even the expert's own.
      expect(body).toEqual({ shown: false, experts: 2, minExperts: 3 });
    }
  });

  it("gives the group's global weights and the expert's own, heaviest first, from the 3rd submission", async () => {
    const { survey, experts } = await surveyShowingResults();
    const [a, b, c] = experts;
    for (const [expert, weights] of [
      [a!, CHOSEN],
      [b!, reversed],
      [c!, CHOSEN]
    ] as const) {
      expect(
        (await post(expert.token, submission({ judgments: judgmentsOf(weights) }))).status
      ).toBe(201);
    }

    const { status, body, headers } = await results(a!.token);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    // AIJ of three consistent matrices is the consistent matrix of the geometric mean of their
    // weight vectors (each a_ij = w_i / w_j): here (chosen^2 x reversed)^(1/3), normalised.
    const group = globalWeights((id) =>
      normalised(CHOSEN[id]!.map((w, k) => Math.cbrt(w * w * reversed[id]![k]!)))
    );
    const own = globalWeights((id) => normalised(CHOSEN[id]!));
    expect(body.shown).toBe(true);
    expect(body.experts).toBe(3); // the fourth has not submitted
    expect(body.minExperts).toBe(3);
    // The survey's own choices (the template's: the Fujian study's square-root method, AIJ);
    // for consistent matrices every priority method gives the chosen weights exactly.
    expect(body.method).toBe(survey.definition.settings.method);
    expect(body.aggregation).toBe(survey.definition.settings.aggregation);
    const weights = body.weights as Array<{ id: string; group: number; own: number }>;
    expect(weights.map((w) => w.id).sort()).toEqual([...group.keys()].sort());
    for (const w of weights) {
      expect(w.group).toBeCloseTo(group.get(w.id)!, 12);
      expect(w.own).toBeCloseTo(own.get(w.id)!, 12);
    }
    expect(weights.map((w) => w.group)).toEqual(
      [...weights.map((w) => w.group)].sort((x, y) => y - x)
    );
    // Expert b sees the same group and their own weights, never a's.
    const seenByB = (await results(b!.token)).body.weights as typeof weights;
    const ownB = globalWeights((id) => normalised(reversed[id]!));
    for (const w of seenByB) {
      expect(w.group).toBeCloseTo(group.get(w.id)!, 12);
      expect(w.own).toBeCloseTo(ownB.get(w.id)!, 12);
    }
  });

  it('waits for as many experts as the survey asks, when that is more than 3', async () => {
    const { experts } = await surveyShowingResults(4);
    for (const [k, expert] of experts.slice(0, 3).entries()) {
      const weights = k === 1 ? reversed : CHOSEN;
      expect(
        (await post(expert.token, submission({ judgments: judgmentsOf(weights) }))).status
      ).toBe(201);
    }
    expect((await results(experts[0]!.token)).body).toEqual({
      shown: false,
      experts: 3,
      minExperts: 4
    });
    await post(experts[3]!.token, submission({ judgments: judgmentsOf(CHOSEN) }));
    expect((await results(experts[0]!.token)).body).toMatchObject({ shown: true, experts: 4 });
  });

  it('answers 403 when results are not shown, 409 before submitting, 404 for a bad link', async () => {
    const { a } = await openSurvey();
    expect(await results(a.token)).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/does not show/) }
    });
    const { experts } = await surveyShowingResults();
    expect(await results(experts[0]!.token)).toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/Submit your answers first/) }
    });
    expect((await results(newToken())).status).toBe(404);
    expect((await results('not-a-token')).status).toBe(404);
  });
});
