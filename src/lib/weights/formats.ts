/**
 * Exports and imports of weights and responses.
 *
 * - Global weights as CSV: one row per node, depth-first (id, label_en, label_zh, parent, local,
 *   global, lower, upper).
 * - Responses as JSON ("pairwise.responses", version 1): the compared nodes with their children
 *   in order, and per expert the upper triangle of each node (a_ij, null where not given).
 * - Responses as CSV in the wide survey coding that the R package ahpsurvey reads
 *   (ahp.mat(df, atts, negconvert = TRUE)): one row per expert, one column per pair named
 *   `I_J` after the two children's ids, node by node depth-first, pairs in row-major
 *   upper-triangle order. A value x in column I_J codes a_IJ = 1/x when x > 0 and |x| when
 *   x < 0: -3 says "I is 3 times as important as J", 3 says "J is 3 times as important as I",
 *   1 (or -1) equal. An empty cell (or NA) is no judgment. Leading columns `id`, `role` and
 *   `weight` carry the expert.
 * - Ratings groups (the levels of a leaf's scale that the panel compares) come in the order the
 *   expert page asks them (askedGroupsOf), keyed by the leaf's id like any group: in JSON as a
 *   "node" whose children are the compared levels' ids; in CSV as columns `LEAF:I_J` after the
 *   two levels' ids (":" is in no id, so the leaf's name keeps levels of different indicators
 *   apart). Leaf-keyed judgments are accepted exactly where the survey has that ratings group.
 *
 * Importers are pure: they return every expert or throw, so nothing is ever half-imported.
 * CSV problems are CsvError (line, column); JSON problems JsonSyntaxError (line, column) or
 * AhpInputError (the JSON path).
 */
import * as v from 'valibot';
import {
  AhpInputError,
  matrixFromUpper,
  pairCount,
  type InputPath,
  type ScalePolicy
} from '../ahp';
import { parseJson } from '../json';
import { problem, type Problem } from '../problem';
import {
  MAX_NAME_LENGTH,
  MAX_ROLE_LENGTH,
  askedGroupsOf,
  lineIssue,
  lineSchema,
  parseOrThrow,
  recordSchema,
  type SurveyDefinition
} from '../survey';
import {
  CsvError,
  fieldPosition,
  isBlankRecord,
  parseCsv,
  readCsvText,
  writeCsv,
  type CsvRecord
} from './csv';
import type { ExpertResponse } from './responses';
import type { WeightSet } from './schema';

/* ---------- global weights ---------- */

export const GLOBAL_WEIGHTS_COLUMNS = [
  'id',
  'label_en',
  'label_zh',
  'parent',
  'local',
  'global',
  'lower',
  'upper'
] as const;

/**
 * The weight set's nodes as CSV, depth-first from the goal: local and global weight, and the
 * bootstrap interval of the global weight (empty without bootstrap, and for the goal). Numbers
 * are written in full (shortest round-trip form), never rounded.
 */
export function globalWeightsCsv(ws: WeightSet): string {
  return writeCsv([
    [...GLOBAL_WEIGHTS_COLUMNS],
    ...ws.nodes.map((n) => [
      n.id,
      n.label.en,
      n.label.zh,
      n.parent ?? '',
      n.localWeight,
      n.globalWeight,
      n.interval ? n.interval.lower : null,
      n.interval ? n.interval.upper : null
    ])
  ]);
}

/* ---------- the survey coding ---------- */

/** a_ij in ahpsurvey's coding (negconvert = TRUE): -a when a > 1, 1/a when a < 1, 1 when equal. */
export function encodeSurveyCoding(a: number): number {
  return a === 1 ? 1 : a > 1 ? -a : 1 / a;
}

/** The judgment a_ij a value x of ahpsurvey's coding stands for: 1/x when x > 0, |x| when x < 0. */
export function decodeSurveyCoding(x: number): number {
  return x > 0 ? 1 / x : -x;
}

/** The leading columns of the responses CSV (each optional on import). */
export const EXPERT_COLUMNS = ['id', 'role', 'weight'] as const;

/** A pair column of the responses CSV. */
export interface PairColumn {
  name: string;
  node: string;
  /** Position in the node's upper triangle. */
  index: number;
  i: number;
  j: number;
}

/**
 * The pair columns of a survey: `I_J` for each compared node (depth-first) and each pair (i, j)
 * in row-major upper-triangle order; `LEAF:I_J` for the compared levels of a leaf's scale, after
 * the group that compares the leaf (the expert page's order).
 * @throws AhpInputError when two pairs would get the same column name (ids joined by "_" can
 *   collide, e.g. "a_b"+"c" and "a"+"b_c"), or a pair would be named like an expert column
 */
export function pairColumns(definition: Pick<SurveyDefinition, 'hierarchy'>): PairColumn[] {
  const out: PairColumn[] = [];
  const seen = new Map<string, PairColumn>();
  for (const c of askedGroupsOf(definition)) {
    c.pairs.forEach(([i, j], index) => {
      const col = {
        name: `${c.kind === 'levels' ? `${c.node.id}:` : ''}${c.children[i]!.id}_${c.children[j]!.id}`,
        node: c.node.id,
        index,
        i,
        j
      };
      const other = seen.get(col.name);
      if (other || (EXPERT_COLUMNS as readonly string[]).includes(col.name))
        throw new AhpInputError(
          ['hierarchy'],
          `pair column "${col.name}" of node "${col.node}" is ambiguous${other ? ` (node "${other.node}" has a pair of the same name)` : ''}: rename a node id`
        );
      seen.set(col.name, col);
      out.push(col);
    });
  }
  return out;
}

/**
 * The responses as CSV in ahpsurvey's wide coding (see the module comment). In R:
 * `df <- read.csv("responses.csv"); ahp.mat(df[, c("B1_B2", "B1_B3", ...)], atts, negconvert = TRUE)`.
 * @throws AhpInputError when an expert's judgments do not fit the survey
 */
export function responsesCsv(
  definition: Pick<SurveyDefinition, 'hierarchy'>,
  experts: readonly ExpertResponse[]
): string {
  const columns = pairColumns(definition);
  const sizes = new Map(askedGroupsOf(definition).map((c) => [c.node.id, c.pairs.length]));
  const rows = experts.map((e, k) => {
    for (const [node, upper] of Object.entries(e.judgments)) {
      if (sizes.get(node) !== upper.length)
        throw new AhpInputError(
          ['experts', k, 'judgments', node],
          sizes.has(node)
            ? `${upper.length} judgments, node "${node}" has ${sizes.get(node)} pairs`
            : `this survey compares no node (or levels of indicator) "${node}"`
        );
    }
    return [
      e.id,
      e.role ?? '',
      e.weight ?? 1,
      ...columns.map((c) => {
        const a = e.judgments[c.node]?.[c.index] ?? null;
        return a === null ? null : encodeSurveyCoding(a);
      })
    ];
  });
  return writeCsv([[...EXPERT_COLUMNS, ...columns.map((c) => c.name)], ...rows]);
}

/** A decimal number: optional sign, digits with an optional fraction, optional exponent. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a CSV cell holds, or null when it is not one (surrounding spaces are allowed). */
export function parseCsvNumber(cell: string): number | null {
  const t = cell.trim();
  return NUMBER.test(t) ? Number(t) : null;
}

export interface ImportOptions {
  /** Which judgments are accepted: Saaty's 1-9 scale (default) or any positive ratio. */
  scale?: ScalePolicy;
}

/**
 * Reads responses from the CSV survey coding (see the module comment): a header row naming
 * `id`, `role`, `weight` (each optional) and every pair column of the survey, in any order; then
 * one row per expert. Blank lines are skipped.
 *
 * @throws CsvError naming the line and column of the first problem: malformed CSV (a bad
 *   quote), no header, an unknown, duplicate or missing column, a row with the wrong number of
 *   fields, a value that is not a number or not on the scale, an expert weight that is not a
 *   number >= 0, a duplicate expert id, judgments of a node that do not connect its elements,
 *   a row without judgments, no rows at all
 */
export function importResponsesCsv(
  definition: Pick<SurveyDefinition, 'hierarchy'>,
  text: string,
  options: ImportOptions = {}
): ExpertResponse[] {
  const scale = options.scale ?? 'saaty';
  const columns = pairColumns(definition);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const records = parseCsv(text).filter((r) => !isBlankRecord(r));
  const at = (record: CsvRecord, field: number, what: string | Problem): CsvError => {
    const { line, column } = fieldPosition(text, record, field);
    return new CsvError(line, column, what);
  };
  const header = records[0];
  if (!header) throw new CsvError(1, 1, problem('import-empty'));
  if (header.fields.every((f) => f.trim() === '' || NUMBER.test(f.trim())))
    throw at(
      header,
      0,
      problem('import-values-header', {
        examples: columns
          .slice(0, 2)
          .map((c) => c.name)
          .join(', ')
      })
    );
  // Which field holds what.
  const role: Array<
    { kind: 'expert'; key: (typeof EXPERT_COLUMNS)[number] } | { kind: 'pair'; col: PairColumn }
  > = [];
  const seen = new Map<string, number>();
  header.fields.forEach((raw, k) => {
    const name = raw.trim();
    const first = seen.get(name);
    if (first !== undefined)
      throw at(header, k, problem('import-column-twice', { name, other: first + 1 }));
    seen.set(name, k);
    if ((EXPERT_COLUMNS as readonly string[]).includes(name)) {
      role.push({ kind: 'expert', key: name as (typeof EXPERT_COLUMNS)[number] });
      return;
    }
    const col = byName.get(name);
    if (!col)
      throw at(
        header,
        k,
        name === ''
          ? problem('csv-unnamed-column')
          : problem('import-unknown-column', { name, example: columns[0]?.name ?? 'B1_B2' })
      );
    role.push({ kind: 'pair', col });
  });
  const missing = columns.find((c) => !seen.has(c.name));
  if (missing)
    throw at(
      header,
      header.fields.length,
      problem('import-missing-column', { name: missing.name, node: missing.node })
    );
  if (records.length === 1) throw new CsvError(header.line + 1, 1, problem('import-no-experts'));

  const firstColumnOf = new Map<string, number>(); // node -> field index of its first pair
  role.forEach((r, k) => {
    if (r.kind === 'pair' && r.col.index === 0) firstColumnOf.set(r.col.node, k);
  });
  const sizes = new Map(askedGroupsOf(definition).map((c) => [c.node.id, c.pairs.length]));
  const ids = new Map<string, number>();
  return records.slice(1).map((record, r) => {
    const f = record.fields;
    if (f.length !== header.fields.length)
      throw at(
        record,
        Math.min(f.length, header.fields.length),
        problem('csv-field-count', { count: f.length, header: header.fields.length })
      );
    const expert: ExpertResponse = { id: `E${r + 1}`, judgments: {} };
    const uppers = new Map<string, Array<number | null>>();
    for (const [node, size] of sizes) uppers.set(node, new Array<number | null>(size).fill(null));
    let idField = -1;
    f.forEach((cell, k) => {
      const what = role[k]!;
      const value = cell.trim();
      if (what.kind === 'expert' && what.key !== 'weight') {
        // Text as the export wrote it, undefused.
        const text = readCsvText(value);
        const bad = lineIssue(
          text,
          what.key === 'id' ? MAX_NAME_LENGTH : MAX_ROLE_LENGTH,
          what.key === 'id' ? 'expert-id' : 'role'
        );
        if (bad) throw at(record, k, bad);
        if (what.key === 'id') idField = k;
        if (text !== '') expert[what.key] = text;
        return;
      }
      if (what.kind === 'expert') {
        if (value !== '') {
          const w = parseCsvNumber(value);
          if (w === null || !(w >= 0) || !Number.isFinite(w))
            throw at(record, k, problem('import-weight', { value }));
          expert.weight = w;
        }
        return;
      }
      if (value === '' || value === 'NA') return;
      const x = parseCsvNumber(value);
      const name = what.col.name;
      if (x === null || !Number.isFinite(x))
        throw at(record, k, problem('import-not-number', { column: name, value }));
      if (x === 0) throw at(record, k, problem('import-zero', { column: name }));
      if (scale === 'saaty' && !(Number.isInteger(x) && Math.abs(x) <= 9))
        throw at(record, k, problem('import-scale', { column: name, value }));
      uppers.get(what.col.node)![what.col.index] = decodeSurveyCoding(x);
    });
    const first = ids.get(expert.id);
    if (first !== undefined)
      throw at(
        record,
        Math.max(idField, 0),
        problem('import-id-twice', { id: expert.id, line: first })
      );
    ids.set(expert.id, record.line);
    for (const [node, upper] of uppers) {
      if (upper.every((x) => x === null)) continue; // node not answered
      try {
        matrixFromUpper(upper, scale, []);
      } catch (e) {
        if (e instanceof AhpInputError)
          throw at(
            record,
            firstColumnOf.get(node)!,
            e.problem?.code === 'matrix-disconnected'
              ? problem('import-disconnected', { node, groups: e.problem.params.groups })
              : `node ${node}: ${e.detail}`
          );
        throw e;
      }
      expert.judgments[node] = upper;
    }
    if (Object.keys(expert.judgments).length === 0)
      throw at(record, 0, problem('import-no-row-judgments', { id: expert.id }));
    return expert;
  });
}

/* ---------- JSON ---------- */

export const RESPONSES_FORMAT = 'pairwise.responses';
export const RESPONSES_CONVENTION =
  "judgments[node] is the upper triangle of the node's matrix, row-major: (0,1), (0,2) ... (1,2) ...; a_ij says how much more important child i is than child j (a_ji = 1/a_ij); null: no judgment. A leaf's id keys the comparison of its scale's levels (the node's children are then the compared levels; a_ij: how much better level i is than level j)";

/** The compared nodes of a survey with their children in order (the key to the triangles). */
function comparedNodes(definition: Pick<SurveyDefinition, 'hierarchy'>) {
  return askedGroupsOf(definition).map((c) => ({
    id: c.node.id,
    children: c.children.map((x) => x.id)
  }));
}

/** The responses as JSON ("pairwise.responses", version 1), indented by two spaces. */
export function responsesJson(
  definition: Pick<SurveyDefinition, 'hierarchy' | 'title'>,
  experts: readonly ExpertResponse[]
): string {
  return `${JSON.stringify(
    {
      format: RESPONSES_FORMAT,
      version: 1,
      survey: { title: definition.title },
      convention: RESPONSES_CONVENTION,
      nodes: comparedNodes(definition),
      experts: experts.map((e) => ({
        id: e.id,
        ...(e.role !== undefined ? { role: e.role } : {}),
        weight: e.weight ?? 1,
        judgments: e.judgments
      }))
    },
    null,
    2
  )}\n`;
}

const responsesFileSchema = v.strictObject({
  format: v.literal(RESPONSES_FORMAT, `expected "${RESPONSES_FORMAT}"`),
  version: v.literal(1, 'this version of Pairwise reads version 1'),
  survey: v.optional(v.unknown()),
  convention: v.optional(v.string()),
  nodes: v.array(v.strictObject({ id: v.string(), children: v.array(v.string()) })),
  experts: v.pipe(
    v.array(
      v.strictObject({
        id: lineSchema(MAX_NAME_LENGTH, 1, 'an expert id is a non-empty string'),
        role: v.optional(lineSchema(MAX_ROLE_LENGTH)),
        weight: v.optional(
          v.pipe(v.number(), v.finite(), v.minValue(0, 'an expert weight is >= 0'))
        ),
        judgments: recordSchema(v.string(), v.array(v.nullable(v.unknown())))
      })
    ),
    v.minLength(1, 'no experts')
  )
});

/**
 * Reads responses from JSON ("pairwise.responses", version 1), text or already parsed. The
 * file's nodes must be the survey's compared nodes with the same children in the same order,
 * so that every triangle means what it says.
 *
 * @throws JsonSyntaxError (line, column) for malformed JSON; AhpInputError naming the JSON path
 *   of the first problem otherwise
 */
export function importResponsesJson(
  definition: Pick<SurveyDefinition, 'hierarchy'>,
  input: string | unknown,
  options: ImportOptions = {}
): ExpertResponse[] {
  const scale = options.scale ?? 'saaty';
  const value = typeof input === 'string' ? parseJson(input) : input;
  const file = parseOrThrow(responsesFileSchema, value);
  const expected = comparedNodes(definition);
  const sizes = new Map(expected.map((n) => [n.id, pairCount(n.children.length)]));
  if (file.nodes.length !== expected.length)
    throw new AhpInputError(
      ['nodes'],
      `${file.nodes.length} compared nodes, this survey has ${expected.length} (${expected.map((n) => n.id).join(', ')})`
    );
  file.nodes.forEach((n, k) => {
    const want = expected[k]!;
    if (n.id !== want.id)
      throw new AhpInputError(['nodes', k, 'id'], `expected node "${want.id}" here, got "${n.id}"`);
    if (
      n.children.length !== want.children.length ||
      n.children.some((c, i) => c !== want.children[i])
    )
      throw new AhpInputError(
        ['nodes', k, 'children'],
        `node "${n.id}" compares ${JSON.stringify(want.children)} in this survey, not ${JSON.stringify(n.children)}`
      );
  });
  const ids = new Set<string>();
  return file.experts.map((e, k) => {
    const path: InputPath = ['experts', k];
    if (ids.has(e.id))
      throw new AhpInputError([...path, 'id'], `expert id "${e.id}" is used twice`);
    ids.add(e.id);
    const judgments: ExpertResponse['judgments'] = {};
    for (const [node, upper] of Object.entries(e.judgments)) {
      const where = [...path, 'judgments', node];
      const size = sizes.get(node);
      if (size === undefined)
        throw new AhpInputError(
          where,
          `this survey compares no node (or levels of indicator) "${node}"`
        );
      if (upper.length !== size)
        throw new AhpInputError(
          where,
          `${upper.length} judgments, node "${node}" has ${size} pairs`
        );
      upper.forEach((x, i) => {
        if (x !== null && typeof x !== 'number')
          throw new AhpInputError(
            [...where, i],
            `expected a number or null, got ${String(JSON.stringify(x)).slice(0, 60)}`
          );
      });
      matrixFromUpper(upper, scale, where);
      judgments[node] = upper as Array<number | null>;
    }
    if (Object.keys(judgments).length === 0)
      throw new AhpInputError([...path, 'judgments'], `expert "${e.id}" has no judgments`);
    return {
      id: e.id,
      ...(e.role !== undefined ? { role: e.role } : {}),
      ...(e.weight !== undefined ? { weight: e.weight } : {}),
      judgments
    };
  });
}
