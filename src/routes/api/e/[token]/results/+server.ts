/**
 * GET /api/e/[token]/results: the group's weights for an expert who has submitted, when the
 * researcher shows results to experts (the survey's `showResults` setting) and at least
 * `minExperts` experts (never fewer than 3) have submitted; before that, how many have. From
 * the latest answers of everyone who submitted, under the survey's settings, as the results
 * page computes them before any researcher's choice; with this expert's own weights beside them.
 * 403 when results are not shown to experts, 409 before this expert has submitted.
 */
import { json } from '@sveltejs/kit';
import { handleJson, HttpError, latestSubmissionOf, loadPanel } from '$lib/server';
import { minExpertsOf } from '$lib/survey';
import { analyseResponses } from '$lib/weights';
import { expertOf, NO_STORE } from '../expert.server';
import type { GroupResults } from './schema';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals }) =>
  handleJson(async () => {
    const { expert, survey } = await expertOf(locals.db, params.token);
    const { definition } = survey;
    if (!definition.settings.showResults) {
      throw new HttpError(403, "The researcher does not show the group's results to experts.");
    }
    const own = await latestSubmissionOf(locals.db, expert.id);
    if (!own) {
      throw new HttpError(409, "Submit your answers first: the group's results are shown after.");
    }
    const panel = (await loadPanel(locals.db, survey.id)).filter((e) => e.submitted);
    const minExperts = minExpertsOf(definition.settings);
    if (panel.length < minExperts) {
      const waiting: GroupResults = { shown: false, experts: panel.length, minExperts };
      return json(waiting, { headers: NO_STORE });
    }
    const all = analyseResponses(definition, panel);
    const group = all.analysis;
    const alone = analyseResponses(definition, [{ id: expert.id, judgments: own.judgments }]);
    const ownWeight = new Map(alone.analysis.leaves.map((l) => [l.id, l.globalWeight]));
    const body: GroupResults = {
      shown: true,
      experts: panel.length,
      minExperts,
      method: group.options.method,
      aggregation: group.options.aggregation,
      weights: [...group.leaves]
        .sort((a, b) => a.rank - b.rank)
        .map((l) => {
          const mine = ownWeight.get(l.id);
          if (mine === undefined) throw new Error(`results: no own weight for leaf ${l.id}`);
          return { id: l.id, group: l.globalWeight, own: mine };
        }),
      levels: [...all.ratings].map(([leaf, r]) => {
        const mine = alone.ratings.get(leaf);
        const consistency = r.comparison.consistency;
        const ownNode = mine?.experts[0]?.nodes[leaf];
        return {
          leaf,
          cr: consistency ? consistency.cr : null,
          threshold: consistency ? consistency.threshold : null,
          consistent: consistency ? consistency.consistent : null,
          ownCr: ownNode?.cr ?? null,
          ownConsistent: ownNode?.consistent ?? null,
          levels: r.levels.map((id, k) => ({
            id,
            group: r.points[k]!,
            own: mine ? mine.points[k]! : null
          }))
        };
      })
    };
    return json(body, { headers: NO_STORE });
  });
