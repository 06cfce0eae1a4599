/**
 * The ridge penalty as a person types it: the command line's `--ridge R` and the validation
 * page's field read it by this one rule, so the page saves exactly what the CLI would. The
 * penalty (lambda / 2) sum_j gamma_j^2 is on the standardised coefficients
 * (src/lib/validation/logistic.ts); a regression set records it in its fit (./provenance.ts).
 * No imports: the page and the CLI's other commands load it without the regression engine.
 */

/** A plain decimal number, optionally with an exponent: no hex, no "Infinity", no commas. */
const RIDGE_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The penalty offered when the plain fit does not exist (separation, collinear leaves, no
 * convergence). Any lambda > 0 gives a finite, unique fit; 1 is small beside the log-likelihood
 * of a file of hundreds of loans, so the coefficients stay close to the data's.
 */
export const SUGGESTED_RIDGE = 1;

/** The penalty written in `text` (surrounding spaces ignored), or null unless a finite number >= 0. */
export function ridgeOfText(text: string): number | null {
  const t = text.trim();
  if (!RIDGE_TEXT.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) && x >= 0 ? x + 0 : null; // + 0: "-0" is 0
}
