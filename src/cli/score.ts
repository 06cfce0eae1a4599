// `pairwise score`: grades loan applicants (a CSV) with a weight set, after verifying the weight
// set's schema and hash. The scoring itself is the library's (src/lib/weights/score.ts).
import { randomBytes } from 'node:crypto';
import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CsvError, ScoreRowError, scoreCsv, scoresCsv, scoresJson } from '../lib/weights/index';
import { OptionValueError, SourceError, UsageError } from './errors';
import { readFailure, readText, type Io } from './io';
import { loadWeightSet } from './weight-set-file';

export interface ScoreFlags {
  weights?: string;
  strict?: boolean;
  format?: 'csv' | 'json';
  output?: string;
}

/** How many skipped rows the summary on standard error names (the rest are counted). */
export const SUMMARY_LIMIT = 20;

export function parseFormat(value: string): 'csv' | 'json' {
  if (value !== 'csv' && value !== 'json')
    throw new OptionValueError(
      '--format',
      `${JSON.stringify(value)} is not a format: give csv or json`
    );
  return value;
}

/** Runs `pairwise score`; returns the exit status (errors are thrown for main() to report). */
export async function scoreCommand(
  file: string | undefined,
  flags: ScoreFlags,
  io: Io
): Promise<number> {
  if (flags.weights === undefined) throw new UsageError('give the weight set: --weights SET.json');
  if (flags.output !== undefined)
    for (const [input, option] of [
      [file, 'the applicants file'],
      [flags.weights, '--weights']
    ] as const)
      if (input !== undefined && input !== '-' && (await samePath(flags.output, input)))
        throw new UsageError(
          `--output ${flags.output} is ${option}: writing it would destroy the input; give another file`
        );
  const ws = await loadWeightSet(flags.weights, io, '--weights', 'the applicants');
  const { name, text } = await readText(file, io, 'the applicants CSV');
  let report;
  try {
    report = scoreCsv(ws, text, { strict: flags.strict === true });
  } catch (e) {
    if (e instanceof CsvError)
      throw new SourceError(`${name}: line ${e.line}, column ${e.column}: ${e.detail}`);
    if (e instanceof ScoreRowError) throw new SourceError(`${name}: ${e.message}`);
    throw e;
  }
  const output =
    flags.format === 'json'
      ? `${JSON.stringify(scoresJson(report, ws), null, 2)}\n`
      : scoresCsv(report);
  if (flags.output !== undefined) {
    await writeWhole(flags.output, output);
  } else io.stdout(output);
  const skipped = report.skipped.length;
  if (skipped > 0) {
    const listed = report.skipped.slice(0, SUMMARY_LIMIT).map((p) => p.message);
    const more = skipped > SUMMARY_LIMIT ? `; and ${skipped - SUMMARY_LIMIT} more` : '';
    const summary = `pairwise score: ${name}: scored ${report.count} applicant${report.count === 1 ? '' : 's'}, skipped ${skipped} row${skipped === 1 ? '' : 's'}: ${listed.join('; ')}${more}`;
    // One line: a quoted value may hold a line break.
    io.stderr(`${summary.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  }
  return 0;
}

/** Whether two paths name the same file (the same path, or links to one file). */
async function samePath(a: string, b: string): Promise<boolean> {
  const real = (p: string) => realpath(p).catch(() => path.resolve(p));
  return (await real(a)) === (await real(b));
}

/**
 * Writes `text` to `file` whole or not at all: into a temporary file beside it, then renamed
 * over it, so that a failed write (a full disk, an interrupted process) leaves no half file and
 * an existing file as it was. A device or a pipe (`/dev/stdout`) is written as it is.
 * @throws SourceError when the file can't be written
 */
async function writeWhole(file: string, text: string): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`
  );
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory())
    throw new SourceError(`${file}: cannot write the output: it is a directory`);
  try {
    if (existing && !existing.isFile()) {
      await writeFile(file, text);
    } else {
      await writeFile(temporary, text, { flag: 'wx' });
      await rename(temporary, file);
    }
  } catch (e) {
    await rm(temporary, { force: true });
    throw new SourceError(`${file}: cannot write the output: ${readFailure(e)}`);
  }
}
