import { fail } from '@sveltejs/kit';
import { AhpInputError, RandomIndexCoverageError, type RandomIndexCoverage } from '$lib/ahp';
import { formText, readForm, updateDefinition } from '$lib/server';
import { problem } from '$lib/problem';
import {
  carryScales,
  comparisonCount,
  parseDefinition,
  parseOutline,
  OutlineError,
  outlineEnglish,
  type OutlineProblem,
  type ScalesCarried,
  type SurveyDefinition,
  type SurveyNode
} from '$lib/survey';
import { requireSurvey, storeFailure } from '../admin.server';
import { applyOp, checkTree, decodeTree, parseOp, toSurveyNode } from './tree';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const { hierarchy, settings, title } = survey.definition;
  return { hierarchy, settings, title, frozenAt: survey.frozenAt, updatedAt: survey.updatedAt };
};

/** The longest outline accepted (500 nodes of 200 characters is well below this). */
const MAX_OUTLINE = 100_000;

/** The entries of an outline as parseOutline counts them, to quote the one that is wrong. */
function outlineEntries(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

/**
 * Checks an outline: it parses, and the hierarchy it gives, with the scales of the leaves it
 * keeps (carryScales), passes parseDefinition with the survey's title and settings. Returns the
 * hierarchy and what became of the scales (null when the survey had none), or what the page
 * shows about the problem.
 */
function checkOutline(
  text: string,
  base: SurveyDefinition
):
  | { hierarchy: SurveyNode; scales: ScalesCarried | null }
  | {
      error: {
        entry: number | null;
        entryText: string;
        detail: string;
        /** The outline's own problems as data, for the page to word; absent for the others. */
        problem?: OutlineProblem;
        /** A node too large for the survey's random-index table, as data. */
        coverage?: RandomIndexCoverage;
      };
    } {
  if (text.length > MAX_OUTLINE) {
    const problem: OutlineProblem = { code: 'outline-long', max: MAX_OUTLINE };
    return { error: { entry: null, entryText: '', detail: outlineEnglish(problem), problem } };
  }
  try {
    const { hierarchy, scales } = carryScales(base.hierarchy, parseOutline(text));
    parseDefinition({ ...base, hierarchy });
    const any = scales.kept.length + scales.dropped.length > 0;
    return { hierarchy, scales: any ? scales : null };
  } catch (e) {
    if (!(e instanceof AhpInputError)) throw e;
    const k = e.path[0] === 'outline' && typeof e.path[1] === 'number' ? e.path[1] : null;
    const entryText = k === null ? '' : (outlineEntries(text)[k] ?? '');
    return {
      error: {
        entry: k === null ? null : k + 1,
        entryText: entryText.length > 80 ? `${entryText.slice(0, 77)}...` : entryText,
        detail: e.detail,
        ...(e instanceof OutlineError ? { problem: e.outline } : {}),
        ...(e instanceof RandomIndexCoverageError ? { coverage: e.coverage } : {})
      }
    };
  }
}

export const actions: Actions = {
  /** Without JavaScript: add, move or delete a node in the posted tree (nothing is saved yet). */
  edit: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    if (survey.frozenAt) {
      const message = 'The hierarchy is frozen: an expert has already started answering.';
      return fail(409, {
        storeError: { code: 'frozen', problem: problem('store', { store: 'frozen', message }) }
      });
    }
    const form = await readForm(request);
    const tree = decodeTree(form);
    if (!tree) return fail(400, { damaged: true });
    const op = parseOp(form.get('op'));
    if (op) applyOp(tree, op);
    return { tree };
  },

  save: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const tree = decodeTree(await readForm(request));
    if (!tree) return fail(400, { damaged: true });
    const issues = checkTree(tree, survey.definition);
    if (issues.length > 0) return fail(400, { tree, issues });
    const definition = parseDefinition({ ...survey.definition, hierarchy: toSurveyNode(tree) });
    try {
      await updateDefinition(locals.db, survey.id, definition);
    } catch (e) {
      return storeFailure(e, { tree });
    }
    return { saved: true };
  },

  /** Parses a pasted outline and shows what it gives, before anything is replaced. */
  outlinePreview: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const outline = formText(await readForm(request), 'outline');
    const checked = checkOutline(outline, survey.definition);
    if ('error' in checked) return fail(400, { outline, outlineError: checked.error });
    return {
      outline,
      preview: {
        hierarchy: checked.hierarchy,
        comparisons: comparisonCount({ hierarchy: checked.hierarchy }),
        scales: checked.scales
      }
    };
  },

  /** Replaces the hierarchy with the outline's (after the researcher has seen the preview). */
  outlineReplace: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const outline = formText(await readForm(request), 'outline');
    const checked = checkOutline(outline, survey.definition);
    if ('error' in checked) return fail(400, { outline, outlineError: checked.error });
    try {
      await updateDefinition(locals.db, survey.id, {
        ...survey.definition,
        hierarchy: checked.hierarchy
      });
    } catch (e) {
      return storeFailure(e, { outline });
    }
    return { replaced: true, scales: checked.scales };
  }
};
