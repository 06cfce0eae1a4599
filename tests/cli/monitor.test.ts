/**
 * `pairwise monitor` run as a child process: the hand-made pair of snapshots of
 * tests/unit/monitoring/fixtures.ts (whose warning list and migration are worked by hand there),
 * through the real command line; and its refusals, one line each with exit 2.
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { NOW_CSV, scorecardWeightSet, THEN_CSV } from '../unit/monitoring/fixtures';
import { refusal, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 30_000 });

const { dir: TMP, file } = scratchDir('pairwise-monitor-');
const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: TMP, timeout: 30_000 });
const refused = async (args: readonly string[], stdin = '') => refusal(await run(args, stdin));

let set: string;
let then: string;
let now: string;
beforeAll(async () => {
  set = file('set.json', JSON.stringify(await scorecardWeightSet()));
  then = file('then.csv', THEN_CSV);
  now = file('now.csv', NOW_CSV);
});

describe('pairwise monitor', () => {
  test('writes the warning list, the migration and the portfolio as JSON', async () => {
    const r = await run(['monitor', '--weights', set, '--then', then, now]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.warning.loans.map((l: { id: string; drop: number | null }) => [l.id, l.drop])
    ).toEqual([
      ['L3', 7],
      ['L2', 3],
      ['L6', null]
    ]);
    expect(out.warning.loans[1].changes[0]).toMatchObject({
      leaf: 'x2',
      pointsThen: 100,
      pointsNow: 40,
      en: 'x two 100 → 40 (-18.00)',
      zh: 'x two 100 → 40（-18.00）'
    });
    expect(out.migration.matched).toBe(4);
    expect(out.baseline).toBe('then');
    expect(out.method.psi.epsilon).toBe(0.0001);
    expect(out.rankOrder.now).toEqual({ defined: false, loans: 5, defaults: 1, minimum: 20 });
  });

  test('reads NOW from standard input and takes a baseline, a warning grade and a drop', async () => {
    const r = await run(
      [
        'monitor',
        '--weights',
        set,
        '--then',
        then,
        '--baseline',
        then,
        '--warning-grade',
        'BBB',
        '--drop',
        '5',
        '-'
      ],
      NOW_CSV
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.snapshots.map((s: { id: string }) => s.id)).toEqual(['baseline', 'then', 'now']);
    expect(out.warning.loans.map((l: { id: string }) => l.id)).toEqual(['L3', 'L2', 'L4', 'L6']);
  });

  test.each([
    [['monitor', '--then', 'then.csv', 'now.csv'], /give the weight set: --weights SET.json/],
    [['monitor', '--weights', 'set.json', 'now.csv'], /give the earlier snapshot: --then/],
    [['monitor', '--weights', 'set.json', '--then', '-', 'now.csv'], /--then: give a file/],
    [
      ['monitor', '--weights', 'set.json', '--then', 'then.csv', '--drop', '0', 'now.csv'],
      /--drop: "0" is not a number of grades/
    ],
    [
      ['monitor', '--weights', 'set.json', '--then', 'then.csv', '--warning-grade', 'Q', 'now.csv'],
      /"Q" is not a grade of the weight set/
    ],
    [
      ['monitor', '--weights', 'set.json', '--then', 'nope.csv', 'now.csv'],
      /nope.csv: cannot read the file: no such file/
    ]
  ])('refuses %j', async (args, pattern) => {
    expect(await refused(args)).toMatch(pattern);
  });

  test('refuses a bad snapshot whole, naming every problem by line and column', async () => {
    const bad = file(
      'bad.csv',
      `${NOW_CSV}\r\nL2,good,0,clean,0,100,,\r\nL8,good,0,clean,0,100,-3,`
    );
    const line = await refused(['monitor', '--weights', set, '--then', then, bad]);
    expect(line).toMatch(
      /bad\.csv: line 8, column 1 \(id\): loan 'L2' appears twice \(also on line 3\).*; line 9, column 23 \(days_past_due\): '-3' is not a number of days/
    );
  });

  test('refuses a weight set whose hash does not match', async () => {
    const ws = await scorecardWeightSet();
    const tampered = file('tampered.json', JSON.stringify({ ...ws, name: 'changed' }));
    expect(await refused(['monitor', '--weights', tampered, '--then', then, now])).toMatch(
      /refusing this weight set \(hash check failed\)/
    );
  });
});
