/**
 * The shared survey model: definitions, the farm-credit template, the AHP-OS outline format and
 * the checking of submissions against their survey.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AhpInputError, matrixFromUpper, weigh } from '../../../src/lib/ahp';
import {
  checkSubmission,
  comparisonCount,
  comparisonsOf,
  farmCreditTemplate,
  formatOutline,
  idAndLabel,
  parseDefinition,
  parseOutline,
  OutlineError,
  MAX_LABEL_LENGTH,
  SCALE_POSITIONS,
  valueAtPosition,
  positionOf,
  emptyJudgments,
  nodeProgress,
  draftToJudgments,
  type DraftValue,
  type SurveyDefinition
} from '../../../src/lib/survey';

function inputError(fn: () => unknown): AhpInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AhpInputError) return e;
    throw e;
  }
  throw new Error('expected an AhpInputError');
}

const referenceTemplate = JSON.parse(
  readFileSync(
    path.resolve(__dirname, '../../../../shared/reference/farm-credit-template.json'),
    'utf8'
  )
) as {
  goal: { id: string; zh: string; en: string };
  criteria: Array<{
    id: string;
    zh: string;
    en: string;
    children: Array<{ id: string; zh: string; en: string }>;
  }>;
};

describe('the farm-credit template', () => {
  const def = farmCreditTemplate({ scales: false });

  it('is the Fujian hierarchy of ../shared/reference/farm-credit-template.json, in both languages', () => {
    expect(parseDefinition(def)).toEqual(def);
    expect(def.hierarchy.id).toBe(referenceTemplate.goal.id);
    expect(def.hierarchy.label).toEqual({
      en: referenceTemplate.goal.en,
      zh: referenceTemplate.goal.zh
    });
    const flat = (def.hierarchy.children ?? []).map((b) => [
      b.id,
      b.label.zh,
      (b.children ?? []).map((c) => [c.id, c.label.en, c.label.zh])
    ]);
    const expected = referenceTemplate.criteria.map((b) => [
      b.id,
      b.zh,
      b.children.map((c) => [c.id, c.en, c.zh])
    ]);
    expect(flat).toEqual(expected);
    for (const b of def.hierarchy.children!) {
      for (const c of b.children!) {
        expect(c.description?.en, c.id).toBeTruthy();
        expect(c.description?.zh, c.id).toBeTruthy();
      }
    }
  });

  it('holds five matrices (4x4, 2x2, 5x5, 3x3, 5x5) and 6 + 1 + 10 + 3 + 10 = 30 comparisons (DOMAIN.md)', () => {
    expect(comparisonsOf(def).map((c) => c.children.length)).toEqual([4, 2, 5, 3, 5]);
    expect(comparisonCount(def)).toBe(30);
  });

  it('returns a fresh copy each time', () => {
    const a = farmCreditTemplate({ scales: false });
    a.hierarchy.children![0]!.label.en = 'changed';
    expect(farmCreditTemplate({ scales: false }).hierarchy.children![0]!.label.en).toBe(
      'Natural risk'
    );
  });
});

describe('definitions', () => {
  const base = () => farmCreditTemplate({ scales: false });
  it.each([
    [
      'an unknown field',
      (d: SurveyDefinition) => Object.assign(d, { colour: 'red' }),
      ['colour'],
      'unknown field'
    ],
    [
      'a bad id',
      (d: SurveyDefinition) => (d.hierarchy.children![0]!.id = 'B 1'),
      ['hierarchy', 'children', 0, 'id'],
      'an id is'
    ],
    [
      'a duplicate id',
      (d: SurveyDefinition) => (d.hierarchy.children![1]!.id = 'B1'),
      ['hierarchy', 'children', 1, 'id'],
      'used twice'
    ],
    [
      'no name at all',
      (d: SurveyDefinition) => (d.hierarchy.label = { en: ' ', zh: '' }),
      ['hierarchy', 'label'],
      'give a name'
    ],
    [
      'preset weights that do not sum to 1',
      (d: SurveyDefinition) => (d.hierarchy.children![0]!.weights = [0.5, 0.6]),
      ['hierarchy', 'children', 0, 'weights'],
      'sum to'
    ],
    [
      'a threshold of 1',
      (d: SurveyDefinition) => (d.settings.threshold = 1),
      ['settings', 'threshold'],
      ''
    ],
    [
      '16 children under Saaty 1980',
      (d: SurveyDefinition) =>
        (d.hierarchy.children![1]!.children = Array.from({ length: 16 }, (_, k) => ({
          id: `X${k}`,
          label: { en: `x${k}`, zh: '' }
        }))),
      ['hierarchy', 'children', 1, 'children'],
      'alonso-lamata'
    ]
  ])('refuses %s, naming where', (_what, change, where, message) => {
    const d = base();
    change(d);
    const e = inputError(() => parseDefinition(d));
    expect(e.path).toEqual(where);
    expect(e.message).toContain(message as string);
  });
});

describe('the AHP-OS outline', () => {
  it('parses "Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5" (the BPMSG format)', () => {
    const tree = parseOutline('Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5');
    expect(tree.id).toBe('Goal');
    expect(tree.children!.map((c) => c.id)).toEqual(['B1', 'B2']);
    expect(tree.children![1]!.children!.map((c) => c.label.en)).toEqual(['C3', 'C4', 'C5']);
    expect(formatOutline(tree)).toBe('Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5');
  });

  it('takes line breaks and names with spaces or Chinese, giving them ids', () => {
    const tree = parseOutline(
      '风险评价: Natural risk, 信用风险\nNatural risk: Insurance, Disasters;'
    );
    expect(tree.id).toBe('N1');
    expect(tree.children!.map((c) => [c.id, c.label.zh])).toEqual([
      ['N2', 'Natural risk'],
      ['N3', '信用风险']
    ]);
    expect(tree.children![0]!.children!.map((c) => c.id)).toEqual(['Insurance', 'Disasters']);
  });

  it.each([
    ['', [], 'empty', { code: 'empty' }],
    ['Goal B1, B2', [0], 'no colon', { code: 'no-colon', entry: 'Goal B1, B2' }],
    [
      'Goal: B1, B2; B3: C1',
      [1],
      'not a child named earlier',
      { code: 'unknown-parent', name: 'B3' }
    ],
    ['Goal: B1, B1', [0], 'appears twice', { code: 'duplicate', name: 'B1' }],
    ['Goal: B1,, B2', [0], 'empty name', { code: 'empty-name' }],
    ['Goal: B1; B1: C1; B1: C2', [2], 'listed twice', { code: 'listed-twice', name: 'B1' }],
    ['Goal: B1; B1:', [1], 'no children', { code: 'no-children', name: 'B1' }],
    [
      `Goal: ${'x'.repeat(MAX_LABEL_LENGTH + 1)}`,
      [0],
      'is longer than',
      { code: 'too-long', name: 'x'.repeat(MAX_LABEL_LENGTH + 1), max: MAX_LABEL_LENGTH }
    ]
  ])('refuses %j, in English and as data for the page', (text, at, message, problem) => {
    const e = inputError(() => parseOutline(text));
    expect(e.path).toEqual(['outline', ...at]);
    expect(e.message).toContain(message);
    expect(e).toBeInstanceOf(OutlineError);
    expect((e as OutlineError).outline).toEqual(problem);
  });
});

describe('submissions', () => {
  const def = farmCreditTemplate({ scales: false });
  const complete = () => ({
    submissionId: '6f1c2b9e-3d4a-4e5f-8a7b-1c2d3e4f5a6b',
    judgments: {
      A1: [1 / 3, 1 / 2, 2, 2, 5, 3],
      B1: [3],
      B2: [2, 3, 4, 2, 2, 3, 1, 2, 1, 1 / 2],
      B3: [3, 2, 1 / 2],
      B4: [1, 1, 2, 2, 1, 2, 2, 1, 1, 1]
    }
  });

  it("accepts a complete submission and reports each node's CR (recomputed here with weigh)", () => {
    const { consistency } = checkSubmission(def, complete());
    expect(Object.keys(consistency)).toEqual(['A1', 'B1', 'B2', 'B3', 'B4']);
    const expected = weigh(matrixFromUpper(complete().judgments.B2), { method: 'geometric-mean' });
    expect(consistency.B2!.cr).toBe(expected.cr);
    expect(consistency.B1).toEqual({ cr: 0, consistent: true, skipped: 0 });
  });

  it.each([
    [
      'a node the survey does not have',
      (s: ReturnType<typeof complete>) => Object.assign(s.judgments, { Z9: [1] }),
      ['judgments', 'Z9'],
      'no comparison at node "Z9"'
    ],
    [
      'a leaf',
      (s: ReturnType<typeof complete>) => Object.assign(s.judgments, { C1: [1] }),
      ['judgments', 'C1'],
      'no comparison'
    ],
    [
      'a missing node',
      (s: ReturnType<typeof complete>) => delete (s.judgments as Record<string, unknown>).B3,
      ['judgments', 'B3'],
      'missing'
    ],
    [
      'too few judgments',
      (s: ReturnType<typeof complete>) => s.judgments.B3.pop(),
      ['judgments', 'B3'],
      'has 3 pairs, got 2'
    ],
    [
      'a value off the scale',
      (s: ReturnType<typeof complete>) => (s.judgments.B3[1] = 10),
      ['judgments', 'B3', 1],
      "not on Saaty's"
    ],
    [
      'no opinion where it is not allowed',
      (s: ReturnType<typeof complete>) => ((s.judgments.B3 as Array<number | null>)[1] = null),
      ['judgments', 'B3', 1],
      'not allowed'
    ],
    [
      'a submission id that is not a UUID',
      (s: ReturnType<typeof complete>) => (s.submissionId = '42'),
      ['submissionId'],
      'UUID'
    ],
    [
      'an unknown field',
      (s: ReturnType<typeof complete>) => Object.assign(s, { token: 'x' }),
      ['token'],
      'unknown field'
    ]
  ])('refuses %s', (_what, change, where, message) => {
    const s = complete();
    change(s);
    const e = inputError(() => checkSubmission(def, s));
    expect(e.path).toEqual(where);
    expect(e.message).toContain(message as string);
  });

  it('takes "no opinion" where allowed, but not so many that elements are disconnected', () => {
    const open = { ...def, settings: { ...def.settings, allowSkip: true } };
    const s = complete();
    (s.judgments.B3 as Array<number | null>)[2] = null;
    expect(checkSubmission(open, s).consistency.B3!.skipped).toBe(1);
    (s.judgments.B3 as Array<number | null>)[1] = null;
    const e = inputError(() => checkSubmission(open, s));
    expect(e.message).toContain('disconnected');
  });
});

describe('drafts in progress', () => {
  const def = farmCreditTemplate({ scales: false });

  it('maps the 17 scale positions to judgments and back', () => {
    expect(SCALE_POSITIONS.map(valueAtPosition)).toEqual([
      9,
      8,
      7,
      6,
      5,
      4,
      3,
      2,
      1,
      1 / 2,
      1 / 3,
      1 / 4,
      1 / 5,
      1 / 6,
      1 / 7,
      1 / 8,
      1 / 9
    ]);
    for (const p of SCALE_POSITIONS) expect(positionOf(valueAtPosition(p))).toBe(p);
    expect(() => valueAtPosition(9)).toThrow(RangeError);
  });

  it('shows weights as soon as the answered pairs connect all elements', () => {
    const values: DraftValue[] = emptyJudgments(def).B3!;
    expect(nodeProgress(values, def.settings)).toEqual({
      answered: 0,
      total: 3,
      result: null,
      suggestions: []
    });
    values[0] = 3; // C8 vs C9 only: C10 is not connected yet
    expect(nodeProgress(values, def.settings).result).toBeNull();
    values[1] = 'skip';
    expect(nodeProgress(values, def.settings).result).toBeNull();
    values[2] = 2; // C9 vs C10 joins C10
    const p = nodeProgress(values, def.settings);
    expect(p.answered).toBe(3);
    // the completed matrix is consistent: a_13 = a_12 a_23 = 6, weights (6, 2, 1) / 9
    expect(p.result!.weights.map((w) => Math.round(w * 9e9) / 1e9)).toEqual([6, 2, 1]);
  });

  it('suggests up to three judgments that would change, only when the node is inconsistent', () => {
    // Saaty's house matrix (published-examples.json, single/saaty_house_n8, CR 0.169): the top
    // three by |ln e| are (2,6), (0,2), (0,6), each with a changed suggestion of 1.
    const house = [
      5,
      3,
      7,
      6,
      6,
      1 / 3,
      1 / 4,
      1 / 3,
      5,
      3,
      3,
      1 / 5,
      1 / 7,
      6,
      3,
      4,
      6,
      1 / 5,
      1 / 3,
      1 / 4,
      1 / 7,
      1 / 8,
      1 / 2,
      1 / 5,
      1 / 6,
      1 / 5,
      1 / 6,
      1 / 2
    ];
    const p = nodeProgress(house, { ...def.settings, method: 'eigenvector' });
    expect(p.suggestions.map((x) => [x.i, x.j, x.suggested])).toEqual([
      [2, 6, 1],
      [0, 2, 1],
      [0, 6, 1]
    ]);
    const calm = nodeProgress([2, 4, 2], def.settings);
    expect(calm.result!.consistent).toBe(true);
    expect(calm.suggestions).toEqual([]);
  });

  it('builds the submission only from a complete draft, naming the first unanswered pair', () => {
    const draft = emptyJudgments(def);
    expect(draftToJudgments(def, draft)).toEqual({ ok: false, node: 'A1', pair: 0 });
    for (const values of Object.values(draft)) values.fill(1);
    draft.B2![4] = 'skip';
    const r = draftToJudgments(def, draft);
    expect(r.ok && r.judgments.B2![4]).toBeNull();
    expect(r.ok && r.judgments.A1).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('idAndLabel: a node named once when its label repeats its id', () => {
  it('puts the label after the id', () => {
    expect(idAndLabel('C3', 'Credit record')).toBe('C3 Credit record');
  });

  it('names an outline node once (its name became both id and label)', () => {
    const root = parseOutline('Goal: Quality, R2');
    const [quality, r2] = root.children!;
    expect(idAndLabel(quality!.id, quality!.label.en)).toBe('Quality');
    expect(idAndLabel(r2!.id, r2!.label.zh)).toBe('R2');
    expect(idAndLabel('R2', ' r2 ')).toBe('R2');
    expect(idAndLabel('N1', '')).toBe('N1');
  });
});
