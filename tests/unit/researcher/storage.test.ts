/**
 * The storage verbs the researcher's pages added, on both backends: a new personal link for an
 * expert, the survey behind an open link, and a role typed when joining by the open link.
 */
import { describe, expect, it } from 'vitest';
import {
  findExpertByToken,
  findOpenLinkSurvey,
  joinByOpenLink,
  listExperts,
  reissueExpertLink
} from '../../../src/lib/server/experts';
import { setOpenLink } from '../../../src/lib/server/surveys';
import { newToken } from '../../../src/lib/server/tokens';
import { BACKENDS, useDb } from '../../support/backends';
import { expectStoreError, surveyWithExperts } from '../server/fixtures';

const ROOMY = { perSurvey: 1000, perClient: 1000, windowSeconds: 60 };

describe.each(BACKENDS)('researcher storage on $name', (backend) => {
  const db = useDb(backend);

  it('reissueExpertLink: a new link works, the old one stops, the expert stays the same', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 2);
    const [first, second] = experts;
    const renewed = await reissueExpertLink(db(), survey.id, first!.expert.id);
    expect(renewed.token).not.toBe(first!.token);
    expect(renewed.expert).toEqual(first!.expert);
    expect(await findExpertByToken(db(), first!.token)).toBeNull();
    expect((await findExpertByToken(db(), renewed.token))?.expert.id).toBe(first!.expert.id);
    // The other expert's link is untouched.
    expect((await findExpertByToken(db(), second!.token))?.expert.id).toBe(second!.expert.id);
    expect(await listExperts(db(), survey.id)).toHaveLength(2);
  });

  it("reissueExpertLink: only the survey's own experts", async () => {
    const a = await surveyWithExperts(db(), 1);
    const b = await surveyWithExperts(db(), 1);
    await expectStoreError(
      reissueExpertLink(db(), a.survey.id, b.experts[0]!.expert.id),
      'not_found',
      404
    );
    await expectStoreError(reissueExpertLink(db(), a.survey.id, 'nobody123456'), 'not_found', 404);
    expect((await findExpertByToken(db(), b.experts[0]!.token))?.expert.id).toBe(
      b.experts[0]!.expert.id
    );
  });

  it('findOpenLinkSurvey: the survey while its link is on; null for off, old and bad links', async () => {
    const { survey } = await surveyWithExperts(db(), 0, 'closed');
    const { token } = await setOpenLink(db(), survey.id, true);
    expect((await findOpenLinkSurvey(db(), token))?.id).toBe(survey.id);
    expect((await findOpenLinkSurvey(db(), token))?.status).toBe('closed');
    const { token: renewed } = await setOpenLink(db(), survey.id, true);
    expect(await findOpenLinkSurvey(db(), token)).toBeNull();
    expect((await findOpenLinkSurvey(db(), renewed))?.id).toBe(survey.id);
    await setOpenLink(db(), survey.id, false);
    expect(await findOpenLinkSurvey(db(), renewed)).toBeNull();
    expect(await findOpenLinkSurvey(db(), newToken())).toBeNull();
    expect(await findOpenLinkSurvey(db(), "' OR 1=1 --")).toBeNull();
  });

  it('joinByOpenLink: keeps a typed role; refuses one that is too long', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const { token } = await setOpenLink(db(), survey.id, true);
    const joined = await joinByOpenLink(
      db(),
      token,
      { name: ' Zhou Lan ', role: ' loan officer ' },
      '192.0.2.1',
      ROOMY
    );
    expect(joined.expert).toMatchObject({ name: 'Zhou Lan', role: 'loan officer', weight: 1 });
    expect(joined.expert.viaOpenLink).toBe(true);
    await expectStoreError(
      joinByOpenLink(db(), token, { name: 'X', role: 'r'.repeat(101) }, '192.0.2.1', ROOMY),
      'invalid',
      400
    );
  });
});
