import { fail } from '@sveltejs/kit';
import { badCharacterOf, MAX_LABEL_LENGTH } from '$lib/survey';
import { formText, readForm } from '$lib/server';
import { requireSurvey, storeFailure } from '../admin.server';
import { MAX_IMPORT_BYTES } from '../results/results.server';
import {
  LevelPointsError,
  listWeightModels,
  ModelError,
  saveEditedWeights,
  saveGivenWeights
} from './models.server';
import { categoricalLevels, parsePoints } from './level-points';
import type { FieldProblem } from './words';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const nodes: Array<{ id: string; depth: number; label: { en: string; zh: string } }> = [];
  const visit = (n: typeof survey.definition.hierarchy, depth: number) => {
    if (depth > 0) nodes.push({ id: n.id, depth, label: n.label });
    for (const c of n.children ?? []) visit(c, depth + 1);
  };
  visit(survey.definition.hierarchy, 0);
  return {
    models: await listWeightModels(locals.db, survey.id),
    nodes,
    levels: categoricalLevels(survey.definition.hierarchy)
  };
};

const refuse = (which: 'given' | 'edit' | 'points', problem: FieldProblem, status = 400) =>
  fail(status, {
    [which]: { field: problem.code, message: problem.code, line: null, column: null, problem }
  });

/** The set's name from the form (the one-line text rule, trimmed), or a failure naming it. */
function nameOf(form: FormData, which: 'given' | 'edit' | 'points') {
  const name = formText(form, 'name').trim();
  const bad = badCharacterOf(name);
  if (bad) return refuse(which, { code: 'name-characters', at: bad.at });
  if (name === '') return refuse(which, { code: 'name-empty' });
  if (name.length > MAX_LABEL_LENGTH)
    return refuse(which, { code: 'name-long', max: MAX_LABEL_LENGTH });
  return name;
}

const failure = (
  which: 'given' | 'edit' | 'points',
  e: unknown,
  extra: Record<string, unknown> = {}
) => {
  if (e instanceof ModelError)
    return fail(400, {
      [which]: {
        field: 'file',
        message: e.detail,
        line: e.line,
        column: e.column,
        ...(e.problem ? { refusal: e.problem } : {}),
        ...extra
      }
    });
  return storeFailure(e, { which });
};

export const actions: Actions = {
  /** A set from a file of given weights for this survey's hierarchy (no expert needed). */
  given: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const name = nameOf(form, 'given');
    if (typeof name !== 'string') return name;
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return refuse('given', { code: 'no-file' });
    if (file.size > MAX_IMPORT_BYTES)
      return refuse('given', { code: 'too-large', size: file.size, max: MAX_IMPORT_BYTES }, 413);
    try {
      const saved = await saveGivenWeights(
        locals.db,
        survey,
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        { name, normalise: form.get('normalise') === 'on' }
      );
      return { saved };
    } catch (e) {
      return failure('given', e, { file: file.name.slice(0, 200) });
    }
  },

  /** An edited copy of a saved set: one level of a leaf's categorical scale given other points. */
  points: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const name = nameOf(form, 'points');
    if (typeof name !== 'string') return name;
    // Ids are at most 32 characters: anything longer is refused by name, and echoed cut short.
    const [node = '', level = ''] = formText(form, 'level')
      .split('/')
      .map((part) => Array.from(part).slice(0, 40).join(''));
    const raw = formText(form, 'points');
    const to = parsePoints(raw);
    if (to === null)
      return fail(400, {
        points: { code: 'points', value: Array.from(raw).slice(0, 40).join('') }
      });
    try {
      return {
        saved: await saveEditedWeights(locals.db, survey, {
          parentId: formText(form, 'parent'),
          node,
          level,
          to,
          name
        })
      };
    } catch (e) {
      if (e instanceof LevelPointsError) return fail(400, { points: e.problem });
      return failure('points', e);
    }
  },

  /** An edited copy of a saved set: one node's local weight moved, siblings rescaled. */
  edit: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const name = nameOf(form, 'edit');
    if (typeof name !== 'string') return name;
    const parentId = formText(form, 'parent');
    const node = formText(form, 'node');
    const raw = formText(form, 'weight').trim();
    const to = /^(?:0|1|0?\.\d+|1\.0*)$/.test(raw) ? Number(raw) : NaN;
    if (!(to >= 0 && to <= 1))
      return refuse('edit', { code: 'weight', value: Array.from(raw).slice(0, 40).join('') });
    try {
      return { saved: await saveEditedWeights(locals.db, survey, { parentId, node, to, name }) };
    } catch (e) {
      return failure('edit', e);
    }
  }
};
