/** The weight models pages' words: refusals of their own fields, and where a set came from. */
import { m } from '$lib/paraglide/messages';
import type { ProvenanceKind } from '$lib/weights';

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

/** Where a saved set came from (its provenance kind), in the page's language. */
export const KIND_TEXT: Record<ProvenanceKind, () => string> = {
  panel: m.models_kind_panel,
  given: m.models_kind_given,
  regression: m.models_kind_regression,
  edited: m.models_kind_edited
};
