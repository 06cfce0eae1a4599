/**
 * Reading a recorded fact through a leaf's rating scale (weight set version 2) into points:
 * - no scale: the cell is the points, a decimal number in [0, 100] (as in version 1);
 * - categorical: the cell names a level by its id or its label in either language (exact text
 *   first; then trimmed, spaces collapsed and case-blind, labelKey); it scores the level's points;
 * - numeric: the cell is a decimal number x; "linear" interpolates between the breakpoints
 *   around x, p = p_k + (p_k+1 - p_k) (x - v_k) / (v_k+1 - v_k); "steps" takes the points of the
 *   last breakpoint at or below x; outside [v_first, v_last] "clamp" takes the end's points,
 *   "refuse" refuses the record;
 * - an empty cell follows the scale's missing policy: refuse, the worst (lowest) points of the
 *   scale, or the stated points. Without a scale an empty cell is refused.
 */
import { problem, problemEnglish, type Problem } from '../problem';
import { labelKey } from '../survey';
import type { LeafScale } from './schema-v2';
import { SCORE_MAX, SCORE_MIN } from './schema';

/** A leaf's scale prepared for reading cells. */
export interface CompiledScale {
  kind: 'score' | 'categorical' | 'numeric';
  /** The most and fewest points the scale gives (100 and 0 without a scale). */
  best: number;
  worst: number;
  /** Points of an empty cell; NaN when the scale refuses it. */
  missing: number;
  /** Categorical: exact id or label -> level index, and labelKey -> level index. */
  exact: Map<string, number>;
  keyed: Map<string, number>;
  /** Categorical: each level's id and points. */
  levels: string[];
  levelPoints: Float64Array;
  /** Categorical: the names a cell may use, with the level they name (for "did you mean"). */
  names: Array<{ key: string; text: string; level: string }>;
  /** Numeric: breakpoints. */
  values: Float64Array;
  points: Float64Array;
  steps: boolean;
  clamp: boolean;
}

/** Prepares a leaf's scale (null: the cell is a score 0-100). */
export function compileScale(scale: LeafScale | null): CompiledScale {
  const base: CompiledScale = {
    kind: 'score',
    best: SCORE_MAX,
    worst: SCORE_MIN,
    missing: NaN,
    exact: new Map(),
    keyed: new Map(),
    levels: [],
    levelPoints: new Float64Array(0),
    names: [],
    values: new Float64Array(0),
    points: new Float64Array(0),
    steps: false,
    clamp: false
  };
  if (!scale) return base;
  const all =
    scale.kind === 'categorical'
      ? scale.levels.map((l) => l.points)
      : scale.breakpoints.map((b) => b.points);
  const best = Math.max(...all);
  const worst = Math.min(...all);
  const m = scale.missing;
  const missing = m.policy === 'refuse' ? NaN : m.policy === 'worst' ? worst : m.points;
  if (scale.kind === 'numeric')
    return {
      ...base,
      kind: 'numeric',
      best,
      worst,
      missing,
      values: Float64Array.from(scale.breakpoints, (b) => b.value),
      points: Float64Array.from(scale.breakpoints, (b) => b.points),
      steps: scale.shape === 'steps',
      clamp: scale.outside === 'clamp'
    };
  const out: CompiledScale = {
    ...base,
    kind: 'categorical',
    best,
    worst,
    missing,
    levels: scale.levels.map((l) => l.id),
    levelPoints: Float64Array.from(scale.levels, (l) => l.points)
  };
  scale.levels.forEach((l, k) => {
    for (const text of [l.label.en, l.label.zh, l.id]) {
      if (text === '') continue;
      out.exact.set(text, k);
      out.keyed.set(labelKey(text), k);
      out.names.push({ key: labelKey(text), text, level: l.id });
    }
  });
  return out;
}

/** The index of the level `cell` names, or -1. */
export function levelIndex(s: CompiledScale, cell: string): number {
  return s.exact.get(cell) ?? s.keyed.get(labelKey(cell)) ?? -1;
}

/** Points of a level named by `cell`, or NaN when no level has that name. */
export function levelPoints(s: CompiledScale, cell: string): number {
  const k = levelIndex(s, cell);
  return k < 0 ? NaN : s.levelPoints[k]!;
}

/**
 * The band of a number on a numeric scale, for per-band statistics: band k holds
 * [v_k, v_k+1) and the last band also v_last; clamped values go to the end bands. -1 when x
 * is outside and refused.
 */
export function bandIndex(s: CompiledScale, x: number): number {
  const v = s.values;
  const last = v.length - 1;
  if (!(x >= v[0]!)) return x < v[0]! && s.clamp ? 0 : -1;
  if (x >= v[last]!) return x === v[last]! || s.clamp ? last - 1 : -1;
  let k = 0;
  while (x >= v[k + 1]!) k++;
  return k;
}

/** The names of a scale's buckets: level ids, or bands "[v_k, v_k+1)". */
export function bucketNames(s: CompiledScale): string[] {
  if (s.kind === 'categorical') return s.levels.slice();
  const v = s.values;
  return Array.from({ length: v.length - 1 }, (_, k) =>
    k === v.length - 2 ? `[${v[k]}, ${v[k + 1]}]` : `[${v[k]}, ${v[k + 1]})`
  );
}

/**
 * Points of a number x on a numeric scale, or NaN when outside and refused, or x is NaN or
 * infinite (a number too large for a double, 1e400, is refused rather than clamped).
 */
export function numericPoints(s: CompiledScale, x: number): number {
  if (x === Infinity || x === -Infinity || isSubnormal(x)) return NaN;
  const v = s.values;
  const p = s.points;
  const last = v.length - 1;
  if (!(x >= v[0]!)) return x < v[0]! && s.clamp ? p[0]! : NaN;
  if (x >= v[last]!) return x === v[last]! || s.clamp ? p[last]! : NaN;
  let k = 0;
  while (x >= v[k + 1]!) k++;
  if (s.steps || x === v[k]) return p[k]!;
  return p[k]! + ((p[k + 1]! - p[k]!) * (x - v[k]!)) / (v[k + 1]! - v[k]!);
}

/** The least positive normal double: below it a double has lost precision (it is subnormal). */
export const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Whether x is a subnormal double (0 < |x| < MIN_NORMAL): refused as a recorded number, here and
 * in the SQL and Python scorers (PostgreSQL raises an error where a product of one underflows).
 */
export const isSubnormal = (x: number) => x !== 0 && x > -MIN_NORMAL && x < MIN_NORMAL;

/** Levenshtein distance (for suggesting the nearest level name). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The level name nearest to `cell` ("did you mean ..."), as text and level id. */
export function nearestLevel(s: CompiledScale, cell: string): { text: string; level: string } {
  const key = labelKey(cell);
  let best = s.names[0]!;
  let d = Infinity;
  for (const n of s.names) {
    const dn = distance(key, n.key);
    if (dn < d) {
      d = dn;
      best = n;
    }
  }
  return { text: best.text, level: best.level };
}

/** Why a cell gave no points (the cell was read as NaN points), in English. */
export function describeCell(s: CompiledScale, raw: string, x: number): string {
  return problemEnglish(cellIssue(s, raw, x));
}

/** Why a cell gave no points, as a code with the cell's text (describeCell, not worded). */
export function cellIssue(s: CompiledScale, raw: string, x: number): Problem {
  if (raw.trim() === '')
    return problem(s.kind === 'score' ? 'cell-empty-score' : 'cell-empty-refused');
  if (s.kind === 'categorical') {
    const near = nearestLevel(s, raw);
    return problem('cell-level', {
      value: raw,
      near: near.text,
      level: near.text === near.level ? '' : near.level
    });
  }
  if (Number.isNaN(x)) return problem('cell-nan', { value: raw });
  if (!Number.isFinite(x)) return problem('cell-huge', { value: raw.trim() });
  if (isSubnormal(x)) return problem('cell-tiny', { value: raw.trim() });
  if (s.kind === 'numeric')
    return problem('cell-outside-scale', {
      value: raw.trim(),
      min: s.values[0]!,
      max: s.values[s.values.length - 1]!
    });
  return problem('cell-outside-score', { value: raw.trim(), min: SCORE_MIN, max: SCORE_MAX });
}
