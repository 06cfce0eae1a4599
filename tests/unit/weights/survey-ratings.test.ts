/**
 * The analysis of ratings groups wherever a panel is analysed (src/lib/weights/responses.ts,
 * compute.ts): an expert's judgments split into the hierarchy's (inner nodes) and the ratings
 * groups' (leaves), the same settings for both, ratings groups counted like nodes when an
 * expert is inconsistent, the bootstrap interval of derived points, overrides, and version 2
 * sets from a survey. Expected numbers: ./ratings-survey.ts (numpy).
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { analyseRatings, bootstrapRatings, percentile, seededUniforms } from '../../../src/lib/ahp';
import { farmCreditTemplate } from '../../../src/lib/survey';
import {
  analyseResponses,
  computeWeightSet,
  exclusionReason,
  generateDemoPanel,
  hashWeightSet,
  individualResults,
  ratingsInputs,
  splitJudgments,
  surveyOptions,
  verifyWeightSet,
  weightSetRequestSchema,
  type WeightSetV2
} from '../../../src/lib/weights';
import { CREATED_AT } from './fixtures';
import {
  CR_ALL,
  CR_E3,
  POINTS_ALL,
  POINTS_CONSISTENT,
  RATINGS_JUDGMENTS,
  WEIGHT_R,
  ratingsPanel,
  ratingsSurvey
} from './ratings-survey';

const def = ratingsSurvey();
const experts = Object.entries(RATINGS_JUDGMENTS).map(([id, judgments]) => ({ id, judgments }));
const request = (input: Record<string, unknown>) => v.parse(weightSetRequestSchema, input);
const context = {
  surveyId: 'ratings',
  createdAt: CREATED_AT,
  appVersion: '0.0.0',
  bootstrap: { resamples: 200, seed: 11, level: 0.9 }
};
const closeTo = (xs: number[], digits = 12) => xs.map((x) => expect.closeTo(x, digits));

describe('splitting the judgments', () => {
  it('sends keys of inner nodes to the hierarchy and keys of leaves to the ratings groups', () => {
    expect(splitJudgments(new Set(['R']), { G: [3], R: [2, 4, 2] })).toEqual({
      nodes: { G: [3] },
      levels: { R: [2, 4, 2] }
    });
  });

  it('analyses the hierarchy and every ratings group with the same settings (numpy)', () => {
    const { analysis, ratings } = analyseResponses(def, experts);
    expect(analysis.nodes.map((n) => n.id)).toEqual(['G']);
    expect(analysis.leaves.find((l) => l.id === 'R')!.globalWeight).toBeCloseTo(WEIGHT_R, 12);
    const r = ratings.get('R')!;
    expect([...ratings.keys()]).toEqual(['R']);
    expect(r.points).toEqual(closeTo(POINTS_ALL));
    expect(r.points[0]).toBe(100);
    expect(r.comparison.consistency!.cr).toBeCloseTo(CR_ALL, 12);
    expect(r.comparison.consensus).not.toBeNull();
    // Another aggregation applies to both: AIP arithmetic of the experts' own priorities.
    const aip = analyseResponses(def, experts, { aggregation: 'aip-arithmetic' }).ratings.get('R')!;
    const alone = ['E1', 'E2', 'E3'].map((id) =>
      analyseRatings('R', ratingScaleLevels(), [
        { id, judgments: { R: RATINGS_JUDGMENTS[id]!.R! } }
      ])
    );
    const mean = [0, 1, 2].map((k) => alone.reduce((s, a) => s + a.priorities[k]!, 0) / 3);
    const best = Math.max(...mean);
    expect(aip.points.slice(0, 3)).toEqual(closeTo(mean.map((m) => (100 * m) / best)));
  });

  it('leaves an inconsistent matrix out of its ratings group only, when asked', () => {
    const { analysis, ratings } = analyseResponses(def, experts, { excludeInconsistent: true });
    const r = ratings.get('R')!;
    expect(r.points).toEqual(closeTo(POINTS_CONSISTENT));
    expect(r.comparison.excluded.map((e) => [e.id, e.reason])).toEqual([['E3', 'inconsistent']]);
    expect(analysis.nodes[0]!.included).toEqual(['E1', 'E2', 'E3']);
  });

  it('a survey without ratings groups gives the weight sets it gave before (hashes of 965d66a)', async () => {
    // Computed with the code of commit 965d66a (before ratings groups were analysed) on the demo
    // panel, E3 left out, 100 resamples, seed 1: version 1 without scales, version 2 with the
    // template's fixed scales. Both must stay byte for byte the same.
    const demo = generateDemoPanel();
    const panel = demo.experts.map((e) => ({
      ...e,
      name: e.name ?? '',
      role: e.role ?? '',
      weight: e.weight ?? 1,
      submitted: true
    }));
    const ctx = {
      ...context,
      surveyId: 'demo',
      bootstrap: { resamples: 100, seed: 1, level: 0.95 }
    };
    const req = request({ name: 'Demo', excluded: ['E3'] });
    const v1 = await computeWeightSet(demo.definition, panel, req, ctx);
    expect([v1.version, v1.hash.value]).toEqual([
      1,
      '90becf2ac483d6aa2bcaa390440aa7eeacb5764551d3da5a7f0b055c6284200e'
    ]);
    const fixed = { ...demo.definition, hierarchy: farmCreditTemplate({ scales: true }).hierarchy };
    const v2 = await computeWeightSet(fixed, panel, req, ctx);
    expect([v2.version, v2.hash.value]).toEqual([
      2,
      '98a8ecd95811326ccc5aef1d2d73a2cca17e67a11e5054a99d11b6b037c380b5'
    ]);
  });

  it('names the leaf of a ratings group that no expert answered', () => {
    const none = experts.map((e) => ({ id: e.id, judgments: { G: e.judgments.G! } }));
    expect(() => analyseResponses(def, none)).toThrow(
      /"R" has no judgments from any included expert/
    );
  });
});

function ratingScaleLevels() {
  const s = def.hierarchy.children![0]!.scale!;
  if (s.kind !== 'categorical') throw new Error('R is categorical');
  return s.levels;
}

describe('an expert inconsistent in a ratings group', () => {
  it('is inconsistent like at a node: flagged, and named by the leaf when left out', () => {
    const individual = individualResults(experts, surveyOptions(def));
    expect(individual.E3!.R!.cr).toBeCloseTo(CR_E3, 12);
    expect(individual.E3!.R!.consistent).toBe(false);
    expect(individual.E1!.R!.consistent).toBe(true);
    expect(exclusionReason(def, individual.E3, 0.1)).toBe(
      'inconsistent: CR 0.790 at the levels of R (threshold 0.1)'
    );
    expect(exclusionReason(def, individual.E1, 0.1)).toBe('left out by the researcher');
  });
});

describe('the bootstrap of derived points', () => {
  it('equals resampling the experts by hand and analysing each resample (type 7 percentiles)', () => {
    const options = surveyOptions(def);
    const boot = { resamples: 300, seed: 5, level: 0.9 };
    const got = bootstrapRatings(
      'R',
      ratingScaleLevels(),
      ratingsInputs('R', experts),
      options,
      boot
    );
    // Independently: the same seeded draws (K uniforms per resample, expert floor(u K)), each
    // resample analysed in full by analyseRatings with the multiplicities as expert weights.
    const draw = seededUniforms(boot.seed);
    const u = new Float64Array(3);
    const samples: number[][] = [[], [], []];
    for (let b = 0; b < boot.resamples; b++) {
      draw(u, 3);
      const counts = [0, 0, 0];
      for (const x of u) counts[Math.floor(x * 3)]! += 1;
      const drawn = experts.flatMap((e, k) =>
        counts[k]! > 0 ? [{ id: e.id, weight: counts[k]!, judgments: { R: e.judgments.R! } }] : []
      );
      const points = analyseRatings('R', ratingScaleLevels(), drawn, options).points;
      for (let k = 0; k < 3; k++) samples[k]!.push(points[k]!);
    }
    const expected = samples.map((s) => {
      const sorted = [...s].sort((a, b) => a - b);
      return { lower: percentile(sorted, 0.05), upper: percentile(sorted, 0.95) };
    });
    expect(got.skipped).toBe(0);
    expect(got.intervals[3]).toBeNull(); // the zero level
    got.intervals.slice(0, 3).forEach((i, k) => {
      expect(i!.lower).toBeCloseTo(expected[k]!.lower, 9);
      expect(i!.upper).toBeCloseTo(expected[k]!.upper, 9);
    });
    // The best level is the best in every resample here: [100, 100].
    expect(got.intervals[0]).toEqual({ lower: 100, upper: 100 });
    // Resamples that draw only E1 and E2 reach down to their 16.67 for "twice".
    expect(got.intervals[2]!.lower).toBeLessThan(POINTS_ALL[2]!);
  });

  it('is a single point when every expert says the same', () => {
    const same = experts.map((e) => ({ id: e.id, judgments: { R: [2, 4, 2] } }));
    const got = bootstrapRatings('R', ratingScaleLevels(), same, surveyOptions(def), {
      resamples: 50,
      seed: 1
    });
    expect(got.intervals.slice(0, 3)).toEqual([
      { lower: 100, upper: 100 },
      { lower: expect.closeTo(50, 12), upper: expect.closeTo(50, 12) },
      { lower: expect.closeTo(25, 12), upper: expect.closeTo(25, 12) }
    ]);
  });
});

describe('a version 2 weight set from a survey', () => {
  it('carries the derived points with their intervals and the group CR, and verifies', async () => {
    const ws = (await computeWeightSet(
      def,
      ratingsPanel(),
      request({ name: 'v2' }),
      context
    )) as WeightSetV2;
    expect(ws.version).toBe(2);
    const r = ws.leaves[0]!.scale!;
    if (r.kind !== 'categorical') throw new Error('R is categorical');
    expect(r.levels.map((l) => l.points)).toEqual(closeTo(POINTS_ALL));
    expect(r.levels.map((l) => l.source)).toEqual(['derived', 'derived', 'derived', 'fixed']);
    expect(r.ratings!.cr).toBeCloseTo(CR_ALL, 12);
    expect(r.ratings!.experts).toBe(3);
    expect(r.ratings!.intervals!.map((i) => i.level)).toEqual(['clean', 'once', 'twice']);
    const direct = bootstrapRatings(
      'R',
      ratingScaleLevels(),
      ratingsInputs('R', experts),
      surveyOptions(def),
      context.bootstrap
    );
    expect(r.ratings!.intervals!.map(({ lower, upper }) => ({ lower, upper }))).toEqual(
      direct.intervals.slice(0, 3)
    );
    expect(ws.leaves[1]!.scale!.kind).toBe('numeric');
    expect(await verifyWeightSet(JSON.parse(JSON.stringify(ws)))).toMatchObject({ ok: true });
  });

  it('records an override with the derived value beside it; the interval stays the panel’s', async () => {
    const ws = (await computeWeightSet(
      def,
      ratingsPanel(),
      request({ name: 'v2', overrides: { R: { once: 55.5 } } }),
      context
    )) as WeightSetV2;
    const r = ws.leaves[0]!.scale!;
    if (r.kind !== 'categorical') throw new Error('R is categorical');
    expect(r.levels[1]).toMatchObject({ id: 'once', points: 55.5, source: 'override' });
    expect(r.levels[1]!.derived).toBeCloseTo(POINTS_ALL[1]!, 12);
    expect(r.ratings!.intervals![1]!.level).toBe('once');
    expect(await verifyWeightSet(JSON.parse(JSON.stringify(ws)))).toMatchObject({ ok: true });
  });

  it('leaving out the inconsistent expert changes the points and records why', async () => {
    const ws = (await computeWeightSet(
      def,
      ratingsPanel(),
      request({ name: 'v2', excluded: ['E3'] }),
      context
    )) as WeightSetV2;
    const r = ws.leaves[0]!.scale!;
    if (r.kind !== 'categorical') throw new Error('R is categorical');
    expect(r.levels.map((l) => l.points)).toEqual(closeTo(POINTS_CONSISTENT));
    expect(ws.experts.find((e) => e.alias === 'E3')?.reason).toBe(
      'inconsistent: CR 0.790 at the levels of R (threshold 0.1)'
    );
  });

  it('refuses overrides the survey cannot take, naming them', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { R: { default: 10 } },
        /overrides\.default.*"default" is not a level whose points the panel derives/
      ],
      [{ R: { nope: 10 } }, /"nope" is not a level whose points the panel derives/],
      [{ L: { x: 10 } }, /"x" is not a level whose points the panel derives/],
      [{ Q: { once: 10 } }, /overrides\.Q.*leaf "Q" has no rating scale/]
    ];
    for (const [overrides, message] of cases)
      await expect(
        computeWeightSet(def, ratingsPanel(), request({ name: 'x', overrides }), context)
      ).rejects.toThrow(message);
  });

  it('the request refuses points that are not a number from 0 to 100, and bad keys', () => {
    for (const points of [101, -1, Number.NaN, Infinity, '50', null, [50], { a: 1 }, 1e308 * 10]) {
      const r = v.safeParse(weightSetRequestSchema, {
        name: 'x',
        overrides: { R: { once: points } }
      });
      expect(r.success, String(points)).toBe(false);
      if (!r.success && typeof points === 'number')
        expect(r.issues[0]!.message).toBe('the points of an override are a number from 0 to 100');
    }
    for (const overrides of [
      [],
      { R: [] },
      { 'a b': { once: 1 } },
      { R: { 'x\u0000': 1 } },
      JSON.parse('{"__proto__": {"once": 1}}') as unknown
    ])
      expect(v.safeParse(weightSetRequestSchema, { name: 'x', overrides }).success).toBe(false);
    expect(
      v.parse(weightSetRequestSchema, { name: 'x', overrides: { R: { once: 0, twice: 100 } } })
        .overrides
    ).toEqual({ R: { once: 0, twice: 100 } });
  });
});

describe('verifying the intervals of a version 2 set', () => {
  it('refuses intervals of other levels, out of order, or upside down (stage scales)', async () => {
    const ws = (await computeWeightSet(
      def,
      ratingsPanel(),
      request({ name: 'v2' }),
      context
    )) as WeightSetV2;
    const tamper = async (
      edit: (i: Array<{ level: string; lower: number; upper: number }>) => void
    ) => {
      const doc = structuredClone(ws);
      const s = doc.leaves[0]!.scale!;
      if (s.kind !== 'categorical') throw new Error('R is categorical');
      edit(s.ratings!.intervals!);
      const { hash: _, ...body } = doc;
      return verifyWeightSet({
        ...body,
        hash: { algorithm: 'sha256', value: await hashWeightSet(doc) }
      });
    };
    expect(await tamper(() => {})).toMatchObject({ ok: true });
    expect(await tamper((i) => i.reverse())).toMatchObject({
      ok: false,
      error: {
        stage: 'scales',
        message: expect.stringContaining(
          'the intervals are of the derived and overridden levels, in order (clean, once, twice)'
        )
      }
    });
    expect(await tamper((i) => i.pop())).toMatchObject({ ok: false, error: { stage: 'scales' } });
    expect(
      await tamper((i) => {
        i[1]!.lower = 90;
        i[1]!.upper = 10;
      })
    ).toMatchObject({
      ok: false,
      error: { stage: 'scales', message: expect.stringContaining('not 90 to 10') }
    });
  });
});
