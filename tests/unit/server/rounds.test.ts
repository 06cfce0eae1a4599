/**
 * Delphi rounds on both backends: a submission records its round, a closed round refuses
 * answers (nothing stored), every round's submissions are kept, a round can ask some experts
 * only, and a round's panel carries forward the answers of experts who did not answer again.
 */
import { describe, expect, it } from 'vitest';
import { loadPanel } from '../../../src/lib/server/panels';
import { submissionHistory, submit } from '../../../src/lib/server/responses';
import {
  answersUpTo,
  getDelphiSettings,
  getRound,
  listRounds,
  openNextRound,
  setDelphiSettings
} from '../../../src/lib/server/rounds';
import { getSurvey, setStatus } from '../../../src/lib/server/surveys';
import { DEFAULT_DELPHI } from '../../../src/lib/survey';
import { BACKENDS, useDb } from '../../support/backends';
import { CONSISTENCY, expectStoreError, submission, surveyWithExperts } from './fixtures';

const GROUPS = ['A1', 'B1', 'B2', 'B3', 'B4'];

describe.each(BACKENDS)('Delphi rounds on $name', (backend) => {
  const db = useDb(backend);

  async function count(surveyId: string): Promise<number> {
    const [row] = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM submissions WHERE survey_id = $1',
      [surveyId]
    );
    return row!.n;
  }

  it('a survey without rounds is in round 1 and stores submissions as round 1', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 1);
    expect(survey.round).toBe(1);
    expect(await listRounds(db(), survey.id)).toEqual([
      { number: 1, experts: null, groups: null, settledBy: null, openedAt: null }
    ]);
    await submit(db(), experts[0]!.expert.id, submission(), CONSISTENCY);
    const [stored] = await submissionHistory(db(), experts[0]!.expert.id);
    expect(stored!.round).toBe(1);
    expect(stored!.reasons).toBeNull();
  });

  it('closing round 1 refuses its late answers (nothing stored), keeps every round', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 2);
    const [a, b] = experts.map((e) => e.expert.id);
    const first = submission();
    await submit(db(), a!, first, CONSISTENCY);
    const round2 = await openNextRound(db(), survey.id, {}, GROUPS);
    expect(round2).toMatchObject({ number: 2, experts: null, groups: null });
    expect((await getSurvey(db(), survey.id))!.round).toBe(2);

    // Expert b's outbox still holds a round-1 submission: refused, nothing stored.
    const before = await count(survey.id);
    const late = await expectStoreError(
      submit(db(), b!, submission({ round: 1 }), CONSISTENCY),
      'round_closed',
      423
    );
    expect(late.message).toContain('Round 1 is closed');
    expect(late.message).toContain('round 2');
    // Absent round means round 1: refused the same way.
    await expectStoreError(submit(db(), b!, submission(), CONSISTENCY), 'round_closed', 423);
    expect(await count(survey.id)).toBe(before);
    // A round that has not started is a bad request.
    await expectStoreError(submit(db(), b!, submission({ round: 3 }), CONSISTENCY), 'invalid', 400);
    // A resend of the round-1 submission that was stored still gets its receipt.
    const resend = await submit(db(), a!, { ...first, round: 1 }, CONSISTENCY);
    expect(resend.duplicate).toBe(true);

    // Round 2 takes answers, with reasons; both rounds are kept.
    const second = submission({
      round: 2,
      reasons: { B1: ['Insurance is rare in the villages'] }
    });
    await submit(db(), a!, second, CONSISTENCY);
    const history = await submissionHistory(db(), a!);
    expect(history.map((s) => s.round)).toEqual([1, 2]);
    expect(history[1]!.reasons).toEqual({ B1: ['Insurance is rare in the villages'] });
    expect((await answersUpTo(db(), a!, 1))!.round).toBe(1);
    expect((await answersUpTo(db(), a!, 2))!.round).toBe(2);
    expect(await answersUpTo(db(), b!, 2)).toBeNull();
  });

  it("a round's panel: each expert's latest answers of that round or before", async () => {
    const { survey, experts } = await surveyWithExperts(db(), 2);
    const [a, b] = experts.map((e) => e.expert.id);
    await submit(
      db(),
      a!,
      submission({ judgments: { ...submission().judgments, B1: [3] } }),
      CONSISTENCY
    );
    await submit(
      db(),
      b!,
      submission({ judgments: { ...submission().judgments, B1: [5] } }),
      CONSISTENCY
    );
    await openNextRound(db(), survey.id, {}, GROUPS);
    await submit(
      db(),
      a!,
      submission({ round: 2, judgments: { ...submission().judgments, B1: [4] } }),
      CONSISTENCY
    );
    const one = await loadPanel(db(), survey.id, 1);
    const two = await loadPanel(db(), survey.id, 2);
    expect(one.map((e) => [e.judgments.B1, e.round])).toEqual([
      [[3], 1],
      [[5], 1]
    ]);
    // b did not answer again: their round-1 answers carry forward into round 2.
    expect(two.map((e) => [e.judgments.B1, e.round])).toEqual([
      [[4], 2],
      [[5], 1]
    ]);
    // Without a round: the latest (what the results page has always used).
    expect((await loadPanel(db(), survey.id)).map((e) => e.judgments.B1)).toEqual([[4], [5]]);
  });

  it('a round for some experts and some groups refuses the others', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 3);
    const [a, b] = experts.map((e) => e.expert.id);
    const round = await openNextRound(
      db(),
      survey.id,
      { experts: [a!], groups: ['B2'], settledBy: { measure: 'S*', threshold: 0.75 } },
      GROUPS
    );
    expect(await getRound(db(), survey.id, 2)).toEqual(round);
    expect(round).toMatchObject({
      experts: [a],
      groups: ['B2'],
      settledBy: { measure: 'S*', threshold: 0.75 }
    });
    await submit(db(), a!, submission({ round: 2 }), CONSISTENCY);
    const before = await count(survey.id);
    const e = await expectStoreError(
      submit(db(), b!, submission({ round: 2 }), CONSISTENCY),
      'not_asked',
      423
    );
    expect(e.message).toContain('Nothing was stored');
    expect(await count(survey.id)).toBe(before);
  });

  it('refuses bad round requests and keeps the round as it was', async () => {
    const { survey } = await surveyWithExperts(db(), 1);
    await expectStoreError(openNextRound(db(), survey.id, { experts: [] }, GROUPS), 'invalid', 400);
    await expectStoreError(openNextRound(db(), survey.id, { groups: [] }, GROUPS), 'invalid', 400);
    await expectStoreError(
      openNextRound(db(), survey.id, { groups: ['Z9'] }, GROUPS),
      'invalid',
      400
    );
    await expectStoreError(
      openNextRound(db(), survey.id, { experts: ['not-an-expert'] }, GROUPS),
      'invalid',
      400
    );
    await setStatus(db(), survey.id, 'closed');
    await expectStoreError(openNextRound(db(), survey.id, {}, GROUPS), 'closed', 423);
    expect((await getSurvey(db(), survey.id))!.round).toBe(1);
    expect(await listRounds(db(), survey.id)).toHaveLength(1);
  });

  it('closing a round while answers arrive: each is either in round 1 or refused', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 8);
    const sends = experts.map((e) =>
      submit(db(), e.expert.id, submission({ round: 1 }), CONSISTENCY).then(
        () => 'stored' as const,
        (err: { code?: string }) => err.code
      )
    );
    const [outcomes] = await Promise.all([
      Promise.all(sends),
      openNextRound(db(), survey.id, {}, GROUPS)
    ]);
    const stored = outcomes.filter((o) => o === 'stored').length;
    expect(outcomes.every((o) => o === 'stored' || o === 'round_closed')).toBe(true);
    const [row] = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM submissions WHERE survey_id = $1 AND round = 1',
      [survey.id]
    );
    expect(row!.n).toBe(stored);
  });

  it('Delphi settings: stored validated, absent until set', async () => {
    const { survey } = await surveyWithExperts(db(), 0);
    expect(await getDelphiSettings(db(), survey.id)).toBeNull();
    const settings = { reasons: true, stop: { ...DEFAULT_DELPHI.stop, maxRounds: 2 } };
    expect(await setDelphiSettings(db(), survey.id, settings)).toEqual(settings);
    expect(await getDelphiSettings(db(), survey.id)).toEqual(settings);
    await expectStoreError(
      setDelphiSettings(db(), survey.id, {
        ...settings,
        stop: { ...settings.stop, minSStar: Number.NaN }
      }),
      'invalid',
      400
    );
    expect(await getDelphiSettings(db(), survey.id)).toEqual(settings);
  });
});
