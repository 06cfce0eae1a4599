/**
 * Every refusal of a file or a pasted text, in the page's language: for each page that reads a
 * file or an outline (models: given weights, level points, local-weight edit; results: the
 * responses import; monitor: a loan-book snapshot; hierarchy: the outline paste), each class of
 * bad input (wrong type of file, not UTF-8, malformed CSV and JSON, an unknown column, a value
 * out of range, a NUL byte, a duplicate, an empty file, a file too large ...) is sent through
 * the real form action on both storage backends, and the refusal is worded as the page words it
 * (the same word functions). In Chinese it holds no Latin-alphabet word except what the user
 * wrote (ids, column names, values: they are in the input) and a few tokens (KB, CSV, JSON, UTF,
 * Saaty ...); in English it holds no Chinese character the input lacks, and it is the CLI's
 * English (problemEnglish). The line of the problem survives into both languages, and nothing
 * is stored.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages';
import { overwriteGetLocale } from '../../../src/lib/paraglide/runtime';
import { problemEnglish, type Problem } from '../../../src/lib/problem';
import { problemWords } from '../../../src/lib/problem-words';
import type { SnapshotProblem } from '../../../src/lib/monitoring';
import type { OutlineProblem } from '../../../src/lib/survey';
import { farmCreditTemplate } from '../../../src/lib/survey';
import { createSurvey } from '../../../src/lib/server/surveys';
import { pairColumns } from '../../../src/lib/weights/formats';
import { saveWeightSet } from '../../../src/lib/server/weight-sets';
import { actions as modelActions } from '../../../src/routes/a/[token]/models/+page.server';
import {
  levelPointsText,
  problemText,
  type FieldProblem
} from '../../../src/routes/a/[token]/models/words';
import { actions as resultActions } from '../../../src/routes/a/[token]/results/+page.server';
import { actions as monitorActions } from '../../../src/routes/a/[token]/monitor/+page.server';
import { actions as hierarchyActions } from '../../../src/routes/a/[token]/hierarchy/+page.server';
import { outlineProblemText } from '../../../src/routes/a/[token]/hierarchy/issues';
import { event } from '../api/hostile';
import { BACKENDS, useDb } from '../../support/backends';
import { foreignCjk, foreignWords } from '../../support/language';
import { scorecardWeightSet } from '../weights/scorecard-fixtures';

const ORIGIN = 'http://localhost';
/** The head of a responses JSON file (docs/results.md). */
const RESPONSES_HEAD = '"format": "pairwise.responses", "version": 1';
type Action = (e: never) => Promise<unknown>;
afterEach(() => overwriteGetLocale(() => 'en'));

interface Case {
  /** What is sent (the class), for the failure message. */
  name: string;
  action: Action;
  fields: Array<[string, string | File]>;
  /** The text the user wrote (file and fields), whose words the refusal may quote. */
  input: string;
  /** The refusal as the page shows it, in the current locale; null if there is none. */
  shown: (data: Record<string, unknown>) => string | null;
  /** The line the refusal must name (in both languages), when it is about one. */
  line?: number;
}

function post(fields: Array<[string, string | File]>): Request {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return new Request(`${ORIGIN}/x`, { method: 'POST', body, headers: { origin: ORIGIN } });
}

/** Runs every case in both languages; returns what each showed. */
async function check(db: Parameters<typeof event>[0], token: string, cases: Case[]) {
  for (const c of cases) {
    const out = (await c.action(event(db, { token }, post(c.fields)) as never)) as {
      status?: number;
      data?: Record<string, unknown>;
    };
    expect(out.status, `${c.name}: refused`).toBeGreaterThanOrEqual(400);
    expect(out.status, `${c.name}: no 5xx`).toBeLessThan(500);
    for (const locale of ['zh', 'en'] as const) {
      overwriteGetLocale(() => locale);
      const shown = c.shown(out.data ?? {});
      expect(shown, `${c.name} (${locale}): a refusal is shown`).toBeTruthy();
      if (locale === 'zh')
        expect(foreignWords(shown!, c.input), `${c.name} (zh): ${shown}`).toEqual([]);
      else expect(foreignCjk(shown!, c.input), `${c.name} (en): ${shown}`).toEqual([]);
      if (c.line !== undefined)
        expect(shown, `${c.name} (${locale}): names line ${c.line}`).toContain(
          locale === 'zh' ? `第 ${c.line} 行` : `Line ${c.line}`
        );
    }
  }
}

/* ---------- how each page words its refusal (the templates' text, without markup) ---------- */

interface ModelFailure {
  message: string;
  line: number | null;
  column: number | null;
  problem?: FieldProblem;
  refusal?: Problem;
}

/** models/+page.svelte's `refusal` snippet (and LevelPointsForm's text for points). */
function modelShown(which: 'given' | 'edit' | 'points') {
  return (data: Record<string, unknown>): string | null => {
    const store = data.storeError as { code: string; problem: Problem } | undefined;
    if (store)
      return `${m.models_refused()} ${store.code === 'not_found' ? m.compare_production_not_found() : problemWords(store.problem)}`;
    const f = data[which] as (ModelFailure & { code?: string; value?: string }) | undefined;
    if (!f) return null;
    if (which === 'points') return `${m.models_refused()} ${levelPointsText(f as never)}`;
    const at = f.line !== null ? m.models_at({ line: f.line, column: f.column ?? 1 }) : '';
    const words = f.problem
      ? problemText(f.problem)
      : f.refusal
        ? problemWords(f.refusal)
        : f.message;
    return `${m.models_refused()} ${at} ${words}`;
  };
}

/** results/ImportSection.svelte. */
function importShown(data: Record<string, unknown>): string | null {
  const f = data.importError as (ModelFailure & { problem?: Problem }) | undefined;
  if (!f) return null;
  const at =
    f.line !== null ? m.admin_results_import_at({ line: f.line, column: f.column ?? 1 }) : '';
  return `${m.admin_results_import_refused()} ${at} ${f.problem ? problemWords(f.problem) : f.message}`;
}

/** monitor/AddSnapshot.svelte (the file's problems). */
function snapshotShown(data: Record<string, unknown>): string | null {
  const e = data.addError as { code: string; problems?: SnapshotProblem[] } | undefined;
  if (!e?.problems) return null;
  return [
    m.monitor_error_file(),
    ...e.problems.map((p) =>
      m.monitor_problem_at({
        line: p.line,
        column: p.column ?? '',
        field: p.field ? ` (${p.field})` : '',
        message: p.problem ? problemWords(p.problem) : p.message
      })
    )
  ].join(' ');
}

/** hierarchy/+page.svelte's outline error. */
function outlineShown(data: Record<string, unknown>): string | null {
  const e = data.outlineError as
    | { entry: number | null; entryText: string; detail: string; problem?: OutlineProblem }
    | undefined;
  if (!e) return null;
  const at =
    e.entry !== null ? `${m.admin_outline_error_entry({ entry: e.entry })} “${e.entryText}”:` : '';
  return `${at} ${e.problem ? outlineProblemText(e.problem) : e.detail}`;
}

/* ---------- the files ---------- */

/** Local weights of the farm-credit template (every sibling group sums to 1), as CSV rows. */
function localRows(weight?: (siblings: number) => number): string[] {
  const rows: string[] = [];
  const visit = (n: { id: string; children?: unknown[] }) => {
    const kids = (n.children ?? []) as Array<{ id: string; children?: unknown[] }>;
    for (const c of kids) {
      rows.push(`${c.id},${weight ? weight(kids.length) : 1 / kids.length}`);
      visit(c);
    }
  };
  visit(farmCreditTemplate().hierarchy);
  return rows;
}

const file = (text: string | Uint8Array, name: string) =>
  new File([text as BlobPart], name, { type: 'application/octet-stream' });

function givenCases(): Case[] {
  const given = modelActions.given as unknown as Action;
  const shown = modelShown('given');
  const one = (name: string, text: string | Uint8Array, fileName: string, line?: number): Case => ({
    name,
    action: given,
    fields: [
      ['name', '权重'],
      ['file', file(text, fileName)]
    ],
    input: typeof text === 'string' ? `${text} ${fileName}` : fileName,
    shown,
    ...(line !== undefined ? { line } : {})
  });
  const valid = ['id,local', ...localRows()];
  return [
    one('empty file', '', 'w.csv'),
    one('wrong type of file', 'id,local\nB1,0.25', 'w.txt'),
    one('not UTF-8', new Uint8Array([0x69, 0x64, 0xff, 0xfe]), 'w.csv'),
    one('CSV: a quote never closed', 'id,local\nB1,"0.25\n', 'w.csv', 2),
    one('CSV: a quote inside a field', 'id,local\nB"1,0.25\n', 'w.csv', 2),
    one('CSV: a header only', 'id,local\n', 'w.csv', 2),
    one('CSV: an unknown column', 'id,gewicht\nB1,0.25\n', 'w.csv', 1),
    one('CSV: a column twice', 'id,local,local\nB1,0.25,0.25\n', 'w.csv', 1),
    one('CSV: a value out of range', 'id,local\nB1,1.5\n', 'w.csv', 2),
    one('CSV: not a number', 'id,local\nB1,abc\n', 'w.csv', 2),
    one('CSV: a NUL byte in an id', 'id,local\nB\u00001,0.25\n', 'w.csv', 2),
    one('CSV: a node given twice', 'id,local\nB1,0.25\nB1,0.25\n', 'w.csv', 3),
    one('CSV: an unknown node', 'id,local\nQ9,0.25\n', 'w.csv', 2),
    one('CSV: a node missing', 'id,local\nB1,0.25\n', 'w.csv', 3),
    one('CSV: wrong field count', 'id,local\nB1\n', 'w.csv', 2),
    one('CSV: sums that miss 1', ['id,local', ...localRows(() => 0.3)].join('\n'), 'w.csv', 2),
    one('CSV: a 1 MB line', `id,local\nB1,${'9'.repeat(1_000_000)}\n`, 'w.csv'),
    one('JSON: a trailing comma', '{"local": {"B1": 0.25,}}', 'w.json', 1),
    one('JSON: not JSON at all', 'local = 0.25', 'w.json', 1),
    one('JSON: a list, not an object', '[0.25]', 'w.json', 1),
    one('JSON: an unknown field', '{"gewicht": {}}', 'w.json', 1),
    one('JSON: a weight that is text', '{"local": {\n"B1": "x"}}', 'w.json', 2),
    one('JSON: nested too deep', `${'['.repeat(300)}${']'.repeat(300)}`, 'w.json', 1),
    one('JSON: a lone surrogate in an id', '{"local": {"\\ud800": 0.25}}', 'w.json', 1),
    // The valid file itself, as a control: saved (checked below), not a refusal.
    { ...one('valid', valid.join('\n'), 'w.csv'), name: 'valid' }
  ];
}

function responsesCases(): Case[] {
  const action = resultActions.import as unknown as Action;
  const one = (name: string, text: string, line?: number): Case => ({
    name,
    action,
    fields: text === '' ? [] : [['file', file(text, 'r.csv')]],
    input: text,
    shown: importShown,
    ...(line !== undefined ? { line } : {})
  });
  // Every pair column of the farm-credit survey; `ones` is a row of equal judgments after the id.
  const pairs = pairColumns(farmCreditTemplate()).map((c) => c.name);
  const head = `id,${pairs.join(',')}`;
  const row = (id: string, first = '1') => [id, first, ...pairs.slice(1).map(() => '1')].join(',');
  return [
    one('no file', ''),
    one('CSV: a quote never closed', `${head}\n"${row('E1')}\n`, 2),
    one('CSV: values, no header', '1,2,3\n', 1),
    one('CSV: an unknown column', `${head},Q1_Q2\n${row('E1')},1\n`, 1),
    one('CSV: a column twice', `${head},B1_B2\n${row('E1')},1\n`, 1),
    one('CSV: a header missing pairs', `id,B1_B2\n`, 1),
    one('CSV: a judgment off the scale', `${head}\n${row('E1', '12')}\n`, 2),
    one('CSV: a judgment of 0', `${head}\n${row('E1', '0')}\n`, 2),
    one('CSV: not a number', `${head}\n${row('E1', 'abc')}\n`, 2),
    one('CSV: a NUL byte in an expert id', `${head}\n${row('E\u00001')}\n`, 2),
    one(
      'CSV: skipped judgments that disconnect B4',
      `${head}\n${row('E1').replace(/^E1,1,1,1,1,1,1,/, 'E1,1,1,,1,,,')}\n`,
      2
    ),
    one('CSV: an expert twice', `${head}\n${row('E1')}\n${row('E1')}\n`, 3),
    one(
      'CSV: a negative expert weight',
      `id,weight,${pairs.join(',')}\n${row('E1').replace('E1,', 'E1,-1,')}\n`,
      2
    ),
    one('JSON: malformed', '{"experts": [1,]}', 1),
    // A document's structure (the schema's issues) and AHP-OS projects (the engine's words).
    one('JSON: no format', '{"version": 1}', 1),
    one('JSON: an unknown field', `{${RESPONSES_HEAD}, "nodes": [], "experts": [], "x": 1}`, 1),
    one('JSON: nodes not a list', `{${RESPONSES_HEAD}, "nodes": "B1", "experts": []}`, 1),
    one(
      'JSON: an expert weight below 0',
      `{${RESPONSES_HEAD}, "nodes": [], "experts": [{"id": "E1", "weight": -1, "judgments": {}}]}`,
      1
    ),
    one('AHP-OS: a project without its fields', '{"pj": [{}], "pwc": []}', 1),
    one('AHP-OS: the project not a list', '{"pj": "x", "pwc": []}', 1),
    one('too large', `${head}\n${`${row('E1')}\n`.repeat(10_000)}`)
  ];
}

describe.each(BACKENDS)('refusals in the page language on $name', (backend) => {
  const db = useDb(backend);
  let token: string;
  let surveyId: string;

  beforeAll(async () => {
    const made = await createSurvey(db(), farmCreditTemplate());
    token = made.adminToken;
    surveyId = made.survey.id;
  });

  const count = async (table: string) =>
    (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('models: every class of a given-weights file, worded in zh and en; nothing saved', async () => {
    const cases = givenCases();
    const valid = cases.pop()!;
    const before = await count('weight_sets');
    await check(db(), token, cases);
    expect(await count('weight_sets')).toBe(before);
    // The control: the same action saves a valid file (so the refusals above are the file's).
    const ok = (await valid.action(event(db(), { token }, post(valid.fields)) as never)) as {
      saved?: { id: string };
    };
    expect(ok.saved?.id).toBeTruthy();
  });

  it('models: an edit and a level-points change of a saved set, worded in zh and en', async () => {
    const saved = await saveWeightSet(db(), surveyId, 'Scorecard', await scorecardWeightSet());
    const edit = modelActions.edit as unknown as Action;
    const points = modelActions.points as unknown as Action;
    const editCase = (name: string, node: string, weight: string, parent = saved.id): Case => ({
      name,
      action: edit,
      fields: [
        ['name', '改'],
        ['parent', parent],
        ['node', node],
        ['weight', weight]
      ],
      input: `${node} ${weight} ${parent}`,
      shown: modelShown('edit')
    });
    const pointsCase = (name: string, level: string, value: string, parent = saved.id): Case => ({
      name,
      action: points,
      fields: [
        ['name', '改'],
        ['parent', parent],
        ['level', level],
        ['points', value]
      ],
      input: `${level} ${value} ${parent}`,
      shown: modelShown('points')
    });
    const before = await count('weight_sets');
    await check(db(), token, [
      editCase('an unknown node', 'Q9', '0.5'),
      editCase('the goal', 'goal', '0.5'),
      editCase('a weight out of range', 'x1', '1.5'),
      editCase('another survey’s set', 'x1', '0.5', 'ws_000000000000000000000000'),
      pointsCase('points out of range', 'x1/good', '101'),
      pointsCase('points that are text', 'x1/good', 'abc'),
      pointsCase('an unknown level', 'x1/excellent', '50'),
      pointsCase('another survey’s set', 'x1/good', '50', 'ws_000000000000000000000000')
    ]);
    expect(await count('weight_sets')).toBe(before);
  });

  it('results: every class of a responses import, worded in zh and en; nothing made', async () => {
    const before = await count('surveys');
    await check(db(), token, responsesCases());
    expect(await count('surveys')).toBe(before);
  });

  it('monitor: every class of a loan-book snapshot, worded in zh and en; nothing stored', async () => {
    const ws = await scorecardWeightSet();
    const saved = await saveWeightSet(db(), surveyId, 'Book', ws);
    // The researcher's own words: the set's level ids and labels, which a suggestion quotes.
    const setWords = JSON.stringify(ws.leaves);
    const add = monitorActions.add as unknown as Action;
    const head = 'id,x1,x2,y1,y2,y3,days_past_due,defaulted';
    const one = (name: string, text: string, line?: number): Case => ({
      name,
      action: add,
      fields: [
        ['set', saved.id],
        ['name', '五月'],
        ['as_of', '2026-05-31'],
        ['file', file(text, 'book.csv')]
      ],
      input: `${text} ${setWords}`,
      shown: snapshotShown,
      ...(line !== undefined ? { line } : {})
    });
    const before = await count('snapshots');
    await check(db(), token, [
      one('CSV: a quote never closed', `${head}\n"L1,good,0,clean,0,100,0,0\n`, 2),
      one('CSV: no id column', 'x1,x2,y1,y2,y3\ngood,0,clean,0,100\n', 1),
      one('CSV: a leaf column missing', 'id,x1,x2,y1,y2\nL1,good,0,clean,0\n', 1),
      one('CSV: a column twice', `${head},x1\nL1,good,0,clean,0,100,0,0,good\n`, 1),
      one('CSV: a header only', `${head}\n`, 2),
      one('CSV: an unknown level', `${head}\nL1,gut,0,clean,0,100,0,0\n`, 2),
      one('CSV: a score out of range', `${head}\nL1,good,0,clean,0,150,0,0\n`, 2),
      one('CSV: a score that is text', `${head}\nL1,good,0,clean,0,abc,0,0\n`, 2),
      one('CSV: an empty cell', `${head}\nL1,good,0,clean,0,,0,0\n`, 2),
      one('CSV: a NUL byte in a loan id', `${head}\nL\u00001,good,0,clean,0,100,0,0\n`, 2),
      one(
        'CSV: a loan twice',
        `${head}\nL1,good,0,clean,0,100,0,0\nL1,good,0,clean,0,100,0,0\n`,
        3
      ),
      one('CSV: days that are text', `${head}\nL1,good,0,clean,0,100,abc,0\n`, 2),
      one('CSV: an outcome out of range', `${head}\nL1,good,0,clean,0,100,0,2\n`, 2),
      one('CSV: wrong field count', `${head}\nL1,good\n`, 2),
      one('CSV: a 1 MB line', `${head}\nL1,good,0,clean,0,${'9'.repeat(1_000_000)},0,0\n`, 2)
    ]);
    expect(await count('snapshots')).toBe(before);
  });

  it('hierarchy: every class of a pasted outline, worded in zh and en; nothing saved', async () => {
    const preview = hierarchyActions.outlinePreview as unknown as Action;
    const one = (name: string, outline: string): Case => ({
      name,
      action: preview,
      fields: [['outline', outline]],
      input: outline,
      shown: outlineShown
    });
    const chain = Array.from({ length: 10 }, (_, k) => `N${k}: N${k + 1}`).join('; ');
    await check(db(), token, [
      one('empty', '  ;  '),
      one('no colon', 'G1 B1, B2'),
      one('an empty name', 'G1: B1,, B2'),
      one('a name twice', 'G1: B1, B1'),
      one('an unknown parent', 'G1: B1, B2; Q9: C1, C2'),
      one('children listed twice', 'G1: B1, B2; B1: C1, C2; B1: C3, C4'),
      one('no children', 'G1: B1, B2; B1:'),
      one('a NUL byte', 'G1: B\u00001, B2'),
      one('a name too long', `G1: ${'长'.repeat(201)}, B2`),
      one('too many children', `G1: ${Array.from({ length: 21 }, (_, k) => `B${k}`).join(', ')}`),
      one('too deep', chain),
      one('an outline too long (1 MB)', `G1: B1, B2; ${'x'.repeat(1_000_000)}`)
    ]);
  });
});

describe('the English of a refusal is the CLI’s', () => {
  it('problemWords in English is problemEnglish, for codes of every family', () => {
    overwriteGetLocale(() => 'en');
    const samples: Problem[] = [
      { code: 'text-nul', params: { what: 'node-id', at: 2 } },
      { code: 'csv-after-quote', params: { found: 'x' } },
      { code: 'json-comma', params: { found: '', container: 'object' } },
      { code: 'given-sum-local', params: { ids: 'B1, B2', sum: 1.2, tolerance: 1e-9 } },
      { code: 'cell-level', params: { value: 'gut', near: 'good', level: '' } },
      { code: 'import-scale', params: { column: 'B1_B2', value: '12' } },
      { code: 'edit-goal', params: {} },
      { code: 'snapshot-days', params: { value: 'abc' } }
    ];
    for (const p of samples) expect(problemWords(p)).toBe(problemEnglish(p));
    // Today's wording, as the CLI prints it (tests/cli pins more of them).
    expect(problemEnglish(samples[0]!)).toBe(
      'the node id holds a NUL character (U+0000) at character 2'
    );
    expect(problemEnglish(samples[2]!)).toBe(
      "unexpected end of input: expected ',' or '}' after a property value"
    );
  });
});
