/**
 * thinRoc (src/lib/validation/roc-thin.ts) as the validation page's table of a ROC curve's points
 * uses it: at most ROC_TABLE_ROWS rows, the first and last points kept, points kept at least
 * 2 / (rows - 2) apart along the curve (FPR + TPR), a short curve whole, the "every loan"
 * threshold null. Expected rows derived by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { ROC_TABLE_ROWS, thinRoc, type ReportRocPoint } from '../../../src/lib/validation';

/** The diagonal with n + 1 points: point i at FPR = TPR = i / n, threshold 100 - i. */
function diagonal(n: number): ReportRocPoint[] {
  return Array.from({ length: n + 1 }, (_, i) => ({
    threshold: i === n ? null : 100 - i,
    fpr: i / n,
    tpr: i / n
  }));
}

describe('thinRoc for the table of the curve', () => {
  it('is at most 20 rows', () => expect(ROC_TABLE_ROWS).toBe(20));

  it('thins 201 points to the hand-derived 18 rows', () => {
    // Point i is at FPR + TPR = i / 100 along the curve; the step is 2 / (20 - 2) = 0.111...,
    // so after point 0 the next kept point is the first at least 0.111 further on: 12 (0.12),
    // then 24, 36, ... 192 (17 points), then the last, 200: 18 rows.
    const rows = thinRoc(diagonal(200), ROC_TABLE_ROWS);
    const expected = [...Array.from({ length: 17 }, (_, k) => 12 * k), 200];
    expect(rows.map((p) => Math.round(p.fpr * 200))).toEqual(expected);
    expect(rows[0]).toEqual({ threshold: 100, fpr: 0, tpr: 0 });
    expect(rows.at(-1)).toEqual({ threshold: null, fpr: 1, tpr: 1 });
  });

  it('keeps every curve within the limit, its ends, its order and its points', () => {
    for (const n of [20, 21, 40, 199, 1000]) {
      const curve = diagonal(n);
      const rows = thinRoc(curve, ROC_TABLE_ROWS);
      expect(rows.length, `n = ${n}`).toBeLessThanOrEqual(ROC_TABLE_ROWS);
      expect(rows[0]).toEqual(curve[0]);
      expect(rows.at(-1)).toEqual(curve.at(-1));
      for (let k = 1; k < rows.length; k++) {
        expect(rows[k]!.fpr).toBeGreaterThan(rows[k - 1]!.fpr);
        expect(curve).toContainEqual(rows[k]);
      }
    }
  });

  it('keeps a curve of at most 20 points whole', () => {
    // 19 intervals: 20 points, none dropped.
    expect(thinRoc(diagonal(19), ROC_TABLE_ROWS)).toEqual(diagonal(19));
    expect(thinRoc(diagonal(1), ROC_TABLE_ROWS)).toEqual(diagonal(1));
  });

  it("keeps a steep curve's corner: a perfect score is (0, 0), (0, 1), (1, 1)", () => {
    // A score that separates perfectly: TPR climbs to 1 before FPR moves. 100 points up the
    // left edge, 100 along the top. Thinned, the corner (0, 1) is among the rows: the point
    // at FPR + TPR = 1.08 (0.08, 1) is kept, and every kept point lies on the two edges.
    const curve: ReportRocPoint[] = [
      ...Array.from({ length: 101 }, (_, i) => ({ threshold: 200 - i, fpr: 0, tpr: i / 100 })),
      ...Array.from({ length: 100 }, (_, i) => ({
        threshold: i === 99 ? null : 99 - i,
        fpr: (i + 1) / 100,
        tpr: 1
      }))
    ];
    const rows = thinRoc(curve, ROC_TABLE_ROWS);
    expect(rows.length).toBeLessThanOrEqual(ROC_TABLE_ROWS);
    for (const p of rows) expect(p.fpr === 0 || p.tpr === 1).toBe(true);
    expect(rows.some((p) => p.fpr === 0 && p.tpr > 0.9)).toBe(true);
    expect(rows.some((p) => p.tpr === 1 && p.fpr > 0 && p.fpr < 0.15)).toBe(true);
  });
});
