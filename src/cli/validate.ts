// Checks of the CLI's own input fields. The engine validates judgments, trees and method
// options and names the JSON path of a problem; these helpers do the same for what only the CLI
// knows about: which keys a file may have, labels, `top`, the bootstrap settings.
import { AhpInputError, type InputPath } from '../lib/ahp/index';
import { MAX_LABEL_LENGTH } from '../lib/survey/schema';
import { lineProblem } from '../lib/survey/text';

export type JsonObject = Record<string, unknown>;

/** What a JSON value is, for messages: `a string ("abc")`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)})`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** @throws AhpInputError at `path` unless `value` is a JSON object */
export function expectObject(value: unknown, path: InputPath, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AhpInputError(path, `expected ${what}, got ${describeValue(value)}`);
  }
  return value as JsonObject;
}

/** Levenshtein distance, for "did you mean" hints on misspelt keys. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * @throws AhpInputError at the first key of `o` that is not in `allowed`, listing the allowed
 *   keys and the nearest one when the key looks misspelt
 */
export function rejectUnknownKeys(
  o: JsonObject,
  allowed: readonly string[],
  path: InputPath,
  what: string
): void {
  for (const key of Object.keys(o)) {
    if (allowed.includes(key)) continue;
    const near = allowed
      .map((k) => ({ k, d: distance(key, k) }))
      .filter(({ d }) => d <= Math.max(1, Math.floor(key.length / 3)))
      .sort((a, b) => a.d - b.d)[0];
    const hint = near ? `did you mean "${near.k}"? ` : '';
    throw new AhpInputError(
      [...path, key],
      `unknown key "${key}": ${hint}${what} takes ${allowed.map((k) => `"${k}"`).join(', ')}`
    );
  }
}

/**
 * Labels of n elements: non-empty, distinct strings, one per element.
 * @throws AhpInputError naming the bad label or the length mismatch
 */
export function parseLabels(value: unknown, n: number, path: InputPath): string[] {
  if (!Array.isArray(value)) {
    throw new AhpInputError(path, `expected an array of ${n} strings, got ${describeValue(value)}`);
  }
  const seen = new Map<string, number>();
  value.forEach((label, k) => {
    if (typeof label !== 'string' || label.trim() === '') {
      throw new AhpInputError(
        [...path, k],
        `a label must be a non-empty string, got ${describeValue(label)}`
      );
    }
    // The text rule of every other boundary (src/lib/survey/text.ts).
    const problem = lineProblem(label, MAX_LABEL_LENGTH);
    if (problem) throw new AhpInputError([...path, k], `the label ${problem}`);
    const first = seen.get(label);
    if (first !== undefined) {
      throw new AhpInputError(
        [...path, k],
        `label "${label}" is used twice (also at index ${first})`
      );
    }
    seen.set(label, k);
  });
  if (value.length !== n) {
    throw new AhpInputError(
      path,
      `${value.length} labels for ${n} elements: give one label per element`
    );
  }
  return value as string[];
}

/**
 * A whole number in [min, max] from the file.
 * @throws AhpInputError at `path` otherwise
 */
export function parseWholeNumber(
  value: unknown,
  path: InputPath,
  min: number,
  max: number,
  what: string
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AhpInputError(
      path,
      `${what} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got ${describeValue(value)}`
    );
  }
  return value;
}
