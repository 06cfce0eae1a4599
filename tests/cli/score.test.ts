/**
 * `pairwise score` run as a child process (node bin/pairwise.js score ...): a weight set built
 * from the demo panel (src/lib/weights/demo.ts) and applicants written for the test. Expected
 * totals come from the library (scoreCsv), which tests/unit/weights/score.test.ts checks against
 * hand computations.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  parseCsv,
  scoreCsv,
  scoredApplicants,
  type WeightSet
} from '../../src/lib/weights';
import { refusal, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 30_000 });

const { dir: TMP, file } = scratchDir('pairwise-score-');

const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: TMP, timeout: 30_000 });

/** A run that must fail with exit 2, nothing on stdout and one line on stderr. */
const refused = async (args: readonly string[], stdin = '') => refusal(await run(args, stdin));

let ws: WeightSet;
let leaves: string[];
let good: string;

beforeAll(async () => {
  const demo = generateDemoPanel();
  const { analysis } = analyseResponses(demo.definition, demo.experts);
  ws = await buildWeightSet(demo.definition, analysis, {
    surveyId: 'demo',
    name: 'Demo weights',
    createdAt: '2025-05-01T08:30:00.000Z'
  });
  leaves = ws.leaves.map((l) => l.id);
  file('set.json', `${JSON.stringify(ws, null, 2)}\n`);
  const rows = Array.from({ length: 30 }, (_, k) =>
    [`A-${k + 1}`, ...leaves.map((_, i) => String((k * 13 + i * 7) % 101))].join(',')
  );
  good = file('applicants.csv', `id,${leaves.join(',')}\r\n${rows.join('\r\n')}\r\n`);
});

describe.concurrent('pairwise score', () => {
  test('a good file: CSV with id, total, grade and the contributions, as the library scores it', async () => {
    const r = await run(['score', '--weights', 'set.json', good]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = parseCsv(r.stdout).map((x) => x.fields);
    expect(rows[0]).toEqual(['id', 'total', 'grade', ...leaves.map((l) => `contribution_${l}`)]);
    const expected = scoreCsv(ws, readFileSync(path.join(TMP, good), 'utf8'));
    expect(rows).toHaveLength(31);
    rows.slice(1).forEach((row, k) => {
      const a = scoredApplicants(expected)[k]!;
      expect(row[0]).toBe(`A-${k + 1}`);
      expect(Number(row[1])).toBe(a.total);
      expect(row[2]).toBe(a.grade);
      expect(row.slice(3).map(Number)).toEqual(a.contributions);
    });
  });

  test('JSON, from standard input, to a file', async () => {
    const r = await run(
      ['score', '--weights=set.json', '--format', 'json', '--output', 'out.json', '-'],
      readFileSync(path.join(TMP, good), 'utf8')
    );
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    const out = JSON.parse(readFileSync(path.join(TMP, 'out.json'), 'utf8'));
    expect(out.weightSet).toEqual({ name: 'Demo weights', surveyId: 'demo', hash: ws.hash.value });
    expect(out.scored).toBe(30);
    expect(out.applicants[0]).toMatchObject({ row: 1, id: 'A-1' });
  });

  test('a tampered weight set is refused: exit 2, one line', async () => {
    const doc = structuredClone(ws);
    doc.leaves[0]!.globalWeight += 0.001;
    file('tampered.json', JSON.stringify(doc, null, 2));
    const line = await refused(['score', '--weights', 'tampered.json', good]);
    expect(line).toMatch(
      /^pairwise score: tampered\.json: refusing this weight set \(hash check failed\): \$\.hash\.value: the hash does not match the contents/
    );
  });

  test('a weight set that is not one is refused by the schema, malformed JSON by line and column', async () => {
    file('not-a-set.json', JSON.stringify({ ...ws, version: 3 }));
    expect(await refused(['score', '--weights', 'not-a-set.json', good])).toMatch(
      /refusing this weight set \(schema check failed\): \$\.version: this version of Pairwise reads weight-set versions 1 and 2$/
    );
    file('broken.json', '{\n  "format": "pairwise.weight-set",\n  ]\n}');
    expect(await refused(['score', '--weights', 'broken.json', good])).toMatch(
      /^pairwise score: broken\.json: line 3, column 3: malformed JSON/
    );
  });

  test('--strict with a bad row: exit 2 naming the row and column', async () => {
    const lines = readFileSync(path.join(TMP, good), 'utf8').split('\r\n');
    lines[5] = lines[5]!.replace(/,\d+$/, ',abc');
    file('bad.csv', lines.join('\r\n'));
    expect(await refused(['score', '--weights', 'set.json', '--strict', 'bad.csv'])).toBe(
      `pairwise score: bad.csv: row 5 (line 6) column ${leaves.at(-1)}: 'abc' is not a number`
    );
    expect(existsSync(path.join(TMP, 'never.csv'))).toBe(false);
    await refused([
      'score',
      '--weights',
      'set.json',
      '--strict',
      '--output',
      'never.csv',
      'bad.csv'
    ]);
    expect(existsSync(path.join(TMP, 'never.csv'))).toBe(false);
  });

  test('default with bad rows: exit 0, the good rows scored, a summary on stderr', async () => {
    const lines = readFileSync(path.join(TMP, good), 'utf8').split('\r\n');
    lines[3] = lines[3]!.replace(/^(A-3,)\d+/, '$1150');
    lines[8] = lines[8]!.split(',').slice(0, -1).join(',');
    file('some-bad.csv', lines.join('\r\n'));
    const r = await run(['score', '--weights', 'set.json', 'some-bad.csv']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `pairwise score: some-bad.csv: scored 28 applicants, skipped 2 rows: row 3 (line 4) column ${leaves[0]}: 150 is outside 0-100; row 8 (line 9): ${leaves.length} fields, the header has ${leaves.length + 1}\n`
    );
    const ids = parseCsv(r.stdout)
      .slice(1)
      .map((x) => x.fields[0]);
    expect(ids).toHaveLength(28);
    expect(ids).not.toContain('A-3');
    expect(ids).not.toContain('A-8');
  });

  test('an unusable header or malformed CSV: exit 2 with line and column', async () => {
    file(
      'no-leaf.csv',
      `id,${leaves.slice(1).join(',')}\n1,${leaves
        .slice(1)
        .map(() => 5)
        .join(',')}\n`
    );
    expect(await refused(['score', '--weights', 'set.json', 'no-leaf.csv'])).toMatch(
      new RegExp(
        `^pairwise score: no-leaf\\.csv: line 1, column \\d+: the header has no column for leaf ${leaves[0]} `
      )
    );
    file('quote.csv', `id,${leaves.join(',')}\n"A-1,${leaves.map(() => 5).join(',')}\n`);
    expect(await refused(['score', '--weights', 'set.json', 'quote.csv'])).toBe(
      `pairwise score: quote.csv: line 2, column 1: a quoted field is never closed (a missing '"'?)`
    );
  });

  test('usage: --weights is required, --format checked, --strict takes no value, help', async () => {
    expect(await refused(['score', good])).toBe(
      "pairwise score: give the weight set: --weights SET.json; run 'pairwise score --help' for usage"
    );
    expect(await refused(['score', '--weights', 'set.json', '--format', 'xml', good])).toBe(
      'pairwise score: --format: "xml" is not a format: give csv or json'
    );
    expect(await refused(['score', '--weights', 'set.json', '--strict=yes', good])).toMatch(
      /option '--strict' takes no value/
    );
    expect(await refused(['score', '--weights', 'nowhere.json', good])).toBe(
      'pairwise score: nowhere.json: cannot read the file: no such file'
    );
    const help = await run(['score', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pairwise score --weights SET\.json/);
    const main = await run(['--help']);
    expect(main.stdout).toContain('score --weights SET.json APPLICANTS.csv');
  });
});
