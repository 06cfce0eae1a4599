/**
 * A survey whose panel compares one indicator's levels, for the tests of the analysis of ratings
 * groups (and the browser journey's seed): goal G compares R (credit record, levels compared by
 * the panel: clean / once / twice, and "default" a zero level) with L (loan / annual income,
 * numeric, linear through (0, 100) (1, 40) (2, 0), clamped).
 *
 * Three experts, weight 1 each. Their judgments of R's levels (upper triangle over clean, once,
 * twice) are keyed by the leaf R in the same judgments map as the goal's:
 * - E1: G [3], R [2, 4, 2] (consistent: 2 x 2 = 4, CR 0);
 * - E2: G [2], R [3, 9, 3] (consistent, CR 0);
 * - E3: G [4], R [4, 1/2, 2]: clean 4 x once, but twice 2 x clean: inconsistent, CR 0.790
 *   (Saaty's 1980 RI 0.58).
 *
 * Expected numbers, computed independently with numpy 2.4 (principal eigenvector of the AIJ
 * group matrix, geometric mean of each cell, np.linalg.eig):
 * - all three: group matrix [[1, 24^(1/3), 1], ...]; priorities 0.57072 / 0.26924 / 0.16003,
 *   idealised points 100 / 47.17595443222529 / 28.040433434662784, group CR 0.08246314337256944;
 * - E1 and E2 only: cells sqrt 6, 6, sqrt 6 (consistent), points 100 / 100 / sqrt 6 =
 *   40.82482904638631 / 100 / 6 = 16.666666666666664, CR 0;
 * - E3 alone: CR 0.7902520368808594;
 * - the goal: AIJ of 3, 2, 4 is 24^(1/3), so R's weight is 24^(1/3) / (1 + 24^(1/3)) =
 *   0.742566553936288.
 */
import { DEFAULT_SETTINGS, type SurveyDefinition } from '../../../src/lib/survey';
import type { PanelExpert } from '../../../src/lib/weights';

export const POINTS_ALL = [100, 47.17595443222529, 28.040433434662784, 0];
export const CR_ALL = 0.08246314337256944;
export const POINTS_CONSISTENT = [100, 40.82482904638631, 16.666666666666664, 0];
export const CR_E3 = 0.7902520368808594;
export const WEIGHT_R = 0.742566553936288;

export function ratingsSurvey(): SurveyDefinition {
  return {
    title: { en: 'Credit scorecard', zh: '信用评分卡' },
    hierarchy: {
      id: 'G',
      label: { en: 'Credit risk', zh: '信用风险' },
      children: [
        {
          id: 'R',
          label: { en: 'Credit record', zh: '信用记录' },
          scale: {
            kind: 'categorical',
            points: 'panel',
            levels: [
              { id: 'clean', label: { en: 'No overdue', zh: '无逾期' } },
              { id: 'once', label: { en: 'Overdue once', zh: '逾期一次' } },
              { id: 'twice', label: { en: 'Overdue more than once', zh: '多次逾期' } },
              { id: 'default', label: { en: 'Default on record', zh: '有违约记录' }, zero: true }
            ],
            missing: { policy: 'worst' }
          }
        },
        {
          id: 'L',
          label: { en: 'Loan / annual income', zh: '贷款/年收入' },
          scale: {
            kind: 'numeric',
            shape: 'linear',
            breakpoints: [
              { value: 0, points: 100 },
              { value: 1, points: 40 },
              { value: 2, points: 0 }
            ],
            outside: 'clamp',
            missing: { policy: 'refuse' }
          }
        }
      ]
    },
    settings: { ...DEFAULT_SETTINGS }
  };
}

export const RATINGS_JUDGMENTS: Record<string, Record<string, number[]>> = {
  E1: { G: [3], R: [2, 4, 2] },
  E2: { G: [2], R: [3, 9, 3] },
  E3: { G: [4], R: [4, 0.5, 2] }
};

export function ratingsPanel(): PanelExpert[] {
  return Object.entries(RATINGS_JUDGMENTS).map(([id, judgments]) => ({
    id,
    name: `Expert ${id}`,
    role: '',
    weight: 1,
    submitted: true,
    judgments
  }));
}

/**
 * 280 recorded loans of this survey: R as level labels or ids in either language (spaces and
 * case as a clerk types them), L as a number (0.2 or 1.2, alternating), outcome `default` 1 =
 * defaulted: clean 100 loans (5 defaulted), once 100 (30), twice 60 (6), the zero level 20 (10).
 */
export function recordedLoansCsv(): string {
  const lines = ['id,R,L,default'];
  let k = 0;
  const add = (r: string, n: number, defaults: number) => {
    for (let i = 0; i < n; i++)
      lines.push(`L${++k},${r},${k % 2 ? 0.2 : 1.2},${i < defaults ? 1 : 0}`);
  };
  add('No overdue', 100, 5);
  add('逾期一次', 100, 30);
  add(' TWICE ', 60, 6);
  add('Default on record', 20, 10);
  return `${lines.join('\n')}\n`;
}
