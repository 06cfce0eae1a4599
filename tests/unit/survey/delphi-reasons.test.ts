/**
 * Delphi reasons in the shared model: the check the expert's page runs while the expert types
 * (the same rule as the server's lineSchema(200), so the page never sends what the server
 * refuses), what a submission carries, how a device's kept reasons read back (drafts written
 * before reasons existed included), and a server refusal that names the pair.
 */
import { describe, expect, it } from 'vitest';
import { AhpInputError } from '../../../src/lib/ahp';
import {
  badCharacterOf,
  checkSubmission,
  farmCreditTemplate,
  MAX_REASON_LENGTH,
  namedReasonError,
  reasonProblem,
  reasonsSchema,
  reasonsToSend,
  typedReasons
} from '../../../src/lib/survey';
import * as v from 'valibot';
import { submission } from '../server/fixtures';

const farm = farmCreditTemplate({ scales: false });

describe('reasonProblem: the page checks what the server checks', () => {
  // Each case: the text typed, what the page says, and whether the server's schema takes it.
  const cases: Array<[string, ReturnType<typeof reasonProblem>]> = [
    ['Insurance is rare here', null],
    ['', null],
    ['   padded   ', null],
    ['灾害频发', null],
    ['emoji 🌾 is one character of two code units', null],
    ['a\u0000b', { kind: 'characters', at: 2 }],
    ['bad \ud800 half', { kind: 'characters', at: 5 }],
    ['\udc00', { kind: 'characters', at: 1 }],
    ['two\nlines', { kind: 'characters', at: 4 }],
    ['tab\there', { kind: 'characters', at: 4 }],
    ['c1 \u0085 control', { kind: 'characters', at: 4 }],
    // Trimmed first, as the server trims: 200 characters inside spaces are fine, 201 are not.
    [`  ${'x'.repeat(MAX_REASON_LENGTH)}  `, null],
    ['x'.repeat(MAX_REASON_LENGTH + 1), { kind: 'length', length: 201, max: 200 }],
    ['y'.repeat(10_000), { kind: 'length', length: 10_000, max: 200 }]
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(reasonProblem(text)).toEqual(expected);
    const server = v.safeParse(reasonsSchema, { B1: [text] }).success;
    expect(server).toBe(expected === null);
  });

  it('badCharacterOf names the first refused character and its place', () => {
    expect(badCharacterOf('ok')).toBeNull();
    expect(badCharacterOf('ab\u0007c\u0000')).toEqual({ c: '\u0007', code: 'U+0007', at: 3 });
    // Line breaks are allowed in multi-line text only.
    expect(badCharacterOf('a\nb', true)).toBeNull();
    expect(badCharacterOf('a\nb')).toEqual({ c: '\n', code: 'U+000A', at: 2 });
  });
});

describe('reasonsToSend', () => {
  const groups = [
    { id: 'A1', total: 6 },
    { id: 'B1', total: 1 }
  ];

  it('one entry per pair for the groups with a reason, trimmed, empty ones null', () => {
    expect(reasonsToSend({ A1: ['', '  why  ', ''] }, groups)).toEqual({
      A1: [null, 'why', null, null, null, null]
    });
  });

  it('nothing when no reason was typed (blank ones included), and no group it was not given', () => {
    expect(reasonsToSend({}, groups)).toBeUndefined();
    expect(reasonsToSend({ A1: ['   ', ''], B1: [''] }, groups)).toBeUndefined();
    // B2 is not asked (a settled group): its reasons are not sent.
    expect(reasonsToSend({ B2: ['kept'] }, groups)).toBeUndefined();
  });

  it('what it builds passes the server checks', () => {
    const reasons = reasonsToSend({ B1: ['Insurance is rare'], A1: ['x'] }, groups);
    const { submission: s } = checkSubmission(farm, {
      ...submission({ judgments: { ...submission().judgments, B2: Array(10).fill(1) } }),
      reasons
    });
    expect(s.reasons).toEqual(reasons);
  });
});

describe('typedReasons: what a device kept reads back', () => {
  it('a draft written before reasons existed reads as none', () => {
    expect(typedReasons(undefined)).toEqual({});
    expect(typedReasons(null)).toEqual({});
  });

  it("the server's null (no reason) reads as an empty text", () => {
    expect(typedReasons({ A1: ['why', null] })).toEqual({ A1: ['why', ''] });
  });

  it('damaged entries read as no reasons, never as an error', () => {
    expect(typedReasons('text')).toEqual({});
    expect(typedReasons(['A1'])).toEqual({});
    expect(typedReasons({ A1: 'not a list', B1: [42, { x: 1 }, 'ok'] })).toEqual({
      B1: ['', '', 'ok']
    });
    expect(typedReasons(JSON.parse('{"__proto__": ["x"]}'))).toEqual({});
  });
});

describe('namedReasonError: the refusal names the pair', () => {
  it('a reason of a real pair: its number, its group and both names', () => {
    const e = namedReasonError(
      farm,
      new AhpInputError(['reasons', 'A1', 1], 'holds a NUL character (U+0000) at character 2')
    ) as AhpInputError;
    expect(e).toBeInstanceOf(AhpInputError);
    // A1's pairs in row-major order: (B1,B2), (B1,B3) ...: pair 2 is Natural / Operational risk.
    expect(e.message).toBe(
      '$.reasons.A1[1]: the reason for pair 2 of "A1" (Natural risk / Operational risk): holds a NUL character (U+0000) at character 2'
    );
  });

  it('anything else is returned as it was', () => {
    const other = new AhpInputError(['judgments', 'A1'], 'missing');
    expect(namedReasonError(farm, other)).toBe(other);
    const group = new AhpInputError(['reasons', 'Z9'], 'no such node');
    expect(namedReasonError(farm, group)).toBe(group);
    const past = new AhpInputError(['reasons', 'B1', 5], 'too far');
    expect(namedReasonError(farm, past)).toBe(past);
    const plain = new Error('x');
    expect(namedReasonError(farm, plain)).toBe(plain);
  });
});
