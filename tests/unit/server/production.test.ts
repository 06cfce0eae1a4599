/**
 * The survey's production weight set on both backends (src/lib/server/production.ts): marked by
 * the researcher, changed, remembered with when; the `current` alias resolved with the read
 * token of any of the survey's sets; another survey's set refused; and migration 3 applied to a
 * database that already has the later migrations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../src/lib/server/db';
import { migrate, MIGRATIONS } from '../../../src/lib/server/migrations';
import {
  getProductionSet,
  markProductionSet,
  resolveCurrent,
  resolveWeightSetId
} from '../../../src/lib/server/production';
import { newToken } from '../../../src/lib/server/tokens';
import { saveWeightSet } from '../../../src/lib/server/weight-sets';
import type { WeightSet } from '../../../src/lib/weights';
import { BACKENDS, useDb } from '../../support/backends';
import { presetWeightSet } from '../weights/fixtures';
import { expectStoreError, surveyWithExperts } from './fixtures';

let document: WeightSet;
beforeAll(async () => {
  document = await presetWeightSet();
});

describe.each(BACKENDS)('the production set on $name', (backend) => {
  const db = useDb(backend);

  it('none at first; marked, changed, marked back: the latest marking is current', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const a = await saveWeightSet(db(), survey.id, 'A', document);
    const b = await saveWeightSet(db(), survey.id, 'B', document);
    expect(await getProductionSet(db(), survey.id)).toBeNull();
    expect(await resolveCurrent(db(), a.readToken)).toEqual({
      surveyId: survey.id,
      weightSetId: null
    });
    expect(await resolveWeightSetId(db(), 'current', a.readToken)).toEqual({
      missing: 'no_production_set'
    });

    const first = await markProductionSet(db(), survey.id, a.id);
    expect(first).toEqual({
      weightSetId: a.id,
      name: 'A',
      hash: document.hash.value,
      markedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
    });
    expect(await getProductionSet(db(), survey.id)).toEqual(first);
    // Any of the survey's read tokens opens `current`.
    for (const token of [a.readToken, b.readToken])
      expect(await resolveCurrent(db(), token)).toEqual({ surveyId: survey.id, weightSetId: a.id });

    const second = await markProductionSet(db(), survey.id, b.id);
    expect(Date.parse(second.markedAt)).toBeGreaterThanOrEqual(Date.parse(first.markedAt));
    expect((await getProductionSet(db(), survey.id))?.weightSetId).toBe(b.id);
    expect(await resolveWeightSetId(db(), 'current', a.readToken)).toEqual({
      id: b.id,
      surveyId: survey.id
    });
    await markProductionSet(db(), survey.id, a.id);
    expect((await getProductionSet(db(), survey.id))?.weightSetId).toBe(a.id);
    const [{ n }] = (await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM production_marks WHERE survey_id = $1`,
      [survey.id]
    )) as [{ n: number }];
    expect(n).toBe(3);
  });

  it("refuses another survey's set, an unknown id and a malformed one; each survey has its own", async () => {
    const one = await surveyWithExperts(db(), 0);
    const two = await surveyWithExperts(db(), 0);
    const a = await saveWeightSet(db(), one.survey.id, 'A', document);
    const b = await saveWeightSet(db(), two.survey.id, 'B', document);
    await expectStoreError(markProductionSet(db(), one.survey.id, b.id), 'not_found', 404);
    await expectStoreError(
      markProductionSet(db(), one.survey.id, 'AAAAAAAAAAAA'),
      'not_found',
      404
    );
    await expectStoreError(markProductionSet(db(), one.survey.id, "x'; DROP"), 'not_found', 404);
    expect(await getProductionSet(db(), one.survey.id)).toBeNull();
    await markProductionSet(db(), one.survey.id, a.id);
    await markProductionSet(db(), two.survey.id, b.id);
    expect(await resolveCurrent(db(), a.readToken)).toMatchObject({ weightSetId: a.id });
    expect(await resolveCurrent(db(), b.readToken)).toMatchObject({ weightSetId: b.id });
    // The database itself refuses a marking across surveys (the composite key).
    await expect(
      db().query(`INSERT INTO production_marks (survey_id, weight_set_id) VALUES ($1, $2)`, [
        one.survey.id,
        b.id
      ])
    ).rejects.toThrow(/foreign key/);
  });

  it('a wrong or malformed token resolves nothing; other ids pass through unresolved', async () => {
    expect(await resolveCurrent(db(), newToken())).toBeNull();
    expect(await resolveCurrent(db(), '')).toBeNull();
    expect(await resolveCurrent(db(), 'x'.repeat(5000))).toBeNull();
    expect(await resolveWeightSetId(db(), 'current', newToken())).toEqual({ missing: 'not_found' });
    expect(await resolveWeightSetId(db(), 'AAAAAAAAAAAA', '')).toEqual({
      id: 'AAAAAAAAAAAA',
      surveyId: null
    });
  });

  it('migration 3 is applied to a database that already has 5 and 6', async () => {
    const old = await openDb({ ...(await backend.createConfig()), migrate: false });
    try {
      const without = MIGRATIONS.filter((m) => m.version !== 3);
      expect(await migrate(old, without)).toEqual([1, 2, 5, 6]);
      expect(await migrate(old)).toEqual([3]);
      const { survey } = await surveyWithExperts(old, 0);
      const a = await saveWeightSet(old, survey.id, 'A', document);
      await markProductionSet(old, survey.id, a.id);
      expect((await getProductionSet(old, survey.id))?.weightSetId).toBe(a.id);
    } finally {
      await old.close();
    }
  });
});
