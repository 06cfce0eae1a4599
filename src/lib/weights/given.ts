/**
 * Weight sets from given weights: a file that gives, for a survey's hierarchy, either the local
 * weight of every node below the goal ("local") or the global weight of every leaf ("global"),
 * as a published study reports them or as the researcher chose them. No expert and no survey
 * response is involved: every inner node takes the given weights as preset weights, and the set
 * records provenance kind "given" with the file's name, format and SHA-256.
 *
 * The two file formats (docs/weight-models.md has examples):
 * - CSV: a header row naming `id` and `local` or `global` (both: `local` is read and `global`
 *   is only checked to be a number), optionally `label_en`, `label_zh`, `parent` (checked
 *   against the survey), `lower`, `upper` (not read), so the export of a saved set
 *   (globalWeightsCsv) reads back; then one row per node. Blank lines are skipped.
 * - JSON: `{"format": "pairwise.given-weights", "version": 1, "local": {id: weight, ...}}` or
 *   `"global"` instead of `"local"` (format and version may be left out).
 *
 * All or nothing: the first problem is an error naming the line and column (CSV) or the JSON
 * path, and nothing is made. A sibling group (local) or all the leaves (global) must sum to 1
 * within GIVEN_SUM_TOLERANCE; otherwise the file is refused, unless the caller asks to
 * normalise: then each group that misses is divided by its sum, and each division is recorded
 * in the provenance (`{"type": "normalise", "node", "sum"}`). Groups within the tolerance are
 * divided by their sum too (as the engine does with every preset), a change below 1e-9.
 */
import { AhpInputError, analyseHierarchy, parseHierarchy, type InputPath } from '../ahp';
import { parseJson } from '../json';
import {
  lineProblem,
  MAX_LABEL_LENGTH,
  toEngineHierarchy,
  type SurveyDefinition,
  type SurveyNode
} from '../survey';
import {
  CsvError,
  fieldPosition,
  isBlankRecord,
  parseCsv,
  readCsvText,
  type CsvRecord
} from './csv';
import { parseCsvNumber } from './formats';
import type { ProvenanceChange } from './provenance';
import { surveyOptions } from './responses';
import type { WeightSet } from './schema';
import { buildWeightSet } from './weight-set';

/** A sibling group of given weights must sum to 1 within this, or be normalised on request. */
export const GIVEN_SUM_TOLERANCE = 1e-9;
export const GIVEN_WEIGHTS_FORMAT = 'pairwise.given-weights';
export const GIVEN_FORMS = ['local', 'global'] as const;
export type GivenForm = (typeof GIVEN_FORMS)[number];

/** One given weight and how to point at it in its file. */
export interface GivenEntry {
  id: string;
  value: number;
  /** An error located at this entry (CsvError at its line and column, or AhpInputError at its path). */
  fail: (detail: string) => Error;
}

/** A given-weights file as read: the form, the entries, and an error for the file as a whole. */
export interface GivenWeights {
  form: GivenForm;
  entries: GivenEntry[];
  /** An error about something missing (at the end of a CSV file, at the map of a JSON one). */
  failMissing: (detail: string) => Error;
  /** The survey's parent of each id, where the file states it (CSV `parent`), to be checked. */
  parents: Map<string, { parent: string; fail: (detail: string) => Error }>;
}

const CSV_COLUMNS = ['id', 'local', 'global', 'label_en', 'label_zh', 'parent', 'lower', 'upper'];
const quote = (s: string) => `'${s.length > 40 ? s.slice(0, 40) + '...' : s}'`;

function weightProblem(x: number | null): string | null {
  return x === null || !Number.isFinite(x) || x < 0 || x > 1 ? 'is not a weight from 0 to 1' : null;
}

/**
 * Reads given weights from CSV (see the module comment).
 * @throws CsvError naming the line and column of the first problem
 */
export function readGivenWeightsCsv(text: string): GivenWeights {
  const records = parseCsv(text).filter((r) => !isBlankRecord(r));
  const at = (record: CsvRecord, field: number) => (detail: string) => {
    const { line, column } = fieldPosition(text, record, field);
    return new CsvError(line, column, detail);
  };
  const header = records[0];
  if (!header)
    throw new CsvError(1, 1, 'the file is empty: expected a header row (id,local or id,global)');
  const index = new Map<string, number>();
  header.fields.forEach((raw, k) => {
    const name = raw.trim();
    if (!CSV_COLUMNS.includes(name))
      throw at(
        header,
        k
      )(
        name === ''
          ? 'a column without a name'
          : `unknown column ${quote(name)}: the columns are id and local or global (label_en, label_zh, parent, lower and upper may be there too)`
      );
    if (index.has(name))
      throw at(header, k)(`column '${name}' appears twice (also column ${index.get(name)! + 1})`);
    index.set(name, k);
  });
  const idField = index.get('id');
  if (idField === undefined) throw at(header, header.fields.length)('the header lacks column id');
  const form: GivenForm = index.has('local') ? 'local' : 'global';
  const valueField = index.get(form);
  if (valueField === undefined)
    throw at(
      header,
      header.fields.length
    )('the header lacks a weight column: local (weight within the parent) or global (leaves)');
  if (records.length === 1)
    throw new CsvError(header.line + 1, 1, 'no weights: the header is followed by no rows');
  const entries: GivenEntry[] = [];
  const parents: GivenWeights['parents'] = new Map();
  for (const record of records.slice(1)) {
    const f = record.fields;
    if (f.length !== header.fields.length)
      throw at(
        record,
        Math.min(f.length, header.fields.length)
      )(`${f.length} fields, the header has ${header.fields.length}`);
    const id = readCsvText(f[idField]!.trim());
    if (id === '') throw at(record, idField)('a row without a node id');
    const bad = lineProblem(id, MAX_LABEL_LENGTH);
    if (bad) throw at(record, idField)(`the node id ${bad}`);
    const cell = f[valueField]!.trim();
    const value = parseCsvNumber(cell);
    const problem = cell === '' ? 'is empty' : weightProblem(value);
    if (problem) throw at(record, valueField)(`the ${form} weight of ${quote(id)} ${problem}`);
    const globalField = index.get('global');
    if (form === 'local' && globalField !== undefined) {
      const g = f[globalField]!.trim();
      if (g !== '' && weightProblem(parseCsvNumber(g)))
        throw at(
          record,
          globalField
        )(`the global weight of ${quote(id)} is not a weight from 0 to 1`);
    }
    const parentField = index.get('parent');
    if (parentField !== undefined)
      parents.set(id, {
        parent: readCsvText(f[parentField]!.trim()),
        fail: at(record, parentField)
      });
    entries.push({ id, value: value!, fail: at(record, valueField) });
  }
  const last = records[records.length - 1]!;
  return {
    form,
    entries,
    parents,
    failMissing: (detail) => new CsvError(last.line + 1, 1, detail)
  };
}

/**
 * Reads given weights from JSON (see the module comment).
 * @throws JsonSyntaxError (line, column) for malformed JSON; AhpInputError naming the JSON path
 */
export function readGivenWeightsJson(text: string): GivenWeights {
  const input = parseJson(text);
  const fail = (path: InputPath) => (detail: string) => new AhpInputError(path, detail);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw fail([])(
      'expected an object: {"format": "pairwise.given-weights", "version": 1, "local": {...}}'
    );
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!['format', 'version', 'local', 'global'].includes(key))
      throw fail([key])('unknown field; expected "format", "version", "local" or "global"');
  if (o.format !== undefined && o.format !== GIVEN_WEIGHTS_FORMAT)
    throw fail(['format'])(`expected "${GIVEN_WEIGHTS_FORMAT}"`);
  if (o.version !== undefined && o.version !== 1)
    throw fail(['version'])('this version of Pairwise reads version 1');
  if ((o.local === undefined) === (o.global === undefined))
    throw fail([])('give either "local" (every node below the goal) or "global" (every leaf)');
  const form: GivenForm = o.local !== undefined ? 'local' : 'global';
  const map = o[form];
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw fail([form])('expected an object: node id -> weight');
  const entries = Object.entries(map as Record<string, unknown>).map(([id, value]) => {
    const where = fail([form, id]);
    const bad = lineProblem(id, MAX_LABEL_LENGTH);
    if (bad) throw where(`the node id ${bad}`);
    if (typeof value !== 'number' || weightProblem(value))
      throw where(`${JSON.stringify(value) ?? String(value)} is not a weight from 0 to 1`);
    return { id, value, fail: where };
  });
  return { form, entries, parents: new Map(), failMissing: fail([form]) };
}

/** Reads a given-weights file of either format (errors as the two readers). */
export function readGivenWeights(text: string, format: 'csv' | 'json'): GivenWeights {
  return format === 'csv' ? readGivenWeightsCsv(text) : readGivenWeightsJson(text);
}

interface Walked {
  node: SurveyNode;
  parent: SurveyNode | null;
}

function walk(root: SurveyNode): Walked[] {
  const out: Walked[] = [];
  const visit = (node: SurveyNode, parent: SurveyNode | null) => {
    out.push({ node, parent });
    for (const c of node.children ?? []) visit(c, node);
  };
  visit(root, null);
  return out;
}

const fmt = (x: number) => String(x);

/**
 * The survey's definition with the given weights as preset weights on every inner node, and the
 * normalisations made on request.
 * @throws the errors of the file's reader, located at the entry (or the end of the file) with
 *   the problem: an id not in the survey, given twice, a node missing, a parent that differs,
 *   an inner node in a file of global weights, a group that does not sum to 1 (without
 *   `normalise`), or a group whose weights are all 0
 */
export function presetFromGiven(
  definition: SurveyDefinition,
  given: GivenWeights,
  normalise = false
): { definition: SurveyDefinition; changes: ProvenanceChange[] } {
  const all = walk(definition.hierarchy);
  const byId = new Map(all.map((w) => [w.node.id, w]));
  const root = definition.hierarchy;
  const value = new Map<string, GivenEntry>();
  for (const e of given.entries) {
    const w = byId.get(e.id);
    if (!w) throw e.fail(`there is no node ${quote(e.id)} in this survey's hierarchy`);
    if (value.has(e.id)) throw e.fail(`node ${quote(e.id)} is given twice`);
    if (w.parent === null && e.value !== 1)
      throw e.fail(`the goal ${quote(e.id)} always weighs 1, not ${fmt(e.value)}`);
    if (given.form === 'global' && w.node.children && w.parent !== null)
      throw e.fail(
        `${quote(e.id)} is not a leaf: a file of global weights gives the leaves only (the other weights follow from them)`
      );
    value.set(e.id, e);
  }
  for (const [id, { parent, fail }] of given.parents) {
    const want = byId.get(id)?.parent?.id ?? '';
    if (parent !== want)
      throw fail(
        `the parent of ${quote(id)} is ${want === '' ? 'none (it is the goal)' : quote(want)} in this survey, not ${quote(parent)}`
      );
  }
  const needed = all.filter((w) => (given.form === 'local' ? w.parent !== null : !w.node.children));
  const missing = needed.find((w) => !value.has(w.node.id));
  if (missing)
    throw given.failMissing(
      given.form === 'local'
        ? `node ${quote(missing.node.id)} (a child of ${quote(missing.parent!.id)}) has no local weight: every node below the goal needs one`
        : `leaf ${quote(missing.node.id)} has no global weight: every leaf needs one`
    );

  const changes: ProvenanceChange[] = [];
  const sumOrNormalise = (node: SurveyNode, sum: number, first: GivenEntry, what: string): void => {
    if (!(sum > 0))
      throw first.fail(
        `${what} are all 0: the weights below ${quote(node.id)} cannot be worked out`
      );
    if (Math.abs(sum - 1) <= GIVEN_SUM_TOLERANCE) return;
    if (!normalise)
      throw first.fail(
        `${what} sum to ${fmt(sum)}, not 1 within ${GIVEN_SUM_TOLERANCE}: correct them, or ask to normalise (divide by the sum; recorded in the weight set)`
      );
    changes.push({ type: 'normalise', node: node.id, sum });
  };

  // Local weights of every inner node's children.
  const local = new Map<string, number[]>();
  if (given.form === 'local') {
    for (const { node } of all) {
      const kids = node.children ?? [];
      if (kids.length === 0) continue;
      const w = kids.map((c) => value.get(c.id)!.value);
      const sum = w.reduce((s, x) => s + x, 0);
      const ids = kids.map((c) => c.id).join(', ');
      sumOrNormalise(node, sum, value.get(kids[0]!.id)!, `the local weights of ${ids}`);
      local.set(
        node.id,
        w.map((x) => x / sum)
      );
    }
  } else {
    const leaves = all.filter((w) => !w.node.children);
    const total = leaves.reduce((s, w) => s + value.get(w.node.id)!.value, 0);
    sumOrNormalise(root, total, value.get(leaves[0]!.node.id)!, "the leaves' global weights");
    const mass = new Map<string, number>();
    const massOf = (node: SurveyNode): number => {
      const m = node.children
        ? node.children.reduce((s, c) => s + massOf(c), 0)
        : value.get(node.id)!.value;
      mass.set(node.id, m);
      return m;
    };
    massOf(root);
    for (const { node } of all) {
      const kids = node.children ?? [];
      if (kids.length === 0) continue;
      const m = mass.get(node.id)!;
      if (!(m > 0))
        throw value
          .get(walk(node).find((w) => !w.node.children)!.node.id)!
          .fail(
            `the leaves below ${quote(node.id)} all weigh 0, so the local weights of its children cannot be worked out: give local weights instead`
          );
      local.set(
        node.id,
        kids.map((c) => mass.get(c.id)! / m)
      );
    }
  }
  const withWeights = (node: SurveyNode): SurveyNode =>
    node.children
      ? { ...node, weights: local.get(node.id)!, children: node.children.map(withWeights) }
      : node;
  return { definition: { ...definition, hierarchy: withWeights(root) }, changes };
}

export interface GivenFile {
  /** The file's name as the researcher knows it (recorded). */
  name: string;
  format: 'csv' | 'json';
  text: string;
  /** SHA-256 of the file's bytes, lowercase hex (recorded). */
  sha256: string;
}

export interface GivenOptions {
  surveyId: string;
  name: string;
  /** Divide each sibling group that does not sum to 1 by its sum (recorded). Default: refuse. */
  normalise?: boolean;
  createdAt?: Date | string;
  appVersion?: string;
  grades?: ReadonlyArray<{ grade: string; minScore: number }>;
}

/**
 * A weight set from a file of given weights for the survey's hierarchy, without any expert:
 * provenance kind "given" with the file's name, format, SHA-256 and any normalisation.
 * @throws CsvError / JsonSyntaxError / AhpInputError for the file (see the readers and
 *   presetFromGiven); AhpInputError from buildWeightSet (e.g. a leaf's scale that needs the
 *   panel's ratings)
 */
export async function givenWeightSet(
  definition: SurveyDefinition,
  file: GivenFile,
  options: GivenOptions
): Promise<WeightSet> {
  const given = readGivenWeights(file.text, file.format);
  const preset = presetFromGiven(definition, given, options.normalise ?? false);
  const tree = parseHierarchy(toEngineHierarchy(preset.definition.hierarchy));
  const analysis = analyseHierarchy({
    ...tree,
    experts: [],
    options: surveyOptions(definition)
  });
  return buildWeightSet(preset.definition, analysis, {
    surveyId: options.surveyId,
    name: options.name,
    ...(options.createdAt !== undefined ? { createdAt: options.createdAt } : {}),
    ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
    ...(options.grades ? { grades: options.grades } : {}),
    panel: [],
    provenance: {
      kind: 'given',
      parent: null,
      changes: preset.changes,
      source: { name: file.name, format: file.format, sha256: file.sha256 }
    }
  });
}
