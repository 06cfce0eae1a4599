/** Experts on both backends: invitations, tokens, status, starting, the open link. */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/db';
import {
  findExpertByToken,
  getExpert,
  inviteExperts,
  joinByOpenLink,
  listExperts,
  markStarted
} from '../../../src/lib/server/experts';
import { submit } from '../../../src/lib/server/responses';
import { getSurvey, setOpenLink, setStatus } from '../../../src/lib/server/surveys';
import { isWellFormedToken, newToken } from '../../../src/lib/server/tokens';
import { BACKENDS, useDb } from '../../support/backends';
import { CONSISTENCY, expectStoreError, submission, surveyWithExperts } from './fixtures';

const ROOMY = { perSurvey: 1000, perClient: 1000, windowSeconds: 60 };

/** A Db whose transactions fail on the `n`-th INSERT into experts. */
function failingOnInsert(db: Db, n: number): Db {
  const wrap = (inner: Db): Db => {
    let inserts = 0;
    return {
      kind: inner.kind,
      exec: (sql) => inner.exec(sql),
      close: () => inner.close(),
      transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
      query: (sql, params) => {
        if (/INSERT INTO experts/.test(sql) && ++inserts === n) {
          return Promise.reject(new Error('simulated failure'));
        }
        return inner.query(sql, params);
      }
    };
  };
  return wrap(db);
}

describe.each(BACKENDS)('experts on $name', (backend) => {
  const db = useDb(backend);

  it('inviteExperts: one token each, in the order given, all not started', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const invited = await inviteExperts(db(), survey.id, [
      { name: '  Li Wei ', role: 'academic', weight: 2 },
      { name: 'Chen Jing', role: 'practitioner' },
      { name: 'Zhang Min' }
    ]);
    expect(invited.map((x) => x.expert.name)).toEqual(['Li Wei', 'Chen Jing', 'Zhang Min']);
    expect(invited.map((x) => [x.expert.role, x.expert.weight])).toEqual([
      ['academic', 2],
      ['practitioner', 1],
      ['', 1]
    ]);
    expect(invited.every((x) => isWellFormedToken(x.token))).toBe(true);
    expect(new Set(invited.map((x) => x.token)).size).toBe(3);

    const list = await listExperts(db(), survey.id);
    expect(list.map((x) => x.id)).toEqual(invited.map((x) => x.expert.id));
    expect(list.map((x) => x.status)).toEqual(['not started', 'not started', 'not started']);
    expect(list[0]).toMatchObject({ latest: null, submissionCount: 0, lastActivityAt: null });
  });

  it('inviteExperts: all or nothing', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    await expectStoreError(
      inviteExperts(db(), survey.id, [{ name: 'Fine' }, { name: '   ' }]),
      'invalid',
      400
    );
    await expectStoreError(
      inviteExperts(db(), survey.id, [{ name: 'Fine' }, { name: 'B', weight: -1 }]),
      'invalid',
      400
    );
    await expectStoreError(
      inviteExperts(db(), survey.id, [{ name: 'B', weight: Number.NaN }]),
      'invalid',
      400
    );
    await expectStoreError(inviteExperts(db(), survey.id, []), 'invalid', 400);
    // A failure in the database half way: the first two inserts are rolled back.
    await expect(
      inviteExperts(failingOnInsert(db(), 3), survey.id, [
        { name: 'One' },
        { name: 'Two' },
        { name: 'Three' }
      ])
    ).rejects.toThrow('simulated failure');
    expect(await listExperts(db(), survey.id)).toEqual([]);
    await expectStoreError(inviteExperts(db(), 'no-such-id', [{ name: 'X' }]), 'not_found', 404);
  });

  it('findExpertByToken: only the expert own token', async () => {
    const { survey, adminToken, experts } = await surveyWithExperts(db(), 2);
    const found = await findExpertByToken(db(), experts[1]!.token);
    expect(found?.expert).toEqual(experts[1]!.expert);
    expect(found?.survey.id).toBe(survey.id);
    expect(await findExpertByToken(db(), adminToken)).toBeNull();
    expect(await findExpertByToken(db(), newToken())).toBeNull();
    expect(await findExpertByToken(db(), 'not a token')).toBeNull();
  });

  it('findExpertByToken: look-ups made together (one query) each get their own answer', async () => {
    const one = await surveyWithExperts(db(), 2);
    const other = await surveyWithExperts(db(), 1, 'closed');
    const tokens = [
      one.experts[0]!.token,
      other.experts[0]!.token,
      newToken(),
      one.adminToken,
      one.experts[1]!.token,
      one.experts[0]!.token
    ];
    const found = await Promise.all(tokens.map((t) => findExpertByToken(db(), t)));
    expect(found.map((f) => f && [f.expert.id, f.survey.id, f.survey.status])).toEqual([
      [one.experts[0]!.expert.id, one.survey.id, 'open'],
      [other.experts[0]!.expert.id, other.survey.id, 'closed'],
      null,
      null,
      [one.experts[1]!.expert.id, one.survey.id, 'open'],
      [one.experts[0]!.expert.id, one.survey.id, 'open']
    ]);
    // The survey comes whole, as getSurvey gives it.
    expect(found[1]!.survey).toEqual(await getSurvey(db(), other.survey.id));
    expect(found[0]!.expert).toEqual(one.experts[0]!.expert);
  });

  it('status: not started -> in progress -> submitted, with last activity and CR flags', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 3);
    const [a, b] = experts;
    const started = await markStarted(db(), a!.expert.id);
    expect(started.startedAt).not.toBeNull();
    expect(started.lastActivityAt).not.toBeNull();
    expect((await getSurvey(db(), survey.id))?.frozenAt).not.toBeNull();

    await new Promise((r) => setTimeout(r, 5));
    const again = await markStarted(db(), a!.expert.id);
    expect(again.startedAt).toBe(started.startedAt);
    expect(Date.parse(again.lastActivityAt!)).toBeGreaterThan(Date.parse(started.lastActivityAt!));

    await markStarted(db(), b!.expert.id);
    const receipt = await submit(db(), b!.expert.id, submission(), CONSISTENCY);

    const list = await listExperts(db(), survey.id);
    expect(list.map((x) => x.status)).toEqual(['in progress', 'submitted', 'not started']);
    expect(list[1]).toMatchObject({
      submissionCount: 1,
      latest: { submissionId: receipt.submissionId, receivedAt: receipt.receivedAt }
    });
    expect(list[1]!.latest!.consistency).toEqual(CONSISTENCY);
    expect(list[1]!.lastActivityAt).not.toBeNull();
    expect(list[2]!.lastActivityAt).toBeNull();
  });

  it('markStarted: refused before the survey opens (nothing frozen) and after it closes', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 1, 'draft');
    const id = experts[0]!.expert.id;
    await expectStoreError(markStarted(db(), id), 'not_open', 423);
    expect((await getSurvey(db(), survey.id))?.frozenAt).toBeNull();
    expect((await getExpert(db(), id))?.startedAt).toBeNull();
    await setStatus(db(), survey.id, 'closed');
    await expectStoreError(markStarted(db(), id), 'closed', 423);
    await expectStoreError(markStarted(db(), 'no-such-expert'), 'not_found', 404);
  });

  it('joinByOpenLink: a new expert with their own token while the link is on and the survey open', async () => {
    const { survey } = await surveyWithExperts(db(), 1);
    const { token: link } = await setOpenLink(db(), survey.id, true);
    const joined = await joinByOpenLink(db(), link, '  Wang Fang  ', '192.0.2.7', ROOMY);
    expect(joined.expert).toMatchObject({ name: 'Wang Fang', viaOpenLink: true, weight: 1 });
    expect((await findExpertByToken(db(), joined.token))?.expert.id).toBe(joined.expert.id);
    expect((await listExperts(db(), survey.id)).map((x) => x.name)).toEqual([
      'Expert 1',
      'Wang Fang'
    ]);

    await expectStoreError(joinByOpenLink(db(), link, '   ', 'c', ROOMY), 'invalid', 400);
    await expectStoreError(joinByOpenLink(db(), newToken(), 'X', 'c', ROOMY), 'not_found', 404);
    await expectStoreError(joinByOpenLink(db(), 'garbage', 'X', 'c', ROOMY), 'not_found', 404);
    await setStatus(db(), survey.id, 'closed');
    await expectStoreError(joinByOpenLink(db(), link, 'Late', 'c', ROOMY), 'closed', 423);
  });

  it('joinByOpenLink: rate-limited per client and per survey', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    const { token: link } = await setOpenLink(db(), survey.id, true);
    const limits = { perSurvey: 5, perClient: 2, windowSeconds: 3600 };
    await joinByOpenLink(db(), link, 'A1', 'client-1', limits);
    await joinByOpenLink(db(), link, 'A2', 'client-1', limits);
    const e = await expectStoreError(
      joinByOpenLink(db(), link, 'A3', 'client-1', limits),
      'rate_limited',
      429
    );
    expect(e.retryAfter).toBeGreaterThanOrEqual(1);
    expect(e.retryAfter).toBeLessThanOrEqual(2 * 3600);
    // Other clients still get in, up to the survey's limit.
    await joinByOpenLink(db(), link, 'B1', 'client-2', limits);
    await joinByOpenLink(db(), link, 'C1', 'client-3', limits);
    await joinByOpenLink(db(), link, 'D1', 'client-4', limits);
    await expectStoreError(
      joinByOpenLink(db(), link, 'E1', 'client-5', limits),
      'rate_limited',
      429
    );
    expect(await listExperts(db(), survey.id)).toHaveLength(5);
  });
});
