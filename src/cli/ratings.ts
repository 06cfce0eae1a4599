// `pairwise ratings`: the points of a rating scale's levels from the panel's comparisons of them
// (the ratings model of src/lib/ahp/ratings.ts): idealised priorities x 100, zero levels 0, with
// the group's consistency, suggestions and consensus.
import {
  AhpInputError,
  analyseRatings,
  parseHierarchyOptions,
  type RatingLevelInput
} from '../lib/ahp/index';
import { expectObject, rejectUnknownKeys } from './validate';

export const RATINGS_KEYS = [
  'levels',
  'experts',
  'method',
  'randomIndex',
  'scale',
  'threshold',
  'completion',
  'aggregation',
  'excludeInconsistent'
] as const;

/** The id the experts' judgments are keyed by inside the engine (never shown). */
const GROUP = 'levels';

/** `pairwise ratings`: {levels: [{id, zero?}], experts: [{id?, weight?, upper | matrix}]}. */
export function ratingsCommand(input: unknown) {
  const o = expectObject(input, [], 'an object with "levels" and "experts"');
  rejectUnknownKeys(o, RATINGS_KEYS, [], 'ratings');
  const options = parseHierarchyOptions(o);
  if (!Array.isArray(o.levels) || o.levels.length < 2)
    throw new AhpInputError(
      ['levels'],
      'give at least two levels, best first: [{"id": "good"}, ...]'
    );
  const levels: RatingLevelInput[] = o.levels.map((l: unknown, k: number) => {
    const x = expectObject(l, ['levels', k], 'a level: {"id": "...", "zero": false}');
    rejectUnknownKeys(x, ['id', 'zero'], ['levels', k], 'a level');
    if (typeof x.id !== 'string' || x.id.trim() === '')
      throw new AhpInputError(['levels', k, 'id'], 'a level needs a non-empty string id');
    if (x.zero !== undefined && typeof x.zero !== 'boolean')
      throw new AhpInputError(['levels', k, 'zero'], 'zero is true or false');
    return { id: x.id, zero: x.zero === true };
  });
  if (!Array.isArray(o.experts) || o.experts.length === 0)
    throw new AhpInputError(['experts'], 'give the experts: [{"id": "E1", "upper": [...]}, ...]');
  const experts = o.experts.map((e: unknown, k: number) => {
    const x = expectObject(e, ['experts', k], 'an expert: {"id": "...", "upper": [...]}');
    rejectUnknownKeys(x, ['id', 'weight', 'upper', 'matrix'], ['experts', k], 'an expert');
    const judgments = x.upper !== undefined ? { upper: x.upper } : { matrix: x.matrix };
    return {
      id: typeof x.id === 'string' ? x.id : `E${k + 1}`,
      ...(x.weight === undefined ? {} : { weight: x.weight as number }),
      judgments: { [GROUP]: judgments }
    };
  });
  let r;
  try {
    r = analyseRatings(GROUP, levels, experts, options);
  } catch (e) {
    // The engine names the judgments experts[k].judgments.levels; the file has them at experts[k].
    if (e instanceof AhpInputError && e.path[2] === 'judgments')
      throw new AhpInputError(
        ['experts', e.path[1]!, ...e.path.slice(4)],
        e.detail
          .replace(`node "${GROUP}" has`, 'the scale has')
          .replace(' children', ' compared levels')
      );
    throw e;
  }
  const c = r.comparison;
  return {
    levels: r.levels.map((id, k) => ({
      id,
      zero: levels[k]!.zero === true,
      priority: r.priorities[k],
      points: r.points[k]
    })),
    compared: r.compared,
    consistency: c.consistency,
    inconsistencies: c.inconsistencies.map((x) => ({
      ...x,
      iLevel: r.compared[x.i],
      jLevel: r.compared[x.j]
    })),
    consensus: c.consensus,
    included: c.included,
    excluded: c.excluded,
    experts: r.experts.map((e) => ({ id: e.id, weight: e.weight, ...e.nodes[GROUP] })),
    options
  };
}
