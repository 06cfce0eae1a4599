/**
 * The one rule for text and dates that cross a boundary (JSON endpoints, form actions, the join
 * page, every import, the CLI): what PostgreSQL and a spreadsheet can hold, checked before
 * anything is stored, with a message that names the character.
 *
 * - Refused everywhere: NUL (U+0000; PostgreSQL can store it neither in text nor in jsonb),
 *   a lone UTF-16 surrogate (half of a character: no valid UTF-8 exists for it), and the other
 *   control characters C0 (U+0001-U+001F), DEL and C1 (U+007F-U+009F), which no keyboard types
 *   and which only ever arrive by accident or on purpose.
 * - Allowed in multi-line text (descriptions) only: tab, line feed and carriage return.
 * - Text is trimmed, then its length counted in UTF-16 code units (what `maxLength` counts).
 *
 * Dates are checked as the database reads them: a real calendar date (2026-02-31 is refused,
 * where Date.parse would roll it over to March 3rd) within years 1970-9999.
 */
import * as v from 'valibot';
import { problem, problemEnglish, type Problem, type TextSubject } from '../problem';

const SINGLE_LINE_BAD =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const MULTI_LINE_BAD =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with the characters of `text` as a code (text-nul, text-surrogate,
 * text-control, with the character's position), or null when it may be stored. `multiline`
 * allows tab, line feed and carriage return; `what` names the field in the words.
 */
export function textIssue(text: string, multiline = false, what?: TextSubject): Problem | null {
  const bad = badCharacterOf(text, multiline);
  if (!bad) return null;
  const { c, at } = bad;
  const subject = what ? { what } : {};
  if (c === '\u0000') return problem('text-nul', { ...subject, at });
  if (c >= '\ud800' && c <= '\udfff')
    return problem('text-surrogate', { ...subject, hex: hex(c), at });
  return problem('text-control', { ...subject, hex: hex(c), at });
}

/**
 * What is wrong with the characters of `text` in English ("holds a NUL character (U+0000) at
 * character 3"), or null when it may be stored (textIssue, worded).
 */
export function textProblem(text: string, multiline = false): string | null {
  const issue = textIssue(text, multiline);
  return issue && problemEnglish(issue);
}

/**
 * The first character the rule refuses in `text`, its code point (`U+0007`) and where it is
 * (1-based, in UTF-16 code units), or null: for a page that says it in its own language.
 */
export function badCharacterOf(
  text: string,
  multiline = false
): { c: string; code: string; at: number } | null {
  const m = (multiline ? MULTI_LINE_BAD : SINGLE_LINE_BAD).exec(text);
  return m ? { c: m[0], code: hex(m[0]), at: m.index + 1 } : null;
}

/**
 * `text` with every character the rule refuses written out as `[U+XXXX]`: to show a refused
 * text as it was typed (a page can't show a NUL or a lone surrogate, and a control character is
 * invisible).
 */
export function markBadCharacters(text: string, multiline = false): string {
  const every = new RegExp((multiline ? MULTI_LINE_BAD : SINGLE_LINE_BAD).source, 'gu');
  return text.replace(every, (c) => `[${hex(c)}]`);
}

/**
 * What is wrong with `text` as a one-line field of at most `max` characters once trimmed (its
 * characters or its length), or null: lineSchema's rule for code that reads text field by field
 * (the importers), so that an import keeps the limits the forms keep.
 */
export function lineProblem(text: string, max: number): string | null {
  const issue = lineIssue(text, max);
  return issue && problemEnglish(issue);
}

/** lineProblem as a code (text-nul ... text-long), `what` naming the field in the words. */
export function lineIssue(text: string, max: number, what?: TextSubject): Problem | null {
  const trimmed = text.trim();
  return (
    textIssue(trimmed, false, what) ??
    (trimmed.length > max
      ? problem('text-long', { ...(what ? { what } : {}), max, length: trimmed.length })
      : null)
  );
}

/** Whether `text` passes the character rule (see textProblem). */
export function isCleanText(text: string, multiline = false): boolean {
  return textProblem(text, multiline) === null;
}

/**
 * An uploaded file's name as a set records it: without the characters the rule refuses (a NUL
 * cannot even be stored in PostgreSQL's jsonb), at most `max` characters, else `fallback`. A
 * file name is the client's to choose; refusing the upload for it would lose the file.
 */
export function recordedFileName(name: string, fallback: string, max = 200): string {
  return (
    Array.from(name)
      .filter((c) => isCleanText(c))
      .slice(0, max)
      .join('')
      .trim() || fallback
  );
}

/** The character rule as a valibot action, for a string schema that does not trim (see textProblem). */
export const characters = (multiline = false) =>
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (s) => isCleanText(s, multiline),
    (issue) => textProblem(issue.input, multiline) ?? 'not allowed'
  );

/**
 * A one-line text field (a name, a label, a role): a string, trimmed, with no control or broken
 * characters, at most `max` characters, and at least `min` (default 0).
 */
export function lineSchema(max: number, min = 0, minMessage = 'this cannot be empty') {
  return v.pipe(
    v.string('expected text'),
    v.trim(),
    characters(false),
    v.minLength(min, minMessage),
    v.maxLength(max, `at most ${max} characters`)
  );
}

/** A multi-line text (a description): as lineSchema, with tabs and line breaks allowed. */
export function paragraphSchema(max: number) {
  return v.pipe(
    v.string('expected text'),
    v.trim(),
    characters(true),
    v.maxLength(max, `at most ${max} characters`)
  );
}

/* ---------- keys ---------- */

/** Keys that valibot's record() drops in silence (they would reach Object.prototype). */
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * An object of `value`s under `key`s, like v.record, but a key that a plain object can't hold
 * safely (`__proto__`, `constructor`, `prototype`) is refused, where v.record drops it in
 * silence, and so is a list (v.record reads ["B1"] as an object with the key "0").
 */
export function recordSchema<
  K extends v.GenericSchema<string, string | number | symbol>,
  V extends v.GenericSchema
>(key: K, value: V) {
  return v.pipe(
    v.custom<unknown>((input) => !Array.isArray(input), 'expected an object, not a list'),
    v.custom<unknown>(
      (input) => reservedKeyOf(input) === null,
      (issue) => `"${reservedKeyOf(issue.input)}" is not allowed as a key`
    ),
    v.record(key, value)
  );
}

/** The first own key of `input` that recordSchema refuses, or null. */
export function reservedKeyOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  return RESERVED_KEYS.find((k) => Object.prototype.hasOwnProperty.call(input, k)) ?? null;
}

/* ---------- dates ---------- */

export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * What is wrong with an ISO 8601 timestamp (as valibot's isoTimestamp accepts it) as a date the
 * database can store, or null: a day that its month does not have, a year outside 1970-9999.
 */
export function timestampProblem(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return 'not an ISO timestamp such as 2026-05-01T08:30:00.000Z';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR)
    return `the year ${m[1]} is outside ${MIN_YEAR}-${MAX_YEAR}`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  if (day < 1 || day > days) return `${m[0]} is not a date: that month has ${days} days`;
  return null;
}

/** An ISO timestamp with a real calendar date in years 1970-9999 (see timestampProblem). */
export function timestampSchema(message = 'expected an ISO timestamp') {
  return v.pipe(
    v.string(message),
    v.isoTimestamp(`${message} such as 2026-05-01T08:30:00.000Z`),
    v.check(
      (s) => timestampProblem(s) === null,
      (issue) => timestampProblem(issue.input as string) ?? message
    )
  );
}
