/**
 * The hierarchy editor's rating scales (issue 10, section 1): the editor's form of a scale, its
 * row edits, its checks (each problem named by its row), the posted form fields, and the save
 * action against a real PGlite database: a valid scale is stored, a bad one is refused with
 * everything typed kept, a frozen survey refuses.
 */
import { describe, expect, it } from 'vitest';
import { actions as hierarchyActions } from '../../../src/routes/a/[token]/hierarchy/+page.server';
import {
  addBreakpoint,
  addLevel,
  checkScale,
  decodeScale,
  emptyScale,
  fromEditScale,
  moveLevel,
  parseNumber,
  removeRow,
  scaleField,
  toEditScale,
  type EditScale
} from '../../../src/routes/a/[token]/hierarchy/scale-edit';
import {
  applyOp,
  checkTree,
  field,
  parseOp,
  toEditTree,
  toSurveyNode,
  walk,
  type EditNode
} from '../../../src/routes/a/[token]/hierarchy/tree';
import { createSurvey, getSurvey, markStarted, type Db } from '../../../src/lib/server';
import {
  FARM_CREDIT_DEFAULT_SCALES,
  MAX_LEVELS,
  farmCreditTemplate,
  parseDefinition,
  type RatingScale
} from '../../../src/lib/survey';
import { pgliteBackend, useDb } from '../../support/backends';
import { encodeTree } from './tree-form';
import { surveyWithExperts } from '../server/fixtures';

/** A categorical scale as typed: [id, en, zh, points]. */
function levels(points: 'fixed' | 'panel', rows: Array<[string, string, string, string]>) {
  const edit = emptyScale();
  edit.kind = 'categorical';
  edit.points = points;
  edit.levels = rows.map(([id, en, zh, p]) => ({ id, en, zh, points: p, zero: false }));
  return edit;
}

function numeric(rows: Array<[string, string]>): EditScale {
  const edit = emptyScale();
  edit.kind = 'numeric';
  edit.breakpoints = rows.map(([value, points]) => ({ value, points }));
  return edit;
}

const codes = (edit: EditScale) => checkScale(edit).map((i) => [i.code, i.row]);

describe('the editor form of a scale', () => {
  it('gives back every default scale of the template exactly', () => {
    for (const [id, scale] of Object.entries(FARM_CREDIT_DEFAULT_SCALES)) {
      const edit = toEditScale(scale);
      expect(checkScale(edit), id).toEqual([]);
      expect(fromEditScale(edit), id).toEqual(scale);
    }
  });

  it('a leaf without a scale has none, and stores none', () => {
    expect(fromEditScale(toEditScale(undefined))).toBeUndefined();
    expect(checkScale(emptyScale())).toEqual([]);
  });

  it('keeps the other kind while the researcher switches, and stores only the chosen one', () => {
    const edit = toEditScale(FARM_CREDIT_DEFAULT_SCALES.C3);
    edit.kind = 'numeric';
    edit.breakpoints = [
      { value: '0', points: '100' },
      { value: '2', points: '0' }
    ];
    expect(fromEditScale(edit)).toMatchObject({ kind: 'numeric', shape: 'linear' });
    expect(fromEditScale(edit)).not.toHaveProperty('levels');
    edit.kind = 'categorical';
    expect(fromEditScale(edit)).toEqual(FARM_CREDIT_DEFAULT_SCALES.C3);
  });

  it('compared by the panel: no points stored, zero levels flagged; fixed: no zero flag', () => {
    const edit = levels('panel', [
      ['clean', 'No overdue', '无逾期', '100'],
      ['once', 'Overdue once', '逾期一次', '60'],
      ['default', 'Default', '违约', '0']
    ]);
    edit.levels[2]!.zero = true;
    const panel = fromEditScale(edit) as Extract<RatingScale, { kind: 'categorical' }>;
    expect(panel.levels.map((l) => [l.points, l.zero])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, true]
    ]);
    expect(() => parseDefinitionWith(panel)).not.toThrow();
    edit.points = 'fixed';
    const fixed = fromEditScale(edit) as Extract<RatingScale, { kind: 'categorical' }>;
    expect(fixed.levels.map((l) => [l.points, l.zero])).toEqual([
      [100, undefined],
      [60, undefined],
      [0, undefined]
    ]);
  });

  it('reads typed numbers strictly: an empty box is not 0', () => {
    expect([' 60 ', '0.5', '-2', '+3', '.5'].map(parseNumber)).toEqual([60, 0.5, -2, 3, 0.5]);
    for (const bad of ['', ' ', 'abc', '1e3', '0x10', 'NaN', 'Infinity', '1,5', '50%', '1/2'])
      expect(parseNumber(bad), bad).toBeNaN();
  });
});

describe('row edits', () => {
  it('adds levels with fresh ids, up to the limit', () => {
    const edit = levels('fixed', [['level2', 'A', '甲', '100']]);
    expect(addLevel(edit)).toBe(true);
    expect(edit.levels.map((l) => l.id)).toEqual(['level2', 'level3']);
    while (edit.levels.length < MAX_LEVELS) addLevel(edit);
    expect(addLevel(edit)).toBe(false);
    expect(new Set(edit.levels.map((l) => l.id)).size).toBe(MAX_LEVELS);
  });

  it('moves and removes rows, and refuses rows that are not there', () => {
    const edit = levels('fixed', [
      ['a', 'A', '', '100'],
      ['b', 'B', '', '50'],
      ['c', 'C', '', '0']
    ]);
    expect(moveLevel(edit, 2, -1)).toBe(true);
    expect(edit.levels.map((l) => l.id)).toEqual(['a', 'c', 'b']);
    expect(moveLevel(edit, 0, -1)).toBe(false);
    expect(moveLevel(edit, 2, 1)).toBe(false);
    expect(removeRow(edit, 'levels', 0)).toBe(true);
    expect(removeRow(edit, 'levels', 5)).toBe(false);
    expect(edit.levels.map((l) => l.id)).toEqual(['c', 'b']);
    expect(addBreakpoint(edit)).toBe(true);
    expect(removeRow(edit, 'breakpoints', 0)).toBe(true);
    expect(edit.breakpoints).toEqual([]);
  });

  it('posts row edits as ops of the tree, and refuses malformed ones', () => {
    expect(parseOp('level-add:k5')).toEqual({ kind: 'level-add', key: 'k5' });
    expect(parseOp('level-down:k5:3')).toEqual({ kind: 'level-down', key: 'k5', row: 3 });
    expect(parseOp('breakpoint-delete:k12:0')).toEqual({
      kind: 'breakpoint-delete',
      key: 'k12',
      row: 0
    });
    for (const bad of ['level-add:k5:1', 'level-up:k5', 'level-up:k5:123', 'level-up:x:1', 7])
      expect(parseOp(bad), String(bad)).toBeNull();
    const tree = toEditTree(farmCreditTemplate({ scales: true }).hierarchy);
    const c3 = walk(tree).find((x) => x.node.id === 'C3')!.node;
    applyOp(tree, { kind: 'level-up', key: c3.key, row: 1 });
    expect(c3.scale.levels.map((l) => l.id)).toEqual(['once', 'clean', 'repeated', 'default']);
  });
});

describe('checks, each problem at its row', () => {
  it('categorical: ids, names, duplicates (case and spaces aside), points', () => {
    const edit = levels('fixed', [
      ['good', 'Good', '好', '100'],
      ['bad id', 'Fair', '一般', '60'],
      ['poor', '', '', '0'],
      ['x', ' GOOD ', '', '50'],
      ['y', 'Y', '', ''],
      ['z', 'Z', '', '101'],
      ['w', 'W', '', '-1'],
      ['v', 'V\u0000', '', 'abc'],
      ['u', 'U', '\ud800', '1e2']
    ]);
    expect(codes(edit)).toEqual([
      ['scale-level-id', 2],
      ['scale-level-name', 3],
      ['scale-level-same', 4],
      ['scale-points', 5],
      ['scale-points', 6],
      ['scale-points', 7],
      ['scale-level-text', 8],
      ['scale-points', 8],
      ['scale-level-text', 9],
      ['scale-points', 9]
    ]);
  });

  it('a name longer than a level label may be is refused', () => {
    const edit = levels('fixed', [
      ['a', 'x'.repeat(101), '', '100'],
      ['b', 'B', '', '0']
    ]);
    expect(codes(edit)).toEqual([['scale-level-text', 1]]);
  });

  it('the number of levels, and a panel scale with every level a zero level', () => {
    expect(codes(levels('fixed', [['a', 'A', '', '1']]))).toEqual([
      ['scale-levels-count', undefined]
    ]);
    const panel = levels('panel', [
      ['a', 'A', '', ''],
      ['b', 'B', '', '']
    ]);
    expect(codes(panel)).toEqual([]);
    panel.levels.forEach((l) => (l.zero = true));
    expect(codes(panel)).toEqual([['scale-none-compared', undefined]]);
  });

  it('numeric: breakpoints are numbers with points in 0-100, values rising', () => {
    expect(codes(numeric([['0', '100']]))).toEqual([['scale-breakpoints-count', undefined]]);
    expect(
      codes(
        numeric([
          ['0', '100'],
          ['0.5', '80'],
          ['0.5', '60'],
          ['', '40'],
          ['2', '200'],
          ['1', '0']
        ])
      )
    ).toEqual([
      ['scale-breakpoints-rising', 3],
      ['scale-breakpoint', 4],
      ['scale-breakpoint', 5],
      ['scale-breakpoints-rising', 6]
    ]);
  });

  it('missing-value points, unit and note follow the text and number rules', () => {
    const edit = numeric([
      ['0', '100'],
      ['1', '0']
    ]);
    edit.missing = 'points';
    edit.missingPoints = '';
    edit.unit.en = 'share\u0007';
    edit.note.zh = '说'.repeat(501);
    expect(codes(edit)).toEqual([
      ['scale-unit', undefined],
      ['scale-missing-points', undefined],
      ['scale-note', undefined]
    ]);
    edit.missingPoints = '50';
    edit.unit.en = 'share of annual income';
    edit.note.zh = '可修改的默认值。\n第二行。';
    expect(codes(edit)).toEqual([]);
    expect(fromEditScale(edit)).toMatchObject({
      missing: { policy: 'points', points: 50 },
      unit: { en: 'share of annual income', zh: '' }
    });
  });

  it('checkTree names the leaf and the field; what it passes, parseDefinition takes', () => {
    const def = farmCreditTemplate({ scales: true });
    const tree = toEditTree(def.hierarchy);
    const c10 = walk(tree).find((x) => x.node.id === 'C10')!.node;
    c10.scale.breakpoints[1]!.value = '-1';
    expect(checkTree(tree, def)).toEqual([
      { key: c10.key, field: 'scale', code: 'scale-breakpoints-rising', value: 2 }
    ]);
    c10.scale.breakpoints[1]!.value = '0.3';
    expect(checkTree(tree, def)).toEqual([]);
    expect(parseDefinition({ ...def, hierarchy: toSurveyNode(tree) })).toEqual(def);
  });

  it('a leaf that gets children stops being an indicator: its scale is not stored', () => {
    const def = farmCreditTemplate({ scales: true });
    const tree = toEditTree(def.hierarchy);
    const c1 = walk(tree).find((x) => x.node.id === 'C1')!.node;
    applyOp(tree, { kind: 'add', key: c1.key });
    const stored = toSurveyNode(tree);
    const find = (n: typeof stored, id: string): typeof stored | undefined =>
      n.id === id ? n : n.children?.map((c) => find(c, id)).find(Boolean);
    expect(find(stored, 'C1')?.scale).toBeUndefined();
    expect(find(stored, 'C2')?.scale).toEqual(FARM_CREDIT_DEFAULT_SCALES.C2);
  });
});

function parseDefinitionWith(scale: RatingScale) {
  const def = farmCreditTemplate();
  const leaf = def.hierarchy.children![1]!.children![0]!;
  leaf.scale = scale;
  return parseDefinition(def);
}

describe('the posted form', () => {
  it('decodes to the same scales: open ones from their fields (zero levels by position), the others from their JSON', () => {
    const tree = toEditTree(farmCreditTemplate({ scales: true }).hierarchy);
    const c3 = walk(tree).find((x) => x.node.id === 'C3')!.node;
    c3.scale.points = 'panel';
    c3.scale.levels[3]!.zero = true;
    c3.scale.editing = true;
    const c10 = walk(tree).find((x) => x.node.id === 'C10')!.node;
    c10.scale.editing = true;
    const form = encodeTree(tree);
    for (const { node } of walk(tree)) {
      if (node.children.length > 0) continue;
      expect(decodeScale(form, node.key), node.id).toEqual(node.scale);
    }
  });

  it('a leaf posted without scale fields has none; tampered fields refuse the form', () => {
    expect(decodeScale(new FormData(), 'k1')).toEqual(emptyScale());
    // Text inside a scale posted whole is checked like typed text, not refused as tampering.
    const typed = { ...emptyScale(), kind: 'categorical', levels: [] as EditScale['levels'] };
    typed.levels.push({ id: 'a', en: 'A\u0000', zh: '', points: '', zero: false });
    const json = new FormData();
    json.set(scaleField.json('k1'), JSON.stringify({ ...typed, editing: true }));
    const decoded = decodeScale(json, 'k1')!;
    expect(decoded).toEqual({ ...typed, editing: false });
    expect(checkScale(decoded).map((i) => i.code)).toContain('scale-level-text');
    const tampered: Array<(f: FormData) => void> = [
      (f) => f.set(scaleField.kind('k1'), 'ordinal'),
      (f) => f.set(scaleField.points('k1'), 'experts'),
      (f) => f.set(scaleField.missing('k1'), 'ignore'),
      (f) => f.append(scaleField.levelId('k1'), 'extra'), // a row without its names
      (f) => f.append(scaleField.value('k1'), '3'), // a value without its points
      (f) => f.set(scaleField.noteEn('k1'), 'x'.repeat(1001)),
      (f) => f.set(scaleField.levelEn('k1'), new File(['x'], 'x.txt')),
      (f) => {
        for (let k = 0; k <= MAX_LEVELS + 1; k++) {
          f.append(scaleField.value('k1'), '1');
          f.append(scaleField.breakpointPoints('k1'), '1');
        }
      },
      // A scale posted whole must be the editor's own form of one, exactly.
      (f) => f.set(scaleField.json('k1'), '{"kind": "none"'),
      (f) => f.set(scaleField.json('k1'), '[]'),
      (f) => f.set(scaleField.json('k1'), JSON.stringify({ ...emptyScale(), extra: 1 })),
      (f) => f.set(scaleField.json('k1'), JSON.stringify({ ...emptyScale(), missingPoints: 50 })),
      (f) => f.set(scaleField.json('k1'), JSON.stringify({ ...emptyScale(), kind: 'ordinal' })),
      (f) =>
        f.set(
          scaleField.json('k1'),
          JSON.stringify({
            ...emptyScale(),
            levels: Array.from({ length: MAX_LEVELS + 2 }, () => ({
              id: 'a',
              en: '',
              zh: '',
              points: '',
              zero: false
            }))
          })
        ),
      (f) =>
        f.set(
          scaleField.json('k1'),
          JSON.stringify({ ...emptyScale(), note: { en: 'x'.repeat(40_000), zh: '' } })
        )
    ];
    for (const [k, change] of tampered.entries()) {
      const form = new FormData();
      form.append(scaleField.levelId('k1'), 'a');
      form.append(scaleField.levelEn('k1'), 'A');
      form.append(scaleField.levelZh('k1'), '');
      change(form);
      expect(decodeScale(form, 'k1'), `case ${k}`).toBeNull();
    }
  });
});

describe('saving scales', () => {
  const db = useDb(pgliteBackend);

  async function save(token: string, form: FormData) {
    const e = {
      locals: { db: db() as Db },
      params: { token },
      request: new Request('http://127.0.0.1/', { method: 'POST', body: form })
    };
    return hierarchyActions.save!(e as never);
  }

  it('stores a scale compared by the panel and a numeric one; refuses a bad one, keeping it', async () => {
    const { survey, adminToken } = await createSurvey(db(), farmCreditTemplate({ scales: true }));
    const tree = toEditTree(survey.definition.hierarchy);
    const c3 = walk(tree).find((x) => x.node.id === 'C3')!.node;
    const c10 = walk(tree).find((x) => x.node.id === 'C10')!.node;
    c3.scale.points = 'panel';
    c3.scale.levels[3]!.zero = true;
    c10.scale.breakpoints = [
      { value: '0', points: '100' },
      { value: '1.5', points: '0' }
    ];
    c10.scale.outside = 'refuse';
    expect(await save(adminToken, encodeTree(tree))).toEqual({ saved: true });
    const stored = (await getSurvey(db(), survey.id))!.definition.hierarchy;
    const leaf = (id: string) =>
      stored.children!.flatMap((c) => c.children ?? []).find((c) => c.id === id)!;
    expect(leaf('C3').scale).toMatchObject({
      points: 'panel',
      levels: [{ id: 'clean' }, { id: 'once' }, { id: 'repeated' }, { id: 'default', zero: true }]
    });
    expect(leaf('C3').scale).not.toHaveProperty('levels.0.points');
    expect(leaf('C10').scale).toMatchObject({
      kind: 'numeric',
      outside: 'refuse',
      breakpoints: [
        { value: 0, points: 100 },
        { value: 1.5, points: 0 }
      ]
    });

    // Bad points: refused with the problem at its row, the typed tree returned, nothing stored.
    c10.scale.breakpoints[1]!.points = '150';
    const refused = (await save(adminToken, encodeTree(tree))) as {
      status: number;
      data: { tree: EditNode; issues: unknown[] };
    };
    expect(refused.status).toBe(400);
    expect(refused.data.issues).toEqual([
      { key: c10.key, field: 'scale', code: 'scale-breakpoint', value: 2 }
    ]);
    const back = walk(refused.data.tree).find((x) => x.node.id === 'C10')!.node;
    expect(back.scale.breakpoints[1]).toEqual({ value: '1.5', points: '150' });
    expect((await getSurvey(db(), survey.id))!.definition.hierarchy).toEqual(stored);
  });

  it('scales freeze with the hierarchy once an expert has started', async () => {
    const { survey, adminToken, experts } = await surveyWithExperts(db(), 1, 'open');
    await markStarted(db(), experts[0]!.expert.id);
    const tree = toEditTree(survey.definition.hierarchy);
    const c3 = walk(tree).find((x) => x.node.id === 'C3')!.node;
    c3.scale = toEditScale(FARM_CREDIT_DEFAULT_SCALES.C3);
    const refused = (await save(adminToken, encodeTree(tree))) as {
      status: number;
      data: { storeError: { code: string } };
    };
    expect(refused.status).toBe(409);
    expect(refused.data.storeError.code).toBe('frozen');
    expect((await getSurvey(db(), survey.id))!.definition).toEqual(survey.definition);
  });
});
