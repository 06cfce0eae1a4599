/**
 * No request a client can send to the monitoring entry points gets a 5xx (the property of
 * tests/unit/api/no-5xx.test.ts, with its hostile inputs): production's POST
 * /api/weight-sets/[id]/snapshots, the monitor page's load and its `add` action, and the warning
 * list's CSV, with a damaged snapshot file (any cell replaced by NUL, lone surrogates, formulas,
 * huge text ...), nasty query values and form fields, files in text fields, wrong content types.
 * A refused request stores nothing.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as productionPost } from '../../../src/routes/api/weight-sets/[id]/snapshots/+server';
import { actions, load } from '../../../src/routes/a/[token]/monitor/+page.server';
import { GET as warningCsv } from '../../../src/routes/a/[token]/monitor/warning.csv/+server';
import { importSnapshot } from '../../../src/lib/server/snapshots';
import { getWeightSetForAdmin, saveWeightSet } from '../../../src/lib/server/weight-sets';
import { pgliteBackend, useDb } from '../../support/backends';
import { event, formBody, formRequest, nastyForm, nastyText, statusOf } from '../api/hostile';
import { surveyWithExperts } from '../server/fixtures';
import { NOW_CSV, scorecardWeightSet, THEN_CSV } from './fixtures';

const SEED = 20_261_205;
const RUNS = 25;
const ORIGIN = 'http://127.0.0.1:4173';
const db = useDb(pgliteBackend);

let token: string;
let set: { id: string; readToken: string };

beforeAll(async () => {
  const { survey, adminToken } = await surveyWithExperts(db(), 0);
  token = adminToken;
  const saved = await saveWeightSet(db(), survey.id, 'Scorecard', await scorecardWeightSet());
  set = { id: saved.id, readToken: saved.readToken };
  const stored = (await getWeightSetForAdmin(db(), survey.id, saved.id))!;
  const meta = (name: string, asOf: string) => ({ name, asOf, source: 'researcher' as const });
  await importSnapshot(db(), stored, meta('May', '2026-05-31'), THEN_CSV);
  await importSnapshot(db(), stored, meta('June', '2026-06-30'), NOW_CSV);
});

const count = async () =>
  (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM snapshots'))[0]!.n;

/** The snapshot file with one cell (or the header's) replaced by anything. */
const nastyCsv = fc.tuple(fc.nat({ max: 6 }), fc.nat({ max: 7 }), nastyText).map(([r, c, by]) =>
  NOW_CSV.split('\r\n')
    .map((row, k) => {
      if (k !== r) return row;
      const cells = row.split(',');
      cells[c % cells.length] = by;
      return cells.join(',');
    })
    .join('\r\n')
);

const query = fc.dictionary(
  fc.constantFrom('set', 'then', 'now', 'baseline', 'grade', 'drop', 'name', 'as_of', 'token'),
  nastyText,
  { maxKeys: 4 }
);

describe('monitoring entry points never answer 5xx', () => {
  it('POST /api/weight-sets/[id]/snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(
        nastyCsv,
        query,
        fc.constantFrom('text/csv', 'text/plain; charset=utf-8', 'application/json', ''),
        async (body, q, type) => {
          const before = await count();
          const url = new URL(`${ORIGIN}/api/weight-sets/${set.id}/snapshots`);
          url.searchParams.set('name', 'June');
          url.searchParams.set('as_of', '2026-06-30');
          for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
          const request = new Request(url, {
            method: 'POST',
            body,
            headers: {
              ...(type ? { 'content-type': type } : {}),
              authorization: `Bearer ${set.readToken}`
            }
          });
          const status = await statusOf(() =>
            productionPost(event(db(), { id: set.id }, request) as never)
          );
          expect(status).toBeLessThan(500);
          if (status >= 400) expect(await count()).toBe(before);
        }
      ),
      { seed: SEED, numRuns: RUNS }
    );
  }, 120_000);

  it('the monitor page: load with any query, and the warning list CSV', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const url = new URL(`${ORIGIN}/a/${token}/monitor`);
        for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
        const e = event(db(), { token }, new Request(url));
        expect(await statusOf(() => load(e as never))).toBeLessThan(500);
        const csv = event(
          db(),
          { token },
          new Request(`${ORIGIN}/a/${token}/monitor/warning.csv${url.search}`)
        );
        expect(await statusOf(() => warningCsv(csv as never))).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS }
    );
  }, 120_000);

  it('the monitor page: adding a snapshot from any form', async () => {
    await fc.assert(
      fc.asyncProperty(
        nastyForm([
          ['set', set.id],
          ['name', 'July'],
          ['as_of', '2026-07-31']
        ]),
        nastyCsv,
        formBody,
        async (fields, csv, body) => {
          const before = await count();
          const file = new File([csv], 'july.csv', { type: 'text/csv' });
          const request = formRequest(
            `${ORIGIN}/a/${token}/monitor?/add`,
            [...fields, ['file', file]],
            body
          );
          const status = await statusOf(() =>
            actions.add!(event(db(), { token }, request) as never)
          );
          expect(status).toBeLessThan(500);
          if (status >= 400) expect(await count()).toBe(before);
        }
      ),
      { seed: SEED, numRuns: RUNS }
    );
  }, 120_000);
});
