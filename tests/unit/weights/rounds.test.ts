/**
 * A Delphi survey's rounds: feedback without names and never from fewer than minExperts, S*
 * rising as an outlier moves toward the panel, who moved and how far, and the stop rule.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type StopRule, type SurveyDefinition } from '../../../src/lib/survey';
import {
  compareRounds,
  roundFeedback,
  roundSummary,
  stopVerdict,
  unsettledGroups,
  type RoundExpert,
  type RoundSummary
} from '../../../src/lib/weights';

const node = (id: string) => ({ id, label: { en: id, zh: '' } });
const DEFINITION: SurveyDefinition = {
  title: { en: 'Delphi', zh: '' },
  hierarchy: { ...node('G'), children: [node('X'), node('Y'), node('Z')] },
  settings: { ...DEFAULT_SETTINGS }
};

/** Four experts who agree (X/Y 3, X/Z 5, Y/Z 2) and one outlier who reverses every pair. */
function round1(): RoundExpert[] {
  const agree = (id: string): RoundExpert => ({ id, round: 1, judgments: { G: [3, 5, 2] } });
  return [
    agree('e1'),
    agree('e2'),
    agree('e3'),
    agree('e4'),
    { id: 'e5', round: 1, judgments: { G: [1 / 3, 1 / 5, 1 / 2] } }
  ];
}
/** Round 2: the outlier moves to X/Y 2, X/Z 4, Y/Z 2; the others keep their answers. */
function round2(): RoundExpert[] {
  return round1().map((e) =>
    e.id === 'e5'
      ? { id: 'e5', round: 2, judgments: { G: [2, 4, 2] } }
      : { ...e, round: e.id === 'e1' ? 2 : 1 }
  );
}

describe('roundFeedback', () => {
  it('gives no figure and no reason from fewer than minExperts', () => {
    const two = round1()
      .slice(0, 2)
      .map((e) => ({ ...e, reasons: { G: ['a', null, null] } }));
    const f = roundFeedback(DEFINITION, 1, two, 3);
    expect(f.experts).toBe(2);
    expect(f.groups.G!.pairs).toEqual([null, null, null]);
    expect(f.groups.G!.reasons).toEqual([[], [], []]);
  });

  it("places the panel on each pair, with the others' reasons sorted, without names", () => {
    const experts = round1().map((e, k) => ({
      ...e,
      reasons: { G: [k === 0 ? 'zz credit first' : k === 4 ? 'aa weather' : null, null, ''] }
    }));
    const f = roundFeedback(DEFINITION, 1, experts, 3, 'e2');
    // X/Y: 3, 3, 3, 3, 1/3 -> positions -2 x4, 2; sorted -2 -2 -2 -2 2: Q1 = Q3 = -2, IQR 0;
    // geometric mean (3^4 / 3)^(1/5) = 3^(3/5) = 1.93318 -> position -0.93318
    const xy = f.groups.G!.pairs[0]!;
    expect(xy.experts).toBe(5);
    expect(xy.geometricMean).toBeCloseTo(3 ** 0.6, 12);
    expect(xy.position).toBeCloseTo(1 - 3 ** 0.6, 12);
    expect(xy.iqr).toBe(0);
    expect(f.groups.G!.reasons).toEqual([['aa weather', 'zz credit first'], [], []]);
    // The expert's own reason is not shown back to them.
    expect(roundFeedback(DEFINITION, 1, experts, 3, 'e1').groups.G!.reasons[0]).toEqual([
      'aa weather'
    ]);
  });
});

describe('rounds of a panel with an outlier', () => {
  const one = roundSummary(DEFINITION, 1, round1())!;
  const two = roundSummary(DEFINITION, 2, round2())!;

  it('S* rises when the outlier moves toward the panel', () => {
    expect(one.summary.groups).toHaveLength(1);
    const s1 = one.summary.groups[0]!.sStar!;
    const s2 = two.summary.groups[0]!.sStar!;
    expect(s2).toBeGreaterThan(s1);
    expect(one.summary.sStar).toBeCloseTo(s1, 12); // one group: the hierarchy's S* is its S*
    expect(two.summary.answeredInRound).toBe(2);
  });

  it('a panel in full agreement has S* = 1 and every distance 0', () => {
    const same = round1().slice(0, 4);
    const r = roundSummary(DEFINITION, 1, same)!;
    expect(r.summary.groups[0]!.sStar).toBeCloseTo(1, 12);
    for (const d of Object.values(r.summary.distances)) expect(d).toBeCloseTo(0, 12);
  });

  it('says who moved and how far', () => {
    const change = compareRounds(
      { summary: one.summary, experts: round1() },
      { summary: two.summary, experts: round2() }
    );
    // Only e5 moved: 1/3 -> 2 (2 -> -1: 3 steps), 1/5 -> 4 (4 -> -3: 7), 1/2 -> 2 (1 -> -1: 2).
    expect(change).toMatchObject({ from: 1, to: 2, compared: 15, changed: 3 });
    const e5 = change.experts.find((e) => e.id === 'e5')!;
    expect(e5).toMatchObject({ changed: 3, compared: 3, steps: 12 });
    expect(e5.after!).toBeLessThan(e5.before!);
    expect(change.experts.filter((e) => e.changed > 0).map((e) => e.id)).toEqual(['e5']);
    // The largest weight shift is that of some leaf, exactly the difference of its weights.
    const k = two.summary.leaves.findIndex((l) => l.id === change.maxShift.leaf);
    expect(change.maxShift.shift).toBeCloseTo(
      Math.abs(two.summary.leaves[k]!.globalWeight - one.summary.leaves[k]!.globalWeight),
      15
    );
  });
});

describe('stopVerdict', () => {
  const summary = (round: number, sStars: Array<number | null>): RoundSummary => ({
    round,
    experts: 5,
    answeredInRound: 5,
    groups: sStars.map((s, k) => ({ id: `N${k}`, sStar: s, experts: 5 })),
    sStar: null,
    leaves: [],
    distances: {}
  });
  const change = (shift: number) => ({
    from: 1,
    to: 2,
    compared: 0,
    changed: 0,
    maxShift: { leaf: 'C3', shift },
    experts: []
  });
  const rule = (r: Partial<StopRule>): StopRule => ({
    minSStar: null,
    maxWeightShift: null,
    maxRounds: null,
    combine: 'all',
    ...r
  });

  it('consensus: every group at least the threshold; the others hold it back', () => {
    const v = stopVerdict(rule({ minSStar: 0.75 }), summary(2, [0.8, 0.74, null, 0.75]), null);
    expect(v.met).toBe(false);
    expect(v.consensus).toEqual({ met: false, threshold: 0.75, holdingBack: ['N1', 'N2'] });
    expect(stopVerdict(rule({ minSStar: 0.75 }), summary(2, [0.8, 0.75]), null).met).toBe(true);
    expect(unsettledGroups(summary(2, [0.8, 0.74, null]), 0.75)).toEqual(['N1', 'N2']);
  });

  it('stability needs a round before, and combines with consensus by all or any', () => {
    const both = { minSStar: 0.75, maxWeightShift: 0.01 };
    expect(stopVerdict(rule({ maxWeightShift: 0.01 }), summary(1, [0.9]), null).met).toBe(false);
    expect(stopVerdict(rule(both), summary(2, [0.9]), change(0.02)).met).toBe(false);
    expect(
      stopVerdict(rule({ ...both, combine: 'any' }), summary(2, [0.9]), change(0.02)).met
    ).toBe(true);
    const v = stopVerdict(rule(both), summary(2, [0.9]), change(0.01));
    expect(v.met).toBe(true);
    expect(v.stability).toEqual({ met: true, threshold: 0.01, maxShift: 0.01, leaf: 'C3' });
  });

  it('the last round allowed stops in any case; no criterion never stops', () => {
    const v = stopVerdict(rule({ minSStar: 0.9, maxRounds: 2 }), summary(2, [0.5]), null);
    expect(v).toMatchObject({ met: true, rounds: { met: true, max: 2 } });
    expect(v.consensus!.met).toBe(false);
    expect(stopVerdict(rule({}), summary(5, [1]), change(0)).met).toBe(false);
  });
});
