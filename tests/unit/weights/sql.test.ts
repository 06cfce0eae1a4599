/**
 * The scorecard as one PostgreSQL query (issue 11, item 3): run on the test suite's real
 * PostgreSQL over 10,000 seeded random records per weight set (level names in every spelling,
 * numbers on, between and beyond the breakpoints, exponents, garbage, missing values, control
 * characters), every total (1e-9), grade, points, refused leaf and reason compared with the
 * TypeScript scorer's (scoreBatch).
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/lib/ahp';
import { farmCreditTemplate } from '../../../src/lib/survey';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  scoreBatch,
  scorecardSql,
  type RefusedRecord,
  type ScoredRecord,
  type WeightSet
} from '../../../src/lib/weights';
import { freshPostgresUrl } from '../../support/backends';
import { refusal, runCli, scratchDir } from '../../cli/helpers';
import { presetWeightSet } from './fixtures';
import { scorecardWeightSet } from './scorecard-fixtures';

const N = 10_000;
let sql: postgres.Sql;

beforeAll(async () => {
  sql = postgres(await freshPostgresUrl(), { max: 1, onnotice: () => {} });
}, 60_000);
afterAll(async () => {
  await sql?.end({ timeout: 5 });
});

/** Values of every kind a loan book may hold for a leaf (as text; null for a missing one). */
function randomValue(ws: WeightSet, leaf: number, random: () => number): string | null {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const l = ws.leaves[leaf]!;
  const scale = 'scale' in l ? l.scale : null;
  const odd = [
    null,
    '',
    '   ',
    'abc',
    'NaN',
    'Infinity',
    '1e400',
    '1e-400',
    '0x10',
    '1,5',
    'Go\u0007od',
    '\t',
    'x'.repeat(201),
    '中'.repeat(199) + '🌾'
  ];
  if (random() < 0.04) return pick(odd);
  if (scale?.kind === 'categorical') {
    const level = pick(scale.levels);
    const name = pick([level.id, level.label.en, level.label.zh]);
    return pick([
      name,
      name.toUpperCase(),
      `  ${name} `,
      name.replace(/ /g, '\u3000  '),
      `${name}\n`,
      `${name}x`
    ]);
  }
  const v = scale?.kind === 'numeric' ? scale.breakpoints.map((b) => b.value) : [0, 50, 100];
  const lo = v[0]!;
  const hi = v[v.length - 1]!;
  const x = lo - (hi - lo) * 0.2 + random() * (hi - lo) * 1.4;
  return pick([
    String(pick(v)),
    String(x),
    x.toFixed(3),
    x.toExponential(4),
    ` ${x.toFixed(1)} `,
    `+${Math.abs(x).toFixed(2)}`,
    `${pick(v)}.`,
    '-0',
    '3e-324',
    '1e-320',
    '2e-324',
    '1e-99999',
    '2.2250738585072014e-308'
  ]);
}

async function compare(ws: WeightSet, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const leaves = ws.leaves.map((l) => l.id);
  const records = Array.from({ length: N }, (_, k) => {
    const r: Record<string, string | null> = { id: `R${k}` };
    leaves.forEach((l, i) => (r[l] = randomValue(ws, i, random)));
    return r;
  });
  const table = `facts_${seed}`;
  await sql.unsafe(
    `CREATE TABLE ${table} (id text, ${leaves.map((l) => `"${l}" text`).join(', ')})`
  );
  await sql.unsafe(
    `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::text::json)`,
    [JSON.stringify(records)]
  );
  const rows = await sql.unsafe(scorecardSql(ws, table));
  const expected = scoreBatch(ws, records);
  expect(rows.length).toBe(N);
  expect(expected.scored).toBeGreaterThan(N / 50); // enough of both kinds to mean something
  expect(expected.refused).toBeGreaterThan(N / 10);
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  let checked = 0;
  for (const e of expected.results) {
    const row = byId.get(e.id!)!;
    if (e.status === 'refused') {
      expect([e.id, row.status]).toEqual([e.id, 'refused']);
      const fields = (e as RefusedRecord).problems.map((p) => p.field);
      expect([e.id, row.refused_leaves]).toEqual([e.id, fields]);
      continue;
    }
    const s = e as ScoredRecord;
    expect([e.id, row.status, row.grade]).toEqual([e.id, 'scored', s.grade]);
    expect(Math.abs(row.total - s.total)).toBeLessThanOrEqual(1e-9);
    for (const l of leaves) expect(row[`points_${l}`]).toBe(s.points[l]);
    const reasons = [row.reason_1, row.reason_2, row.reason_3].filter((x) => x !== null);
    expect([e.id, reasons]).toEqual([e.id, s.reasons.map((r) => r.leaf)]);
    s.reasons.forEach((r, k) => expect(row[`lost_${k + 1}`]).toBe(r.lost));
    checked++;
  }
  expect(checked).toBe(expected.scored);
}

describe('pairwise sql: the scorecard as one PostgreSQL query', () => {
  it('version 2, one leaf of each scale kind: 10,000 random records as the scorer', async () => {
    await compare(await scorecardWeightSet(), 1);
  }, 120_000);

  it('the farm-credit model (15 indicators, default scales): 10,000 random records', async () => {
    const demo = generateDemoPanel();
    const ws = await buildWeightSet(
      { ...demo.definition, hierarchy: farmCreditTemplate({ scales: true }).hierarchy },
      analyseResponses(demo.definition, demo.experts).analysis,
      { surveyId: 'sql', name: 'Farm credit' }
    );
    await compare(ws, 2);
  }, 120_000);

  it('version 1 (scores 0-100): 10,000 random records as the scorer', async () => {
    await compare(await presetWeightSet(), 3);
  }, 120_000);

  const { dir, file } = scratchDir('pairwise-sql-');

  it('the worked example of docs/scorecard.md through the real CLI: A 95 AAA, B 36 CCC', async () => {
    const ws = await scorecardWeightSet();
    file('set.json', JSON.stringify(ws));
    const run = await runCli(['sql', '--weights', 'set.json', '--table', 'worked'], '', {
      cwd: dir,
      timeout: 30_000
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    await sql.unsafe(
      `CREATE TABLE worked (id text, x1 text, x2 float8, y1 text, y2 numeric, y3 int)`
    );
    await sql.unsafe(
      `INSERT INTO worked VALUES ('A', 'Good', 0.25, 'clean', 0.5, 80), ('B', '一般', 1.5, ' overdue ONCE ', NULL, 50)`
    );
    expect(run.stdout).toBe(scorecardSql(ws, 'worked'));
    const rows = await sql.unsafe(run.stdout);
    expect(rows.map((r) => [r.id, r.grade, r.reason_1, r.reason_2, r.reason_3])).toEqual([
      ['A', 'AAA', 'x2', 'y3', null], // 0.3 x (100 - 90) = 3, 0.1 x (100 - 80) = 2
      ['B', 'CCC', 'x2', 'y1', 'x1']
    ]);
    expect(rows[0]!.total).toBeCloseTo(95, 12);
    expect(rows[1]!.total).toBeCloseTo(36, 12);
    expect(rows[1]!.lost_1).toBeCloseTo(24, 12); // 0.3 x (100 - 20)
  });

  it('refuses a changed weight set, a bad table name, a FILE (exit 2, one line)', async () => {
    const ws = await scorecardWeightSet();
    file('changed.json', JSON.stringify({ ...ws, name: 'changed after hashing' }));
    file('ok.json', JSON.stringify(ws));
    const opts = { cwd: dir, timeout: 30_000 };
    expect(refusal(await runCli(['sql', '--weights', 'changed.json'], '', opts))).toMatch(
      /refusing this weight set \(hash check failed\)/
    );
    expect(
      refusal(
        await runCli(['sql', '--weights', 'ok.json', '--table', 'facts; DROP TABLE x'], '', opts)
      )
    ).toMatch(/--table.*is not a table name/);
    expect(refusal(await runCli(['sql', '--weights', 'ok.json', 'x.csv'], '', opts))).toMatch(
      /reads no FILE/
    );
  }, 60_000);
});
