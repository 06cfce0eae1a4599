/**
 * An expert's answers to a ratings group through the submission endpoint, and the group results
 * shown to them (GET /api/e/TOKEN/results) with each compared scale's points, on PGlite. The
 * survey: tests/unit/weights/ratings-survey.ts, results shown to experts.
 */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { inviteExperts } from '../../../src/lib/server/experts';
import { createSurvey, setStatus } from '../../../src/lib/server/surveys';
import type { Db } from '../../../src/lib/server';
import { POST } from '../../../src/routes/api/e/[token]/submissions/+server';
import { GET as RESULTS } from '../../../src/routes/api/e/[token]/results/+server';
import { pgliteBackend, useDb } from '../../support/backends';
import {
  CR_ALL,
  CR_E3,
  POINTS_ALL,
  RATINGS_JUDGMENTS,
  ratingsSurvey
} from '../weights/ratings-survey';

const db = useDb(pgliteBackend);
type Handler = (event: RequestEvent) => Response | Promise<Response>;

async function call(handler: Handler, token: string, init: RequestInit = {}) {
  const request = new Request(`http://localhost/api/e/${token}`, init);
  const response = await handler({
    params: { token },
    request,
    url: new URL(request.url),
    locals: { db: db() as Db },
    route: { id: '/api/e/[token]' }
  } as unknown as RequestEvent);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let tokens: string[] = [];
beforeAll(async () => {
  const def = ratingsSurvey();
  def.settings = { ...def.settings, showResults: true };
  const { survey } = await createSurvey(db(), def);
  const invited = await inviteExperts(
    db(),
    survey.id,
    ['E1', 'E2', 'E3'].map((name) => ({ name, role: '' }))
  );
  await setStatus(db(), survey.id, 'open');
  tokens = invited.map((x) => x.token);
}, 60_000);

const submit = (token: string, judgments: unknown) =>
  call(POST as Handler, token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId: randomUUID(), judgments })
  });

describe('ratings groups through the expert endpoints', () => {
  it('refuses a ratings group of the wrong size, naming it; takes the leaf-keyed answers', async () => {
    const bad = await submit(tokens[0]!, { G: [3], R: [2] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      message: '$.judgments.R: node "R" has 3 pairs, got 1 judgments',
      path: '$.judgments.R'
    });
    for (const [k, judgments] of Object.values(RATINGS_JUDGMENTS).entries())
      expect((await submit(tokens[k]!, judgments)).status).toBeLessThan(300);
  });

  it("shows the group's points of each compared scale beside the expert's own", async () => {
    const { status, body } = await call(RESULTS as Handler, tokens[0]!);
    expect(status).toBe(200);
    // E1 alone: clean 2 x once, once 2 x twice, clean 4 x twice (consistent): weights 4 : 2 : 1,
    // idealised 100, 50, 25; the zero level 0. The group: numpy (ratings-survey.ts).
    // CR: the group matrix's (CR_ALL, numpy); E1's own is 0 (a consistent 3 x 3, so lambda_max
    // = 3 up to rounding); the threshold the survey's 0.1 (Saaty's for every size under it).
    expect(body.levels).toEqual([
      {
        leaf: 'R',
        cr: expect.closeTo(CR_ALL, 12),
        threshold: 0.1,
        consistent: true,
        ownCr: expect.closeTo(0, 12),
        ownConsistent: true,
        levels: [
          { id: 'clean', group: 100, own: 100 },
          { id: 'once', group: expect.closeTo(POINTS_ALL[1]!, 12), own: expect.closeTo(50, 12) },
          { id: 'twice', group: expect.closeTo(POINTS_ALL[2]!, 12), own: expect.closeTo(25, 12) },
          { id: 'default', group: 0, own: 0 }
        ]
      }
    ]);
  });

  it("gives an inconsistent expert their own CR, flagged, beside the group's", async () => {
    const { status, body } = await call(RESULTS as Handler, tokens[2]!);
    expect(status).toBe(200);
    // E3 alone: clean 4 x once, twice 2 x clean: CR_E3 0.790 (numpy, ratings-survey.ts).
    expect(body.levels).toMatchObject([
      {
        leaf: 'R',
        cr: expect.closeTo(CR_ALL, 12),
        consistent: true,
        ownCr: expect.closeTo(CR_E3, 12),
        ownConsistent: false
      }
    ]);
  });
});

describe('a scale with one compared level', () => {
  it('gives its CR as not applicable (null), never 0, and the level 100 points', async () => {
    const def = ratingsSurvey();
    const r = def.hierarchy.children![0]!;
    if (r.scale?.kind !== 'categorical') throw new Error('R is categorical');
    // Only "clean" is compared ("default" is a zero level): no group is asked, no matrix, no CR.
    r.scale = {
      ...r.scale,
      levels: [r.scale.levels[0]!, r.scale.levels[3]!]
    };
    def.settings = { ...def.settings, showResults: true };
    const { survey } = await createSurvey(db(), def);
    const invited = await inviteExperts(
      db(),
      survey.id,
      ['F1', 'F2', 'F3'].map((name) => ({ name, role: '' }))
    );
    await setStatus(db(), survey.id, 'open');
    for (const [k, x] of invited.entries())
      expect((await submit(x.token, { G: [k + 2] })).status).toBeLessThan(300);
    const { status, body } = await call(RESULTS as Handler, invited[0]!.token);
    expect(status).toBe(200);
    expect(body.levels).toEqual([
      {
        leaf: 'R',
        cr: null,
        threshold: null,
        consistent: null,
        ownCr: null,
        ownConsistent: null,
        levels: [
          { id: 'clean', group: 100, own: 100 },
          { id: 'default', group: 0, own: 0 }
        ]
      }
    ]);
  });
});
