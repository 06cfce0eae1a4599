import { requireSurvey } from './admin.server';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, params, setHeaders }) => {
  const survey = await requireSurvey(locals.db, params.token);
  // The pages carry a secret in their URL: no caches, no search engines.
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  return {
    title: survey.definition.title,
    status: survey.status,
    frozen: survey.frozenAt !== null
  };
};
