/**
 * Refusals as codes with parameters: the libraries say WHAT is wrong as data, and each reader
 * words it in its own language. The English wording lives here, in one function
 * (problemEnglish) that the command line, the logs and the error messages use; the pages word
 * the same codes in Chinese or English through their Paraglide messages
 * (src/lib/problem-words.ts). Where a problem is (line, column, JSON path, row) stays with the
 * error that carries it (CsvError, JsonSyntaxError, AhpInputError ...), never inside the words.
 *
 * docs/i18n.md lists the families: text (the one text rule), csv and json (syntax), file,
 * given (files of given weights), import (responses files), input (a document's structure),
 * store (the storage layer's refusals).
 */

import type { ValidationInputCode } from './validation/errors';

/** Why the storage layer refused (StoreError's code; its HTTP status is in src/lib/server/errors.ts). */
export type StoreCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'frozen'
  | 'not_open'
  | 'closed'
  | 'round_closed'
  | 'not_asked'
  | 'rate_limited';

/** A noun that a text problem is about ("the node id holds a NUL character ..."). */
export type TextSubject = 'node-id' | 'expert-id' | 'role' | 'loan-id';

const SUBJECT_EN: Record<TextSubject, string> = {
  'node-id': 'the node id',
  'expert-id': 'expert id',
  role: 'role',
  'loan-id': 'the loan id'
};

/** `'x'`, `control character "\u0001"`, or `end of input` (for '') as the parsers say them. */
export function describeCharacter(c: string): string {
  if (c === '') return 'end of input';
  return c < ' ' ? `control character ${JSON.stringify(c)}` : `'${c}'`;
}

/** A value quoted for a message, cut at 40 characters. */
export function quoteValue(s: string): string {
  return `'${s.length > 40 ? s.slice(0, 40) + '...' : s}'`;
}

const subject = (p: { what?: TextSubject }) => (p.what ? `${SUBJECT_EN[p.what]} ` : '');

const ENGLISH_MATRIX_DISCONNECTED = (groups: string) =>
  `the given judgments leave the elements disconnected: ${groups.split('|').join(' and ')} are not linked by any comparison; compare at least one pair across each group`;

/** Each code's English wording (the CLI's and the logs'); parameters as the page gets them. */
const ENGLISH = {
  // The one text rule (src/lib/survey/text.ts).
  'text-nul': (p: { what?: TextSubject; at: number }) =>
    `${subject(p)}holds a NUL character (U+0000) at character ${p.at}`,
  'text-surrogate': (p: { what?: TextSubject; hex: string; at: number }) =>
    `${subject(p)}holds a broken character (a lone UTF-16 surrogate, ${p.hex}) at character ${p.at}`,
  'text-control': (p: { what?: TextSubject; hex: string; at: number }) =>
    `${subject(p)}holds a control character (${p.hex}) at character ${p.at}`,
  'text-long': (p: { what?: TextSubject; max: number; length: number }) =>
    `${subject(p)}is longer than ${p.max} characters (${p.length})`,
  'text-empty': (p: { what: TextSubject }) => `${SUBJECT_EN[p.what]} is empty`,

  // CSV syntax (src/lib/weights/csv.ts).
  'csv-unclosed-quote': () => `a quoted field is never closed (a missing '"'?)`,
  'csv-after-quote': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)} after a closing quote: expected ',' or a line break`,
  'csv-quote-inside': () =>
    `a '"' inside an unquoted field: quote the whole field and double the quote ("")`,
  'csv-unnamed-column': () => 'a column without a name',
  'csv-column-twice': (p: { name: string; other: number }) =>
    `column '${p.name}' appears twice (also column ${p.other})`,
  'csv-field-count': (p: { count: number; header: number }) =>
    `${p.count} fields, the header has ${p.header}`,

  // JSON syntax (src/lib/json.ts).
  'json-too-deep': (p: { max: number }) => `nested more than ${p.max} levels deep`,
  'json-literal': (p: { found: string; word: string }) =>
    `unexpected ${describeCharacter(p.found)} (expected ${p.word})`,
  'json-number': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)}: not a valid number`,
  'json-unterminated': () => 'unterminated string',
  'json-control-in-string': (p: { found: string }) =>
    `${describeCharacter(p.found)} inside a string (write it as an escape such as \\n)`,
  'json-unicode-escape': () => 'bad \\u escape in a string',
  'json-escape': (p: { escape: string }) => `bad escape \\${p.escape} in a string`,
  'json-value-missing': () => 'unexpected end of input: a value is missing',
  'json-value': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)}: a value is expected here`,
  'json-after-end': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)} after the end of the JSON value`,
  'json-key-first': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)}: expected a double-quoted property name or '}'`,
  'json-key': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)}: expected a double-quoted property name (no trailing commas)`,
  'json-colon': (p: { found: string }) =>
    `unexpected ${describeCharacter(p.found)}: expected ':' after the property name`,
  'json-trailing-comma': () => "unexpected ']': no trailing commas in JSON",
  'json-comma': (p: { found: string; container: 'object' | 'array' }) =>
    `unexpected ${describeCharacter(p.found)}: expected ',' or '${p.container === 'object' ? '}' : ']'}' after ${p.container === 'object' ? 'a property value' : 'an array element'}`,
  /** JSON.parse refused what the scanner passed: its own words, kept for the CLI. */
  'json-other': (p: { message: string }) => p.message,

  // Judgment matrices (src/lib/ahp/matrix.ts). `groups`: the groups of element indices, "|" between.
  'matrix-disconnected': (p: { groups: string }) => ENGLISH_MATRIX_DISCONNECTED(p.groups),

  // A document's structure (a schema's issue, src/lib/survey/errors.ts: parseOrThrow) and the
  // engine's other refusals of an input that have no code of their own yet (`message`: English).
  'input-missing': (p: { expected: string }) => `missing (expected ${p.expected})`,
  'input-unknown-field': () => 'unknown field',
  'input-type': (p: { expected: string; message: string }) => p.message,
  'input-other': (p: { message: string }) => p.message,

  // The storage layer's refusals (src/lib/server/errors.ts: StoreError), by its code.
  store: (p: { store: StoreCode; message: string; retryAfter?: number }) => p.message,

  // The validation core's refusals of its input (src/lib/validation/errors.ts), by its code.
  'validation-input': (p: { code: ValidationInputCode; message: string }) => p.message,

  // An unexpected failure: nothing of its own text, only the reference its log line has.
  internal: (p: { reference: string }) =>
    `an unexpected error (reference ${p.reference}: the log has its details)`,

  // A weight set's grading bands (src/lib/weights/weight-set.ts: checkGradeBands).
  'grade-none': () => 'at least one grading band is needed',
  'grade-name': () => 'a grade is a non-empty name without spaces at either end',
  'grade-twice': (p: { grade: string }) => `grade "${p.grade}" is used twice`,
  'grade-score': (p: { value: string; min: number; max: number }) =>
    `${p.value} is not a score from ${p.min} to ${p.max}`,
  'grade-order': (p: { value: number; before: number }) =>
    `minimum scores must fall strictly from band to band: ${p.value} after ${p.before}`,
  'grade-last': (p: { min: number; value: number }) =>
    `the last band must start at ${p.min} so that every total has a grade, not at ${p.value}`,

  // The results page's analysis (src/routes/a/[token]/results/analysis.ts).
  'analysis-no-expert': () => 'no expert is left in the analysis: include at least one',

  // Files as a whole.
  'file-csv-or-json': () => 'the file must be a .csv or a .json file',
  'file-not-utf8': () => 'the file is not UTF-8 text',
  'file-too-large': (p: { size: number; max: number }) =>
    `the file is ${p.size} bytes; at most ${p.max} can be imported`,

  // Files of given weights (src/lib/weights/given.ts).
  'given-empty': () => 'the file is empty: expected a header row (id,local or id,global)',
  'given-unknown-column': (p: { name: string }) =>
    `unknown column ${quoteValue(p.name)}: the columns are id and local or global (label_en, label_zh, parent, lower and upper may be there too)`,
  'given-no-id-column': () => 'the header lacks column id',
  'given-no-weight-column': () =>
    'the header lacks a weight column: local (weight within the parent) or global (leaves)',
  'given-no-rows': () => 'no weights: the header is followed by no rows',
  'given-no-id': () => 'a row without a node id',
  'given-weight-empty': (p: { form: 'local' | 'global'; id: string }) =>
    `the ${p.form} weight of ${quoteValue(p.id)} is empty`,
  'given-weight-range': (p: { form: 'local' | 'global'; id: string }) =>
    `the ${p.form} weight of ${quoteValue(p.id)} is not a weight from 0 to 1`,
  'given-json-shape': () =>
    'expected an object: {"format": "pairwise.given-weights", "version": 1, "local": {...}}',
  'given-json-field': () => 'unknown field; expected "format", "version", "local" or "global"',
  'given-json-format': (p: { format: string }) => `expected "${p.format}"`,
  'given-json-version': () => 'this version of Pairwise reads version 1',
  'given-json-form': () =>
    'give either "local" (every node below the goal) or "global" (every leaf)',
  'given-json-map': () => 'expected an object: node id -> weight',
  'given-json-weight': (p: { value: string }) => `${p.value} is not a weight from 0 to 1`,
  'given-unknown-node': (p: { id: string }) =>
    `there is no node ${quoteValue(p.id)} in this survey's hierarchy`,
  'given-twice': (p: { id: string }) => `node ${quoteValue(p.id)} is given twice`,
  'given-goal': (p: { id: string; value: number }) =>
    `the goal ${quoteValue(p.id)} always weighs 1, not ${p.value}`,
  'given-not-leaf': (p: { id: string }) =>
    `${quoteValue(p.id)} is not a leaf: a file of global weights gives the leaves only (the other weights follow from them)`,
  'given-parent': (p: { id: string; want: string; parent: string }) =>
    `the parent of ${quoteValue(p.id)} is ${p.want === '' ? 'none (it is the goal)' : quoteValue(p.want)} in this survey, not ${quoteValue(p.parent)}`,
  'given-missing-local': (p: { id: string; parent: string }) =>
    `node ${quoteValue(p.id)} (a child of ${quoteValue(p.parent)}) has no local weight: every node below the goal needs one`,
  'given-missing-global': (p: { id: string }) =>
    `leaf ${quoteValue(p.id)} has no global weight: every leaf needs one`,
  'given-zero-local': (p: { ids: string; node: string }) =>
    `the local weights of ${p.ids} are all 0: the weights below ${quoteValue(p.node)} cannot be worked out`,
  'given-zero-global': (p: { node: string }) =>
    `the leaves' global weights are all 0: the weights below ${quoteValue(p.node)} cannot be worked out`,
  'given-sum-local': (p: { ids: string; sum: number; tolerance: number }) =>
    `the local weights of ${p.ids} sum to ${p.sum}, not 1 within ${p.tolerance}: correct them, or ask to normalise (divide by the sum; recorded in the weight set)`,
  'given-sum-global': (p: { sum: number; tolerance: number }) =>
    `the leaves' global weights sum to ${p.sum}, not 1 within ${p.tolerance}: correct them, or ask to normalise (divide by the sum; recorded in the weight set)`,
  'given-zero-below': (p: { node: string }) =>
    `the leaves below ${quoteValue(p.node)} all weigh 0, so the local weights of its children cannot be worked out: give local weights instead`,

  // A recorded fact that gives no points through its indicator's scale (scale-eval.ts).
  'cell-empty-score': () => 'empty: give a score from 0 to 100',
  'cell-empty-refused': () => 'empty: this indicator refuses a missing value',
  'cell-level': (p: { value: string; near: string; level: string }) =>
    `${quoteValue(p.value)} is not a level of this indicator; did you mean '${p.near}'${p.level === '' ? '' : ` (level ${p.level})`}?`,
  'cell-nan': (p: { value: string }) => `${quoteValue(p.value)} is not a number`,
  'cell-huge': (p: { value: string }) => `${quoteValue(p.value)} is too large to be a number`,
  'cell-tiny': (p: { value: string }) =>
    `${quoteValue(p.value)} is too small to be a number (below 2.2e-308)`,
  'cell-outside-scale': (p: { value: string; min: number; max: number }) =>
    `${p.value} is outside ${p.min}-${p.max}, which this indicator refuses`,
  'cell-outside-score': (p: { value: string; min: number; max: number }) =>
    `${p.value} is outside ${p.min}-${p.max}`,

  // Loan-book snapshots (src/lib/monitoring/snapshot.ts) and the scorer's files.
  'score-empty': (p: { leaves: string }) =>
    `the file is empty: expected a header row with the leaf columns (${p.leaves})`,
  'score-clash': (p: { name: string }) =>
    `column ${quoteValue(p.name)} would clash with the output column of that name; rename it`,
  'score-missing-leaf': (p: { missing: string; leaves: string }) =>
    `the header has no column for leaf ${p.missing} (the weight set scores ${p.leaves})`,
  'snapshot-no-id': () =>
    "the header has no 'id' column: every loan needs its id, to follow it from one snapshot to the next",
  'snapshot-both-outcomes': () =>
    "both 'defaulted' and 'default' columns: keep one (which holds the outcome is ambiguous)",
  'snapshot-no-loans': () => 'the file has a header but no loans: add one row per loan',
  'snapshot-too-many': (p: { max: number }) =>
    `more than ${p.max} loans: split the book into several snapshots`,
  'snapshot-id-twice': (p: { id: string; line: number }) =>
    `loan ${quoteValue(p.id)} appears twice (also on line ${p.line}): one row per loan`,
  'snapshot-days': (p: { value: string }) =>
    `${quoteValue(p.value)} is not a number of days: give a whole number from 0 to 999999, or leave it empty when not known`,
  'snapshot-outcome': (p: { value: string }) =>
    `${quoteValue(p.value)} is not an outcome: write 1 for a loan that defaulted, 0 for one that did not, or leave it empty when not known`,

  // Edits of a saved weight set (src/lib/weights/edit.ts: said after "editWeightSet: ").
  'edit-no-node': (p: { node: string }) => `there is no node "${p.node}" in the set`,
  'edit-goal': () => 'the goal always weighs 1',
  'edit-weight-range': (p: { value: string }) => `${p.value} is not a local weight from 0 to 1`,
  'edit-only-child': (p: { node: string; parent: string }) =>
    `"${p.node}" is the only child of "${p.parent}": it weighs 1`,
  'edit-same-weight': (p: { node: string; from: number }) =>
    `"${p.node}" already has local weight ${p.from}`,
  'edit-siblings-zero': (p: { node: string }) =>
    `the siblings of "${p.node}" all weigh 0: there is no proportion to rescale them in`,
  'edit-no-leaf': (p: { node: string }) => `there is no leaf "${p.node}" in the set`,
  'edit-no-scale': (p: { node: string }) => `leaf "${p.node}" has no categorical scale`,
  'edit-no-level': (p: { node: string; level: string }) =>
    `leaf "${p.node}" has no level "${p.level}"`,
  'edit-zero-level': (p: { level: string }) => `level "${p.level}" is a zero level: it is 0 points`,
  'edit-points-range': (p: { value: string }) =>
    `${p.value} is not a number of points from 0 to 100`,
  'edit-same-points': (p: { level: string; from: number }) =>
    `level "${p.level}" already has ${p.from} points`,

  // Responses files (src/lib/weights/formats.ts, the results page's import).
  'import-no-file': () => 'choose a file to import',
  'import-rate': (p: { minutes: number }) =>
    `too many surveys created from this address; try again in ${p.minutes} min`,
  'import-empty': () => 'the file is empty: expected a header row and one row per expert',
  'import-no-experts': () => 'no experts: the header is followed by no rows',
  'import-no-judgments': () => 'the file holds no expert judgments',
  'import-too-many': (p: { count: number; max: number }) =>
    `${p.count} experts; at most ${p.max} can be imported`,
  'import-column-twice': (p: { name: string; other: number }) =>
    `column ${quoteValue(p.name)} appears twice (also column ${p.other})`,
  'import-values-header': (p: { examples: string }) =>
    `the first row holds values, not column names: the file needs a header row (id, role, weight, ${p.examples} ...)`,
  'import-unknown-column': (p: { name: string; example: string }) =>
    `unknown column ${quoteValue(p.name)}: not a pair of this survey (pairs are named after two children of one node, CHILD_CHILD in upper-triangle order, e.g. ${p.example})`,
  'import-missing-column': (p: { name: string; node: string }) =>
    `the header lacks column '${p.name}' (node ${p.node}); every pair of the survey needs a column`,
  'import-scale': (p: { column: string; value: string }) =>
    `column ${p.column}: ${quoteValue(p.value)} is not on Saaty's scale: whole numbers 1 to 9, negative when the first element of the pair is the more important`,
  'import-id-twice': (p: { id: string; line: number }) =>
    `expert id ${quoteValue(p.id)} is used twice (also on line ${p.line})`,
  'import-weight': (p: { value: string }) =>
    `expert weight ${quoteValue(p.value)} is not a number >= 0`,
  'import-not-number': (p: { column: string; value: string }) =>
    `column ${p.column}: ${quoteValue(p.value)} is not a number`,
  'import-zero': (p: { column: string }) =>
    `column ${p.column}: 0 is not a judgment (1 is equal importance)`,
  'import-disconnected': (p: { node: string; groups: string }) =>
    `node ${p.node}: ${ENGLISH_MATRIX_DISCONNECTED(p.groups)}`,
  'import-no-row-judgments': (p: { id: string }) =>
    `expert ${quoteValue(p.id)} has no judgments in this row`
} satisfies Record<string, (p: never) => string>;

type English = typeof ENGLISH;
/** Every code a library can refuse with. */
export type ProblemCode = keyof English;
/** The parameters of `C`. */
export type ProblemParams<C extends ProblemCode> =
  Parameters<English[C]> extends [] ? Record<string, never> : Parameters<English[C]>[0];
/** A refusal as data: its code and the parameters its words need. */
export type Problem = { [C in ProblemCode]: { code: C; params: ProblemParams<C> } }[ProblemCode];

/** A Problem of code `code` (a shorthand that type-checks the parameters). */
export function problem<C extends ProblemCode>(
  code: C,
  ...params: ProblemParams<C> extends Record<string, never> ? [] : [ProblemParams<C>]
): Problem {
  return { code, params: params[0] ?? {} } as Problem;
}

/** The problem in English: the one wording the CLI, the logs and error messages use. */
export function problemEnglish(p: Problem): string {
  return (ENGLISH[p.code] as (params: unknown) => string)(p.params);
}

/**
 * An unexpected failure as a Problem: the error goes to the log (the server's, or the browser's
 * console) under a short reference, and the reader gets only the reference, never its text.
 */
export function internalProblem(e: unknown): Problem {
  const reference = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  console.error(`[${reference}]`, e);
  return problem('internal', { reference });
}

/** Whether `code` is a known code (for data that crossed a boundary, like a page's form data). */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ENGLISH, code);
}
