/**
 * The models page's level points (issue 11, item 2), server side on both backends (real PGlite
 * and a real PostgreSQL): the points as typed (every class of bad number refused), the levels the
 * form offers, and an edited copy of a saved set with one level's points changed, its parent and
 * change recorded; refused by code (for the page's language) and nothing saved: a version 1 set,
 * a leaf without a table of levels, a level the set lacks, the points the level already has.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoricalLevels, parsePoints } from '../../../src/routes/a/[token]/models/level-points';
import {
  LevelPointsError,
  listWeightModels,
  saveEditedWeights,
  saveGivenWeights
} from '../../../src/routes/a/[token]/models/models.server';
import { createSurvey } from '../../../src/lib/server/surveys';
import { getWeightSetForAdmin, saveWeightSet } from '../../../src/lib/server/weight-sets';
import { farmCreditTemplate } from '../../../src/lib/survey';
import { provenanceOf, verifyWeightSet, type WeightSetV2 } from '../../../src/lib/weights';
import { BACKENDS, useDb } from '../../support/backends';
import { demoWeightSet } from '../weights/fixtures';

const CSV = readFileSync(path.resolve(__dirname, '../../cli/fixtures/given-farm-credit-local.csv'));

describe('parsePoints', () => {
  it('takes a plain decimal from 0 to 100', () => {
    expect(['0', '100', '45', ' 72.5 ', '.5', '100.0', '007'].map(parsePoints)).toEqual([
      0, 100, 45, 72.5, 0.5, 100, 7
    ]);
  });
  it('refuses everything else', () => {
    for (const raw of [
      '',
      ' ',
      '101',
      '100.01',
      '-5',
      '+5',
      'NaN',
      'Infinity',
      '1e2',
      '0x10',
      '50,5',
      '5 0',
      'fifty',
      '50\u0000',
      '\ud800',
      '1'.repeat(400)
    ])
      expect(parsePoints(raw), JSON.stringify(raw)).toBeNull();
  });
});

describe('categoricalLevels', () => {
  it("lists the template's categorical leaves and their levels, numeric ones left out", () => {
    const levels = categoricalLevels(farmCreditTemplate().hierarchy);
    const ids = levels.map((l) => l.leaf);
    expect(ids).toContain('C3');
    expect(ids).not.toContain('C10');
    expect(levels.find((l) => l.leaf === 'C3')!.levels.map((l) => l.id)).toEqual([
      'clean',
      'once',
      'repeated',
      'default'
    ]);
  });
});

describe.each(BACKENDS)("a level's points on $name", (backend) => {
  const db = useDb(backend);

  it('makes an edited copy with the change recorded; refuses by code, saving nothing', async () => {
    const { survey } = await createSurvey(db(), farmCreditTemplate());
    const given = await saveGivenWeights(
      db(),
      survey,
      { name: 'fujian.csv', bytes: CSV },
      { name: 'Given', normalise: false }
    );
    const { ws: v1 } = await demoWeightSet({ bootstrap: false });
    expect(v1.version).toBe(1);
    const old = await saveWeightSet(db(), survey.id, 'Version 1', v1);
    const refused = async (edit: { parentId: string; node: string; level: string; to: number }) => {
      const e = await saveEditedWeights(db(), survey, { ...edit, name: 'x' }).catch(
        (x: unknown) => x
      );
      expect(e).toBeInstanceOf(LevelPointsError);
      return (e as LevelPointsError).problem;
    };
    expect(await refused({ parentId: old.id, node: 'C3', level: 'once', to: 50 })).toEqual({
      code: 'v1'
    });
    expect(await refused({ parentId: given.id, node: 'C10', level: 'low', to: 50 })).toEqual({
      code: 'no-scale',
      leaf: 'C10'
    });
    expect(await refused({ parentId: given.id, node: 'B2', level: 'once', to: 50 })).toEqual({
      code: 'no-scale',
      leaf: 'B2'
    });
    expect(await refused({ parentId: given.id, node: 'C3', level: 'never', to: 50 })).toEqual({
      code: 'unknown-level',
      leaf: 'C3',
      level: 'never'
    });
    expect(await refused({ parentId: given.id, node: 'C3', level: 'once', to: 60 })).toEqual({
      code: 'same',
      leaf: 'C3',
      level: 'once',
      points: 60
    });
    expect((await listWeightModels(db(), survey.id)).length).toBe(2);

    const saved = await saveEditedWeights(db(), survey, {
      parentId: given.id,
      node: 'C3',
      level: 'once',
      to: 45,
      name: 'Once at 45'
    });
    const doc = (await getWeightSetForAdmin(db(), survey.id, saved.id))!.document;
    expect((await verifyWeightSet(doc)).ok).toBe(true);
    const parent = (await getWeightSetForAdmin(db(), survey.id, given.id))!.document;
    expect(provenanceOf(doc)).toEqual({
      kind: 'edited',
      parent: { id: given.id, hash: parent.hash.value },
      changes: [{ type: 'level-points', node: 'C3', level: 'once', from: 60, to: 45 }],
      source: null
    });
    // Only the level moved: the weights are the parent's.
    expect(doc.leaves.map((l) => l.globalWeight)).toEqual(parent.leaves.map((l) => l.globalWeight));
    const c3 = (doc as WeightSetV2).leaves.find((l) => l.id === 'C3')!;
    expect(c3.scale?.kind === 'categorical' && c3.scale.levels[1]).toMatchObject({
      id: 'once',
      points: 45,
      source: 'fixed'
    });
    const models = await listWeightModels(db(), survey.id);
    expect(models.at(-1)).toMatchObject({ name: 'Once at 45', kind: 'edited', parentId: given.id });
  });
});
