/** The seeded demo panel (src/lib/weights/demo.ts): deterministic and as documented. */
import { describe, expect, test } from 'vitest';
import { matrixFromUpper, weigh } from '../../../src/lib/ahp';
import { checkSubmission, parseDefinition } from '../../../src/lib/survey';
import {
  analyseResponses,
  DEMO_SEED,
  demoRoleWeights,
  generateDemoPanel
} from '../../../src/lib/weights';

const crOf = (upper: Array<number | null>) =>
  weigh(matrixFromUpper(upper), { method: 'geometric-mean', randomIndex: 'saaty-1980', top: 0 }).cr;

describe('the demo panel', () => {
  const panel = generateDemoPanel();

  test('deterministic for a seed, different for another', () => {
    expect(generateDemoPanel()).toEqual(panel);
    expect(generateDemoPanel(DEMO_SEED)).toEqual(panel);
    expect(generateDemoPanel(7)).toEqual(generateDemoPanel(7));
    expect(generateDemoPanel(7).experts).not.toEqual(panel.experts);
    expect(panel.seed).toBe(DEMO_SEED);
  });

  test('the farm-credit survey, "no opinion" allowed', () => {
    expect(parseDefinition(panel.definition)).toEqual(panel.definition);
    expect(panel.definition.settings.allowSkip).toBe(true);
    expect(panel.definition.title.en).toBe('Farm-household micro-credit risk (demo)');
  });

  test('twelve experts: six academics, six loan officers', () => {
    expect(panel.experts.map((e) => e.id)).toEqual(
      Array.from({ length: 12 }, (_, k) => `E${k + 1}`)
    );
    expect(panel.experts.map((e) => e.role)).toEqual([
      ...Array<string>(6).fill('academic'),
      ...Array<string>(6).fill('practitioner')
    ]);
    expect(panel.experts[0]!.name).toBe('Academic 1');
    expect(panel.experts[11]!.name).toBe('Loan officer 6');
  });

  test('every answer is a valid submission of the survey', () => {
    for (const e of panel.experts) {
      const { consistency } = checkSubmission(panel.definition, {
        submissionId: '00000000-0000-4000-8000-000000000000',
        judgments: e.judgments
      });
      expect(Object.keys(consistency)).toEqual(['A1', 'B1', 'B2', 'B3', 'B4']);
    }
  });

  test('E4 and E10 inconsistent (CR >= 0.2 at A1, B2, B4); everyone else CR < 0.1 everywhere', () => {
    for (const e of panel.experts) {
      const crs = Object.fromEntries(Object.entries(e.judgments).map(([n, u]) => [n, crOf(u)]));
      if (e.id === 'E4' || e.id === 'E10') {
        expect(e.profile).toBe('inconsistent');
        for (const n of ['A1', 'B2', 'B4']) expect(crs[n]).toBeGreaterThanOrEqual(0.2);
      } else {
        for (const cr of Object.values(crs)) expect(cr).toBeLessThan(0.1);
      }
    }
  });

  test('E11 skipped some pairs in B2 and B4, never in the first row, and nobody else did', () => {
    const e11 = panel.experts[10]!;
    expect(e11.profile).toBe('skipped pairs');
    expect(e11.judgments.B2).toContain(null);
    expect(e11.judgments.B4).toContain(null);
    for (const upper of Object.values(e11.judgments)) {
      const n = (1 + Math.sqrt(1 + 8 * upper.length)) / 2;
      expect(upper.slice(0, n - 1)).not.toContain(null);
    }
    for (const e of panel.experts)
      if (e !== e11) for (const u of Object.values(e.judgments)) expect(u).not.toContain(null);
  });

  test('the roles differ as documented: academics weigh credit risk more, officers operational risk', () => {
    const academic = demoRoleWeights('academic');
    const officer = demoRoleWeights('practitioner');
    expect(academic.A1![1]).toBeGreaterThan(officer.A1![1]!);
    expect(officer.A1![2]).toBeGreaterThan(academic.A1![2]!);
    for (const w of Object.values(academic))
      expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    // And so do the panel's answers.
    const only = (role: string) =>
      analyseResponses(
        panel.definition,
        panel.experts.filter((e) => e.role === role && e.profile !== 'inconsistent')
      ).analysis.nodes[0]!.localWeights;
    expect(only('academic')[1]).toBeGreaterThan(only('practitioner')[1]!);
    expect(only('practitioner')[2]).toBeGreaterThan(only('academic')[2]!);
  });

  test('analyses as a whole, and leaving out the inconsistent changes the weights', () => {
    const all = analyseResponses(panel.definition, panel.experts).analysis;
    const consistent = analyseResponses(panel.definition, panel.experts, {
      excludeInconsistent: true
    }).analysis;
    expect(all.nodes[0]!.included).toHaveLength(12);
    expect(consistent.nodes[0]!.excluded.map((x) => [x.id, x.reason])).toEqual([
      ['E4', 'inconsistent'],
      ['E10', 'inconsistent']
    ]);
    expect(consistent.leaves[0]!.globalWeight).not.toBe(all.leaves[0]!.globalWeight);
  });
});
