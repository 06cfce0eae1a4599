/**
 * The Problem families that reached a Chinese page as English before (docs/i18n.md): a
 * document's structure (a schema's issue), the storage layer's refusals, the validation core's
 * inputs, grading bands, the results analysis, and an unexpected failure. Each is worded in
 * Chinese with no Latin word but its own values, and in English with the CLI's words
 * (problemEnglish); an unexpected failure shows only its reference, which the log also has.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../../src/lib/paraglide/runtime';
import { internalProblem, problemEnglish, type Problem } from '../../../src/lib/problem';
import { problemWords } from '../../../src/lib/problem-words';
import { foreignCjk, foreignWords } from '../../support/language';

afterEach(() => overwriteGetLocale(() => 'en'));

describe('the families that were English only on a Chinese page', () => {
  // One Problem of each code that used to reach a page as English (docs/i18n.md): a schema's
  // issue, a store refusal, a validation input, grading bands, the analysis, an unknown failure.
  const samples: Problem[] = [
    { code: 'input-missing', params: { expected: 'string' } },
    { code: 'input-missing', params: { expected: '"pairwise.responses"' } },
    { code: 'input-unknown-field', params: {} },
    { code: 'input-type', params: { expected: 'Array', message: 'Invalid type: Expected Array' } },
    { code: 'input-type', params: { expected: '("a" | "b")', message: 'Invalid type' } },
    { code: 'input-other', params: { message: '"Goal" has its children listed twice' } },
    ...(
      [
        'invalid',
        'not_found',
        'conflict',
        'frozen',
        'not_open',
        'closed',
        'round_closed',
        'not_asked',
        'rate_limited'
      ] as const
    ).map((store): Problem => ({
      code: 'store',
      params: { store, message: 'This survey does not exist, or it was deleted.', retryAfter: 30 }
    })),
    ...(
      [
        'length-mismatch',
        'empty',
        'not-finite',
        'not-binary',
        'too-few-outcomes',
        'unknown-grade',
        'constant-column',
        'bad-option',
        'different-hierarchy'
      ] as const
    ).map((code): Problem => ({
      code: 'validation-input',
      params: { code, message: `auc: outcomes[3]: ${code}` }
    })),
    { code: 'grade-none', params: {} },
    { code: 'grade-name', params: {} },
    { code: 'grade-twice', params: { grade: 'AA' } },
    { code: 'grade-score', params: { value: '120', min: 0, max: 100 } },
    { code: 'grade-order', params: { value: 70, before: 60 } },
    { code: 'grade-last', params: { min: 0, value: 10 } },
    { code: 'analysis-no-expert', params: {} },
    { code: 'internal', params: { reference: '0a1b2c3d' } }
  ];

  it('each is worded in Chinese (no Latin word but its values) and in English (the CLI’s words)', () => {
    for (const p of samples) {
      overwriteGetLocale(() => 'zh');
      const zh = problemWords(p);
      // The values a page may quote: a grade, numbers, a reference (never the English message).
      const values = Object.entries(p.params)
        .filter(([k]) => k !== 'message' && k !== 'expected' && k !== 'store' && k !== 'code')
        .map(([, x]) => String(x))
        .join(' ');
      expect(foreignWords(zh, values), `${p.code} (zh): ${zh}`).toEqual([]);
      expect(zh, `${p.code} (zh)`).toMatch(/[\u4e00-\u9fff]/);
      overwriteGetLocale(() => 'en');
      expect(problemWords(p)).toBe(problemEnglish(p));
      expect(foreignCjk(problemWords(p), ''), `${p.code} (en)`).toEqual([]);
    }
    // The store's wait is said in seconds; the unknown failure keeps its reference in both.
    overwriteGetLocale(() => 'zh');
    expect(
      problemWords(samples.find((p) => p.code === 'store' && p.params.store === 'rate_limited')!)
    ).toContain('30');
    expect(problemWords(samples.at(-1)!)).toContain('0a1b2c3d');
    overwriteGetLocale(() => 'en');
    expect(problemWords(samples.at(-1)!)).toContain('0a1b2c3d');
  });

  it('an unknown failure is logged under the reference the page shows, its text never shown', () => {
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const p = internalProblem(new Error('relation "surveys" does not exist'));
      expect(p.code).toBe('internal');
      const reference = (p.params as { reference: string }).reference;
      expect(reference).toMatch(/^[0-9a-f]{8}$/);
      expect(String(logged[0]?.[0])).toContain(reference);
      for (const locale of ['zh', 'en'] as const) {
        overwriteGetLocale(() => locale);
        expect(problemWords(p)).not.toContain('surveys');
      }
    } finally {
      console.error = original;
    }
  });
});
