import {
  handleJson,
  hitScoreLimit,
  HttpError,
  MAX_SCORE_BODY,
  NO_PRODUCTION_SET,
  readJson,
  readTokenOf,
  resolveWeightSetId,
  scoreRateLimit,
  WEIGHT_SET_ID_HEADER,
  weightSetForScoring,
  weightSetForScoringById
} from '$lib/server';
import { BatchError, batchRecords, batchWeightSet, scoreBatch } from '$lib/weights';
import type { RequestHandler } from './$types';

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex'
};

// The body as bytes: given a string, Response checks every character of it in JavaScript
// (undici's toUSVString), a quarter of the time of a large answer. JSON.stringify never
// writes a lone surrogate (it escapes them), so the UTF-8 is the same.
const answer = (body: unknown, status = 200, extra: Record<string, string> = {}) =>
  new Response(Buffer.from(JSON.stringify(body), 'utf8'), {
    status,
    headers: { ...HEADERS, ...extra }
  });

/**
 * Scoring for production: POST /api/weight-sets/ID/score with the weight set's read token (as
 * GET /api/weight-sets/ID takes it) and `{"records": [...]}` (at most 10,000). Answers 200 with
 * one result per record, scored or refused with every field at fault (docs/production.md). ID
 * `current` scores with the survey's production set; the answer names the set's id in
 * `weightSet.id` and the Pairwise-Weight-Set-Id header.
 */
export const POST: RequestHandler = ({ locals, params, request, url }) =>
  handleJson(async () => {
    const token = readTokenOf(request, url);
    const target = await resolveWeightSetId(locals.db, params.id, token);
    if ('missing' in target)
      return answer(
        target.missing === 'no_production_set' ? NO_PRODUCTION_SET : { message: 'Not found' },
        404
      );
    const stored =
      target.surveyId === null
        ? await weightSetForScoring(locals.db, target.id, token)
        : await weightSetForScoringById(locals.db, target.id);
    if (!stored) return answer({ message: 'Not found' }, 404);
    const named = { [WEIGHT_SET_ID_HEADER]: stored.id };
    const perMinute = scoreRateLimit();
    const limit = await hitScoreLimit(locals.db, stored.id, perMinute);
    if (!limit.allowed)
      return answer(
        {
          message: `Too many scoring requests for this weight set (at most ${perMinute} a minute). Try again in ${limit.retryAfter} s.`,
          code: 'rate_limited'
        },
        429,
        { 'retry-after': String(limit.retryAfter), ...named }
      );
    const body = await readJson(request, MAX_SCORE_BODY);
    let records: unknown[];
    try {
      records = batchRecords(body);
    } catch (e) {
      if (e instanceof BatchError)
        return answer({ message: e.message, path: e.path }, e.status, named);
      throw e;
    }
    if (stored.refused) throw new HttpError(409, `this weight set is refused: ${stored.refused}`);
    const ws = stored.document;
    return answer(
      { weightSet: { id: stored.id, ...batchWeightSet(ws) }, ...scoreBatch(ws, records) },
      200,
      named
    );
  });
