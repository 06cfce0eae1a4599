/**
 * A small scorecard for the tests: the preset hierarchy of ./fixtures.ts (leaf global weights
 * 0.3, 0.3, 0.2, 0.1, 0.1) with one leaf of each scale kind:
 * - x1 (0.3) categorical, fixed points: good 100, fair 60, poor 0; missing scores the worst;
 * - x2 (0.3) numeric, linear through (0, 100) (0.5, 80) (1, 40) (2, 0), clamped; missing refused;
 * - y1 (0.2) categorical compared by the panel: one expert judges "clean" 4 times better than
 *   "once", so the idealised points are 100 and 100 x (1/5) / (4/5) = 25; "default" is a zero
 *   level (0); missing refused;
 * - y2 (0.1) numeric, steps at (0, 100) (1, 50) (3, 0), refused outside; missing scores 20;
 * - y3 (0.1) no scale: a score 0-100 as in version 1.
 */
import { expect } from 'vitest';
import { analyseRatings } from '../../../src/lib/ahp';
import type { RatingScale, SurveyDefinition } from '../../../src/lib/survey';
import { analyseResponses, buildWeightSet, type ScaleOverrides } from '../../../src/lib/weights';
import { CREATED_AT, presetDefinition } from './fixtures';

export const SCALES: Record<string, RatingScale> = {
  x1: {
    kind: 'categorical',
    points: 'fixed',
    levels: [
      { id: 'good', label: { en: 'Good', zh: '好' }, points: 100 },
      { id: 'fair', label: { en: 'Fair', zh: '一般' }, points: 60 },
      { id: 'poor', label: { en: 'Poor', zh: '差' }, points: 0 }
    ],
    missing: { policy: 'worst' }
  },
  x2: {
    kind: 'numeric',
    shape: 'linear',
    breakpoints: [
      { value: 0, points: 100 },
      { value: 0.5, points: 80 },
      { value: 1, points: 40 },
      { value: 2, points: 0 }
    ],
    outside: 'clamp',
    missing: { policy: 'refuse' }
  },
  y1: {
    kind: 'categorical',
    points: 'panel',
    levels: [
      { id: 'clean', label: { en: 'No overdue', zh: '无逾期' } },
      { id: 'once', label: { en: 'Overdue once', zh: '逾期一次' } },
      { id: 'default', label: { en: 'Default on record', zh: '有违约记录' }, zero: true }
    ],
    missing: { policy: 'refuse' }
  },
  y2: {
    kind: 'numeric',
    shape: 'steps',
    breakpoints: [
      { value: 0, points: 100 },
      { value: 1, points: 50 },
      { value: 3, points: 0 }
    ],
    outside: 'refuse',
    missing: { policy: 'points', points: 20 }
  }
};

export function scorecardDefinition(): SurveyDefinition {
  const def = presetDefinition();
  const leaves = def.hierarchy.children!.flatMap((c) => c.children!);
  for (const leaf of leaves) if (SCALES[leaf.id]) leaf.scale = structuredClone(SCALES[leaf.id]);
  return def;
}

export function y1Ratings() {
  return analyseRatings('y1~levels', SCALES.y1!.kind === 'categorical' ? SCALES.y1!.levels : [], [
    { id: 'E1', judgments: { 'y1~levels': [4] } }
  ]);
}

export async function scorecardWeightSet(overrides?: ScaleOverrides) {
  const def = scorecardDefinition();
  // The expert's judgment of y1's levels is keyed by the leaf (analyseResponses splits it off
  // the hierarchy's); analyseRatings under another key gives the same points.
  const { analysis, ratings } = analyseResponses(def, [{ id: 'nobody', judgments: { y1: [4] } }]);
  expect(ratings.get('y1')!.points).toEqual(y1Ratings().points);
  return buildWeightSet(def, analysis, {
    surveyId: 'scorecard',
    name: 'Scorecard',
    createdAt: CREATED_AT,
    ratings,
    ...(overrides ? { overrides } : {})
  });
}
