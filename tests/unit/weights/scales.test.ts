/**
 * Weight sets, version 2: each leaf carries its rating scale; the hash covers it; the published
 * JSON Schema (static/schema/weight-set-v2.json) and the valibot schema accept and refuse the
 * same documents; verifyWeightSet checks the scales. Version 1 sets are untouched (their own
 * tests are weight-set.test.ts and schema.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hashWeightSet,
  verifyWeightSet,
  weightSetV2Schema,
  type WeightSet,
  type WeightSetV2
} from '../../../src/lib/weights';
import { copy, demoWeightSet, presetWeightSet } from './fixtures';
import { validate } from './json-schema';
import { scorecardWeightSet } from './scorecard-fixtures';

const schemaFile = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../static/schema/weight-set-v2.json'), 'utf8')
) as Record<string, unknown>;

let ws: WeightSetV2;
beforeAll(async () => {
  ws = (await scorecardWeightSet()) as WeightSetV2;
});

/** A copy changed by `edit`, re-hashed so that only the later checks can refuse it. */
async function edited(edit: (x: WeightSetV2) => void): Promise<WeightSetV2> {
  const x = copy(ws);
  edit(x);
  x.hash.value = await hashWeightSet(x);
  return x;
}

describe('building a version 2 set', () => {
  it('is version 2 when the survey has scales, with each leaf scale in leaf order', () => {
    expect(ws.version).toBe(2);
    expect(ws.leaves.map((l) => [l.id, l.scale?.kind ?? null])).toEqual([
      ['x1', 'categorical'],
      ['x2', 'numeric'],
      ['y1', 'categorical'],
      ['y2', 'numeric'],
      ['y3', null]
    ]);
  });

  it("records each level's source: fixed, derived (idealised 100 and 25), the zero level", () => {
    const y1 = ws.leaves[2]!.scale!;
    if (y1.kind !== 'categorical') throw new Error('y1 is categorical');
    expect(y1.levels.map((l) => [l.id, l.points, l.source, l.derived, l.zero])).toEqual([
      ['clean', 100, 'derived', null, false],
      ['once', 25, 'derived', null, false],
      ['default', 0, 'fixed', null, true]
    ]);
    expect(y1.ratings).toMatchObject({ cr: 0, consistent: true, experts: 1 });
    const x1 = ws.leaves[0]!.scale!;
    expect(x1.kind === 'categorical' && x1.levels.every((l) => l.source === 'fixed')).toBe(true);
  });

  it('records an override with the derived value beside it', async () => {
    const o = (await scorecardWeightSet({ y1: { once: 30 } })) as WeightSetV2;
    const y1 = o.leaves[2]!.scale!;
    expect(y1.kind === 'categorical' && y1.levels[1]).toEqual({
      id: 'once',
      label: { en: 'Overdue once', zh: '逾期一次' },
      points: 30,
      source: 'override',
      derived: 25,
      zero: false
    });
    expect(o.hash.value).not.toBe(ws.hash.value);
  });

  it('refuses a panel scale without its ratings, and overrides of levels it cannot override', async () => {
    await expect(scorecardWeightSet({ y1: { default: 10 } })).rejects.toThrow(
      '$.scales.y1.overrides.default: buildWeightSet: "default" is not a level whose points the panel derives'
    );
    await expect(scorecardWeightSet({ x1: { good: 90 } })).rejects.toThrow(
      '"good" is not a level whose points the panel derives'
    );
    await expect(scorecardWeightSet({ y3: { a: 1 } })).rejects.toThrow(
      '$.overrides.y3: buildWeightSet: leaf "y3" has no rating scale'
    );
  });

  it('a survey without scales still gives a version 1 set, without scale fields', async () => {
    const { ws: v1 } = await demoWeightSet();
    expect(v1.version).toBe(1);
    expect(v1.leaves.every((l) => !('scale' in l))).toBe(true);
    expect((await verifyWeightSet(copy(v1))).ok).toBe(true);
  });

  it('a survey without scales whose composite CR is not applicable is version 2, every scale null', async () => {
    const ws2 = await presetWeightSet();
    expect(ws2.version).toBe(2);
    expect(ws2.leaves.every((l) => 'scale' in l && l.scale === null)).toBe(true);
    expect((await verifyWeightSet(copy(ws2))).ok).toBe(true);
  });
});

describe('verifying a version 2 set', () => {
  it('verifies after a JSON round trip; both schemas accept it', async () => {
    expect(await verifyWeightSet(copy(ws))).toMatchObject({ ok: true });
    expect(validate(schemaFile, copy(ws))).toEqual([]);
    expect(v.safeParse(weightSetV2Schema, copy(ws)).success).toBe(true);
  });

  it('the hash covers the scales: one changed point is refused', async () => {
    const x = copy(ws);
    const s = x.leaves[0]!.scale!;
    if (s.kind === 'categorical') s.levels[1]!.points = 61;
    const r = await verifyWeightSet(x);
    expect(!r.ok && r.error.stage).toBe('hash');
  });

  it.each<[string, (x: WeightSetV2) => void, string]>([
    [
      'a level id used twice',
      (x) => {
        const s = x.leaves[0]!.scale!;
        if (s.kind === 'categorical') s.levels[1]!.id = 'good';
      },
      '$.leaves[0].scale.levels[1].id: level id "good" is used twice'
    ],
    [
      'a label naming two levels',
      (x) => {
        const s = x.leaves[0]!.scale!;
        if (s.kind === 'categorical') s.levels[2]!.label.en = ' GOOD ';
      },
      '$.leaves[0].scale.levels[2].label: " GOOD " already names level "good"'
    ],
    [
      'a derived scale whose best level is not 100',
      (x) => {
        const s = x.leaves[2]!.scale!;
        if (s.kind === 'categorical') s.levels[0]!.points = 90;
      },
      "$.leaves[2].scale.levels: the panel's points are idealised: the best derived level has exactly 100, not 90"
    ],
    [
      'an override without its derived value',
      (x) => {
        const s = x.leaves[2]!.scale!;
        if (s.kind === 'categorical') s.levels[1]!.source = 'override';
      },
      '$.leaves[2].scale.levels[1].derived: an override keeps the derived value beside it'
    ],
    [
      'a zero level with points',
      (x) => {
        const s = x.leaves[2]!.scale!;
        if (s.kind === 'categorical') s.levels[2]!.points = 5;
      },
      '$.leaves[2].scale.levels[2].points: a zero level has 0 fixed points'
    ],
    [
      'breakpoints that do not rise',
      (x) => {
        const s = x.leaves[1]!.scale!;
        if (s.kind === 'numeric') s.breakpoints[2]!.value = 0.5;
      },
      '$.leaves[1].scale.breakpoints[2].value: breakpoint values must rise: 0.5 after 0.5'
    ]
  ])('refuses %s at the scales stage, naming the path', async (_what, edit, message) => {
    const r = await verifyWeightSet(await edited(edit));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.stage).toBe('scales');
      expect(r.error.message.startsWith(message)).toBe(true);
    }
  });

  it.each<[string, (x: WeightSetV2) => void]>([
    [
      'points above 100',
      (x) => {
        const s = x.leaves[0]!.scale!;
        if (s.kind === 'categorical') s.levels[0]!.points = 100.5;
      }
    ],
    ['a leaf without its scale field', (x) => delete (x.leaves[4] as { scale?: unknown }).scale],
    ['an unknown point source', (x) => ((x.leaves[0]!.scale as { kind: string }).kind = 'ordinal')],
    [
      'a v1 document marked version 2 (no scales)',
      (x) => {
        for (const l of x.leaves) delete (l as { scale?: unknown }).scale;
      }
    ]
  ])('both schemas refuse %s', async (_what, edit) => {
    const x = await edited(edit);
    expect(validate(schemaFile, copy(x)).length).toBeGreaterThan(0);
    expect(v.safeParse(weightSetV2Schema, copy(x)).success).toBe(false);
    const r = await verifyWeightSet(x);
    expect(!r.ok && r.error.stage).toBe('schema');
  });

  it('a version 1 set with scales is refused by the v1 schema', async () => {
    const x = copy(ws) as unknown as WeightSet;
    (x as { version: number }).version = 1;
    x.hash.value = await hashWeightSet(x);
    const r = await verifyWeightSet(x);
    expect(!r.ok && r.error.message).toBe('$.leaves[0].scale: unknown field');
  });
});
