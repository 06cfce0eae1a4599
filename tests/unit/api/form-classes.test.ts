/**
 * Issue 9's sweep of the form actions, class by class (the property-based no-5xx.test.ts looks
 * for the same at random): every named action of every +page.server.ts, and the snapshots POST,
 * sent no body, a wrong content type, each field left out, each field twice, every field at
 * once, NUL bytes, lone surrogates (raw in a urlencoded body: a form can carry the bytes even if
 * a browser never sends them), a 1 MB value, the numbers NaN/Infinity/1e309/-0/hex/1e-400, ids
 * beyond 2^53, a token of another survey or of the wrong kind, a file field holding text and a
 * text field holding a file. Each answer is below 500; a refused one (4xx) leaves the database
 * as it was, and carries nothing a page would show in another language than its own (codes and
 * Problems the page words, or the input's own words: tests/support/unworded.ts); and afterwards
 * the valid form still does what it should (the server is healthy). A test lists the actions of
 * every +page.server.ts, so a new form without its row here fails. On real PGlite and a real
 * PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isActionFailure } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, setOpenLink } from '../../../src/lib/server';
import { getWeightSetForAdmin, saveWeightSet } from '../../../src/lib/server/weight-sets';
import { importSnapshot } from '../../../src/lib/server/snapshots';
import { farmCreditTemplate } from '../../../src/lib/survey';
import { actions as overviewActions } from '../../../src/routes/a/[token]/+page.server';
import { actions as expertActions } from '../../../src/routes/a/[token]/experts/+page.server';
import { actions as hierarchyActions } from '../../../src/routes/a/[token]/hierarchy/+page.server';
import { scaleField } from '../../../src/routes/a/[token]/hierarchy/scale-edit';
import { field, toEditTree, walk } from '../../../src/routes/a/[token]/hierarchy/tree';
import { actions as modelsActions } from '../../../src/routes/a/[token]/models/+page.server';
import { saveGivenWeights } from '../../../src/routes/a/[token]/models/models.server';
import { actions as compareActions } from '../../../src/routes/a/[token]/models/compare/+page.server';
import { actions as monitorActions } from '../../../src/routes/a/[token]/monitor/+page.server';
import { actions as resultsActions } from '../../../src/routes/a/[token]/results/+page.server';
import { actions as validationActions } from '../../../src/routes/a/[token]/validation/+page.server';
import { POST as snapshotsPost } from '../../../src/routes/api/weight-sets/[id]/snapshots/+server';
import { actions as joinActions } from '../../../src/routes/join/[openToken]/+page.server';
import { actions as homeActions } from '../../../src/routes/+page.server';
import { BACKENDS, useDb } from '../../support/backends';
import { NOW_CSV, scorecardWeightSet, THEN_CSV } from '../monitoring/fixtures';
import { surveyWithExperts } from '../server/fixtures';
import { unworded } from '../../support/unworded';
import { event, outcomeOf, snapshot, statusOf } from './hostile';

const ORIGIN = 'http://127.0.0.1:4173';
const GIVEN_CSV = new Uint8Array(
  readFileSync(path.resolve(__dirname, '../../cli/fixtures/given-farm-credit-local.csv'))
);
type Entry = [string, string | File];
type Handler = (event: never) => unknown;

/** Values every text field is sent in turn (each on its own). */
const NASTY_VALUES: ReadonlyArray<[string, string]> = [
  ['NUL', '\u0000'],
  ['NUL inside', 'Li\u0000Wei'],
  ['lone surrogate', 'a\ud800b'],
  ['control', 'bell\u0007'],
  ['1 MB', 'x'.repeat(1024 * 1024)],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['1e309', '1e309'],
  ['-0', '-0'],
  ['hex', '0x1A'],
  ['1e-400', '1e-400'],
  ['beyond 2^53', '9007199254740993'],
  ['beyond 2^64', '-99999999999999999999999'],
  ['empty', ''],
  ['spaces', '   '],
  ['formula', '=HYPERLINK("http://evil")'],
  ['__proto__', '__proto__']
];

/** A urlencoded body with raw bytes no browser sends: a lone surrogate's UTF-8-like bytes, NUL. */
const RAW_BYTES = ['%ED%A0%80', '%00', '%FF%FE', '%C0%80'];

function multipart(entries: readonly Entry[]): Request {
  const form = new FormData();
  for (const [k, x] of entries) form.append(k, x);
  return new Request(`${ORIGIN}/x`, { method: 'POST', body: form });
}

function raw(body: string | null, type?: string): Request {
  return new Request(`${ORIGIN}/x`, {
    method: 'POST',
    headers: type === undefined ? {} : { 'content-type': type },
    body
  });
}

interface Action {
  name: string;
  run: () => Handler;
  /** The token the valid form is sent with, and the kind of route. */
  token: () => string;
  /** A form that the action accepts (or refuses for a reason of state, when `valid` is false). */
  base: () => Entry[];
  /** Fields that take a file. */
  files?: string[];
  /** Fields the valid form leaves out, sent each on its own with every value. */
  extra?: () => string[];
  /** Whether the base form succeeds (checked at the end: the server is healthy). */
  valid: boolean;
  /** A form of a page without a token (the home page's): no wrong tokens to try. */
  tokenless?: boolean;
  /** A form that reads no field (a button): every body does what it does, none is refused. */
  noFields?: boolean;
}

/** What a client sent, as text (values, file names and contents), for the words a refusal may quote. */
async function inputOf(request: Request): Promise<string> {
  const text = await request.clone().text();
  let decoded = '';
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // raw bytes that are not UTF-8: the text as sent
  }
  return `${text}\n${decoded}`;
}

describe.each(BACKENDS)('every form action, class by class, on $name', (backend) => {
  const db = useDb(backend);
  const s = {
    token: '',
    draftToken: '',
    expertToken: '',
    expertId: '',
    openToken: '',
    givenId: '',
    readToken: '',
    scorecardId: '',
    scorecardRead: '',
    otherToken: '',
    otherSetId: '',
    treeForm: [] as Entry[],
    leafKey: '',
    statusToken: ''
  };

  beforeAll(async () => {
    const open = await surveyWithExperts(db(), 3, 'open');
    s.token = open.adminToken;
    s.expertToken = open.experts[0]!.token;
    s.expertId = open.experts[0]!.expert.id;
    s.openToken = (await setOpenLink(db(), open.survey.id, true)).token;
    const given = await saveGivenWeights(
      db(),
      open.survey,
      { name: 'given.csv', bytes: GIVEN_CSV },
      { name: 'Given', normalise: false }
    );
    s.givenId = given.id;
    s.readToken = new URL(given.url, ORIGIN).searchParams.get('token')!;
    const card = await saveWeightSet(db(), open.survey.id, 'Scorecard', await scorecardWeightSet());
    s.scorecardId = card.id;
    s.scorecardRead = card.readToken;
    const stored = (await getWeightSetForAdmin(db(), open.survey.id, card.id))!;
    await importSnapshot(
      db(),
      stored,
      { name: 'May', asOf: '2026-05-31', source: 'researcher' },
      THEN_CSV
    );
    const draft = await createSurvey(db(), farmCreditTemplate({ scales: false }));
    s.draftToken = draft.adminToken;
    // Opened and closed by the status buttons, again and again.
    s.statusToken = (await createSurvey(db(), farmCreditTemplate())).adminToken;
    for (const { node, parent } of walk(toEditTree(draft.survey.definition.hierarchy))) {
      s.treeForm.push(['node', node.key], [field.parent(node.key), parent?.key ?? '']);
      s.treeForm.push([field.id(node.key), node.id], [field.en(node.key), node.label.en]);
      s.treeForm.push([field.zh(node.key), node.label.zh]);
      if (!node.children?.length) s.leafKey = node.key;
    }
    const other = await surveyWithExperts(db(), 1, 'open');
    s.otherToken = other.adminToken;
    s.otherSetId = (
      await saveGivenWeights(
        db(),
        other.survey,
        { name: 'other.csv', bytes: GIVEN_CSV },
        { name: 'Other', normalise: false }
      )
    ).id;
  }, 120_000);

  const file = (name: string, text: string | Uint8Array<ArrayBuffer>) =>
    new File([text], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/json' });

  const actions: Action[] = [
    ...(['template', 'scratch', 'demo'] as const).map((name): Action => ({
      name: `home/?/${name}`,
      run: () => homeActions[name] as Handler,
      token: () => '',
      base: () => [],
      valid: true,
      tokenless: true,
      noFields: true
    })),
    ...(['open', 'close'] as const).map((name): Action => ({
      name: `a/?/${name}`,
      run: () => overviewActions[name] as Handler,
      token: () => s.statusToken,
      base: () => [],
      valid: true,
      noFields: true
    })),
    {
      name: 'a/?/title',
      run: () => overviewActions.title as Handler,
      token: () => s.draftToken,
      base: () => [
        ['titleEn', 'Title'],
        ['titleZh', '标题']
      ],
      valid: true
    },
    {
      name: 'a/?/settings',
      run: () => overviewActions.settings as Handler,
      token: () => s.draftToken,
      base: () => [
        ['method', 'eigenvector'],
        ['randomIndex', 'saaty-1980'],
        ['thresholdMode', 'fixed'],
        ['threshold', '0.1'],
        ['aggregation', 'aij'],
        ['minExperts', '3']
      ],
      valid: true
    },
    {
      name: 'experts/?/invite',
      run: () => expertActions.invite as Handler,
      token: () => s.token,
      base: () => [
        ['name', 'Wang'],
        ['role', 'academic'],
        ['weight', '1']
      ],
      valid: true
    },
    {
      name: 'experts/?/inviteMany',
      run: () => expertActions.inviteMany as Handler,
      token: () => s.token,
      base: () => [['list', 'Li, academic, 1\nZhao, loan officer']],
      valid: true
    },
    {
      name: 'experts/?/reissue',
      run: () => expertActions.reissue as Handler,
      token: () => s.token,
      base: () => [['expert', s.expertId]],
      valid: true
    },
    {
      name: 'experts/?/openLink',
      run: () => expertActions.openLink as Handler,
      // Another survey's link: this one's stays on for the join page.
      token: () => s.otherToken,
      base: () => [['enabled', 'on']],
      valid: true
    },
    {
      name: 'experts/?/delphi',
      run: () => expertActions.delphi as Handler,
      token: () => s.token,
      base: () => [
        ['reasons', 'on'],
        ['minSStar', '0.75'],
        ['maxWeightShift', '0.05'],
        ['maxRounds', '3'],
        ['combine', 'all']
      ],
      valid: true
    },
    {
      name: 'experts/?/nextRound',
      run: () => expertActions.nextRound as Handler,
      token: () => s.token,
      base: () => [
        ['who', 'chosen'],
        ['expert', s.expertId]
      ],
      valid: true
    },
    {
      name: 'hierarchy/?/edit',
      run: () => hierarchyActions.edit as Handler,
      token: () => s.draftToken,
      base: () => [...s.treeForm, ['op', 'add:k2']],
      valid: true
    },
    {
      name: 'hierarchy/?/save',
      run: () => hierarchyActions.save as Handler,
      token: () => s.draftToken,
      base: () => s.treeForm,
      // A leaf's scale (the scorecard's rating levels), field by field and whole.
      extra: () =>
        (['kind', 'points', 'levelId', 'levelPoints', 'levelZero', 'value', 'json'] as const)
          .map((f) => scaleField[f](s.leafKey))
          .concat(field.preset('k1'), field.weight('k1'), field.descriptionEn('k2')),
      valid: true
    },
    {
      name: 'hierarchy/?/outlinePreview',
      run: () => hierarchyActions.outlinePreview as Handler,
      token: () => s.draftToken,
      base: () => [['outline', 'Goal: B1, B2; B1: C1, C2']],
      valid: true
    },
    {
      name: 'hierarchy/?/outlineReplace',
      run: () => hierarchyActions.outlineReplace as Handler,
      token: () => s.draftToken,
      base: () => [['outline', 'Goal: B1, B2; B1: C1, C2']],
      valid: true
    },
    {
      name: 'models/?/given',
      run: () => modelsActions.given as Handler,
      token: () => s.token,
      base: () => [
        ['name', 'Given again'],
        ['file', file('given.csv', GIVEN_CSV)],
        ['normalise', 'on']
      ],
      files: ['file'],
      valid: true
    },
    {
      name: 'models/?/points',
      run: () => modelsActions.points as Handler,
      token: () => s.token,
      base: () => [
        ['parent', s.scorecardId],
        ['level', 'y1/once'],
        ['points', '45'],
        ['name', 'Points']
      ],
      valid: true
    },
    {
      name: 'models/?/edit',
      run: () => modelsActions.edit as Handler,
      token: () => s.token,
      base: () => [
        ['parent', s.givenId],
        ['node', 'B1'],
        ['weight', '0.3'],
        ['name', 'Edited']
      ],
      valid: true
    },
    {
      name: 'models/compare/?/production',
      run: () => compareActions.production as Handler,
      token: () => s.token,
      base: () => [['set', s.givenId]],
      valid: true
    },
    {
      name: 'monitor/?/add',
      run: () => monitorActions.add as Handler,
      token: () => s.token,
      base: () => [
        ['set', s.scorecardId],
        ['name', 'June'],
        ['as_of', '2026-06-30'],
        ['file', file('june.csv', NOW_CSV)]
      ],
      files: ['file'],
      valid: true
    },
    {
      name: 'results/?/import',
      run: () => resultsActions.import as Handler,
      token: () => s.token,
      base: () => [['file', file('responses.csv', 'not,a,study\n')]],
      files: ['file'],
      valid: false
    },
    {
      name: 'validation/?/regression',
      run: () => validationActions.regression as Handler,
      token: () => s.token,
      base: () => [
        ['set', s.givenId],
        ['outcome', 'default'],
        ['name', 'Regression'],
        ['file', file('loans.csv', 'id,default\n1,0\n')]
      ],
      files: ['file'],
      valid: false
    },
    {
      name: 'join/?/default',
      run: () => joinActions.default as Handler,
      token: () => s.openToken,
      base: () => [
        ['name', 'Joiner'],
        ['role', 'academic']
      ],
      // The classes above that join use up the link's joins a minute (a 429 then).
      valid: false
    }
  ];

  /** Every field name any action reads, for "every field at once". */
  const everyField = () => [
    ...new Set(actions.flatMap((a) => a.base().map(([k]) => k))),
    'allowSkip',
    'showResults',
    'unsettledOnly'
  ];

  /** The requests of every class for one action, each with what it is. */
  function requests(a: Action): Array<[string, () => Request, string?]> {
    const base = a.base();
    const names = [...new Set(base.map(([k]) => k))];
    const out: Array<[string, () => Request, string?]> = [
      ['no body', () => raw(null)],
      ['no body, form type', () => raw(null, 'multipart/form-data; boundary=x')],
      ['text/plain', () => raw('name=x', 'text/plain')],
      [
        'JSON',
        () =>
          raw(JSON.stringify(Object.fromEntries(names.map((n) => [n, 'x']))), 'application/json')
      ],
      [
        'broken multipart',
        () =>
          raw(
            '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n',
            'multipart/form-data; boundary=x'
          )
      ],
      ['multipart without boundary', () => raw('a=b', 'multipart/form-data')],
      [
        'every field at once',
        () =>
          multipart([
            ...base,
            ...everyField()
              .filter((n) => !names.includes(n))
              .map((n): Entry => [n, '1'])
          ])
      ]
    ];
    for (const bytes of RAW_BYTES)
      out.push([
        `urlencoded raw ${bytes}`,
        () =>
          raw(
            names.map((n) => `${encodeURIComponent(n)}=a${bytes}b`).join('&'),
            'application/x-www-form-urlencoded'
          )
      ]);
    // The tree form's first nodes stand for the rest (each node's fields are read alike).
    for (const n of [...names.slice(0, 12), ...(a.extra?.() ?? [])]) {
      const isFile = a.files?.includes(n) ?? false;
      out.push([`${n} left out`, () => multipart(base.filter(([k]) => k !== n)), n]);
      out.push([`${n} twice`, () => multipart([...base, ...base.filter(([k]) => k === n)]), n]);
      out.push([
        `${n} twice, the second nasty`,
        () => multipart([...base, [n, isFile ? file('x.csv', '\u0000') : '\u0000']]),
        n
      ]);
      const swap = (by: string | File) => () =>
        multipart(base.map(([k, x]): Entry => [k, k === n ? by : x]));
      if (isFile) {
        out.push([`${n} holds text`, swap('id,weight\nB1,1\n'), n]);
        out.push([`${n} empty file`, swap(file('empty.csv', '')), n]);
        out.push([`${n} NUL bytes`, swap(file('nul.csv', '\u0000'.repeat(100))), n]);
        out.push([
          `${n} lone surrogate`,
          swap(file('x.csv', new Uint8Array([0xed, 0xa0, 0x80]))),
          n
        ]);
        out.push([`${n} a JSON array`, swap(file('x.json', '[[[1]]]')), n]);
        out.push([`${n} 1 MB`, swap(file('big.csv', 'x'.repeat(1024 * 1024))), n]);
        continue;
      }
      out.push([`${n} holds a file`, swap(file('x.txt', 'x')), n]);
      for (const [what, value] of NASTY_VALUES) out.push([`${n} ${what}`, swap(value), n]);
      // A set, expert or parent id of another survey.
      out.push([`${n} another survey's set`, swap(s.otherSetId), n]);
    }
    return out;
  }

  /** Tokens of another survey or of another kind, and no token at all. */
  const wrongTokens = (a: Action) => [
    ['another survey', s.otherToken],
    ['an expert token', s.expertToken],
    ['a read token', s.readToken],
    ['an open-link token', s.openToken],
    ...(a.name.startsWith('join') ? [['an admin token', s.token]] : []),
    ['empty', ''],
    ['NUL', 'a\u0000b'],
    ['100 KB', 'x'.repeat(100_000)]
  ];

  let client = 0;
  const send = (a: Action, token: string, request: Request) => {
    // A new client address each time: the rate limits (joins, imports) stay out of the way.
    client++;
    const address = `198.51.${Math.floor(client / 250) % 250}.${client % 250}`;
    return outcomeOf(() =>
      a.run()(event(db(), { token, openToken: token }, request, address) as never)
    );
  };

  for (const a of actions) {
    it(`${a.name}: every class is a 4xx in the page's language or a success, never a 5xx; a refusal stores nothing`, async () => {
      const seen: string[] = [];
      // Refusals whose data holds words the page would show in another language (in zh: English).
      const foreign: string[] = [];
      for (const [what, make] of requests(a)) {
        const before = await snapshot(db());
        const request = make();
        const input = await inputOf(request);
        let status: number;
        try {
          const outcome = await send(a, a.token(), request);
          status = outcome.status;
          if (status >= 400)
            foreign.push(...unworded(outcome.data, input, status).map((w) => `${what}: ${w}`));
        } catch (e) {
          throw new Error(`${a.name}, ${what}: a 500 (${(e as Error).message})`, { cause: e });
        }
        seen.push(`${what}: ${status}`);
        expect(status, `${a.name}, ${what}`).toBeLessThan(500);
        if (status >= 400) expect(await snapshot(db()), `${a.name}, ${what}`).toBe(before);
      }
      expect(foreign, a.name).toEqual([]);
      // Some classes are refusals (so the language check above had something to judge); the
      // home page's forms read no field (any body creates a survey).
      if (!a.noFields)
        expect(
          seen.some((x) => / 4\d\d$/.test(x)),
          a.name
        ).toBe(true);
      for (const [what, token] of a.tokenless ? [] : wrongTokens(a)) {
        if (token === a.token()) continue;
        const before = await snapshot(db());
        const { status } = await send(a, token!, multipart(a.base()));
        // Another survey's admin acts on their own survey (with this survey's ids, which it
        // does not know): a success or a 4xx; any other token is unknown here: 404.
        if (what === 'another survey') expect(status, `${a.name}, ${what}`).toBeLessThan(500);
        else expect(status, `${a.name}, ${what}`).toBe(404);
        if (status >= 400) expect(await snapshot(db())).toBe(before);
      }
      // Healthy afterwards: the valid form does what it should.
      if (a.valid) {
        const { status, data } = await outcomeOf(() =>
          a.run()(
            event(
              db(),
              { token: a.token(), openToken: a.token() },
              multipart(a.base()),
              '192.0.2.200'
            ) as never
          )
        );
        // A success: the action's result, or the home page's redirect to the new survey.
        expect(status < 400 ? 'ok' : data, a.name).toBe('ok');
      }
    }, 120_000);
  }

  it('every form of every page is in the table above (a new form without a case fails)', () => {
    const modules = import.meta.glob('../../../src/routes/**/+page.server.ts', {
      eager: true
    }) as Record<string, { actions?: Record<string, unknown> }>;
    const covered = new Set(actions.map((a) => a.run()));
    const missing = Object.entries(modules).flatMap(([file, mod]) =>
      Object.entries(mod.actions ?? {})
        .filter(([, handler]) => !covered.has(handler as Handler))
        .map(([name]) => `${file.replace(/^.*src\/routes\//, '')} ?/${name}`)
    );
    expect(missing).toEqual([]);
    // The glob found the pages (10 with forms today), so an empty list above means something.
    expect(Object.values(modules).filter((x) => x.actions).length).toBeGreaterThanOrEqual(10);
  });

  it('the 400s name the field: a file in a text field, a bad name, a foreign set', async () => {
    const failure = async (a: Action, entries: Entry[]) => {
      const result = await (a.run()(
        event(db(), { token: a.token() }, multipart(entries)) as never
      ) as Promise<unknown>);
      return result;
    };
    const models = actions.find((a) => a.name === 'models/?/edit')!;
    // A file where the parent's id belongs: refused naming "parent", not read as "[object File]".
    await expect(
      failure(models, [
        ...models.base().filter(([k]) => k !== 'parent'),
        ['parent', file('p.txt', 'x')]
      ])
    ).rejects.toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('"parent"') }
    });
    const production = actions.find((a) => a.name === 'models/compare/?/production')!;
    await expect(failure(production, [['set', file('s.txt', 'x')]])).rejects.toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('"set"') }
    });
    // Another survey's set: 404 naming the production form's problem.
    const foreign = await failure(production, [['set', s.otherSetId]]);
    expect(isActionFailure(foreign) && foreign.status).toBe(404);
  });
});

describe.each(BACKENDS)(
  'POST /api/weight-sets/[id]/snapshots, class by class, on $name',
  (backend) => {
    const db = useDb(backend);
    let set = { id: '', readToken: '' };
    let other = { id: '', readToken: '' };
    beforeAll(async () => {
      const { survey } = await surveyWithExperts(db(), 0);
      set = await saveWeightSet(db(), survey.id, 'Scorecard', await scorecardWeightSet());
      const o = await surveyWithExperts(db(), 0);
      other = await saveWeightSet(db(), o.survey.id, 'Other', await scorecardWeightSet());
    }, 120_000);

    const post = (
      id: string,
      token: string,
      body: BodyInit | null,
      type: string | null,
      query: Record<string, string> = { name: 'June', as_of: '2026-06-30' }
    ) => {
      const url = new URL(`${ORIGIN}/api/weight-sets/x/snapshots`);
      for (const [k, x] of Object.entries(query)) url.searchParams.append(k, x);
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (type !== null) headers['content-type'] = type;
      return statusOf(() =>
        snapshotsPost(
          event(db(), { id }, new Request(url, { method: 'POST', headers, body })) as never
        )
      );
    };

    it('every class: a 4xx naming what is wrong, never a 5xx, nothing stored', async () => {
      const cases: Array<[string, () => Promise<number>]> = [
        ['no body', () => post(set.id, set.readToken, null, 'text/csv')],
        ['no content type', () => post(set.id, set.readToken, NOW_CSV, null)],
        ['JSON', () => post(set.id, set.readToken, '{"a":1}', 'application/json')],
        ['a form', () => post(set.id, set.readToken, 'a=b', 'application/x-www-form-urlencoded')],
        ['NUL bytes', () => post(set.id, set.readToken, '\u0000'.repeat(100), 'text/csv')],
        [
          'lone surrogate bytes',
          () => post(set.id, set.readToken, new Uint8Array([0xed, 0xa0, 0x80]), 'text/csv')
        ],
        [
          '1 MB of one cell',
          () => post(set.id, set.readToken, 'id\n' + 'x'.repeat(1 << 20), 'text/csv')
        ],
        [
          "another survey's set with this token",
          () => post(other.id, set.readToken, NOW_CSV, 'text/csv')
        ],
        ['id beyond 2^53', () => post('9007199254740993', set.readToken, NOW_CSV, 'text/csv')],
        ['id with NUL', () => post('a\u0000', set.readToken, NOW_CSV, 'text/csv')],
        ['no token', () => post(set.id, '', NOW_CSV, 'text/csv')]
      ];
      for (const [k, value] of NASTY_VALUES.filter(([w]) => w !== '1 MB'))
        for (const name of ['name', 'as_of'])
          cases.push([
            `${name} ${k}`,
            () =>
              post(set.id, set.readToken, NOW_CSV, 'text/csv', {
                name: 'June',
                as_of: '2026-06-30',
                [name]: value
              })
          ]);
      cases.push([
        'name twice',
        () =>
          post(set.id, set.readToken, NOW_CSV, 'text/csv', {
            name: 'a',
            as_of: '2026-06-30',
            'name ': 'b'
          })
      ]);
      cases.push([
        'as_of 2026-02-31',
        () => post(set.id, set.readToken, NOW_CSV, 'text/csv', { name: 'a', as_of: '2026-02-31' })
      ]);
      const count = async () =>
        (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM snapshots'))[0]!.n;
      for (const [what, run] of cases) {
        const before = await count();
        let status: number;
        try {
          status = await run();
        } catch (e) {
          throw new Error(`${what}: a 500 (${(e as Error).message})`, { cause: e });
        }
        expect(status, what).toBeLessThan(500);
        if (status >= 400) expect(await count(), what).toBe(before);
      }
      // Healthy afterwards.
      expect(await post(set.id, set.readToken, NOW_CSV, 'text/csv')).toBe(201);
    }, 120_000);
  }
);
