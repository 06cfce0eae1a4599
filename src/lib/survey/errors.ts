/**
 * Turning schema failures into the one kind of input error Pairwise reports everywhere:
 * AhpInputError, which names the JSON path of the problem ("$.judgments.B1[3]: ...").
 */
import * as v from 'valibot';
import { AhpInputError, type InputPath } from '../ahp';

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
  throw new AhpInputError([...path, ...issuePath(issue)], describeIssue(issue));
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.received === 'undefined')
    return `missing (expected ${issue.expected})`;
  if (issue.kind === 'schema' && issue.expected === 'never') return 'unknown field';
  return issue.message;
}
