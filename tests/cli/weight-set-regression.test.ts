/**
 * `pairwise weight-set --regression LOANS.csv --base SET.json` (issue 11, item 1): the real
 * program makes a set of kind "regression" whose weights match an independent fit (numpy's
 * Newton-Raphson, tests/unit/validation/logistic_reference.py) with the file's SHA-256 (checked
 * with node:crypto) and the base's hash, the same bytes from the same files, usable by
 * `pairwise validate`; and refuses, on one line with exit 2: a coefficient of the wrong sign
 * (the leaf named), a malformed loan file (line and column), no --base, options of other modes,
 * a bad --ridge, standard input.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { provenanceOf, verifyWeightSet, type WeightSet } from '../../src/lib/weights';
import { refusal, ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 60_000 });

const FIXTURES = path.join(ROOT, 'tests/cli/fixtures');
const LOANS = path.join(ROOT, 'static/demo/loans-farm-credit.csv');
const LOANS_TEXT = readFileSync(LOANS, 'utf8');
const AT = '2026-12-05T10:00:00.000Z';

const { dir, file: named } = scratchDir('pairwise-regression-');
const file = (name: string, text: string) => path.join(dir, named(name, text));
const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: dir, timeout: 60_000 });

async function base(): Promise<string> {
  const r = await run([
    'weight-set',
    path.join(FIXTURES, 'farm-credit-hierarchy.json'),
    '--given',
    path.join(FIXTURES, 'given-farm-credit-local.csv'),
    '--created-at',
    AT
  ]);
  expect(r.status, r.stderr).toBe(0);
  return file('base.json', r.stdout);
}

describe('pairwise weight-set --regression', () => {
  test('the weights of an independent fit, with the file hash, the fit and the base', async () => {
    const basePath = await base();
    const args = ['weight-set', '--regression', LOANS, '--base', basePath, '--base-id', 'abc'];
    const r = await run([...args, '--created-at', AT]);
    expect(r.status, r.stderr).toBe(0);
    const ws = JSON.parse(r.stdout) as WeightSet;
    expect((await verifyWeightSet(ws)).ok).toBe(true);
    const ref = JSON.parse(
      spawnSync('python3', [path.join(ROOT, 'tests/unit/validation/logistic_reference.py')], {
        input: LOANS_TEXT,
        encoding: 'utf8'
      }).stdout
    ) as { weights: number[] };
    ws.leaves.forEach((l, j) => expect(l.globalWeight).toBeCloseTo(ref.weights[j]!, 12));
    const p = provenanceOf(ws);
    expect(p.kind).toBe('regression');
    expect(p.source).toEqual({
      name: 'loans-farm-credit.csv',
      format: 'csv',
      sha256: createHash('sha256').update(readFileSync(LOANS)).digest('hex')
    });
    const parent = JSON.parse(readFileSync(basePath, 'utf8')) as WeightSet;
    expect(p.fit).toMatchObject({
      outcome: 'default',
      ridge: 0,
      base: { id: 'abc', hash: parent.hash.value }
    });
    expect(ws.name).toBe('Regression (loans-farm-credit.csv)');
    // The same files, the same bytes.
    expect((await run([...args, '--created-at', AT])).stdout).toBe(r.stdout);
    // A ridge penalty shrinks the fit and is recorded.
    const ridged = JSON.parse(
      (await run([...args, '--ridge', '5', '--created-at', AT, '--name', 'Ridge'])).stdout
    ) as WeightSet;
    expect(provenanceOf(ridged).fit!.ridge).toBe(5);
    expect(ridged.hash.value).not.toBe(ws.hash.value);
    // validate reads it: the regression's own weights correlate with themselves.
    const setPath = file('reg.json', r.stdout);
    const v = await run(['validate', '--weights', setPath, LOANS, '--format', 'json']);
    expect(v.status, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout).baseline.correlation).toBeCloseTo(1, 12);
  });

  test('refusals: one line, exit 2, the reason and where', async () => {
    const basePath = await base();
    const lines = LOANS_TEXT.split('\r\n');
    // C8 scored the other way round: its coefficient turns positive.
    const flipped = file(
      'flipped.csv',
      lines
        .map((l, i) => {
          if (i === 0 || l === '') return l;
          const f = l.split(',');
          f[8] = String(100 - Number(f[8]));
          return f.join(',');
        })
        .join('\r\n')
    );
    expect(refusal(await run(['weight-set', '--regression', flipped, '--base', basePath]))).toMatch(
      /^pairwise weight-set: \S*flipped\.csv: in the regression, more points on C8 went with as many or more defaults/
    );
    const bad = file('bad.csv', LOANS_TEXT.replace('L00002,97,', 'L00002,1e999,'));
    expect(refusal(await run(['weight-set', '--regression', bad, '--base', basePath]))).toMatch(
      /^pairwise weight-set: \S*bad\.csv: line 3, column 8: /
    );
    const few = file('few.csv', lines.slice(0, 8).join('\r\n'));
    expect(refusal(await run(['weight-set', '--regression', few, '--base', basePath]))).toMatch(
      /few\.csv: no regression: /
    );
    for (const [args, message] of [
      [['--regression', LOANS], /--base SET\.json/],
      [['--regression', LOANS, '--base', basePath, '--given', LOANS], /--given does not apply/],
      [['--regression', LOANS, '--base', basePath, '--ridge', 'NaN'], /--ridge: "NaN" is not/],
      [['--regression', LOANS, '--base', basePath, '--ridge', '-1'], /--ridge: "-1" is not/],
      [['--regression', '-', '--base', basePath], /--regression: give a file/],
      [['--base', basePath, 'x.json'], /--base applies to --regression/],
      [
        ['--regression', LOANS, '--base', LOANS],
        /loans-farm-credit\.csv: line 1, column 1: malformed JSON/
      ]
    ] as Array<[string[], RegExp]>)
      expect(refusal(await run(['weight-set', ...args])), args.join(' ')).toMatch(message);
  });
});
