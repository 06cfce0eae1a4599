/**
 * Synthetic judgments for tests, benchmarks and demos: an expert who holds weights w and
 * judges a_ij = (w_i / w_j) * exp(sigma * z), z standard normal, rounded to the nearest value
 * of Saaty's scale (in log space, clipped to [1/9, 9]). sigma = 0 gives the closest scale
 * matrix to a consistent one; sigma around 0.3-0.5 gives typical survey matrices; large sigma
 * gives inconsistent ones. Seeded, so the same seed gives the same panel.
 */
import { pairCount } from './matrix';
import type { Random } from './random';
import { SAATY_SCALE } from './scale';

/** A standard normal deviate (Box-Muller). */
export function normal(random: Random): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const LOG_SCALE = SAATY_SCALE.map(Math.log);

/** The scale value nearest to x in log space. */
export function nearestScaleValueLog(x: number): number {
  const l = Math.log(x);
  let best = 0;
  for (let k = 1; k < LOG_SCALE.length; k++)
    if (Math.abs(LOG_SCALE[k]! - l) < Math.abs(LOG_SCALE[best]! - l)) best = k;
  return SAATY_SCALE[best]!;
}

/**
 * One expert's upper triangle for true weights w with log-normal noise sigma, on the 1-9 scale.
 * @param skip probability that a judgment is left out (null); the first row is always given so
 *   the judgments stay connected
 */
export function syntheticUpper(
  w: readonly number[],
  sigma: number,
  random: Random,
  skip = 0
): Array<number | null> {
  const n = w.length;
  const out: Array<number | null> = new Array(pairCount(n));
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      if (i > 0 && skip > 0 && random() < skip) out[k] = null;
      else out[k] = nearestScaleValueLog((w[i]! / w[j]!) * Math.exp(sigma * normal(random)));
    }
  }
  return out;
}

/** A uniformly random reciprocal matrix: each upper-triangle cell one of the 17 scale values. */
export function randomScaleUpper(n: number, random: Random): number[] {
  return Array.from(
    { length: pairCount(n) },
    () => SAATY_SCALE[Math.floor(random() * SAATY_SCALE.length)]!
  );
}
