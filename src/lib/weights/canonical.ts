/**
 * The canonical JSON text of a value and its SHA-256, the two halves of a weight set's hash.
 *
 * Canonical JSON (what production re-implements to verify a weight set):
 * - no whitespace anywhere outside strings;
 * - object members sorted by key, comparing keys by Unicode code point; members whose value is
 *   `undefined` are left out (as JSON.stringify does);
 * - arrays in their order;
 * - strings and numbers exactly as ECMAScript's JSON.stringify writes them: numbers in the
 *   shortest form that reads back as the same double (1, 0.5, 1e-9, 0.30000000000000004; -0 as
 *   0), strings with `"` `\` and control characters escaped (\b \f \n \r \t, others \u00XX,
 *   lowercase hex), everything else, non-ASCII included, as is;
 * - `true`, `false`, `null`.
 * The hash is SHA-256 of the UTF-8 bytes of that text, in lowercase hex. For documents whose keys
 * are all ASCII (every weight set), this is the JSON Canonicalization Scheme of RFC 8785, so any
 * JCS library reproduces it.
 */

/** Compares two strings by Unicode code point (not by UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate encodes a code point above U+FFFF: after every other code unit.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The canonical JSON text of a JSON value (see the module comment).
 * @throws TypeError for values JSON cannot hold: NaN, Infinity, bigint, functions, symbols,
 *   `undefined` outside an object member, cycles
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (x: unknown, where: string): string => {
    if (x === null) return 'null';
    switch (typeof x) {
      case 'boolean':
        return x ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(x)) throw new TypeError(`canonicalJson: ${x} at ${where} is not JSON`);
        return JSON.stringify(x);
      case 'string':
        return JSON.stringify(x);
      case 'object': {
        if (seen.has(x)) throw new TypeError(`canonicalJson: a cycle at ${where}`);
        seen.add(x);
        let out: string;
        if (Array.isArray(x)) {
          out = `[${x.map((item, k) => write(item, `${where}[${k}]`)).join(',')}]`;
        } else {
          const o = x as Record<string, unknown>;
          const keys = Object.keys(o)
            .filter((k) => o[k] !== undefined)
            .sort(compareCodePoints);
          out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(o[k], `${where}.${k}`)}`).join(',')}}`;
        }
        seen.delete(x);
        return out;
      }
      default:
        throw new TypeError(`canonicalJson: a ${typeof x} at ${where} is not JSON`);
    }
  };
  return write(value, '$');
}

/**
 * SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. Uses the Web Crypto API
 * (browsers, Node 20+), hence async.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
