/**
 * Rating scales in the survey definition: the schema, the checks beyond it (with a path to the
 * problem), and the farm-credit template's editable default scales.
 */
import { describe, expect, it } from 'vitest';
import {
  FARM_CREDIT_DEFAULT_SCALES,
  farmCreditTemplate,
  parseDefinition,
  type RatingScale,
  type SurveyDefinition
} from '../../../src/lib/survey';
import { catchInputError as inputError } from '../ahp/reference';

/** The template with one leaf's scale replaced (C3: hierarchy.children[1].children[0]). */
function withC3Scale(scale: unknown): SurveyDefinition {
  const def = farmCreditTemplate({ scales: true });
  (def.hierarchy.children![1]!.children![0] as { scale: unknown }).scale = scale;
  return def;
}

const credit: RatingScale = {
  kind: 'categorical',
  points: 'panel',
  levels: [
    { id: 'clean', label: { en: 'No overdue', zh: '无逾期' } },
    { id: 'once', label: { en: 'Overdue once', zh: '逾期一次' } },
    { id: 'default', label: { en: 'Default', zh: '违约' }, zero: true }
  ],
  missing: { policy: 'refuse' }
};

describe('rating scales in a survey definition', () => {
  it('accepts a panel-compared scale with a zero level, and a numeric one', () => {
    expect(
      parseDefinition(withC3Scale(credit)).hierarchy.children![1]!.children![0]!.scale
    ).toEqual(credit);
    const numeric = {
      kind: 'numeric',
      shape: 'steps',
      breakpoints: [
        { value: 0, points: 100 },
        { value: 1, points: 0 }
      ],
      outside: 'refuse',
      missing: { policy: 'points', points: 50 }
    };
    expect(parseDefinition(withC3Scale(numeric))).toBeTruthy();
  });

  it.each([
    [
      'points on a level the panel compares',
      { ...credit, levels: [{ ...credit.levels[0]!, points: 90 }, credit.levels[1]] },
      '$.hierarchy.children[1].children[0].scale.levels[0].points',
      'the panel derives these points'
    ],
    [
      'a fixed level without points',
      {
        ...credit,
        points: 'fixed',
        levels: [{ ...credit.levels[0]!, points: 90 }, credit.levels[1]]
      },
      '$.hierarchy.children[1].children[0].scale.levels[1].points',
      'give the points of this level'
    ],
    [
      'a label naming two levels (compared case-blind, either language)',
      {
        ...credit,
        levels: [credit.levels[0], { ...credit.levels[1]!, label: { en: 'no OVERDUE', zh: 'x' } }]
      },
      '$.hierarchy.children[1].children[0].scale.levels[1]',
      '"no OVERDUE" already names level 1'
    ],
    [
      'only zero levels',
      { ...credit, levels: credit.levels.map((l) => ({ ...l, zero: true })) },
      '$.hierarchy.children[1].children[0].scale.levels',
      'at least one level must be compared'
    ],
    [
      'points above 100',
      {
        kind: 'numeric',
        shape: 'linear',
        breakpoints: [
          { value: 0, points: 100 },
          { value: 1, points: 101 }
        ],
        outside: 'clamp',
        missing: { policy: 'refuse' }
      },
      '$.hierarchy.children[1].children[0].scale.breakpoints[1].points',
      'points run from 0 to 100'
    ],
    [
      'breakpoints that do not rise',
      {
        kind: 'numeric',
        shape: 'linear',
        breakpoints: [
          { value: 0.5, points: 100 },
          { value: 0.5, points: 0 }
        ],
        outside: 'clamp',
        missing: { policy: 'refuse' }
      },
      '$.hierarchy.children[1].children[0].scale.breakpoints[1].value',
      'breakpoint values must rise: 0.5 after 0.5'
    ],
    [
      'an unknown missing policy',
      { ...credit, missing: { policy: 'zero' } },
      '$.hierarchy.children[1].children[0].scale.missing.policy',
      ''
    ]
  ])('refuses %s, naming the path', (_what, scale, path, message) => {
    const e = inputError(() => parseDefinition(withC3Scale(scale)));
    expect(e.message.startsWith(`${path}:`)).toBe(true);
    expect(e.message).toContain(message);
  });

  it('refuses a scale on a node with children', () => {
    const def = farmCreditTemplate({ scales: true });
    def.hierarchy.children![0]!.scale = credit;
    expect(inputError(() => parseDefinition(def)).message).toBe(
      '$.hierarchy.children[0].scale: node "B1" has children: only an indicator (a leaf) has a rating scale'
    );
  });
});

describe("the farm-credit template's scales", () => {
  const def = farmCreditTemplate({ scales: true });
  const leaves = def.hierarchy.children!.flatMap((b) => b.children!);

  it('gives each of C1-C15 a scale, in both languages, marked as an editable default', () => {
    expect(leaves.map((l) => l.id)).toEqual(Object.keys(FARM_CREDIT_DEFAULT_SCALES));
    for (const leaf of leaves) {
      const scale = leaf.scale!;
      expect(scale.note?.en).toContain('not in its text');
      expect(scale.note?.zh).toContain('未在正文中给出');
      if (scale.kind === 'categorical')
        for (const l of scale.levels) {
          expect(l.label.en).not.toBe('');
          expect(l.label.zh).not.toBe('');
        }
    }
    expect(parseDefinition(def)).toEqual(def);
  });

  it('comes with them by default: a new survey from the template has them to edit', () => {
    expect(farmCreditTemplate()).toEqual(farmCreditTemplate({ scales: true }));
  });

  it('leaves them out when asked to (version 1 weight sets, 0-100 scores, as before)', () => {
    const plain = farmCreditTemplate({ scales: false });
    expect(JSON.stringify(plain)).not.toContain('"scale"');
  });

  it('rates C10 (loan / income) and C13 (share of income) as numbers, the rest by levels', () => {
    expect(leaves.filter((l) => l.scale!.kind === 'numeric').map((l) => l.id)).toEqual([
      'C10',
      'C13'
    ]);
  });
});
