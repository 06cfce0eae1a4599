/**
 * Saving a version 2 weight set from a survey whose panel compares an indicator's levels
 * (tests/unit/weights/ratings-survey.ts), through the route handlers, on PGlite and on a real
 * PostgreSQL: the request carries the overrides (choices only; the server computes every number
 * from the stored answers), the set is stored, served by id and read token byte for byte,
 * verifies, and scores recorded facts. Bad overrides are refused with a 400 naming the path, and
 * nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { inviteExperts } from '../../../src/lib/server/experts';
import { submit } from '../../../src/lib/server/responses';
import { createSurvey, setStatus } from '../../../src/lib/server/surveys';
import type { Db } from '../../../src/lib/server';
import { checkSubmission } from '../../../src/lib/survey';
import { scoreCsv, verifyWeightSet, type WeightSetV2 } from '../../../src/lib/weights';
import { POST as saveHandler } from '../../../src/routes/a/[token]/results/weight-sets/+server';
import { GET as downloadHandler } from '../../../src/routes/a/[token]/results/weight-sets/[id]/+server';
import { GET as productionHandler } from '../../../src/routes/api/weight-sets/[id]/+server';
import { BACKENDS, useDb } from '../../support/backends';
import { POINTS_ALL, RATINGS_JUDGMENTS, WEIGHT_R, ratingsSurvey } from '../weights/ratings-survey';

const ORIGIN = 'http://127.0.0.1:4173';
type Handler = (event: RequestEvent) => Response | Promise<Response>;

function event(database: Db, params: Record<string, string>, request: Request): RequestEvent {
  return {
    params,
    request,
    url: new URL(request.url),
    locals: { db: database },
    route: { id: null },
    getClientAddress: () => '203.0.113.9',
    setHeaders: () => {}
  } as unknown as RequestEvent;
}

for (const backend of BACKENDS) {
  describe(`saving a v2 set from a survey (${backend.name})`, () => {
    const db = useDb(backend);
    let token = '';
    beforeAll(async () => {
      const def = ratingsSurvey();
      const { survey, adminToken } = await createSurvey(db(), def);
      const invited = await inviteExperts(
        db(),
        survey.id,
        ['E1', 'E2', 'E3'].map((name) => ({ name, role: '' }))
      );
      await setStatus(db(), survey.id, 'open');
      for (const [k, judgments] of Object.values(RATINGS_JUDGMENTS).entries()) {
        const { submission, consistency } = checkSubmission(def, {
          submissionId: randomUUID(),
          judgments
        });
        await submit(db(), invited[k]!.expert.id, submission, consistency);
      }
      token = adminToken;
    }, 60_000);

    const save = async (body: unknown) => {
      const request = new Request(`${ORIGIN}/a/${token}/results/weight-sets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body)
      });
      const response = await (saveHandler as Handler)(event(db(), { token }, request));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const count = async () =>
      (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM weight_sets'))[0]!.n;

    it('stores the set with the override, serves it by id and read token, and it scores facts', async () => {
      const { status, body } = await save({ name: 'Card', overrides: { R: { once: 50 } } });
      expect(status).toBeLessThan(300);
      const id = body.id as string;
      const download = await (downloadHandler as Handler)(
        event(db(), { token, id }, new Request(`${ORIGIN}/a/${token}/results/weight-sets/${id}`))
      );
      const text = await download.text();
      const served = await (productionHandler as Handler)(
        event(
          db(),
          { id },
          new Request(`${ORIGIN}/api/weight-sets/${id}?token=${body.readToken as string}`)
        )
      );
      expect(served.status).toBe(200);
      expect(await served.text()).toBe(text);
      const ws = JSON.parse(text) as WeightSetV2;
      expect(await verifyWeightSet(ws)).toMatchObject({ ok: true });
      const r = ws.leaves[0]!.scale!;
      if (r.kind !== 'categorical') throw new Error('R is categorical');
      expect(r.levels.map((l) => [l.id, l.source])).toEqual([
        ['clean', 'derived'],
        ['once', 'override'],
        ['twice', 'derived'],
        ['default', 'fixed']
      ]);
      expect(r.levels[1]!.derived).toBeCloseTo(POINTS_ALL[1]!, 12);
      expect(r.ratings!.intervals).toHaveLength(3);
      // 1000 resamples (SAVED_BOOTSTRAP) of the same seed: the same intervals every time.
      const again = await save({ name: 'Card again', overrides: { R: { once: 50 } } });
      const second = JSON.parse(
        await (
          await (downloadHandler as Handler)(
            event(
              db(),
              { token, id: again.body.id as string },
              new Request(`${ORIGIN}/a/${token}/results/weight-sets/${again.body.id as string}`)
            )
          )
        ).text()
      ) as WeightSetV2;
      expect(second.leaves[0]!.scale).toEqual(ws.leaves[0]!.scale);
      // Recorded facts: "once" scores the override.
      const scored = scoreCsv(ws, 'id,R,L\na,逾期一次,0\n');
      // 0.742566553936288 x 50 + (1 - 0.742566553936288) x 100 (ratings-survey.ts: R's weight).
      expect(scored.totals[0]).toBeCloseTo(WEIGHT_R * 50 + (1 - WEIGHT_R) * 100, 9);
    });

    it('refuses overrides that are not points of a derived level; nothing is stored', async () => {
      const before = await count();
      const attempts: Array<[unknown, RegExp]> = [
        [
          { name: 'x', overrides: { R: { once: 101 } } },
          /\$\.overrides\.R\.once: the points of an override are a number from 0 to 100/
        ],
        [{ name: 'x', overrides: { R: { once: '50' } } }, /\$\.overrides\.R\.once/],
        [
          { name: 'x', overrides: { R: { default: 10 } } },
          /"default" is not a level whose points the panel derives/
        ],
        [
          { name: 'x', overrides: { L: { low: 10 } } },
          /"low" is not a level whose points the panel derives/
        ],
        [{ name: 'x', overrides: { Q: { once: 10 } } }, /leaf "Q" has no rating scale/],
        [{ name: 'x', overrides: [] }, /overrides are an object/],
        [{ name: 'x', overrides: { R: [50] } }, /an indicator's overrides are an object/],
        ['{"name": "x", "overrides": {"R": {"once": 1e999}}}', /\$\.overrides\.R\.once/],
        ['{"name": "x", "overrides": {"R": {"__proto__": 1}}}', /__proto__/]
      ];
      for (const [body, message] of attempts) {
        const answer = await save(body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.message).toMatch(message);
      }
      expect(await count()).toBe(before);
    });
  });
}
