/**
 * Thinning a ROC curve: for the report's charts (at most 200 points) and for the validation
 * page's table of the curve's points (at most {@link ROC_TABLE_ROWS} rows, read by screen
 * readers and keyboard users in place of the chart). No imports but types, so the page can load
 * it without the validation engine.
 */
import type { RocPoint } from './metrics';
import type { ReportRocPoint } from './report-types';

/** Rows of the page's table of a ROC curve's points. */
export const ROC_TABLE_ROWS = 20;

/**
 * Thins a ROC curve to at most `max` points, keeping its shape: the first and last points, and
 * each point whose distance along the curve (FPR + TPR, the curve being monotone) from the last
 * kept point is at least 2 / (max - 2). A curve of at most `max` points is kept whole. Infinite
 * thresholds become null (loans scoring below null: every loan).
 */
export function thinRoc(
  points: ReadonlyArray<RocPoint | ReportRocPoint>,
  max = 200
): ReportRocPoint[] {
  const json = (p: RocPoint | ReportRocPoint): ReportRocPoint => ({
    threshold: p.threshold !== null && Number.isFinite(p.threshold) ? p.threshold : null,
    fpr: p.fpr,
    tpr: p.tpr
  });
  if (points.length <= max) return points.map(json);
  const step = 2 / (max - 2);
  const out: ReportRocPoint[] = [json(points[0]!)];
  let last = points[0]!.fpr + points[0]!.tpr;
  for (let i = 1; i < points.length - 1; i++) {
    const at = points[i]!.fpr + points[i]!.tpr;
    if (at - last >= step && out.length < max - 1) {
      out.push(json(points[i]!));
      last = at;
    }
  }
  out.push(json(points[points.length - 1]!));
  return out;
}
