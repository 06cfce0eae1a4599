// Reading JSON text (CLI files, request bodies, imports): JSON.parse, and when it fails, where (line and column) and why.
// V8's messages give a position for some errors but not for others ("Unexpected token 'x',
// "..." is not valid JSON"), so the position comes from a small scanner of the JSON grammar
// (RFC 8259) that runs only after JSON.parse has failed.

import { problem, problemEnglish, type Problem } from './problem';

/** Malformed JSON, with a 1-based line and column of the first problem. */
export class JsonSyntaxError extends Error {
  /** What is wrong in English, on one line (the file's own text may be quoted in it). */
  readonly detail: string;
  constructor(
    readonly line: number,
    readonly column: number,
    /** What is wrong as a code, for a page to word in its language. */
    readonly problem: Problem
  ) {
    const detail = problemEnglish(problem).replace(/\s+/g, ' ');
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'JsonSyntaxError';
    this.detail = detail;
  }
}

/**
 * How deeply JSON may nest (arrays and objects). Every file and body Pairwise reads nests far
 * less (a hierarchy of the CLI's 64 levels is about 130); deeper values would overflow the call
 * stack of anything that walks them recursively (JSON.stringify, the schemas).
 */
export const MAX_JSON_DEPTH = 200;

/**
 * Parses JSON text (a leading byte-order mark is ignored).
 * @throws JsonSyntaxError naming the line and column of the first syntax error, or of the
 *   bracket that nests deeper than MAX_JSON_DEPTH
 */
export function parseJson(text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const tooDeep = nestingBeyond(body, MAX_JSON_DEPTH);
  if (tooDeep >= 0) {
    const { line, column } = lineAndColumn(body, tooDeep);
    throw new JsonSyntaxError(line, column, problem('json-too-deep', { max: MAX_JSON_DEPTH }));
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    const found = locateSyntaxError(body);
    const offset = found?.offset ?? body.length;
    const what =
      found?.problem ??
      problem('json-other', {
        message:
          error instanceof Error
            ? error.message.replace(/ in JSON at position \d+.*$/s, '')
            : 'not JSON'
      });
    const { line, column } = lineAndColumn(body, offset);
    throw new JsonSyntaxError(line, column, what);
  }
}

/** The offset of the first '[' or '{' (outside strings) that opens level `max + 1`, or -1. */
function nestingBeyond(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string: up to the next quote that no backslash escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      start = k + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Found {
  constructor(
    readonly offset: number,
    readonly problem: Problem
  ) {}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * The offset and a description of the first syntax error in `text`, or null when the scanner
 * finds none. Iterative (an explicit stack), so deep nesting cannot overflow the call stack.
 */
export function locateSyntaxError(
  text: string
): { offset: number; detail: string; problem: Problem } | null {
  let i = 0;
  const fail = (what: Problem, at = i): never => {
    throw new Found(at, what);
  };
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (text[i + k] !== word[k])
        fail(problem('json-literal', { found: text[i + k] ?? '', word }), i + k);
    }
    i += word.length;
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') fail(problem('json-number', { found: text[i] ?? '' }));
    i += m![0].length;
  };
  const string = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) fail(problem('json-unterminated'), start);
      if (c === '"') {
        i++;
        return;
      }
      if (c! < ' ') fail(problem('json-control-in-string', { found: c! }));
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            fail(problem('json-unicode-escape'));
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          fail(problem('json-escape', { escape: e ?? '' }));
        }
      } else {
        i++;
      }
    }
  };

  // Each open container: 'first' right after its opening bracket, 'value' (objects only) after a
  // comma, 'after' once a value has begun (so a ',' or the closing bracket comes next).
  type Frame = { kind: 'object' | 'array'; state: 'first' | 'value' | 'after' };
  const stack: Frame[] = [];
  try {
    skipWhitespace();
    for (;;) {
      // Parse one value (scalar, or the opening of a container).
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        stack.push({ kind: c === '{' ? 'object' : 'array', state: 'first' });
      } else if (c === '"') string();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else
        fail(c === undefined ? problem('json-value-missing') : problem('json-value', { found: c }));

      // Close containers and find where the next value starts.
      let needValue = false;
      while (!needValue) {
        const top = stack[stack.length - 1];
        skipWhitespace();
        if (!top) {
          if (i < text.length) fail(problem('json-after-end', { found: text[i] ?? '' }));
          return null;
        }
        if (top.kind === 'object' && top.state !== 'after') {
          // Expecting a key (or '}' right after '{').
          if (top.state === 'first' && text[i] === '}') {
            i++;
            stack.pop();
            if (stack.length > 0) stack[stack.length - 1]!.state = 'after';
            continue;
          }
          if (text[i] !== '"') {
            fail(
              problem(top.state === 'first' ? 'json-key-first' : 'json-key', {
                found: text[i] ?? ''
              })
            );
          }
          string();
          skipWhitespace();
          if (text[i] !== ':') fail(problem('json-colon', { found: text[i] ?? '' }));
          i++;
          skipWhitespace();
          top.state = 'after';
          needValue = true;
        } else if (top.kind === 'array' && top.state === 'first') {
          if (text[i] === ']') {
            i++;
            stack.pop();
            if (stack.length > 0) stack[stack.length - 1]!.state = 'after';
            continue;
          }
          top.state = 'after';
          needValue = true;
        } else {
          // After a value inside a container: ',' or the closing bracket.
          const close = top.kind === 'object' ? '}' : ']';
          if (text[i] === close) {
            i++;
            stack.pop();
            if (stack.length > 0) stack[stack.length - 1]!.state = 'after';
          } else if (text[i] === ',') {
            i++;
            if (top.kind === 'object') {
              top.state = 'value'; // a property name comes next
            } else {
              skipWhitespace();
              if (text[i] === ']') fail(problem('json-trailing-comma'));
              needValue = true;
            }
          } else {
            fail(problem('json-comma', { found: text[i] ?? '', container: top.kind }));
          }
        }
      }
    }
  } catch (e) {
    if (e instanceof Found)
      return { offset: e.offset, detail: problemEnglish(e.problem), problem: e.problem };
    throw e;
  }
}

/**
 * Where the value at `path` (object keys and array indices, as an AhpInputError names them)
 * starts in valid JSON text, as a 1-based line and column; for a path that goes further than the
 * text (a missing member), where the deepest value on it that exists starts. With duplicate keys
 * the last one counts, as in JSON.parse. Meant for error messages about a file that parsed.
 */
export function jsonPathPosition(
  text: string,
  path: ReadonlyArray<string | number>
): { line: number; column: number } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let i = 0;
  const ws = () => {
    while (i < body.length && WHITESPACE.has(body[i]!)) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (i < body.length && body[i] !== '"') i += body[i] === '\\' ? 2 : 1;
    i++; // closing quote
  };
  const readString = (): string => {
    const start = i;
    skipString();
    try {
      return JSON.parse(body.slice(start, i)) as string;
    } catch {
      return '';
    }
  };
  // Skips one value starting at i (strings aware of escapes, containers by depth).
  const skipValue = () => {
    const c = body[i];
    if (c === '"') return skipString();
    if (c !== '{' && c !== '[') {
      while (i < body.length && !',]}'.includes(body[i]!) && !WHITESPACE.has(body[i]!)) i++;
      return;
    }
    let depth = 0;
    while (i < body.length) {
      const d = body[i]!;
      if (d === '"') {
        skipString();
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) {
          i++;
          return;
        }
      }
      i++;
    }
  };
  ws();
  let found = i;
  for (const key of path) {
    const c = body[i];
    let at = -1;
    if (c === '{' && typeof key === 'string') {
      i++;
      ws();
      while (i < body.length && body[i] !== '}') {
        const name = readString();
        ws();
        i++; // ':'
        ws();
        if (name === key) at = i;
        skipValue();
        ws();
        if (body[i] === ',') i++;
        ws();
      }
    } else if (c === '[' && typeof key === 'number') {
      i++;
      ws();
      for (let k = 0; i < body.length && body[i] !== ']'; k++) {
        if (k === key) {
          at = i;
          break;
        }
        skipValue();
        ws();
        if (body[i] === ',') i++;
        ws();
      }
    }
    if (at < 0) break;
    i = at;
    found = at;
  }
  return lineAndColumn(body, found);
}

/**
 * What a JSON error answer of this app's endpoints says ({"message": "..."}), or, for any other
 * body (a proxy's error page, nothing), "HTTP <status>".
 */
export function errorMessageOf(body: unknown, status: number): string {
  return body && typeof body === 'object' && 'message' in body
    ? String(body.message)
    : `HTTP ${status}`;
}
