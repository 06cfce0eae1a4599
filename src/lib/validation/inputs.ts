/**
 * Input checks shared by the validation functions (internal: not exported from the barrel).
 * Each check names the calling function, the argument and the offending position.
 */
import { ValidationInputError } from './errors';

/** Loan counts by outcome. */
export interface OutcomeCounts {
  /** Loans with outcome 1 (defaulted or non-performing). */
  defaults: number;
  /** Loans with outcome 0 (repaid). */
  repaid: number;
}

function describe(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (x === undefined) return 'nothing';
  return typeof x === 'string'
    ? JSON.stringify(x)
    : `${JSON.stringify(x) ?? String(x)} (${typeof x})`;
}

/** Refuses anything but an array-like of 0/1 numbers; returns the counts of each outcome. */
export function checkOutcomes(
  fn: string,
  outcomes: ArrayLike<number>,
  name = 'outcomes'
): OutcomeCounts {
  if (outcomes == null || typeof outcomes.length !== 'number')
    throw new ValidationInputError(fn, [name], 'empty', 'expected an array of outcomes (0 or 1)');
  if (outcomes.length === 0) throw new ValidationInputError(fn, [name], 'empty', 'no loans');
  let defaults = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const y = outcomes[i];
    if (y === 1) defaults++;
    else if (y !== 0)
      throw new ValidationInputError(
        fn,
        [name, i],
        'not-binary',
        `an outcome must be 0 (repaid) or 1 (defaulted or non-performing), got ${describe(y)}`
      );
  }
  return { defaults, repaid: outcomes.length - defaults };
}

/** Refuses a score vector of the wrong length or with a value that is not a finite number. */
export function checkScores(
  fn: string,
  scores: ArrayLike<number>,
  n: number,
  name = 'scores'
): void {
  if (scores == null || typeof scores.length !== 'number')
    throw new ValidationInputError(fn, [name], 'empty', 'expected an array of scores');
  if (scores.length !== n)
    throw new ValidationInputError(
      fn,
      [name],
      'length-mismatch',
      `${scores.length} scores for ${n} outcomes: give one score per loan, in the same order`
    );
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s))
      throw new ValidationInputError(
        fn,
        [name, i],
        'not-finite',
        `a score must be a finite number, got ${describe(s)}`
      );
  }
}

/**
 * Refuses counts below the minimum: the measure (AUC, KS ...) needs both kinds of loan, and
 * means little with a handful.
 */
export function checkClasses(
  fn: string,
  counts: OutcomeCounts,
  minPerClass: number,
  what: string,
  name = 'outcomes'
): void {
  if (counts.defaults < minPerClass || counts.repaid < minPerClass)
    throw new ValidationInputError(
      fn,
      [name],
      'too-few-outcomes',
      `${what} is undefined here: it needs at least ${minPerClass} defaulted and ${minPerClass} repaid loans, got ${counts.defaults} defaulted and ${counts.repaid} repaid`
    );
}

/** A whole number >= min. */
export function checkInteger(fn: string, name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new ValidationInputError(
      fn,
      [name],
      'bad-option',
      `must be a whole number >= ${min}, got ${describe(value)}`
    );
  return value;
}

/** A coverage level strictly between 0 and 1. */
export function checkLevel(fn: string, level: number): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw new ValidationInputError(
      fn,
      ['level'],
      'bad-option',
      `the interval level must be between 0 and 1 (0.95 for 95 %), got ${describe(level)}`
    );
  return level;
}

/** A seed: any whole number (the generator takes it modulo 2^32). */
export function checkSeed(fn: string, seed: number): number {
  if (!Number.isInteger(seed))
    throw new ValidationInputError(
      fn,
      ['seed'],
      'bad-option',
      `the seed must be a whole number, got ${describe(seed)}`
    );
  return seed;
}
