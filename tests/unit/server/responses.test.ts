/** Submissions on both backends: stored once per id, acknowledged after commit, latest counts. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/lib/server/errors';
import { getExpert } from '../../../src/lib/server/experts';
import {
  latestSubmissionOf,
  latestSubmissions,
  submissionHistory,
  submit,
  type Receipt
} from '../../../src/lib/server/responses';
import { getSurvey, setStatus } from '../../../src/lib/server/surveys';
import { BACKENDS, useDb } from '../../support/backends';
import { CONSISTENCY, expectStoreError, submission, surveyWithExperts } from './fixtures';

describe.each(BACKENDS)('responses on $name', (backend) => {
  const db = useDb(backend);

  async function rowsOf(submissionId: string): Promise<number> {
    const [row] = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM submissions WHERE submission_id = $1::uuid',
      [submissionId]
    );
    return row?.n ?? -1;
  }

  it('submit stores the judgments exactly and returns a receipt', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 1);
    const expert = experts[0]!.expert;
    const input = submission();
    const receipt = await submit(db(), expert.id, input, CONSISTENCY);
    expect(receipt).toEqual({
      submissionId: input.submissionId,
      receivedAt: expect.any(String),
      duplicate: false
    });
    const [stored] = await submissionHistory(db(), expert.id);
    expect(stored).toMatchObject({
      submissionId: input.submissionId,
      expertId: expert.id,
      surveyId: survey.id,
      clientCreatedAt: input.clientCreatedAt,
      receivedAt: receipt.receivedAt
    });
    // 1/3 and friends survive the trip through jsonb bit for bit; null stays null.
    expect(stored!.judgments).toEqual(input.judgments);
    expect(stored!.judgments.B2![9]).toBeNull();
    expect(stored!.consistency).toEqual(CONSISTENCY);
    // A submission counts as activity, starts the expert and freezes the hierarchy.
    const after = await getExpert(db(), expert.id);
    expect(after?.startedAt).not.toBeNull();
    expect(after?.lastActivityAt).not.toBeNull();
    expect((await getSurvey(db(), survey.id))?.frozenAt).not.toBeNull();
  });

  it('the same submission id 5 times at once: one row, five equal receipts', async () => {
    const { experts } = await surveyWithExperts(db(), 1);
    const input = submission();
    const receipts = await Promise.all(
      Array.from({ length: 5 }, () => submit(db(), experts[0]!.expert.id, input, CONSISTENCY))
    );
    expect(await rowsOf(input.submissionId)).toBe(1);
    expect(receipts.filter((r) => !r.duplicate)).toHaveLength(1);
    const strip = ({ submissionId, receivedAt }: Receipt) => ({ submissionId, receivedAt });
    for (const r of receipts) expect(strip(r)).toEqual(strip(receipts[0]!));

    // A late resend (an outbox after a lost answer), in upper case: the original receipt.
    const late = await submit(
      db(),
      experts[0]!.expert.id,
      { ...input, submissionId: input.submissionId.toUpperCase() },
      CONSISTENCY
    );
    expect(late).toEqual({ ...strip(receipts[0]!), duplicate: true });
    expect(await rowsOf(input.submissionId)).toBe(1);
  });

  it('the same submission id from another expert: 409, the first stays', async () => {
    const { experts } = await surveyWithExperts(db(), 2);
    const input = submission();
    await submit(db(), experts[0]!.expert.id, input, CONSISTENCY);
    await expectStoreError(
      submit(db(), experts[1]!.expert.id, input, CONSISTENCY),
      'conflict',
      409
    );
    expect(await submissionHistory(db(), experts[1]!.expert.id)).toEqual([]);
    expect((await latestSubmissionOf(db(), experts[0]!.expert.id))?.expertId).toBe(
      experts[0]!.expert.id
    );
  });

  it('a survey that is not open takes nothing (423); a resend of what it took still gets its receipt', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 2, 'draft');
    const [a, b] = experts.map((x) => x.expert.id);
    const early = submission();
    await expectStoreError(submit(db(), a!, early, CONSISTENCY), 'not_open', 423);
    expect(await rowsOf(early.submissionId)).toBe(0);
    expect((await getSurvey(db(), survey.id))?.frozenAt).toBeNull();

    await setStatus(db(), survey.id, 'open');
    const taken = submission();
    const receipt = await submit(db(), a!, taken, CONSISTENCY);
    await setStatus(db(), survey.id, 'closed');

    const late = submission();
    await expectStoreError(submit(db(), b!, late, CONSISTENCY), 'closed', 423);
    expect(await rowsOf(late.submissionId)).toBe(0);
    expect((await getExpert(db(), b!))?.lastActivityAt).toBeNull();
    expect(await submit(db(), a!, taken, CONSISTENCY)).toEqual({ ...receipt, duplicate: true });
  });

  it('the latest submission counts; earlier ones are kept', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 3);
    const [a, b, c] = experts.map((x) => x.expert.id);
    const first = submission();
    const second = submission({ judgments: { ...first.judgments, B1: [1 / 7] } });
    const third = submission({ judgments: { ...first.judgments, B1: [9] } });
    await submit(db(), b!, first, CONSISTENCY);
    const fromA = submission();
    await submit(db(), a!, fromA, {});
    await submit(db(), b!, second, CONSISTENCY);
    await submit(db(), b!, third, CONSISTENCY);

    const history = await submissionHistory(db(), b!);
    expect(history.map((s) => s.submissionId)).toEqual([
      first.submissionId,
      second.submissionId,
      third.submissionId
    ]);
    expect(history[0]!.seq).toBeLessThan(history[1]!.seq);
    expect((await latestSubmissionOf(db(), b!))?.judgments.B1).toEqual([9]);
    expect(await latestSubmissionOf(db(), c!)).toBeNull();

    const latest = await latestSubmissions(db(), survey.id);
    expect(latest.map((s) => [s.expertId, s.submissionId])).toEqual([
      [a, fromA.submissionId],
      [b, third.submissionId]
    ]);
  });

  it('bad input: 400 for a malformed id or timestamp, 404 for an unknown expert', async () => {
    const { experts } = await surveyWithExperts(db(), 1);
    const id = experts[0]!.expert.id;
    await expectStoreError(
      submit(db(), id, submission({ submissionId: 'not-a-uuid' }), CONSISTENCY),
      'invalid',
      400
    );
    await expectStoreError(
      submit(db(), id, submission({ clientCreatedAt: 'yesterday-ish' }), CONSISTENCY),
      'invalid',
      400
    );
    await expectStoreError(submit(db(), 'nobody', submission(), CONSISTENCY), 'not_found', 404);
    expect(await submissionHistory(db(), id)).toEqual([]);
  });

  it('closing while submissions arrive: every acknowledged one is stored, every refused one is not', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 4);
    const inputs = Array.from({ length: 40 }, (_, k) => ({
      expertId: experts[k % 4]!.expert.id,
      input: submission({ submissionId: randomUUID() })
    }));
    const outcomes = await Promise.all(
      inputs.map(async ({ expertId, input }, k) => {
        if (k === 20) await setStatus(db(), survey.id, 'closed');
        try {
          return { id: input.submissionId, receipt: await submit(db(), expertId, input, {}) };
        } catch (e) {
          if (e instanceof StoreError && e.status === 423) return { id: input.submissionId };
          throw e;
        }
      })
    );
    const acknowledged = outcomes.filter((o) => 'receipt' in o).map((o) => o.id);
    const refused = outcomes.filter((o) => !('receipt' in o)).map((o) => o.id);
    expect(acknowledged.length + refused.length).toBe(40);
    const stored = await db().query<{ id: string }>(
      'SELECT submission_id::text AS id FROM submissions WHERE survey_id = $1',
      [survey.id]
    );
    expect(stored.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    // After close returned, nothing more gets in.
    await expectStoreError(submit(db(), experts[0]!.expert.id, submission(), {}), 'closed', 423);
  });

  it('submissions that arrive together are stored in one transaction, each with its own outcome', async () => {
    const { survey, experts } = await surveyWithExperts(db(), 3);
    const [a, b, c] = experts.map((x) => x.expert.id);
    const closed = await surveyWithExperts(db(), 1, 'closed');
    const storedBefore = submission();
    const before = await submit(db(), a!, storedBefore, CONSISTENCY);
    const shared = submission();
    const fromB = [submission(), submission(), submission()];

    // All made in one turn of the event loop: they go to the database as one batch.
    const calls: Array<[string, Promise<Receipt>]> = [
      ['new from a', submit(db(), a!, submission(), CONSISTENCY)],
      ['resend of a stored one', submit(db(), a!, storedBefore, CONSISTENCY)],
      ['stored id, other expert', submit(db(), b!, { ...storedBefore }, CONSISTENCY)],
      ['unknown expert', submit(db(), 'nobody', submission(), CONSISTENCY)],
      ['closed survey', submit(db(), closed.experts[0]!.expert.id, submission(), CONSISTENCY)],
      ['new id, first arrival', submit(db(), c!, shared, CONSISTENCY)],
      ['new id, same expert again', submit(db(), c!, shared, CONSISTENCY)],
      ['new id, other expert', submit(db(), a!, shared, CONSISTENCY)],
      ...fromB.map((x, k): [string, Promise<Receipt>] => [
        `b's ${k + 1}`,
        submit(db(), b!, x, CONSISTENCY)
      ])
    ];
    const outcomes = await Promise.allSettled(calls.map(([, p]) => p));
    const byName = new Map(
      calls.map(([name], k) => {
        const o = outcomes[k]!;
        return [
          name,
          o.status === 'fulfilled'
            ? o.value
            : `${(o.reason as StoreError).status} ${(o.reason as StoreError).code}`
        ];
      })
    );
    const fresh = (name: string) => byName.get(name) as Receipt;
    expect(fresh('new from a').duplicate).toBe(false);
    expect(byName.get('resend of a stored one')).toEqual({ ...before, duplicate: true });
    expect(byName.get('stored id, other expert')).toBe('409 conflict');
    expect(byName.get('unknown expert')).toBe('404 not_found');
    expect(byName.get('closed survey')).toBe('423 closed');
    expect(fresh('new id, first arrival').duplicate).toBe(false);
    expect(byName.get('new id, same expert again')).toEqual({
      ...fresh('new id, first arrival'),
      duplicate: true
    });
    expect(byName.get('new id, other expert')).toBe('409 conflict');
    // One transaction: now() is its start, the same for every submission stored by it.
    const stamps = new Set(
      ['new from a', 'new id, first arrival', "b's 1", "b's 2", "b's 3"].map(
        (name) => fresh(name).receivedAt
      )
    );
    expect(stamps.size).toBe(1);

    // Stored once each; b's three in the order they arrived, so the last one counts.
    expect(await rowsOf(shared.submissionId)).toBe(1);
    expect(await rowsOf(storedBefore.submissionId)).toBe(1);
    expect((await submissionHistory(db(), b!)).map((s) => s.submissionId)).toEqual(
      fromB.map((x) => x.submissionId)
    );
    expect((await submissionHistory(db(), c!)).map((s) => s.submissionId)).toEqual([
      shared.submissionId
    ]);
    expect(await submissionHistory(db(), closed.experts[0]!.expert.id)).toEqual([]);
    const latest = await latestSubmissions(db(), survey.id);
    expect(latest.find((s) => s.expertId === b)?.submissionId).toBe(fromB[2]!.submissionId);
  });
});
