/**
 * Checking a whole survey definition with the engine's hierarchy parser. A module of its own so
 * that the expert's page, which never checks a definition, does not load the engine's hierarchy
 * analysis (aggregation, consensus, bootstrap) with it.
 */
import { AhpInputError, checkRandomIndexCoverage, parseHierarchy, type InputPath } from '../ahp';
import { parseOrThrow } from './errors';
import { MAX_DEPTH, MAX_NODES, surveyDefinitionSchema, type SurveyDefinition } from './schema';
import { toEngineHierarchy } from './survey';
import type { SurveyNode } from './schema';

/** Only an indicator (a leaf) is rated on a scale. */
function checkScalesOnLeaves(node: SurveyNode, path: InputPath): void {
  if (node.children && node.scale)
    throw new AhpInputError(
      [...path, 'scale'],
      `node "${node.id}" has children: only an indicator (a leaf) has a rating scale`
    );
  node.children?.forEach((c, k) => checkScalesOnLeaves(c, [...path, 'children', k]));
}

/**
 * Validates a survey definition: the schema, then the tree (unique ids, preset weights that
 * fit their children and sum to 1, at most MAX_DEPTH levels and MAX_NODES nodes), and that the
 * random-index table covers every node that is compared.
 * @throws AhpInputError naming the path of the first problem
 */
export function parseDefinition(input: unknown, path: InputPath = []): SurveyDefinition {
  if (typeof input === 'object' && input !== null && 'hierarchy' in input)
    checkTreeSize(input.hierarchy, [...path, 'hierarchy']);
  const def = parseOrThrow(surveyDefinitionSchema, input, path);
  const tree = parseHierarchy(toEngineHierarchy(def.hierarchy), [...path, 'hierarchy']);
  const all = [tree.root, ...tree.inner.slice(1), ...tree.leaves];
  if (all.length > MAX_NODES)
    throw new AhpInputError(
      [...path, 'hierarchy'],
      `${all.length} nodes; a survey holds at most ${MAX_NODES}`
    );
  const deep = all.find((n) => n.depth > MAX_DEPTH);
  if (deep) throw new AhpInputError(deep.path, `the hierarchy is deeper than ${MAX_DEPTH} levels`);
  checkRandomIndexCoverage(tree, def.settings);
  checkScalesOnLeaves(def.hierarchy, [...path, 'hierarchy']);
  return def;
}

/**
 * Checks the depth and the number of nodes of a hierarchy as given (not yet validated), without
 * recursion, so that the schema's recursive parse never meets a tree nested thousands of levels
 * deep (it would overflow the call stack).
 * @throws AhpInputError at the first node deeper than MAX_DEPTH, or when there are more than
 *   MAX_NODES nodes
 */
export function checkTreeSize(root: unknown, path: InputPath = ['hierarchy']): void {
  const stack: Array<{ node: unknown; depth: number; path: InputPath }> = [
    { node: root, depth: 0, path }
  ];
  let count = 0;
  while (stack.length > 0) {
    const { node, depth, path: at } = stack.pop()!;
    if (++count > MAX_NODES)
      throw new AhpInputError(
        path,
        `more than ${MAX_NODES} nodes; a survey holds at most ${MAX_NODES}`
      );
    if (depth > MAX_DEPTH)
      throw new AhpInputError(at, `the hierarchy is deeper than ${MAX_DEPTH} levels`);
    const children =
      typeof node === 'object' && node !== null && 'children' in node ? node.children : undefined;
    if (!Array.isArray(children)) continue;
    for (let k = children.length - 1; k >= 0; k--)
      stack.push({ node: children[k], depth: depth + 1, path: [...at, 'children', k] });
  }
}
