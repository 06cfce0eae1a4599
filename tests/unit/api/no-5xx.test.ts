/**
 * Issue 9, section 2: no request a client can send gets a 5xx. A property-based test (fast-check,
 * seeded and bounded) over every entry point of src/routes (each +server.ts handler and each
 * form action), the importers as library calls and the command line, on both storage backends:
 * arbitrary text (NUL, lone surrogates, controls, formulas, huge), numbers (NaN, -0, huge),
 * nesting, reserved keys, files in text fields and wrong content types, in every field of an
 * otherwise valid request. Each answer must be below 500, and a refused request (4xx) must leave
 * the database as it was.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../src/cli/main';
import {
  createSurvey,
  createSurveyWithPanel,
  panelInputs,
  setOpenLink,
  type Db
} from '../../../src/lib/server';
import { farmCreditTemplate, parseOrThrow, type SurveyDefinition } from '../../../src/lib/survey';
import {
  computeWeightSet,
  responsesCsv,
  responsesJson,
  weightSetJson,
  weightSetRequestSchema,
  type ExpertResponse
} from '../../../src/lib/weights';
import { actions as homeActions } from '../../../src/routes/+page.server';
import { actions as overviewActions } from '../../../src/routes/a/[token]/+page.server';
import { actions as expertActions } from '../../../src/routes/a/[token]/experts/+page.server';
import { actions as hierarchyActions } from '../../../src/routes/a/[token]/hierarchy/+page.server';
import { field, toEditTree, walk } from '../../../src/routes/a/[token]/hierarchy/tree';
import { actions as resultsActions } from '../../../src/routes/a/[token]/results/+page.server';
import { GET as responsesCsvGet } from '../../../src/routes/a/[token]/results/responses.csv/+server';
import { GET as responsesJsonGet } from '../../../src/routes/a/[token]/results/responses.json/+server';
import {
  ImportError,
  importStudy,
  saveComputedWeightSet
} from '../../../src/routes/a/[token]/results/results.server';
import { POST as saveWeightSetPost } from '../../../src/routes/a/[token]/results/weight-sets/+server';
import { GET as weightSetGet } from '../../../src/routes/a/[token]/results/weight-sets/[id]/+server';
import { GET as weightsCsvGet } from '../../../src/routes/a/[token]/results/weight-sets/[id]/weights.csv/+server';
import { GET as validationGet } from '../../../src/routes/a/[token]/validation/weight-sets/[id]/+server';
import { GET as expertGet } from '../../../src/routes/api/e/[token]/+server';
import { GET as resultsGet } from '../../../src/routes/api/e/[token]/results/+server';
import { POST as submitPost } from '../../../src/routes/api/e/[token]/submissions/+server';
import { GET as readTokenGet } from '../../../src/routes/api/weight-sets/[id]/+server';
import { POST as scorePost } from '../../../src/routes/api/weight-sets/[id]/score/+server';
import { actions as modelsActions } from '../../../src/routes/a/[token]/models/+page.server';
import { actions as validationActions } from '../../../src/routes/a/[token]/validation/+page.server';
import { actions as joinActions } from '../../../src/routes/join/[openToken]/+page.server';
import { POST as languagePost } from '../../../src/routes/language/+server';
import { BACKENDS, useDb } from '../../support/backends';
import { submission, surveyWithExperts } from '../server/fixtures';
import {
  event,
  formBody,
  formRequest,
  jsonContentType,
  nastyForm,
  nastyJsonText,
  nastyText,
  snapshot,
  statusOf
} from './hostile';

const SEED = 20_261_205;
/** Runs per entry point and backend: enough to meet every class above, bounded for CI. */
const RUNS = 20;
const ORIGIN = 'http://127.0.0.1:4173';

type Handler = (event: never) => unknown;
const call = (handler: Handler | undefined, e: unknown) => () => handler!(e as never);

/** A small survey (a goal over three criteria) answered by three experts: quick to weigh. */
function smallStudy(): { definition: SurveyDefinition; experts: ExpertResponse[] } {
  const definition: SurveyDefinition = {
    ...farmCreditTemplate({ scales: false }),
    title: { en: 'Small', zh: '小' },
    hierarchy: {
      id: 'G',
      label: { en: 'Goal', zh: '目标' },
      children: ['X', 'Y', 'Z'].map((id) => ({ id, label: { en: id, zh: id } }))
    }
  };
  const experts = [
    [3, 5, 2],
    [2, 4, 3],
    [1 / 3, 2, 5]
  ].map((upper, k) => ({ id: `E${k + 1}`, role: 'academic', judgments: { G: upper } }));
  return { definition, experts };
}

/** An AHP-OS export of the small study (the format of src/lib/weights/ahp-os.ts). */
const AHP_OS = {
  pj: [{ project_sc: 'ABC', project_name: 'Study', project_hText: 'Goal: X, Y, Z;' }],
  pwc: [
    {
      project_sc: 'ABC',
      pwc_part: 'Li',
      pwc_node: 'Goal',
      pwc_ab: '001',
      pwc_intense: '352'
    }
  ]
};

/** A CSV text in place of `valid`: one cell replaced by anything, raw (quotes and all). */
function nastyCsv(valid: string): fc.Arbitrary<string> {
  const rows = valid.trimEnd().split('\r\n');
  return fc
    .tuple(fc.nat({ max: rows.length - 1 }), fc.nat({ max: 8 }), nastyText)
    .map(([r, c, by]) =>
      rows
        .map((row, k) => {
          if (k !== r) return row;
          const cells = row.split(',');
          cells[c % cells.length] = by;
          return cells.join(',');
        })
        .join('\r\n')
    );
}

/** A file to import: the small study's responses (CSV or JSON) or an AHP-OS project, damaged. */
function nastyImport(small: ReturnType<typeof smallStudy>): fc.Arbitrary<string> {
  return fc.oneof(
    nastyCsv(responsesCsv(small.definition, small.experts)),
    nastyJsonText(JSON.parse(responsesJson(small.definition, small.experts))),
    nastyJsonText(AHP_OS)
  );
}

/** An outline nested `n` levels deep ("L0: L1; L1: L2; ..."). */
const deepOutline = (n: number) =>
  Array.from({ length: n }, (_, k) => `L${k}: L${k + 1}, M${k + 1}`).join('; ');

describe.each(BACKENDS)('every entry point on $name', (backend) => {
  const db = useDb(backend);
  const small = smallStudy();
  let draft: { token: string; treeForm: Array<[string, string]> };
  let open: { token: string; expertToken: string; expertId: string; openToken: string };
  let study: { token: string; weightSetId: string; readToken: string };

  beforeAll(async () => {
    const d = await createSurvey(db(), farmCreditTemplate({ scales: false }));
    const treeForm: Array<[string, string]> = [];
    for (const { node, parent } of walk(toEditTree(d.survey.definition.hierarchy))) {
      treeForm.push(['node', node.key], [field.parent(node.key), parent?.key ?? '']);
      treeForm.push([field.id(node.key), node.id], [field.en(node.key), node.label.en]);
      treeForm.push([field.zh(node.key), node.label.zh]);
    }
    draft = { token: d.adminToken, treeForm };
    const o = await surveyWithExperts(db(), 2, 'open');
    // The join page's own survey: the openLink action turns the other one's link off and on.
    const j = await surveyWithExperts(db(), 0, 'open');
    const { token: openToken } = await setOpenLink(db(), j.survey.id, true);
    open = {
      token: o.adminToken,
      expertToken: o.experts[0]!.token,
      expertId: o.experts[0]!.expert.id,
      openToken
    };
    const s = await createSurveyWithPanel(
      db(),
      small.definition,
      panelInputs(small.definition, small.experts),
      { imported: true, status: 'closed' }
    );
    const saved = await saveComputedWeightSet(db(), s.survey, { name: 'Set' });
    study = { token: s.adminToken, weightSetId: saved.id, readToken: saved.readToken };
  }, 120_000);

  /** Runs `property` RUNS times: every answer below 500, a refusal leaves the database alone. */
  async function check<T>(
    arbitrary: fc.Arbitrary<T>,
    run: (value: T) => () => unknown,
    runs = RUNS
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const before = await snapshot(db());
        const status = await statusOf(run(value));
        expect(status).toBeLessThan(500);
        if (status >= 400) expect(await snapshot(db())).toBe(before);
      }),
      { seed: SEED, numRuns: runs }
    );
  }

  /** A token: the right one, or anything. */
  const tokenOr = (right: () => string) =>
    fc
      .oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nastyText })
      .map((x) => x ?? right());

  it('POST /api/e/[token]/submissions', async () => {
    // A new submission each time (a resend of a stored one is answered without writing).
    const ID = '00000000-0000-4000-8000-000000000000';
    const valid = submission({ submissionId: ID });
    valid.judgments.B2 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]; // this survey takes no "no opinion"
    await check(
      fc.tuple(
        nastyJsonText(valid),
        jsonContentType,
        tokenOr(() => open.expertToken)
      ),
      ([body, type, token]) => {
        const request = new Request(`${ORIGIN}/api/e/x/submissions`, {
          method: 'POST',
          headers: type === '' ? {} : { 'content-type': type },
          body: body.replace(ID, randomUUID())
        });
        return call(submitPost as Handler, event(db(), { token }, request));
      },
      RUNS * 3
    );
  }, 60_000);

  it('POST /a/[token]/results/weight-sets', async () => {
    const valid = {
      name: 'Saved',
      settings: { method: 'eigenvector', threshold: 0.1 },
      excluded: [],
      expertWeights: {},
      grades: [
        { grade: 'A', minScore: 50 },
        { grade: 'D', minScore: 0 }
      ],
      namesInExport: false
    };
    await check(
      fc.tuple(
        nastyJsonText(valid),
        jsonContentType,
        tokenOr(() => study.token)
      ),
      ([body, type, token]) => {
        const request = new Request(`${ORIGIN}/a/x/results/weight-sets`, {
          method: 'POST',
          headers: type === '' ? {} : { 'content-type': type },
          body
        });
        return call(saveWeightSetPost as Handler, event(db(), { token }, request));
      }
    );
  }, 60_000);

  it('POST /api/weight-sets/[id]/score', async () => {
    const valid = {
      records: [
        { id: 'a', X: 80, Y: '55.5', Z: 0 },
        { id: 'b', X: 100, Y: 100, Z: 100 }
      ]
    };
    await check(
      fc.tuple(
        nastyJsonText(valid),
        jsonContentType,
        tokenOr(() => study.readToken),
        tokenOr(() => study.weightSetId)
      ),
      ([body, type, token, id]) => {
        // The token in the query (a header can't carry every character a query can).
        const url = new URL(`${ORIGIN}/api/weight-sets/x/score`);
        url.searchParams.set('token', token);
        const request = new Request(url, {
          method: 'POST',
          headers: type === '' ? {} : { 'content-type': type },
          body
        });
        return call(scorePost as Handler, event(db(), { id }, request));
      },
      RUNS * 3
    );
  }, 60_000);

  it('POST /language', async () => {
    await check(
      fc.tuple(
        nastyForm(
          [
            ['locale', 'zh'],
            ['redirect', '/']
          ],
          []
        ),
        formBody
      ),
      ([entries, body]) =>
        call(
          languagePost as Handler,
          event(db(), {}, formRequest(`${ORIGIN}/language`, entries, body))
        )
    );
  });

  it('the GET endpoints, with any token and id', async () => {
    const getters: Array<[Handler, 'expert' | 'admin' | 'read']> = [
      [expertGet as Handler, 'expert'],
      [resultsGet as Handler, 'expert'],
      [readTokenGet as Handler, 'read'],
      [responsesCsvGet as Handler, 'admin'],
      [responsesJsonGet as Handler, 'admin'],
      [weightSetGet as Handler, 'admin'],
      [weightsCsvGet as Handler, 'admin'],
      [validationGet as Handler, 'admin']
    ];
    await check(
      fc.tuple(
        fc.nat({ max: getters.length - 1 }),
        tokenOr(() => open.expertToken),
        tokenOr(() => study.token),
        tokenOr(() => study.weightSetId),
        tokenOr(() => study.readToken)
      ),
      ([k, expertToken, adminToken, id, readToken]) => {
        const [handler, kind] = getters[k]!;
        const url = new URL(`${ORIGIN}/x`);
        url.searchParams.set('token', readToken);
        const request = new Request(url);
        const params: Record<string, string> =
          kind === 'expert'
            ? { token: expertToken }
            : kind === 'admin'
              ? { token: adminToken, id }
              : { id };
        return call(handler, event(db(), params, request));
      },
      RUNS * 3
    );
  }, 60_000);

  /** The form actions, each with a valid form to damage and the survey it acts on. */
  const forms: Array<{
    name: string;
    action: () => Handler | undefined;
    token: () => string;
    base: () => Array<[string, string]>;
    extra?: string[];
    runs?: number;
  }> = [
    {
      name: '?/template',
      action: () => homeActions.template as Handler,
      token: () => '',
      base: () => [],
      runs: 3
    },
    {
      name: '?/scratch',
      action: () => homeActions.scratch as Handler,
      token: () => '',
      base: () => [],
      runs: 3
    },
    {
      name: '?/demo',
      action: () => homeActions.demo as Handler,
      token: () => '',
      base: () => [],
      runs: 2
    },
    {
      name: 'a/?/title',
      action: () => overviewActions.title as Handler,
      token: () => draft.token,
      base: () => [
        ['titleEn', 'Title'],
        ['titleZh', '标题']
      ]
    },
    {
      name: 'a/?/settings',
      action: () => overviewActions.settings as Handler,
      token: () => draft.token,
      base: () => [
        ['method', 'eigenvector'],
        ['randomIndex', 'saaty-1980'],
        ['thresholdMode', 'fixed'],
        ['threshold', '0.1'],
        ['aggregation', 'aij']
      ],
      extra: ['allowSkip', 'showResults']
    },
    {
      name: 'a/?/open',
      action: () => overviewActions.open as Handler,
      token: () => draft.token,
      base: () => [],
      runs: 2
    },
    {
      name: 'a/?/close',
      action: () => overviewActions.close as Handler,
      token: () => draft.token,
      base: () => [],
      runs: 2
    },
    {
      name: 'experts/?/invite',
      action: () => expertActions.invite as Handler,
      token: () => open.token,
      base: () => [
        ['name', 'Wang'],
        ['role', 'academic'],
        ['weight', '1']
      ]
    },
    {
      name: 'experts/?/inviteMany',
      action: () => expertActions.inviteMany as Handler,
      token: () => open.token,
      base: () => [['list', 'Li, academic, 1\nZhao, loan officer']]
    },
    {
      name: 'experts/?/reissue',
      action: () => expertActions.reissue as Handler,
      token: () => open.token,
      base: () => [['expert', open.expertId]]
    },
    {
      name: 'experts/?/openLink',
      action: () => expertActions.openLink as Handler,
      token: () => open.token,
      base: () => [['enabled', 'on']],
      runs: 4
    },
    {
      name: 'hierarchy/?/edit',
      action: () => hierarchyActions.edit as Handler,
      token: () => draft.token,
      base: () => [...draft.treeForm, ['op', 'add:k2']],
      extra: [field.descriptionEn('k3'), field.preset('k1'), field.weight('k1')]
    },
    {
      name: 'hierarchy/?/save',
      action: () => hierarchyActions.save as Handler,
      token: () => draft.token,
      base: () => draft.treeForm,
      extra: [field.descriptionZh('k2'), field.preset('k1'), field.weight('k1')]
    },
    {
      name: 'hierarchy/?/outlinePreview',
      action: () => hierarchyActions.outlinePreview as Handler,
      token: () => draft.token,
      base: () => [['outline', 'Goal: B1, B2; B1: C1, C2']]
    },
    {
      name: 'hierarchy/?/outlineReplace',
      action: () => hierarchyActions.outlineReplace as Handler,
      token: () => draft.token,
      base: () => [['outline', 'Goal: B1, B2; B1: C1, C2']]
    },
    {
      name: 'models/?/points',
      action: () => modelsActions.points as Handler,
      token: () => study.token,
      base: () => [
        ['parent', study.weightSetId],
        ['level', 'C3/once'],
        ['points', '45'],
        ['name', 'Points']
      ]
    },
    {
      name: 'validation/?/regression',
      action: () => validationActions.regression as Handler,
      token: () => study.token,
      base: () => [
        ['set', study.weightSetId],
        ['outcome', 'default'],
        ['name', 'Regression'],
        ['file', 'id,default\n1,0\n']
      ]
    },
    {
      name: 'join/?/default',
      action: () => joinActions.default as Handler,
      token: () => open.openToken,
      base: () => [
        ['name', 'Joiner'],
        ['role', 'academic']
      ]
    }
  ];

  let clients = 0;
  for (const f of forms) {
    it(`the form action ${f.name}`, async () => {
      await check(
        fc.tuple(nastyForm(f.base(), f.extra ?? []), formBody, tokenOr(f.token)),
        ([entries, body, token]) => {
          const request = formRequest(`${ORIGIN}/x`, entries, body);
          const params = { token, openToken: token };
          // A new client address each time: the per-client rate limits stay out of the way.
          const client = `198.51.${Math.floor(++clients / 250)}.${clients % 250}`;
          return call(f.action(), event(db(), params, request, client));
        },
        f.runs ?? RUNS
      );
    }, 60_000);
  }

  it('an outline nested thousands of levels deep (preview and replace)', async () => {
    await check(
      fc.tuple(fc.integer({ min: 9, max: 6000 }), fc.boolean()),
      ([depth, replace]) => {
        const request = formRequest(`${ORIGIN}/x`, [['outline', deepOutline(depth)]], 'multipart');
        const action = replace ? hierarchyActions.outlineReplace : hierarchyActions.outlinePreview;
        return call(action as Handler, event(db(), { token: draft.token }, request));
      },
      6
    );
  }, 60_000);

  it('results/?/import, every kind of file', async () => {
    await check(
      fc.tuple(nastyImport(small), fc.boolean()),
      ([text, asFile]) => {
        const form = new FormData();
        form.append('file', asFile ? new File([text], 'study.csv') : text);
        const request = new Request(`${ORIGIN}/x`, { method: 'POST', body: form });
        return call(resultsActions.import as Handler, event(db(), { token: study.token }, request));
      },
      RUNS * 2
    );
  }, 60_000);

  it('the importers as library calls: a survey and its panel, or an ImportError', async () => {
    await check(nastyImport(small), (text) => async () => {
      try {
        await importStudy(db(), small.definition, text);
        return 201;
      } catch (e) {
        if (e instanceof ImportError) return new Response(null, { status: 400 });
        throw e;
      }
    });
  }, 60_000);
});

describe('the command line', () => {
  let dir: string;
  let weightSetFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pairwise-hostile-'));
    weightSetFile = path.join(dir, 'set.json');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function io(stdin: string): { io: Io; out: { stdout: string; stderr: string } } {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdin: Object.assign(
          (async function* () {
            if (stdin !== '') yield Buffer.from(stdin);
          })(),
          { isTTY: false }
        ),
        stdout: (t) => void (out.stdout += t),
        stderr: (t) => void (out.stderr += t)
      }
    };
  }

  it('every command answers 0 or 2 (bad input), never an internal error', async () => {
    const small = smallStudy();
    const panel = small.experts.map((e) => ({
      ...e,
      name: e.id,
      role: e.role ?? '',
      weight: 1,
      submitted: true
    }));
    const request = parseOrThrow(weightSetRequestSchema, { name: 'CLI' });
    const document = await computeWeightSet(small.definition, panel, request, {
      surveyId: 'cli',
      createdAt: new Date('2026-12-05T00:00:00.000Z')
    });
    writeFileSync(weightSetFile, weightSetJson(document));
    const hierarchy = {
      hierarchy: {
        id: 'G',
        children: [{ id: 'X' }, { id: 'Y' }, { id: 'Z' }]
      },
      experts: [{ id: 'E1', judgments: { G: [3, 5, 2] } }]
    };
    const inputs = fc.oneof(
      nastyJsonText({ upper: [2, 3, 1 / 2], labels: ['a', 'b', 'c'] }).map((t) => ['weigh', t]),
      nastyJsonText({
        experts: [
          { id: 'E1', upper: [2] },
          { id: 'E2', upper: [3] }
        ]
      }).map((t) => ['group', t]),
      nastyJsonText(hierarchy).map((t) => ['hierarchy', t]),
      nastyCsv('id,X,Y,Z\r\nA1,50,60,70\r\n').map((t) => ['score', t]),
      nastyCsv('id,X,Y,Z,default\r\nL1,50,60,70,0\r\nL2,10,20,30,1\r\n').map((t) => ['validate', t])
    );
    await fc.assert(
      fc.asyncProperty(inputs, async ([command, stdin]) => {
        const args =
          command === 'score' || command === 'validate'
            ? [command, '--weights', weightSetFile]
            : [command!];
        const { io: fake, out } = io(stdin!);
        const status = await main(args, fake);
        expect([0, 2]).toContain(status);
        expect(out.stderr).not.toContain('    at ');
      }),
      { seed: SEED, numRuns: RUNS * 3 }
    );
  }, 60_000);
});
