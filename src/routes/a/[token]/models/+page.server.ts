import { fail } from '@sveltejs/kit';
import { lineSchema, MAX_LABEL_LENGTH } from '$lib/survey';
import { formText, readForm } from '$lib/server';
import * as v from 'valibot';
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

const nameSchema = lineSchema(MAX_LABEL_LENGTH, 1);

/** The set's name from the form, or a failure naming the field. */
function nameOf(form: FormData, which: 'given' | 'edit' | 'points') {
  const parsed = v.safeParse(nameSchema, form.get('name') ?? '');
  return parsed.success
    ? parsed.output
    : fail(400, {
        [which]: { field: 'name', message: parsed.issues[0].message, line: null, column: null }
      });
}

const failure = (
  which: 'given' | 'edit' | 'points',
  e: unknown,
  extra: Record<string, unknown> = {}
) => {
  if (e instanceof ModelError)
    return fail(400, {
      [which]: { field: 'file', message: e.detail, line: e.line, column: e.column, ...extra }
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
    if (!(file instanceof File) || file.size === 0)
      return fail(400, {
        given: { field: 'file', message: 'choose a file of weights', line: null, column: null }
      });
    if (file.size > MAX_IMPORT_BYTES)
      return fail(413, {
        given: {
          field: 'file',
          message: `the file is ${file.size} bytes; at most ${MAX_IMPORT_BYTES} can be read`,
          line: null,
          column: null
        }
      });
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
    const parentId = String(form.get('parent') ?? '');
    const node = String(form.get('node') ?? '');
    const raw = String(form.get('weight') ?? '').trim();
    const to = /^(?:0|1|0?\.\d+|1\.0*)$/.test(raw) ? Number(raw) : NaN;
    if (!(to >= 0 && to <= 1))
      return fail(400, {
        edit: {
          field: 'weight',
          message: `${JSON.stringify(raw.slice(0, 40))} is not a local weight from 0 to 1`,
          line: null,
          column: null
        }
      });
    try {
      return { saved: await saveEditedWeights(locals.db, survey, { parentId, node, to, name }) };
    } catch (e) {
      return failure('edit', e);
    }
  }
};
