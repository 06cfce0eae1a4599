/**
 * The experts page's load and the Delphi form's list of names against real databases (PGlite
 * and PostgreSQL): one page of rows in the data, the whole panel's counts, the query refused by
 * name, and the names endpoint for the admin token only. A panel of 120 invited experts, 50 a
 * page: expert k (0-based) has, by k % 4: 0 not started, 1 started, 2 submitted consistent,
 * 3 submitted with B2 inconsistent (its first judgment 1/9 against a row of 2, 3, 2: CR far
 * above 0.1; the same matrix the phone test flags).
 */
import { randomUUID } from 'node:crypto';
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { markStarted, submit, type Db } from '../../../src/lib/server';
import { checkSubmission } from '../../../src/lib/survey';
import { load } from '../../../src/routes/a/[token]/experts/+page.server';
import { GET as namesGet } from '../../../src/routes/a/[token]/experts/names/+server';
import { BACKENDS, useDb } from '../../support/backends';
import { definition, surveyWithExperts } from '../server/fixtures';

const ORIGIN = 'http://127.0.0.1:4522';
const CONSISTENT: Record<string, number[]> = {
  A1: [1 / 3, 2, 1, 5, 3, 1 / 2],
  B1: [3],
  B2: [2, 3, 2, 1, 2, 1, 1 / 2, 1 / 2, 1 / 3, 1 / 2],
  B3: [3, 1 / 2, 1 / 5],
  B4: [1, 2, 1, 3, 2, 1, 2, 1 / 2, 1, 2]
};
const INCONSISTENT = { ...CONSISTENT, B2: [1 / 9, ...CONSISTENT.B2!.slice(1)] };

type Loaded = {
  experts: Array<{ id: string; name: string; status: string; flags: unknown }>;
  counts: Record<string, number>;
  list: {
    query: { q: string; show: string; page: number };
    matching: number;
    pages: number;
    from: number;
    pastEnd: boolean;
    problem: unknown;
    typed: string;
  };
  rounds: { round: { summary: Record<string, unknown> } };
};

async function seed(db: Db) {
  const { survey, adminToken, experts } = await surveyWithExperts(db, 120);
  for (const [k, { expert }] of experts.entries()) {
    if (k % 4 === 1) await markStarted(db, expert.id);
    if (k % 4 < 2) continue;
    const { submission, consistency } = checkSubmission(definition(), {
      submissionId: randomUUID(),
      judgments: k % 4 === 2 ? CONSISTENT : INCONSISTENT
    });
    await submit(db, expert.id, submission, consistency);
  }
  return { survey, adminToken, ids: experts.map((x) => x.expert.id) };
}

describe.each(BACKENDS)('the experts page of 120 experts on $name', (backend) => {
  const db = useDb(backend);
  let fixture: Awaited<ReturnType<typeof seed>> | null = null;
  const seeded = async () => (fixture ??= await seed(db()));

  async function open(search: string, token?: string): Promise<Loaded> {
    const { adminToken } = await seeded();
    const url = new URL(`${ORIGIN}/a/${token ?? adminToken}/experts${search}`);
    return (await load({
      locals: { db: db() },
      params: { token: token ?? adminToken },
      url
    } as never)) as unknown as Loaded;
  }

  it('sends one page of rows and the whole panel counted', async () => {
    const { ids } = await seeded();
    const first = await open('');
    expect(first.experts.map((e) => e.id)).toEqual(ids.slice(0, 50));
    expect(first.counts).toEqual({
      invited: 120,
      notStarted: 30,
      inProgress: 30,
      submitted: 60,
      consistent: 30,
      flagged: 30
    });
    expect(first.list).toMatchObject({ matching: 120, pages: 3, from: 0, problem: null });
    // Only the open round, without the per-expert figures (the results page's to show).
    expect(Object.keys(first.rounds).sort()).toEqual(['current', 'round', 'settings']);
    expect(first.rounds.round).toMatchObject({ number: 1, summary: { experts: 60 } });
    expect(first.rounds.round).not.toHaveProperty('change');
    expect(first.rounds.round.summary).not.toHaveProperty('distances');
    const last = await open('?page=3');
    expect(last.experts.map((e) => e.id)).toEqual(ids.slice(100));
  }, 120_000);

  it('filters by status and CR flags and finds by name, paged', async () => {
    const { ids } = await seeded();
    const flagged = await open('?show=flagged');
    expect(flagged.experts.map((e) => e.id)).toEqual(ids.filter((_, k) => k % 4 === 3));
    for (const row of flagged.experts) {
      expect(row.status).toBe('submitted');
      expect(row.flags).toEqual(
        expect.arrayContaining([expect.objectContaining({ nodeId: 'B2', consistent: false })])
      );
    }
    const notStarted = await open('?show=not-started&page=1');
    expect(notStarted.experts.map((e) => e.id)).toEqual(ids.filter((_, k) => k % 4 === 0));
    // "Expert 1" is in Expert 1, 10-19 and 100-120: 1 + 10 + 21 = 32, one page.
    const found = await open('?q=EXPERT%201');
    expect(found.list).toMatchObject({ matching: 32, pages: 1, from: 0 });
    expect(found.experts.map((e) => e.name).slice(0, 3)).toEqual([
      'Expert 1',
      'Expert 10',
      'Expert 11'
    ]);
    expect(found.experts.at(-1)?.name).toBe('Expert 120');
    const paged = await open('?q=expert&page=3');
    expect(paged.list).toMatchObject({ matching: 120, pages: 3, from: 100 });
    expect(paged.experts.map((e) => e.id)).toEqual(ids.slice(100));
  }, 120_000);

  it('says a damaged query by name and sends no rows; a page past the end says so', async () => {
    for (const [search, problem] of [
      ['?page=0', { field: 'page' }],
      ['?page=abc', { field: 'page' }],
      ['?show=everyone', { field: 'show' }],
      [`?q=${'x'.repeat(201)}`, { field: 'q', reason: 'long' }],
      ['?q=a%00b', { field: 'q', reason: 'characters', at: 2 }]
    ] as const) {
      const loaded = await open(search);
      expect(loaded.list.problem, search).toEqual(problem);
      expect(loaded.experts, search).toEqual([]);
      expect(loaded.counts.invited, search).toBe(120);
    }
    // What was typed comes back for the search field, a control character as U+FFFD.
    expect((await open('?q=a%00b')).list.typed).toBe('a\uFFFDb');
    const past = await open('?page=9');
    expect(past.list).toMatchObject({ pastEnd: true, pages: 3, problem: null });
    expect(past.experts).toEqual([]);
  }, 120_000);

  it("lists every expert's name for the Delphi form, for the admin token only", async () => {
    const { adminToken, ids } = await seeded();
    const answer = await namesGet({
      locals: { db: db() },
      params: { token: adminToken }
    } as never);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = (await answer.json()) as { experts: Array<{ id: string; name: string }> };
    expect(body.experts.map((e) => e.id)).toEqual(ids);
    expect(body.experts[119]).toEqual({ id: ids[119], name: 'Expert 120', role: 'academic' });
    for (const token of ['x'.repeat(32), '', 'a'.repeat(5000)]) {
      const refused = await Promise.resolve()
        .then(() => namesGet({ locals: { db: db() }, params: { token } } as never))
        .then(
          () => null,
          (e: unknown) => e
        );
      expect(isHttpError(refused) && refused.status).toBe(404);
    }
  }, 120_000);
});
