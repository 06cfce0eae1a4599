/**
 * Import of a project exported from BPMSG's AHP online system (AHP-OS, Goepel; the "Export"
 * button of its project administration, which writes SESSIONCODE-AHP-project.JSON), so that an
 * existing study can be re-analysed in Pairwise.
 *
 * The format, as read from AHP-OS's own source (github.com/bpmsg/ahp-os: ahp-session-admin.php
 * EXPORT, classes/AhpDb.php getAllProjects/getAllPwc/getAllAlt, ahp-project-import.php,
 * classes/AhpHier.php setHierarchy, classes/AhpCalc.php getMatrixFromPwc, db/ahp-sql-create.php):
 *
 *   { "pj":  [ { "project_sc", "project_name", "project_description", "project_hText",
 *                "project_datetime", "project_author", "project_id", "project_status" } ],
 *     "pwc": [ { "project_sc", "pwc_part", "pwc_timestamp", "pwc_node", "pwc_ab",
 *                "pwc_intense", "pwc_id" }, ... ],          (absent without participants)
 *     "alt": [ { "project_sc", "alt" }, ... ] }             (absent without alternatives)
 *
 * - project_hText is the hierarchy: entries "Parent: child, child, ...;" (AhpHier::setHierarchy),
 *   whitespace runs collapsed to one space; a child written "name=0.3" carries a predefined local
 *   priority.
 * - Each pwc row is one participant's (pwc_part) judgments of the children of one node
 *   (pwc_node, a parent's name). pwc_ab and pwc_intense are strings with one character per pair,
 *   pairs in row-major upper-triangle order of the node's children as listed in project_hText:
 *   pwc_ab "0" means the first element of the pair (A) is preferred, "1" the second (B);
 *   pwc_intense is the intensity 1-9. So a_ij = intensity when ab = 0 and 1/intensity when
 *   ab = 1 (AhpCalc::getMatrixFromPwc).
 * - The database columns come back from PDO as strings (numbers too, such as project_id);
 *   only the fields named above are read, others are ignored.
 *
 * Assumptions (not verifiable from the source, stated so they can be checked against a real
 * export): one project per file (pj has one element; AHP-OS exports one); an intensity is one
 * digit 1-9, as AHP-OS's forms allow and str_split reads; projects that evaluate alternatives
 * ("alt" present) are refused, since their pwc rows for leaves compare alternatives, which a
 * Pairwise survey does not hold; a node's predefined priorities ("=p") are taken only when every
 * child of the node has one, and are divided by their sum (AHP-OS accepts sums within 1e-4).
 * Node ids are the names where they are valid ids (letters, digits, "_", "." or "-", up to 32
 * characters), else N1, N2 ...; the names become the labels in both languages.
 */
import { AhpInputError, matrixFromUpper, pairCount, type InputPath } from '../ahp';
import { parseJson } from '../json';
import {
  DEFAULT_SETTINGS,
  MAX_DESCRIPTION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  lineProblem,
  NODE_ID_PATTERN,
  parseDefinition,
  type SurveyDefinition,
  type SurveyNode
} from '../survey';
import type { ExpertResponse } from './responses';

/** A project read from an AHP-OS export. */
export interface AhpOsProject {
  definition: SurveyDefinition;
  /** One per participant, in the order of their first judgment in the file; id = participant name. */
  experts: ExpertResponse[];
  /** The node ids given to AHP-OS names (name -> id). */
  ids: Record<string, string>;
  source: { sessionCode: string | null; author: string | null; datetime: string | null };
}

const HTEXT_PATH: InputPath = ['pj', 0, 'project_hText'];
const PRIORITY_TOLERANCE = 1e-4;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

interface ParsedChild {
  name: string;
  priority: number | null;
}

/**
 * Parses an AHP-OS hierarchy text into a survey hierarchy (ids as described in the module
 * comment). Entries may come in any order; exactly one parent is nobody's child (the goal).
 * @throws AhpInputError at `path` naming the entry at fault
 */
export function parseAhpOsHierarchy(
  hText: string,
  path: InputPath = HTEXT_PATH
): { root: SurveyNode; ids: Map<string, string> } {
  const entries = hText
    .split(';')
    .map(clean)
    .filter((e) => e !== '');
  if (entries.length === 0)
    throw new AhpInputError(
      path,
      'the hierarchy text is empty; AHP-OS writes "Goal: A, B; A: a1, a2;"'
    );
  const children = new Map<string, ParsedChild[]>();
  const parentOf = new Map<string, string>();
  const order: string[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon < 0)
      throw new AhpInputError(
        path,
        `entry "${entry}" has no colon: AHP-OS writes "Parent: child, child;"`
      );
    const parent = clean(entry.slice(0, colon));
    if (parent === '')
      throw new AhpInputError(path, `entry "${entry}" has no parent name before the colon`);
    if (children.has(parent))
      throw new AhpInputError(path, `"${parent}" has its children listed twice`);
    const list = entry
      .slice(colon + 1)
      .split(',')
      .map((c): ParsedChild => {
        const raw = clean(c);
        const eq = raw.indexOf('=');
        if (eq < 0) return { name: raw, priority: null };
        const p = raw.slice(eq + 1).trim();
        const x = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(p) ? Number(p) : NaN;
        if (!(x >= 0 && x <= 1))
          throw new AhpInputError(
            path,
            `"${raw}": the priority after "=" must be a number from 0 to 1`
          );
        return { name: clean(raw.slice(0, eq)), priority: x };
      });
    for (const c of list) {
      if (c.name === '')
        throw new AhpInputError(
          path,
          `entry "${entry}" has an empty child name (two commas in a row?)`
        );
      if (c.name.length > MAX_LABEL_LENGTH)
        throw new AhpInputError(
          path,
          `"${c.name.slice(0, 20)}..." is longer than ${MAX_LABEL_LENGTH} characters`
        );
      const other = parentOf.get(c.name);
      if (other !== undefined)
        throw new AhpInputError(
          path,
          `"${c.name}" appears twice (under "${other}" and "${parent}")`
        );
      parentOf.set(c.name, parent);
    }
    children.set(parent, list);
    order.push(parent);
  }
  const roots = order.filter((p) => !parentOf.has(p));
  if (roots.length !== 1)
    throw new AhpInputError(
      path,
      roots.length === 0
        ? "no goal: every parent is also somebody's child (a cycle)"
        : `more than one goal: ${roots.map((r) => `"${r}"`).join(', ')} are nobody's children`
    );
  const ids = new Map<string, string>();
  const used = new Set<string>();
  let counter = 0;
  const idFor = (name: string) => {
    let id = NODE_ID_PATTERN.test(name) ? name : '';
    while (id === '' || used.has(id)) id = `N${++counter}`;
    used.add(id);
    ids.set(name, id);
    return id;
  };
  const build = (name: string, depth: number): SurveyNode => {
    if (depth > 64) throw new AhpInputError(path, 'the hierarchy is too deep (a cycle?)');
    const node: SurveyNode = { id: idFor(name), label: { en: name, zh: name } };
    const list = children.get(name);
    if (list) {
      const given = list.filter((c) => c.priority !== null);
      if (given.length > 0) {
        if (given.length !== list.length)
          throw new AhpInputError(
            path,
            `"${name}": predefined priorities ("=p") are given for some children but not all`
          );
        const sum = list.reduce((s, c) => s + c.priority!, 0);
        if (!(Math.abs(sum - 1) <= PRIORITY_TOLERANCE))
          throw new AhpInputError(
            path,
            `"${name}": the predefined priorities sum to ${sum}, not 1`
          );
        node.weights = list.map((c) => c.priority! / sum);
      }
      node.children = list.map((c) => build(c.name, depth + 1));
    }
    return node;
  };
  const root = build(roots[0]!, 0);
  // Parents never reached from the goal (a cycle apart from it).
  const unreached = order.find((p) => !ids.has(p));
  if (unreached) throw new AhpInputError(path, `"${unreached}" is not connected to the goal`);
  return { root, ids };
}

function stringField(
  o: Record<string, unknown>,
  key: string,
  path: InputPath,
  required: boolean
): string | null {
  const x = o[key];
  if (x === undefined || x === null) {
    if (required) throw new AhpInputError([...path, key], `missing: expected a string`);
    return null;
  }
  if (typeof x !== 'string')
    throw new AhpInputError(
      [...path, key],
      `expected a string, got ${String(JSON.stringify(x)).slice(0, 60)}`
    );
  return x;
}

/**
 * Reads an AHP-OS project export (text or already parsed JSON): the hierarchy as a survey
 * definition (default settings: eigenvector, Saaty's 1980 random index, CR < 0.1, AIJ) and
 * each participant's judgments.
 *
 * @throws JsonSyntaxError (line, column) for malformed JSON; AhpInputError naming the JSON path of
 *   the first problem: not an AHP-OS project, more than one project, alternatives, a bad
 *   hierarchy text, a judgment row for an unknown node or of the wrong length, a character other
 *   than 0/1 in pwc_ab or 1-9 in pwc_intense, a participant judging a node twice
 */
export function importAhpOsProject(input: string | unknown): AhpOsProject {
  const value = typeof input === 'string' ? parseJson(input) : input;
  if (!isObject(value) || !Array.isArray(value.pj))
    throw new AhpInputError(
      isObject(value) ? ['pj'] : [],
      'not an AHP-OS project export: expected {"pj": [project], "pwc": [judgments]}'
    );
  if (value.pj.length !== 1)
    throw new AhpInputError(
      ['pj'],
      `${value.pj.length} projects; an AHP-OS export holds exactly one`
    );
  const pj = value.pj[0];
  if (!isObject(pj)) throw new AhpInputError(['pj', 0], 'expected the project (an object)');
  if (value.alt !== undefined && !(Array.isArray(value.alt) && value.alt.length === 0))
    throw new AhpInputError(
      ['alt'],
      'this project evaluates alternatives; Pairwise imports hierarchies of criteria and their judgments only'
    );
  const name = clean(stringField(pj, 'project_name', ['pj', 0], true)!) || 'AHP-OS project';
  const description = clean(stringField(pj, 'project_description', ['pj', 0], false) ?? '');
  // The limits of the survey's title and description, as the forms keep them.
  for (const [key, text, max] of [
    ['project_name', name, MAX_LABEL_LENGTH],
    ['project_description', description, MAX_DESCRIPTION_LENGTH]
  ] as const) {
    const problem = lineProblem(text, max);
    if (problem) throw new AhpInputError(['pj', 0, key], problem);
  }
  const hText = stringField(pj, 'project_hText', ['pj', 0], true)!;
  const sessionCode = stringField(pj, 'project_sc', ['pj', 0], false);
  const { root, ids } = parseAhpOsHierarchy(hText);

  let definition: SurveyDefinition;
  try {
    definition = parseDefinition({
      title: { en: name, zh: name },
      ...(description ? { description: { en: description, zh: description } } : {}),
      hierarchy: root,
      settings: { ...DEFAULT_SETTINGS }
    });
  } catch (e) {
    if (e instanceof AhpInputError) throw new AhpInputError(HTEXT_PATH, e.message);
    throw e;
  }

  // Nodes that take judgments, by AHP-OS name.
  const compared = new Map<string, SurveyNode>();
  const byId = new Map<string, string>([...ids].map(([n, id]) => [id, n]));
  const visit = (node: SurveyNode) => {
    if ((node.children?.length ?? 0) >= 2 && !node.weights) compared.set(byId.get(node.id)!, node);
    node.children?.forEach(visit);
  };
  visit(definition.hierarchy);

  const experts = new Map<string, ExpertResponse>();
  const rows = value.pwc ?? [];
  if (!Array.isArray(rows)) throw new AhpInputError(['pwc'], 'expected an array of judgment rows');
  rows.forEach((row: unknown, k: number) => {
    const path: InputPath = ['pwc', k];
    if (!isObject(row)) throw new AhpInputError(path, 'expected a judgment row (an object)');
    const sc = stringField(row, 'project_sc', path, false);
    if (sc !== null && sessionCode !== null && sc !== sessionCode)
      throw new AhpInputError(
        [...path, 'project_sc'],
        `belongs to project "${sc}", not "${sessionCode}"`
      );
    const part = clean(stringField(row, 'pwc_part', path, true)!);
    if (part === '') throw new AhpInputError([...path, 'pwc_part'], 'the participant has no name');
    const partProblem = lineProblem(part, MAX_NAME_LENGTH);
    if (partProblem) throw new AhpInputError([...path, 'pwc_part'], `the name ${partProblem}`);
    const nodeName = clean(stringField(row, 'pwc_node', path, true)!);
    const node = compared.get(nodeName);
    if (!node) {
      const known = ids.has(nodeName);
      throw new AhpInputError(
        [...path, 'pwc_node'],
        known
          ? `"${nodeName}" compares nothing (a leaf, a single child or predefined priorities)`
          : `there is no node "${nodeName}" in the hierarchy`
      );
    }
    const n = node.children!.length;
    const npc = pairCount(n);
    const ab = stringField(row, 'pwc_ab', path, true)!;
    const intense = stringField(row, 'pwc_intense', path, true)!;
    for (const [key, s] of [
      ['pwc_ab', ab],
      ['pwc_intense', intense]
    ] as const) {
      if (s.length !== npc)
        throw new AhpInputError(
          [...path, key],
          `${s.length} characters, node "${nodeName}" has ${n} children and so ${npc} pairs`
        );
    }
    const upper: number[] = [];
    for (let m = 0; m < npc; m++) {
      const a = ab[m]!;
      const x = intense[m]!;
      if (a !== '0' && a !== '1')
        throw new AhpInputError(
          [...path, 'pwc_ab'],
          `character ${m + 1} is '${a}', expected 0 (A preferred) or 1 (B preferred)`
        );
      if (!(x >= '1' && x <= '9'))
        throw new AhpInputError(
          [...path, 'pwc_intense'],
          `character ${m + 1} is '${x}', expected an intensity 1-9`
        );
      const intensity = Number(x);
      upper.push(a === '0' ? intensity : 1 / intensity);
    }
    matrixFromUpper(upper, 'saaty', path);
    let expert = experts.get(part);
    if (!expert) {
      expert = { id: part, name: part, judgments: {} };
      experts.set(part, expert);
    }
    if (expert.judgments[node.id])
      throw new AhpInputError(
        [...path, 'pwc_node'],
        `participant "${part}" judges node "${nodeName}" twice`
      );
    expert.judgments[node.id] = upper;
  });
  return {
    definition,
    experts: [...experts.values()],
    ids: Object.fromEntries(ids),
    source: {
      sessionCode,
      author: stringField(pj, 'project_author', ['pj', 0], false),
      datetime: stringField(pj, 'project_datetime', ['pj', 0], false)
    }
  };
}
