/**
 * The scorer's cells: a score read from text or from a JSON value, exactly (a decimal number in
 * [0, 100], or a level, a value of a numeric scale, a missing value by the scale's policy), or
 * the reason it cannot be read. Shared by the rows of ./score-rows.ts, the loan files of
 * src/lib/validation/loans.ts and the batch scorer.
 */
import {
  describeCell,
  isSubnormal,
  levelPoints,
  numericPoints,
  type CompiledScale
} from './scale-eval';
import { SCORE_MAX, SCORE_MIN } from './schema';

/** A cell quoted for a message, cut to 40 characters. */
export const quote = (s: string) => `'${s.length > 40 ? s.slice(0, 40) + '...' : s}'`;

/**
 * A score cell as a number: a decimal number (digits, optional sign, point and exponent;
 * surrounding spaces allowed), else NaN. Empty is NaN too (the caller tells them apart).
 */
export function parseScore(cell: string): number {
  return numberIn(cell, 0, cell.length);
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The decimal number text[start, end) holds (spaces around allowed), else NaN; exactly what
 * Number() gives for it. Up to 15 digits without exponent are read from the characters: m / 10^k
 * with m and 10^k exact doubles is the correctly rounded value, as Number() computes it. Hex,
 * "Infinity" and the empty text are NaN here, though Number() accepts them. Reads score cells
 * here and in the validation's loan files (readLoans), without slicing the CSV text.
 */
export function numberIn(text: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) <= 32) s++;
  while (e > s && text.charCodeAt(e - 1) <= 32) e--;
  let i = s;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (c === 45 || c === 43) c = text.charCodeAt(++i);
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < e; c = text.charCodeAt(++i)) {
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else break;
  }
  if (i === e) {
    if (digits === 0) return NaN;
    if (digits <= 15) {
      const x = fraction > 0 ? m / POW10[fraction]! : m;
      return negative ? -x : x;
    }
  }
  // An exponent, many digits, or not a number: check the characters, then let Number() decide.
  let any = false;
  for (let k = s; k < e; k++) {
    const d = text.charCodeAt(k);
    if (d >= 48 && d <= 57) any = true;
    else if (d !== 46 && d !== 43 && d !== 45 && d !== 101 && d !== 69) return NaN; // . + - e E
  }
  return any ? Number(text.slice(s, e)) : NaN;
}

export const inRange = (x: number) => x >= SCORE_MIN && x <= SCORE_MAX && !isSubnormal(x);

/**
 * The points of a recorded cell through a leaf's scale (./scale-eval.ts), or NaN when the cell
 * cannot be scored (describeCell says why).
 */
export function pointsOfCell(s: CompiledScale, raw: string): number {
  if (s.kind === 'categorical') {
    const p = levelPoints(s, raw);
    return Number.isNaN(p) && raw.trim() === '' ? s.missing : p;
  }
  if (raw.trim() === '') return s.missing;
  const x = parseScore(raw);
  if (s.kind === 'numeric') return numericPoints(s, x);
  return inRange(x) ? x : NaN;
}

/**
 * The points of a JSON value (an object row's cell) through a leaf's scale, or why it has none:
 * undefined and null follow the missing-value policy; a number is read as itself (a level's name
 * when the scale is categorical); a string as a CSV cell (pointsOfCell); anything else is refused.
 */
export function pointsOfValue(s: CompiledScale, value: unknown): number | { problem: string } {
  let x: number;
  if (value === undefined || value === null) {
    x = s.missing;
    if (Number.isNaN(x))
      return {
        problem:
          s.kind === 'score'
            ? 'missing: give a score from 0 to 100'
            : 'missing: this indicator refuses a missing value'
      };
    return x;
  }
  if (value === Infinity || value === -Infinity)
    return { problem: 'a number too large for a double (beyond 1.8e308)' };
  if (typeof value === 'number' || typeof value === 'string') {
    const raw = String(value);
    x =
      typeof value === 'number' && s.kind !== 'categorical'
        ? s.kind === 'numeric'
          ? numericPoints(s, value)
          : inRange(value)
            ? value
            : NaN
        : pointsOfCell(s, raw);
    return Number.isNaN(x) ? { problem: describeCell(s, raw, parseScore(raw)) } : x;
  }
  return {
    problem: `${quote(JSON.stringify(value) ?? String(value))} is not a ${s.kind === 'categorical' ? 'level' : 'number'}`
  };
}
