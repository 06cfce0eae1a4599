/**
 * `pairwise score` with a version 2 weight set (the scorecard of
 * tests/unit/weights/scorecard-fixtures.ts), run as a child process: recorded facts in, points,
 * grades and reasons out; an unknown level refused by row and column with the nearest level.
 * Expected numbers: the hand computation in tests/unit/weights/scorecard-score.test.ts.
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { scorecardWeightSet } from '../unit/weights/scorecard-fixtures';
import { refusal, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 30_000 });

const { dir: TMP, file } = scratchDir('pairwise-scorecard-');
const run = (args: readonly string[]) => runCli(args, '', { cwd: TMP, timeout: 30_000 });

beforeAll(async () => {
  file('scorecard.json', JSON.stringify(await scorecardWeightSet(), null, 2));
  // x1 "Fair" (60 points) defaults 20 in 100, "差" (poor, 0 points) 3 in 60: disputed
  // (tests/unit/validation/levels.test.ts computes the statistics of the same loans).
  const loans = ['id,x1,x2,y1,y2,y3,default'];
  const add = (x1: string, n: number, d: number) => {
    for (let i = 0; i < n; i++)
      loans.push(`L${loans.length},${x1},0.25,clean,0.5,50,${i < d ? 1 : 0}`);
  };
  add('good', 100, 5);
  add('Fair', 100, 20);
  add('差', 60, 3);
  file('loans.csv', loans.join('\n'));
  file(
    'applicants.csv',
    'id,x1,x2,y1,y2,y3\nA,Good,0.25,clean,0.5,80\nB,一般,1.5,Overdue once,,50\n'
  );
});

describe('pairwise score with rating scales', () => {
  test('scores recorded facts into grades with reasons (JSON)', async () => {
    const r = await run([
      'score',
      '--weights',
      'scorecard.json',
      'applicants.csv',
      '--format',
      'json'
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      applicants: Array<{
        id: string;
        total: number;
        grade: string;
        reasons: Array<{ leaf: string }>;
      }>;
    };
    expect(out.applicants.map((a) => [a.id, a.grade, a.reasons.map((x) => x.leaf)])).toEqual([
      ['A', 'AAA', ['x2', 'y3']],
      ['B', 'CCC', ['x2', 'y1', 'x1']]
    ]);
    expect(Math.abs(out.applicants[1]!.total - 36)).toBeLessThan(1e-9);
  });

  test('an unknown level with --strict: exit 2, the row, the column and the nearest level', async () => {
    file('typo.csv', 'id,x1,x2,y1,y2,y3\nA,Goood,0.25,clean,0.5,80\n');
    expect(
      refusal(await run(['score', '--weights', 'scorecard.json', 'typo.csv', '--strict']))
    ).toBe(
      "pairwise score: typo.csv: row 1 (line 2) column x1: 'Goood' is not a level of this indicator; did you mean 'Good' (level good)?"
    );
  });

  test(
    'validate reads recorded loans through the scales and shows the disputed levels',
    {
      timeout: 90_000
    },
    async () => {
      const r = await run([
        'validate',
        '--weights',
        'scorecard.json',
        'loans.csv',
        '--format',
        'text',
        '--resamples',
        '200'
      ]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Levels of x1 (information value 0.576):');
      expect(r.stdout).toContain(
        'disputed: fair has more points than poor but defaulted more often (20.0% vs 5.0%, z 2.62'
      );
    }
  );

  test('ratings: idealised points of a levels comparison (two experts, AIJ)', async () => {
    // AIJ of 4 and 6 is sqrt(24); once = 100 / sqrt(24) = 20.412414523193153 points.
    const input = JSON.stringify({
      levels: [{ id: 'clean' }, { id: 'once' }, { id: 'default', zero: true }],
      experts: [
        { id: 'E1', upper: [4] },
        { id: 'E2', upper: [6] }
      ]
    });
    const r = await runCli(['ratings'], input, { cwd: TMP, timeout: 30_000 });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { levels: Array<{ id: string; points: number }> };
    expect(out.levels.map((l) => l.points)[0]).toBe(100);
    expect(Math.abs(out.levels[1]!.points - 100 / Math.sqrt(24))).toBeLessThan(1e-9);
    expect(out.levels[2]!.points).toBe(0);
    const bad = await runCli(
      ['ratings'],
      JSON.stringify({
        levels: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
        experts: [{ upper: [4] }]
      }),
      { cwd: TMP, timeout: 30_000 }
    );
    expect(refusal(bad)).toBe(
      'pairwise ratings: <stdin>: $.experts[0]: the scale has 3 compared levels, but these judgments compare 2 elements'
    );
  });
});
