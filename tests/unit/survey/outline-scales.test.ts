/**
 * A pasted outline keeps the rating scales of the leaves it keeps (carryScales): matched by id
 * where the outline writes the id, else by name (either language, trimmed, spaces collapsed,
 * case-blind), one scale per leaf, never by a generated id nor an ambiguous name; and says which
 * leaves kept a scale, which have none and which scales are lost. The expected matches follow
 * from the template's ids and labels (src/lib/survey/farm-credit.ts), read by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  askedGroupsOf,
  carryScales,
  farmCreditTemplate,
  FARM_CREDIT_DEFAULT_SCALES,
  formatOutline,
  parseDefinition,
  parseOutline,
  type SurveyNode
} from '../../../src/lib/survey';

const template = () => farmCreditTemplate({ scales: true });
const LEAVES = Array.from({ length: 15 }, (_, k) => `C${k + 1}`);

function leaves(root: SurveyNode): SurveyNode[] {
  return root.children ? root.children.flatMap(leaves) : [root];
}

describe('carryScales', () => {
  it("keeps every scale when the template's own outline is pasted back, in either language", () => {
    for (const locale of ['en', 'zh'] as const) {
      const previous = template().hierarchy;
      const next = parseOutline(formatOutline(previous, locale));
      const { hierarchy, scales } = carryScales(previous, next);
      // Names are not ids here, so every leaf is matched by its name, in the template's order.
      expect(scales.kept.map((k) => [k.from.id, k.by])).toEqual(LEAVES.map((id) => [id, 'name']));
      expect(scales.without).toEqual([]);
      expect(scales.dropped).toEqual([]);
      expect(leaves(hierarchy).map((l) => l.scale)).toEqual(
        LEAVES.map((id) => FARM_CREDIT_DEFAULT_SCALES[id])
      );
      // The definition with the carried scales is valid as a whole.
      expect(() => parseDefinition({ ...template(), hierarchy })).not.toThrow();
    }
  });

  it('matches by id, then by name; says which new leaves have none and which scales are lost', () => {
    const previous = template().hierarchy;
    const outline =
      'Goal: B1, B2; B1: C2, credit   RECORD , New indicator; B2: C10, Household assets; ' +
      'Household assets: Land, Livestock';
    const next = parseOutline(outline);
    const { hierarchy, scales } = carryScales(previous, next);
    expect(scales.kept).toEqual([
      {
        id: 'C2',
        label: { en: 'C2', zh: 'C2' },
        from: { id: 'C2', label: { en: 'Agricultural insurance', zh: '农业保险情况' } },
        by: 'id'
      },
      {
        id: 'N1',
        label: { en: 'credit   RECORD', zh: 'credit   RECORD' },
        from: { id: 'C3', label: { en: 'Credit record', zh: '信用记录' } },
        by: 'name'
      },
      {
        id: 'C10',
        label: { en: 'C10', zh: 'C10' },
        from: expect.objectContaining({ id: 'C10' }),
        by: 'id'
      }
    ]);
    expect(scales.without.map((n) => n.label.en)).toEqual(['New indicator', 'Land', 'Livestock']);
    // Household assets (C14) has items in the outline: only leaves carry scales.
    expect(scales.dropped.map((n) => n.id)).toEqual(
      LEAVES.filter((id) => !['C2', 'C3', 'C10'].includes(id))
    );
    const byLabel = new Map(leaves(hierarchy).map((l) => [l.label.en, l]));
    expect(byLabel.get('C2')!.scale).toEqual(FARM_CREDIT_DEFAULT_SCALES.C2);
    expect(byLabel.get('credit   RECORD')!.scale).toEqual(FARM_CREDIT_DEFAULT_SCALES.C3);
    expect(byLabel.get('C10')!.scale).toEqual(FARM_CREDIT_DEFAULT_SCALES.C10);
    expect(byLabel.get('New indicator')).not.toHaveProperty('scale');
    expect(hierarchy.children![1]!.children![1]).not.toHaveProperty('scale');
    // Copies: changing the new hierarchy's scale leaves the replaced one alone, and the parsed
    // outline itself is not changed.
    const c3 = byLabel.get('credit   RECORD')!.scale!;
    if (c3.kind === 'categorical') c3.levels[0]!.label.en = 'changed';
    expect(FARM_CREDIT_DEFAULT_SCALES.C3).toEqual(
      template().hierarchy.children![1]!.children![0]!.scale
    );
    expect(leaves(previous)[2]!.scale).toEqual(FARM_CREDIT_DEFAULT_SCALES.C3);
    expect(leaves(next).some((l) => 'scale' in l)).toBe(false);
  });

  it('gives a scale to one leaf only: the id first, so the same indicator by name gets none', () => {
    const { scales } = carryScales(
      template().hierarchy,
      parseOutline('Goal: C3, Credit record, 信用记录')
    );
    expect(scales.kept.map((k) => [k.id, k.from.id, k.by])).toEqual([['C3', 'C3', 'id']]);
    expect(scales.without.map((n) => n.label.en)).toEqual(['Credit record', '信用记录']);
  });

  it('does not match a generated id, nor a name two replaced leaves answer to', () => {
    const scale = FARM_CREDIT_DEFAULT_SCALES.C2!;
    const previous: SurveyNode = {
      id: 'G',
      label: { en: 'Goal', zh: '目标' },
      children: [
        { id: 'N1', label: { en: 'Alpha', zh: '甲' }, scale },
        { id: 'X', label: { en: 'Income', zh: '收入' }, scale },
        { id: 'Y', label: { en: 'Earnings', zh: 'income' }, scale }
      ]
    };
    // "Some thing" is not an id, so parseOutline calls it N1: not the replaced N1. "INCOME" is
    // its own id (no replaced leaf has it) and names both X (en) and Y (zh): ambiguous.
    const { hierarchy, scales } = carryScales(previous, parseOutline('Goal: Some thing, INCOME'));
    expect(hierarchy.children!.map((c) => c.id)).toEqual(['N1', 'INCOME']);
    expect(scales.kept).toEqual([]);
    expect(scales.without.map((n) => n.label.en)).toEqual(['Some thing', 'INCOME']);
    expect(scales.dropped.map((n) => n.id)).toEqual(['N1', 'X', 'Y']);
  });

  it('carries a scale compared by the panel, so its levels are asked again', () => {
    const def = template();
    const c3 = def.hierarchy.children![1]!.children![0]!;
    if (c3.scale?.kind !== 'categorical') throw new Error('C3 is categorical in the template');
    c3.scale = {
      ...c3.scale,
      points: 'panel',
      levels: c3.scale.levels.map(({ points: _, ...l }) => l)
    };
    const { hierarchy } = carryScales(def.hierarchy, parseOutline('Goal: C3, C10'));
    const groups = askedGroupsOf({ ...def, hierarchy });
    // The goal's one pair, then C3's four levels: 4 x 3 / 2 = 6 pairs.
    expect(groups.map((g) => [g.kind, g.node.id, g.pairs.length])).toEqual([
      ['node', 'Goal', 1],
      ['levels', 'C3', 6]
    ]);
  });

  it('finds nothing to say about a hierarchy without scales', () => {
    const { scales } = carryScales(
      farmCreditTemplate({ scales: false }).hierarchy,
      parseOutline('Goal: C1, C2')
    );
    expect(scales.kept).toEqual([]);
    expect(scales.dropped).toEqual([]);
    expect(scales.without.map((n) => n.id)).toEqual(['C1', 'C2']);
  });
});
