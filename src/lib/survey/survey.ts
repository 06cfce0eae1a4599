/**
 * Survey definitions and submissions, checked against each other with the engine: which nodes
 * an expert compares, which pairs, and whether a submission fits the survey.
 */
import {
  AhpInputError,
  matrixFromUpper,
  pairsOf,
  weigh,
  type HierarchyNodeInput,
  type InputPath
} from '../ahp';
import { parseOrThrow } from './errors';
import {
  submissionSchema,
  type Locale,
  type LocalizedText,
  type Submission,
  type SurveyDefinition,
  type SurveyNode
} from './schema';

/**
 * A group of comparisons an expert answers: the children of a node ('node'), or the levels of a
 * leaf's rating scale that the panel compares ('levels', Saaty's ratings model). Either way the
 * expert's judgments are keyed by `node.id` in the submission (a leaf has no children, so the
 * two kinds never share a key), as the upper triangle over `children`, row-major.
 */
export interface Comparison {
  kind: 'node' | 'levels';
  /** The inner node compared, or the leaf whose levels are compared. */
  node: SurveyNode;
  /** Position of the group in its list, 0-based. */
  index: number;
  /** The elements compared: child nodes, or the scale's compared levels (id and label). */
  children: SurveyNode[];
  pairs: Array<readonly [number, number]>;
}

/** A text in a language, falling back to the other language when empty. */
export function textIn(text: LocalizedText, locale: Locale): string {
  return text[locale] || text[locale === 'en' ? 'zh' : 'en'];
}

/** The label of a node in a language, falling back to the other language when empty. */
export function labelOf(node: Pick<SurveyNode, 'label'>, locale: Locale): string {
  return textIn(node.label, locale);
}

/**
 * Whether a label says nothing more than its node's id: empty, or the id itself (an outline's
 * names become both, "Quality" or "R2"), ignoring case and surrounding spaces.
 */
export function labelRepeatsId(id: string, label: string): boolean {
  const text = label.trim();
  return text === '' || text.toLowerCase() === id.toLowerCase();
}

/** A node named by its id and label ("C3 Credit record"), or its id alone when they agree. */
export function idAndLabel(id: string, label: string): string {
  return labelRepeatsId(id, label) ? id : `${id} ${label}`;
}

/** The hierarchy in the engine's form (ids, labels in one language, preset weights). */
export function toEngineHierarchy(node: SurveyNode, locale: Locale = 'en'): HierarchyNodeInput {
  return {
    id: node.id,
    label: labelOf(node, locale),
    ...(node.children ? { children: node.children.map((c) => toEngineHierarchy(c, locale)) } : {}),
    ...(node.weights ? { weights: node.weights } : {})
  };
}

/**
 * The nodes of the hierarchy an expert compares (two or more children, no preset weights),
 * depth-first: the groups that give the criteria's weights. Ratings groups are not among them
 * (askedGroupsOf lists both).
 */
export function comparisonsOf(def: Pick<SurveyDefinition, 'hierarchy'>): Comparison[] {
  return groupsOfKind(def, 'node');
}

/** The groups of one kind among askedGroupsOf, numbered within their kind. */
function groupsOfKind(
  def: Pick<SurveyDefinition, 'hierarchy'>,
  kind: Comparison['kind']
): Comparison[] {
  return askedGroupsOf(def)
    .filter((c) => c.kind === kind)
    .map((c, index) => ({ ...c, index }));
}

/**
 * The compared levels of a leaf's scale as elements of a group: a categorical scale whose points
 * the panel gives, without its zero levels (they score 0 and are not compared). Null when the
 * leaf's levels are not compared, or when fewer than two are (one compared level is worth 100).
 */
export function comparedLevelsOf(node: SurveyNode): SurveyNode[] | null {
  const scale = node.scale;
  if (node.children?.length || !scale || scale.kind !== 'categorical' || scale.points !== 'panel')
    return null;
  const levels = scale.levels.filter((l) => l.zero !== true);
  return levels.length >= 2 ? levels.map((l) => ({ id: l.id, label: l.label })) : null;
}

/** The ratings groups of a survey (leaves whose levels the panel compares), depth-first. */
export function ratingGroupsOf(def: Pick<SurveyDefinition, 'hierarchy'>): Comparison[] {
  return groupsOfKind(def, 'levels');
}

/**
 * Every group an expert answers, in the order the expert page asks them: depth-first over the
 * hierarchy, each node's group followed by the ratings groups of its leaf children, in the
 * children's order ("after the indicator's own group").
 */
export function askedGroupsOf(def: Pick<SurveyDefinition, 'hierarchy'>): Comparison[] {
  const out: Comparison[] = [];
  const push = (kind: Comparison['kind'], node: SurveyNode, children: SurveyNode[]) =>
    out.push({ kind, node, index: out.length, children, pairs: pairsOf(children.length) });
  const visit = (node: SurveyNode) => {
    const children = node.children ?? [];
    if (children.length >= 2 && !node.weights) push('node', node, children);
    for (const child of children) {
      const levels = comparedLevelsOf(child);
      if (levels) push('levels', child, levels);
    }
    children.forEach(visit);
  };
  visit(def.hierarchy);
  return out;
}

/** Total number of pairwise comparisons an expert answers in a survey (ratings groups too). */
export function comparisonCount(def: Pick<SurveyDefinition, 'hierarchy'>): number {
  return askedGroupsOf(def).reduce((s, c) => s + c.pairs.length, 0);
}

/** Consistency of one node of a submission, as stored and shown to the researcher. */
export interface NodeConsistency {
  cr: number;
  consistent: boolean;
  /** Pairs the expert left out ("no opinion"), filled in by the engine. */
  skipped: number;
}

/**
 * Checks a submission against its survey: the schema; exactly the nodes the survey compares;
 * one judgment per pair; every value on Saaty's scale; "no opinion" (null) only where the
 * survey allows it, and never so many that the node's elements are left unconnected.
 * Returns each node's consistency under the survey's settings.
 * @throws AhpInputError naming the path of the first problem
 */
export function checkSubmission(
  def: SurveyDefinition,
  input: unknown
): { submission: Submission; consistency: Record<string, NodeConsistency> } {
  const submission = parseOrThrow(submissionSchema, input);
  const comparisons = askedGroupsOf(def);
  const wanted = new Set(comparisons.map((c) => c.node.id));
  for (const id of Object.keys(submission.judgments)) {
    if (!wanted.has(id)) {
      throw new AhpInputError(['judgments', id], `this survey has no comparison at node "${id}"`);
    }
  }
  const consistency: Record<string, NodeConsistency> = {};
  for (const c of comparisons) {
    const path = ['judgments', c.node.id];
    const upper = submission.judgments[c.node.id];
    if (!upper) throw new AhpInputError(path, `the judgments for node "${c.node.id}" are missing`);
    if (upper.length !== c.pairs.length) {
      throw new AhpInputError(
        path,
        `node "${c.node.id}" has ${c.pairs.length} pairs, got ${upper.length} judgments`
      );
    }
    const skipped = upper.filter((x) => x === null).length;
    if (skipped > 0 && !def.settings.allowSkip) {
      const k = upper.indexOf(null);
      throw new AhpInputError(
        [...path, k],
        'this survey asks for every judgment: "no opinion" is not allowed'
      );
    }
    const m = matrixFromUpper(upper, 'saaty', path);
    const r = weigh(m, { ...def.settings, scale: 'saaty', completion: 'harker', top: 0 }, path);
    consistency[c.node.id] = { cr: r.cr, consistent: r.consistent, skipped };
  }
  return { submission, consistency };
}
