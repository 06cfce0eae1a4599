/** The weight models pages' words: refusals of their own fields, and where a set came from. */
import { m } from '$lib/paraglide/messages';
import type { Problem } from '$lib/problem';
import { problemWords } from '$lib/problem-words';
import type { ProvenanceKind } from '$lib/weights';
import type { LevelPointsProblem } from './models.server';

/**
 * A refusal of one of the page's own fields, with a code the page words in its language (the
 * library's refusals of a file or an edit come as `message`, with their line and column).
 */
export type FieldProblem =
  | { code: 'name-empty' }
  | { code: 'name-long'; max: number }
  | { code: 'name-characters'; at: number }
  | { code: 'no-file' }
  | { code: 'too-large'; size: number; max: number }
  | { code: 'weight'; value: string };

/** A FieldProblem in the page's language. */
export function problemText(p: FieldProblem): string {
  switch (p.code) {
    case 'name-empty':
      return m.models_name_empty();
    case 'name-long':
      return m.models_name_long({ max: String(p.max) });
    case 'name-characters':
      return m.models_name_characters({ at: String(p.at) });
    case 'no-file':
      return m.models_file_missing();
    case 'too-large':
      return m.models_file_too_large({ size: String(p.size), max: String(p.max) });
    case 'weight':
      return m.models_weight_bad({ value: p.value });
  }
}

/** The level-points form's refusal: its own codes, the page's field codes, or the library's. */
export type LevelPointsFailure =
  | LevelPointsProblem
  | { code: 'points'; value: string }
  | { field: string; message: string; problem?: FieldProblem; refusal?: Problem };

/** A LevelPointsFailure in the page's language (`message` only for a refusal without a code). */
export function levelPointsText(f: LevelPointsFailure): string {
  if ('problem' in f && f.problem) return problemText(f.problem);
  if ('refusal' in f && f.refusal) return problemWords(f.refusal);
  if (!('code' in f)) return f.message;
  switch (f.code) {
    case 'points':
      return m.models_points_bad({ value: f.value });
    case 'v1':
      return m.models_points_v1();
    case 'no-scale':
      return m.models_points_no_scale({ leaf: f.leaf });
    case 'unknown-level':
      return m.models_points_unknown_level({ leaf: f.leaf, level: f.level });
    case 'zero-level':
      return m.models_points_zero_level({ leaf: f.leaf, level: f.level });
    case 'same':
      return m.models_points_same({ leaf: f.leaf, level: f.level, points: f.points });
  }
}

/** Where a saved set came from (its provenance kind), in the page's language. */
export const KIND_TEXT: Record<ProvenanceKind, () => string> = {
  panel: m.models_kind_panel,
  given: m.models_kind_given,
  regression: m.models_kind_regression,
  edited: m.models_kind_edited
};
