/**
 * The plain-text outline of a hierarchy that BPMSG's AHP online system (AHP-OS) uses:
 *   Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5
 * Entries are separated by ";" or line breaks; each names a parent, a colon and its children
 * separated by commas. The first entry's parent is the goal; every later parent must be a
 * child named before. Names become the labels (in both languages, to be edited later) and,
 * where they are valid ids, the ids; other names get ids N1, N2 ...
 */
import { AhpInputError, type InputPath } from '../ahp';
import { MAX_LABEL_LENGTH, MAX_NODES, NODE_ID_PATTERN, type SurveyNode } from './schema';
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
  | { code: 'no-children'; name: string };

/** The problem in English (the message of the error, for the CLI and the logs). */
function english(p: OutlineProblem): string {
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
  }
}

/** A malformed outline: where (["outline", entry]) and what, in English and as data. */
export class OutlineError extends AhpInputError {
  constructor(
    path: InputPath,
    readonly problem: OutlineProblem
  ) {
    super(path, english(problem));
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
    parent.children = children.map((c) => makeNode(c, k));
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
