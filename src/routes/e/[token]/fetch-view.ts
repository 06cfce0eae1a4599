/**
 * What the server's answer to GET /api/e/TOKEN means for the expert's page: the survey, or why it
 * can't be shown (a revoked link, a survey not open yet, a database away for a moment, a proxy's
 * error page).
 */
import * as v from 'valibot';
import { retryAfterMs } from '$lib/drafts';
import { answerWords } from '$lib/problem-words';
import { expertViewSchema, type ExpertView } from '../../api/e/[token]/view';
import type { Problem } from './answers.svelte';

export type ViewAnswer =
  | { kind: 'view'; view: ExpertView }
  /**
   * `always`: shown even over a survey this device has (the link no longer works, or the survey
   * is not open); otherwise only when there is nothing to carry on from. `retryAfterMs`: when to
   * ask again (a 503), null for the page's own interval.
   */
  | { kind: 'problem'; problem: Problem; always: boolean; retryAfterMs?: number | null };

/** Reads the answer to the expert's GET (its body once). */
export async function readView(response: Response): Promise<ViewAnswer> {
  const body: unknown = await response.json().catch(() => null); // null: a proxy's error page
  const message = answerWords(response.status, body);
  if (response.status === 404)
    return { kind: 'problem', problem: { kind: 'not-found', message }, always: true };
  if (response.status === 423)
    return { kind: 'problem', problem: { kind: 'not-open', message }, always: true };
  if (response.status === 503)
    return {
      kind: 'problem',
      problem: { kind: 'unavailable' },
      always: false,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'))
    };
  const parsed = response.ok ? v.safeParse(expertViewSchema, body) : null;
  // The server is having trouble: the page carries on from the device if it can.
  if (!parsed?.success)
    return { kind: 'problem', problem: { kind: 'failed', message }, always: false };
  return { kind: 'view', view: parsed.output };
}
