/**
 * The results pages' server side against a real (PGlite) database, through the route handlers:
 * saving a weight set computes it on the server from the stored answers (the same as the
 * library's own steps on the same data), the read-only production URL, the downloads, imports
 * refused whole with a line and column, and the home page's demo.
 */
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseHierarchy, bootstrapHierarchy } from '../../../src/lib/ahp';
import { createDemoSurvey, loadPanel, type Db, type PanelMemberRow } from '../../../src/lib/server';
import { getSurvey } from '../../../src/lib/server/surveys';
import { comparisonsOf } from '../../../src/lib/survey';
import {
  LEFT_OUT,
  SAVED_BOOTSTRAP,
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  importResponsesCsv,
  responsesCsv,
  verifyWeightSet,
  weightSetJson,
  type WeightSet
} from '../../../src/lib/weights';
import { actions as homeActions } from '../../../src/routes/+page.server';
import {
  actions as resultsActions,
  load as resultsServerLoad
} from '../../../src/routes/a/[token]/results/+page.server';
import { load as resultsUniversalLoad } from '../../../src/routes/a/[token]/results/+page';
import { POST as saveHandler } from '../../../src/routes/a/[token]/results/weight-sets/+server';
import { GET as downloadHandler } from '../../../src/routes/a/[token]/results/weight-sets/[id]/+server';
import { GET as csvHandler } from '../../../src/routes/a/[token]/results/weight-sets/[id]/weights.csv/+server';
import { GET as responsesCsvHandler } from '../../../src/routes/a/[token]/results/responses.csv/+server';
import { GET as responsesJsonHandler } from '../../../src/routes/a/[token]/results/responses.json/+server';
import { load as reportLoad } from '../../../src/routes/a/[token]/results/report/+page.server';
import { GET as productionHandler } from '../../../src/routes/api/weight-sets/[id]/+server';
import { readImport } from '../../../src/routes/a/[token]/results/results.server';
import { pgliteBackend, useDb } from '../../support/backends';

const ORIGIN = 'http://127.0.0.1:4173';
const db = useDb(pgliteBackend);

type Handler = (event: RequestEvent) => Response | Promise<Response>;

function event(
  database: Db,
  params: Record<string, string>,
  request: Request = new Request(`${ORIGIN}/`)
): RequestEvent {
  return {
    params,
    request,
    url: new URL(request.url),
    locals: { db: database },
    route: { id: null },
    getClientAddress: () => '203.0.113.9',
    setHeaders: () => {}
  } as unknown as RequestEvent;
}

/** What a thrown redirect or error carries, or the returned value. */
async function outcome(run: () => unknown): Promise<Record<string, unknown>> {
  try {
    return { returned: await run() };
  } catch (e) {
    if (isRedirect(e)) return { redirect: e.location, status: e.status };
    if (isHttpError(e)) return { error: e.status, message: e.body.message };
    throw e;
  }
}

async function save(token: string, body: unknown) {
  const request = new Request(`${ORIGIN}/a/${token}/results/weight-sets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });
  const response = await (saveHandler as Handler)(event(db(), { token }, request));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function surveyCount(): Promise<number> {
  const [row] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM surveys');
  return row!.n;
}

let demo: { token: string; surveyId: string; panel: PanelMemberRow[] };
beforeAll(async () => {
  const made = await createDemoSurvey(db());
  demo = {
    token: made.adminToken,
    surveyId: made.survey.id,
    panel: await loadPanel(db(), made.survey.id)
  };
}, 60_000);

const byName = (name: string) => demo.panel.find((e) => e.name === name)!;

/** The page's data as the browser gets it: the server's load, then the page's own (+page.ts). */
async function resultsLoad(ev: never): Promise<unknown> {
  return resultsUniversalLoad({ data: await resultsServerLoad(ev) } as never);
}

describe('saving a weight set', () => {
  it('is computed on the server from the stored answers: the same as the library on the same data', async () => {
    const e4 = byName('Academic 4');
    const e10 = byName('Loan officer 4');
    const grades = [
      { grade: 'AAA', minScore: 90 },
      { grade: 'AA', minScore: 80 },
      { grade: 'A', minScore: 70 },
      { grade: 'BBB', minScore: 62 },
      { grade: 'BB', minScore: 50 },
      { grade: 'B', minScore: 40 },
      { grade: 'CCC', minScore: 30 },
      { grade: 'CC', minScore: 20 },
      { grade: 'C', minScore: 10 },
      { grade: 'D', minScore: 0 }
    ];
    const academics = demo.panel.filter((e) => e.role === 'academic').map((e) => e.id);
    const weights = Object.fromEntries(academics.map((id) => [id, 2]));
    const { status, body } = await save(demo.token, {
      name: 'Consistent experts, academics x2',
      settings: { aggregation: 'aij', method: 'geometric-mean' },
      excluded: [e4.id, e10.id],
      expertWeights: weights,
      grades
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/),
      readToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      url: `/api/weight-sets/${body.id as string}?token=${body.readToken as string}`
    });

    // The stored document, as the researcher downloads it.
    const download = await (downloadHandler as Handler)(
      event(db(), { token: demo.token, id: body.id as string })
    );
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="consistent-experts-academics-x2-[A-Za-z0-9_-]{12}\.json"$/
    );
    const text = await download.text();
    const stored = JSON.parse(text) as WeightSet;
    expect(body.hash).toBe(stored.hash.value);

    // The same steps by hand: the demo's answers (as generated, not as stored), the library.
    const generated = generateDemoPanel();
    const survey = await getSurvey(db(), demo.surveyId);
    const idOf = new Map(demo.panel.map((e) => [e.name, e.id]));
    const analysed = generated.experts
      .filter((e) => e.name !== 'Academic 4' && e.name !== 'Loan officer 4')
      .map((e) => ({
        id: idOf.get(e.name)!,
        weight: e.role === 'academic' ? 2 : 1,
        judgments: e.judgments
      }));
    const { prepared, analysis } = analyseResponses(survey!.definition, analysed, {
      aggregation: 'aij',
      method: 'geometric-mean'
    });
    const expected = await buildWeightSet(survey!.definition, analysis, {
      surveyId: demo.surveyId,
      name: 'Consistent experts, academics x2',
      createdAt: stored.createdAt,
      bootstrap: bootstrapHierarchy(prepared, SAVED_BOOTSTRAP, analysis),
      panel: demo.panel.map((e) => ({
        id: e.id,
        name: e.name,
        role: e.role,
        weight: e.role === 'academic' ? 2 : 1,
        ...(e.id === e4.id || e.id === e10.id
          ? {
              excluded: stored.experts.find((x) => x.alias === `E${demo.panel.indexOf(e) + 1}`)!
                .reason!
            }
          : {})
      })),
      grades
    });
    expect(stored).toEqual(expected);
    expect(weightSetJson(stored)).toBe(text);

    // What was recorded: the method, 1,000 seeded resamples, the edited cut-off, the exclusions.
    expect(stored.method).toMatchObject({
      priorityMethod: 'geometric-mean',
      aggregation: 'aij',
      bootstrap: { resamples: 1000, seed: SAVED_BOOTSTRAP.seed, level: 0.95 }
    });
    expect(stored.grading.bands[3]).toEqual({ grade: 'BBB', minScore: 62 });
    const left = stored.experts.filter((e) => !e.included);
    expect(left.map((e) => e.alias)).toEqual(['E4', 'E10']);
    for (const e of left) {
      expect(e.reason).toMatch(/^inconsistent: CR \d\.\d{3} at A1, .* \(threshold 0\.1\)$/);
      expect(e.name).toBeNull(); // names only when the researcher publishes them
    }
    expect(stored.experts.filter((e) => e.included)).toHaveLength(10);
    expect(stored.experts[0]!.weight).toBe(2);
    expect(await verifyWeightSet(stored)).toMatchObject({ ok: true });
  });

  it('records a researcher’s own reason for a consistent expert, and names when asked', async () => {
    const e1 = byName('Academic 1');
    const { status, body } = await save(demo.token, {
      name: 'Without E1',
      excluded: [e1.id],
      namesInExport: true
    });
    expect(status).toBe(201);
    const response = await (downloadHandler as Handler)(
      event(db(), { token: demo.token, id: body.id as string })
    );
    const ws = (await response.json()) as WeightSet;
    expect(ws.experts[0]).toMatchObject({
      alias: 'E1',
      name: 'Academic 1',
      included: false,
      reason: LEFT_OUT
    });
    expect(ws.experts[1]).toMatchObject({ alias: 'E2', name: 'Academic 2', included: true });
  });

  it('takes no numbers from the browser: a body with weights is refused, nothing stored', async () => {
    const before = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM weight_sets');
    const attempts: Array<[unknown, RegExp]> = [
      [{ name: 'x', leaves: [{ id: 'C1', globalWeight: 1 }] }, /\$\.leaves: unknown field/],
      [
        { name: 'x', excluded: ['nobody'] },
        /\$\.excluded\[0\]: expert "nobody" is not in this survey's panel/
      ],
      [{ name: '' }, /give the weight set a name/],
      [{ name: 'x', settings: { method: 'power' } }, /\$\.settings\.method/],
      [
        { name: 'x', expertWeights: { [byName('Academic 1').id]: -1 } },
        /expert weight is a number >= 0/
      ],
      [
        {
          name: 'x',
          grades: [
            { grade: 'A', minScore: 50 },
            { grade: 'B', minScore: 60 },
            { grade: 'C', minScore: 0 }
          ]
        },
        /minimum scores must fall strictly/
      ],
      [{ name: 'x', excluded: demo.panel.map((e) => e.id) }, /no expert is left in the analysis/],
      ['{"name": "x",}', /malformed JSON: line 1, column 14/]
    ];
    for (const [body, message] of attempts) {
      const answer = await save(demo.token, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message).toMatch(message);
    }
    const after = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM weight_sets');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('a wrong admin token is a 404', async () => {
    const answer = await outcome(() => save('A'.repeat(32), { name: 'x' }));
    expect(answer).toMatchObject({ error: 404 });
  });
});

describe('the read-only URL for production', () => {
  let saved: { id: string; readToken: string; text: string };
  beforeAll(async () => {
    const { body } = await save(demo.token, { name: 'For production' });
    const download = await (downloadHandler as Handler)(
      event(db(), { token: demo.token, id: body.id as string })
    );
    saved = {
      id: body.id as string,
      readToken: body.readToken as string,
      text: await download.text()
    };
  });

  const fetchSet = (id: string, query: string, headers: Record<string, string> = {}) =>
    (productionHandler as Handler)(
      event(db(), { id }, new Request(`${ORIGIN}/api/weight-sets/${id}${query}`, { headers }))
    );

  it('answers the document exactly as saved, by query token or Bearer header', async () => {
    const byQuery = await fetchSet(saved.id, `?token=${saved.readToken}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(byQuery.headers.get('cache-control')).toBe('no-store');
    expect(await byQuery.text()).toBe(saved.text);
    const byHeader = await fetchSet(saved.id, '', { authorization: `Bearer ${saved.readToken}` });
    expect(await byHeader.text()).toBe(saved.text);
    expect(await verifyWeightSet(JSON.parse(saved.text))).toMatchObject({ ok: true });
  });

  it('a wrong token and a wrong id get the same 404', async () => {
    const answers = await Promise.all([
      fetchSet(saved.id, `?token=${'A'.repeat(32)}`),
      fetchSet(saved.id, ''),
      fetchSet(saved.id, '', { authorization: 'Bearer nonsense' }),
      fetchSet('AAAAAAAAAAAA', `?token=${saved.readToken}`),
      fetchSet(`${saved.id}x`, `?token=${saved.readToken}`)
    ]);
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(await a.text()).toBe('{"message":"Not found"}');
      expect(a.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('the CSV of the global weights and the report of a saved set', async () => {
    const csv = await (csvHandler as Handler)(event(db(), { token: demo.token, id: saved.id }));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/-weights\.csv"$/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,label_en,label_zh,parent,local,global,lower,upper');
    expect(lines).toHaveLength(1 + 20);
    const report = (await reportLoad(
      event(db(), { token: demo.token }, new Request(`${ORIGIN}/r?set=${saved.id}`)) as never
    )) as { document: WeightSet; experts: WeightSet['experts']; saved: boolean };
    expect(report.saved).toBe(true);
    // A small panel's experts travel beside the document (a large one's are fetched).
    expect(report.document.experts).toEqual([]);
    expect(weightSetJson({ ...report.document, experts: report.experts })).toBe(saved.text);
  });
});

describe('exports and imports of responses', () => {
  it('exports the answers by alias as CSV and JSON; the CSV imports back to the same weights', async () => {
    const csv = await (responsesCsvHandler as Handler)(event(db(), { token: demo.token }));
    expect(csv.headers.get('content-disposition')).toMatch(/responses\.csv"$/);
    const text = await csv.text();
    expect(text.split(/\r?\n/)[0]).toMatch(/^id,role,weight,B1_B2,B1_B3,B1_B4,B2_B3/);
    expect(text).not.toContain('Academic 1');
    const json = await (responsesJsonHandler as Handler)(event(db(), { token: demo.token }));
    const file = (await json.json()) as { format: string; experts: Array<{ id: string }> };
    expect(file.format).toBe('pairwise.responses');
    expect(file.experts.map((e) => e.id)).toEqual(demo.panel.map((_, k) => `E${k + 1}`));

    const { definition, experts } = generateDemoPanel();
    expect(text).toBe(
      responsesCsv(
        definition,
        experts.map((e, k) => ({
          id: `E${k + 1}`,
          role: e.role,
          weight: 1,
          judgments: e.judgments
        }))
      )
    );
    const back = importResponsesCsv(definition, text);
    const a = analyseResponses(definition, experts).analysis;
    const b = analyseResponses(definition, back).analysis;
    expect(b.leaves.map((l) => l.globalWeight)).toEqual(a.leaves.map((l) => l.globalWeight));
  });

  async function importFile(name: string, text: string) {
    const form = new FormData();
    form.append('file', new File([text], name));
    const request = new Request(`${ORIGIN}/a/${demo.token}/results?/import`, {
      method: 'POST',
      body: form
    });
    return outcome(() =>
      (resultsActions.import as (e: RequestEvent) => unknown)(
        event(db(), { token: demo.token }, request)
      )
    );
  }

  it('a valid CSV becomes a new closed survey of imported experts, with a new admin link', async () => {
    const csv = await (responsesCsvHandler as Handler)(event(db(), { token: demo.token }));
    const before = await surveyCount();
    const answer = await importFile('responses.csv', await csv.text());
    expect(answer).toMatchObject({
      status: 303,
      redirect: expect.stringMatching(/^\/a\/[A-Za-z0-9_-]{32}\/results\?created=1$/)
    });
    expect(await surveyCount()).toBe(before + 1);
    const token = /\/a\/([^/]+)\//.exec(answer.redirect as string)![1]!;
    const page = (await resultsLoad(
      event(db(), { token }, new Request(`${ORIGIN}/a/${token}/results?created=1`)) as never
    )) as {
      created: boolean;
      panel: Array<{ name: string; imported: boolean; submitted: boolean }>;
      definition: { title: { en: string } };
    };
    expect(page.created).toBe(true);
    expect(page.definition.title.en).toBe('Farm-household micro-credit risk (demo) (imported)');
    expect(page.panel).toHaveLength(12);
    expect(page.panel.every((e) => e.imported && e.submitted)).toBe(true);
    expect(page.panel.map((e) => e.name)).toEqual(demo.panel.map((_, k) => `E${k + 1}`));
  });

  it('an AHP-OS project becomes a survey of its own hierarchy', async () => {
    const project = {
      pj: [
        {
          project_sc: 'ABC123',
          project_name: 'Car choice',
          project_hText: 'Car: Price, Comfort, Safety;',
          project_author: 'someone'
        }
      ],
      pwc: [
        {
          project_sc: 'ABC123',
          pwc_part: 'Ann',
          pwc_node: 'Car',
          pwc_ab: '001',
          pwc_intense: '352'
        },
        {
          project_sc: 'ABC123',
          pwc_part: 'Bob',
          pwc_node: 'Car',
          pwc_ab: '010',
          pwc_intense: '231'
        }
      ]
    };
    const answer = await importFile('ABC123-AHP-project.JSON', JSON.stringify(project, null, 2));
    expect(answer).toMatchObject({ status: 303 });
    const token = /\/a\/([^/]+)\//.exec(answer.redirect as string)![1]!;
    const page = (await resultsLoad(
      event(db(), { token }, new Request(`${ORIGIN}/a/${token}/results`)) as never
    )) as {
      definition: { title: { en: string }; hierarchy: { children: Array<{ id: string }> } };
      panel: Array<{ name: string }>;
    };
    expect(page.definition.title.en).toBe('Car choice');
    expect(page.definition.hierarchy.children.map((c) => c.id)).toEqual([
      'Price',
      'Comfort',
      'Safety'
    ]);
    expect(page.panel.map((e) => e.name)).toEqual(['Ann', 'Bob']);
  });

  it('a malformed file is refused whole, naming the line and column; nothing is stored', async () => {
    const csv = await (responsesCsvHandler as Handler)(event(db(), { token: demo.token }));
    const good = (await csv.text()).split('\n');
    // Line 4 (the third expert): a value off the scale in the fifth column.
    const fields = good[3]!.split(',');
    fields[4] = '12';
    const offScale = [...good.slice(0, 3), fields.join(','), ...good.slice(4)].join('\n');
    const cases: Array<[string, string, { line: number; column: number; message: RegExp }]> = [
      [
        'bad.csv',
        offScale,
        {
          line: 4,
          column: fields.slice(0, 4).join(',').length + 2,
          message: /B1_B3: '12' is not on Saaty's scale/
        }
      ],
      [
        'header.csv',
        'id,B1_B2\nE1,3\n',
        { line: 1, column: 9, message: /the header lacks column 'B1_B3'/ }
      ],
      ['quote.csv', `${good[0]}\nE1,"academic,1\n`, { line: 2, column: 4, message: /quote/ }],
      [
        'bad.json',
        '{\n  "format": "pairwise.responses",\n  "version": 1,\n}',
        { line: 4, column: 1, message: /property name/ }
      ],
      [
        'path.json',
        JSON.stringify(
          {
            format: 'pairwise.responses',
            version: 1,
            nodes: comparisonsOf(generateDemoPanel().definition).map((c) => ({
              id: c.node.id,
              children: c.children.map((x) => x.id)
            })),
            experts: [{ id: 'E1', judgments: { B1: [3, 5] } }]
          },
          null,
          2
        ),
        { line: 54, column: 15, message: /2 judgments, node "B1" has 1 pairs/ }
      ],
      [
        'ahp-os.json',
        '{"pj": [{"project_name": "x", "project_hText": "Goal: A, B;"}],\n "pwc": [{"pwc_part": "Ann", "pwc_node": "Goal", "pwc_ab": "2", "pwc_intense": "3"}]}',
        { line: 2, column: 60, message: /expected 0 \(A preferred\) or 1/ }
      ],
      ['empty.csv', '', { line: 0, column: 0, message: /choose a file/ }]
    ];
    const before = await surveyCount();
    for (const [name, text, want] of cases) {
      const answer = await importFile(name, text);
      const data = answer.returned as {
        status: number;
        data: { importError: { message: string; line: number | null; column: number | null } };
      };
      expect(data.status, name).toBe(400);
      const failure = data.data.importError;
      expect(failure.message, name).toMatch(want.message);
      if (want.line > 0)
        expect({ name, line: failure.line, column: failure.column }).toEqual({
          name,
          line: want.line,
          column: want.column
        });
    }
    expect(await surveyCount()).toBe(before);
  });

  it('readImport picks the format by content', () => {
    const { definition } = generateDemoPanel();
    expect(() => readImport('{"format": "something else"}', definition)).toThrow(/\$\.format/);
    expect(() => readImport('[1, 2]', definition)).toThrow(/line 1, column 1/);
  });
});

describe('the demo on the home page', () => {
  it('one click: a survey answered by the synthetic panel, straight to its results with the admin link', async () => {
    const before = await surveyCount();
    const answer = await outcome(() =>
      (homeActions.demo as (e: RequestEvent) => unknown)(
        event(db(), {}, new Request(`${ORIGIN}/?/demo`, { method: 'POST', body: new FormData() }))
      )
    );
    expect(answer).toMatchObject({
      status: 303,
      redirect: expect.stringMatching(/^\/a\/[A-Za-z0-9_-]{32}\/results\?created=1$/)
    });
    expect(await surveyCount()).toBe(before + 1);
    const token = /\/a\/([^/]+)\//.exec(answer.redirect as string)![1]!;
    const page = (await resultsLoad(
      event(db(), { token }, new Request(`${ORIGIN}/a/${token}/results`)) as never
    )) as { panel: Array<{ submitted: boolean; role: string }> };
    expect(page.panel).toHaveLength(12);
    expect(page.panel.filter((e) => e.role === 'academic')).toHaveLength(6);
    expect(page.panel.every((e) => e.submitted)).toBe(true);
    // A sanity check of what the page will show: the stored answers analyse as generated.
    const generated = generateDemoPanel();
    expect(
      analyseHierarchy(analyseResponses(generated.definition, generated.experts).prepared).leaves
    ).toHaveLength(15);
  });
});
