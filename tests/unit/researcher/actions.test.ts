/**
 * The researcher's form actions against a real (PGlite) database: the admin token is checked in
 * every action, the hierarchy is saved only when valid and never once frozen, and the open
 * link's join page answers 404, 423 and 429 as the issue asks.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { actions as homeActions } from '../../../src/routes/+page.server';
import { actions as overviewActions } from '../../../src/routes/a/[token]/+page.server';
import { actions as expertActions } from '../../../src/routes/a/[token]/experts/+page.server';
import { actions as hierarchyActions } from '../../../src/routes/a/[token]/hierarchy/+page.server';
import { field, toEditTree, walk } from '../../../src/routes/a/[token]/hierarchy/tree';
import { encodeTree } from './tree-form';
import {
  load as joinLoad,
  actions as joinActions
} from '../../../src/routes/join/[openToken]/+page.server';
import { scratchDefinition } from '../../../src/routes/new-survey';
import {
  findExpertByToken,
  findSurveyByAdminToken,
  getSurvey,
  markStarted,
  setOpenLink,
  setStatus,
  type Db
} from '../../../src/lib/server';
import * as v from 'valibot';
import { parseDefinition, surveySettingsSchema, type SurveyNode } from '../../../src/lib/survey';
import { pgliteBackend, useDb } from '../../support/backends';
import { surveyWithExperts } from '../server/fixtures';

const ORIGIN = 'http://127.0.0.1:4173';

/** What SvelteKit hands an action or a load, as far as these use it. */
function event(
  db: Db,
  params: Record<string, string>,
  form: FormData | Record<string, string> = {},
  client = '203.0.113.7'
) {
  const body = form instanceof FormData ? form : new FormData();
  if (!(form instanceof FormData)) for (const [k, v] of Object.entries(form)) body.append(k, v);
  const headers: Record<string, string> = {};
  return {
    locals: { db },
    params,
    url: new URL(`${ORIGIN}/`),
    request: new Request(`${ORIGIN}/`, { method: 'POST', body }),
    getClientAddress: () => client,
    setHeaders: (h: Record<string, string>) => Object.assign(headers, h),
    headers
  };
}

/** Runs an action with the stand-in event (the event type differs per route). */
function run<A extends (event: never) => unknown>(
  action: A | undefined,
  e: unknown
): ReturnType<A> {
  return action!(e as never) as ReturnType<A>;
}

/** What a thrown redirect or error carries, or the returned value. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return { returned: await run() };
  } catch (e) {
    if (isRedirect(e)) return { redirect: e.location, status: e.status };
    if (isHttpError(e)) return { error: e.status };
    throw e;
  }
}

function treeForm(root: SurveyNode, change?: (form: FormData) => void): FormData {
  const form = encodeTree(toEditTree(root));
  change?.(form);
  return form;
}

describe('researcher actions', () => {
  const db = useDb(pgliteBackend);

  it('the scratch survey is a valid definition', () => {
    expect(() => parseDefinition(scratchDefinition())).not.toThrow();
  });

  it('creating a survey redirects to its admin page, marked as just created', async () => {
    const result = (await outcome(() => run(homeActions.template, event(db(), {}) as never))) as {
      redirect: string;
      status: number;
    };
    expect(result.status).toBe(303);
    const m = /^\/a\/([A-Za-z0-9_-]{32})\?created=1$/.exec(result.redirect);
    expect(m).not.toBeNull();
    const survey = await findSurveyByAdminToken(db(), m![1]!);
    expect(survey?.definition.hierarchy.id).toBe('A1');
  });

  it('every admin action answers a wrong token with a 404, and changes nothing', async () => {
    const { survey, adminToken } = await surveyWithExperts(db(), 0, 'draft');
    const wrong = adminToken.slice(0, -1) + (adminToken.endsWith('A') ? 'B' : 'A');
    const params = { token: wrong };
    const attempts: Array<() => unknown> = [
      () => run(overviewActions.open, event(db(), params)),
      () => run(overviewActions.title, event(db(), params, { titleEn: 'Mine', titleZh: '' })),
      () => run(hierarchyActions.save, event(db(), params, treeForm(survey.definition.hierarchy))),
      () => run(hierarchyActions.outlineReplace, event(db(), params, { outline: 'X: Y, Z' })),
      () => run(expertActions.inviteMany, event(db(), params, { list: 'Mallory' })),
      () => run(expertActions.openLink, event(db(), params, { enabled: 'on' }))
    ];
    for (const attempt of attempts) expect(await outcome(attempt)).toEqual({ error: 404 });
    expect(await getSurvey(db(), survey.id)).toEqual(survey);
  });

  it('saves a valid hierarchy; returns the posted tree and the problems otherwise', async () => {
    const { survey, adminToken } = await surveyWithExperts(db(), 0, 'draft');
    const params = { token: adminToken };
    const hierarchy = survey.definition.hierarchy;

    const bad = (await run(
      hierarchyActions.save,
      event(
        db(),
        params,
        treeForm(hierarchy, (f) => {
          f.set(field.zh('k2'), '自然灾害风险');
          f.set(field.en('k3'), '');
          f.set(field.zh('k3'), '');
        })
      )
    )) as { status: number; data: { tree: { label: unknown }; issues: unknown[] } };
    expect(bad.status).toBe(400);
    expect(bad.data.issues).toEqual([{ key: 'k3', field: 'label', code: 'name-needed' }]);
    // What was typed comes back.
    expect(JSON.stringify(bad.data.tree)).toContain('自然灾害风险');
    expect((await getSurvey(db(), survey.id))?.definition.hierarchy).toEqual(hierarchy);

    const ok = await run(
      hierarchyActions.save,
      event(
        db(),
        params,
        treeForm(hierarchy, (f) => f.set(field.zh('k2'), '自然灾害风险'))
      )
    );
    expect(ok).toEqual({ saved: true });
    const stored = await getSurvey(db(), survey.id);
    expect(stored?.definition.hierarchy.children?.[0]?.label.zh).toBe('自然灾害风险');
  });

  it('refuses to change a frozen hierarchy (409), and keeps the posted tree', async () => {
    const { survey, adminToken, experts } = await surveyWithExperts(db(), 1, 'open');
    await markStarted(db(), experts[0]!.expert.id);
    const params = { token: adminToken };
    const form = treeForm(survey.definition.hierarchy, (f) => f.set(field.en('k2'), 'Changed'));
    const refused = (await run(hierarchyActions.save, event(db(), params, form))) as {
      status: number;
      data: { storeError: { code: string }; tree: unknown };
    };
    expect(refused.status).toBe(409);
    expect(refused.data.storeError.code).toBe('frozen');
    expect(JSON.stringify(refused.data.tree)).toContain('Changed');
    const outline = (await run(
      hierarchyActions.outlineReplace,
      event(db(), params, { outline: 'Goal: B1, B2' })
    )) as { status: number };
    expect(outline.status).toBe(409);
    expect((await getSurvey(db(), survey.id))?.definition.hierarchy).toEqual(
      survey.definition.hierarchy
    );
    // Settings and the title still change.
    const settings = await run(
      overviewActions.settings,
      event(db(), params, {
        method: 'eigenvector',
        randomIndex: 'saaty-2005',
        thresholdMode: 'fixed',
        threshold: '0.08',
        aggregation: 'aip-geometric'
      })
    );
    expect(settings).toEqual({ settingsSaved: true });
    expect((await getSurvey(db(), survey.id))?.definition.settings).toEqual({
      method: 'eigenvector',
      randomIndex: 'saaty-2005',
      threshold: 0.08,
      aggregation: 'aip-geometric',
      allowSkip: false,
      showResults: false
    });
  });

  it('an outline with a bad entry names it; nothing is replaced', async () => {
    const { survey, adminToken } = await surveyWithExperts(db(), 0, 'draft');
    const result = (await run(
      hierarchyActions.outlinePreview,
      event(db(), { token: adminToken }, { outline: 'Goal: B1, B2; B1: C1, C2; B3: C3' })
    )) as { status: number; data: { outlineError: { entry: number; entryText: string } } };
    expect(result.status).toBe(400);
    // The problem as data too, for the page to say in its language.
    expect(result.data.outlineError).toMatchObject({
      entry: 3,
      entryText: 'B3: C3',
      problem: { code: 'unknown-parent', name: 'B3' }
    });
    expect((await getSurvey(db(), survey.id))?.updatedAt).toBe(survey.updatedAt);
  });

  it('refuses a random-index table too small for a node, saying which tables cover it', async () => {
    const { survey, adminToken } = await surveyWithExperts(db(), 0, 'draft');
    // 16 items under the goal, with a table that covers them; then Saaty's (n <= 15).
    const wide = Array.from({ length: 16 }, (_, k) => `I${k + 1}`).join(', ');
    const preview = await run(
      hierarchyActions.outlineReplace,
      event(db(), { token: adminToken }, { outline: `Goal: ${wide}` })
    );
    // The template's table, Saaty 1980, is too small for it.
    expect(preview).toMatchObject({
      status: 400,
      data: {
        outlineError: {
          detail: expect.stringContaining('beyond the saaty-1980'),
          coverage: { n: 16, table: 'saaty-1980' }
        }
      }
    });
    const fields = {
      method: 'eigenvector',
      randomIndex: 'saaty-1980',
      thresholdMode: 'fixed',
      threshold: '0.1',
      aggregation: 'aij'
    };
    await run(
      overviewActions.settings,
      event(db(), { token: adminToken }, { ...fields, randomIndex: 'alonso-lamata' })
    );
    await run(
      hierarchyActions.outlineReplace,
      event(db(), { token: adminToken }, { outline: `Goal: ${wide}` })
    );
    const refused = (await run(
      overviewActions.settings,
      event(db(), { token: adminToken }, fields)
    )) as { status: number; data: { settingsError: unknown } };
    expect(refused.status).toBe(400);
    expect(refused.data.settingsError).toMatchObject({
      field: 'randomIndex',
      coverage: { n: 16, table: 'saaty-1980', max: 15, covering: ['alonso-lamata', 'donegan-dodd'] }
    });
    expect((await getSurvey(db(), survey.id))?.definition.settings.randomIndex).toBe(
      'alonso-lamata'
    );
  });

  it('refuses group results for experts before 3 have submitted, with a clear reason', async () => {
    const { survey, adminToken } = await surveyWithExperts(db(), 0, 'draft');
    const fields = {
      method: 'eigenvector',
      randomIndex: 'saaty-1980',
      thresholdMode: 'fixed',
      threshold: '0.1',
      aggregation: 'aij',
      showResults: 'on'
    };
    for (const minExperts of ['2', '0', '-3', '3.5', '', 'three', '1001']) {
      const refused = (await run(
        overviewActions.settings,
        event(db(), { token: adminToken }, { ...fields, minExperts })
      )) as { status: number; data: { settingsError: unknown; settings: { minExperts: string } } };
      expect(refused.status, minExperts).toBe(400);
      expect(refused.data.settingsError).toEqual({ field: 'minExperts' });
      // The form comes back with what was typed.
      expect(refused.data.settings.minExperts).toBe(minExperts);
    }
    expect((await getSurvey(db(), survey.id))?.definition.settings).toEqual(
      survey.definition.settings
    );
    expect(
      await run(
        overviewActions.settings,
        event(db(), { token: adminToken }, { ...fields, minExperts: '5' })
      )
    ).toEqual({ settingsSaved: true });
    expect((await getSurvey(db(), survey.id))?.definition.settings).toMatchObject({
      showResults: true,
      minExperts: 5
    });
    // A post without the field (an older form) keeps the stored number.
    await run(overviewActions.settings, event(db(), { token: adminToken }, fields));
    expect((await getSurvey(db(), survey.id))?.definition.settings.minExperts).toBe(5);
    // The shared schema says the same to every other boundary.
    const parsed = v.safeParse(surveySettingsSchema, {
      ...survey.definition.settings,
      minExperts: 2
    });
    expect(parsed.success).toBe(false);
    expect(parsed.issues?.[0]?.message).toMatch(/only once at least 3 have submitted/);
  });

  it('invites from a pasted list and returns each personal link once', async () => {
    const { survey, adminToken } = await surveyWithExperts(db(), 0, 'draft');
    const result = (await run(
      expertActions.inviteMany,
      event(db(), { token: adminToken }, { list: 'Li Wei, academic\nZhang Min, practitioner, 2' })
    )) as { created: Array<{ name: string; link: string }> };
    expect(result.created.map((c) => c.name)).toEqual(['Li Wei', 'Zhang Min']);
    for (const c of result.created) {
      const token = c.link.slice(`${ORIGIN}/e/`.length);
      expect((await findExpertByToken(db(), token))?.survey.id).toBe(survey.id);
    }
  });

  describe('the join page', () => {
    async function openLink(status: 'draft' | 'open' | 'closed') {
      const { survey } = await surveyWithExperts(db(), 0, status);
      const { token } = await setOpenLink(db(), survey.id, true);
      return { survey, token };
    }

    it('joins by name and role and redirects to the personal link', async () => {
      const { token } = await openLink('open');
      const result = (await outcome(() =>
        run(
          joinActions.default,
          event(
            db(),
            { openToken: token },
            { name: 'Zhou Lan', role: 'loan officer' },
            '198.51.100.1'
          )
        )
      )) as { redirect: string };
      expect(result.redirect).toMatch(/^\/e\/[A-Za-z0-9_-]{32}$/);
      const joined = await findExpertByToken(db(), result.redirect.slice(3));
      expect(joined?.expert).toMatchObject({ name: 'Zhou Lan', role: 'loan officer' });
    });

    it('is a 404 for an unknown or turned-off link', async () => {
      const { survey, token } = await openLink('open');
      await setOpenLink(db(), survey.id, false);
      for (const t of [token, 'x'.repeat(32), 'short']) {
        expect(await outcome(() => joinLoad(event(db(), { openToken: t }) as never))).toEqual({
          error: 404
        });
        expect(
          await outcome(() =>
            run(joinActions.default, event(db(), { openToken: t }, { name: 'A' }, '198.51.100.2'))
          )
        ).toEqual({ error: 404 });
      }
    });

    it('says when the survey is closed or not open yet (423)', async () => {
      for (const status of ['closed', 'draft'] as const) {
        const { token } = await openLink(status);
        const loaded = (await joinLoad(event(db(), { openToken: token }) as never)) as {
          status: string;
        };
        expect(loaded.status).toBe(status);
        const result = (await run(
          joinActions.default,
          event(db(), { openToken: token }, { name: 'Late' }, `198.51.100.${status.length}`)
        )) as { status: number; data: { problem: string } };
        expect(result.status).toBe(423);
        expect(result.data.problem).toBe(status === 'closed' ? 'closed' : 'not_open');
      }
    });

    it('answers 429 with Retry-After once a connection joins too often', async () => {
      const { survey, token } = await openLink('open');
      const client = '198.51.100.99';
      for (let k = 0; k < 5; k++) {
        expect(
          await outcome(() =>
            run(joinActions.default, event(db(), { openToken: token }, { name: `E${k}` }, client))
          )
        ).toMatchObject({ status: 303 });
      }
      const e = event(db(), { openToken: token }, { name: 'One too many' }, client);
      const result = (await run(joinActions.default, e)) as {
        status: number;
        data: { problem: string; retryAfter: number; name: string };
      };
      expect(result.status).toBe(429);
      expect(result.data).toMatchObject({ problem: 'rate_limited', name: 'One too many' });
      expect(result.data.retryAfter).toBeGreaterThan(0);
      expect(Number(e.headers['retry-after'])).toBe(result.data.retryAfter);
      // Another connection may still join.
      expect(
        await outcome(() =>
          run(
            joinActions.default,
            event(db(), { openToken: token }, { name: 'Other' }, '198.51.100.98')
          )
        )
      ).toMatchObject({ status: 303 });
      await setStatus(db(), survey.id, 'closed');
    });
  });
});
