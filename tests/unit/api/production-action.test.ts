/**
 * The comparison page's form action `production` (marking the survey's production set) against
 * every class of hostile form (fast-check, seeded: nasty text, several values, files, wrong
 * content types in the `set` field), on PGlite and PostgreSQL: never a 5xx, and a refused form
 * marks nothing. A real id marks the set; another survey's set is a 404.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, getProductionSet, saveWeightSet } from '../../../src/lib/server';
import { actions } from '../../../src/routes/a/[token]/models/compare/+page.server';
import { BACKENDS, useDb } from '../../support/backends';
import { definition } from '../server/fixtures';
import { presetWeightSet } from '../weights/fixtures';
import { event, formBody, formRequest, nastyForm, statusOf } from './hostile';

const ORIGIN = 'http://127.0.0.1:4173';

describe.each(BACKENDS)('the production action on $name', (backend) => {
  const db = useDb(backend);
  let token: string;
  let surveyId: string;
  let setId: string;
  let otherSetId: string;

  beforeAll(async () => {
    const document = await presetWeightSet();
    const one = await createSurvey(db(), definition());
    const two = await createSurvey(db(), definition());
    token = one.adminToken;
    surveyId = one.survey.id;
    setId = (await saveWeightSet(db(), surveyId, 'A', document)).id;
    otherSetId = (await saveWeightSet(db(), two.survey.id, 'B', document)).id;
  }, 60_000);

  const mark = (entries: Array<[string, string | File]>, body: string = 'multipart') =>
    statusOf(() =>
      actions.production!(
        event(
          db(),
          { token },
          formRequest(`${ORIGIN}/a/${token}/models/compare?/production`, entries, body)
        ) as never
      )
    );

  it('hostile forms: a 4xx, never a 5xx, and nothing marked', async () => {
    await fc.assert(
      fc.asyncProperty(nastyForm([['set', 'x']]), formBody, async (entries, body) => {
        const status = await mark(entries, body);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }),
      { seed: 11, numRuns: 60 }
    );
    expect(await getProductionSet(db(), surveyId)).toBeNull();
  });

  it("another survey's set: 404; this survey's: marked", async () => {
    expect(await mark([['set', otherSetId]])).toBe(404);
    expect(await getProductionSet(db(), surveyId)).toBeNull();
    expect(await mark([['set', setId]])).toBe(200);
    expect((await getProductionSet(db(), surveyId))?.weightSetId).toBe(setId);
  });
});
