/**
 * Errors of the AHP engine.
 *
 * Malformed input is an error a person can act on: it names where the problem is (`path`, a
 * JSON-style path into the input such as `["upper", 3]`) and what is wrong. An inconsistent
 * matrix is never an error: it is a result with `consistent: false`.
 */
import { problem, problemEnglish, type Problem } from '../problem';

/** Where in an input a problem was found: object keys and array indices, outermost first. */
export type InputPath = ReadonlyArray<string | number>;

/** Formats a path as `$.experts[2].upper[5]` (the notation the CLI and the API report). */
export function formatPath(path: InputPath): string {
  let out = '$';
  for (const part of path) {
    out +=
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)
          ? `.${part}`
          : `[${JSON.stringify(part)}]`;
  }
  return out;
}

/**
 * Thrown for input the engine cannot use: not square, a value off the scale, a broken
 * reciprocal, elements left unconnected by the known judgments, a random-index table too
 * small for the matrix, and so on. `path` points at the offending value.
 */
export class AhpInputError extends Error {
  readonly path: InputPath;
  /** What is wrong as a code, for a page to word in its language (English only: `input-other`). */
  readonly problem: Problem;
  /**
   * @param what what is wrong: English, or a code worded by problemEnglish
   * @param fn the function that refused, said before a code's English (`editWeightSet: ...`)
   */
  constructor(
    path: InputPath,
    what: string | Problem,
    readonly fn?: string
  ) {
    const english = typeof what === 'string' ? what : problemEnglish(what);
    const message = fn === undefined ? english : `${fn}: ${english}`;
    super(path.length > 0 ? `${formatPath(path)}: ${message}` : message);
    this.name = 'AhpInputError';
    this.path = path;
    this.problem = typeof what === 'string' ? problem('input-other', { message: what }) : what;
  }

  /**
   * The English beside a line and column of a file: a coded problem's own words; for one of the
   * generic `input-*` codes (a schema's issue, words not coded yet), the message with its path.
   */
  get englishAtLine(): string {
    return this.problem.code.startsWith('input-') ? this.message : problemEnglish(this.problem);
  }

  /** The message without the path prefix. */
  get detail(): string {
    const prefix = `${formatPath(this.path)}: `;
    return this.path.length > 0 && this.message.startsWith(prefix)
      ? this.message.slice(prefix.length)
      : this.message;
  }

  /** The same error, its path placed under `prefix` (for callers that nest inputs). */
  under(...prefix: ReadonlyArray<string | number>): AhpInputError {
    return new AhpInputError([...prefix, ...this.path], this.problem, this.fn);
  }
}

/**
 * Thrown when a numerical method fails to converge. With valid input this does not happen;
 * the error exists so that a failure can never pass as a result.
 */
export class AhpConvergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AhpConvergenceError';
  }
}
