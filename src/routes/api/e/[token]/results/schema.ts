import * as v from 'valibot';
import { AGGREGATIONS, PRIORITY_METHODS } from '$lib/ahp';

/**
 * GET /api/e/[token]/results, for an expert who has submitted, when the researcher shows the
 * group's results to experts. Once at least `minExperts` experts have submitted (the survey's
 * setting, never below 3): the global weight of every leaf for the group (the latest answers of
 * everyone who submitted, under the survey's settings) and for this expert alone, heaviest
 * first. Before that (`shown: false`), only how many have submitted and how many are needed:
 * with two, one expert's own weights and the group's would give away the other's. Nothing about
 * any other single expert. `levels`: for each indicator whose levels the panel compares, the
 * group's idealised points of each level (0-100, a zero level 0) and this expert's own (null
 * when the expert's answers alone give none); `cr`, `threshold`, `consistent`: the consistency
 * of the group's matrix of those levels (AIJ of the included experts; null, not applicable, when
 * there is no matrix: one level compared), `ownCr`, `ownConsistent` this expert's own (null when
 * they gave none). (A module of its own: the expert's page loads it only when it shows the
 * results.)
 */
export const groupResultsSchema = v.variant('shown', [
  v.object({
    shown: v.literal(true),
    experts: v.number(),
    minExperts: v.number(),
    method: v.picklist(PRIORITY_METHODS),
    aggregation: v.picklist(AGGREGATIONS),
    weights: v.array(v.object({ id: v.string(), group: v.number(), own: v.number() })),
    levels: v.array(
      v.object({
        leaf: v.string(),
        cr: v.nullable(v.number()),
        threshold: v.nullable(v.number()),
        consistent: v.nullable(v.boolean()),
        ownCr: v.nullable(v.number()),
        ownConsistent: v.nullable(v.boolean()),
        levels: v.array(
          v.object({ id: v.string(), group: v.number(), own: v.nullable(v.number()) })
        )
      })
    )
  }),
  v.object({ shown: v.literal(false), experts: v.number(), minExperts: v.number() })
]);

export type GroupResults = v.InferOutput<typeof groupResultsSchema>;
