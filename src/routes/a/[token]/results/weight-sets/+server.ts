import { json } from '@sveltejs/kit';
import { handleJson, MAX_BODY, readJson } from '$lib/server';
import { requireSurvey } from '../../admin.server';
import { saveComputedWeightSet } from '../results.server';
import type { RequestHandler } from './$types';

/**
 * Room for a request that sets the weight of every expert of a large panel: as much as any
 * request may hold (a 200-character id and its weight is about 220 bytes: 2,000 experts fit).
 */
const MAX_REQUEST = MAX_BODY;

/**
 * Saves a weight set: the body holds the researcher's choices (weightSetRequestSchema); the
 * weights are computed here from the stored answers. Answers 201 with the id, the hash and the
 * read token for production (shown once), and the leaves' weights to compare with the preview.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
  handleJson(async () => {
    const survey = await requireSurvey(locals.db, params.token);
    const body = await readJson(request, MAX_REQUEST);
    const { id, readToken, document } = await saveComputedWeightSet(locals.db, survey, body);
    return json(
      {
        id,
        name: document.name,
        createdAt: document.createdAt,
        hash: document.hash.value,
        readToken,
        url: `/api/weight-sets/${id}?token=${readToken}`,
        leaves: document.leaves
      },
      { status: 201, headers: { 'cache-control': 'no-store' } }
    );
  });
