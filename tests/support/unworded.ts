/**
 * Whether a refusal's data can reach a page in another language than the page's (vitest only:
 * it words Problems with the app's Paraglide messages). The words are judged by ./language.ts.
 */
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { isProblem, problemWords } from '../../src/lib/problem-words';
import { foreignCjk, foreignWords } from './language';

/**
 * Why a refusal's data (an action failure's, an error's body) could put words of another
 * language on a page, in both languages: each Problem in it is worded by problemWords (in
 * Chinese no Latin word but ids, the input's and the kept tokens; in English no Chinese the
 * input lacks); every other text is a code the page words itself (one lower-case token), a
 * number, or words of the input. An error's English `message` is the error page's fallback: an
 * error must carry a `code` (said by +error.svelte in the reader's language), or be a 404.
 * Returns the offending texts (empty: the refusal is in the page's language).
 */
export function unworded(data: unknown, input: string, status: number): string[] {
  const out: string[] = [];
  const visit = (x: unknown, key: string, inError: boolean) => {
    if (isProblem(x)) {
      for (const locale of ['zh', 'en'] as const) {
        overwriteGetLocale(() => locale);
        const shown = problemWords(x);
        const bad = locale === 'zh' ? foreignWords(shown, input) : foreignCjk(shown, input);
        if (bad.length > 0) out.push(`${key} (${locale}): ${shown}`);
      }
      overwriteGetLocale(() => 'en');
      return;
    }
    if (typeof x === 'string') {
      // The error page's fallback text: only shown when the error has no code (and not a 404).
      if (inError && key === 'message') return;
      if (/^[a-z][a-z0-9_-]*$/.test(x) || foreignWords(x, input).length === 0) return;
      out.push(`${key}: ${x.slice(0, 200)}`);
      return;
    }
    if (Array.isArray(x)) x.forEach((y) => visit(y, key, inError));
    else if (x && typeof x === 'object') {
      // Beside a code the page words (a Problem, a page's own problem object, or a refusal of a
      // kind and a code such as the loan file's), the English (message, detail) is for the log
      // and the command line: the page words the code. A bare `code` (a store error's) is not
      // enough: pages showed the English beside it.
      const o = x as Record<string, unknown>;
      const worded =
        Object.values(o).some((y) => isProblem(y)) ||
        (typeof o.kind === 'string' && typeof o.code === 'string') ||
        (!!o.problem && typeof o.problem === 'object');
      for (const [k, y] of Object.entries(x))
        if (!(worded && (k === 'message' || k === 'detail'))) visit(y, k, inError);
    }
  };
  const error = !!data && typeof data === 'object' && 'message' in data && !('code' in data);
  if (error && status !== 404 && status < 500)
    out.push(`an error without a code: ${String((data as { message: unknown }).message)}`);
  visit(data, '', !!data && typeof data === 'object' && 'message' in data);
  return out;
}
