import { fail, redirect } from '@sveltejs/kit';
import { clientKeyHash, createDemoSurvey, createSurvey, hit } from '$lib/server';
import { farmCreditTemplate, parseDefinition, type SurveyDefinition } from '$lib/survey';
import { scratchDefinition } from './new-survey';
import type { Actions, RequestEvent } from './$types';

/**
 * Anyone may create a survey (there are no accounts), but not a flood of them: surveys created
 * per client address per hour, counted in the database like the open link's joins.
 */
const CREATE_LIMIT = { perClient: 100, windowSeconds: 3600 };

/** Creates the survey and sends the researcher to it; the admin link is shown there, once. */
async function create(event: RequestEvent, definition: SurveyDefinition | 'demo') {
  const { db } = event.locals;
  const limit = await hit(
    db,
    `create:client:${clientKeyHash(event.getClientAddress())}`,
    CREATE_LIMIT.perClient,
    CREATE_LIMIT.windowSeconds
  );
  if (!limit.allowed) {
    event.setHeaders({ 'retry-after': String(limit.retryAfter) });
    return fail(429, { tooMany: { minutes: Math.ceil(limit.retryAfter / 60) } });
  }
  if (definition === 'demo') {
    // The farm-credit survey answered by the seeded synthetic panel, straight to its results.
    const { adminToken } = await createDemoSurvey(db);
    redirect(303, `/a/${adminToken}/results?created=1`);
  }
  const { adminToken } = await createSurvey(db, parseDefinition(definition));
  redirect(303, `/a/${adminToken}?created=1`);
}

export const actions: Actions = {
  template: (event) => create(event, farmCreditTemplate()),
  scratch: (event) => create(event, scratchDefinition()),
  demo: (event) => create(event, 'demo')
};
