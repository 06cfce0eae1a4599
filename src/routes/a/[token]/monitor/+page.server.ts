import { fail } from '@sveltejs/kit';
import {
  checkAsOf,
  checkSnapshotName,
  formText,
  getWeightSetForAdmin,
  importSnapshot,
  readForm,
  SnapshotImportError,
  StoreError
} from '$lib/server';
import { requireSurvey, storeFailure } from '../admin.server';
import { monitorView } from './monitor.server';
import type { Actions, PageServerLoad } from './$types';

/** How many loans of the warning list the page shows (the CSV download has them all). */
const SHOWN = 200;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const view = await monitorView(locals.db, survey.id, url);
  const report = view.report;
  return {
    weightSets: view.weightSets,
    setId: view.weightSet?.id ?? null,
    leaves: view.weightSet?.document.leaves.map((l) => l.id) ?? [],
    snapshots: view.snapshots.map((s) => s.summary),
    options: view.options,
    problem: view.problem,
    report: report && {
      ...report,
      warning: {
        ...report.warning,
        total: report.warning.loans.length,
        loans: report.warning.loans.slice(0, SHOWN)
      }
    }
  };
};

export const actions: Actions = {
  /** Adds a snapshot: a CSV of loans scored with the chosen weight set, all or nothing. */
  add: async ({ locals, params, request }) => {
    const survey = await requireSurvey(locals.db, params.token);
    const form = await readForm(request);
    const setId = formText(form, 'set');
    const name = formText(form, 'name');
    const asOf = formText(form, 'as_of');
    const values = { set: setId, name, asOf };
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { ...values, addError: { code: 'no-file' as const } });
    for (const [code, check, value] of [
      ['name', checkSnapshotName, name],
      ['date', checkAsOf, asOf]
    ] as const) {
      try {
        check(value);
      } catch (e) {
        if (e instanceof StoreError) return fail(400, { ...values, addError: { code } });
        throw e;
      }
    }
    const weightSet = await getWeightSetForAdmin(locals.db, survey.id, setId);
    if (!weightSet) return fail(400, { ...values, addError: { code: 'no-set' as const } });
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
      const added = await importSnapshot(
        locals.db,
        weightSet,
        { name, asOf, source: 'researcher' },
        text
      );
      return { added: { name: added.name, loans: added.loans } };
    } catch (e) {
      if (e instanceof TypeError)
        return fail(400, { ...values, addError: { code: 'not-utf8' as const } });
      if (e instanceof SnapshotImportError)
        return fail(400, {
          ...values,
          addError: {
            code: 'file' as const,
            problems: e.problems,
            more: e.total - e.problems.length
          }
        });
      return storeFailure(e);
    }
  }
};
