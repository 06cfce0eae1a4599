/**
 * Saving the validation report's regression as a weight set, server side, on both backends
 * (real PGlite and a real PostgreSQL): the server fits the file it is sent (it takes no numbers
 * from the page), stores a verified set of kind "regression" with the SHA-256 of the bytes sent
 * (a byte-order mark included) and its base, listed on the models page; and every refusal
 * (no file, too large, not UTF-8, a bad cell, a coefficient of the wrong sign, a fit that does
 * not exist, another survey's set) saves nothing. A file whose leaves separate the outcomes
 * has no plain fit; with the page's ridge penalty it is saved, the penalty recorded in the fit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listWeightModels,
  saveGivenWeights
} from '../../../src/routes/a/[token]/models/models.server';
import {
  RegressionRefused,
  saveRegressionWeights
} from '../../../src/routes/a/[token]/validation/regression.server';
import { createSurvey } from '../../../src/lib/server/surveys';
import { getWeightSetForAdmin, saveWeightSet } from '../../../src/lib/server/weight-sets';
import { farmCreditTemplate } from '../../../src/lib/survey';
import { regressionWeightSet, MAX_LOAN_FILE_BYTES } from '../../../src/lib/validation';
import { provenanceOf, verifyWeightSet } from '../../../src/lib/weights';
import { BACKENDS, useDb } from '../../support/backends';
import { separatedByTotal } from '../../support/loan-files';
import { expectStoreError } from '../server/fixtures';
import { demoWeightSet } from '../weights/fixtures';

const LOANS = readFileSync(path.resolve(__dirname, '../../../static/demo/loans-farm-credit.csv'));
const TEXT = LOANS.toString('utf8');
const GIVEN = readFileSync(
  path.resolve(__dirname, '../../cli/fixtures/given-farm-credit-local.csv')
);
const BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), LOANS]);

describe.each(BACKENDS)('the regression saved as a weight set on $name', (backend) => {
  const db = useDb(backend);

  async function setup() {
    const { survey } = await createSurvey(db(), farmCreditTemplate());
    const { ws } = await demoWeightSet({ bootstrap: false });
    const { id } = await saveWeightSet(db(), survey.id, 'Panel', ws);
    return { survey, ws, baseId: id };
  }

  it('fits the file it is sent, stores the set with its file hash and base, lists it', async () => {
    const { survey, ws: base, baseId } = await setup();
    const saved = await saveRegressionWeights(db(), survey, {
      baseId,
      file: { name: 'loans.csv', bytes: BOM },
      outcome: 'default',
      name: 'Regression'
    });
    expect(saved.url).toMatch(
      new RegExp(`^/api/weight-sets/${saved.id}\\?token=[A-Za-z0-9_-]{32}$`)
    );
    const stored = (await getWeightSetForAdmin(db(), survey.id, saved.id))!.document;
    expect((await verifyWeightSet(stored)).ok).toBe(true);
    const p = provenanceOf(stored);
    expect(p.kind).toBe('regression');
    expect(p.source).toEqual({
      name: 'loans.csv',
      format: 'csv',
      sha256: createHash('sha256').update(BOM).digest('hex')
    });
    expect(p.fit!.base).toEqual({ id: baseId, hash: base.hash.value });
    // The same weights as the library's on the same text (tested against numpy there).
    const direct = await regressionWeightSet(
      base,
      { name: 'x', text: TEXT, sha256: p.source!.sha256 },
      { name: 'x', baseId }
    );
    expect(stored.leaves.map((l) => l.globalWeight)).toEqual(
      direct.leaves.map((l) => l.globalWeight)
    );
    // A file name with a NUL, a control character and a lone surrogate: recorded without them.
    const odd = await saveRegressionWeights(db(), survey, {
      baseId,
      file: { name: 'lo\u0000a\u0007ns\ud800.csv', bytes: LOANS },
      outcome: 'default',
      name: 'Odd name'
    });
    const oddDoc = (await getWeightSetForAdmin(db(), survey.id, odd.id))!.document;
    expect(provenanceOf(oddDoc).source!.name).toBe('loans.csv');
    // The same for a file of given weights (a NUL there was a database error, a 500).
    const given = await saveGivenWeights(
      db(),
      survey,
      { name: 'w\u0000.csv', bytes: GIVEN },
      { name: 'Given', normalise: false }
    );
    const givenDoc = (await getWeightSetForAdmin(db(), survey.id, given.id))!.document;
    expect(provenanceOf(givenDoc).source!.name).toBe('w.csv');
    const models = await listWeightModels(db(), survey.id);
    expect(models.map((m) => [m.name, m.kind, m.parentId])).toEqual([
      ['Panel', 'panel', null],
      ['Regression', 'regression', null],
      ['Odd name', 'regression', null],
      ['Given', 'given', null]
    ]);
  });

  it('refuses what gives no set, by kind, and saves nothing', async () => {
    const { survey, baseId } = await setup();
    const refusal = async (
      file: { name: string; bytes: Uint8Array } | null,
      outcome = 'default'
    ) => {
      const e = await saveRegressionWeights(db(), survey, {
        baseId,
        file,
        outcome,
        name: 'x'
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RegressionRefused);
      return (e as RegressionRefused).refusal;
    };
    expect(await refusal(null)).toEqual({ kind: 'upload', code: 'missing', size: 0 });
    expect(
      await refusal({ name: 'l.csv', bytes: new Uint8Array(MAX_LOAN_FILE_BYTES + 1) })
    ).toEqual({ kind: 'upload', code: 'too-large', size: MAX_LOAN_FILE_BYTES + 1 });
    expect(await refusal({ name: 'l.csv', bytes: new Uint8Array([0x69, 0x64, 0xff]) })).toEqual({
      kind: 'upload',
      code: 'not-text',
      size: 3
    });
    const cell = await refusal({
      name: 'l.csv',
      bytes: Buffer.from(TEXT.replace('L00002,97,86,', 'L00002,97,\u0000,'))
    });
    expect(cell).toMatchObject({ kind: 'file', problem: { line: 3, field: 'C2' } });
    const outcome = await refusal({ name: 'l.csv', bytes: LOANS }, 'Default');
    expect(outcome).toMatchObject({ kind: 'file', problem: { code: 'no-outcome-column' } });
    // C8 scored the other way round (100 - x): its coefficient turns positive.
    const lines = TEXT.split('\r\n');
    const flip = (l: string, i: number) => {
      if (i === 0 || l === '') return l;
      const f = l.split(',');
      f[8] = String(100 - Number(f[8]));
      return f.join(',');
    };
    const wrong = await refusal({
      name: 'l.csv',
      bytes: Buffer.from(lines.map(flip).join('\r\n'))
    });
    expect(wrong).toMatchObject({ kind: 'wrong-sign', leaves: ['C8'] });
    // Two loans of each outcome cannot fit sixteen coefficients.
    const few = await refusal({
      name: 'l.csv',
      bytes: Buffer.from(lines.slice(0, 5).join('\r\n'))
    });
    expect(few.kind).toBe('fit');
    const other = await createSurvey(db(), farmCreditTemplate());
    await expectStoreError(
      saveRegressionWeights(db(), other.survey, {
        baseId,
        file: { name: 'l.csv', bytes: LOANS },
        outcome: 'default',
        name: 'x'
      }),
      'not_found',
      404
    );
    expect((await listWeightModels(db(), survey.id)).length).toBe(1);
  });

  it('separated leaves: no plain fit; with a ridge penalty the set is saved and records it', async () => {
    const { survey, ws: base, baseId } = await setup();
    const { text, defaults } = separatedByTotal(TEXT);
    const file = { name: 'separated.csv', bytes: Buffer.from(text) };
    const request = { baseId, file, outcome: 'default', name: 'Ridge' };
    const plain = await saveRegressionWeights(db(), survey, request).catch((x: unknown) => x);
    expect(plain).toBeInstanceOf(RegressionRefused);
    expect((plain as RegressionRefused).refusal).toMatchObject({ kind: 'fit', code: 'separation' });
    const saved = await saveRegressionWeights(db(), survey, { ...request, ridge: 1 });
    const stored = (await getWeightSetForAdmin(db(), survey.id, saved.id))!.document;
    expect((await verifyWeightSet(stored)).ok).toBe(true);
    expect(provenanceOf(stored).fit).toMatchObject({
      ridge: 1,
      loans: 2000,
      defaults
    });
    // The library's set of the same file with the same penalty (the CLI's --ridge 1 makes it).
    const direct = await regressionWeightSet(
      base,
      { name: 'x', text, sha256: provenanceOf(stored).source!.sha256 },
      { name: 'x', baseId, ridge: 1 }
    );
    expect(provenanceOf(stored).fit).toEqual(provenanceOf(direct).fit);
    expect(stored.leaves.map((l) => l.globalWeight)).toEqual(
      direct.leaves.map((l) => l.globalWeight)
    );
    expect((await listWeightModels(db(), survey.id)).map((m) => m.name)).toEqual([
      'Panel',
      'Ridge'
    ]);
  });
});
