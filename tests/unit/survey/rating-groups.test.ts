/**
 * Ratings groups in a survey: which leaves' levels the experts compare, where those groups come
 * in the order the expert answers, and submissions that carry them (keyed by the leaf's id).
 */
import { describe, expect, it } from 'vitest';
import {
  askedGroupsOf,
  checkSubmission,
  comparisonCount,
  comparisonsOf,
  draftToJudgments,
  emptyJudgments,
  farmCreditTemplate,
  ratingGroupsOf,
  type CategoricalScale,
  type SurveyDefinition
} from '../../../src/lib/survey';
import { catchInputError as inputError } from '../ahp/reference';

const credit: CategoricalScale = {
  kind: 'categorical',
  points: 'panel',
  levels: [
    { id: 'clean', label: { en: 'No overdue', zh: '无逾期' } },
    { id: 'once', label: { en: 'Overdue once', zh: '逾期一次' } },
    { id: 'twice', label: { en: 'Overdue more than once', zh: '多次逾期' } },
    { id: 'default', label: { en: 'Default', zh: '违约' }, zero: true }
  ],
  missing: { policy: 'refuse' }
};

/** The template with C3 (hierarchy.children[1].children[0]) and C1's levels compared. */
function withPanelScales(): SurveyDefinition {
  const def = farmCreditTemplate({ scales: true });
  def.hierarchy.children![1]!.children![0]!.scale = credit;
  def.hierarchy.children![0]!.children![0]!.scale = {
    ...credit,
    levels: credit.levels.slice(0, 2)
  };
  return def;
}

describe('ratings groups', () => {
  it('asks no ratings group when no scale is compared by the panel', () => {
    const def = farmCreditTemplate({ scales: true });
    expect(ratingGroupsOf(def)).toEqual([]);
    expect(askedGroupsOf(def).map((c) => c.node.id)).toEqual(
      comparisonsOf(def).map((c) => c.node.id)
    );
  });

  it("asks a leaf's compared levels right after the group that compares the leaf", () => {
    const def = withPanelScales();
    const asked = askedGroupsOf(def).map((c) => `${c.kind}:${c.node.id}`);
    // The template: goal -> B1 (C1, C2 ...), B2 (C3 ...), ...; B-level group first.
    const b1 = asked.indexOf('node:B1');
    const b2 = asked.indexOf('node:B2');
    expect(asked[b1 + 1]).toBe('levels:C1');
    expect(asked[b2 + 1]).toBe('levels:C3');
    expect(asked.indexOf('levels:C1')).toBeGreaterThan(asked.indexOf('node:' + def.hierarchy.id));
    expect(askedGroupsOf(def).map((c) => c.index)).toEqual(asked.map((_, k) => k));
    expect(comparisonsOf(def).every((c) => c.kind === 'node')).toBe(true);
  });

  it('compares the levels without the zero ones, in the scale order', () => {
    const [c1, c3] = ratingGroupsOf(withPanelScales());
    expect(c3!.children.map((l) => l.id)).toEqual(['clean', 'once', 'twice']);
    expect(c3!.pairs).toEqual([
      [0, 1],
      [0, 2],
      [1, 2]
    ]);
    expect(c1!.children.map((l) => l.id)).toEqual(['clean', 'once']);
    expect(c1!.pairs).toHaveLength(1);
  });

  it('counts the ratings pairs among the comparisons an expert answers', () => {
    const def = withPanelScales();
    const plain = farmCreditTemplate({ scales: true });
    expect(comparisonCount(def)).toBe(comparisonCount(plain) + 3 + 1);
  });

  it('takes a submission with the ratings keyed by the leaf, and refuses one without', () => {
    const def = withPanelScales();
    const draft = emptyJudgments(def);
    expect(draft['C3']).toEqual([null, null, null]);
    for (const values of Object.values(draft)) values.fill(1);
    draft['C3'] = [3, 9, 5]; // CR of [[1,3,9],[1/3,1,5],[1/9,1/5,1]] ~ 0.03
    const built = draftToJudgments(def, draft);
    if (!built.ok) throw new Error('complete draft');
    const submissionId = '6f1d2c8a-3b4e-4f5a-8b6c-7d8e9f0a1b2c';
    const { consistency } = checkSubmission(def, { submissionId, judgments: built.judgments });
    expect(consistency['C3']!.cr).toBeGreaterThan(0);
    expect(consistency['C3']!.consistent).toBe(true);
    const { C3: _dropped, ...without } = built.judgments;
    const e = inputError(() => checkSubmission(def, { submissionId, judgments: without }));
    expect(e.path).toEqual(['judgments', 'C3']);
    expect(e.message).toContain('the judgments for node "C3" are missing');
  });

  it('refuses ratings for a leaf whose levels are not compared', () => {
    const def = farmCreditTemplate({ scales: true });
    const draft = emptyJudgments(def);
    for (const values of Object.values(draft)) values.fill(1);
    const built = draftToJudgments(def, draft);
    if (!built.ok) throw new Error('complete draft');
    const judgments = { ...built.judgments, C3: [1, 1, 1] };
    const e = inputError(() =>
      checkSubmission(def, { submissionId: '6f1d2c8a-3b4e-4f5a-8b6c-7d8e9f0a1b2c', judgments })
    );
    expect(e.path).toEqual(['judgments', 'C3']);
  });
});
