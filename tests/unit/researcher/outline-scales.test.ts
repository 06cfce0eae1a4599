/**
 * The hierarchy editor's outline actions keep the scales of the leaves the outline keeps
 * (carryScales, tests/unit/survey/outline-scales.test.ts): the preview says which, the
 * replacement stores them, on PGlite and on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { createSurvey, getSurvey, type Db } from '../../../src/lib/server';
import { farmCreditTemplate, FARM_CREDIT_DEFAULT_SCALES } from '../../../src/lib/survey';
import { actions } from '../../../src/routes/a/[token]/hierarchy/+page.server';
import { BACKENDS, useDb } from '../../support/backends';

function post(db: Db, token: string, outline: string) {
  const body = new FormData();
  body.append('outline', outline);
  return {
    locals: { db },
    params: { token },
    request: new Request('http://127.0.0.1/', { method: 'POST', body })
  } as never;
}

const OUTLINE = 'Goal: B1, B2; B1: C3, Agricultural insurance; B2: Land, Livestock';

describe.each(BACKENDS)('a pasted outline on $name', (backend) => {
  const db = useDb(backend);

  it('previews which leaves keep a scale, then stores them with the new hierarchy', async () => {
    const { survey, adminToken } = await createSurvey(db(), farmCreditTemplate({ scales: true }));
    const preview = (await actions.outlinePreview!(post(db(), adminToken, OUTLINE))) as {
      preview: { scales: { kept: unknown[]; without: unknown[]; dropped: unknown[] } };
    };
    expect(preview.preview.scales.kept).toMatchObject([
      { id: 'C3', from: { id: 'C3' }, by: 'id' },
      { id: 'N1', label: { en: 'Agricultural insurance' }, from: { id: 'C2' }, by: 'name' }
    ]);
    expect(preview.preview.scales.without).toMatchObject([
      { label: { en: 'Land' } },
      { label: { en: 'Livestock' } }
    ]);
    expect(preview.preview.scales.dropped).toHaveLength(13);
    // A preview changes nothing.
    expect((await getSurvey(db(), survey.id))!.definition).toEqual(survey.definition);

    const replaced = (await actions.outlineReplace!(post(db(), adminToken, OUTLINE))) as {
      replaced: boolean;
      scales: { kept: unknown[] };
    };
    expect(replaced.replaced).toBe(true);
    expect(replaced.scales.kept).toHaveLength(2);
    const stored = (await getSurvey(db(), survey.id))!.definition.hierarchy;
    const [b1, b2] = stored.children!;
    expect(b1!.children!.map((c) => [c.id, c.scale])).toEqual([
      ['C3', FARM_CREDIT_DEFAULT_SCALES.C3],
      ['N1', FARM_CREDIT_DEFAULT_SCALES.C2]
    ]);
    expect(b2!.children!.every((c) => c.scale === undefined)).toBe(true);
  });

  it('says nothing about scales when the survey had none', async () => {
    const { adminToken } = await createSurvey(db(), farmCreditTemplate({ scales: false }));
    const preview = (await actions.outlinePreview!(post(db(), adminToken, OUTLINE))) as {
      preview: { scales: unknown };
    };
    expect(preview.preview.scales).toBeNull();
  });
});
