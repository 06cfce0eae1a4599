/**
 * The plain-text outline of a hierarchy that BPMSG's AHP online system (AHP-OS) uses:
 *   Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5
 * Entries are separated by ";" or line breaks; each names a parent, a colon and its children
 * separated by commas. The first entry's parent is the goal; every later parent must be a
 * child named before. Names become the labels (in both languages, to be edited later) and,
 * where they are valid ids, the ids; other names get ids N1, N2 ...
 */
import { AhpInputError } from '../ahp';
import { MAX_LABEL_LENGTH, NODE_ID_PATTERN, type SurveyNode } from './schema';

/**
 * Parses an outline into a hierarchy.
 * @throws AhpInputError with the path ["outline", entry] and what is wrong there
 */
export function parseOutline(text: string): SurveyNode {
  const entries = text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0)
    throw new AhpInputError(
      ['outline'],
      'the outline is empty; write e.g. "Goal: B1, B2; B1: C1, C2"'
    );
  const byName = new Map<string, SurveyNode>();
  const usedIds = new Set<string>();
  let counter = 0;
  const makeNode = (name: string, where: number): SurveyNode => {
    if (name === '')
      throw new AhpInputError(['outline', where], 'an empty name (two commas in a row?)');
    if (name.length > MAX_LABEL_LENGTH)
      throw new AhpInputError(
        ['outline', where],
        `"${name.slice(0, 20)}..." is longer than ${MAX_LABEL_LENGTH} characters`
      );
    if (byName.has(name))
      throw new AhpInputError(['outline', where], `"${name}" appears twice; names must be unique`);
    let id = NODE_ID_PATTERN.test(name) ? name : '';
    while (id === '' || usedIds.has(id)) id = `N${++counter}`;
    usedIds.add(id);
    const node: SurveyNode = { id, label: { en: name, zh: name } };
    byName.set(name, node);
    return node;
  };
  let root: SurveyNode | null = null;
  entries.forEach((entry, k) => {
    const colon = entry.indexOf(':');
    if (colon < 0)
      throw new AhpInputError(
        ['outline', k],
        `"${entry}" has no colon: write "Parent: child, child"`
      );
    const parentName = entry.slice(0, colon).trim();
    const children = entry
      .slice(colon + 1)
      .split(',')
      .map((c) => c.trim());
    let parent: SurveyNode | undefined;
    if (k === 0) parent = root = makeNode(parentName, k);
    else {
      parent = byName.get(parentName);
      if (!parent)
        throw new AhpInputError(
          ['outline', k],
          `"${parentName}" is not a child named earlier in the outline`
        );
    }
    if (parent.children)
      throw new AhpInputError(['outline', k], `"${parentName}" has its children listed twice`);
    if (children.length === 1 && children[0] === '')
      throw new AhpInputError(['outline', k], `"${parentName}" has no children after the colon`);
    parent.children = children.map((c) => makeNode(c, k));
  });
  return root!;
}

/** The outline of a hierarchy in one language (the inverse of parseOutline for its names). */
export function formatOutline(node: SurveyNode, locale: 'en' | 'zh' = 'en'): string {
  const entries: string[] = [];
  const name = (n: SurveyNode) => n.label[locale] || n.label[locale === 'en' ? 'zh' : 'en'];
  const visit = (n: SurveyNode) => {
    if (!n.children) return;
    entries.push(`${name(n)}: ${n.children.map(name).join(', ')}`);
    n.children.forEach(visit);
  };
  visit(node);
  return entries.join('; ');
}
