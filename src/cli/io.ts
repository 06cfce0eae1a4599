// Reading the CLI's input files: bytes from a file or standard input, checked to be UTF-8 text.
import { readFile } from 'node:fs/promises';
import { JsonSyntaxError, parseJson } from '../lib/json';
import { SourceError, UsageError } from './errors';

/** Where the CLI reads and writes; the process's streams unless a test passes others. */
export interface Io {
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const STDIN_NAME = '<stdin>';

export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The text (and the bytes) of FILE, or of standard input for "-" or no FILE (unless standard input is a
 * terminal), named as messages will name it.
 * @param what what the input should be, for the "no input" message ("the JSON")
 * @throws UsageError without input; SourceError when unreadable or not UTF-8
 */
export async function readText(
  file: string | undefined,
  io: Io,
  what: string
): Promise<{ name: string; text: string; bytes: Buffer }> {
  let bytes: Buffer;
  let name: string;
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdin.isTTY) {
      throw new UsageError(`no input: give a FILE, or pipe ${what} into standard input ('-')`);
    }
    name = STDIN_NAME;
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    bytes = Buffer.concat(chunks);
  } else {
    name = file;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new SourceError(`${name}: cannot read the file: ${readFailure(e)}`);
    }
  }
  try {
    return { name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bytes };
  } catch {
    throw new SourceError(`${name}: the input is not UTF-8 text`);
  }
}

/**
 * The JSON of FILE (or standard input), parsed.
 * @param what what the input should be, for the "no input" message ("the JSON")
 * @throws UsageError without input; SourceError when unreadable, empty or malformed (line, column)
 */
export async function readJson(
  file: string | undefined,
  io: Io,
  what: string
): Promise<{ name: string; input: unknown }> {
  const { name, text } = await readText(file, io, what);
  if (text.trim() === '')
    throw new SourceError(`${name}: the input is empty: expected a JSON object`);
  try {
    return { name, input: parseJson(text) };
  } catch (e) {
    if (e instanceof JsonSyntaxError)
      throw new SourceError(
        `${name}: line ${e.line}, column ${e.column}: malformed JSON: ${e.detail}`
      );
    throw e;
  }
}
