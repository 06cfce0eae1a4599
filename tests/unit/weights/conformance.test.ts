/**
 * The conformance vectors (conformance/v1, issue 11 item 3): the checked-in files are exactly what
 * the TypeScript scorer gives now (a change to the scorer must change them on purpose:
 * `npx tsx scripts/conformance.ts`), a few of their numbers computed by hand, and the
 * standard-library Python scorer (conformance/python/pairwise_score.py) passes every one and
 * fails a vector that was changed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  caseJson,
  CONFORMANCE_DIR,
  conformanceCases,
  type ConformanceCase
} from '../../../scripts/conformance';

const PYTHON = path.resolve(CONFORMANCE_DIR, '../python/pairwise_score.py');
const python = (...args: string[]) =>
  spawnSync('python3', [PYTHON, ...args], { encoding: 'utf8', timeout: 60_000 });

let cases: ConformanceCase[];
beforeAll(async () => {
  cases = await conformanceCases();
});

const result = (name: string, id: string) =>
  cases.find((c) => c.name === name)!.expected.results.find((r) => r.id === id) as Record<
    string,
    any
  >;

describe('the conformance vectors', () => {
  it('are exactly what the scorer gives now, file by file, and no file is left over', () => {
    const files = readdirSync(CONFORMANCE_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(cases.map((c) => `${c.name}.json`).sort());
    for (const c of cases)
      expect(readFileSync(path.join(CONFORMANCE_DIR, `${c.name}.json`), 'utf8')).toBe(caseJson(c));
  });

  it('hold the numbers worked out by hand', () => {
    // docs/scorecard.md: B = 0.3 x 60 + 0.3 x 20 + 0.2 x 25 + 0.1 x 20 + 0.1 x 50 = 36, CCC.
    const b = result('v2-every-scale', 'B');
    expect(b.total).toBeCloseTo(36, 12);
    expect(b.grade).toBe('CCC');
    // x2 linear between (1, 40) and (2, 0) at 1.2345: 40 - 40 x 0.2345 = 30.62.
    expect(result('v2-every-scale', 'between-2').points.x2).toBeCloseTo(30.62, 12);
    // y2 steps: 0.999999 is below the breakpoint 1, so it keeps the points of 0 (100).
    expect(result('v2-every-scale', 'between').points.y2).toBe(100);
    // Every leaf exactly on a cut-off gets that grade; 1e-8 below it does not.
    expect(result('v1-scores', 'on-BBB').grade).toBe('BBB');
    expect(result('v1-scores', '1e-10-below-BBB').grade).toBe('BBB');
    expect(result('v1-scores', '1e-8-below-BBB').grade).toBe('BB');
    // 0.5 x (100 - 99.75) = 0.125 exactly: toFixed rounds the half up.
    expect(result('v1-halves', 'h1').reasons[0].en).toBe('Alpha (-0.13)');
    // Equal losses: leaf order.
    expect(result('v1-halves', 'tie').reasons.map((r: { leaf: string }) => r.leaf)).toEqual([
      'a',
      'b'
    ]);
    expect(result('v1-two-grades', '1e-10-below').grade).toBe('lend');
    expect(result('v1-two-grades', '1e-8-below').grade).toBe('refuse');
  });
});

describe('the standard-library Python scorer', () => {
  it('passes every vector', () => {
    const run = python('--check', CONFORMANCE_DIR);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n').pop()).toBe(`${cases.length} passed, 0 failed`);
    expect(run.status).toBe(0);
  });

  it('fails a vector whose expected total, grade, reason or refused field was changed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pairwise-conformance-'));
    try {
      cpSync(CONFORMANCE_DIR, dir, { recursive: true });
      const file = path.join(dir, 'v2-every-scale.json');
      const c = JSON.parse(readFileSync(file, 'utf8')) as ConformanceCase;
      const results = c.expected.results as Array<Record<string, any>>;
      results[0]!.total += 1e-12; // the smallest change is a change
      results[1]!.grade = 'B';
      results[1]!.reasons[0].en = 'x two (-24.01)';
      results[14]!.problems.pop();
      writeFileSync(file, JSON.stringify(c));
      const run = python('--check', dir);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('FAILED v2-every-scale.json');
      expect(run.stdout).toMatch(/record 0 total/);
      expect(run.stdout).toMatch(/record 1 grade/);
      expect(run.stdout).toMatch(/record 1 reasons/);
      expect(run.stdout).toMatch(/record 14 refused fields/);
      expect(run.stdout.trim().split('\n').pop()).toBe(`${cases.length - 1} passed, 1 failed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scores a file of records from the command line as the endpoint answers', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pairwise-conformance-'));
    try {
      const c = cases.find((x) => x.name === 'v2-every-scale')!;
      writeFileSync(path.join(dir, 'set.json'), JSON.stringify(c.weightSet));
      writeFileSync(
        path.join(dir, 'records.json'),
        JSON.stringify({ records: c.records.slice(0, 2) })
      );
      const run = python(path.join(dir, 'set.json'), path.join(dir, 'records.json'));
      expect(run.status).toBe(0);
      const out = JSON.parse(run.stdout);
      expect(out.results.map((r: { total: number }) => r.total)).toEqual(
        c.expected.results.slice(0, 2).map((r) => (r as { total: number }).total)
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
