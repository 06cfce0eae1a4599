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

/** A node the expert compares: its children, in order, and the pairs of the upper triangle. */
export interface Comparison {
  node: SurveyNode;
  /** Position of the node in the survey, 0-based, depth-first. */
  index: number;
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

/** The nodes an expert compares (two or more children, no preset weights), depth-first. */
export function comparisonsOf(def: Pick<SurveyDefinition, 'hierarchy'>): Comparison[] {
  const out: Comparison[] = [];
  const visit = (node: SurveyNode) => {
    const children = node.children ?? [];
    if (children.length >= 2 && !node.weights) {
      out.push({ node, index: out.length, children, pairs: pairsOf(children.length) });
    }
    children.forEach(visit);
  };
  visit(def.hierarchy);
  return out;
}

/** Total number of pairwise comparisons in a survey. */
export function comparisonCount(def: Pick<SurveyDefinition, 'hierarchy'>): number {
  return comparisonsOf(def).reduce((s, c) => s + c.pairs.length, 0);
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
  const comparisons = comparisonsOf(def);
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
