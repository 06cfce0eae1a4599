import { m } from '$lib/paraglide/messages';

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
