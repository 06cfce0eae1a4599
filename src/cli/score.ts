// `pairwise score`: grades loan applicants (a CSV) with a weight set, after verifying the weight
// set's schema and hash. The scoring itself is the library's (src/lib/weights/score.ts).
import { writeFile } from 'node:fs/promises';
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
    try {
      await writeFile(flags.output, output);
    } catch (e) {
      throw new SourceError(`${flags.output}: cannot write the output: ${readFailure(e)}`);
    }
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
