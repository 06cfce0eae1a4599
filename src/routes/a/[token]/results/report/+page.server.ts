import { requireSurvey } from '../../admin.server';
import { fitsInline, remember } from '../panel.server';
import { reportDocument, reportExperts } from './report.server';
import type { PageServerLoad } from './$types';

/**
 * The printable report of a weight set: a saved one (?set=ID), or the results page's current
 * choices (?q=REQUEST as JSON). A large panel's list of experts is not in the HTML: the page
 * fetches it (./experts.json) and waits for it before printing.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const { document, saved, id } = await reportDocument(locals.db, survey, url);
  const { experts, json, hash } = reportExperts(document);
  const inline = fitsInline(JSON.stringify(document.experts));
  if (!inline) remember(survey.id, hash, json);
  const query = new URLSearchParams(url.searchParams);
  query.set('v', hash);
  return {
    document: { ...document, experts: [] },
    experts: inline ? document.experts : null,
    panel: {
      total: experts.length,
      included: experts.filter((e) => e.included).length,
      href: `/a/${params.token}/results/report/experts.json?${query}`
    },
    saved,
    id
  };
};
