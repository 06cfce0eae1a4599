// Reading the CLI's input files: bytes from a file or standard input, checked to be UTF-8 text.
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { JsonSyntaxError, parseJson } from '../lib/json';
import { SourceError, UsageError } from './errors';

/** Where the CLI reads and writes; the process's streams unless a test passes others. */
export interface Io {
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const STDIN_NAME = '<stdin>';

/**
 * The most an input file (or standard input) may hold: 100 MB. Larger than any file the app
 * takes (a loan book of 100,000 loans is about 32 MB), and small enough that reading it can't
 * exhaust the memory: without a cap, `/dev/zero` or an endless pipe was read until the process
 * ran out of memory (4.6 GB after a minute).
 */
export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

const tooLarge = (name: string) =>
  new SourceError(
    `${name}: the input is over ${MAX_INPUT_BYTES / 1024 / 1024} MB (${MAX_INPUT_BYTES} bytes), the most a command reads: split it into smaller files`
  );

/** The bytes of a file, of a device or of a pipe, read until its end or until over the cap. */
async function readCapped(file: string): Promise<Buffer | null> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(1024 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, size);
      size += bytesRead;
      if (size > MAX_INPUT_BYTES) return null;
      chunks.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/**
 * Why `bytes` are not UTF-8 text, for a person: UTF-16 (a spreadsheet's "Unicode text") by its
 * byte order mark, else the first line that holds a byte sequence UTF-8 does not have (0x0A
 * never occurs inside a UTF-8 character, so the lines can be checked one by one).
 */
function notUtf8(name: string, bytes: Buffer): SourceError {
  const bom = bytes.subarray(0, 2).toString('hex');
  if (bom === 'fffe' || bom === 'feff')
    return new SourceError(
      `${name}: the input is UTF-16 text (it starts with the byte order mark ${bom.toUpperCase()}): save it as UTF-8`
    );
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop)))
      return new SourceError(
        `${name}: line ${line}: the input is not UTF-8 text (save it as UTF-8)`
      );
    start = stop + 1;
  }
  return new SourceError(`${name}: the input is not UTF-8 text (save it as UTF-8)`);
}

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
 * @throws UsageError without input; SourceError when unreadable, over MAX_INPUT_BYTES or not UTF-8
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
    let size = 0;
    for await (const chunk of io.stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_INPUT_BYTES) throw tooLarge(name);
      chunks.push(buffer);
    }
    bytes = Buffer.concat(chunks);
  } else {
    name = file;
    let read: Buffer | null;
    try {
      read = await readCapped(file);
    } catch (e) {
      throw new SourceError(`${name}: cannot read the file: ${readFailure(e)}`);
    }
    if (!read) throw tooLarge(name);
    bytes = read;
  }
  if (!isUtf8(bytes)) throw notUtf8(name, bytes);
  return { name, text: bytes.toString('utf8'), bytes };
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
