/**
 * Default rates against a promised rate: the binomial tests of PD back-testing.
 *
 * Under the model, the d defaults among n loans of a grade are Binomial(n, p0), p0 the rate the
 * validation measured for that grade. The one-sided p-value of "more defaults than promised" is
 *
 *   P(X >= d) = sum_{k=d}^{n} C(n, k) p0^k (1 - p0)^(n - k)
 *
 * computed exactly (term by term from the log of the first, with a Lanczos log-gamma). The grade
 * is judged by the traffic lights of Tasche ("A traffic lights approach to PD validation",
 * 2003; Basel Committee on Banking Supervision, Working Paper 14, "Studies on the validation of
 * internal rating systems", 2005, sec. 5): green when P(X >= d) >= 0.05, yellow when
 * 0.001 <= P < 0.05, red when P < 0.001. A grade is flagged (its defaults run above what the
 * model promised) when yellow or red.
 *
 * Beside it the observed rate d / n gets its Wilson score interval (Wilson, JASA 22, 1927;
 * recommended over the Wald interval by Newcombe, Statistics in Medicine 17, 1998, and Brown, Cai
 * and DasGupta, Statistical Science 16, 2001):
 *
 *   (phat + z^2/2n +- z sqrt(phat (1 - phat)/n + z^2/4n^2)) / (1 + z^2/n),  z = 1.959964 (95%)
 */

/** z of the two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

/** The p-values below which a grade turns yellow and red (Tasche 2003). */
export const TRAFFIC_YELLOW = 0.05;
export const TRAFFIC_RED = 0.001;

export type TrafficLight = 'green' | 'yellow' | 'red';

export interface Interval {
  lower: number;
  upper: number;
}

function checkCounts(fn: string, d: number, n: number): void {
  if (!(Number.isInteger(n) && n >= 1))
    throw new RangeError(`${fn}: the number of loans must be a whole number >= 1, got ${n}`);
  if (!(Number.isInteger(d) && d >= 0 && d <= n))
    throw new RangeError(`${fn}: the defaults must be a whole number from 0 to ${n}, got ${d}`);
}

/**
 * The Wilson score interval of a proportion d / n (95% unless another z is given).
 * @throws RangeError when n < 1 or d is not a whole number in [0, n]
 */
export function wilsonInterval(d: number, n: number, z = Z_95): Interval {
  checkCounts('wilsonInterval', d, n);
  const p = d / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // The ends are exactly 0 and 1 at d = 0 and d = n (the formula gives them up to rounding).
  return {
    lower: d === 0 ? 0 : (centre - half) / denominator,
    upper: d === n ? 1 : (centre + half) / denominator
  };
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9: relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X >= d) for X ~ Binomial(n, p): the chance of d or more defaults among n loans when each
 * defaults with probability p.
 * @throws RangeError for n < 1, d outside [0, n] or p outside [0, 1]
 */
export function binomialUpperTail(d: number, n: number, p: number): number {
  checkCounts('binomialUpperTail', d, n);
  if (!(p >= 0 && p <= 1))
    throw new RangeError(`binomialUpperTail: the probability must be in [0, 1], got ${p}`);
  if (d === 0 || p === 1) return 1;
  if (p === 0) return 0;
  // Sum from the largest term outward, so that nothing underflows before the terms that matter:
  // above the mean, P(X >= d) from k = d up; below it, 1 - P(X <= d - 1) from k = d - 1 down.
  const upper = d > n * p;
  const start = upper ? d : d - 1;
  const logFirst =
    logGamma(n + 1) -
    logGamma(start + 1) -
    logGamma(n - start + 1) +
    start * Math.log(p) +
    (n - start) * Math.log1p(-p);
  const ratio = p / (1 - p);
  let term = Math.exp(logFirst);
  let sum = term;
  if (upper) {
    // t_{k+1} = t_k (n - k) / (k + 1) p / (1 - p)
    for (let k = start; k < n && term >= sum * 1e-17; k++) {
      term *= ((n - k) / (k + 1)) * ratio;
      sum += term;
    }
    return Math.min(1, sum);
  }
  // t_{k-1} = t_k k / (n - k + 1) (1 - p) / p
  for (let k = start; k > 0 && term >= sum * 1e-17; k--) {
    term *= k / (n - k + 1) / ratio;
    sum += term;
  }
  return Math.max(0, 1 - sum);
}

/** The traffic light of a one-sided p-value: green >= 0.05 > yellow >= 0.001 > red. */
export function trafficLight(pValue: number): TrafficLight {
  if (pValue >= TRAFFIC_YELLOW) return 'green';
  return pValue >= TRAFFIC_RED ? 'yellow' : 'red';
}
