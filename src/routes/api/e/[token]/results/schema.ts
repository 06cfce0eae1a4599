import * as v from 'valibot';
import { AGGREGATIONS, PRIORITY_METHODS } from '$lib/ahp';

/**
 * GET /api/e/[token]/results, for an expert who has submitted, when the researcher shows the
 * group's results to experts: the global weight of every leaf for the group (the latest answers
 * of everyone who submitted, under the survey's settings) and for this expert alone, heaviest
 * first. Nothing about any other single expert. (A module of its own: the expert's page loads it
 * only when it shows the results.)
 */
export const groupResultsSchema = v.object({
  experts: v.number(),
  method: v.picklist(PRIORITY_METHODS),
  aggregation: v.picklist(AGGREGATIONS),
  weights: v.array(v.object({ id: v.string(), group: v.number(), own: v.number() }))
});

export type GroupResults = v.InferOutput<typeof groupResultsSchema>;
