/**
 * Two snapshots of one weight set compared loan by loan: the grade migration matrix and the
 * warning list. Loans are matched by id; grades are indices into the weight set's grades (0 = the
 * best), so "down two grades" is an index two higher.
 */
import { textIn, type LocalizedText } from '../survey';
import type { SnapshotLoans } from './snapshot';

/** The weight set's side of a comparison. */
export interface MonitorModel {
  leaves: string[];
  labels: LocalizedText[];
  weights: ArrayLike<number>;
  /** The grades, best first. */
  grades: string[];
}

/** The Fujian study's first warning grade: CCC and below mean warning or default, no credit. */
export const DEFAULT_WARNING_GRADE = 'CCC';
/** A loan down this many grades or more is on the warning list whatever its grade now. */
export const DEFAULT_WARNING_DROP = 2;

export interface Migration {
  grades: string[];
  /** counts[i][j]: loans in grade i then and grade j now (loans in both snapshots). */
  counts: number[][];
  /** shares[i][j] = counts[i][j] / loans in grade i then; null for a grade without loans then. */
  shares: (number | null)[][];
  /** Loans in both snapshots. */
  matched: number;
  /** Loans now that were not in the earlier snapshot, by grade now. */
  added: number[];
  /** Loans of the earlier snapshot that are gone now, by grade then. */
  removed: number[];
  /** Matched loans up, level, down (by grade). */
  upgraded: number;
  unchanged: number;
  downgraded: number;
}

/** Index of every loan id of a snapshot. */
export function indexLoans(loans: SnapshotLoans): Map<string, number> {
  const index = new Map<string, number>();
  for (let k = 0; k < loans.count; k++) index.set(loans.ids[k]!, k);
  return index;
}

/**
 * The grade migration matrix between two snapshots: rows the grades then, columns the grades now,
 * counts of the loans present in both, and row shares (the usual transition matrix of rating
 * migration; Jafry and Schuermann, Journal of Banking and Finance 28, 2004, the cohort method).
 */
export function migrationMatrix(
  grades: readonly string[],
  then: SnapshotLoans,
  now: SnapshotLoans
): Migration {
  const G = grades.length;
  const counts = Array.from({ length: G }, () => new Array<number>(G).fill(0));
  const added = new Array<number>(G).fill(0);
  const removed = new Array<number>(G).fill(0);
  const earlier = indexLoans(then);
  const present = new Uint8Array(then.count);
  let matched = 0;
  let upgraded = 0;
  let unchanged = 0;
  let downgraded = 0;
  for (let k = 0; k < now.count; k++) {
    const j = now.grades[k]!;
    const e = earlier.get(now.ids[k]!);
    if (e === undefined) {
      added[j]!++;
      continue;
    }
    present[e] = 1;
    const i = then.grades[e]!;
    counts[i]![j]!++;
    matched++;
    if (j < i) upgraded++;
    else if (j === i) unchanged++;
    else downgraded++;
  }
  for (let e = 0; e < then.count; e++) if (!present[e]) removed[then.grades[e]!]!++;
  const shares = counts.map((row) => {
    const n = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (n === 0 ? null : c / n));
  });
  return {
    grades: [...grades],
    counts,
    shares,
    matched,
    added,
    removed,
    upgraded,
    unchanged,
    downgraded
  };
}

export interface PointChange {
  leaf: string;
  label: LocalizedText;
  pointsThen: number;
  pointsNow: number;
  /** w_i (now - then): the change of the total this indicator made (negative: it cost points). */
  change: number;
}

export interface WarningLoan {
  id: string;
  /** Null for a loan that was not in the earlier snapshot. */
  gradeThen: string | null;
  gradeNow: string;
  totalThen: number | null;
  totalNow: number;
  /** Grades down (positive) since then; null for a new loan. */
  drop: number | null;
  /** Why it is listed: in a warning grade now, down `minDrop` grades or more, or both. */
  inWarningGrade: boolean;
  dropped: boolean;
  /** Indicators whose points changed, the costliest first. */
  changes: PointChange[];
  daysPastDue: number | null;
}

export interface WarningOptions {
  /** The best grade that counts as a warning (it and every worse grade); default CCC. */
  warningGrade?: string;
  /** Grades down that put a loan on the list whatever its grade; default 2. */
  minDrop?: number;
}

export interface WarningList {
  warningGrade: string;
  minDrop: number;
  loans: WarningLoan[];
}

/**
 * The warning list: the loans now in the warning grade or below, or down `minDrop` grades or more
 * since the earlier snapshot; heaviest drop first (a new loan counts as no drop), then the worse
 * grade now, then the lower total, then the id. Each with the indicators whose points changed.
 * @throws RangeError for a warning grade the weight set does not have, or a drop < 1
 */
export function warningList(
  model: MonitorModel,
  then: SnapshotLoans,
  now: SnapshotLoans,
  options: WarningOptions = {}
): WarningList {
  const warningGrade = options.warningGrade ?? DEFAULT_WARNING_GRADE;
  const minDrop = options.minDrop ?? DEFAULT_WARNING_DROP;
  const w = model.grades.indexOf(warningGrade);
  if (w < 0)
    throw new RangeError(
      `warningList: ${JSON.stringify(warningGrade)} is not a grade of the weight set (${model.grades.join(', ')})`
    );
  if (!(Number.isInteger(minDrop) && minDrop >= 1))
    throw new RangeError(
      `warningList: the drop must be a whole number of grades >= 1, got ${minDrop}`
    );
  const L = model.leaves.length;
  const earlier = indexLoans(then);
  const out: WarningLoan[] = [];
  for (let k = 0; k < now.count; k++) {
    const g = now.grades[k]!;
    const e = earlier.get(now.ids[k]!);
    const drop = e === undefined ? null : g - then.grades[e]!;
    const inWarningGrade = g >= w;
    const dropped = drop !== null && drop >= minDrop;
    if (!inWarningGrade && !dropped) continue;
    const changes: PointChange[] = [];
    if (e !== undefined)
      for (let i = 0; i < L; i++) {
        const a = then.points[e * L + i]!;
        const b = now.points[k * L + i]!;
        if (a !== b)
          changes.push({
            leaf: model.leaves[i]!,
            label: model.labels[i]!,
            pointsThen: a,
            pointsNow: b,
            change: model.weights[i]! * (b - a)
          });
      }
    changes.sort((x, y) => x.change - y.change);
    const dpd = now.daysPastDue[k]!;
    out.push({
      id: now.ids[k]!,
      gradeThen: e === undefined ? null : model.grades[then.grades[e]!]!,
      gradeNow: model.grades[g]!,
      totalThen: e === undefined ? null : then.totals[e]!,
      totalNow: now.totals[k]!,
      drop,
      inWarningGrade,
      dropped,
      changes,
      daysPastDue: dpd < 0 ? null : dpd
    });
  }
  const rank = new Map(model.grades.map((g, i) => [g, i]));
  out.sort(
    (a, b) =>
      (b.drop ?? 0) - (a.drop ?? 0) ||
      rank.get(b.gradeNow)! - rank.get(a.gradeNow)! ||
      a.totalNow - b.totalNow ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
  return { warningGrade, minDrop, loans: out };
}

const fixed = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const signed = (x: number) => (x < 0 ? `-${Math.abs(x).toFixed(2)}` : `+${x.toFixed(2)}`);

/**
 * A change in one language: "Credit record 100 → 25 (-15.00)", "信用记录 100 → 25（-15.00）":
 * the indicator's points then and now, and what it did to the total (exact in JSON).
 */
export function changeText(c: PointChange, locale: 'en' | 'zh'): string {
  const label = textIn(c.label, locale);
  const move = `${fixed(c.pointsThen)} → ${fixed(c.pointsNow)}`;
  return locale === 'zh'
    ? `${label} ${move}（${signed(c.change)}）`
    : `${label} ${move} (${signed(c.change)})`;
}
