import { describe, expect, it } from 'vitest';
import {
  SAATY_SCALE,
  SAATY_SCALE_MAX,
  formatJudgment,
  isAllowedJudgment,
  isOnSaatyScale,
  parseRatioText,
  scaleIntensity,
  suggestScaleValue
} from '../../../src/lib/ahp';
import {
  getCase,
  reference,
  type InconsistencyExpected,
  type MatrixInputs,
  type RankedPair
} from './reference';
import { SAATY_VALUES } from './random';

describe('Saaty scale', () => {
  // Saaty (2008) Int. J. Services Sciences 1(1):83-98, Table 1: 1..9 and their reciprocals.
  it('holds the 17 values 1/9 ... 1/2, 1, 2 ... 9 in ascending order', () => {
    expect(SAATY_SCALE).toHaveLength(17);
    SAATY_SCALE.forEach((v, k) => expect(v).toBeCloseTo(SAATY_VALUES[k]!, 15));
    expect(SAATY_SCALE_MAX).toBe(9);
    expect(Object.isFrozen(SAATY_SCALE)).toBe(true);
  });

  it('scaleIntensity recognises k and 1/k, also as rounded floats', () => {
    for (let k = 1; k <= 9; k++) {
      expect(scaleIntensity(k)).toBe(k);
      expect(scaleIntensity(1 / k)).toBe(k);
      // 16 significant digits, as a float typed from "0.1428571428571429"
      expect(scaleIntensity(Number((1 / k).toPrecision(16)))).toBe(k);
    }
    expect(scaleIntensity(0.2)).toBe(5);
    expect(scaleIntensity(1 / 9 / (1 + 5e-10))).toBe(9); // within 1e-9 relative
  });

  it('scaleIntensity rejects other ratios, zero, negatives and non-finite values', () => {
    for (const x of [
      1.5,
      2.5,
      10,
      1 / 10,
      0.3,
      3 * (1 + 1e-8),
      0,
      -3,
      -1 / 3,
      NaN,
      Infinity,
      -Infinity
    ]) {
      expect(scaleIntensity(x), String(x)).toBeNull();
      expect(isOnSaatyScale(x), String(x)).toBe(false);
    }
  });

  it('isAllowedJudgment: "saaty" accepts only scale values, "ratio" any positive finite ratio', () => {
    expect(isAllowedJudgment(3, 'saaty')).toBe(true);
    expect(isAllowedJudgment(1 / 7, 'saaty')).toBe(true);
    expect(isAllowedJudgment(2.5, 'saaty')).toBe(false);
    expect(isAllowedJudgment(10, 'saaty')).toBe(false);
    expect(isAllowedJudgment(2.5, 'ratio')).toBe(true);
    expect(isAllowedJudgment(1e6, 'ratio')).toBe(true);
    expect(isAllowedJudgment(1e-6, 'ratio')).toBe(true);
    for (const x of [0, -2, NaN, Infinity]) {
      expect(isAllowedJudgment(x, 'ratio'), String(x)).toBe(false);
      expect(isAllowedJudgment(x, 'saaty'), String(x)).toBe(false);
    }
  });
});

describe('suggestScaleValue and formatJudgment', () => {
  // Case inconsistency/saaty_house_n8 - source: Saaty (1990) house matrix; consistent values
  // w_i/w_j and their AHP-OS rounding (Goepel 2018, IJAHP 10(3)) for all 28 pairs, in
  // informational.all_pairs_ranked.
  const c = getCase<MatrixInputs, InconsistencyExpected>('inconsistency/saaty_house_n8');
  const ranked = (c.informational?.all_pairs_ranked ?? []) as RankedPair[];

  it('rounds every published consistent value of the house matrix as AHP-OS does', () => {
    expect(ranked).toHaveLength(28);
    for (const p of ranked) {
      const s = suggestScaleValue(p.consistent_value);
      expect(Math.abs(s - p.suggested_value), `pair ${p.pair.join(',')}`).toBeLessThanOrEqual(
        1e-12
      );
      expect(formatJudgment(s), `pair ${p.pair.join(',')}`).toBe(p.suggested_value_text);
    }
  });

  it('rounds half up on both sides and clamps to [1/9, 9]', () => {
    // r >= 1: min(9, round(r)); r < 1: 1 / min(9, round(1/r)) (the rule stated in the case's conventions)
    expect(suggestScaleValue(2.5)).toBe(3);
    expect(suggestScaleValue(2.49)).toBe(2);
    expect(suggestScaleValue(1 / 2.5)).toBeCloseTo(1 / 3, 15);
    expect(suggestScaleValue(1 / 2.49)).toBeCloseTo(1 / 2, 15);
    expect(suggestScaleValue(1.4999)).toBe(1);
    expect(suggestScaleValue(1 / 1.4999)).toBe(1);
    expect(suggestScaleValue(40)).toBe(9);
    expect(suggestScaleValue(1 / 40)).toBeCloseTo(1 / 9, 15);
    expect(suggestScaleValue(1)).toBe(1);
  });

  it('refuses a ratio that is not positive and finite', () => {
    for (const x of [0, -1, NaN, Infinity])
      expect(() => suggestScaleValue(x), String(x)).toThrow(RangeError);
  });

  it('formats scale values as "k" or "1/k" and other ratios with 6 significant digits', () => {
    expect(formatJudgment(3)).toBe('3');
    expect(formatJudgment(1 / 3)).toBe('1/3');
    expect(formatJudgment(0.2)).toBe('1/5');
    expect(formatJudgment(1)).toBe('1');
    expect(formatJudgment(1.5)).toBe('1.5');
    expect(formatJudgment(2 / 3)).toBe('0.666667');
    expect(formatJudgment(12)).toBe('12');
  });
});

describe('parseRatioText', () => {
  it('parses integers, decimals and fractions with optional spaces', () => {
    expect(parseRatioText('3')).toBe(3);
    expect(parseRatioText('1/3')).toBe(1 / 3);
    expect(parseRatioText('0.5')).toBe(0.5);
    expect(parseRatioText('.5')).toBe(0.5);
    expect(parseRatioText('5/2')).toBe(2.5);
    expect(parseRatioText(' 1 / 7 ')).toBe(1 / 7);
    expect(parseRatioText('2e1')).toBe(20);
    expect(parseRatioText('1.5/3')).toBe(0.5);
  });

  it('returns the sign as written (the caller rejects negatives)', () => {
    expect(parseRatioText('-2')).toBe(-2);
  });

  it('returns null for anything that is not a number or a fraction', () => {
    for (const t of [
      '',
      ' ',
      'abc',
      'three',
      '1/',
      '/3',
      '1/3/4',
      '1//3',
      '0x10',
      '3 4',
      '1,5',
      'Infinity',
      'NaN',
      '1/-3'
    ]) {
      expect(parseRatioText(t), JSON.stringify(t)).toBeNull();
    }
  });

  it('reads every upper_triangle_text of the reference file as its upper_triangle', () => {
    // All cases of ../shared/reference/published-examples.json that carry both forms.
    let checked = 0;
    const visit = (
      m: Partial<MatrixInputs> & { upper_triangle?: (number | null)[] },
      where: string
    ) => {
      if (!m.upper_triangle_text || !m.upper_triangle) return;
      m.upper_triangle_text.forEach((t, k) => {
        const expected = m.upper_triangle![k];
        if (t === null) {
          expect(expected, `${where}[${k}]`).toBeNull();
          return;
        }
        const v = parseRatioText(t);
        expect(v, `${where}[${k}] "${t}"`).not.toBeNull();
        expect(Math.abs(v! - expected!), `${where}[${k}] "${t}"`).toBeLessThanOrEqual(1e-15);
        checked++;
      });
    };
    for (const c of reference.cases) {
      const inputs = c.inputs as Record<string, unknown>;
      visit(inputs as Partial<MatrixInputs>, c.id);
      if (inputs.criteria) visit(inputs.criteria as MatrixInputs, `${c.id}.criteria`);
      for (const [name, child] of Object.entries(
        (inputs.children ?? {}) as Record<string, MatrixInputs>
      )) {
        visit(child, `${c.id}.${name}`);
      }
      for (const e of (inputs.experts ?? []) as MatrixInputs[]) visit(e, `${c.id}.experts`);
    }
    expect(checked).toBeGreaterThan(150);
  });
});
