/**
 * Independent computations for the engine tests, with mathjs: the principal eigenpair by
 * mathjs `eigs` (a QR algorithm), and by inverse iteration with mathjs `lusolve` (a second,
 * different algorithm for the sizes where `eigs` does not converge). Nothing here calls the engine.
 */
import { eigs, isComplex, lusolve, type Complex } from 'mathjs';

export interface Eigenpair {
  /** The Perron eigenvalue lambda_max. */
  lambda: number;
  /** Its eigenvector normalised to sum 1. */
  w: number[];
}

function re(z: unknown): number {
  if (typeof z === 'number') return z;
  if (isComplex(z)) return (z as Complex).re;
  throw new Error(`unexpected eigs value ${String(z)}`);
}

function im(z: unknown): number {
  if (typeof z === 'number') return 0;
  if (isComplex(z)) return (z as Complex).im;
  throw new Error(`unexpected eigs value ${String(z)}`);
}

function entries(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flat() as unknown[];
  if (v && typeof v === 'object' && 'toArray' in v && typeof v.toArray === 'function') {
    return (v.toArray() as unknown[]).flat();
  }
  throw new Error('unexpected eigs vector');
}

/**
 * lambda_max and the Perron vector by mathjs `eigs`: the eigenvalue with the largest real part,
 * its vector divided by its (complex) sum so that it sums to 1. Returns null when mathjs reports
 * that its QR iteration did not converge (its unshifted QR often fails for n >= 6; those matrices
 * are skipped by the caller, which counts them).
 */
export function eigsPerron(rows: number[][]): (Eigenpair & { maxImag: number }) | null {
  let eigenvectors: Array<{ value: unknown; vector: unknown }>;
  try {
    eigenvectors = eigs(rows).eigenvectors;
  } catch (e) {
    if (e instanceof Error && /failed to converge/.test(e.message)) return null;
    throw e;
  }
  let best = eigenvectors[0];
  for (const ev of eigenvectors) {
    if (best === undefined || re(ev.value) > re(best.value)) best = ev;
  }
  if (best === undefined) throw new Error('mathjs eigs returned no eigenvectors');
  const v = entries(best.vector);
  let sRe = 0;
  let sIm = 0;
  for (const x of v) {
    sRe += re(x);
    sIm += im(x);
  }
  const d = sRe * sRe + sIm * sIm;
  let maxImag = Math.abs(im(best.value));
  const w = v.map((x) => {
    // (a + bi) / (c + di) = ((ac + bd) + (bc - ad)i) / (c^2 + d^2)
    const a = re(x);
    const b = im(x);
    maxImag = Math.max(maxImag, Math.abs((b * sRe - a * sIm) / d));
    return (a * sRe + b * sIm) / d;
  });
  return { lambda: re(best.value), w, maxImag };
}

/**
 * The Perron pair by inverse iteration with mathjs `lusolve`. Each step solves
 * (A - mu I) y = x with mu just above the Collatz-Wielandt bound max_i (A x)_i / x_i, which is
 * >= lambda_max for every positive x and tends to lambda_max as x does (Rayleigh-like shift).
 *
 * Certified on return: x is strictly positive (by Perron-Frobenius the only positive eigenvector
 * of a positive matrix is the Perron vector) and the Collatz-Wielandt bounds
 * min_i (A x)_i / x_i <= lambda_max <= max_i (A x)_i / x_i agree to 1e-13 relative.
 * @throws Error when it cannot certify its result
 */
export function inverseIterationPerron(rows: number[][]): Eigenpair {
  const n = rows.length;
  const mul = (v: number[]) => rows.map((r) => r.reduce((s, a, j) => s + a * v[j]!, 0));
  const bounds = (v: number[]) => {
    const ratios = mul(v).map((y, i) => y / v[i]!);
    return { lo: Math.min(...ratios), hi: Math.max(...ratios) };
  };
  let x = rows.map((r) =>
    Math.pow(
      r.reduce((p, v) => p * v, 1),
      1 / n
    )
  );
  for (let it = 0; it < 60; it++) {
    const { lo, hi } = bounds(x);
    if (x.every((v) => v > 0) && hi - lo <= 1e-13 * hi) {
      const lambda = mul(x).reduce((t, v) => t + v, 0) / x.reduce((t, v) => t + v, 0);
      const s = x.reduce((t, v) => t + v, 0);
      return { lambda, w: x.map((v) => v / s) };
    }
    const mu = hi * (1 + 1e-12) + 1e-12;
    const shifted = rows.map((r, i) => r.map((a, j) => (i === j ? a - mu : a)));
    const y = (lusolve(shifted, x) as number[][]).map((c) => c[0]!);
    const s = y.reduce((t, v) => t + v, 0);
    x = y.map((v) => v / s);
  }
  throw new Error(`inverse iteration could not certify the Perron pair of a ${n} x ${n} matrix`);
}

// Plain-arithmetic references (no mathjs), re-exported for convenience.
export { lambdaFromWeightsReference, rgmReference } from './formulas';
