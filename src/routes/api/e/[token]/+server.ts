/**
 * GET /api/e/[token]: what the expert's page needs: their name, the survey (labels in both
 * languages, hierarchy, settings, status) and their latest submission. Opening an open survey
 * marks the expert as started, which freezes the hierarchy. A draft survey is not shown (423);
 * a closed one still is, so the expert can see what they answered.
 */
import { json } from '@sveltejs/kit';
import { handleJson, latestSubmissionOf, markStarted, StoreError } from '$lib/server';
import { roundView } from './round.server';
import { expertOf, NO_STORE } from './expert.server';
import type { ExpertView } from './view';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals }) =>
  handleJson(async () => {
    const { expert, survey } = await expertOf(locals.db, params.token);
    let status = survey.status;
    if (status === 'draft') {
      throw new StoreError(
        'not_open',
        'This survey is not open yet: try again when the researcher opens it.'
      );
    }
    if (status === 'open') {
      try {
        await markStarted(locals.db, expert.id);
      } catch (e) {
        // Closed between the two reads: show it as closed, like any closed survey.
        if (!(e instanceof StoreError && e.code === 'closed')) throw e;
        status = 'closed';
      }
    }
    const latest = await latestSubmissionOf(locals.db, expert.id);
    const { title, description, hierarchy, settings } = survey.definition;
    const body: ExpertView = {
      expert: { id: expert.id, name: expert.name },
      survey: { title, ...(description ? { description } : {}), hierarchy, settings, status },
      latest: latest
        ? {
            submissionId: latest.submissionId,
            judgments: latest.judgments,
            receivedAt: latest.receivedAt,
            ...(latest.round > 1 ? { round: latest.round } : {}),
            ...(latest.reasons ? { reasons: latest.reasons } : {})
          }
        : null
    };
    const round = await roundView(locals.db, survey, expert.id);
    if (round) body.round = round;
    return json(body, { headers: NO_STORE });
  });
