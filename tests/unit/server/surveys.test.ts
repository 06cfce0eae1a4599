/** Surveys on both backends: admin tokens (hash only), the frozen hierarchy, status, open link. */
import { describe, expect, it } from 'vitest';
import { joinByOpenLink, markStarted } from '../../../src/lib/server/experts';
import {
  createSurvey,
  findSurveyByAdminToken,
  getSurvey,
  setOpenLink,
  setStatus,
  updateDefinition,
  updateSettings
} from '../../../src/lib/server/surveys';
import { hashToken, isWellFormedToken, newToken } from '../../../src/lib/server/tokens';
import { BACKENDS, useDb } from '../../support/backends';
import { definition, expectStoreError, surveyWithExperts, tableText } from './fixtures';

const ROOMY = { perSurvey: 1000, perClient: 1000, windowSeconds: 60 };

describe.each(BACKENDS)('surveys on $name', (backend) => {
  const db = useDb(backend);

  it('createSurvey: a draft, its definition stored as given, an admin token shown once', async () => {
    const def = definition();
    const { survey, adminToken } = await createSurvey(db(), def);
    expect(isWellFormedToken(adminToken)).toBe(true);
    expect(survey).toMatchObject({ status: 'draft', frozenAt: null, openLinkEnabled: false });
    expect(survey.definition).toEqual(def);
    expect(Date.parse(survey.createdAt)).not.toBeNaN();
    expect(await getSurvey(db(), survey.id)).toEqual(survey);
  });

  it('findSurveyByAdminToken: only the right token finds the survey', async () => {
    const a = await createSurvey(db(), definition());
    const b = await createSurvey(db(), definition());
    expect((await findSurveyByAdminToken(db(), a.adminToken))?.id).toBe(a.survey.id);
    expect((await findSurveyByAdminToken(db(), b.adminToken))?.id).toBe(b.survey.id);
    expect(await findSurveyByAdminToken(db(), newToken())).toBeNull();
    expect(await findSurveyByAdminToken(db(), a.adminToken.slice(0, 31))).toBeNull();
    expect(await findSurveyByAdminToken(db(), `${a.adminToken}x`)).toBeNull();
    expect(await findSurveyByAdminToken(db(), '')).toBeNull();
    expect(await findSurveyByAdminToken(db(), "' OR 1=1 --")).toBeNull();
  });

  it('no token is stored in plain text, only its SHA-256', async () => {
    const { survey, adminToken, experts } = await surveyWithExperts(db(), 2);
    const { token: openToken } = await setOpenLink(db(), survey.id, true);
    const joined = await joinByOpenLink(db(), openToken, 'Walk-in', '10.0.0.1', ROOMY);
    const secrets = [adminToken, openToken, joined.token, ...experts.map((e) => e.token)];
    const dump = (
      await Promise.all(
        ['surveys', 'experts', 'submissions', 'rate_limits'].map((t) => tableText(db(), t))
      )
    ).join('\n');
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toContain('10.0.0.1');

    const [row] = await db().query<{ admin: Uint8Array; open: Uint8Array }>(
      'SELECT admin_token_hash AS admin, open_link_token_hash AS open FROM surveys WHERE id = $1',
      [survey.id]
    );
    expect(Buffer.from(row!.admin).equals(hashToken(adminToken))).toBe(true);
    expect(Buffer.from(row!.open).equals(hashToken(openToken))).toBe(true);
  });

  it('updateDefinition: free until the first expert starts, then the hierarchy is frozen', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 1);
    const def = definition();
    def.hierarchy.children![0]!.label.en = 'Natural hazards';
    const edited = await updateDefinition(db(), survey.id, def);
    expect(edited.definition.hierarchy.children![0]!.label.en).toBe('Natural hazards');

    await markStarted(db(), experts[0]!.expert.id);
    const frozen = await getSurvey(db(), survey.id);
    expect(frozen?.frozenAt).not.toBeNull();

    const changed = structuredClone(def);
    changed.hierarchy.children!.pop();
    const e = await expectStoreError(updateDefinition(db(), survey.id, changed), 'frozen', 409);
    expect(e.message).toMatch(/frozen/);
    expect((await getSurvey(db(), survey.id))?.definition).toEqual(def);

    // The same hierarchy (even with its keys in another order) with a new title is fine.
    const retitled = structuredClone(def);
    retitled.title = { en: 'Risk of small farm loans', zh: '农户小额贷款风险' };
    const { id, ...rest } = retitled.hierarchy;
    retitled.hierarchy = { ...rest, id };
    const after = await updateDefinition(db(), survey.id, retitled);
    expect(after.definition.title.en).toBe('Risk of small farm loans');
    expect(after.frozenAt).toBe(frozen?.frozenAt);
  });

  it('updateSettings works on a frozen survey and leaves the hierarchy alone', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 1);
    await markStarted(db(), experts[0]!.expert.id);
    const settings = { ...survey.definition.settings, threshold: 0.15, allowSkip: true };
    const updated = await updateSettings(db(), survey.id, settings);
    expect(updated.definition.settings).toEqual(settings);
    expect(updated.definition.hierarchy).toEqual(survey.definition.hierarchy);
    expect(updated.definition.title).toEqual(survey.definition.title);
  });

  it('setStatus opens, closes and reopens; unknown surveys are 404', async () => {
    const { survey } = await createSurvey(db(), definition());
    expect((await setStatus(db(), survey.id, 'open')).status).toBe('open');
    expect((await setStatus(db(), survey.id, 'closed')).status).toBe('closed');
    expect((await setStatus(db(), survey.id, 'open')).status).toBe('open');
    await expectStoreError(setStatus(db(), 'no-such-id', 'open'), 'not_found', 404);
    await expectStoreError(updateDefinition(db(), 'no-such-id', definition()), 'not_found', 404);
    await expectStoreError(
      updateSettings(db(), 'no-such-id', definition().settings),
      'not_found',
      404
    );
    await expectStoreError(setOpenLink(db(), 'no-such-id', true), 'not_found', 404);
  });

  it('setOpenLink: a new token each time it is enabled; disabling forgets it', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const first = await setOpenLink(db(), survey.id, true);
    expect(isWellFormedToken(first.token)).toBe(true);
    expect((await getSurvey(db(), survey.id))?.openLinkEnabled).toBe(true);
    await joinByOpenLink(db(), first.token, 'First', 'client-a', ROOMY);

    const second = await setOpenLink(db(), survey.id, true);
    expect(second.token).not.toBe(first.token);
    await expectStoreError(
      joinByOpenLink(db(), first.token, 'Old link', 'client-a', ROOMY),
      'not_found',
      404
    );
    await joinByOpenLink(db(), second.token, 'Second', 'client-a', ROOMY);

    expect(await setOpenLink(db(), survey.id, false)).toEqual({ token: null });
    expect((await getSurvey(db(), survey.id))?.openLinkEnabled).toBe(false);
    await expectStoreError(
      joinByOpenLink(db(), second.token, 'Too late', 'client-a', ROOMY),
      'not_found',
      404
    );
    const [row] = await db().query<{ hash: Uint8Array | null }>(
      'SELECT open_link_token_hash AS hash FROM surveys WHERE id = $1',
      [survey.id]
    );
    expect(row?.hash).toBeNull();
  });
});
