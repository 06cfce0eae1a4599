/**
 * Whether a refusal is in the page's language: in Chinese, no Latin-alphabet word except ids,
 * what the user wrote and a few tokens; in English, no Chinese character the user did not write.
 * Used by the server-level (tests/unit/i18n) and the page-level (tests/e2e/zh-refusals) tests.
 */

/**
 * Latin tokens a Chinese refusal may keep although the input lacks them: units and formats, the
 * scale's author, and the column and key names the file formats define (docs/weight-models.md,
 * docs/results.md, docs/monitoring.md).
 */
export const KEPT_LATIN = new Set([
  ...['KB', 'MB', 'CSV', 'JSON', 'csv', 'json', 'CR', 'AHP', 'UTF', 'NUL', 'Saaty'],
  ...['id', 'role', 'weight', 'local', 'global', 'label_en', 'label_zh', 'parent', 'lower'],
  ...['upper', 'format', 'version', 'pairwise', 'given', 'weights', 'defaulted', 'default']
]);

/** An id of a node, a pair of nodes or a leaf: B1, C15, B1_B2, x1, N3 (said as they are). */
const ID = /^[A-Za-z]+\d+(?:_[A-Za-z]+\d+)*$/;

/** Latin words of `shown` that are neither ids, kept tokens, nor anything the user wrote. */
export function foreignWords(shown: string, input: string): string[] {
  return (shown.match(/[A-Za-z][A-Za-z0-9_]+/g) ?? []).filter(
    (w) => !ID.test(w) && !KEPT_LATIN.has(w) && !input.includes(w)
  );
}

/** Chinese characters (and full-width punctuation) of `shown` the user did not write. */
export function foreignCjk(shown: string, input: string): string[] {
  return [...shown].filter(
    (c) => /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(c) && !input.includes(c)
  );
}
