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
import { problem, type Problem } from '../problem';
import {
  lineIssue,
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
  fail: (what: Problem) => Error;
}

/** A given-weights file as read: the form, the entries, and an error for the file as a whole. */
export interface GivenWeights {
  form: GivenForm;
  entries: GivenEntry[];
  /** An error about something missing (at the end of a CSV file, at the map of a JSON one). */
  failMissing: (what: Problem) => Error;
  /** The survey's parent of each id, where the file states it (CSV `parent`), to be checked. */
  parents: Map<string, { parent: string; fail: (what: Problem) => Error }>;
}

const CSV_COLUMNS = ['id', 'local', 'global', 'label_en', 'label_zh', 'parent', 'lower', 'upper'];
function weightProblem(x: number | null): boolean {
  return x === null || !Number.isFinite(x) || x < 0 || x > 1;
}

/**
 * Reads given weights from CSV (see the module comment).
 * @throws CsvError naming the line and column of the first problem
 */
export function readGivenWeightsCsv(text: string): GivenWeights {
  const records = parseCsv(text).filter((r) => !isBlankRecord(r));
  const at = (record: CsvRecord, field: number) => (what: Problem) => {
    const { line, column } = fieldPosition(text, record, field);
    return new CsvError(line, column, what);
  };
  const header = records[0];
  if (!header) throw new CsvError(1, 1, problem('given-empty'));
  const index = new Map<string, number>();
  header.fields.forEach((raw, k) => {
    const name = raw.trim();
    if (!CSV_COLUMNS.includes(name))
      throw at(
        header,
        k
      )(name === '' ? problem('csv-unnamed-column') : problem('given-unknown-column', { name }));
    if (index.has(name))
      throw at(header, k)(problem('csv-column-twice', { name, other: index.get(name)! + 1 }));
    index.set(name, k);
  });
  const idField = index.get('id');
  if (idField === undefined) throw at(header, header.fields.length)(problem('given-no-id-column'));
  const form: GivenForm = index.has('local') ? 'local' : 'global';
  const valueField = index.get(form);
  if (valueField === undefined)
    throw at(header, header.fields.length)(problem('given-no-weight-column'));
  if (records.length === 1) throw new CsvError(header.line + 1, 1, problem('given-no-rows'));
  const entries: GivenEntry[] = [];
  const parents: GivenWeights['parents'] = new Map();
  for (const record of records.slice(1)) {
    const f = record.fields;
    if (f.length !== header.fields.length)
      throw at(
        record,
        Math.min(f.length, header.fields.length)
      )(problem('csv-field-count', { count: f.length, header: header.fields.length }));
    const id = readCsvText(f[idField]!.trim());
    if (id === '') throw at(record, idField)(problem('given-no-id'));
    const bad = lineIssue(id, MAX_LABEL_LENGTH, 'node-id');
    if (bad) throw at(record, idField)(bad);
    const cell = f[valueField]!.trim();
    const value = parseCsvNumber(cell);
    if (cell === '') throw at(record, valueField)(problem('given-weight-empty', { form, id }));
    if (weightProblem(value))
      throw at(record, valueField)(problem('given-weight-range', { form, id }));
    const globalField = index.get('global');
    if (form === 'local' && globalField !== undefined) {
      const g = f[globalField]!.trim();
      if (g !== '' && weightProblem(parseCsvNumber(g)))
        throw at(record, globalField)(problem('given-weight-range', { form: 'global', id }));
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
  const fail = (path: InputPath) => (what: Problem) => new AhpInputError(path, what);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw fail([])(problem('given-json-shape'));
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!['format', 'version', 'local', 'global'].includes(key))
      throw fail([key])(problem('given-json-field'));
  if (o.format !== undefined && o.format !== GIVEN_WEIGHTS_FORMAT)
    throw fail(['format'])(problem('given-json-format', { format: GIVEN_WEIGHTS_FORMAT }));
  if (o.version !== undefined && o.version !== 1)
    throw fail(['version'])(problem('given-json-version'));
  if ((o.local === undefined) === (o.global === undefined))
    throw fail([])(problem('given-json-form'));
  const form: GivenForm = o.local !== undefined ? 'local' : 'global';
  const map = o[form];
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw fail([form])(problem('given-json-map'));
  const entries = Object.entries(map as Record<string, unknown>).map(([id, value]) => {
    const where = fail([form, id]);
    const bad = lineIssue(id, MAX_LABEL_LENGTH, 'node-id');
    if (bad) throw where(bad);
    if (typeof value !== 'number' || weightProblem(value))
      throw where(problem('given-json-weight', { value: JSON.stringify(value) ?? String(value) }));
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
    if (!w) throw e.fail(problem('given-unknown-node', { id: e.id }));
    if (value.has(e.id)) throw e.fail(problem('given-twice', { id: e.id }));
    if (w.parent === null && e.value !== 1)
      throw e.fail(problem('given-goal', { id: e.id, value: e.value }));
    if (given.form === 'global' && w.node.children && w.parent !== null)
      throw e.fail(problem('given-not-leaf', { id: e.id }));
    value.set(e.id, e);
  }
  for (const [id, { parent, fail }] of given.parents) {
    const want = byId.get(id)?.parent?.id ?? '';
    if (parent !== want) throw fail(problem('given-parent', { id, want, parent }));
  }
  const needed = all.filter((w) => (given.form === 'local' ? w.parent !== null : !w.node.children));
  const missing = needed.find((w) => !value.has(w.node.id));
  if (missing)
    throw given.failMissing(
      given.form === 'local'
        ? problem('given-missing-local', { id: missing.node.id, parent: missing.parent!.id })
        : problem('given-missing-global', { id: missing.node.id })
    );

  const changes: ProvenanceChange[] = [];
  // `ids`: the sibling group's ids (local weights), or null for all the leaves (global).
  const sumOrNormalise = (
    node: SurveyNode,
    sum: number,
    first: GivenEntry,
    ids: string | null
  ): void => {
    if (!(sum > 0))
      throw first.fail(
        ids === null
          ? problem('given-zero-global', { node: node.id })
          : problem('given-zero-local', { ids, node: node.id })
      );
    if (Math.abs(sum - 1) <= GIVEN_SUM_TOLERANCE) return;
    const tolerance = GIVEN_SUM_TOLERANCE;
    if (!normalise)
      throw first.fail(
        ids === null
          ? problem('given-sum-global', { sum, tolerance })
          : problem('given-sum-local', { ids, sum, tolerance })
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
      sumOrNormalise(node, sum, value.get(kids[0]!.id)!, ids);
      local.set(
        node.id,
        w.map((x) => x / sum)
      );
    }
  } else {
    const leaves = all.filter((w) => !w.node.children);
    const total = leaves.reduce((s, w) => s + value.get(w.node.id)!.value, 0);
    sumOrNormalise(root, total, value.get(leaves[0]!.node.id)!, null);
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
          .fail(problem('given-zero-below', { node: node.id }));
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
