/**
 * A large panel's results page and printable report (issue 12: at most 200 KB of HTML for 1,000
 * experts): past INLINE_LIMIT the page's data carries the group's figures and the browser fetches
 * the panel (`results/panel.json`) and the report's list of experts (`report/experts.json`),
 * addressed by the hash of their content. Through the route handlers, on PGlite and PostgreSQL.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { isHttpError } from '@sveltejs/kit';
import * as v from 'valibot';
import { describe, expect, it, beforeAll } from 'vitest';
import { createSurveyWithPanel, loadPanel, panelInputs } from '../../../src/lib/server';
import { comparisonsOf, farmCreditTemplate, type SurveyDefinition } from '../../../src/lib/survey';
import { weightSetExpertSchema, type WeightSet } from '../../../src/lib/weights';
import { load as resultsServerLoad } from '../../../src/routes/a/[token]/results/+page.server';
import { load as resultsUniversalLoad } from '../../../src/routes/a/[token]/results/+page';
import {
  packPreview,
  readPanelPayload,
  unpackPreview
} from '../../../src/routes/a/[token]/results/panel-data';
import { INLINE_LIMIT, recall, remember } from '../../../src/routes/a/[token]/results/panel.server';
import { GET as panelHandler } from '../../../src/routes/a/[token]/results/panel.json/+server';
import { load as reportLoad } from '../../../src/routes/a/[token]/results/report/+page.server';
import { GET as expertsHandler } from '../../../src/routes/a/[token]/results/report/experts.json/+server';
import { POST as saveHandler } from '../../../src/routes/a/[token]/results/weight-sets/+server';
import { BACKENDS, useDb } from '../../support/backends';

const ORIGIN = 'http://127.0.0.1:4173';
const EXPERTS = 400;

function event(db: unknown, token: string, path: string, init?: RequestInit): RequestEvent {
  const request = new Request(`${ORIGIN}${path}`, init);
  return {
    params: { token },
    request,
    url: new URL(request.url),
    locals: { db },
    route: { id: null },
    getClientAddress: () => '203.0.113.9',
    setHeaders: () => {}
  } as unknown as RequestEvent;
}

/**
 * Every expert gives the same consistent judgments a_ij = w_i / w_j, so the group's local weights
 * are w exactly (the geometric mean of equal matrices is that matrix, whose Perron vector is w)
 * and a leaf's global weight is its criterion's w times its own: computed here by hand. Every
 * ratio w_i / w_j is on Saaty's scale (1/8 ... 8), as the survey takes only those.
 */
const LOCAL: Record<string, number[]> = {
  A1: [8, 4, 2, 1].map((x) => x / 15),
  B1: [3, 1].map((x) => x / 4),
  B2: [4, 4, 2, 2, 1].map((x) => x / 13),
  B3: [4, 2, 1].map((x) => x / 7),
  B4: [8, 4, 2, 2, 1].map((x) => x / 17)
};
// Rounded to the scale's own values (8 / 15 / (4 / 15) is 2.0000000000000004 in doubles).
const upper = (w: number[]) =>
  w.flatMap((a, i) =>
    w.slice(i + 1).map((b) => (a >= b ? Math.round(a / b) : 1 / Math.round(b / a)))
  );

function longPanel(definition: SurveyDefinition) {
  const judgments = Object.fromEntries(
    comparisonsOf(definition).map((c) => [c.node.id, upper(LOCAL[c.node.id]!)])
  );
  return Array.from({ length: EXPERTS }, (_, k) => ({
    id: `X${k + 1}`,
    name:
      k % 2 === 0
        ? `Expert ${k + 1} of the Fujian rural credit cooperatives' risk panel`
        : `第${k + 1}位专家（福建省农村信用社联合社风险管理部信贷审批委员会）`,
    role: k % 3 === 0 ? 'academic' : 'practitioner',
    weight: 1,
    judgments
  }));
}

describe.each(BACKENDS)('a panel of 400 experts with long names, on $name', (backend) => {
  const db = useDb(backend);
  const definition = farmCreditTemplate({ scales: false });
  let token = '';
  beforeAll(async () => {
    const made = await createSurveyWithPanel(
      db(),
      definition,
      panelInputs(definition, longPanel(definition)),
      { imported: false, status: 'closed' }
    );
    token = made.adminToken;
  }, 120_000);

  it('the page carries the group figures, not the panel; they are the hand-computed weights', async () => {
    const data = (await resultsUniversalLoad({
      data: await resultsServerLoad(event(db(), token, '/a/t/results') as never)
    } as never)) as {
      panel: unknown;
      submitted: number;
      panelHref: string;
      preview: {
        leaves: Array<{ id: string; globalWeight: number }>;
        nodes: Array<{ id: string; included: string[] }>;
      };
    };
    expect(data.panel).toBeNull();
    expect(data.submitted).toBe(EXPERTS);
    expect(data.panelHref).toMatch(/^\/a\/[^/]+\/results\/panel\.json\?v=[\w-]{22}$/);
    const global = new Map(data.preview.leaves.map((l) => [l.id, l.globalWeight]));
    const criteria = LOCAL.A1!;
    const leaves = ['B1', 'B2', 'B3', 'B4'].flatMap((b, i) =>
      LOCAL[b]!.map((w, k) => [`C${[0, 2, 7, 10][i]! + k + 1}`, criteria[i]! * w] as const)
    );
    expect(leaves).toHaveLength(15);
    for (const [id, w] of leaves) expect(global.get(id)).toBeCloseTo(w, 12);
    // Each node's included experts come as a count and are unpacked to that many.
    expect(data.preview.nodes.every((n) => n.included.length === EXPERTS)).toBe(true);
  });

  it('panel.json: the panel as loaded, with an ETag, cacheable under its hash, 304 when unchanged', async () => {
    const server = (await resultsServerLoad(event(db(), token, '/a/t/results') as never)) as {
      panelHref: string;
      surveyId: string;
    };
    const hash = new URL(server.panelHref, ORIGIN).searchParams.get('v')!;
    const answer = await panelHandler(event(db(), token, `/r/panel.json?v=${hash}`) as never);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('etag')).toBe(`"${hash}"`);
    expect(answer.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const text = await answer.text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(INLINE_LIMIT);
    const read = readPanelPayload(JSON.parse(text));
    if ('problem' in read) throw new Error(read.problem);
    const stored = await loadPanel(db(), server.surveyId);
    expect(read.rows.map((r) => [r.id, r.name, r.role, r.weight, r.submitted])).toEqual(
      stored.map((r) => [r.id, r.name, r.role, r.weight, r.submitted])
    );
    read.rows.forEach((r, k) => expect(r.judgments).toEqual(stored[k]!.judgments));

    // Another ?v= (an old page): the same body, to be revalidated.
    const old = await panelHandler(event(db(), token, '/r/panel.json?v=old') as never);
    expect(old.headers.get('cache-control')).toBe('private, no-cache');
    expect(await old.text()).toBe(text);
    for (const tag of [`"${hash}"`, `W/"${hash}"`, `"x", "${hash}"`]) {
      const again = await panelHandler(
        event(db(), token, '/r/panel.json', { headers: { 'if-none-match': tag } }) as never
      );
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('panel.json refuses a bad round with 400 and a wrong token with 404', async () => {
    for (const round of ['0', '2', 'abc', '1e3', '%00']) {
      const e = await Promise.resolve(
        panelHandler(event(db(), token, `/r/panel.json?round=${round}`) as never)
      ).catch((x: unknown) => x);
      expect(isHttpError(e) && e.status).toBe(400);
    }
    const e = await Promise.resolve(
      panelHandler(event(db(), 'x'.repeat(32), '/r/panel.json') as never)
    ).catch((x: unknown) => x);
    expect(isHttpError(e) && e.status).toBe(404);
  });

  it('experts.json refuses what the report refuses: 400 for a damaged or invalid ?q=, 404 for an unknown set', async () => {
    const cases: Array<[string, number]> = [
      ['?q=%7B', 400],
      [`?q=${encodeURIComponent('{"name":"x","settings":{"threshold":"NaN"}}')}`, 400],
      [`?q=${encodeURIComponent('[1,2]')}`, 400],
      [`?q=${encodeURIComponent('{"name":"\u0000"}')}`, 400],
      ['?set=00000000-0000-0000-0000-000000000000', 404],
      ['?set=%00', 404]
    ];
    for (const [query, status] of cases) {
      const e = await Promise.resolve(
        expertsHandler(event(db(), token, `/r/experts.json${query}`) as never)
      ).catch((x: unknown) => x);
      expect(isHttpError(e) && e.status, query).toBe(status);
    }
  });

  it("the report's list of experts is fetched: every name and weight, only the nodes left out", async () => {
    const saved = await saveHandler(
      event(db(), token, '/r/weight-sets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'All 400', namesInExport: true })
      }) as never
    );
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: string };
    const report = (await reportLoad(event(db(), token, `/r?set=${id}`) as never)) as {
      document: WeightSet;
      experts: unknown;
      panel: { total: number; included: number; href: string };
    };
    expect(report.experts).toBeNull();
    expect(report.document.experts).toEqual([]);
    expect(report.panel.total).toBe(EXPERTS);
    expect(report.panel.included).toBe(EXPERTS);
    const href = new URL(report.panel.href, ORIGIN);
    expect(href.searchParams.get('set')).toBe(id);
    const answer = await expertsHandler(
      event(db(), token, `${href.pathname}${href.search}`) as never
    );
    expect(answer.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const list = v.parse(v.array(weightSetExpertSchema), await answer.json());
    const panel = longPanel(definition);
    expect(list.map((e) => [e.alias, e.name, e.weight])).toEqual(
      panel.map((e, k) => [`E${k + 1}`, e.name, 1])
    );
    // Consistent answers: nobody is left out of a node, so no node travels.
    expect(list.every((e) => e.included && e.nodes.length === 0)).toBe(true);

    // The preview (?q=) gets its list the same way, without names unless asked.
    const q = encodeURIComponent(JSON.stringify({ name: 'Preview' }));
    const preview = (await reportLoad(event(db(), token, `/r?q=${q}`) as never)) as {
      panel: { href: string };
    };
    const p = new URL(preview.panel.href, ORIGIN);
    const previewList = (await (
      await expertsHandler(event(db(), token, `${p.pathname}${p.search}`) as never)
    ).json()) as Array<{ name: string | null }>;
    expect(previewList).toHaveLength(EXPERTS);
    expect(previewList.every((e) => e.name === null)).toBe(true);
  });
});

describe("the page's check of a fetched panel", () => {
  const good = {
    panel: {
      groups: ['A1'],
      ids: ['a', 'b'],
      names: ['Ann', '李'],
      roles: ['', 'x'],
      weights: [1, 0.5],
      imported: '00',
      submitted: '10',
      judgments: ['aiq(2.5)-', '~']
    },
    rounds: null
  };

  it('takes a well-formed answer, value for value', () => {
    const read = readPanelPayload(structuredClone(good));
    if ('problem' in read) throw new Error(read.problem);
    expect(read.rows[0]!.judgments).toEqual({ A1: [9, 1, 1 / 9, 2.5, null] });
    expect(read.rows[1]!.judgments).toEqual({});
  });

  it.each([
    ['an HTML page from a proxy', '<html>502</html>', /the answer/],
    ['nothing', null, /the answer/],
    ['an array', [good.panel], /panel/],
    ['a column short', { ...good, panel: { ...good.panel, names: ['Ann'] } }, /every column/],
    ['a flag not 0 or 1', { ...good, panel: { ...good.panel, submitted: '1x' } }, /submitted/],
    ['a weight NaN', { ...good, panel: { ...good.panel, weights: [1, Number.NaN] } }, /weights\.1/],
    ['a weight negative', { ...good, panel: { ...good.panel, weights: [1, -1] } }, /weights\.1/],
    [
      'an unclosed number',
      { ...good, panel: { ...good.panel, judgments: ['a(2.5', '~'] } },
      /judgments\.0/
    ],
    [
      'a foreign letter',
      { ...good, panel: { ...good.panel, judgments: ['az', '~'] } },
      /judgments\.0/
    ],
    ['rounds of the wrong shape', { ...good, rounds: { rounds: 'x' } }, /rounds/]
  ])('names what is wrong: %s', (_, body, where) => {
    const read = readPanelPayload(body);
    expect('problem' in read && read.problem).toMatch(where);
  });
});

describe('the lists a page just sent', () => {
  it('are found by survey and hash only, the newest 16', () => {
    remember('s1', 'h', '[1]');
    expect(recall('s1', 'h')).toBe('[1]');
    expect(recall('s2', 'h')).toBeNull();
    expect(recall('s1', null)).toBeNull();
    for (let k = 0; k < 16; k++) remember('s1', `k${k}`, '[]');
    expect(recall('s1', 'h')).toBeNull();
    expect(recall('s1', 'k0')).toBe('[]');
  });
});

describe("the preview's packing", () => {
  it('keeps every figure and each node the count of its experts', () => {
    const analysis = {
      options: {},
      nodes: [{ id: 'A1', included: ['a', 'b', 'c'], localWeights: [0.5, 0.5] }],
      leaves: [{ id: 'C1', globalWeight: 0.5 }],
      composite: { cr: null },
      consensus: null,
      experts: [{ id: 'a', weight: 1, nodes: {} }]
    } as never;
    const packed = packPreview(analysis);
    expect(JSON.stringify(packed)).not.toContain('"b"');
    const back = unpackPreview(packed);
    expect(back.experts).toEqual([]);
    expect(back.nodes[0]!.included).toHaveLength(3);
    expect(back.leaves).toEqual([{ id: 'C1', globalWeight: 0.5 }]);
  });
});
