/**
 * Statistics of a Delphi round on the 17-step scale: where the panel stands on a pair (the
 * geometric mean of its judgments), how far apart it is (the interquartile range of the
 * judgments' scale positions), and how much changed between two rounds.
 *
 * Scale positions: the page shows a_ij on 17 steps, -8 ... 8, left to right: -8 is "left 9x
 * more important" (a_ij = 9), 0 "equal", 8 "right 9x" (a_ij = 1/9). A judgment x has the
 * position p(x) = 1 - x for x >= 1 and 1/x - 1 for x < 1; between the steps p is continuous,
 * so a geometric mean of 2.5 sits at -1.5, half way between the steps 2 and 3.
 */
import { AhpInputError, type InputPath } from './errors';

/**
 * The position of a judgment a_ij on the 17-step scale (continuous; see the module comment).
 * @throws AhpInputError when x is not a positive finite number
 */
export function scalePosition(x: number, path: InputPath = []): number {
  if (!(x > 0 && Number.isFinite(x)))
    throw new AhpInputError(path, `scalePosition: ${x} is not a positive judgment`);
  const p = x >= 1 ? 1 - x : 1 / x - 1;
  return p === 0 ? 0 : p; // never -0
}

/**
 * The weighted geometric mean exp(sum w_k ln x_k / sum w_k): the group's judgment under AIJ
 * (Aczél & Saaty 1983), so the feedback shows the same group matrix the results use.
 * @throws AhpInputError for no values, a non-positive value or weight sum, or mismatched lengths
 */
export function geometricMean(
  values: readonly number[],
  weights?: readonly number[],
  path: InputPath = []
): number {
  if (values.length === 0) throw new AhpInputError(path, 'geometricMean: no values');
  if (weights !== undefined && weights.length !== values.length)
    throw new AhpInputError(
      path,
      `geometricMean: ${values.length} values, ${weights.length} weights`
    );
  let s = 0;
  let wsum = 0;
  values.forEach((x, k) => {
    const w = weights?.[k] ?? 1;
    if (!(x > 0 && Number.isFinite(x)))
      throw new AhpInputError([...path, k], `geometricMean: ${x} is not positive`);
    if (!(w >= 0 && Number.isFinite(w)))
      throw new AhpInputError([...path, k], `geometricMean: weight ${w} is not >= 0`);
    s += w * Math.log(x);
    wsum += w;
  });
  if (!(wsum > 0)) throw new AhpInputError(path, 'geometricMean: the weights sum to 0');
  return Math.exp(s / wsum);
}

/**
 * The q-quantile of sorted numbers by linear interpolation between order statistics: Hyndman &
 * Fan (1996) definition 7, the default of R's quantile() and numpy.quantile():
 * h = (n - 1) q, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * @throws AhpInputError for an empty list or q outside [0, 1]
 */
export function quantile(sorted: readonly number[], q: number, path: InputPath = []): number {
  if (sorted.length === 0) throw new AhpInputError(path, 'quantile: no values');
  if (!(q >= 0 && q <= 1)) throw new AhpInputError(path, `quantile: ${q} is not in [0, 1]`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/** Where a panel stands on one pair. */
export interface PairDispersion {
  /** How many experts judged the pair ("no opinion" left out). */
  experts: number;
  /** The (expert-weighted) geometric mean of their a_ij, and its scale position. */
  geometricMean: number;
  position: number;
  /** Quartiles of the judgments' scale positions (definition 7), and Q3 - Q1 in steps. */
  q1: number;
  median: number;
  q3: number;
  iqr: number;
}

/**
 * The panel's position and spread on one pair. null when nobody judged it.
 * @param values each expert's a_ij, null for "no opinion"
 * @param weights the experts' weights (default equal); they weigh the geometric mean only, the
 *   quartiles count every answer once (the middle half of the panel's answers)
 */
export function pairDispersion(
  values: ReadonlyArray<number | null>,
  weights?: readonly number[],
  path: InputPath = []
): PairDispersion | null {
  const given: number[] = [];
  const w: number[] = [];
  values.forEach((x, k) => {
    if (x === null) return;
    given.push(x);
    w.push(weights?.[k] ?? 1);
  });
  if (given.length === 0) return null;
  const gm = geometricMean(given, w, path);
  const positions = given.map((x, k) => scalePosition(x, [...path, k])).sort((a, b) => a - b);
  const q1 = quantile(positions, 0.25);
  const q3 = quantile(positions, 0.75);
  return {
    experts: given.length,
    geometricMean: gm,
    position: scalePosition(gm),
    q1,
    median: quantile(positions, 0.5),
    q3,
    iqr: q3 - q1
  };
}

/** How one expert's answers changed between two rounds. */
export interface JudgmentChange {
  /** Pairs judged in both rounds. */
  compared: number;
  /** Of those, how many moved to another step. */
  changed: number;
  /** Sum of |position after - position before| over the compared pairs, in steps. */
  steps: number;
}

/**
 * Compares one expert's judgments of two rounds, pair by pair (pairs with "no opinion" in either
 * round are not compared). Two judgments on the same step count as unchanged.
 * @throws AhpInputError when the two lists differ in length
 */
export function judgmentChange(
  before: ReadonlyArray<number | null>,
  after: ReadonlyArray<number | null>,
  path: InputPath = []
): JudgmentChange {
  if (before.length !== after.length)
    throw new AhpInputError(
      path,
      `judgmentChange: ${before.length} pairs before, ${after.length} after`
    );
  let compared = 0;
  let changed = 0;
  let steps = 0;
  before.forEach((x, k) => {
    const y = after[k]!;
    if (x === null || y === null) return;
    compared++;
    const d = Math.abs(scalePosition(y, [...path, k]) - scalePosition(x, [...path, k]));
    // Stored values are the scale's doubles (1/3 = 0.333...): a shift below a thousandth of a
    // step is the same step.
    if (d > 1e-9) {
      changed++;
      steps += d;
    }
  });
  return { compared, changed, steps };
}

/**
 * The largest absolute change of a weight between two rounds, and where (Dajani et al. 1979:
 * a panel is stable when its answers stop moving between rounds, whatever their spread).
 * @throws AhpInputError for lists of different or zero length
 */
export function largestShift(
  before: readonly number[],
  after: readonly number[],
  path: InputPath = []
): { index: number; shift: number } {
  if (before.length === 0 || before.length !== after.length)
    throw new AhpInputError(
      path,
      `largestShift: ${before.length} weights before, ${after.length} after`
    );
  let index = 0;
  let shift = -1;
  before.forEach((b, k) => {
    const d = Math.abs(after[k]! - b);
    if (d > shift) {
      shift = d;
      index = k;
    }
  });
  return { index, shift };
}
