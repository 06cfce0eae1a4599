/**
 * Validation per level: how the loans of each level (or band) of a leaf's rating scale repaid,
 * and whether the outcomes dispute the order of the scale's points.
 *
 * Per level i of a leaf (Siddiqi, Credit Risk Scorecards, 2006, ch. 6; goods = repaid loans,
 * bads = defaulted):
 *   default rate_i = bads_i / loans_i
 *   WoE_i          = ln( (goods_i / goods) / (bads_i / bads) )   (> 0: safer than average)
 *   IV             = sum_i (goods_i / goods - bads_i / bads) x WoE_i
 * WoE is undefined (null, not 0) for a level without goods or without bads; the IV then sums the
 * other levels and says it is partial. Missing values scored by the scale's policy are counted
 * apart and enter neither.
 *
 * Disputed order: a scale says a level with more points is safer. Among the levels with at least
 * MIN_LEVEL_LOANS loans, taken in order of points (for numeric bands, the points at the band's
 * middle), each adjacent pair whose points differ is tested: one-sided two-proportion z-test with
 * pooled variance, H0 "the level with more points defaults no more often", flagged when
 * p < ORDER_ALPHA.
 */
import type { LoanFile } from './loans';
import { normalCdf } from './synthetic';
import { bucketNames, numericPoints, type CompiledScale } from '../weights/scale-eval';
import { compileScorer } from '../weights/score';
import type { WeightSet } from '../weights/schema';

/**
 * The rating scale through which each leaf's column is read (null: a score 0-100), from the
 * first of `sets` that has the leaf (the set validated before a set it is compared with).
 */
export function scalesOfLeaves(
  leaves: readonly string[],
  sets: readonly WeightSet[]
): Array<CompiledScale | null> {
  const scaleOf = new Map<string, CompiledScale>();
  for (const set of [...sets].reverse()) {
    const scorer = compileScorer(set);
    scorer.leaves.forEach((id, k) => scaleOf.set(id, scorer.scales[k]!));
  }
  return leaves.map((id) => scaleOf.get(id) ?? null);
}

/** Levels with fewer loans are shown but not tested. */
export const MIN_LEVEL_LOANS = 30;
/** Significance level of the order test. */
export const ORDER_ALPHA = 0.05;

export interface LevelRow {
  /** The level id, or the band "[v_k, v_k+1)". */
  level: string;
  /** The level's points; for a band, the points at its middle. */
  points: number;
  loans: number;
  defaults: number;
  repaid: number;
  /** Null without loans. */
  defaultRate: number | null;
  /** Null when the level has no repaid or no defaulted loan (undefined, not 0). */
  woe: number | null;
  /** This level's term of the IV; null with the WoE. */
  iv: number | null;
}

export interface DisputedPair {
  /** The level with more points, which defaulted more often. */
  higher: string;
  lower: string;
  rateHigher: number;
  rateLower: number;
  z: number;
  /** One-sided p-value. */
  p: number;
}

export interface LeafLevels {
  leaf: string;
  kind: 'categorical' | 'numeric';
  rows: LevelRow[];
  /** Loans whose value was missing and scored by the scale's missing-value policy. */
  missing: { loans: number; defaults: number };
  /** Sum of the defined IV terms; null when none is defined. */
  iv: number | null;
  /** False when some level with loans has an undefined WoE (the IV leaves it out). */
  ivComplete: boolean;
  disputed: DisputedPair[];
  test: string;
}

/** Standard normal upper tail, 1 - Phi(z) = Phi(-z) (normalCdf: Numerical Recipes' erfcc). */
export function normalUpperTail(z: number): number {
  return normalCdf(-z);
}

const TEST = `one-sided two-proportion z-test (pooled), adjacent levels in order of points with at least ${MIN_LEVEL_LOANS} loans each, p < ${ORDER_ALPHA}`;

/**
 * Per-level statistics of every leaf with a rating scale.
 * @param scales the leaves' compiled scales, in the order of loans.leaves (compileScorer)
 * @param loans read with those scales (readLoans(..., { scales }))
 */
export function levelStatistics(
  scales: ReadonlyArray<CompiledScale | null>,
  loans: LoanFile
): LeafLevels[] {
  const out: LeafLevels[] = [];
  const buckets = loans.buckets;
  if (!buckets) return out;
  const p = loans.leaves.length;
  const n = loans.loans;
  const D = loans.defaults;
  const R = loans.repaid;
  scales.forEach((scale, j) => {
    if (!scale || scale.kind === 'score') return;
    const names = bucketNames(scale);
    const count = new Int32Array(names.length);
    const bad = new Int32Array(names.length);
    let missing = 0;
    let missingBad = 0;
    for (let i = 0; i < n; i++) {
      const b = buckets[i * p + j]!;
      const y = loans.outcomes[i]!;
      if (b < 0) {
        missing++;
        missingBad += y;
      } else {
        count[b]!++;
        bad[b]! += y;
      }
    }
    const v = scale.values;
    const rows: LevelRow[] = names.map((level, k) => {
      const loansK = count[k]!;
      const d = bad[k]!;
      const g = loansK - d;
      const woe = d > 0 && g > 0 && D > 0 && R > 0 ? Math.log(g / R / (d / D)) : null;
      return {
        level,
        points:
          scale.kind === 'categorical'
            ? scale.levelPoints[k]!
            : numericPoints(scale, (v[k]! + v[k + 1]!) / 2),
        loans: loansK,
        defaults: d,
        repaid: g,
        defaultRate: loansK > 0 ? d / loansK : null,
        woe,
        iv: woe === null ? null : (g / R - d / D) * woe
      };
    });
    const terms = rows.filter((r) => r.iv !== null);
    out.push({
      leaf: loans.leaves[j]!,
      kind: scale.kind,
      rows,
      missing: { loans: missing, defaults: missingBad },
      iv: terms.length > 0 ? terms.reduce((s, r) => s + r.iv!, 0) : null,
      ivComplete: rows.every((r) => r.loans === 0 || r.woe !== null),
      disputed: disputedPairs(rows),
      test: TEST
    });
  });
  return out;
}

function disputedPairs(rows: readonly LevelRow[]): DisputedPair[] {
  const tested = rows.filter((r) => r.loans >= MIN_LEVEL_LOANS).sort((a, b) => b.points - a.points);
  const out: DisputedPair[] = [];
  for (let k = 0; k + 1 < tested.length; k++) {
    const a = tested[k]!;
    const b = tested[k + 1]!;
    if (a.points === b.points) continue;
    const ra = a.defaults / a.loans;
    const rb = b.defaults / b.loans;
    const pooled = (a.defaults + b.defaults) / (a.loans + b.loans);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.loans + 1 / b.loans));
    if (!(se > 0) || !(ra > rb)) continue;
    const z = (ra - rb) / se;
    const pValue = normalUpperTail(z);
    if (pValue < ORDER_ALPHA)
      out.push({ higher: a.level, lower: b.level, rateHigher: ra, rateLower: rb, z, p: pValue });
  }
  return out;
}
