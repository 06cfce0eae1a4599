/**
 * The validation page's wording of what the library reports by code (file problems, undefined
 * measures, warnings), in the reader's language, and its number formats.
 */
import { m } from '$lib/paraglide/messages';
import type { ReportWarning, UnavailableCode } from '$lib/validation';
import type { FileProblem } from './compute';

/** The problem of a refused loan file, without its position. */
export function fileProblem(p: FileProblem): string {
  const field = p.field ?? '';
  const value = p.value ?? '';
  switch (p.code) {
    case 'csv-syntax':
      return m.validation_file_csv_syntax();
    case 'empty':
      return m.validation_file_empty();
    case 'unnamed-column':
      return m.validation_file_unnamed_column();
    case 'duplicate-column':
      return m.validation_file_duplicate_column({ field });
    case 'no-outcome-column':
      return m.validation_file_no_outcome_column({ field });
    case 'missing-leaf':
      return m.validation_file_missing_leaf({ value });
    case 'outcome-is-leaf':
      return m.validation_file_outcome_is_leaf({ field });
    case 'field-count':
      return m.validation_file_field_count({ value });
    case 'empty-score':
      return m.validation_file_empty_score({ field });
    case 'not-a-number':
      return m.validation_file_not_a_number({ field, value });
    case 'unknown-level':
      return m.validation_file_unknown_level({ field, value });
    case 'out-of-range':
      return m.validation_file_out_of_range({ field, value: value.trim() });
    case 'not-binary':
      return m.validation_file_not_binary({ value });
    case 'no-loans':
      return m.validation_file_no_loans();
  }
}

/** Why a loan file could not be read (ValidationState.fileError's code). */
export function fileErrorText(code: string): string {
  if (code.startsWith('too-large:'))
    return m.validation_file_too_large({
      size: (Number(code.slice('too-large:'.length)) / 1024 / 1024).toFixed(1)
    });
  return code === 'not-text' ? m.validation_file_not_text() : m.validation_demo_unavailable();
}

/** Why a measure is undefined. */
export function unavailableReason(code: UnavailableCode): string {
  switch (code) {
    case 'too-few-outcomes':
      return m.validation_reason_too_few_outcomes();
    case 'too-few-loans':
      return m.validation_reason_too_few_loans();
    case 'constant-column':
      return m.validation_reason_constant_column();
    case 'separation':
      return m.validation_reason_separation();
    case 'singular':
      return m.validation_reason_singular();
    case 'not-converged':
      return m.validation_reason_not_converged();
  }
}

/** A warning of the report. */
export function warningText(w: ReportWarning): string {
  const p = w.params;
  const s = (k: string) => String(p[k] ?? '');
  switch (w.code) {
    case 'too-few-outcomes':
      return m.validation_warning_too_few_outcomes({
        min: s('min'),
        defaults: s('defaults'),
        repaid: s('repaid')
      });
    case 'few-events-per-leaf':
      return m.validation_warning_few_events_per_leaf({
        events: s('events'),
        leaves: s('leaves'),
        perLeaf: s('perLeaf')
      });
    case 'baseline-undefined':
      return `${m.validation_warning_baseline_undefined()} ${unavailableReason(p.reason as UnavailableCode)}`;
    case 'cross-validation-undefined':
      return `${m.validation_warning_cross_validation_undefined({
        folds: s('folds'),
        defaults: s('defaults'),
        repaid: s('repaid')
      })} ${unavailableReason(p.reason as UnavailableCode)}`;
    case 'clipped-leaves':
      return m.validation_warning_clipped_leaves({ leaves: s('leaves') });
    case 'not-monotonic':
      return m.validation_warning_not_monotonic({ steps: s('steps') });
    case 'auc-below-chance':
      return m.validation_warning_auc_below_chance();
    case 'cutoff-one-sided':
      return m.validation_warning_cutoff_one_sided();
  }
}

export const f3 = (x: number) => x.toFixed(3);
export const f4 = (x: number) => x.toFixed(4);
export const percent = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
