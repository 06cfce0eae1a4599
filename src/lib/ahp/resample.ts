/**
 * The bootstrap's inner loop for AIJ: the weighted sums of the drawn experts' log judgments,
 * cell by cell, at every compared node of a hierarchy at once.
 *
 * For one resample with multiplicities m_k and expert weights l_k (c_k = m_k l_k), the group
 * judgment at a cell is exp( sum_k c_k ln a_ij(k) / sum_k c_k ) over the drawn experts who gave
 * it (Forman and Peniwati 1998, AIJ). The experts' logs are laid out once, one row per expert
 * holding every node's upper triangle, so that one pass over the drawn experts fills the sums
 * of all nodes; each sum is still added up expert by expert in panel order, so the numbers are
 * the same to the last bit as a cell-by-cell loop over the panel.
 */
import type { PairwiseMatrix } from './matrix';
import type { UniformBatch } from './random';

/** Per node: each expert's matrix there, or null when the expert is not included there. */
export type NodeMatrices = Array<PairwiseMatrix | null>;

export class LogPanel {
  /** Cells per expert row: the sum over nodes of n(n-1)/2. */
  readonly width: number;
  /** Where each node's cells start in a row. */
  readonly offsets: number[];
  /** ln a_ij of expert k at [k * width + offset + cell]; NaN when missing, 0 when not included. */
  readonly logs: Float64Array;
  /** Per node, per expert: 0 not included, 1 included with every judgment, 2 with gaps. */
  readonly kinds: Uint8Array[];
  /** Per expert: 1 when included with every judgment at every node (the whole row at once). */
  readonly whole: Uint8Array;
  /** sum_k c_k ln a_ij and sum_k c_k per cell, after accumulate(). */
  readonly sum: Float64Array;
  readonly wsum: Float64Array;

  constructor(nodes: NodeMatrices[], experts: number) {
    this.offsets = [];
    let width = 0;
    const sizes = nodes.map((ms) => ms.find((m) => m !== null)?.n ?? 0);
    for (const n of sizes) {
      this.offsets.push(width);
      width += (n * (n - 1)) / 2;
    }
    this.width = width;
    this.logs = new Float64Array(experts * width);
    this.kinds = nodes.map(() => new Uint8Array(experts));
    this.whole = new Uint8Array(experts).fill(1);
    this.sum = new Float64Array(width);
    this.wsum = new Float64Array(width);
    nodes.forEach((ms, p) => {
      for (let k = 0; k < experts; k++) {
        const m = ms[k] ?? null;
        if (m === null) {
          this.whole[k] = 0;
          continue;
        }
        const kind = m.missing.length === 0 ? 1 : 2;
        this.kinds[p]![k] = kind;
        if (kind === 2) this.whole[k] = 0;
        const { n, values } = m;
        let at = k * width + this.offsets[p]!;
        for (let i = 0; i < n - 1; i++)
          for (let j = i + 1; j < n; j++) this.logs[at++] = Math.log(values[i * n + j]!);
      }
    });
  }

  /**
   * Fills `sum` and `wsum` for the drawn experts drawn[0..d), ascending, each with its
   * c = multiplicity x expert weight (> 0) in drawnWeight.
   */
  accumulate(drawn: Int32Array, drawnWeight: Float64Array, d: number): void {
    const { width, logs, sum, wsum, whole, kinds, offsets } = this;
    sum.fill(0);
    wsum.fill(0);
    for (let t = 0; t < d; t++) {
      const k = drawn[t]!;
      const c = drawnWeight[t]!;
      const row = k * width;
      if (whole[k] === 1) {
        for (let q = 0; q < width; q++) {
          sum[q] = sum[q]! + c * logs[row + q]!;
          wsum[q] = wsum[q]! + c;
        }
        continue;
      }
      for (let p = 0; p < kinds.length; p++) {
        const kind = kinds[p]![k]!;
        if (kind === 0) continue;
        const from = offsets[p]!;
        const to = p + 1 < offsets.length ? offsets[p + 1]! : width;
        for (let q = from; q < to; q++) {
          const v = logs[row + q]!;
          if (v === v) {
            sum[q] = sum[q]! + c * v;
            wsum[q] = wsum[q]! + c;
          }
        }
      }
    }
  }
}

/**
 * Draws one resample: K experts with replacement (expert floor(u K) for each of K uniforms u,
 * as randomInt does), then lists the drawn ones in panel order in drawn[0..d) with
 * c = multiplicity x expert weight in drawnWeight, leaving out c = 0. Returns d.
 */
export function drawExperts(
  draw: UniformBatch,
  uniforms: Float64Array,
  counts: Float64Array,
  weights: Float64Array,
  drawn: Int32Array,
  drawnWeight: Float64Array
): number {
  const K = counts.length;
  counts.fill(0);
  draw(uniforms, K);
  for (let k = 0; k < K; k++) counts[Math.floor(uniforms[k]! * K)]! += 1;
  let d = 0;
  for (let k = 0; k < K; k++) {
    const c = counts[k]! * weights[k]!;
    if (c === 0) continue;
    drawn[d] = k;
    drawnWeight[d++] = c;
  }
  return d;
}
