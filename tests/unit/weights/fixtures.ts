/**
 * Weight sets for the tests:
 * - the demo panel's (src/lib/weights/demo.ts, default seed) with a 200-resample bootstrap,
 *   roles and one member left out by the researcher;
 * - a small hand-checkable one: goal G with preset weights 0.6 / 0.4 over X (leaves x1, x2,
 *   preset 0.5 / 0.5) and Y (leaves y1, y2, y3, preset 0.5 / 0.25 / 0.25), so the leaves' global
 *   weights are 0.3, 0.3, 0.2, 0.1, 0.1 (exact in binary floating point up to the products'
 *   rounding, which the tests allow for).
 */
import { bootstrapHierarchy } from '../../../src/lib/ahp';
import { DEFAULT_SETTINGS, type SurveyDefinition } from '../../../src/lib/survey';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  type Provenance,
  type WeightSet
} from '../../../src/lib/weights';

export const CREATED_AT = '2025-05-01T08:30:00.000Z';

/** A weight set's composite consistency with no comparison matrix: not applicable, not 0. */
export const COMPOSITE_NOT_APPLICABLE = {
  cr: null,
  crCumulative: null,
  crSaaty: null,
  threshold: 0.1,
  consistent: null
} as const;

export async function demoWeightSet(options: { bootstrap?: boolean; publishNames?: boolean } = {}) {
  const demo = generateDemoPanel();
  const { prepared, analysis } = analyseResponses(demo.definition, demo.experts);
  const bootstrap =
    options.bootstrap === false
      ? null
      : bootstrapHierarchy(prepared, { resamples: 200, seed: 7 }, analysis);
  const ws = await buildWeightSet(demo.definition, analysis, {
    surveyId: 'demo-survey',
    name: 'Demo panel, all experts',
    createdAt: CREATED_AT,
    bootstrap,
    publishNames: options.publishNames ?? false,
    panel: [
      ...demo.experts.map((e) => ({ id: e.id, name: e.name, role: e.role })),
      {
        id: 'late',
        name: 'Late reply',
        role: 'practitioner',
        excluded: 'answered after the deadline'
      }
    ]
  });
  return { demo, prepared, analysis, ws };
}

export function presetDefinition(): SurveyDefinition {
  return {
    title: { en: 'Preset', zh: '预设' },
    hierarchy: {
      id: 'G',
      label: { en: 'Goal', zh: '目标' },
      weights: [0.6, 0.4],
      children: [
        {
          id: 'X',
          label: { en: 'X', zh: 'X' },
          weights: [0.5, 0.5],
          children: [
            { id: 'x1', label: { en: 'x one', zh: '' } },
            { id: 'x2', label: { en: 'x two', zh: '' } }
          ]
        },
        {
          id: 'Y',
          label: { en: 'Y', zh: 'Y' },
          weights: [0.5, 0.25, 0.25],
          children: [
            { id: 'y1', label: { en: '', zh: '乙一' } },
            { id: 'y2', label: { en: 'y two', zh: '乙二' } },
            { id: 'y3', label: { en: 'y three', zh: '乙三' } }
          ]
        }
      ]
    },
    settings: { ...DEFAULT_SETTINGS }
  };
}

export async function presetWeightSet(
  grades?: ReadonlyArray<{ grade: string; minScore: number }>,
  provenance?: Provenance
): Promise<WeightSet> {
  const def = presetDefinition();
  const { analysis } = analyseResponses(def, [{ id: 'nobody', judgments: {} }]);
  return buildWeightSet(def, analysis, {
    surveyId: 'preset',
    name: 'Preset weights',
    createdAt: CREATED_AT,
    ...(grades ? { grades } : {}),
    ...(provenance ? { provenance } : {})
  });
}

/** A deep copy (weight sets are plain JSON). */
export const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
