/**
 * Edited weight sets (src/lib/weights/edit.ts): a criterion's local weight moved with its
 * siblings rescaled in proportion, a level's points changed; the parent untouched; provenance
 * with the parent's id and hash; every edit that cannot be made refused with its path.
 *
 * The independent check of a moved weight: the engine's own analysis of the same panel with the
 * goal's weights preset to the edited values must give the same global weights and composite CR
 * (the edit recomputes them from the saved set alone, the engine from the judgments).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { AhpInputError } from '../../../src/lib/ahp';
import {
  analyseResponses,
  buildWeightSet,
  editWeightSet,
  generateDemoPanel,
  provenanceOf,
  verifyWeightSet,
  type WeightEdit,
  type WeightSet
} from '../../../src/lib/weights';
import { copy, CREATED_AT, presetWeightSet } from './fixtures';
import { scorecardWeightSet } from './scorecard-fixtures';

const demo = generateDemoPanel();
let panel: WeightSet;
beforeAll(async () => {
  const { analysis } = analyseResponses(demo.definition, demo.experts);
  panel = await buildWeightSet(demo.definition, analysis, {
    surveyId: 'demo',
    name: 'Panel',
    createdAt: CREATED_AT
  });
});

const edit = (parent: WeightSet, edits: WeightEdit[], parentId: string | null = 'w-1') =>
  editWeightSet(parent, edits, { name: 'Credit risk at 0.5', parentId, createdAt: CREATED_AT });
const local = (ws: WeightSet, id: string) => ws.nodes.find((n) => n.id === id)!.localWeight;

describe('moving a criterion', () => {
  test('B2 to 0.5: the other criteria keep their ratios, the parent is untouched', async () => {
    const before = copy(panel);
    const ws = await edit(panel, [{ type: 'local-weight', node: 'B2', to: 0.5 }]);
    expect(panel).toEqual(before);
    expect(local(ws, 'B2')).toBe(0.5);
    // Each sibling s -> s x (1 - 0.5) / (1 - w_B2): ratios kept, the group sums to 1.
    const f = 0.5 / (1 - local(panel, 'B2'));
    for (const id of ['B1', 'B3', 'B4'])
      expect(Math.abs(local(ws, id) - local(panel, id) * f)).toBeLessThan(1e-15);
    expect(
      Math.abs(local(ws, 'B1') / local(ws, 'B3') - local(panel, 'B1') / local(panel, 'B3'))
    ).toBeLessThan(1e-14);
    expect(provenanceOf(ws)).toEqual({
      kind: 'edited',
      parent: { id: 'w-1', hash: panel.hash.value },
      changes: [{ type: 'local-weight', node: 'B2', from: local(panel, 'B2'), to: 0.5 }],
      source: null
    });
    expect(ws.version).toBe(2);
    expect((await verifyWeightSet(ws)).ok).toBe(true);
    // The goal's weights are the researcher's now: preset, no CR, no consensus, no experts.
    expect(ws.nodes[0]!.comparison).toEqual({
      source: 'preset',
      consistency: null,
      consensus: null,
      experts: 0
    });
  });

  test('the same global weights and composite CR as the engine with those weights preset', async () => {
    const ws = await edit(panel, [{ type: 'local-weight', node: 'B2', to: 0.5 }]);
    const def = structuredClone(demo.definition);
    def.hierarchy.weights = ws.nodes.filter((n) => n.depth === 1).map((n) => n.localWeight);
    const experts = demo.experts.map(({ judgments: { A1: _goal, ...rest }, ...e }) => ({
      ...e,
      judgments: rest
    }));
    const { analysis } = analyseResponses(def, experts);
    analysis.leaves.forEach((l, k) =>
      expect(Math.abs(ws.leaves[k]!.globalWeight - l.globalWeight)).toBeLessThan(1e-15)
    );
    for (const key of ['cr', 'crCumulative', 'crSaaty'] as const)
      expect(Math.abs(ws.composite[key]! - analysis.composite[key]!)).toBeLessThan(1e-15);
    expect(ws.composite.consistent).toBe(analysis.composite.consistent);
    expect(Math.abs(ws.consensus!.sStar - analysis.consensus!.sStar)).toBeLessThan(1e-15);
    // Ranks follow the new weights.
    const ranks = ws.nodes.filter((n) => n.leaf).map((n) => n.leaf!.rank);
    expect(ranks).toEqual(analysis.leaves.map((l) => l.rank));
  });

  test('an edit of an edit names its own parent; edits apply in order', async () => {
    const first = await edit(panel, [{ type: 'local-weight', node: 'B2', to: 0.5 }]);
    const second = await edit(
      first,
      [
        { type: 'local-weight', node: 'C3', to: 0.4 },
        { type: 'local-weight', node: 'C4', to: 0.3 }
      ],
      null
    );
    expect(provenanceOf(second).parent).toEqual({ id: null, hash: first.hash.value });
    expect(local(second, 'C4')).toBe(0.3);
    // C3 was rescaled by the second change: 0.4 x (1 - 0.3) / (1 - w_C4 after the first).
    expect(local(second, 'C3')).toBeLessThan(0.4);
    expect((await verifyWeightSet(second)).ok).toBe(true);
  });

  test('a bootstrap interval of a moved node is withdrawn, not left describing the old weight', async () => {
    const { analysis, prepared } = analyseResponses(demo.definition, demo.experts);
    const { bootstrapHierarchy } = await import('../../../src/lib/ahp');
    const boot = bootstrapHierarchy(prepared, { resamples: 50, seed: 3 }, analysis);
    const withBoot = await buildWeightSet(demo.definition, analysis, {
      surveyId: 'demo',
      name: 'Panel',
      createdAt: CREATED_AT,
      bootstrap: boot
    });
    const ws = await edit(withBoot, [{ type: 'local-weight', node: 'C1', to: 0.7 }]);
    const by = (id: string) => ws.nodes.find((n) => n.id === id)!;
    expect(by('C1').interval).toBeNull();
    expect(by('C2').interval).toBeNull();
    expect(by('C3').interval).toEqual(withBoot.nodes.find((n) => n.id === 'C3')!.interval);
    expect(ws.nodes.filter((n) => n.leaf).every((n) => n.leaf!.rankStability === null)).toBe(true);
  });
});

describe("changing a level's points", () => {
  test('a fixed level keeps its source; a derived one becomes an override, and back', async () => {
    const parent = await scorecardWeightSet();
    const ws = await edit(parent, [
      { type: 'level-points', node: 'x1', level: 'fair', to: 50 },
      { type: 'level-points', node: 'y1', level: 'once', to: 40 }
    ]);
    const levels = (w: WeightSet, id: string) => {
      const scale = (w.leaves.find((l) => l.id === id) as unknown as { scale: any }).scale;
      return scale.levels as Array<{
        id: string;
        points: number;
        source: string;
        derived: number | null;
      }>;
    };
    expect(levels(ws, 'x1')[1]).toMatchObject({
      id: 'fair',
      points: 50,
      source: 'fixed',
      derived: null
    });
    // y1's "once" was derived by the panel as 25 (tests/unit/weights/scorecard-fixtures.ts).
    expect(levels(ws, 'y1')[1]).toMatchObject({
      id: 'once',
      points: 40,
      source: 'override',
      derived: 25
    });
    expect(provenanceOf(ws).changes).toEqual([
      { type: 'level-points', node: 'x1', level: 'fair', from: 60, to: 50 },
      { type: 'level-points', node: 'y1', level: 'once', from: 25, to: 40 }
    ]);
    // Weights untouched: the same leaves' weights and composite as the parent.
    expect(ws.leaves.map((l) => l.globalWeight)).toEqual(parent.leaves.map((l) => l.globalWeight));
    expect(ws.composite).toEqual(parent.composite);
    const back = await edit(ws, [{ type: 'level-points', node: 'y1', level: 'once', to: 25 }]);
    expect(levels(back, 'y1')[1]).toMatchObject({ points: 25, source: 'derived', derived: null });
    expect((await verifyWeightSet(back)).ok).toBe(true);
  });
});

describe('edits that cannot be made are refused with their path', () => {
  const cases: Array<[string, WeightEdit[], RegExp]> = [
    [
      'an unknown node',
      [{ type: 'local-weight', node: 'Z9', to: 0.5 }],
      /edits\[0\]\.node: .*no node "Z9"/
    ],
    [
      'the goal',
      [{ type: 'local-weight', node: 'A1', to: 0.5 }],
      /edits\[0\]\.node: .*the goal always weighs 1/
    ],
    [
      'a weight above 1',
      [{ type: 'local-weight', node: 'B2', to: 1.5 }],
      /edits\[0\]\.to: .*1\.5 is not a local weight from 0 to 1/
    ],
    [
      'a negative weight',
      [{ type: 'local-weight', node: 'B2', to: -0.1 }],
      /edits\[0\]\.to: .*not a local weight/
    ],
    [
      'NaN',
      [{ type: 'local-weight', node: 'B2', to: NaN }],
      /edits\[0\]\.to: .*NaN is not a local weight/
    ],
    [
      'a string',
      [{ type: 'local-weight', node: 'B2', to: '0.5' as unknown as number }],
      /edits\[0\]\.to: .*not a local weight/
    ],
    [
      'the second of two',
      [
        { type: 'local-weight', node: 'B2', to: 0.5 },
        { type: 'local-weight', node: 'B2', to: 0.5 }
      ],
      /edits\[1\]\.to: .*already has local weight 0\.5/
    ],
    [
      'siblings of weight 0',
      [
        { type: 'local-weight', node: 'C1', to: 1 },
        { type: 'local-weight', node: 'C1', to: 0.5 }
      ],
      /edits\[1\]\.node: .*siblings of "C1" all weigh 0/
    ],
    [
      'points without a scale',
      [{ type: 'level-points', node: 'C1', level: 'good', to: 50 }],
      /edits\[0\]\.node: .*no categorical scale/
    ],
    ['an unknown type', [{ type: 'shuffle' } as unknown as WeightEdit], /edits\[0\]\.type/]
  ];
  for (const [name, edits, message] of cases)
    test(name, async () => {
      const e = await edit(panel, edits).catch((x) => x);
      expect(e).toBeInstanceOf(AhpInputError);
      expect(e.message).toMatch(message);
    });

  test('no edits at all', async () => {
    await expect(edit(panel, [])).rejects.toThrow(/edits: .*at least one change/);
  });

  test('an only child', async () => {
    const def = structuredClone(demo.definition);
    def.hierarchy.children![0]!.children = [def.hierarchy.children![0]!.children![0]!];
    const experts = demo.experts.map((e) => ({ ...e, judgments: { ...e.judgments } }));
    for (const e of experts) delete e.judgments['B1'];
    const { analysis } = analyseResponses(def, experts);
    const ws = await buildWeightSet(def, analysis, { surveyId: 'x', name: 'x' });
    await expect(edit(ws, [{ type: 'local-weight', node: 'C1', to: 0.5 }])).rejects.toThrow(
      /"C1" is the only child of "B1"/
    );
  });

  test('level points: unknown level, zero level, out of range', async () => {
    const parent = await scorecardWeightSet();
    await expect(
      edit(parent, [{ type: 'level-points', node: 'x1', level: 'great', to: 5 }])
    ).rejects.toThrow(/edits\[0\]\.level: .*no level "great"/);
    await expect(
      edit(parent, [{ type: 'level-points', node: 'y1', level: 'default', to: 5 }])
    ).rejects.toThrow(/zero level/);
    await expect(
      edit(parent, [{ type: 'level-points', node: 'x1', level: 'fair', to: 101 }])
    ).rejects.toThrow(/edits\[0\]\.to: .*101 is not a number of points from 0 to 100/);
  });

  test('a parent that does not verify', async () => {
    const bad = copy(await presetWeightSet()) as any;
    bad.nodes[1].localWeight = 0.7;
    await expect(edit(bad, [{ type: 'local-weight', node: 'X', to: 0.5 }])).rejects.toThrow(
      /^parent\.hash\.value: .*changed after it was made|\$\.parent\.hash\.value/
    );
  });
});
