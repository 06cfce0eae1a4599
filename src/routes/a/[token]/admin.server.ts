/**
 * The researcher's pages have no accounts: the admin token in the URL is the key. Every load
 * and every action looks the survey up by it again; a wrong token is a plain 404 that says
 * nothing about whether a survey exists.
 */
import { error, fail } from '@sveltejs/kit';
import { findSurveyByAdminToken, StoreError, type Db, type Survey } from '$lib/server';

/** The survey of this admin token. @throws a 404 page for any other token */
export async function requireSurvey(db: Db, token: string): Promise<Survey> {
  const survey = await findSurveyByAdminToken(db, token);
  if (!survey) error(404, 'Not found');
  return survey;
}

/**
 * A refusal of the storage layer as an action failure: its status, its code, and the refusal as
 * a Problem that the page words in the reader's language (problemWords); anything else is
 * rethrown.
 */
export function storeFailure(e: unknown, extra: Record<string, unknown> = {}) {
  if (e instanceof StoreError) {
    return fail(e.status, { ...extra, storeError: { code: e.code, problem: e.problem } });
  }
  throw e;
}
