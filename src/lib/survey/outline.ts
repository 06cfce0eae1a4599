/**
 * The plain-text outline of a hierarchy that BPMSG's AHP online system (AHP-OS) uses:
 *   Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5
 * Entries are separated by ";" or line breaks; each names a parent, a colon and its children
 * separated by commas. The first entry's parent is the goal; every later parent must be a
 * child named before. Names become the labels (in both languages, to be edited later) and,
 * where they are valid ids, the ids; other names get ids N1, N2 ...
 */
import { AhpInputError, type InputPath } from '../ahp';
import { labelKey } from './scale';
import {
  MAX_CHILDREN,
  MAX_DEPTH,
  MAX_LABEL_LENGTH,
  MAX_NODES,
  NODE_ID_PATTERN,
  type LocalizedText,
  type SurveyNode
} from './schema';
import { textProblem } from './text';
import { labelOf } from './survey';

/** What is wrong with an outline, as data, so that a page can say it in its own language. */
export type OutlineProblem =
  | { code: 'empty' }
  | { code: 'empty-name' }
  | { code: 'too-many'; max: number }
  | { code: 'too-long'; name: string; max: number }
  | { code: 'characters'; name: string; detail: string }
  | { code: 'duplicate'; name: string }
  | { code: 'no-colon'; entry: string }
  | { code: 'unknown-parent'; name: string }
  | { code: 'listed-twice'; name: string }
  | { code: 'no-children'; name: string }
  | { code: 'too-many-children'; name: string; max: number }
  | { code: 'too-deep'; max: number }
  | { code: 'outline-long'; max: number };

/** The problem in English (the message of the error, for the CLI and the logs). */
export function outlineEnglish(p: OutlineProblem): string {
  switch (p.code) {
    case 'empty':
      return 'the outline is empty; write e.g. "Goal: B1, B2; B1: C1, C2"';
    case 'empty-name':
      return 'an empty name (two commas in a row?)';
    case 'too-many':
      return `more than ${p.max} names; a survey holds at most ${p.max} items`;
    case 'too-long':
      return `"${p.name.slice(0, 20)}..." is longer than ${p.max} characters`;
    case 'characters':
      return `"${p.name.slice(0, 20)}" ${p.detail}`;
    case 'duplicate':
      return `"${p.name}" appears twice; names must be unique`;
    case 'no-colon':
      return `"${p.entry}" has no colon: write "Parent: child, child"`;
    case 'unknown-parent':
      return `"${p.name}" is not a child named earlier in the outline`;
    case 'listed-twice':
      return `"${p.name}" has its children listed twice`;
    case 'no-children':
      return `"${p.name}" has no children after the colon`;
    case 'too-many-children':
      return `"${p.name}" has more than ${p.max} children`;
    case 'too-deep':
      return `the hierarchy is deeper than ${p.max} levels`;
    case 'outline-long':
      return `longer than ${p.max} characters`;
  }
}

/** A malformed outline: where (["outline", entry]) and what, in English and as data. */
export class OutlineError extends AhpInputError {
  constructor(
    path: InputPath,
    /** What is wrong, as data (the outline's own codes). */
    readonly outline: OutlineProblem
  ) {
    super(path, outlineEnglish(outline));
  }
}

/**
 * Parses an outline into a hierarchy.
 * @throws OutlineError with the path ["outline", entry] and what is wrong there
 */
export function parseOutline(text: string): SurveyNode {
  const entries = text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new OutlineError(['outline'], { code: 'empty' });
  const byName = new Map<string, SurveyNode>();
  const usedIds = new Set<string>();
  let counter = 0;
  const makeNode = (name: string, where: number): SurveyNode => {
    const at = ['outline', where];
    if (name === '') throw new OutlineError(at, { code: 'empty-name' });
    if (name.length > MAX_LABEL_LENGTH)
      throw new OutlineError(at, { code: 'too-long', name, max: MAX_LABEL_LENGTH });
    const detail = textProblem(name);
    if (detail !== null) throw new OutlineError(at, { code: 'characters', name, detail });
    // Counted here, before any recursive walk of the tree (MAX_DEPTH is checked after, by
    // parseDefinition, which walks the depth without recursion first).
    if (byName.size >= MAX_NODES) throw new OutlineError(at, { code: 'too-many', max: MAX_NODES });
    if (byName.has(name)) throw new OutlineError(at, { code: 'duplicate', name });
    let id = NODE_ID_PATTERN.test(name) ? name : '';
    while (id === '' || usedIds.has(id)) id = `N${++counter}`;
    usedIds.add(id);
    const node: SurveyNode = { id, label: { en: name, zh: name } };
    byName.set(name, node);
    return node;
  };
  let root: SurveyNode | null = null;
  const depthOf = new Map<SurveyNode, number>();
  entries.forEach((entry, k) => {
    const at = ['outline', k];
    const colon = entry.indexOf(':');
    if (colon < 0) throw new OutlineError(at, { code: 'no-colon', entry });
    const parentName = entry.slice(0, colon).trim();
    const children = entry
      .slice(colon + 1)
      .split(',')
      .map((c) => c.trim());
    let parent: SurveyNode | undefined;
    if (k === 0) parent = root = makeNode(parentName, k);
    else {
      parent = byName.get(parentName);
      if (!parent) throw new OutlineError(at, { code: 'unknown-parent', name: parentName });
    }
    if (parent.children) throw new OutlineError(at, { code: 'listed-twice', name: parentName });
    if (children.length === 1 && children[0] === '')
      throw new OutlineError(at, { code: 'no-children', name: parentName });
    // The names first (their own problems and the survey's MAX_NODES), then the node's limits.
    parent.children = children.map((c) => makeNode(c, k));
    if (children.length > MAX_CHILDREN)
      throw new OutlineError(at, {
        code: 'too-many-children',
        name: parentName,
        max: MAX_CHILDREN
      });
    const depth = (depthOf.get(parent) ?? 0) + 1;
    if (depth > MAX_DEPTH) throw new OutlineError(at, { code: 'too-deep', max: MAX_DEPTH });
    for (const c of parent.children) depthOf.set(c, depth);
  });
  return root!;
}

/** The outline of a hierarchy in one language (the inverse of parseOutline for its names). */
export function formatOutline(node: SurveyNode, locale: 'en' | 'zh' = 'en'): string {
  const entries: string[] = [];
  const name = (n: SurveyNode) => labelOf(n, locale);
  const visit = (n: SurveyNode) => {
    if (!n.children) return;
    entries.push(`${name(n)}: ${n.children.map(name).join(', ')}`);
    n.children.forEach(visit);
  };
  visit(node);
  return entries.join('; ');
}

/** A node as the researcher knows it: its id and its names. */
export interface NamedNode {
  id: string;
  label: LocalizedText;
}

/** What became of the rating scales when an outline replaced a hierarchy (carryScales). */
export interface ScalesCarried {
  /** Leaves of the outline that kept the scale of the replaced leaf `from`, matched `by`. */
  kept: Array<NamedNode & { from: NamedNode; by: 'id' | 'name' }>;
  /** Leaves of the outline without a scale (scored 0-100 directly until one is given). */
  without: NamedNode[];
  /** Replaced leaves whose scale no leaf of the outline took (gone, or given items). */
  dropped: NamedNode[];
}

const named = (n: SurveyNode): NamedNode => ({ id: n.id, label: { ...n.label } });

function leavesOf(root: SurveyNode): SurveyNode[] {
  const out: SurveyNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children) stack.push(...[...n.children].reverse());
    else out.push(n);
  }
  return out;
}

/**
 * Gives the leaves of an outline's hierarchy (parseOutline) the rating scales of the leaves they
 * replace. An outline carries names only, so a leaf is matched to a replaced leaf with a scale
 * first by id, where the outline wrote the id itself (the name is the id, "C3"), then by name:
 * its name equals the replaced leaf's English or Chinese label (compared by labelKey: trimmed,
 * spaces collapsed, case-blind) and no other unmatched leaf with a scale. Each scale goes to
 * one leaf at most; a name matching two replaced leaves takes neither (it is ambiguous). Only
 * leaves carry scales: a replaced leaf that is given items in the outline loses its scale.
 * Returns a new hierarchy (`next` is not changed) and what became of each scale.
 */
export function carryScales(
  previous: SurveyNode,
  next: SurveyNode
): { hierarchy: SurveyNode; scales: ScalesCarried } {
  const scaled = leavesOf(previous).filter((l) => l.scale !== undefined);
  const claimed = new Map<SurveyNode, { from: SurveyNode; by: 'id' | 'name' }>();
  const taken = new Set<SurveyNode>();
  const leaves = leavesOf(next);
  for (const leaf of leaves) {
    // The name is the id only where the outline wrote it (parseOutline's N1, N2 ... are not).
    if (leaf.label.en !== leaf.id) continue;
    const from = scaled.find((l) => l.id === leaf.id && !taken.has(l));
    if (!from) continue;
    claimed.set(leaf, { from, by: 'id' });
    taken.add(from);
  }
  for (const leaf of leaves) {
    if (claimed.has(leaf)) continue;
    const key = labelKey(leaf.label.en);
    const candidates = scaled.filter(
      (l) => !taken.has(l) && (labelKey(l.label.en) === key || labelKey(l.label.zh) === key)
    );
    if (candidates.length !== 1) continue;
    claimed.set(leaf, { from: candidates[0]!, by: 'name' });
    taken.add(candidates[0]!);
  }
  const copy = (n: SurveyNode): SurveyNode => {
    const match = claimed.get(n);
    const { scale: _, children, ...rest } = n;
    return {
      ...rest,
      ...(children ? { children: children.map(copy) } : {}),
      ...(match?.from.scale ? { scale: structuredClone(match.from.scale) } : {})
    };
  };
  return {
    hierarchy: copy(next),
    scales: {
      kept: leaves.flatMap((l) => {
        const match = claimed.get(l);
        return match ? [{ ...named(l), from: named(match.from), by: match.by }] : [];
      }),
      without: leaves.filter((l) => !claimed.has(l)).map(named),
      dropped: scaled.filter((l) => !taken.has(l)).map(named)
    }
  };
}
