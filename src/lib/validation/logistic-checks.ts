/**
 * The logistic regression's input checks (./logistic.ts, ./cross-validation.ts): the loans
 * (row lengths, finite scores, 0/1 outcomes, enough of each outcome, more loans than
 * coefficients, no constant leaf) and the options (ridge, tolerance, iterations), each refused
 * with a ValidationInputError naming the function and the place.
 */
import { ValidationInputError } from './errors';
import { checkClasses, checkInteger, checkOutcomes, type OutcomeCounts } from './inputs';
import type { LoanMatrix, LogisticOptions } from './logistic';
import { MIN_PER_CLASS } from './metrics';

export interface CheckedLoans extends OutcomeCounts {
  n: number;
  p: number;
  leaves: string[];
}

export function checkLoans(fn: string, data: LoanMatrix, minPerClass: number): CheckedLoans {
  if (data == null || typeof data !== 'object')
    throw new ValidationInputError(fn, [], 'empty', 'expected { leaves, rows, outcomes }');
  const { leaves, rows, outcomes } = data;
  if (!Array.isArray(leaves) || leaves.length === 0)
    throw new ValidationInputError(
      fn,
      ['leaves'],
      'empty',
      'expected the leaf ids, one per column'
    );
  const seen = new Set<string>();
  leaves.forEach((id, j) => {
    if (typeof id !== 'string' || id === '')
      throw new ValidationInputError(
        fn,
        ['leaves', j],
        'bad-option',
        'a leaf id must be a non-empty string'
      );
    if (seen.has(id))
      throw new ValidationInputError(fn, ['leaves', j], 'bad-option', `leaf "${id}" appears twice`);
    seen.add(id);
  });
  const counts = checkOutcomes(fn, outcomes);
  if (!Array.isArray(rows))
    throw new ValidationInputError(
      fn,
      ['rows'],
      'empty',
      'expected one row of leaf scores per loan'
    );
  if (rows.length !== outcomes.length)
    throw new ValidationInputError(
      fn,
      ['rows'],
      'length-mismatch',
      `${rows.length} rows for ${outcomes.length} outcomes: give one row per loan, in the same order`
    );
  const p = leaves.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row == null || row.length !== p)
      throw new ValidationInputError(
        fn,
        ['rows', i],
        'length-mismatch',
        `${row?.length ?? 0} scores for ${p} leaves (${leaves.join(', ')})`
      );
    for (let j = 0; j < p; j++) {
      const x = row[j];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new ValidationInputError(
          fn,
          ['rows', i, j],
          'not-finite',
          `leaf ${leaves[j]}: a score must be a finite number, got ${typeof x === 'number' ? x : (JSON.stringify(x) ?? 'nothing')}`
        );
    }
  }
  checkClasses(fn, counts, minPerClass, 'the regression');
  if (rows.length <= p + 1)
    throw new ValidationInputError(
      fn,
      ['rows'],
      'too-few-outcomes',
      `${rows.length} loans cannot fit ${p + 1} coefficients (${p} leaves and an intercept)`
    );
  return { ...counts, n: rows.length, p, leaves: [...leaves] };
}

export interface Resolved {
  ridge: number;
  maxIterations: number;
  tolerance: number;
  minPerClass: number;
}

export function resolve(fn: string, o: LogisticOptions): Resolved {
  const ridge = o.ridge ?? 0;
  if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge))
    throw new ValidationInputError(
      fn,
      ['ridge'],
      'bad-option',
      `the ridge penalty must be a finite number >= 0, got ${String(ridge)}`
    );
  const tolerance = o.tolerance ?? 1e-10;
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance))
    throw new ValidationInputError(
      fn,
      ['tolerance'],
      'bad-option',
      `the tolerance must be a finite number > 0, got ${String(tolerance)}`
    );
  return {
    ridge,
    tolerance,
    maxIterations: checkInteger(fn, 'maxIterations', o.maxIterations ?? 50, 1),
    minPerClass: checkInteger(fn, 'minPerClass', o.minPerClass ?? MIN_PER_CLASS, 1)
  };
}
