/**
 * A library's refusal (a Problem: code and parameters) in the page's language. English is the
 * one wording of src/lib/problem.ts (problemEnglish, the CLI's too: never written twice); the
 * Chinese of each code is a Paraglide message `problem_*` of messages/zh.json. Where the
 * problem is (line, column, row, field) is said by the page before these words.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
  isProblemCode,
  problemEnglish,
  type Problem,
  type ProblemCode,
  type StoreCode,
  type TextSubject
} from './problem';
import type { ValidationInputCode } from './validation/errors';

type Words = { [C in ProblemCode]: (p: Extract<Problem, { code: C }>['params']) => string };

const SUBJECT: Record<TextSubject, () => string> = {
  'node-id': m.problem_subject_node_id,
  'expert-id': m.problem_subject_expert_id,
  role: m.problem_subject_role,
  'loan-id': m.problem_subject_loan_id
};

/** A character as the parsers name it, in Chinese: “x”, 控制字符 U+0001, or 文件结尾. */
function char(c: string): string {
  if (c === '') return m.problem_char_end();
  if (c < ' ') return m.problem_char_control({ hex: hexOf(c) });
  return `“${c}”`;
}

const hexOf = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const subject = (p: { what?: TextSubject }) =>
  p.what ? SUBJECT[p.what]() : m.problem_subject_text();
const s = (x: number) => String(x);
/** Groups of element indices ("{0, 1}|{2}") as a Chinese list. */
const groupsOf = (groups: string) => groups.split('|').join('、');

/** A schema's expected type (valibot's `expected`: string, Object ...) in Chinese, if a plain one. */
function typeWord(expected: string): string | null {
  const words: Record<string, () => string> = {
    string: m.problem_type_text,
    number: m.problem_type_number,
    boolean: m.problem_type_boolean,
    Object: m.problem_type_object,
    Array: m.problem_type_array
  };
  return Object.hasOwn(words, expected) ? words[expected]!() : null;
}

/** The storage layer's refusals by their code (the English is the StoreError's message). */
const STORE: Record<StoreCode, (retryAfter: number) => string> = {
  invalid: () => m.problem_store_invalid(),
  not_found: () => m.problem_store_not_found(),
  conflict: () => m.problem_store_conflict(),
  frozen: () => m.admin_frozen_refused(),
  not_open: () => m.problem_store_not_open(),
  closed: () => m.problem_store_closed(),
  round_closed: () => m.problem_store_round_closed(),
  not_asked: () => m.problem_store_not_asked(),
  rate_limited: (seconds) => m.problem_store_rate_limited({ seconds: String(seconds) })
};

/** The validation core's refusals by their code. */
const VALIDATION: Record<ValidationInputCode, () => string> = {
  'length-mismatch': m.problem_validation_length_mismatch,
  empty: m.problem_validation_empty,
  'not-finite': m.problem_validation_not_finite,
  'not-binary': m.problem_validation_not_binary,
  'too-few-outcomes': m.problem_validation_too_few_outcomes,
  'unknown-grade': m.problem_validation_unknown_grade,
  'constant-column': m.problem_validation_constant_column,
  'bad-option': m.problem_validation_bad_option,
  'different-hierarchy': m.problem_validation_different_hierarchy
};

const ZH: Words = {
  'text-nul': (p) => m.problem_text_nul({ what: subject(p), at: s(p.at) }),
  'text-surrogate': (p) => m.problem_text_surrogate({ what: subject(p), hex: p.hex, at: s(p.at) }),
  'text-control': (p) => m.problem_text_control({ what: subject(p), hex: p.hex, at: s(p.at) }),
  'text-long': (p) => m.problem_text_long({ what: subject(p), max: s(p.max), length: s(p.length) }),
  'text-empty': (p) => m.problem_text_empty({ what: SUBJECT[p.what]() }),
  'csv-unclosed-quote': () => m.problem_csv_unclosed_quote(),
  'csv-after-quote': (p) => m.problem_csv_after_quote({ found: char(p.found) }),
  'csv-quote-inside': () => m.problem_csv_quote_inside(),
  'csv-unnamed-column': () => m.problem_csv_unnamed_column(),
  'csv-column-twice': (p) => m.problem_csv_column_twice({ name: p.name, other: s(p.other) }),
  'csv-field-count': (p) => m.problem_csv_field_count({ count: s(p.count), header: s(p.header) }),
  'json-too-deep': (p) => m.problem_json_too_deep({ max: s(p.max) }),
  'json-literal': (p) => m.problem_json_literal({ found: char(p.found), word: p.word }),
  'json-number': (p) => m.problem_json_number({ found: char(p.found) }),
  'json-unterminated': () => m.problem_json_unterminated(),
  'json-control-in-string': (p) =>
    m.problem_json_control_in_string({ found: char(p.found), example: '\\n' }),
  'json-unicode-escape': () => m.problem_json_unicode_escape({ escape: '\\u' }),
  'json-escape': (p) => m.problem_json_escape({ escape: `\\${p.escape}` }),
  'json-value-missing': () => m.problem_json_value_missing(),
  'json-value': (p) => m.problem_json_value({ found: char(p.found) }),
  'json-after-end': (p) => m.problem_json_after_end({ found: char(p.found) }),
  'json-key-first': (p) => m.problem_json_key_first({ found: char(p.found) }),
  'json-key': (p) => m.problem_json_key({ found: char(p.found) }),
  'json-colon': (p) => m.problem_json_colon({ found: char(p.found) }),
  'json-trailing-comma': () => m.problem_json_trailing_comma(),
  'json-comma': (p) =>
    p.container === 'object'
      ? m.problem_json_comma_object({ found: char(p.found) })
      : m.problem_json_comma_array({ found: char(p.found) }),
  'json-other': () => m.problem_json_other(),
  'matrix-disconnected': (p) => m.problem_matrix_disconnected({ groups: groupsOf(p.groups) }),
  'input-missing': (p) =>
    typeWord(p.expected)
      ? m.problem_input_missing({ type: typeWord(p.expected)! })
      : m.problem_input_missing_any(),
  'input-unknown-field': () => m.problem_input_unknown_field(),
  'input-type': (p) =>
    typeWord(p.expected)
      ? m.problem_input_type({ type: typeWord(p.expected)! })
      : m.problem_input_type_any(),
  'input-other': () => m.problem_input_other(),
  store: (p) => STORE[p.store](p.retryAfter ?? 60),
  'validation-input': (p) => VALIDATION[p.code](),
  'grade-none': () => m.problem_grade_none(),
  'grade-name': () => m.problem_grade_name(),
  'grade-twice': (p) => m.problem_grade_twice({ grade: p.grade }),
  'grade-score': (p) => m.problem_grade_score({ value: p.value, min: s(p.min), max: s(p.max) }),
  'grade-order': (p) => m.problem_grade_order({ value: s(p.value), before: s(p.before) }),
  'grade-last': (p) => m.problem_grade_last({ min: s(p.min), value: s(p.value) }),
  'analysis-no-expert': () => m.problem_analysis_no_expert(),
  internal: (p) => `${m.common_error_generic()} ${m.common_error_reference({ id: p.reference })}`,
  'file-csv-or-json': () => m.problem_file_csv_or_json(),
  'file-not-utf8': () => m.problem_file_not_utf8(),
  'file-too-large': (p) => m.problem_file_too_large({ size: s(p.size), max: s(p.max) }),
  'given-empty': () => m.problem_given_empty(),
  'given-unknown-column': (p) => m.problem_given_unknown_column({ name: p.name }),
  'given-no-id-column': () => m.problem_given_no_id_column(),
  'given-no-weight-column': () => m.problem_given_no_weight_column(),
  'given-no-rows': () => m.problem_given_no_rows(),
  'given-no-id': () => m.problem_given_no_id(),
  'given-weight-empty': (p) =>
    p.form === 'local'
      ? m.problem_given_local_empty({ id: p.id })
      : m.problem_given_global_empty({ id: p.id }),
  'given-weight-range': (p) =>
    p.form === 'local'
      ? m.problem_given_local_range({ id: p.id })
      : m.problem_given_global_range({ id: p.id }),
  'given-json-shape': () =>
    m.problem_given_json_shape({
      example: '{"format": "pairwise.given-weights", "version": 1, "local": {...}}'
    }),
  'given-json-field': () => m.problem_given_json_field(),
  'given-json-format': (p) => m.problem_given_json_format({ format: p.format }),
  'given-json-version': () => m.problem_given_json_version(),
  'given-json-form': () => m.problem_given_json_form(),
  'given-json-map': () => m.problem_given_json_map(),
  'given-json-weight': (p) => m.problem_given_json_weight({ value: p.value }),
  'given-unknown-node': (p) => m.problem_given_unknown_node({ id: p.id }),
  'given-twice': (p) => m.problem_given_twice({ id: p.id }),
  'given-goal': (p) => m.problem_given_goal({ id: p.id, value: s(p.value) }),
  'given-not-leaf': (p) => m.problem_given_not_leaf({ id: p.id }),
  'given-parent': (p) =>
    p.want === ''
      ? m.problem_given_parent_goal({ id: p.id, parent: p.parent })
      : m.problem_given_parent({ id: p.id, want: p.want, parent: p.parent }),
  'given-missing-local': (p) => m.problem_given_missing_local({ id: p.id, parent: p.parent }),
  'given-missing-global': (p) => m.problem_given_missing_global({ id: p.id }),
  'given-zero-local': (p) => m.problem_given_zero_local({ ids: p.ids, node: p.node }),
  'given-zero-global': (p) => m.problem_given_zero_global({ node: p.node }),
  'given-sum-local': (p) =>
    m.problem_given_sum_local({ ids: p.ids, sum: s(p.sum), tolerance: s(p.tolerance) }),
  'given-sum-global': (p) =>
    m.problem_given_sum_global({ sum: s(p.sum), tolerance: s(p.tolerance) }),
  'given-zero-below': (p) => m.problem_given_zero_below({ node: p.node }),
  'edit-no-node': (p) => m.problem_edit_no_node({ node: p.node }),
  'edit-goal': () => m.problem_edit_goal(),
  'edit-weight-range': (p) => m.problem_edit_weight_range({ value: p.value }),
  'edit-only-child': (p) => m.problem_edit_only_child({ node: p.node, parent: p.parent }),
  'edit-same-weight': (p) => m.problem_edit_same_weight({ node: p.node, from: s(p.from) }),
  'edit-siblings-zero': (p) => m.problem_edit_siblings_zero({ node: p.node }),
  'edit-no-leaf': (p) => m.problem_edit_no_leaf({ node: p.node }),
  'edit-no-scale': (p) => m.problem_edit_no_scale({ node: p.node }),
  'edit-no-level': (p) => m.problem_edit_no_level({ node: p.node, level: p.level }),
  'edit-zero-level': (p) => m.problem_edit_zero_level({ level: p.level }),
  'edit-points-range': (p) => m.problem_edit_points_range({ value: p.value }),
  'edit-same-points': (p) => m.problem_edit_same_points({ level: p.level, from: s(p.from) }),
  'cell-empty-score': () => m.problem_cell_empty_score(),
  'cell-empty-refused': () => m.problem_cell_empty_refused(),
  'cell-level': (p) =>
    p.level === ''
      ? m.problem_cell_level({ value: p.value, near: p.near })
      : m.problem_cell_level_id({ value: p.value, near: p.near, level: p.level }),
  'cell-nan': (p) => m.problem_cell_nan({ value: p.value }),
  'cell-huge': (p) => m.problem_cell_huge({ value: p.value }),
  'cell-tiny': (p) => m.problem_cell_tiny({ value: p.value }),
  'cell-outside-scale': (p) =>
    m.problem_cell_outside_scale({ value: p.value, min: s(p.min), max: s(p.max) }),
  'cell-outside-score': (p) =>
    m.problem_cell_outside_score({ value: p.value, min: s(p.min), max: s(p.max) }),
  'score-empty': (p) => m.problem_score_empty({ leaves: p.leaves }),
  'score-clash': (p) => m.problem_score_clash({ name: p.name }),
  'score-missing-leaf': (p) =>
    m.problem_score_missing_leaf({ missing: p.missing, leaves: p.leaves }),
  'snapshot-no-id': () => m.problem_snapshot_no_id(),
  'snapshot-both-outcomes': () => m.problem_snapshot_both_outcomes(),
  'snapshot-no-loans': () => m.problem_snapshot_no_loans(),
  'snapshot-too-many': (p) => m.problem_snapshot_too_many({ max: s(p.max) }),
  'snapshot-id-twice': (p) => m.problem_snapshot_id_twice({ id: p.id, line: s(p.line) }),
  'snapshot-days': (p) => m.problem_snapshot_days({ value: p.value }),
  'snapshot-outcome': (p) => m.problem_snapshot_outcome({ value: p.value }),
  'import-no-file': () => m.problem_import_no_file(),
  'import-rate': (p) => m.problem_import_rate({ minutes: s(p.minutes) }),
  'import-empty': () => m.problem_import_empty(),
  'import-no-experts': () => m.problem_import_no_experts(),
  'import-no-judgments': () => m.problem_import_no_judgments(),
  'import-too-many': (p) => m.problem_import_too_many({ count: s(p.count), max: s(p.max) }),
  'import-values-header': (p) => m.problem_import_values_header({ examples: p.examples }),
  'import-unknown-column': (p) =>
    m.problem_import_unknown_column({ name: p.name, example: p.example }),
  'import-missing-column': (p) => m.problem_import_missing_column({ name: p.name, node: p.node }),
  'import-scale': (p) => m.problem_import_scale({ column: p.column, value: p.value }),
  'import-id-twice': (p) => m.problem_import_id_twice({ id: p.id, line: s(p.line) }),
  'import-column-twice': (p) => m.problem_csv_column_twice({ name: p.name, other: s(p.other) }),
  'import-weight': (p) => m.problem_import_weight({ value: p.value }),
  'import-not-number': (p) => m.problem_import_not_number({ column: p.column, value: p.value }),
  'import-zero': (p) => m.problem_import_zero({ column: p.column }),
  'import-disconnected': (p) =>
    m.problem_import_disconnected({ node: p.node, groups: groupsOf(p.groups) }),
  'import-no-row-judgments': (p) => m.problem_import_no_row_judgments({ id: p.id })
};

/** The problem in the page's language (English: problemEnglish, the CLI's wording). */
export function problemWords(p: Problem): string {
  if (getLocale() !== 'zh') return problemEnglish(p);
  return (ZH[p.code] as (params: unknown) => string)(p.params);
}

/** Whether `x` (data that crossed the network) is a Problem this page can word. */
export function isProblem(x: unknown): x is Problem {
  const p = x as { code?: unknown; params?: unknown } | null;
  return !!p && typeof p === 'object' && isProblemCode(p.code) && typeof p.params === 'object';
}

/**
 * A refusal of one of this app's JSON endpoints (`{message, problem?, errorId?}`, see
 * errorResponse in $lib/server/http.ts) in the page's language: its Problem when it has one;
 * else in English its message, and in Chinese what its status means. An unexpected failure
 * (5xx) is the generic words and the reference the server's log has, never the server's text.
 */
export function answerWords(status: number, body: unknown): string {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (status === 503) return m.common_error_unavailable();
  if (status >= 500) {
    const id = typeof b.errorId === 'string' ? b.errorId.slice(0, 64) : null;
    return id
      ? `${m.common_error_generic()} ${m.common_error_reference({ id })}`
      : m.common_error_generic();
  }
  if (isProblem(b.problem)) return problemWords(b.problem);
  if (getLocale() !== 'zh' && typeof b.message === 'string') return b.message;
  return m.common_error_refused({ status: String(status) });
}
