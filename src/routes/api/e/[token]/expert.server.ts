/** The expert behind a link token, for the expert's API: one answer for every bad token. */
import {
  findExpertByToken,
  isWellFormedToken,
  StoreError,
  type Db,
  type Expert,
  type Survey
} from '$lib/server';

/** The same message for a malformed, unknown or revoked token: it says nothing about which. */
const NOT_FOUND = 'This expert link is not valid. Check the link you were sent.';

/**
 * The expert whose personal token this is, and their survey.
 * @throws StoreError 404 for a malformed or unknown token (the format is checked first, with
 *   no database access)
 */
export async function expertOf(db: Db, token: string): Promise<{ expert: Expert; survey: Survey }> {
  if (!isWellFormedToken(token)) throw new StoreError('not_found', NOT_FOUND);
  const found = await findExpertByToken(db, token);
  if (!found) throw new StoreError('not_found', NOT_FOUND);
  return found;
}

/** Expert answers are private and change: never kept by a browser or proxy cache. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;
