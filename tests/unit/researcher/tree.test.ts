/** The hierarchy editor's tree: edits, the posted form, and problems named at their node. */
import { encodeTree } from './tree-form';
import { describe, expect, it } from 'vitest';
import {
  addChild,
  applyOp,
  checkTree,
  decodeTree,
  equalWeights,
  field,
  findNode,
  move,
  nodeAtPath,
  parseOp,
  parseWeight,
  remove,
  setPreset,
  toEditTree,
  toSurveyNode,
  walk,
  weightSum,
  type EditNode
} from '../../../src/routes/a/[token]/hierarchy/tree';
import {
  DEFAULT_SETTINGS,
  farmCreditTemplate,
  parseDefinition,
  parseOutline,
  type SurveyDefinition
} from '../../../src/lib/survey';

const template = (): SurveyDefinition => farmCreditTemplate({ scales: false });
const base = () => {
  const { title, settings } = template();
  return { title, settings };
};
const byId = (root: EditNode, id: string): EditNode => {
  const found = walk(root).find((x) => x.node.id === id)?.node;
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

describe('the editor tree', () => {
  it('round-trips the farm-credit template unchanged', () => {
    const def = template();
    const tree = toEditTree(def.hierarchy);
    expect(walk(tree)).toHaveLength(20);
    expect(walk(tree).map((x) => x.node.key)).toEqual(
      Array.from({ length: 20 }, (_, k) => `k${k + 1}`)
    );
    expect(toSurveyNode(tree)).toEqual(def.hierarchy);
  });

  it('reads preset weights as decimals, fractions and percentages', () => {
    expect(parseWeight('0.25')).toBe(0.25);
    expect(parseWeight(' .5 ')).toBe(0.5);
    expect(parseWeight('1/3')).toBeCloseTo(1 / 3, 15);
    expect(parseWeight('25%')).toBe(0.25);
    expect(parseWeight('2')).toBe(2);
    for (const bad of ['', 'abc', '-1', '1/0', '1e3', '0x10', '1,5']) {
      expect(parseWeight(bad), bad).toBeNaN();
    }
    expect(weightSum(['0.5', '0.3', '1/5'])).toBe(1);
    expect(weightSum(['0.5', 'x'])).toBeNaN();
  });

  it('splits equally as text that sums to exactly 1', () => {
    expect(equalWeights(4)).toEqual(['0.25', '0.25', '0.25', '0.25']);
    expect(equalWeights(3)).toEqual(['1/3', '1/3', '1/3']);
    for (let n = 2; n <= 20; n++) expect(weightSum(equalWeights(n)), `n = ${n}`).toBeCloseTo(1, 12);
  });

  it('adds a child with the next id of its level, and a fresh key', () => {
    const tree = toEditTree(template().hierarchy);
    const b5 = addChild(tree, byId(tree, 'A1').key)!;
    expect(b5).toMatchObject({ id: 'B5', key: 'k21', label: { en: '', zh: '' } });
    expect(addChild(tree, byId(tree, 'B2').key)!.id).toBe('C16');
    // Under a leaf: nothing numbered one level down yet.
    expect(addChild(tree, byId(tree, 'C1').key)!.id).toBe('N1');
    expect(addChild(tree, 'k999')).toBeNull();
  });

  it("numbers a childless node's first child by its level only when the level numbers across branches", () => {
    // The template numbers C1-C15 across B1-B4: a new criterion's first child is C16.
    const farm = toEditTree(template().hierarchy);
    const b5 = addChild(farm, byId(farm, 'A1').key)!;
    expect(addChild(farm, b5.key)!.id).toBe('C16');
    // An outline whose names are ids: Q1-Q4 belong to Quality; Cost's children are not Q5, Q6.
    const tree = toEditTree(parseOutline('Goal: Quality, Cost; Quality: Q1, Q2, Q3, Q4'));
    const cost = byId(tree, 'Cost');
    expect(addChild(tree, cost.key)!.id).toBe('N1');
    expect(addChild(tree, cost.key)!.id).toBe('N2');
    expect(addChild(tree, byId(tree, 'Quality').key)!.id).toBe('Q5');
  });

  it('refuses a 21st child', () => {
    const tree = toEditTree(template().hierarchy);
    const b2 = byId(tree, 'B2');
    while (b2.children.length < 20) expect(addChild(tree, b2.key)).not.toBeNull();
    expect(addChild(tree, b2.key)).toBeNull();
  });

  it('moves among siblings only, carrying the preset weights along', () => {
    const tree = toEditTree(template().hierarchy);
    const b3 = byId(tree, 'B3');
    setPreset(tree, b3.key, true);
    b3.weights = ['0.5', '0.3', '0.2'];
    expect(move(tree, byId(tree, 'C10').key, -1)).toBe(true);
    expect(b3.children.map((c) => c.id)).toEqual(['C8', 'C10', 'C9']);
    expect(b3.weights).toEqual(['0.5', '0.2', '0.3']);
    expect(move(tree, byId(tree, 'C8').key, -1)).toBe(false);
    expect(move(tree, byId(tree, 'C9').key, 1)).toBe(false);
    expect(move(tree, tree.key, 1)).toBe(false);
  });

  it('deletes a node with its subtree and its preset weight; never the goal', () => {
    const tree = toEditTree(template().hierarchy);
    const b3 = byId(tree, 'B3');
    setPreset(tree, b3.key, true);
    expect(remove(tree, byId(tree, 'C9').key)).toBe(true);
    expect(b3.weights).toEqual(['1/3', '1/3']);
    expect(remove(tree, byId(tree, 'B2').key)).toBe(true);
    expect(walk(tree)).toHaveLength(20 - 1 - 6);
    expect(remove(tree, tree.key)).toBe(false);
    // A preset node that loses its last child compares nothing: no weights left.
    remove(tree, byId(tree, 'C8').key);
    remove(tree, byId(tree, 'C10').key);
    expect(b3.weights).toBeNull();
  });

  it('parses the edit buttons and nothing else', () => {
    expect(parseOp('add:k3')).toEqual({ kind: 'add', key: 'k3' });
    expect(parseOp('delete:k12')).toEqual({ kind: 'delete', key: 'k12' });
    for (const bad of ['save', 'add:', 'add:B1', 'drop:k1', 'up:k1;x', null, 3]) {
      expect(parseOp(bad)).toBeNull();
    }
    const tree = toEditTree(template().hierarchy);
    const added = applyOp(tree, { kind: 'add', key: tree.key });
    expect(findNode(tree, added!.key)).toBe(added);
  });
});

describe('the posted form', () => {
  it('decodes what the page posts into the same tree', () => {
    const tree = toEditTree(template().hierarchy);
    setPreset(tree, byId(tree, 'B3').key, true);
    byId(tree, 'B1').label.zh = '自然灾害风险';
    expect(decodeTree(encodeTree(tree))).toEqual(tree);
  });

  it('splits equally when the preset box was ticked without JavaScript', () => {
    const tree = toEditTree(template().hierarchy);
    const form = encodeTree(tree);
    form.append(field.preset(byId(tree, 'B2').key), 'on');
    expect(byId(decodeTree(form)!, 'B2').weights).toEqual(equalWeights(5));
  });

  it('refuses a form that does not describe a tree', () => {
    const tree = toEditTree(template().hierarchy);
    const tamper = (change: (form: FormData) => void) => {
      const form = encodeTree(tree);
      change(form);
      return decodeTree(form);
    };
    expect(decodeTree(new FormData())).toBeNull();
    expect(tamper((f) => f.set(field.parent('k2'), 'k5'))).toBeNull(); // parent listed later
    expect(tamper((f) => f.set(field.parent('k2'), 'k99'))).toBeNull(); // unknown parent
    expect(tamper((f) => f.set(field.parent('k1'), 'k2'))).toBeNull(); // the goal has a parent
    expect(tamper((f) => f.append('node', 'k3'))).toBeNull(); // a key twice
    expect(tamper((f) => f.append('node', 'B1'))).toBeNull(); // not a key
    expect(tamper((f) => f.set(field.id('k2'), 'x'.repeat(65)))).toBeNull();
    expect(tamper((f) => f.set(field.en('k2'), 'x'.repeat(401)))).toBeNull();
  });
});

describe('checkTree', () => {
  it('finds nothing wrong with the template', () => {
    expect(checkTree(toEditTree(template().hierarchy), base())).toEqual([]);
  });

  it('names every common problem at its node and field', () => {
    const tree = toEditTree(template().hierarchy);
    const c1 = byId(tree, 'C1');
    const c2 = byId(tree, 'C2');
    const c3 = byId(tree, 'C3');
    const b3 = byId(tree, 'B3');
    c1.label = { en: '  ', zh: '' };
    c2.id = 'C3';
    setPreset(tree, b3.key, true);
    b3.weights = ['0.5', '0.3', '0.1'];
    const c4 = byId(tree, 'C4');
    c4.id = 'bad id';
    expect(checkTree(tree, base())).toEqual([
      { key: c1.key, field: 'label', code: 'name-needed' },
      { key: c2.key, field: 'id', code: 'id-duplicate' },
      { key: c3.key, field: 'id', code: 'id-duplicate' },
      { key: c4.key, field: 'id', code: 'id-invalid' },
      { key: b3.key, field: 'weights', code: 'weights-sum', value: expect.closeTo(0.9, 12) }
    ]);
    b3.weights = ['0.5', 'half', '0.1'];
    expect(checkTree(tree, base())).toContainEqual({
      key: b3.key,
      field: 'weights',
      code: 'weight-invalid',
      value: 2
    });
  });

  it('leaves the rest to parseDefinition and maps its path to the node: a table too small', () => {
    // 16 items under B2: beyond Saaty's 1980 random-index table (n <= 15).
    const tree = toEditTree(template().hierarchy);
    const b2 = byId(tree, 'B2');
    while (b2.children.length < 16) addChild(tree, b2.key)!.label.en = `Item ${b2.children.length}`;
    const issues = checkTree(tree, base());
    expect(issues).toHaveLength(1);
    // As data, for the page to say in its language: the size, the table and those that cover it.
    expect(issues[0]).toEqual({
      key: b2.key,
      field: 'children',
      code: 'ri-not-covered',
      coverage: {
        n: 16,
        table: base().settings.randomIndex,
        max: 15,
        covering: ['alonso-lamata', 'donegan-dodd']
      }
    });
    // With a table that covers 16, it is fine.
    expect(
      checkTree(tree, {
        ...base(),
        settings: { ...DEFAULT_SETTINGS, randomIndex: 'alonso-lamata' }
      })
    ).toEqual([]);
  });

  it('maps parseDefinition paths to nodes and fields', () => {
    const tree = toEditTree(template().hierarchy);
    expect(nodeAtPath(tree, ['hierarchy', 'children', 1, 'children', 0, 'label', 'en'])).toEqual({
      node: byId(tree, 'C3'),
      field: 'label'
    });
    expect(nodeAtPath(tree, ['hierarchy', 'weights'])).toEqual({ node: tree, field: 'weights' });
    expect(nodeAtPath(tree, ['hierarchy', 'children', 9, 'id'])).toEqual({
      node: tree,
      field: 'children'
    });
    expect(nodeAtPath(tree, ['settings', 'threshold'])).toEqual({ node: null, field: null });
  });

  it('accepts what it passes: parseDefinition agrees', () => {
    const tree = toEditTree(template().hierarchy);
    const b4 = byId(tree, 'B4');
    setPreset(tree, b4.key, true);
    b4.weights = ['20%', '0.2', '1/5', '0.2', '.2'];
    expect(checkTree(tree, base())).toEqual([]);
    const def = parseDefinition({ ...template(), hierarchy: toSurveyNode(tree) });
    expect(def.hierarchy.children?.[3]?.weights).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
  });
});
