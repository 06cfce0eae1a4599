// The `pairwise` command line: argument parsing, reading the input, writing the result, and
// turning every failure into one line on standard error. The commands themselves are in
// commands.ts; the math is the engine's (src/lib/ahp).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AhpInputError, formatPath } from '../lib/ahp/index';
import {
  groupCommand,
  hierarchyCommand,
  MAX_RESAMPLES,
  weighCommand,
  type HierarchyFlags
} from './commands';
import { monitorCommand, type MonitorFlags } from './monitor';
import { ratingsCommand } from './ratings';
import { OptionValueError, SourceError, UsageError } from './errors';
import { readJson, type Io } from './io';
import { lineProblem, MAX_LABEL_LENGTH } from '../lib/survey/index';
import { parseFormat, scoreCommand, type ScoreFlags } from './score';
import { sqlCommand, sqlName, type SqlFlags } from './sql';
import { COMMAND_NAMES, helpRequest } from './usage.js';
import { PATTERNS } from '../lib/weights/index';
import {
  parseMoves,
  parsePoints,
  parseRidge,
  weightSetCommand,
  type WeightSetFlags
} from './weight-set-command';
import {
  MAX_VALIDATE_RESAMPLES,
  parseCutoff,
  parseOutcomeColumn,
  parseValidateFormat,
  validateCommand,
  type ValidateFlags
} from './validate-command';

export type { Io } from './io';

function processIo(): Io {
  // A closed pipe (`pairwise ... | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE')
      process.stderr.write(`pairwise: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 1);
  });
  return {
    stdin: process.stdin,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text)
  };
}

type OptionParser = (value: string) => unknown;

interface CommandBase {
  /** Options that take a value, with their parsers (which throw OptionValueError). */
  options: Readonly<Record<string, OptionParser>>;
  /** Options that take no value (set to true when given). */
  flags?: readonly string[];
  /**
   * Options whose value is a list (an array): every following argument up to the next option
   * when the option named beside them is given too, else the one next argument.
   */
  lists?: Readonly<Record<string, string>>;
}

/** A command that reads one JSON input and writes its result as JSON. */
interface JsonCommand extends CommandBase {
  run: (input: unknown, options: Record<string, unknown>) => unknown;
}

/** A command that does its own reading and writing and returns the exit status. */
interface RawCommand extends CommandBase {
  execute: (file: string | undefined, options: Record<string, unknown>, io: Io) => Promise<number>;
}

type Command = JsonCommand | RawCommand;

const fileName =
  (option: string): OptionParser =>
  (value) => {
    if (value === '') throw new OptionValueError(option, 'give a file name');
    return value;
  };

const wholeNumber =
  (option: string, min: number, max: number, what: string): OptionParser =>
  (value) => {
    const x = /^\+?\d+$/.test(value) ? Number(value) : NaN;
    if (!(x >= min && x <= max)) {
      throw new OptionValueError(
        option,
        `${JSON.stringify(value)} is not ${what}: give a whole number from ${min} to ${max}`
      );
    }
    return x;
  };

/** A one-line text option (the text rule of src/lib/survey/text.ts), trimmed. */
const lineOption =
  (option: string, max: number, what: string): OptionParser =>
  (value) => {
    const problem = lineProblem(value, max);
    if (problem) throw new OptionValueError(option, `${what} ${problem}`);
    if (value.trim() === '') throw new OptionValueError(option, `give ${what}`);
    return value.trim();
  };

const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['weigh', { options: {}, run: (input) => weighCommand(input) }],
  ['group', { options: {}, run: (input) => groupCommand(input) }],
  ['ratings', { options: {}, run: (input) => ratingsCommand(input) }],
  [
    'hierarchy',
    {
      options: {
        '--bootstrap': wholeNumber('--bootstrap', 1, MAX_RESAMPLES, 'a number of resamples'),
        '--seed': (value) => {
          const x = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
          if (!Number.isSafeInteger(x)) {
            throw new OptionValueError('--seed', `${JSON.stringify(value)} is not a whole number`);
          }
          return x;
        },
        '--level': (value) => {
          const x = value.trim() === '' ? NaN : Number(value);
          if (!(x > 0 && x < 1)) {
            throw new OptionValueError(
              '--level',
              `${JSON.stringify(value)} is not a coverage level: give a number between 0 and 1, such as 0.9`
            );
          }
          return x;
        },
        '--sensitivity': (value) => {
          if (value === '') throw new OptionValueError('--sensitivity', 'give the id of a node');
          return value;
        }
      },
      run: (input, options) => hierarchyCommand(input, options as HierarchyFlags)
    }
  ],
  [
    'score',
    {
      options: {
        '--weights': fileName('--weights'),
        '--format': parseFormat,
        '--output': fileName('--output')
      },
      flags: ['--strict'],
      execute: (file, options, io) => scoreCommand(file, options as ScoreFlags, io)
    }
  ],
  [
    'sql',
    {
      options: {
        '--weights': fileName('--weights'),
        '--table': sqlName('--table', true),
        '--id': sqlName('--id', false)
      },
      execute: (file, options, io) => sqlCommand(file, options as SqlFlags, io)
    }
  ],
  [
    'validate',
    {
      options: {
        '--weights': fileName('--weights'),
        '--compare': fileName('--compare'),
        '--loans': fileName('--loans'),
        '--outcome': parseOutcomeColumn,
        '--cutoff': parseCutoff,
        '--seed': (value) => {
          const x = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
          if (!Number.isSafeInteger(x)) {
            throw new OptionValueError('--seed', `${JSON.stringify(value)} is not a whole number`);
          }
          return x;
        },
        '--resamples': wholeNumber(
          '--resamples',
          1,
          MAX_VALIDATE_RESAMPLES,
          'a number of resamples'
        ),
        '--folds': wholeNumber('--folds', 2, 100, 'a number of folds'),
        '--ridge': parseRidge,
        '--format': parseValidateFormat
      },
      lists: { '--compare': '--loans' },
      execute: (file, options, io) => validateCommand(file, options as ValidateFlags, io)
    }
  ],
  [
    'monitor',
    {
      options: {
        '--weights': fileName('--weights'),
        '--then': fileName('--then'),
        '--baseline': fileName('--baseline'),
        '--warning-grade': (value) => {
          if (value.trim() === '') throw new OptionValueError('--warning-grade', 'give a grade');
          return value.trim();
        },
        '--drop': wholeNumber('--drop', 1, 25, 'a number of grades')
      },
      execute: (file, options, io) => monitorCommand(file, options as MonitorFlags, io)
    }
  ],
  [
    'weight-set',
    {
      options: {
        '--given': fileName('--given'),
        '--edit': fileName('--edit'),
        '--regression': fileName('--regression'),
        '--base': fileName('--base'),
        '--base-id': lineOption('--base-id', 200, 'an id'),
        '--outcome': parseOutcomeColumn,
        '--ridge': parseRidge,
        '--move': parseMoves,
        '--points': parsePoints,
        '--name': lineOption('--name', MAX_LABEL_LENGTH, 'a name'),
        '--survey-id': lineOption('--survey-id', 200, 'an id'),
        '--parent-id': lineOption('--parent-id', 200, 'an id'),
        '--created-at': (value) => {
          // A real date: Date.parse would roll 2026-02-31 over to March 3rd.
          if (
            !new RegExp(PATTERNS.createdAt).test(value) ||
            new Date(value).toISOString().slice(0, 10) !== value.slice(0, 10)
          )
            throw new OptionValueError(
              '--created-at',
              `${JSON.stringify(value)} is not a UTC time such as 2025-05-01T08:30:00.000Z`
            );
          return value;
        }
      },
      flags: ['--normalise'],
      execute: (file, options, io) => weightSetCommand(file, options as WeightSetFlags, io)
    }
  ]
]);

const isOption = (arg: string) => arg.startsWith('-') && arg !== '-';
const isGiven = (args: readonly string[], option: string) =>
  args.some((a) => a === option || a.startsWith(`${option}=`));

interface ParsedArgs {
  file: string | undefined;
  options: Record<string, unknown>;
}

/**
 * The arguments after the command name: FILE (at most one), the command's options. (A --help
 * among them was answered before, by helpRequest.)
 */
function parseArgs(command: Command, args: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { file: undefined, options: {} };
  const positional: string[] = [];
  const dashDash = args.indexOf('--');
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (k === dashDash) {
      positional.push(...args.slice(k + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (command.flags?.includes(name)) {
      if (eq !== -1) throw new UsageError(`option '${name}' takes no value`);
      const key = name.slice(2);
      if (key in parsed.options) throw new UsageError(`option '${name}' is given twice`);
      parsed.options[key] = true;
      continue;
    }
    const parse = Object.hasOwn(command.options, name) ? command.options[name] : undefined;
    if (!parse) throw new UsageError(`unknown option '${name}'`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (k + 1 < args.length) value = args[++k];
    if (value === undefined) throw new UsageError(`option '${name}' needs a value`);
    const key = name.slice(2);
    if (key in parsed.options) throw new UsageError(`option '${name}' is given twice`);
    const listWith = command.lists?.[name];
    if (listWith === undefined) {
      parsed.options[key] = parse(value);
      continue;
    }
    const values = [value];
    if (eq === -1 && isGiven(args, listWith))
      while (k + 1 < args.length && k + 1 !== dashDash && !isOption(args[k + 1]!))
        values.push(args[++k]!);
    parsed.options[key] = values.map(parse);
  }
  if (positional.length > 1) {
    throw new UsageError(`one input FILE at most, got '${positional[0]}' and '${positional[1]}'`);
  }
  parsed.file = positional[0];
  return parsed;
}

/** One line: messages may quote input that holds line breaks. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  let prefix = 'pairwise';
  let source = '';
  const fail = (message: string, status: number) => {
    io.stderr(`${prefix}: ${oneLine(message)}\n`);
    return status;
  };
  try {
    const help = helpRequest(argv);
    if (help !== null) {
      io.stdout(help);
      return 0;
    }
    if (first === 'help') {
      throw new UsageError(`no command '${rest[0]}' (commands: ${COMMAND_NAMES.join(', ')})`);
    }
    if (first === undefined) {
      throw new UsageError(`no command given (${COMMAND_NAMES.join(', ')})`);
    }
    const command = COMMANDS.get(first);
    if (!command) {
      throw new UsageError(
        first.startsWith('-')
          ? `unknown option '${first}'`
          : `unknown command '${first}' (commands: ${COMMAND_NAMES.join(', ')})`
      );
    }
    prefix = `pairwise ${first}`;
    const args = parseArgs(command, rest);
    if ('execute' in command) return await command.execute(args.file, args.options, io);
    const { name, input } = await readJson(args.file, io, 'the JSON');
    source = name;
    const result = command.run(input, args.options);
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      const help = prefix === 'pairwise' ? 'pairwise --help' : `${prefix} --help`;
      return fail(`${e.message}; run '${help}' for usage`, 2);
    }
    if (e instanceof OptionValueError || e instanceof SourceError) return fail(e.message, 2);
    if (e instanceof AhpInputError) return fail(`${source}: ${formatPath(e.path)}: ${e.detail}`, 2);
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return fail(`internal error: ${message}`, 1);
  }
}

// Also runnable directly: `npx tsx src/cli/main.ts <command>`.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = await main(process.argv.slice(2));
}
