/**
 * Hierarchies without a comparison matrix (every node has preset weights) on the command line:
 * the composite CRs are null (not applicable), never 0; weight sets of version 2 (which allow
 * that) and of version 1 made before version 2 existed are both scored.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { parseCsv } from '../../src/lib/weights';
import { COMPOSITE_NOT_APPLICABLE, presetWeightSet } from '../unit/weights/fixtures';
import { ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 30_000 });

const { dir, file } = scratchDir('pairwise-preset-');
const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: dir, timeout: 30_000 });

describe('pairwise hierarchy', () => {
  test('every node preset: composite CRs null, consistent null, weights the products of the presets', async () => {
    const input = {
      hierarchy: {
        id: 'G',
        weights: [0.6, 0.4],
        children: [
          { id: 'X', weights: [0.75, 0.25], children: [{ id: 'x1' }, { id: 'x2' }] },
          { id: 'Y' }
        ]
      },
      experts: [{ id: 'E1', judgments: {} }]
    };
    const r = await run(['hierarchy'], JSON.stringify(input));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      composite: Record<string, unknown>;
      leaves: Array<{ id: string; globalWeight: number }>;
    };
    expect(out.composite).toEqual({ ...COMPOSITE_NOT_APPLICABLE, levels: [] });
    // 0.6 x 0.75, 0.6 x 0.25, 0.4, as doubles
    expect(out.leaves.map((l) => [l.id, l.globalWeight])).toEqual([
      ['x1', 0.6 * 0.75],
      ['x2', 0.6 * 0.25],
      ['Y', 0.4]
    ]);
  });
});

describe('pairwise score', () => {
  // Leaves x1, x2, y1, y2, y3 with global weights 0.3, 0.3, 0.2, 0.1, 0.1 (fixtures.ts); the
  // scores below give 0.3 x 100 + 0.3 x 50 + 0.2 x 0 + 0.1 x 100 + 0.1 x 100 = 65: grade BBB
  // (the Fujian cut-offs 90, 80, 70, 60 ...).
  const applicants = 'id,x1,x2,y1,y2,y3\nH-1,100,50,0,100,100\n';
  beforeAll(async () => {
    file('v2.json', JSON.stringify(await presetWeightSet()));
    copyFileSync(
      path.join(ROOT, 'tests/unit/weights/regression/preset-weight-set-v1.json'),
      path.join(dir, 'v1.json')
    );
    file('applicants.csv', applicants);
  });

  test.each(['v2.json', 'v1.json'])('scores with %s', async (weights) => {
    const r = await run(['score', '--weights', weights, 'applicants.csv']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [header, row] = parseCsv(r.stdout).map((x) => x.fields);
    expect(header!.slice(0, 3)).toEqual(['id', 'total', 'grade']);
    expect(row![0]).toBe('H-1');
    expect(Number(row![1])).toBeCloseTo(65, 12);
    expect(row![2]).toBe('BBB');
  });
});
