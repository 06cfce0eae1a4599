/**
 * The ridge penalty as typed (src/lib/weights/ridge.ts): one rule for the command line's
 * --ridge and the validation page's field, so the page saves what the CLI would. Classes: plain
 * decimals and exponents are taken; signs below 0, words, hex, commas, spaces inside, control
 * characters, overflow to Infinity and empty text are refused. The page's words for the field,
 * its refusal and the suggestion are Chinese in zh (no Latin words but the CLI's --ridge).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseRidge } from '../../../src/cli/weight-set-command';
import { m } from '../../../src/lib/paraglide/messages';
import { overwriteGetLocale } from '../../../src/lib/paraglide/runtime';
import { ridgeOfText, SUGGESTED_RIDGE } from '../../../src/lib/weights';

describe('ridgeOfText', () => {
  it('takes a finite decimal number >= 0, spaces around it ignored', () => {
    for (const [text, value] of [
      ['0', 0],
      ['1', 1],
      [' 0.5 ', 0.5],
      ['.25', 0.25],
      ['5.', 5],
      ['+2', 2],
      ['1e-3', 0.001],
      ['2E2', 200],
      ['-0', 0],
      ['1e-400', 0]
    ] as const) {
      expect(ridgeOfText(text), text).toBe(value);
      expect(parseRidge(text), text).toBe(value);
    }
    expect(ridgeOfText(String(SUGGESTED_RIDGE))).toBe(SUGGESTED_RIDGE);
  });

  it('refuses anything else, as the CLI does', () => {
    for (const text of [
      '',
      ' ',
      '-1',
      '-1e-9',
      'NaN',
      'Infinity',
      '1e999',
      '0x10',
      '1,5',
      '1 2',
      '1_000',
      '½',
      '１',
      'a\u0000',
      '1\u0000',
      '\ud800',
      'e5',
      '.',
      '1e'
    ]) {
      expect(ridgeOfText(text), JSON.stringify(text)).toBeNull();
      expect(() => parseRidge(text), JSON.stringify(text)).toThrow(/--ridge/);
    }
  });
});

describe('the ridge field in zh', () => {
  afterEach(() => overwriteGetLocale(() => 'en'));

  it('says everything in Chinese: only the CLI flag and λ are not', () => {
    overwriteGetLocale(() => 'zh');
    const ridge = String(SUGGESTED_RIDGE);
    for (const text of [
      m.validation_ridge_legend(),
      m.validation_ridge_label(),
      m.validation_ridge_hint(),
      m.validation_ridge_invalid(),
      m.validation_ridge_used({ ridge }),
      m.validation_ridge_none(),
      m.validation_ridge_suggest({ ridge }),
      m.validation_ridge_use({ ridge }),
      m.validation_save_field_ridge()
    ]) {
      expect(text.replace('--ridge', '').match(/[A-Za-z]{2,}/g), text).toBeNull();
      expect(text, text).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
