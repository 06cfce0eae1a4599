/**
 * The printable report's server side: the weight set it shows, and its list of experts, which
 * for a large panel (1,000 experts with long names: 140-250 KB of rows) the page fetches from
 * `report/experts.json` instead of carrying it in its HTML (issue 12).
 */
import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { AhpInputError } from '$lib/ahp';
import { parseJson } from '$lib/json';
import { getWeightSetForAdmin, type Db, type Survey } from '$lib/server';
import { issueProblem } from '$lib/survey';
import {
  computeWeightSet,
  weightSetRequestSchema,
  type WeightSet,
  type WeightSetExpert
} from '$lib/weights';
import { contentHash } from '../panel.server';
import { panelOf } from '../results.server';

/**
 * The printable report of a weight set: a saved one (?set=ID), or the results page's current
 * choices (?q=REQUEST as JSON), computed here like a saved one (1,000 bootstrap resamples).
 */
export async function reportDocument(
  db: Db,
  survey: Survey,
  url: URL
): Promise<{ document: WeightSet; saved: boolean; id: string | null }> {
  const set = url.searchParams.get('set');
  let document: WeightSet;
  if (set !== null) {
    const stored = await getWeightSetForAdmin(db, survey.id, set);
    if (!stored) error(404, 'Not found');
    document = stored.document;
  } else {
    let raw: unknown = { name: 'Preview' };
    try {
      raw = parseJson(url.searchParams.get('q') ?? '{"name":"Preview"}');
    } catch {
      error(400, {
        message: 'The report address is damaged: open it again from the results page.',
        code: 'bad_report'
      });
    }
    const request = v.safeParse(weightSetRequestSchema, raw);
    if (!request.success)
      error(400, {
        message: `The report's settings are not valid: ${request.issues[0].message}`,
        code: 'bad_report',
        problem: issueProblem(request.issues[0])
      });
    try {
      document = await computeWeightSet(
        survey.definition,
        await panelOf(db, survey.id),
        request.output,
        { surveyId: survey.id }
      );
    } catch (e) {
      if (e instanceof AhpInputError)
        error(400, { message: e.message, code: 'bad_report', problem: e.problem });
      throw e;
    }
  }
  return { document, saved: set !== null, id: set };
}

/**
 * The report's list of experts: each expert with only the nodes they were left out of (what the
 * report shows), as JSON, with the hash of those bytes (base64url, 22 characters).
 */
export function reportExperts(document: WeightSet): {
  experts: WeightSetExpert[];
  json: string;
  hash: string;
} {
  const experts = document.experts.map((e) => ({
    ...e,
    nodes: e.nodes.filter((n) => !n.included)
  }));
  const json = JSON.stringify(experts);
  return {
    experts,
    json,
    hash: contentHash(json)
  };
}
