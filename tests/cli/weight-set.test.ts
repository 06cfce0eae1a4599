/**
 * `pairwise weight-set`: a weight set made on the command line from a hierarchy and given
 * weights (CSV and JSON), from a panel's judgments, and by editing a saved set; each verified,
 * with its provenance and the source file's SHA-256 (checked here with node:crypto over the
 * file's bytes), and usable by `pairwise score`. The real program runs as a child process for
 * the journeys; the bad-input classes run main() in-process (the same code, without 0.5 s of
 * start-up each).
 *
 * Expected weights: the demo loan file's true weights (docs/cli.md, static/demo), local weights
 * worked out by hand in tests/unit/weights/given.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { main, type Io } from '../../src/cli/main';
import { provenanceOf, verifyWeightSet, type WeightSet } from '../../src/lib/weights';
import { refusal, ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 30_000 });

const FIXTURES = path.join(ROOT, 'tests/cli/fixtures');
const HIERARCHY = path.join(FIXTURES, 'farm-credit-hierarchy.json');
const LOCAL_CSV = path.join(FIXTURES, 'given-farm-credit-local.csv');
const GLOBAL_JSON = path.join(FIXTURES, 'given-farm-credit-global.json');
const PANEL = path.join(FIXTURES, 'farm-credit.json');
const TRUE_GLOBAL = [
  0.06, 0.04, 0.1575, 0.09, 0.0675, 0.09, 0.045, 0.15, 0.06, 0.09, 0.0225, 0.0375, 0.03, 0.0375,
  0.0225
];
const AT = '2026-12-05T10:00:00.000Z';
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const { dir, file: named } = scratchDir('pairwise-weight-set-');
/** Writes a scratch file; its absolute path (main() in-process runs in this process's cwd). */
const file = (name: string, text: string) => path.join(dir, named(name, text));
const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: dir, timeout: 30_000 });

async function made(args: readonly string[]): Promise<WeightSet> {
  const r = await run(['weight-set', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const ws = JSON.parse(r.stdout) as WeightSet;
  expect((await verifyWeightSet(ws)).ok).toBe(true);
  return ws;
}

describe('the real program', () => {
  test('given local weights (CSV): provenance with the file hash, the true weights, scored by `pairwise score`', async () => {
    const ws = await made([HIERARCHY, '--given', LOCAL_CSV, '--created-at', AT, '--name', 'Truth']);
    expect([ws.name, ws.createdAt, ws.version, ws.survey.id]).toEqual([
      'Truth',
      AT,
      2,
      'pairwise-cli'
    ]);
    expect(provenanceOf(ws)).toEqual({
      kind: 'given',
      parent: null,
      changes: [],
      source: { name: 'given-farm-credit-local.csv', format: 'csv', sha256: sha(LOCAL_CSV) }
    });
    ws.leaves.forEach((l, k) =>
      expect(Math.abs(l.globalWeight - TRUE_GLOBAL[k]!)).toBeLessThanOrEqual(1e-15)
    );
    expect(ws.experts).toEqual([]);
    // The same file again, the same time: the same bytes (a pipeline can diff them).
    const again = await run([
      'weight-set',
      HIERARCHY,
      '--given',
      LOCAL_CSV,
      '--created-at',
      AT,
      '--name',
      'Truth'
    ]);
    expect(again.stdout).toBe(`${JSON.stringify(ws, null, 2)}\n`);
    // Every leaf scored 100 totals 100 (the weights sum to 1), grade AAA.
    const set = file('truth.json', again.stdout);
    const header = ws.leaves.map((l) => l.id).join(',');
    const applicants = file(
      'applicants.csv',
      `id,${header}\nall,${ws.leaves.map(() => 100).join(',')}\n`
    );
    const scored = await run(['score', '--weights', set, applicants, '--format', 'json']);
    expect(scored.status).toBe(0);
    const out = JSON.parse(scored.stdout) as {
      applicants: Array<{ total: number; grade: string }>;
    };
    expect(Math.abs(out.applicants[0]!.total - 100)).toBeLessThan(1e-12);
    expect(out.applicants[0]!.grade).toBe('AAA');
  });

  test('given global weights (JSON) from standard input for the hierarchy', async () => {
    const r = await run(
      ['weight-set', '-', '--given', GLOBAL_JSON],
      readFileSync(HIERARCHY, 'utf8')
    );
    expect(r.status).toBe(0);
    const ws = JSON.parse(r.stdout) as WeightSet;
    expect(provenanceOf(ws).source).toEqual({
      name: 'given-farm-credit-global.json',
      format: 'json',
      sha256: sha(GLOBAL_JSON)
    });
    expect(ws.nodes.filter((n) => n.depth === 1).map((n) => n.localWeight)).toEqual([
      0.1, 0.45, 0.3, 0.15
    ]);
  });

  test('a panel set from a `pairwise hierarchy` input, then edited: parent hash and changes', async () => {
    const panel = await made([PANEL, '--created-at', AT]);
    expect('provenance' in panel).toBe(false);
    expect(panel.experts.length).toBe(3);
    const saved = file('panel.json', `${JSON.stringify(panel, null, 2)}\n`);
    const edited = await made([
      '--edit',
      saved,
      '--move',
      'B2=0.5,C3=0.4',
      '--parent-id',
      'w-7',
      '--created-at',
      AT
    ]);
    const p = provenanceOf(edited);
    expect(p.kind).toBe('edited');
    expect(p.parent).toEqual({ id: 'w-7', hash: panel.hash.value });
    expect(p.changes.map((c) => [c.type, c.node, 'to' in c ? c.to : null])).toEqual([
      ['local-weight', 'B2', 0.5],
      ['local-weight', 'C3', 0.4]
    ]);
    expect(edited.name).toBe(`${panel.name}, edited`);
    // The parent file is untouched.
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(panel);
  });
});

function fakeIo(stdin = '') {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdin: Object.assign(
      (async function* () {
        if (stdin !== '') yield Buffer.from(stdin);
      })(),
      { isTTY: false }
    ),
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text)
  };
  return { io, out };
}

async function refused(args: string[], stdin = ''): Promise<string> {
  const { io, out } = fakeIo(stdin);
  expect(await main(['weight-set', ...args], io)).toBe(2);
  expect(out.stdout).toBe('');
  expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
  return out.stderr.trimEnd();
}

describe('bad input and usage: one line, exit 2, nothing written', () => {
  const hierarchy = HIERARCHY;
  test.each([
    ['no FILE, nothing piped', [], /no input|the input is empty|malformed JSON/],
    [
      '--given with experts in FILE',
      [PANEL, '--given', LOCAL_CSV],
      /farm-credit\.json: \$\.experts: a set of given weights takes no experts/
    ],
    [
      'no experts and no --given',
      [hierarchy],
      /\$\.experts: no experts: give their judgments, or the weights with --given/
    ],
    [
      '--given of another extension',
      [hierarchy, '--given', PANEL.replace('.json', '.txt')],
      /cannot read the file|name a \.csv or \.json file/
    ],
    [
      '--given from standard input',
      [hierarchy, '--given', '-'],
      /--given: give a file; standard input carries the hierarchy/
    ],
    ['--normalise without --given', [hierarchy, '--normalise'], /--normalise applies to --given/],
    ['--move without --edit', [hierarchy, '--move', 'B2=0.5'], /--move applies to --edit/],
    [
      '--edit with FILE',
      ['--edit', PANEL, hierarchy, '--move', 'B2=0.5'],
      /--edit reads the set from its option: give no FILE/
    ],
    ['--edit with --given', ['--edit', PANEL, '--given', LOCAL_CSV], /--given makes a new set/],
    ['--edit without changes', ['--edit', PANEL], /say what to change/],
    [
      '--edit of a file that is no weight set',
      ['--edit', PANEL, '--move', 'B2=0.5'],
      /refusing this weight set \(schema check failed\)/
    ],
    ['a malformed --move', [hierarchy, '--move', 'B2:0.5'], /--move: "B2:0\.5" is not NODE=WEIGHT/],
    [
      'a malformed --points',
      ['--edit', PANEL, '--points', 'C3=5'],
      /--points: "C3=5" is not LEAF:LEVEL=POINTS/
    ],
    [
      'a date that does not exist',
      [hierarchy, '--created-at', '2026-02-30T00:00:00Z'],
      /--created-at: .* is not a UTC time/
    ],
    [
      'a NUL in the name',
      [hierarchy, '--name', 'a\u0000b'],
      /--name: a name holds a NUL character/
    ],
    ['an empty name', [hierarchy, '--name', '  '], /--name: give a name/],
    ['an unknown option', [hierarchy, '--weights', 'x'], /unknown option '--weights'/]
  ] as Array<[string, string[], RegExp]>)('%s', async (_name, args, message) => {
    expect(await refused(args)).toMatch(message);
  });

  test('a bad given file names the file, the line and the column', async () => {
    const csv = file('bad.csv', 'id,local\nB1,0.1\nB2,zero\n');
    expect(await refused([hierarchy, '--given', csv])).toBe(
      `pairwise weight-set: ${csv}: line 3, column 4: the local weight of 'B2' is not a weight from 0 to 1`
    );
    const json = file('bad.json', '{"global": {"C1": 1,\n "C2": }}');
    expect(await refused([hierarchy, '--given', json])).toMatch(
      new RegExp(
        `^pairwise weight-set: ${json.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 2, column 8: malformed JSON`
      )
    );
    const sums = file(
      'sums.json',
      JSON.stringify({
        global: Object.fromEntries(TRUE_GLOBAL.map((w, k) => [`C${k + 1}`, w * 2]))
      })
    );
    expect(await refused([hierarchy, '--given', sums])).toMatch(
      /\$\.global\.C1: the leaves' global weights sum to (2|1\.9999999999999998), not 1 within 1e-9/
    );
  });

  test('--normalise divides and records', async () => {
    const sums = file(
      'sums2.json',
      JSON.stringify({
        global: Object.fromEntries(TRUE_GLOBAL.map((w, k) => [`C${k + 1}`, w * 2]))
      })
    );
    const { io, out } = fakeIo();
    expect(await main(['weight-set', HIERARCHY, '--given', sums, '--normalise'], io)).toBe(0);
    const ws = JSON.parse(out.stdout) as WeightSet;
    // The sum of the doubled weights, added as doubles: 2 up to rounding.
    const [change] = provenanceOf(ws).changes as Array<{ type: string; node: string; sum: number }>;
    expect([change!.type, change!.node]).toEqual(['normalise', 'A1']);
    expect(Math.abs(change!.sum - 2)).toBeLessThan(1e-15);
    ws.leaves.forEach((l, k) =>
      expect(Math.abs(l.globalWeight - TRUE_GLOBAL[k]!)).toBeLessThanOrEqual(1e-15)
    );
  });

  test('an edit that cannot be made names the option as typed', async () => {
    const { io, out } = fakeIo();
    expect(await main(['weight-set', HIERARCHY, '--given', LOCAL_CSV], io)).toBe(0);
    const set = file('given.json', out.stdout);
    expect(await refused(['--edit', set, '--move', 'B2=0.5', '--points', 'C3:good=90'])).toBe(
      'pairwise weight-set: --points C3:good=90: leaf "C3" has no categorical scale'
    );
    expect(await refused(['--edit', set, '--move', 'A1=0.5'])).toBe(
      'pairwise weight-set: --move A1=0.5: the goal always weighs 1'
    );
  });

  test('the real program refuses in one line too', async () => {
    const r = await run(['weight-set', HIERARCHY, '--given', path.join(dir, 'missing.csv')]);
    expect(refusal(r)).toMatch(/missing\.csv: cannot read the file: no such file/);
  });
});
