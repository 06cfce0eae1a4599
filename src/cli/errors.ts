// Errors the CLI reports as bad input or bad usage (exit status 2). Input errors with a place
// inside the JSON are the engine's AhpInputError (path + detail); these cover the rest.

/** Wrong command line: unknown command or option, missing argument. Reported with a hint to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command-line option with a bad value, e.g. `--bootstrap 0`. */
export class OptionValueError extends Error {
  constructor(
    readonly option: string,
    readonly detail: string
  ) {
    super(`${option}: ${detail}`);
    this.name = 'OptionValueError';
  }
}

/** The input as a whole is unusable: unreadable file, not UTF-8, empty, malformed JSON. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}
