/**
 * The hierarchy as the editor holds it: every field as typed (preset weights as text), with a
 * UI key per node that stays put while ids and names change. The same functions run in the
 * browser (on the editor's $state) and in the form actions (on a tree decoded from the posted
 * fields), so the editor works with and without JavaScript and both check it the same way.
 */
import type { Problem } from '$lib/problem';
import {
  AhpInputError,
  RandomIndexCoverageError,
  type InputPath,
  type RandomIndexCoverage
} from '$lib/ahp';
import {
  MAX_CHILDREN,
  MAX_DEPTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NODES,
  NODE_ID_PATTERN,
  isCleanText,
  parseDefinition,
  type SurveyDefinition,
  type SurveyNode
} from '$lib/survey';
import {
  addBreakpoint,
  addLevel,
  checkScale,
  decodeScale,
  emptyScale,
  fromEditScale,
  moveLevel,
  removeRow,
  toEditScale,
  type EditScale,
  type ScaleIssueCode
} from './scale-edit';

export interface EditNode {
  /** UI key ("k1", "k2" ...): names the node's form fields; never stored. */
  key: string;
  id: string;
  label: { en: string; zh: string };
  description: { en: string; zh: string };
  /** Preset weights of the children as typed, one per child; null when they are compared. */
  weights: string[] | null;
  /** The rating scale of a leaf (kind 'none' without one); kept, not stored, on inner nodes. */
  scale: EditScale;
  children: EditNode[];
}

const KEY_PATTERN = /^k[0-9]{1,6}$/;

/** The editor's tree for a stored hierarchy, keys k1, k2 ... depth-first. */
export function toEditTree(root: SurveyNode): EditNode {
  let counter = 0;
  const visit = (node: SurveyNode): EditNode => ({
    key: `k${++counter}`,
    id: node.id,
    label: { en: node.label.en, zh: node.label.zh },
    description: { en: node.description?.en ?? '', zh: node.description?.zh ?? '' },
    weights: node.weights ? node.weights.map(String) : null,
    scale: toEditScale(node.scale),
    children: (node.children ?? []).map(visit)
  });
  return visit(root);
}

/**
 * A typed preset weight as a number: a decimal ("0.25"), a fraction ("1/3") or a percentage
 * ("25%"); NaN for anything else.
 */
export function parseWeight(text: string): number {
  const t = text.trim();
  const decimal = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
  if (decimal.test(t)) return Number(t);
  const percent = /^(\d+(?:\.\d*)?|\.\d+)\s*%$/.exec(t);
  if (percent) return Number(percent[1]) / 100;
  const fraction = /^(\d+(?:\.\d*)?)\s*\/\s*(\d+(?:\.\d*)?)$/.exec(t);
  if (fraction && Number(fraction[2]) > 0) return Number(fraction[1]) / Number(fraction[2]);
  return Number.NaN;
}

/** The sum of typed weights (NaN when one of them is not a number). */
export function weightSum(weights: readonly string[]): number {
  return weights.reduce((s, w) => s + parseWeight(w), 0);
}

/** Preset weights are accepted when they sum to 1 within this (the engine's tolerance). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** An equal split among n children, as text that sums to exactly 1 ("0.25", or "1/3"). */
export function equalWeights(n: number): string[] {
  const decimal = String(1 / n);
  const text = decimal.length <= 6 ? decimal : `1/${n}`;
  return Array.from({ length: n }, () => text);
}

/**
 * The stored form of the tree: names and descriptions trimmed, empty descriptions left out,
 * weights as numbers. Not yet validated: pass the result to parseDefinition.
 */
export function toSurveyNode(node: EditNode): SurveyNode {
  const scale = fromEditScale(node.scale);
  const description = { en: node.description.en.trim(), zh: node.description.zh.trim() };
  return {
    id: node.id.trim(),
    label: { en: node.label.en.trim(), zh: node.label.zh.trim() },
    ...(description.en || description.zh ? { description } : {}),
    ...(node.children.length > 0 ? { children: node.children.map(toSurveyNode) } : {}),
    ...(node.weights && node.children.length > 0 ? { weights: node.weights.map(parseWeight) } : {}),
    ...(node.children.length === 0 && scale ? { scale } : {})
  };
}

/** Every node, depth-first, with its parent and depth (the goal has depth 0). */
export function walk(
  root: EditNode
): Array<{ node: EditNode; parent: EditNode | null; depth: number }> {
  const out: Array<{ node: EditNode; parent: EditNode | null; depth: number }> = [];
  const visit = (node: EditNode, parent: EditNode | null, depth: number) => {
    out.push({ node, parent, depth });
    for (const c of node.children) visit(c, node, depth + 1);
  };
  visit(root, null, 0);
  return out;
}

export function findNode(root: EditNode, key: string): EditNode | null {
  return walk(root).find((x) => x.node.key === key)?.node ?? null;
}

function parentOf(root: EditNode, key: string): EditNode | null {
  return walk(root).find((x) => x.node.key === key)?.parent ?? null;
}

/** Counts the node and everything below it. */
export function subtreeSize(node: EditNode): number {
  return 1 + node.children.reduce((s, c) => s + subtreeSize(c), 0);
}

// ---------------------------------------------------------------------------------------------
// Edits. Each changes the tree in place and returns whether it did anything.

/** A key not used in the tree. */
export function newKey(root: EditNode): string {
  const max = walk(root).reduce((m, { node }) => Math.max(m, Number(node.key.slice(1)) || 0), 0);
  return `k${max + 1}`;
}

/**
 * An id for a new child of `parent`: when its children are numbered like "C3", the next free
 * number with that prefix ("C16"). A parent without children takes its level's prefix only when
 * the level is numbered across branches (C1-C15 under B1-B4); a prefix used under one parent
 * alone (Q1-Q4 under Quality) is that branch's, so a new child of Cost is not Q5. Else N1, N2 ...
 */
export function newId(root: EditNode, parent: EditNode): string {
  const all = walk(root);
  const used = new Set(all.map((x) => x.node.id));
  const depth = all.find((x) => x.node === parent)?.depth ?? 0;
  const numbered = /^([A-Za-z]+)(\d+)$/;
  const prefixOf = (id: string) => numbered.exec(id)?.[1];
  let prefix = parent.children.map((n) => prefixOf(n.id)).find((p) => p !== undefined);
  if (!parent.children.length) {
    const parentsOf = new Map<string, Set<EditNode | null>>();
    for (const x of all.filter((x) => x.depth === depth + 1)) {
      const p = prefixOf(x.node.id);
      if (p) parentsOf.set(p, (parentsOf.get(p) ?? new Set()).add(x.parent));
    }
    prefix = [...parentsOf].find(([, parents]) => parents.size >= 2)?.[0];
  }
  if (prefix) {
    let max = 0;
    for (const id of used) {
      const m = numbered.exec(id);
      if (m && m[1] === prefix) max = Math.max(max, Number(m[2]));
    }
    let candidate = `${prefix}${max + 1}`;
    for (let k = max + 2; used.has(candidate); k++) candidate = `${prefix}${k}`;
    if (NODE_ID_PATTERN.test(candidate)) return candidate;
  }
  let k = 1;
  while (used.has(`N${k}`)) k++;
  return `N${k}`;
}

/** Adds an empty child at the end of `key`'s children; returns it (null when not possible). */
export function addChild(root: EditNode, key: string): EditNode | null {
  const parent = findNode(root, key);
  if (!parent || parent.children.length >= MAX_CHILDREN) return null;
  if (walk(root).length >= MAX_NODES) return null;
  const child: EditNode = {
    key: newKey(root),
    id: newId(root, parent),
    label: { en: '', zh: '' },
    description: { en: '', zh: '' },
    weights: null,
    scale: emptyScale(),
    children: []
  };
  parent.children.push(child);
  // A preset node gets a weight for the new child; the researcher balances the sum.
  if (parent.weights) parent.weights.push('0');
  return child;
}

/** Moves a node one place up (-1) or down (+1) among its siblings (its preset weight too). */
export function move(root: EditNode, key: string, by: -1 | 1): boolean {
  const parent = parentOf(root, key);
  if (!parent) return false;
  const k = parent.children.findIndex((c) => c.key === key);
  const j = k + by;
  if (k < 0 || j < 0 || j >= parent.children.length) return false;
  swap(parent.children, k, j);
  if (parent.weights) swap(parent.weights, k, j);
  return true;
}

function swap<T>(list: T[], a: number, b: number): void {
  const x = list[a]!;
  list[a] = list[b]!;
  list[b] = x;
}

/** Deletes a node and everything below it (not the goal). */
export function remove(root: EditNode, key: string): boolean {
  const parent = parentOf(root, key);
  if (!parent) return false;
  const k = parent.children.findIndex((c) => c.key === key);
  if (k < 0) return false;
  parent.children.splice(k, 1);
  if (parent.weights) {
    parent.weights.splice(k, 1);
    if (parent.children.length === 0) parent.weights = null;
  }
  return true;
}

/** Turns preset weights on (an equal split) or off (the children are compared). */
export function setPreset(root: EditNode, key: string, on: boolean): boolean {
  const node = findNode(root, key);
  if (!node || node.children.length === 0) return false;
  if (on === (node.weights !== null)) return false;
  node.weights = on ? equalWeights(node.children.length) : null;
  return true;
}

/**
 * An edit posted by a button of the editor: "add:k3", "up:k5", "down:k5", "delete:k7"; on a
 * leaf's scale "scale:k5" (show or hide its fields), "level-add:k5", "level-up:k5:2", "level-down:k5:2", "level-delete:k5:2",
 * "breakpoint-add:k5", "breakpoint-delete:k5:1" (rows 0-based).
 */
export type EditOp =
  | {
      kind: 'add' | 'up' | 'down' | 'delete' | 'scale' | 'level-add' | 'breakpoint-add';
      key: string;
    }
  | {
      kind: 'level-up' | 'level-down' | 'level-delete' | 'breakpoint-delete';
      key: string;
      row: number;
    };

export function parseOp(value: unknown): EditOp | null {
  if (typeof value !== 'string') return null;
  const m = /^(add|up|down|delete|scale|level-add|breakpoint-add):(k[0-9]{1,6})$/.exec(value);
  if (m) return { kind: m[1] as 'add', key: m[2]! };
  const row =
    /^(level-up|level-down|level-delete|breakpoint-delete):(k[0-9]{1,6}):([0-9]{1,2})$/.exec(value);
  return row ? { kind: row[1] as 'level-up', key: row[2]!, row: Number(row[3]) } : null;
}

/** Applies an edit; returns the node to focus next (the new child), if any. */
export function applyOp(root: EditNode, op: EditOp): EditNode | null {
  switch (op.kind) {
    case 'add':
      return addChild(root, op.key);
    case 'up':
      move(root, op.key, -1);
      return null;
    case 'down':
      move(root, op.key, 1);
      return null;
    case 'delete':
      remove(root, op.key);
      return null;
  }
  const scale = findNode(root, op.key)?.scale;
  if (scale)
    switch (op.kind) {
      case 'scale':
        scale.editing = !scale.editing;
        break;
      case 'level-add':
        addLevel(scale);
        break;
      case 'breakpoint-add':
        addBreakpoint(scale);
        break;
      case 'level-up':
        moveLevel(scale, op.row, -1);
        break;
      case 'level-down':
        moveLevel(scale, op.row, 1);
        break;
      case 'level-delete':
        removeRow(scale, 'levels', op.row);
        break;
      case 'breakpoint-delete':
        removeRow(scale, 'breakpoints', op.row);
        break;
    }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The form: every field of every node is a named input of one form.

/** Field names of a node's inputs. */
export const field = {
  id: (key: string) => `id:${key}`,
  en: (key: string) => `en:${key}`,
  zh: (key: string) => `zh:${key}`,
  descriptionEn: (key: string) => `den:${key}`,
  descriptionZh: (key: string) => `dzh:${key}`,
  parent: (key: string) => `parent:${key}`,
  preset: (key: string) => `preset:${key}`,
  /** One per child, in the children's order. */
  weight: (key: string) => `w:${key}`
} as const;

/**
 * Rebuilds the tree from the editor's posted fields: "node" lists the keys depth-first, and each
 * node names its parent (a key listed before it). Returns null for a form that doesn't describe
 * a tree (tampered, or from another version of the page).
 */
export function decodeTree(form: FormData): EditNode | null {
  const keys = form.getAll('node');
  if (keys.length === 0 || keys.length > MAX_NODES) return null;
  const text = (name: string, max: number): string | null => {
    const v = form.get(name);
    if (v === null) return '';
    return typeof v === 'string' && v.length <= max ? v : null;
  };
  const byKey = new Map<string, EditNode>();
  let root: EditNode | null = null;
  for (const key of keys) {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key) || byKey.has(key)) return null;
    const id = text(field.id(key), 64);
    const en = text(field.en(key), MAX_LABEL_LENGTH * 2);
    const zh = text(field.zh(key), MAX_LABEL_LENGTH * 2);
    const den = text(field.descriptionEn(key), MAX_DESCRIPTION_LENGTH * 2);
    const dzh = text(field.descriptionZh(key), MAX_DESCRIPTION_LENGTH * 2);
    if (id === null || en === null || zh === null || den === null || dzh === null) return null;
    const weights = form.getAll(field.weight(key));
    if (weights.some((w) => typeof w !== 'string' || w.length > 40)) return null;
    const scale = decodeScale(form, key);
    if (!scale) return null;
    const node: EditNode = {
      key,
      id,
      label: { en, zh },
      description: { en: den, zh: dzh },
      weights: form.get(field.preset(key)) !== null ? (weights as string[]) : null,
      scale,
      children: []
    };
    const parentKey = form.get(field.parent(key)) ?? '';
    if (root === null) {
      if (parentKey !== '') return null;
      root = node;
    } else {
      const parent = typeof parentKey === 'string' ? byKey.get(parentKey) : undefined;
      if (!parent) return null;
      parent.children.push(node);
    }
    byKey.set(key, node);
  }
  // Weights as posted belong to the children as posted: line them up (or split equally when the
  // box was just ticked without JavaScript and no weight fields were on the page yet).
  for (const node of byKey.values()) {
    if (!node.weights) continue;
    if (node.children.length === 0) node.weights = null;
    else if (node.weights.length !== node.children.length)
      node.weights = equalWeights(node.children.length);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Checks, with the node and the field each problem belongs to.

export type IssueCode =
  | 'id-invalid'
  | 'id-duplicate'
  | 'name-needed'
  | 'too-long'
  | 'characters'
  | 'too-many-children'
  | 'goal-needs-children'
  | 'too-deep'
  | 'too-many-nodes'
  | 'weight-invalid'
  | 'weights-sum'
  | 'ri-not-covered'
  | 'other'
  | ScaleIssueCode;

export interface Issue {
  /** The node's UI key; null for the hierarchy as a whole. */
  key: string | null;
  field: 'id' | 'label' | 'description' | 'weights' | 'children' | 'scale' | null;
  code: IssueCode;
  /** The limit, the position of a weight or a scale's row (1-based), the sum ... by code. */
  value?: number | undefined;
  /** What the engine refused, for 'other' (worded by the page: problemWords). */
  problem?: Problem | undefined;
  /** For 'ri-not-covered': the node's size and the tables that would cover it. */
  coverage?: RandomIndexCoverage | undefined;
}

/**
 * Everything wrong with the tree: first the common problems, each named at its node (all of
 * them, not only the first), then whatever parseDefinition (the authority on what may be
 * stored) finds in the rest.
 */
export function checkTree(
  root: EditNode,
  base: Pick<SurveyDefinition, 'title' | 'settings'> &
    Partial<Pick<SurveyDefinition, 'description'>>
): Issue[] {
  const issues: Issue[] = [];
  const all = walk(root);
  const seen = new Map<string, number>();
  for (const { node } of all) seen.set(node.id.trim(), (seen.get(node.id.trim()) ?? 0) + 1);
  if (all.length > MAX_NODES) {
    issues.push({ key: null, field: null, code: 'too-many-nodes', value: MAX_NODES });
  }
  if (root.children.length === 0) {
    issues.push({ key: root.key, field: 'children', code: 'goal-needs-children' });
  }
  for (const { node, depth } of all) {
    const id = node.id.trim();
    if (!NODE_ID_PATTERN.test(id)) issues.push({ key: node.key, field: 'id', code: 'id-invalid' });
    else if ((seen.get(id) ?? 0) > 1)
      issues.push({ key: node.key, field: 'id', code: 'id-duplicate' });
    const en = node.label.en.trim();
    const zh = node.label.zh.trim();
    if (en === '' && zh === '') issues.push({ key: node.key, field: 'label', code: 'name-needed' });
    else if (en.length > MAX_LABEL_LENGTH || zh.length > MAX_LABEL_LENGTH)
      issues.push({ key: node.key, field: 'label', code: 'too-long', value: MAX_LABEL_LENGTH });
    else if (!isCleanText(en) || !isCleanText(zh))
      issues.push({ key: node.key, field: 'label', code: 'characters' });
    const den = node.description.en.trim();
    const dzh = node.description.zh.trim();
    if (den.length > MAX_DESCRIPTION_LENGTH || dzh.length > MAX_DESCRIPTION_LENGTH)
      issues.push({
        key: node.key,
        field: 'description',
        code: 'too-long',
        value: MAX_DESCRIPTION_LENGTH
      });
    else if (!isCleanText(den, true) || !isCleanText(dzh, true))
      issues.push({ key: node.key, field: 'description', code: 'characters' });
    if (node.children.length > MAX_CHILDREN)
      issues.push({
        key: node.key,
        field: 'children',
        code: 'too-many-children',
        value: MAX_CHILDREN
      });
    if (node.children.length === 0 && depth > 0)
      for (const x of checkScale(node.scale))
        issues.push({ key: node.key, field: 'scale', code: x.code, value: x.row });
    if (depth > MAX_DEPTH)
      issues.push({ key: node.key, field: null, code: 'too-deep', value: MAX_DEPTH });
    if (node.weights && node.children.length > 0) {
      const bad = node.weights.findIndex((w) => !Number.isFinite(parseWeight(w)));
      if (bad >= 0)
        issues.push({ key: node.key, field: 'weights', code: 'weight-invalid', value: bad + 1 });
      else {
        const sum = weightSum(node.weights);
        if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
          issues.push({ key: node.key, field: 'weights', code: 'weights-sum', value: sum });
      }
    }
  }
  if (issues.length > 0) return issues;
  try {
    parseDefinition({ ...base, hierarchy: toSurveyNode(root) });
  } catch (e) {
    if (!(e instanceof AhpInputError)) throw e;
    const at = nodeAtPath(root, e.path);
    issues.push(
      e instanceof RandomIndexCoverageError
        ? {
            key: at.node?.key ?? null,
            field: at.field,
            code: 'ri-not-covered',
            coverage: e.coverage
          }
        : { key: at.node?.key ?? null, field: at.field, code: 'other', problem: e.problem }
    );
  }
  return issues;
}

/**
 * The node (and field) a parseDefinition path points into:
 * ["hierarchy", "children", 1, "children", 0, "label", "en"] is the first child of the second
 * child of the goal, its label.
 */
export function nodeAtPath(
  root: EditNode,
  path: InputPath
): { node: EditNode | null; field: Issue['field'] } {
  if (path[0] !== 'hierarchy') return { node: null, field: null };
  let node = root;
  let k = 1;
  while (path[k] === 'children' && typeof path[k + 1] === 'number') {
    const next = node.children[path[k + 1] as number];
    if (!next) break;
    node = next;
    k += 2;
  }
  const name = path[k];
  const known = ['id', 'label', 'description', 'weights', 'children', 'scale'] as const;
  const fieldName = known.find((f) => f === name) ?? null;
  return { node, field: fieldName };
}
