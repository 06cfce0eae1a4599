/**
 * Turning schema failures into the one kind of input error Pairwise reports everywhere:
 * AhpInputError, which names the JSON path of the problem ("$.judgments.B1[3]: ...").
 */
import * as v from 'valibot';
import { AhpInputError, type InputPath } from '../ahp';
import { problem, type Problem } from '../problem';

/** The path of a valibot issue, as object keys and array indices. */
function issuePath(issue: v.BaseIssue<unknown>): Array<string | number> {
  return (issue.path ?? []).map((item) => {
    const key = (item as { key?: unknown }).key;
    return typeof key === 'number' ? key : String(key);
  });
}

/**
 * Parses `input` with `schema`, or throws an AhpInputError naming the path of the first issue.
 * @throws AhpInputError
 */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  path: InputPath = []
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new AhpInputError([...path, ...issuePath(issue)], issueProblem(issue));
}

/** A schema's issue as a Problem: a field missing or unknown, a value of the wrong type, else the schema's own words. */
export function issueProblem(issue: v.BaseIssue<unknown>): Problem {
  const expected = issue.expected ?? '';
  if (issue.kind === 'schema' && issue.received === 'undefined')
    return problem('input-missing', { expected });
  if (issue.kind === 'schema' && expected === 'never') return problem('input-unknown-field');
  if (issue.kind === 'schema') return problem('input-type', { expected, message: issue.message });
  return problem('input-other', { message: issue.message });
}
