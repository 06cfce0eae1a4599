// Reading a weight set file for `pairwise score` and `pairwise validate`: parsed, then verified
// (schema and hash) before the command reads anything else.
import { JsonSyntaxError, parseJson } from '../lib/json';
import { verifyWeightSet, type WeightSet } from '../lib/weights/index';
import { OptionValueError, SourceError } from './errors';
import { readText, type Io } from './io';

/**
 * Reads and verifies the weight set in FILE, or refuses it in one line.
 * @param option the option that named the file ("--weights"), for the message refusing "-"
 * @param stdinCarries what the command reads from standard input instead ("the loans")
 * @throws OptionValueError for "-"; SourceError when unreadable, malformed or refused
 */
export async function loadWeightSet(
  file: string,
  io: Io,
  option: string,
  stdinCarries: string
): Promise<WeightSet> {
  if (file === '-')
    throw new OptionValueError(option, `give a file; standard input carries ${stdinCarries}`);
  const { name, text } = await readText(file, io, 'the weight set');
  let input: unknown;
  try {
    input = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError)
      throw new SourceError(
        `${name}: line ${e.line}, column ${e.column}: malformed JSON: ${e.detail}`
      );
    throw e;
  }
  const result = await verifyWeightSet(input);
  if (!result.ok)
    throw new SourceError(
      `${name}: refusing this weight set (${result.error.stage} check failed): ${result.error.message}`
    );
  return result.weightSet;
}
