/**
 * Secret tokens (admin links, expert links, the open link) and public ids.
 *
 * A token is 192 random bits in base64url (32 characters). Only its SHA-256 is stored, and
 * rows are looked up by that hash: a copy of the database doesn't give anyone a working link,
 * and a lookup's timing says nothing useful about the token (the attacker can't choose hash
 * prefixes). Where two secrets are compared in code, the comparison is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 24;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/** A new secret token: 192 random bits as 32 base64url characters. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Cheap syntactic check, before any database access: 32 base64url characters.
 * Anything else (too long, padded, with other characters) is not a token of ours.
 */
export function isWellFormedToken(s: unknown): s is string {
  return typeof s === 'string' && TOKEN_PATTERN.test(s);
}

/** The SHA-256 of a token (32 bytes): what the database stores and is searched by. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time equality of two hashes (false when their lengths differ). */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time equality of two tokens: compares their SHA-256 hashes. */
export function tokensEqual(a: string, b: string): boolean {
  return hashesEqual(hashToken(a), hashToken(b));
}

/** A new public id for a survey or an expert: 72 random bits as 12 base64url characters. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/** Whether `s` looks like an id made by `newId`. */
export function isWellFormedId(s: unknown): s is string {
  return typeof s === 'string' && ID_PATTERN.test(s);
}
