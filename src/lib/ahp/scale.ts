/**
 * Saaty's fundamental scale and judgment values.
 *
 * Source: Saaty, T.L. (1980) The Analytic Hierarchy Process, McGraw-Hill; Saaty (2008)
 * Decision making with the analytic hierarchy process, Int. J. Services Sciences 1(1):83-98,
 * Table 1. 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme importance; 2, 4, 6, 8
 * in between; reciprocals for the reverse comparison.
 */
import type { ScalePolicy } from './types';

/** The 17 values of the scale, ascending: 1/9, 1/8 ... 1/2, 1, 2 ... 9. */
// prettier-ignore
export const SAATY_SCALE: readonly number[] = Object.freeze([
	1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9
]);

/** The largest value of the scale (M = 9), used by the consensus correction. */
export const SAATY_SCALE_MAX = 9;

/** Verbal meaning of the intensities 1 ... 9 (Saaty 2008, Table 1). */
export const SAATY_INTENSITY_MEANING: Readonly<Record<number, string>> = Object.freeze({
  1: 'equal importance',
  2: 'weak or slight',
  3: 'moderate importance',
  4: 'moderate plus',
  5: 'strong importance',
  6: 'strong plus',
  7: 'very strong importance',
  8: 'very, very strong',
  9: 'extreme importance'
});

/** Relative tolerance for recognising a scale value given as a float (1/3 = 0.333...). */
const SCALE_TOLERANCE = 1e-9;

/**
 * The intensity k in 1..9 such that `value` is k or 1/k within 1e-9 relative, else null.
 * Example: 0.2 -> 5, 7 -> 7, 1.5 -> null.
 */
export function scaleIntensity(value: number): number | null {
  if (!(value > 0) || !Number.isFinite(value)) return null;
  const k = value >= 1 ? value : 1 / value;
  const r = Math.round(k);
  if (r < 1 || r > 9) return null;
  return Math.abs(k - r) <= SCALE_TOLERANCE * r ? r : null;
}

/** True when `value` is one of the 17 scale values (within 1e-9 relative). */
export function isOnSaatyScale(value: number): boolean {
  return scaleIntensity(value) !== null;
}

/** True when `value` is allowed under `policy`. */
export function isAllowedJudgment(value: number, policy: ScalePolicy): boolean {
  if (!(value > 0) || !Number.isFinite(value)) return false;
  return policy === 'ratio' || isOnSaatyScale(value);
}

/**
 * The scale value suggested for a consistent ratio r = w_i / w_j, rounded as AHP-OS does
 * (Goepel 2018, IJAHP 10(3)): r >= 1 -> min(9, round(r)); r < 1 -> 1 / min(9, round(1/r)),
 * rounding half up; a ratio that rounds to 0 on the reciprocal side becomes 1.
 */
export function suggestScaleValue(r: number): number {
  if (!(r > 0) || !Number.isFinite(r))
    throw new RangeError(`suggestScaleValue: ${r} is not a positive ratio`);
  if (r >= 1) return Math.min(9, Math.max(1, Math.round(r)));
  const k = Math.min(9, Math.max(1, Math.round(1 / r)));
  return 1 / k;
}

/**
 * Text of a judgment: scale values as "3" or "1/3", other ratios with up to 6 significant
 * digits ("1.5", "0.666667").
 */
export function formatJudgment(value: number): string {
  const k = scaleIntensity(value);
  if (k !== null) return value >= 1 ? String(k) : k === 1 ? '1' : `1/${k}`;
  return String(Number(value.toPrecision(6)));
}

/**
 * Parses a fraction or decimal string: "3", "1/3", "0.5", "5/2", " 1 / 7 ". Returns null when
 * the text is not a number of that form (the caller reports where).
 */
export function parseRatioText(text: string): number | null {
  const m =
    /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:\/\s*((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*)?$/.exec(
      text
    );
  if (!m) return null;
  const num = Number(m[1]);
  if (m[2] === undefined) return num;
  return num / Number(m[2]);
}
