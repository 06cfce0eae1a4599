/**
 * Saved weight sets on both backends: stored whole and immutable, listed per survey, read by the
 * researcher and by production (id + read token, of which only the hash is kept), and the panel
 * verbs behind the demo and imports (all or nothing, imported experts marked).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoSurvey, createSurveyWithPanel, loadPanel } from '../../../src/lib/server/panels';
import { listExperts } from '../../../src/lib/server/experts';
import { latestSubmissions } from '../../../src/lib/server/responses';
import { getSurvey } from '../../../src/lib/server/surveys';
import { hashToken, newToken } from '../../../src/lib/server/tokens';
import {
  getWeightSetByReadToken,
  getWeightSetForAdmin,
  listWeightSets,
  saveWeightSet
} from '../../../src/lib/server/weight-sets';
import { farmCreditTemplate } from '../../../src/lib/survey';
import {
  computeWeightSet,
  generateDemoPanel,
  verifyWeightSet,
  weightSetJson,
  weightSetRequestSchema,
  type WeightSet
} from '../../../src/lib/weights';
import * as v from 'valibot';
import { BACKENDS, useDb } from '../../support/backends';
import { expectStoreError, surveyWithExperts, tableText } from './fixtures';

/** A real weight set of the demo panel (a short bootstrap keeps the test quick). */
let document: WeightSet;
beforeAll(async () => {
  const { definition, experts } = generateDemoPanel();
  document = await computeWeightSet(
    definition,
    experts.map((e) => ({ ...e, weight: e.weight ?? 1, submitted: true })),
    v.parse(weightSetRequestSchema, { name: 'Demo, all experts' }),
    {
      surveyId: 'demo',
      createdAt: '2026-11-20T08:30:00.000Z',
      bootstrap: { resamples: 20, seed: 7, level: 0.95 }
    }
  );
});

describe.each(BACKENDS)('weight sets on $name', (backend) => {
  const db = useDb(backend);

  it('saves a weight set and gives it back unchanged, to the researcher and to production', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const saved = await saveWeightSet(db(), survey.id, '  Fujian panel  ', document);
    expect(saved.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(saved.readToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(saved.summary).toEqual({
      id: saved.id,
      surveyId: survey.id,
      name: 'Fujian panel',
      createdAt: expect.any(String),
      hash: document.hash.value
    });

    const admin = await getWeightSetForAdmin(db(), survey.id, saved.id);
    expect(admin?.document).toEqual(document);
    // Byte for byte: the file served is the same text as for the document as built.
    expect(weightSetJson(admin!.document)).toBe(weightSetJson(document));
    expect(await verifyWeightSet(admin!.document)).toMatchObject({ ok: true });

    const production = await getWeightSetByReadToken(db(), saved.id, saved.readToken);
    expect(weightSetJson(production!.document)).toBe(weightSetJson(document));
  });

  it('production needs the right id and the right token; both wrong look the same', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const a = await saveWeightSet(db(), survey.id, 'A', document);
    const b = await saveWeightSet(db(), survey.id, 'B', document);
    expect(await getWeightSetByReadToken(db(), a.id, b.readToken)).toBeNull();
    expect(await getWeightSetByReadToken(db(), a.id, newToken())).toBeNull();
    expect(await getWeightSetByReadToken(db(), 'AAAAAAAAAAAA', a.readToken)).toBeNull();
    expect(await getWeightSetByReadToken(db(), a.id, '')).toBeNull();
    expect(await getWeightSetByReadToken(db(), a.id, `${a.readToken}x`)).toBeNull();
    expect(
      await getWeightSetByReadToken(db(), "'; DROP TABLE weight_sets; --", a.readToken)
    ).toBeNull();
    expect((await getWeightSetByReadToken(db(), b.id, b.readToken))?.name).toBe('B');
  });

  it('keeps only the hash of the read token', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const saved = await saveWeightSet(db(), survey.id, 'Secret', document);
    const text = await tableText(db(), 'weight_sets');
    expect(text).not.toContain(saved.readToken);
    const [row] = await db().query<{ h: Uint8Array }>(
      'SELECT read_token_hash AS h FROM weight_sets WHERE id = $1',
      [saved.id]
    );
    expect(Buffer.from(row!.h).equals(hashToken(saved.readToken))).toBe(true);
  });

  it('lists a survey’s weight sets oldest first, and only its own; the researcher reads only their own', async () => {
    const one = await surveyWithExperts(db(), 0);
    const other = await surveyWithExperts(db(), 0);
    const first = await saveWeightSet(db(), one.survey.id, 'first', document);
    const second = await saveWeightSet(db(), one.survey.id, 'second', document);
    const theirs = await saveWeightSet(db(), other.survey.id, 'theirs', document);
    const list = await listWeightSets(db(), one.survey.id);
    expect(list.map((s) => s.name)).toEqual(['first', 'second']);
    expect(list.map((s) => s.id)).toEqual([first.id, second.id]);
    expect(list.every((s) => s.hash === document.hash.value)).toBe(true);
    expect(await getWeightSetForAdmin(db(), one.survey.id, theirs.id)).toBeNull();
    expect(await getWeightSetForAdmin(db(), one.survey.id, 'not an id')).toBeNull();
  });

  it('a saved weight set cannot be changed (there is no update verb, and the table refuses)', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const saved = await saveWeightSet(db(), survey.id, 'Pinned', document);
    await expect(
      db().query(`UPDATE weight_sets SET name = 'changed' WHERE id = $1`, [saved.id])
    ).rejects.toThrow(/immutable/);
    await expect(
      db().query(
        `UPDATE weight_sets SET document = jsonb_set(document, '{name}', '"x"') WHERE id = $1`,
        [saved.id]
      )
    ).rejects.toThrow(/immutable/);
    expect((await getWeightSetForAdmin(db(), survey.id, saved.id))?.name).toBe('Pinned');
  });

  it('refuses an empty name, a document without a hash and an unknown survey', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    await expectStoreError(saveWeightSet(db(), survey.id, '   ', document), 'invalid', 400);
    const { hash: _hash, ...unhashed } = document;
    await expectStoreError(
      saveWeightSet(db(), survey.id, 'x', unhashed as unknown as WeightSet),
      'invalid',
      400
    );
    await expectStoreError(saveWeightSet(db(), 'nosuchsurvey', 'x', document), 'not_found', 404);
  });

  it('weight sets go with their survey', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const saved = await saveWeightSet(db(), survey.id, 'Gone', document);
    await db().query('DELETE FROM surveys WHERE id = $1', [survey.id]);
    expect(await getWeightSetByReadToken(db(), saved.id, saved.readToken)).toBeNull();
  });

  it('the demo: a closed survey with twelve experts and their answers, stored as submissions', async () => {
    const { survey, adminToken, expertIds } = await createDemoSurvey(db());
    expect(adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(survey.status).toBe('closed');
    expect(survey.frozenAt).not.toBeNull();
    const panel = await loadPanel(db(), survey.id);
    const demo = generateDemoPanel();
    expect(panel.map((e) => e.id)).toEqual(expertIds);
    expect(panel.map((e) => [e.name, e.role, e.imported, e.submitted])).toEqual(
      demo.experts.map((e) => [e.name, e.role, false, true])
    );
    // The answers survive jsonb exactly (1/3 and friends, null for a skipped pair).
    expect(panel.map((e) => e.judgments)).toEqual(demo.experts.map((e) => e.judgments));
    // As the experts page sees them: submitted, with each node's consistency.
    const listed = await listExperts(db(), survey.id);
    expect(listed.every((e) => e.status === 'submitted')).toBe(true);
    const e4 = listed[3]!.latest!.consistency;
    expect(e4.A1).toMatchObject({ consistent: false });
    expect((await latestSubmissions(db(), survey.id)).length).toBe(12);
    expect((await getSurvey(db(), survey.id))?.definition.title.en).toContain('(demo)');
  });

  it('createSurveyWithPanel is all or nothing', async () => {
    const before = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM surveys');
    await expect(
      createSurveyWithPanel(
        db(),
        farmCreditTemplate({ scales: false }),
        [
          { name: 'ok', judgments: { B1: [3] }, consistency: {} },
          // A negative weight breaks the table's CHECK: the whole import is rolled back.
          { name: 'bad', weight: -1, judgments: { B1: [3] }, consistency: {} }
        ],
        { imported: true, status: 'closed' }
      )
    ).rejects.toThrow();
    const after = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM surveys');
    expect(after[0]!.n).toBe(before[0]!.n);
    const { survey } = await createSurveyWithPanel(
      db(),
      farmCreditTemplate({ scales: false }),
      [{ name: 'Imported 1', role: 'academic', judgments: { B1: [3] }, consistency: {} }],
      { imported: true, status: 'closed' }
    );
    const [only] = await loadPanel(db(), survey.id);
    expect(only).toMatchObject({ name: 'Imported 1', imported: true, submitted: true });
    // The experts page marks them too.
    const [listed] = await listExperts(db(), survey.id);
    expect(listed).toMatchObject({ name: 'Imported 1', imported: true, status: 'submitted' });
  });
});
