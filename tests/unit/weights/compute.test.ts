/**
 * From a panel and the researcher's choices to a weight set (src/lib/weights/compute.ts), the
 * results page's preview computation beside it, and the JSON path locator used for import errors.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { jsonPathPosition } from '../../../src/lib/json';
import {
  LEFT_OUT,
  NO_SUBMISSION,
  PREVIEW_BOOTSTRAP,
  computeWeightSet,
  distanceFromGroup,
  exclusionReason,
  expertLeafWeights,
  generateDemoPanel,
  gradeBandsSchema,
  individualResults,
  selectPanel,
  surveyOptions,
  analyseResponses,
  weightSetJson,
  weightSetRequestSchema,
  type PanelExpert
} from '../../../src/lib/weights';
import { runAnalysis, runBootstrap } from '../../../src/routes/a/[token]/results/analysis';

const demo = generateDemoPanel();
const panel: PanelExpert[] = demo.experts.map((e) => ({
  ...e,
  weight: e.weight ?? 1,
  submitted: true
}));
const request = (input: Record<string, unknown>) => v.parse(weightSetRequestSchema, input);

describe('distance from the group', () => {
  it('is the mean |ln ratio| of the global weights, 0 for the same weights', () => {
    expect(distanceFromGroup([0.5, 0.3, 0.2], [0.5, 0.3, 0.2])).toBe(0);
    // Hand-computed: (|ln 2| + |ln 0.5| + 0) / 3 = 2 ln 2 / 3.
    expect(distanceFromGroup([0.4, 0.1, 0.5], [0.2, 0.2, 0.5])).toBeCloseTo((2 * Math.LN2) / 3, 15);
    // Symmetric, and leaves of zero weight are skipped.
    expect(distanceFromGroup([0.2, 0.2, 0.5], [0.4, 0.1, 0.5])).toBeCloseTo((2 * Math.LN2) / 3, 15);
    expect(distanceFromGroup([0, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
    expect(distanceFromGroup([0], [0])).toBeNull();
  });

  it("an expert's global weights are the products of their own local weights", () => {
    const { analysis } = analyseResponses(demo.definition, demo.experts);
    const own = individualResults(demo.experts, surveyOptions(demo.definition))['E1']!;
    const leaves = expertLeafWeights(analysis, own);
    // C3 is the first child of B2, the second criterion.
    const c3 = analysis.leaves.findIndex((l) => l.id === 'C3');
    expect(leaves[c3]).toBeCloseTo(own.A1!.weights[1]! * own.B2!.weights[0]!, 15);
    expect(leaves.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Without answers of their own, an expert has the group's weights.
    const group = analysis.leaves.map((l) => l.globalWeight);
    expect(expertLeafWeights(analysis, {})).toEqual(group.map((g) => expect.closeTo(g, 14)));
  });
});

describe('the request', () => {
  it('defaults: survey settings, nobody left out, the template grades, aliases only', () => {
    const r = request({ name: ' Fujian ' });
    expect(r).toMatchObject({
      name: 'Fujian',
      settings: {},
      excluded: [],
      expertWeights: {},
      namesInExport: false
    });
    expect(r.grades.map((b) => b.grade)).toEqual([
      'AAA',
      'AA',
      'A',
      'BBB',
      'BB',
      'B',
      'CCC',
      'CC',
      'C',
      'D'
    ]);
  });

  it('grading bands must fall to 0 (the same rule buildWeightSet applies)', () => {
    const ok = [
      { grade: 'A', minScore: 60 },
      { grade: 'B', minScore: 0 }
    ];
    expect(v.safeParse(gradeBandsSchema, ok).success).toBe(true);
    const bad = v.safeParse(gradeBandsSchema, [
      { grade: 'A', minScore: 60 },
      { grade: 'B', minScore: 60 },
      { grade: 'C', minScore: 0 }
    ]);
    expect(bad.success).toBe(false);
    expect(bad.issues?.[0].message).toMatch(/^band 2: minimum scores must fall strictly/);
    expect(
      v.safeParse(gradeBandsSchema, [{ grade: 'A', minScore: 5 }]).issues?.[0].message
    ).toMatch(/must start at 0/);
  });

  it('selectPanel: who is analysed, who is left out and why', () => {
    const withAbsent: PanelExpert[] = [
      ...panel,
      { id: 'E13', name: 'Absent', role: 'academic', weight: 1, submitted: false, judgments: {} }
    ];
    const options = surveyOptions(demo.definition);
    const { analysed, members } = selectPanel(
      demo.definition,
      withAbsent,
      { excluded: ['E4', 'E1'], expertWeights: { E2: 3 } },
      options
    );
    expect(analysed.map((e) => e.id)).toEqual([
      'E2',
      'E3',
      'E5',
      'E6',
      'E7',
      'E8',
      'E9',
      'E10',
      'E11',
      'E12'
    ]);
    expect(analysed[0]!.weight).toBe(3);
    expect(members[0]).toMatchObject({ id: 'E1', excluded: LEFT_OUT });
    expect(members[3]!.excluded).toMatch(
      /^inconsistent: CR 0\.\d{3} at A1, 0\.\d{3} at B2, .*\(threshold 0\.1\)$/
    );
    expect(members[12]).toMatchObject({ id: 'E13', excluded: NO_SUBMISSION });
    expect(() =>
      selectPanel(demo.definition, panel, { excluded: ['E99'], expertWeights: {} }, options)
    ).toThrow(/\$\.excluded\[0\]: expert "E99" is not in this survey's panel/);
    expect(() =>
      selectPanel(demo.definition, panel, { excluded: [], expertWeights: { X: 1 } }, options)
    ).toThrow(/\$\.expertWeights\.X/);
    expect(exclusionReason(demo.definition, undefined, 'saaty-by-size')).toBe(LEFT_OUT);
  });
});

describe('the weight set as a file', () => {
  it('has the same bytes whatever the key order it comes back in', async () => {
    const ws = await computeWeightSet(demo.definition, panel, request({ name: 'x' }), {
      surveyId: 's',
      createdAt: '2026-01-01T00:00:00.000Z',
      bootstrap: { resamples: 10, seed: 1, level: 0.9 }
    });
    const reversed = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(reversed)
        : x && typeof x === 'object'
          ? Object.fromEntries(
              Object.entries(x)
                .reverse()
                .map(([k, y]) => [k, reversed(y)])
            )
          : x;
    const text = weightSetJson(ws);
    expect(weightSetJson(reversed(ws) as typeof ws)).toBe(text);
    expect(
      text.startsWith('{\n  "format": "pairwise.weight-set",\n  "version": 1,\n  "name": "x",')
    ).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe("the results page's preview", () => {
  it('is what the server saves: the same leaf weights, to the last bit', async () => {
    const choices = {
      excluded: ['E4', 'E10'],
      overrides: { aggregation: 'aip-geometric' as const, method: 'geometric-mean' as const }
    };
    const preview = runAnalysis({ definition: demo.definition, experts: demo.experts, ...choices });
    if (!preview.ok) throw new Error(preview.message);
    const saved = await computeWeightSet(
      demo.definition,
      panel,
      request({ name: 'x', excluded: choices.excluded, settings: choices.overrides }),
      { surveyId: 's', bootstrap: { resamples: 10, seed: 1, level: 0.95 } }
    );
    expect(saved.leaves).toEqual(
      preview.analysis.leaves.map((l) => ({ id: l.id, globalWeight: l.globalWeight }))
    );
    // Every expert's own results are there, the left-out ones included.
    expect(Object.keys(preview.individuals)).toHaveLength(12);
    expect(preview.individuals['E4']!.A1!.consistent).toBe(false);
    // Sensitivity for every node with siblings (4 criteria + 15 sub-criteria).
    expect(Object.keys(preview.sensitivities)).toHaveLength(19);
  });

  it('the preview bootstrap is seeded: the same intervals every time', () => {
    const input = {
      definition: demo.definition,
      experts: demo.experts,
      excluded: [],
      overrides: {}
    };
    const a = runBootstrap(input, { ...PREVIEW_BOOTSTRAP, resamples: 30 });
    const b = runBootstrap(input, { ...PREVIEW_BOOTSTRAP, resamples: 30 });
    if (!a.ok || !b.ok) throw new Error('bootstrap failed');
    expect(a.bootstrap).toEqual(b.bootstrap);
    expect(a.bootstrap.rankStability).toHaveLength(15);
  });

  it('says what is wrong instead of throwing', () => {
    const everyone = demo.experts.map((e) => e.id);
    expect(
      runAnalysis({
        definition: demo.definition,
        experts: demo.experts,
        excluded: everyone,
        overrides: {}
      })
    ).toEqual({
      ok: false,
      message: expect.stringMatching(/no expert is left/),
      problem: { code: 'analysis-no-expert', params: {} }
    });
    // Leaving out inconsistent matrices node by node, with only the inconsistent experts left.
    const inconsistent = runAnalysis({
      definition: demo.definition,
      experts: demo.experts.filter((e) => e.profile === 'inconsistent'),
      excluded: [],
      overrides: { excludeInconsistent: true }
    });
    expect(inconsistent).toEqual({
      ok: false,
      message: expect.stringMatching(/no judgments from any included expert/),
      problem: {
        code: 'input-other',
        params: { message: expect.stringMatching(/no judgments from any included expert/) }
      }
    });
  });
});

describe('jsonPathPosition', () => {
  const text = '{\n  "a": [1, {"b": "x,]}"}, 3],\n  "c": {"d": null, "d": true}\n}';
  it('finds the value at a path, the last of duplicate keys, or the deepest existing one', () => {
    expect(jsonPathPosition(text, [])).toEqual({ line: 1, column: 1 });
    expect(jsonPathPosition(text, ['a'])).toEqual({ line: 2, column: 8 });
    expect(jsonPathPosition(text, ['a', 2])).toEqual({ line: 2, column: 27 });
    expect(jsonPathPosition(text, ['a', 1, 'b'])).toEqual({ line: 2, column: 18 });
    expect(jsonPathPosition(text, ['c', 'd'])).toEqual({ line: 3, column: 25 });
    expect(jsonPathPosition(text, ['c', 'missing'])).toEqual({ line: 3, column: 8 });
    expect(jsonPathPosition(text, ['a', 9])).toEqual({ line: 2, column: 8 });
    expect(jsonPathPosition(`\uFEFF${text}`, ['a'])).toEqual({ line: 2, column: 8 });
  });
});
