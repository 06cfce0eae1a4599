/**
 * Errors of the validation core (checking a weight set against repayment outcomes).
 *
 * Malformed input is an error a person can act on: the message names the function, the
 * argument and the position (`auc: outcomes[3]: ...`, `fitLogistic: rows[12][4] (C5): ...`),
 * says what is wrong and, where it helps, what would be accepted. `code` lets a caller (the
 * results page, in two languages) choose its own wording; `path` lets the command line map a
 * loan index back to a line of the loan file.
 */
import type { InputPath } from '../ahp';
import { problem, type Problem } from '../problem';

/** What kind of input problem was found. */
export type ValidationInputCode =
  /** Two inputs that must describe the same loans have different lengths. */
  | 'length-mismatch'
  /** Nothing to compute from: no loans, no leaves. */
  | 'empty'
  /** A score or indicator that is NaN, infinite or not a number. */
  | 'not-finite'
  /** An outcome that is not 0 (repaid) or 1 (defaulted). */
  | 'not-binary'
  /** Too few defaulted or repaid loans for the measure to be defined. */
  | 'too-few-outcomes'
  /** A grade that is not in the given grade order, or a grade order with repeats. */
  | 'unknown-grade'
  /** A leaf column with the same value for every loan (the regression cannot use it). */
  | 'constant-column'
  /** An option out of its range: resamples, level, seed, folds, ridge, weights ... */
  | 'bad-option'
  /** Weight sets compared side by side that are not of one hierarchy (leaves or parents differ). */
  | 'different-hierarchy';

/** `outcomes[3]`, `rows[12][4]`: the argument name first, then indices and keys. */
export function formatArgumentPath(path: InputPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (out === '') out = part;
    else out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`;
  }
  return out;
}

/**
 * Thrown for input the validation functions cannot use. The message reads
 * `FUNCTION: PATH: what is wrong`.
 */
export class ValidationInputError extends Error {
  /** The exported function that refused the input. */
  readonly fn: string;
  /** Where: the argument name, then indices (`['outcomes', 3]`); empty for the whole call. */
  readonly path: InputPath;
  readonly code: ValidationInputCode;
  /** The message without the function and path prefix. */
  readonly detail: string;
  constructor(fn: string, path: InputPath, code: ValidationInputCode, detail: string) {
    super(`${fn}: ${path.length > 0 ? `${formatArgumentPath(path)}: ` : ''}${detail}`);
    this.name = 'ValidationInputError';
    this.fn = fn;
    this.path = path;
    this.code = code;
    this.detail = detail;
  }

  /** The refusal as a Problem (`validation-input`), for a page to word in its language. */
  get problem(): Problem {
    return problem('validation-input', { code: this.code, message: this.message });
  }
}

/** Why a model fit failed. */
export type FitFailure =
  /**
   * Complete or quasi-complete separation (Albert and Anderson 1984): some combination of the
   * leaves predicts the outcome perfectly for some loans, so the maximum-likelihood coefficients
   * are infinite. A ridge penalty keeps them finite.
   */
  | 'separation'
  /** The Newton-Raphson iterations did not settle within the iteration limit. */
  | 'not-converged'
  /** The weighted cross-product matrix could not be solved: collinear leaf columns. */
  | 'singular';

/**
 * Thrown when a model cannot be fitted to valid input (separation, collinearity,
 * non-convergence), so that a failure can never pass as a result.
 */
export class ValidationFitError extends Error {
  readonly fn: string;
  readonly reason: FitFailure;
  constructor(fn: string, reason: FitFailure, detail: string) {
    super(`${fn}: ${detail}`);
    this.name = 'ValidationFitError';
    this.fn = fn;
    this.reason = reason;
  }
}
