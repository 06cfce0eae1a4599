/**
 * Plain-arithmetic reference formulas for the engine tests (no mathjs, no engine code), written
 * out from their definitions: the row geometric mean (Crawford & Williams 1985; the Fujian
 * study's square-root method) and lambda_max from weights, (1/n) sum_i (A w)_i / w_i.
 */

/** Row geometric mean by plain products (no logarithms), normalised to sum 1. */
export function rgmReference(rows: number[][]): number[] {
  const n = rows.length;
  const g = rows.map((r) =>
    Math.pow(
      r.reduce((p, v) => p * v, 1),
      1 / n
    )
  );
  const total = g.reduce((s, v) => s + v, 0);
  return g.map((v) => v / total);
}

/** lambda_max from weights as in the Fujian study: (1/n) sum_i (A w)_i / w_i. */
export function lambdaFromWeightsReference(rows: number[][], w: readonly number[]): number {
  const n = rows.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += rows[i]![j]! * w[j]!;
    s += acc / w[i]!;
  }
  return s / n;
}
