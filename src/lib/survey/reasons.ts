/**
 * Delphi reasons as the expert's page handles them: the check while the expert types (the rule
 * the server applies, lineSchema(MAX_REASON_LENGTH)), what a submission carries, and how a
 * device's kept reasons read back. Kept apart from ./delphi.ts (the settings' schemas, the
 * server's checks) so the expert page's first download carries only these few lines.
 */
import { MAX_REASON_LENGTH, type Reasons } from './schema';
import { badCharacterOf, reservedKeyOf } from './text';

/**
 * What is wrong with a reason as the expert typed it (checked trimmed, as the server's
 * lineSchema(MAX_REASON_LENGTH) checks it), or null: a character the text rule refuses and
 * where, or its length. The page says it in its own language.
 */
export type ReasonProblem =
  { kind: 'characters'; at: number } | { kind: 'length'; length: number; max: number };

export function reasonProblem(text: string): ReasonProblem | null {
  const trimmed = text.trim();
  const bad = badCharacterOf(trimmed);
  if (bad) return { kind: 'characters', at: bad.at };
  if (trimmed.length > MAX_REASON_LENGTH)
    return { kind: 'length', length: trimmed.length, max: MAX_REASON_LENGTH };
  return null;
}

/**
 * The reasons to send with a submission, from what the expert typed (group id -> one text per
 * pair): for each of `groups` with at least one reason, one entry per pair, trimmed, an empty
 * one as null. Undefined when there is none. Check each with reasonProblem first.
 */
export function reasonsToSend(
  typed: Readonly<Record<string, readonly string[]>>,
  groups: ReadonlyArray<{ id: string; total: number }>
): Reasons | undefined {
  const out: Reasons = {};
  for (const { id, total } of groups) {
    const list = Array.from({ length: total }, (_, k) => typed[id]?.[k]?.trim() || null);
    if (list.some((r) => r !== null)) out[id] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reasons as a device kept them (a draft, the journal) or the server sent them (null: none):
 * group id -> one text per pair, '' for none. Anything else (a draft written before reasons
 * existed, a damaged entry) reads as no reasons, not as an error.
 */
export function typedReasons(input: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (typeof input !== 'object' || input === null || reservedKeyOf(input) !== null) return out;
  for (const [id, list] of Object.entries(input))
    if (Array.isArray(list)) out[id] = list.map((r: unknown) => (typeof r === 'string' ? r : ''));
  return out;
}
