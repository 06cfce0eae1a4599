import { error } from '@sveltejs/kit';
import { changeText } from '$lib/monitoring';
import { writeCsv, type CsvCell } from '$lib/weights';
import { requireSurvey } from '../../admin.server';
import { monitorView } from '../monitor.server';
import type { RequestHandler } from './$types';

/**
 * The whole warning list as CSV for the loan officers, with the page's choices (the same query):
 * per loan the grades then and now, the drop, the totals, days past due and the indicators whose
 * points changed in both languages.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const survey = await requireSurvey(locals.db, params.token);
  const view = await monitorView(locals.db, survey.id, url);
  if (!view.report) error(404, 'No warning list: choose a weight set with two snapshots or more.');
  const { warning, now } = view.report;
  const rows: CsvCell[][] = [
    [
      'loan',
      'grade_then',
      'grade_now',
      'grades_down',
      'total_then',
      'total_now',
      'days_past_due',
      'in_warning_grade',
      'changes_en',
      'changes_zh'
    ]
  ];
  for (const l of warning.loans)
    rows.push([
      l.id,
      l.gradeThen,
      l.gradeNow,
      l.drop,
      l.totalThen,
      l.totalNow,
      l.daysPastDue,
      l.inWarningGrade ? 1 : 0,
      l.changes.map((c) => changeText(c, 'en')).join('; '),
      l.changes.map((c) => changeText(c, 'zh')).join('；')
    ]);
  return new Response(writeCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="warning-list-${now}.csv"`,
      'cache-control': 'no-store'
    }
  });
};
