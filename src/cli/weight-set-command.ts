// `pairwise weight-set`: a verified weight set (JSON) without the app, so that a pipeline can
// make one: from a `pairwise hierarchy` input or a survey file (the panel's judgments), from a
// file of given weights for that hierarchy (--given), or by editing a saved set (--edit). The
// work is the library's (src/lib/weights: buildWeightSet, givenWeightSet, editWeightSet).
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import {
  AhpInputError,
  formatPath,
  parseHierarchyOptions,
  type HierarchyOptions
} from '../lib/ahp/index';
import { JsonSyntaxError } from '../lib/json';
import { DEFAULT_SETTINGS, parseDefinition, type SurveyDefinition } from '../lib/survey/index';
import {
  analyseResponses,
  buildWeightSet,
  CsvError,
  editWeightSet,
  ridgeOfText,
  givenWeightSet,
  weightSetJson,
  type ExpertResponse,
  type WeightEdit,
  type WeightSet
} from '../lib/weights/index';
import { OptionValueError, SourceError, UsageError } from './errors';
import { readJson, readText, type Io } from './io';
import { loadWeightSet } from './weight-set-file';

export interface WeightSetFlags {
  given?: string;
  regression?: string;
  base?: string;
  'base-id'?: string;
  outcome?: string;
  ridge?: number;
  normalise?: boolean;
  edit?: string;
  move?: WeightEdit[];
  points?: WeightEdit[];
  name?: string;
  'survey-id'?: string;
  'parent-id'?: string;
  'created-at'?: string;
}

const ID = '[A-Za-z0-9][A-Za-z0-9_.-]{0,31}';
const NUMBER = '[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?';

/** `--move B2=0.5,C3=0.4`: local weights to move, in order. */
export function parseMoves(value: string): WeightEdit[] {
  return value.split(',').map((item) => {
    const m = new RegExp(`^(${ID})=(${NUMBER})$`).exec(item.trim());
    if (!m)
      throw new OptionValueError(
        '--move',
        `${JSON.stringify(item)} is not NODE=WEIGHT (e.g. B2=0.5; several separated by commas)`
      );
    return { type: 'local-weight', node: m[1]!, to: Number(m[2]) };
  });
}

/** `--points C3:good=90,C3:fair=50`: levels' points to change, in order. */
export function parsePoints(value: string): WeightEdit[] {
  return value.split(',').map((item) => {
    const m = new RegExp(`^(${ID}):(${ID})=(${NUMBER})$`).exec(item.trim());
    if (!m)
      throw new OptionValueError(
        '--points',
        `${JSON.stringify(item)} is not LEAF:LEVEL=POINTS (e.g. C3:fair=50; several separated by commas)`
      );
    return { type: 'level-points', node: m[1]!, level: m[2]!, to: Number(m[3]) };
  });
}

/** A `pairwise hierarchy` node as a survey node: its label (or id) as the English label. */
function surveyNode(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const { label, children, ...rest } = input as Record<string, unknown>;
  return {
    ...rest,
    label: { en: label === undefined ? rest.id : label, zh: '' },
    ...(Array.isArray(children) ? { children: children.map(surveyNode) } : { children })
  };
}

const HIERARCHY_INPUT_KEYS = [
  'hierarchy',
  'experts',
  'method',
  'randomIndex',
  'threshold',
  'aggregation',
  'scale',
  'completion',
  'excludeInconsistent'
];

/**
 * The survey and the experts' answers of FILE: a survey file (title, hierarchy, settings; no
 * experts) or a `pairwise hierarchy` input (hierarchy, experts, method options).
 */
function readHierarchyInput(input: unknown): {
  definition: SurveyDefinition;
  experts: ExpertResponse[];
  options: Partial<HierarchyOptions>;
} {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new AhpInputError([], 'expected a survey file or a "pairwise hierarchy" input object');
  const o = input as Record<string, unknown>;
  if ('settings' in o || 'title' in o)
    return { definition: parseDefinition(o), experts: [], options: {} };
  for (const key of Object.keys(o))
    if (!HIERARCHY_INPUT_KEYS.includes(key))
      throw new AhpInputError(
        [key],
        `unknown field; a "pairwise hierarchy" input has ${HIERARCHY_INPUT_KEYS.map((k) => `"${k}"`).join(', ')}`
      );
  if (o.hierarchy === undefined)
    throw new AhpInputError(
      ['hierarchy'],
      'missing: give the tree, {"id": "goal", "children": [...]}'
    );
  const options = parseHierarchyOptions(o);
  const definition = parseDefinition({
    title: { en: 'pairwise hierarchy input', zh: '' },
    hierarchy: surveyNode(o.hierarchy),
    settings: {
      ...DEFAULT_SETTINGS,
      method: options.method,
      randomIndex: options.randomIndex,
      threshold: options.threshold,
      aggregation: options.aggregation
    }
  });
  if (o.experts !== undefined && !Array.isArray(o.experts))
    throw new AhpInputError(['experts'], 'expected an array of experts');
  // prepareHierarchy checks every expert and judgment (as `pairwise hierarchy` does).
  return { definition, experts: (o.experts ?? []) as ExpertResponse[], options };
}

/** `--ridge 0.01`: the ridge penalty of the regression, a number >= 0. */
export function parseRidge(value: string): number {
  const x = ridgeOfText(value);
  if (x === null)
    throw new OptionValueError('--ridge', `${JSON.stringify(value)} is not a number >= 0`);
  return x;
}

const REGRESSION_ONLY = ['base', 'base-id', 'outcome', 'ridge'] as const;

/**
 * `--regression LOANS.csv --base SET.json`: the logistic regression of the loans' outcomes on
 * their leaf scores (read through the base set's scales), its weights as a set of kind
 * "regression" (src/lib/validation/regression-set.ts).
 */
async function regressionSet(
  file: string | undefined,
  flags: WeightSetFlags,
  io: Io
): Promise<WeightSet> {
  for (const option of [
    'given',
    'normalise',
    'edit',
    'move',
    'points',
    'parent-id',
    'survey-id'
  ] as const)
    if (flags[option] !== undefined)
      throw new UsageError(`--${option} does not apply to --regression LOANS.csv`);
  if (file !== undefined)
    throw new UsageError('--regression reads the loans from its option: give no FILE');
  if (flags.base === undefined)
    throw new UsageError(
      'give the set whose indicators, scales and grades read the loans: --base SET.json'
    );
  if (flags.regression === '-')
    throw new OptionValueError('--regression', 'give a file; its bytes are hashed into the set');
  const base = await loadWeightSet(flags.base, io, '--base', 'the loans');
  const loans = await readText(flags.regression, io, 'the loan CSV');
  const v = await import('../lib/validation/index');
  try {
    return await v.regressionWeightSet(
      base,
      {
        name: basename(loans.name),
        text: loans.text,
        sha256: createHash('sha256').update(loans.bytes).digest('hex')
      },
      {
        name: flags.name ?? `Regression (${basename(loans.name)})`,
        baseId: flags['base-id'] ?? null,
        ...(flags.outcome !== undefined ? { outcome: flags.outcome } : {}),
        ...(flags.ridge !== undefined ? { ridge: flags.ridge } : {}),
        ...(flags['created-at'] !== undefined ? { createdAt: flags['created-at'] } : {})
      }
    );
  } catch (e) {
    if (e instanceof CsvError)
      throw new SourceError(`${loans.name}: line ${e.line}, column ${e.column}: ${e.detail}`);
    if (e instanceof v.RegressionSetError) throw new SourceError(`${loans.name}: ${e.detail}`);
    if (e instanceof v.ValidationInputError || e instanceof v.ValidationFitError)
      throw new SourceError(`${loans.name}: no regression: ${e.message.replace(/^\w+: /, '')}`);
    throw e;
  }
}

/** Runs `pairwise weight-set`; returns the exit status (errors are thrown for main() to report). */
export async function weightSetCommand(
  file: string | undefined,
  flags: WeightSetFlags,
  io: Io
): Promise<number> {
  const createdAt = flags['created-at'];
  let ws: WeightSet;
  if (flags.regression !== undefined) {
    ws = await regressionSet(file, flags, io);
  } else if (REGRESSION_ONLY.some((o) => flags[o] !== undefined)) {
    throw new UsageError(
      `--${REGRESSION_ONLY.find((o) => flags[o] !== undefined)} applies to --regression LOANS.csv`
    );
  } else if (flags.edit !== undefined) {
    for (const option of ['given', 'normalise', 'survey-id'] as const)
      if (flags[option] !== undefined)
        throw new UsageError(
          `--${option} makes a new set; --edit changes a saved one: give one of them`
        );
    if (file !== undefined)
      throw new UsageError('--edit reads the set from its option: give no FILE');
    const edits = [...(flags.move ?? []), ...(flags.points ?? [])];
    if (edits.length === 0)
      throw new UsageError(
        'say what to change: --move NODE=WEIGHT and/or --points LEAF:LEVEL=POINTS'
      );
    const parent = await loadWeightSet(flags.edit, io, '--edit', 'nothing');
    try {
      ws = await editWeightSet(parent, edits, {
        name: flags.name ?? `${parent.name}, edited`,
        parentId: flags['parent-id'] ?? null,
        ...(createdAt !== undefined ? { createdAt } : {})
      });
    } catch (e) {
      if (e instanceof AhpInputError) {
        // Name the change as it was typed: "--move B2=2", "--points C3:fair=500".
        const k = e.path[0] === 'edits' ? Number(e.path[1]) : NaN;
        const moves = flags.move?.length ?? 0;
        const typed = Number.isInteger(k)
          ? k < moves
            ? flags.move![k]
            : flags.points![k - moves]
          : undefined;
        const what = typed
          ? `${k < moves ? '--move' : '--points'} ${typed.node}${typed.type === 'level-points' ? `:${typed.level}` : ''}=${typed.to}`
          : flags.edit;
        throw new SourceError(`${what}: ${e.detail.replace(/^editWeightSet: /, '')}`);
      }
      throw e;
    }
  } else {
    for (const option of ['move', 'points', 'parent-id'] as const)
      if (flags[option] !== undefined)
        throw new UsageError(`--${option} applies to --edit SET.json`);
    if (flags.normalise && flags.given === undefined)
      throw new UsageError('--normalise applies to --given WEIGHTS');
    const { name, input } = await readJson(file, io, 'the hierarchy JSON');
    let source = name;
    try {
      const { definition, experts, options } = readHierarchyInput(input);
      const common = {
        surveyId: flags['survey-id'] ?? 'pairwise-cli',
        ...(createdAt !== undefined ? { createdAt } : {})
      };
      if (flags.given !== undefined) {
        if (experts.length > 0)
          throw new AhpInputError(
            ['experts'],
            'a set of given weights takes no experts: leave them out, or leave out --given'
          );
        if (flags.given === '-')
          throw new OptionValueError(
            '--given',
            'give a file; standard input carries the hierarchy'
          );
        const g = await readText(flags.given, io, 'the given weights');
        source = g.name;
        const format = /\.json$/i.test(g.name) ? 'json' : /\.csv$/i.test(g.name) ? 'csv' : null;
        if (!format)
          throw new OptionValueError(
            '--given',
            `${JSON.stringify(g.name)}: name a .csv or .json file`
          );
        ws = await givenWeightSet(
          definition,
          {
            name: basename(g.name),
            format,
            text: g.text,
            sha256: createHash('sha256').update(g.bytes).digest('hex')
          },
          {
            ...common,
            name: flags.name ?? `Given weights (${basename(g.name)})`,
            normalise: flags.normalise === true
          }
        );
      } else {
        if (experts.length === 0)
          throw new AhpInputError(
            ['experts'],
            'no experts: give their judgments, or the weights with --given WEIGHTS.csv|json'
          );
        const { analysis } = analyseResponses(definition, experts, options);
        ws = await buildWeightSet(definition, analysis, {
          ...common,
          name: flags.name ?? `Panel (${name})`
        });
      }
    } catch (e) {
      if (e instanceof CsvError)
        throw new SourceError(`${source}: line ${e.line}, column ${e.column}: ${e.detail}`);
      if (e instanceof JsonSyntaxError)
        throw new SourceError(
          `${source}: line ${e.line}, column ${e.column}: malformed JSON: ${e.detail}`
        );
      if (e instanceof AhpInputError)
        throw new SourceError(
          `${source}: ${formatPath(e.path)}: ${e.detail.replace(/^buildWeightSet: /, '')}`
        );
      throw e;
    }
  }
  io.stdout(weightSetJson(ws));
  return 0;
}
