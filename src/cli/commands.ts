// The three commands: each takes the parsed JSON input (and, for `hierarchy`, the command-line
// options), checks the fields only the CLI knows about, hands the rest to the engine and shapes
// its result for output. Errors are the engine's AhpInputError (a JSON path and what is wrong)
// or, for command-line options, OptionValueError.
import {
  AhpInputError,
  analyseHierarchy,
  bootstrapHierarchy,
  parseHierarchyOptions,
  parseMatrix,
  prepareHierarchy,
  sensitivity,
  weigh,
  type CompletedJudgment,
  type CompletionMethod,
  type ConsistencyResult,
  type HierarchyOptions,
  type Inconsistency,
  type InputPath,
  type MethodOptions,
  type PriorityMethod
} from '../lib/ahp/index';
import { OptionValueError } from './errors';
import {
  describeValue,
  expectObject,
  parseLabels,
  parseWholeNumber,
  rejectUnknownKeys,
  type JsonObject
} from './validate';

const METHOD_KEYS = ['method', 'randomIndex', 'scale', 'threshold', 'completion'] as const;
export const WEIGH_KEYS = ['upper', 'matrix', 'labels', ...METHOD_KEYS, 'top'] as const;
export const GROUP_KEYS = [
  'experts',
  'aggregation',
  'excludeInconsistent',
  'labels',
  ...METHOD_KEYS
] as const;
export const HIERARCHY_KEYS = [
  'hierarchy',
  'experts',
  'aggregation',
  'excludeInconsistent',
  ...METHOD_KEYS,
  'bootstrap',
  'seed',
  'level',
  'sensitivity'
] as const;
const HIERARCHY_NODE_KEYS = ['id', 'label', 'children', 'weights'];
const HIERARCHY_EXPERT_KEYS = ['id', 'weight', 'judgments'];
const GROUP_EXPERT_KEYS = ['id', 'weight', 'upper', 'matrix'];

/** How many judgments to reconsider `weigh` lists by default. */
export const DEFAULT_TOP = 3;
/** Bounds of the bootstrap settings (file and command line alike). */
export const MAX_RESAMPLES = 1_000_000;

/** The options of `hierarchy` given on the command line (already checked). */
export interface HierarchyFlags {
  bootstrap?: number;
  seed?: number;
  level?: number;
  sensitivity?: string;
}

function missing(key: string, what: string): AhpInputError {
  return new AhpInputError([key], `missing: ${what}`);
}

function methodOptions(o: HierarchyOptions): MethodOptions {
  const { method, randomIndex, threshold, scale, completion } = o;
  return { method, randomIndex, threshold, scale, completion };
}

interface WeightsReport {
  n: number;
  method: PriorityMethod;
  weights: number[];
  labels: string[] | null;
  consistencyOf?: 'aij-group-matrix';
  consistency: ConsistencyResult;
  inconsistencies: Inconsistency[];
  completed: CompletedJudgment[];
  completion: CompletionMethod | null;
}

/** The part of the output `weigh` and `group` share: weights, consistency, what to reconsider. */
function weightsReport(r: WeightsReport) {
  const { labels } = r;
  const named = <T extends { i: number; j: number }>({ i, j, ...rest }: T) => ({
    i,
    j,
    ...(labels ? { iLabel: labels[i], jLabel: labels[j] } : {}),
    ...rest
  });
  const c = r.consistency;
  return {
    n: r.n,
    ...(labels ? { labels } : {}),
    method: r.method,
    weights: r.weights,
    ...(labels
      ? { weightsByLabel: Object.fromEntries(labels.map((l, k) => [l, r.weights[k]])) }
      : {}),
    ...(r.consistencyOf ? { consistencyOf: r.consistencyOf } : {}),
    lambdaMax: c.lambdaMax,
    ci: c.ci,
    randomIndex: c.randomIndex,
    cr: c.cr,
    threshold: c.threshold,
    consistent: c.consistent,
    gci: c.gci,
    inconsistencies: r.inconsistencies.map(named),
    ...(r.completed.length > 0 ? { completed: r.completed.map(named) } : {}),
    completion: r.completion
  };
}

/** `pairwise weigh`: one matrix. */
export function weighCommand(input: unknown) {
  const o = expectObject(input, [], 'an object with "upper" or "matrix"');
  rejectUnknownKeys(o, WEIGH_KEYS, [], 'weigh');
  const options = methodOptions(parseHierarchyOptions(o));
  const top =
    o.top === undefined
      ? DEFAULT_TOP
      : parseWholeNumber(o.top, ['top'], 0, Number.MAX_SAFE_INTEGER, 'top');
  const m = parseMatrix(o, options.scale, []);
  const labels = o.labels === undefined ? null : parseLabels(o.labels, m.n, ['labels']);
  // The only path weigh() reports is that of a matrix too large for the random-index table.
  const r = weigh(m, { ...options, top }, ['randomIndex']);
  return {
    ...weightsReport({ ...r, labels, consistency: r }),
    options: { ...options, top }
  };
}

/** Ids of the one-node hierarchy behind `group` (never shown: errors are mapped back). */
const GROUP_ROOT = 'group';
const groupChild = (k: number) => `element ${k}`;

/** An engine error about the one-node hierarchy, placed at the group file's own paths. */
function toGroupError(e: AhpInputError): AhpInputError {
  const p = e.path;
  let path: InputPath = p;
  if (p[0] === 'experts' && p[2] === 'judgments' && p[3] === GROUP_ROOT) {
    path = ['experts', p[1]!, ...p.slice(4)];
  } else if (p[0] === 'hierarchy') {
    // The root's own path: no included expert; its children: the random-index table.
    path = p[1] === 'children' ? ['randomIndex'] : ['experts'];
  }
  const detail = e.detail.replaceAll(`node "${GROUP_ROOT}" has`, 'the group has');
  return new AhpInputError(path, detail);
}

/** `pairwise group`: one matrix judged by several experts, analysed as a one-node hierarchy. */
export function groupCommand(input: unknown) {
  const o = expectObject(input, [], 'an object with "experts"');
  rejectUnknownKeys(o, GROUP_KEYS, [], 'group');
  const options = parseHierarchyOptions(o);
  if (o.experts === undefined) {
    throw missing('experts', 'give the experts, [{"id": "E1", "upper": [...]}, ...]');
  }
  if (!Array.isArray(o.experts)) {
    throw new AhpInputError(
      ['experts'],
      `expected an array of experts, got ${describeValue(o.experts)}`
    );
  }
  if (o.experts.length === 0) throw new AhpInputError(['experts'], 'at least one expert is needed');
  let n = 0;
  const experts = o.experts.map((e: unknown, k: number) => {
    const path = ['experts', k];
    const x = expectObject(e, path, 'an expert: {"id": "...", "upper": [...]}');
    rejectUnknownKeys(x, GROUP_EXPERT_KEYS, path, 'an expert');
    // Parsed here for its size and for errors at the file's paths; the engine parses it again.
    const m = parseMatrix(x, options.scale, path);
    if (k === 0) n = m.n;
    else if (m.n !== n) {
      throw new AhpInputError(
        path,
        `this expert compares ${m.n} elements, the first expert ${n}: every expert must judge the same ${n} elements`
      );
    }
    const judgments = x.upper !== undefined ? { upper: x.upper } : { matrix: x.matrix };
    return {
      ...(x.id === undefined ? {} : { id: x.id }),
      ...(x.weight === undefined ? {} : { weight: x.weight }),
      judgments: { [GROUP_ROOT]: judgments }
    };
  });
  const labels = o.labels === undefined ? null : parseLabels(o.labels, n, ['labels']);
  const tree = {
    id: GROUP_ROOT,
    children: Array.from({ length: n }, (_, k) => ({ id: groupChild(k), label: labels?.[k] }))
  };
  let prepared;
  let result;
  try {
    prepared = prepareHierarchy(tree, experts, options);
    result = analyseHierarchy(prepared);
  } catch (e) {
    throw e instanceof AhpInputError ? toGroupError(e) : e;
  }
  const node = result.nodes[0];
  if (!node?.consistency) throw new Error('group: the analysis has no group matrix');
  const anyMissing =
    node.completed.length > 0 ||
    prepared.experts.some((e) => (e.matrices.get(GROUP_ROOT)?.missing.length ?? 0) > 0);
  return {
    ...weightsReport({
      n,
      method: options.method,
      weights: node.localWeights,
      labels,
      consistencyOf: 'aij-group-matrix',
      consistency: node.consistency,
      inconsistencies: node.inconsistencies,
      completed: node.completed,
      completion: anyMissing ? options.completion : null
    }),
    aggregation: options.aggregation,
    excludeInconsistent: options.excludeInconsistent,
    consensus: node.consensus,
    individual: result.experts.map((e) => {
      const r = e.nodes[GROUP_ROOT];
      return {
        id: e.id,
        weight: e.weight,
        weights: r?.weights ?? null,
        cr: r?.cr ?? null,
        consistent: r?.consistent ?? null,
        included: r?.included ?? false,
        reason: r?.reason ?? null
      };
    }),
    options
  };
}

/** Unknown keys anywhere in the tree (the engine checks the rest). */
function checkTreeKeys(node: unknown, path: InputPath, depth = 0): void {
  if (depth > 100 || typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const o = node as JsonObject;
  rejectUnknownKeys(o, HIERARCHY_NODE_KEYS, path, 'a node');
  if (Array.isArray(o.children)) {
    o.children.forEach((c: unknown, k: number) =>
      checkTreeKeys(c, [...path, 'children', k], depth + 1)
    );
  }
}

function parseSeed(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new AhpInputError(
      ['seed'],
      `the seed must be a whole number, got ${describeValue(value)}`
    );
  }
  return value;
}

function parseLevel(value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new AhpInputError(
      ['level'],
      `the interval level must be a number between 0 and 1 (such as 0.9), got ${describeValue(value)}`
    );
  }
  return value;
}

/** `pairwise hierarchy`: a tree of criteria judged by one or more experts. */
export function hierarchyCommand(input: unknown, flags: HierarchyFlags) {
  const o = expectObject(input, [], 'an object with "hierarchy" and "experts"');
  rejectUnknownKeys(o, HIERARCHY_KEYS, [], 'hierarchy');
  if (o.hierarchy === undefined) {
    throw missing('hierarchy', 'give the tree, {"id": "goal", "children": [...]}');
  }
  if (o.experts === undefined) {
    throw missing('experts', 'give the experts, [{"id": "E1", "judgments": {...}}, ...]');
  }
  const options = parseHierarchyOptions(o);
  expectObject(o.hierarchy, ['hierarchy'], 'the goal node, {"id": "...", "children": [...]}');
  checkTreeKeys(o.hierarchy, ['hierarchy']);
  if (!Array.isArray(o.experts)) {
    throw new AhpInputError(
      ['experts'],
      `expected an array of experts, got ${describeValue(o.experts)}`
    );
  }
  o.experts.forEach((e: unknown, k: number) => {
    const path = ['experts', k];
    const x = expectObject(e, path, 'an expert: {"id": "...", "judgments": {...}}');
    rejectUnknownKeys(x, HIERARCHY_EXPERT_KEYS, path, 'an expert');
    if (typeof x.judgments !== 'object' || x.judgments === null) return;
    for (const [nodeId, value] of Object.entries(x.judgments)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const where = [...path, 'judgments', nodeId];
        rejectUnknownKeys(value as JsonObject, ['upper', 'matrix'], where, "a node's judgments");
      }
    }
  });

  // Command-line options win over the file's.
  const fromFile = {
    bootstrap:
      o.bootstrap === undefined
        ? undefined
        : parseWholeNumber(o.bootstrap, ['bootstrap'], 1, MAX_RESAMPLES, 'the number of resamples'),
    seed: o.seed === undefined ? undefined : parseSeed(o.seed),
    level: o.level === undefined ? undefined : parseLevel(o.level)
  };
  if (o.sensitivity !== undefined && (typeof o.sensitivity !== 'string' || o.sensitivity === '')) {
    throw new AhpInputError(
      ['sensitivity'],
      `expected a node id, got ${describeValue(o.sensitivity)}`
    );
  }
  const resamples = flags.bootstrap ?? fromFile.bootstrap;
  const seed = flags.seed ?? fromFile.seed;
  const level = flags.level ?? fromFile.level;
  if (resamples === undefined) {
    for (const key of ['seed', 'level'] as const) {
      if (flags[key] !== undefined) {
        throw new OptionValueError(`--${key}`, 'applies only to the bootstrap: add --bootstrap B');
      }
      if (fromFile[key] !== undefined) {
        throw new AhpInputError(
          [key],
          'applies only to the bootstrap: add "bootstrap" (resamples)'
        );
      }
    }
  }
  const sensitivityNode = flags.sensitivity ?? (o.sensitivity as string | undefined);

  const prepared = prepareHierarchy(o.hierarchy, o.experts, options);
  const result = analyseHierarchy(prepared);
  const bootstrap =
    resamples === undefined
      ? undefined
      : bootstrapHierarchy(prepared, { resamples, seed: seed ?? 1, level }, result);
  let sensitivityResult;
  if (sensitivityNode !== undefined) {
    try {
      sensitivityResult = sensitivity(prepared, result, sensitivityNode);
    } catch (e) {
      if (!(e instanceof AhpInputError)) throw e;
      if (flags.sensitivity !== undefined) throw new OptionValueError('--sensitivity', e.detail);
      throw new AhpInputError(['sensitivity'], e.detail);
    }
  }
  return {
    options: result.options,
    consistencyOf: 'aij-group-matrix' as const,
    nodes: result.nodes,
    leaves: result.leaves,
    composite: result.composite,
    consensus: result.consensus,
    experts: result.experts,
    ...(bootstrap ? { bootstrap } : {}),
    ...(sensitivityResult ? { sensitivity: sensitivityResult } : {})
  };
}
