/**
 * A library's refusal (a Problem: code and parameters) in the page's language. English is the
 * one wording of src/lib/problem.ts (problemEnglish, the CLI's too: never written twice); the
 * Chinese of each code is a Paraglide message `problem_*` of messages/zh.json. Where the
 * problem is (line, column, row, field) is said by the page before these words.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { problemEnglish, type Problem, type ProblemCode, type TextSubject } from './problem';

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
