/**
 * Snapshots stored on both backends (PGlite and a real PostgreSQL): scored with a saved weight
 * set, kept with its id and hash, read back bit for bit, immutable, refused whole on a bad file
 * (nothing stored), and compared without rescoring.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { monitorReport, readSnapshot } from '../../../src/lib/monitoring';
import {
  importSnapshot,
  listSnapshots,
  loadSnapshots,
  SnapshotImportError,
  checkAsOf
} from '../../../src/lib/server/snapshots';
import { saveWeightSet, getWeightSetForAdmin } from '../../../src/lib/server/weight-sets';
import { StoreError } from '../../../src/lib/server/errors';
import type { WeightSet } from '../../../src/lib/weights';
import { BACKENDS, useDb } from '../../support/backends';
import { surveyWithExperts } from '../server/fixtures';
import { NOW_CSV, scorecardWeightSet, THEN_CSV } from './fixtures';

let document: WeightSet;
beforeAll(async () => {
  document = await scorecardWeightSet();
});

describe.each(BACKENDS)('snapshots on $name', (backend) => {
  const db = useDb(backend);

  async function savedSet() {
    const { survey } = await surveyWithExperts(db(), 0);
    const saved = await saveWeightSet(db(), survey.id, 'Scorecard', document);
    return (await getWeightSetForAdmin(db(), survey.id, saved.id))!;
  }

  it('stores two snapshots with the set id and hash and gives the loans back exactly', async () => {
    const ws = await savedSet();
    const a = await importSnapshot(
      db(),
      ws,
      { name: ' May ', asOf: '2026-05-31', source: 'researcher' },
      THEN_CSV
    );
    const b = await importSnapshot(
      db(),
      ws,
      { name: 'June', asOf: '2026-06-30', source: 'production' },
      NOW_CSV
    );
    expect(a).toMatchObject({
      name: 'May',
      asOf: '2026-05-31',
      weightSetId: ws.id,
      weightSetHash: document.hash.value,
      loans: 5,
      outcomes: 4,
      defaults: 1,
      source: 'researcher'
    });
    expect(b).toMatchObject({ loans: 6, outcomes: 5, defaults: 1, source: 'production' });
    expect((await listSnapshots(db(), ws.surveyId)).map((s) => s.id)).toEqual([a.id, b.id]);
    const loaded = await loadSnapshots(db(), ws);
    expect(loaded.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(loaded[0]!.loans).toEqual(readSnapshot(document, THEN_CSV).loans);
    expect(loaded[1]!.loans).toEqual(readSnapshot(document, NOW_CSV).loans);
    // Compared from what was stored: the hand-worked warning list of ./fixtures.ts.
    const report = monitorReport(document, loaded);
    expect(report.warning.loans.map((l) => l.id)).toEqual(['L3', 'L2', 'L6']);
  });

  it('refuses updates: a snapshot is immutable', async () => {
    const ws = await savedSet();
    const a = await importSnapshot(
      db(),
      ws,
      { name: 'May', asOf: '2026-05-31', source: 'researcher' },
      THEN_CSV
    );
    await expect(
      db().query(`UPDATE snapshots SET name = 'x' WHERE id = $1`, [a.id])
    ).rejects.toThrow(/immutable/);
  });

  it('stores nothing from a bad file, and says where every problem is', async () => {
    const ws = await savedSet();
    const bad = `${THEN_CSV}\nL9,good,zero,clean,0,100,,\nL1,good,0,clean,0,100,,`;
    const e = await importSnapshot(
      db(),
      ws,
      { name: 'Bad', asOf: '2026-05-31', source: 'researcher' },
      bad
    ).catch((x) => x);
    expect(e).toBeInstanceOf(SnapshotImportError);
    expect(e.status).toBe(400);
    expect(e.problems.map((p: { line: number; column: number }) => [p.line, p.column])).toEqual([
      [7, 9],
      [8, 1]
    ]);
    expect(await listSnapshots(db(), ws.surveyId)).toEqual([]);
  });

  it('refuses a bad name or date before reading the file', async () => {
    const ws = await savedSet();
    for (const [name, asOf, pattern] of [
      ['', '2026-05-31', /name of 1 to 200/],
      ['x\u0000', '2026-05-31', /NUL/],
      ['May', '2026-02-30', /that month has 28 days/],
      ['May', '31/05/2026', /YYYY-MM-DD/],
      ['May', 20260531, /YYYY-MM-DD/]
    ] as const)
      await expect(
        importSnapshot(db(), ws, { name, asOf, source: 'researcher' }, THEN_CSV)
      ).rejects.toThrow(pattern);
    expect(await listSnapshots(db(), ws.surveyId)).toEqual([]);
  });

  it('keeps 100,000 loans in one row and reads them back', async () => {
    const ws = await savedSet();
    const rows = Array.from(
      { length: 100_000 },
      (_, k) =>
        `L${k},${['good', 'fair', 'poor'][k % 3]},${(k % 20) / 10},clean,${k % 4},${k % 101},${k % 60},${k % 9 === 0 ? 1 : 0}`
    );
    const text = ['id,x1,x2,y1,y2,y3,days_past_due,defaulted', ...rows].join('\n');
    const s = await importSnapshot(
      db(),
      ws,
      { name: 'Big', asOf: '2026-07-31', source: 'production' },
      text
    );
    expect(s.loans).toBe(100_000);
    const [loaded] = await loadSnapshots(db(), ws);
    expect(loaded!.loans.ids[99_999]).toBe('L99999');
    expect(loaded!.loans).toEqual(readSnapshot(document, text).loans);
  }, 60_000);
});

describe('the date rule', () => {
  it('takes real dates only', () => {
    expect(checkAsOf(' 2024-02-29 ')).toBe('2024-02-29');
    expect(() => checkAsOf('2023-02-29')).toThrow(StoreError);
    expect(() => checkAsOf('1969-12-31')).toThrow(/outside 1970-9999/);
  });
});
