/**
 * The form the hierarchy editor page posts for a tree: the same field names, in the page's
 * order (tree.ts `field`, scale-edit.ts `scaleField`), for the action and decoding tests.
 */
import { scaleField } from '../../../src/routes/a/[token]/hierarchy/scale-edit';
import { field, walk, type EditNode } from '../../../src/routes/a/[token]/hierarchy/tree';

export function encodeTree(root: EditNode): FormData {
  const form = new FormData();
  for (const { node, parent } of walk(root)) {
    form.append('node', node.key);
    form.append(field.parent(node.key), parent?.key ?? '');
    form.append(field.id(node.key), node.id);
    form.append(field.en(node.key), node.label.en);
    form.append(field.zh(node.key), node.label.zh);
    form.append(field.descriptionEn(node.key), node.description.en);
    form.append(field.descriptionZh(node.key), node.description.zh);
    if (node.weights) {
      form.append(field.preset(node.key), 'on');
      for (const w of node.weights) form.append(field.weight(node.key), w);
    }
    if (node.children.length === 0) encodeScale(form, node);
  }
  return form;
}

/**
 * A leaf's scale as ScaleEditor.svelte posts it: its fields while it is being edited (zero
 * levels by position), else the whole scale as one JSON field.
 */
function encodeScale(form: FormData, node: EditNode): void {
  const s = node.scale;
  const f = scaleField;
  const k = node.key;
  if (!s.editing) {
    form.append(f.json(k), JSON.stringify(s));
    return;
  }
  form.append(f.kind(k), s.kind);
  form.append(f.points(k), s.points);
  s.levels.forEach((l, i) => {
    form.append(f.levelId(k), l.id);
    form.append(f.levelEn(k), l.en);
    form.append(f.levelZh(k), l.zh);
    form.append(f.levelPoints(k), l.points);
    if (l.zero) form.append(f.levelZero(k), String(i));
  });
  form.append(f.shape(k), s.shape);
  form.append(f.outside(k), s.outside);
  form.append(f.unitEn(k), s.unit.en);
  form.append(f.unitZh(k), s.unit.zh);
  for (const b of s.breakpoints) {
    form.append(f.value(k), b.value);
    form.append(f.breakpointPoints(k), b.points);
  }
  form.append(f.missing(k), s.missing);
  form.append(f.missingPoints(k), s.missingPoints);
  form.append(f.noteEn(k), s.note.en);
  form.append(f.noteZh(k), s.note.zh);
}
