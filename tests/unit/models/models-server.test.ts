/**
 * The weight models page's server side on both backends (real PGlite and a real PostgreSQL):
 * a set from given weights stored with its provenance and the file's SHA-256 and listed as
 * "given"; an edited copy listed as "edited" with its parent's id; a panel set (no provenance)
 * listed as "panel"; and the refusals: a file that is not UTF-8, of another type, with a bad
 * row (line and column), an edit of another survey's set, an edit that cannot be made.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listWeightModels,
  ModelError,
  saveEditedWeights,
  saveGivenWeights
} from '../../../src/routes/a/[token]/models/models.server';
import { createSurvey } from '../../../src/lib/server/surveys';
import { getWeightSetForAdmin, saveWeightSet } from '../../../src/lib/server/weight-sets';
import { farmCreditTemplate } from '../../../src/lib/survey';
import { provenanceOf, verifyWeightSet } from '../../../src/lib/weights';
import { BACKENDS, useDb } from '../../support/backends';
import { expectStoreError } from '../server/fixtures';
import { presetWeightSet } from '../weights/fixtures';

const CSV = readFileSync(path.resolve(__dirname, '../../cli/fixtures/given-farm-credit-local.csv'));

describe.each(BACKENDS)('weight models on $name', (backend) => {
  const db = useDb(backend);

  it('given, edited and panel sets: stored, verified, listed with their kind', async () => {
    const { survey } = await createSurvey(db(), farmCreditTemplate());
    const given = await saveGivenWeights(
      db(),
      survey,
      { name: 'fujian.csv', bytes: CSV },
      { name: 'Given', normalise: false }
    );
    expect(given.url).toMatch(
      new RegExp(`^/api/weight-sets/${given.id}\\?token=[A-Za-z0-9_-]{32}$`)
    );
    const stored = await getWeightSetForAdmin(db(), survey.id, given.id);
    expect((await verifyWeightSet(stored!.document)).ok).toBe(true);
    expect(provenanceOf(stored!.document).source).toEqual({
      name: 'fujian.csv',
      format: 'csv',
      sha256: createHash('sha256').update(CSV).digest('hex')
    });
    const edited = await saveEditedWeights(db(), survey, {
      parentId: given.id,
      node: 'B2',
      to: 0.5,
      name: 'Credit at 0.5'
    });
    const panel = await presetWeightSet();
    await saveWeightSet(db(), survey.id, 'Panel', panel);
    const models = await listWeightModels(db(), survey.id);
    expect(models.map((m) => [m.name, m.kind, m.parentId, m.version])).toEqual([
      ['Given', 'given', null, 2],
      ['Credit at 0.5', 'edited', given.id, 2],
      ['Panel', 'panel', null, panel.version]
    ]);
    expect(models[1]!.id).toBe(edited.id);
    // The parent is unchanged in the store.
    expect((await getWeightSetForAdmin(db(), survey.id, given.id))!.document).toEqual(
      stored!.document
    );
  });

  it('refuses what it cannot use, and saves nothing', async () => {
    const { survey } = await createSurvey(db(), farmCreditTemplate());
    const other = await createSurvey(db(), farmCreditTemplate());
    const refused = async (p: Promise<unknown>) => {
      const e = await p.catch((x) => x);
      expect(e).toBeInstanceOf(ModelError);
      return e as ModelError;
    };
    expect(
      (
        await refused(
          saveGivenWeights(
            db(),
            survey,
            { name: 'w.csv', bytes: new Uint8Array([0x69, 0x64, 0xff]) },
            { name: 'x', normalise: false }
          )
        )
      ).detail
    ).toBe('the file is not UTF-8 text');
    expect(
      (
        await refused(
          saveGivenWeights(
            db(),
            survey,
            { name: 'w.xlsx', bytes: CSV },
            { name: 'x', normalise: false }
          )
        )
      ).detail
    ).toMatch(/\.csv or a \.json/);
    const bad = await refused(
      saveGivenWeights(
        db(),
        survey,
        { name: 'w.csv', bytes: Buffer.from('id,local\nB1,0.1\nB2,\u0000\n') },
        { name: 'x', normalise: false }
      )
    );
    expect([bad.line, bad.column]).toEqual([3, 4]);
    const json = await refused(
      saveGivenWeights(
        db(),
        survey,
        { name: 'w.json', bytes: Buffer.from('{"local": {"B1": "a"}}') },
        { name: 'x', normalise: false }
      )
    );
    // A JSON file's problem is placed where its value starts (line 1, column 18), and carries
    // its code for the page to word in Chinese.
    expect([json.line, json.column, json.detail]).toEqual([
      1,
      18,
      '"a" is not a weight from 0 to 1'
    ]);
    expect(json.problem).toEqual({ code: 'given-json-weight', params: { value: '"a"' } });
    const given = await saveGivenWeights(
      db(),
      survey,
      { name: 'w.csv', bytes: CSV },
      { name: 'Given', normalise: false }
    );
    await expectStoreError(
      saveEditedWeights(db(), other.survey, { parentId: given.id, node: 'B2', to: 0.5, name: 'x' }),
      'not_found',
      404
    );
    const e = await refused(
      saveEditedWeights(db(), survey, { parentId: given.id, node: 'A1', to: 0.5, name: 'x' })
    );
    // The library's code, for the page to word (the form's own field is the node chosen).
    expect(e.detail).toBe('the goal always weighs 1');
    expect(e.problem).toEqual({ code: 'edit-goal', params: {} });
    expect((await listWeightModels(db(), survey.id)).length).toBe(1);
  });
});
