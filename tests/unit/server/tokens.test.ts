/** Tokens: 192 random bits, base64url, stored only as SHA-256, compared in constant time. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashesEqual,
  hashToken,
  isWellFormedId,
  isWellFormedToken,
  newId,
  newToken,
  tokensEqual
} from '../../../src/lib/server/tokens';

describe('tokens', () => {
  it('newToken gives 32 base64url characters carrying 192 bits, never repeating', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 2000; k++) {
      const t = newToken();
      expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(24);
      seen.add(t);
    }
    expect(seen.size).toBe(2000);
  });

  it('isWellFormedToken accepts only our shape', () => {
    expect(isWellFormedToken(newToken())).toBe(true);
    for (const bad of [
      '',
      'short',
      newToken() + 'A',
      newToken().slice(1) + '=',
      newToken().slice(1) + '/',
      newToken().slice(1) + ' ',
      null,
      42,
      undefined
    ]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });

  it('hashToken is the SHA-256 of the token (32 bytes)', () => {
    const t = newToken();
    const h = hashToken(t);
    expect(h).toHaveLength(32);
    expect(h.equals(createHash('sha256').update(t).digest())).toBe(true);
  });

  it('tokensEqual and hashesEqual', () => {
    const t = newToken();
    expect(tokensEqual(t, t)).toBe(true);
    expect(tokensEqual(t, newToken())).toBe(false);
    expect(tokensEqual(t, '')).toBe(false);
    expect(hashesEqual(hashToken(t), hashToken(t))).toBe(true);
    expect(hashesEqual(hashToken(t), hashToken(t).subarray(0, 31))).toBe(false);
  });

  it('newId gives 12 base64url characters', () => {
    const id = newId();
    expect(isWellFormedId(id)).toBe(true);
    expect(isWellFormedId(id + 'x')).toBe(false);
  });
});
