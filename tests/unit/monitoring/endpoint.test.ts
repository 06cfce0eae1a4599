/**
 * Production adds a snapshot (POST /api/weight-sets/[id]/snapshots) through its +server.ts
 * handler with a stub event on PGlite: the read token is the key; every bad request gets a 4xx
 * JSON answer that says what is wrong (and where, for the file), and nothing is stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../../src/routes/api/weight-sets/[id]/snapshots/+server';
import { listSnapshots } from '../../../src/lib/server/snapshots';
import { saveWeightSet } from '../../../src/lib/server/weight-sets';
import { newToken } from '../../../src/lib/server/tokens';
import { pgliteBackend, useDb } from '../../support/backends';
import { surveyWithExperts } from '../server/fixtures';
import { NOW_CSV, scorecardWeightSet } from './fixtures';

const db = useDb(pgliteBackend);
let set: { id: string; readToken: string; surveyId: string };

beforeAll(async () => {
  const { survey } = await surveyWithExperts(db(), 0);
  const saved = await saveWeightSet(db(), survey.id, 'Scorecard', await scorecardWeightSet());
  set = { id: saved.id, readToken: saved.readToken, surveyId: survey.id };
});

async function post(
  body: BodyInit | null,
  {
    query = 'name=June&as_of=2026-06-30',
    token = set.readToken,
    id = set.id,
    type = 'text/csv'
  } = {}
) {
  const url = `http://localhost/api/weight-sets/${id}/snapshots?${query}`;
  const request = new Request(url, {
    method: 'POST',
    body,
    headers: { ...(type ? { 'content-type': type } : {}), authorization: `Bearer ${token}` }
  });
  const response = await POST({
    params: { id },
    request,
    url: new URL(url),
    locals: { db: db() },
    route: { id: '/api/weight-sets/[id]/snapshots' }
  } as unknown as Parameters<typeof POST>[0]);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/weight-sets/[id]/snapshots', () => {
  it('scores and stores a snapshot sent with the read token', async () => {
    const r = await post(NOW_CSV);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'June',
      asOf: '2026-06-30',
      loans: 6,
      source: 'production',
      weightSetId: set.id
    });
    expect(await listSnapshots(db(), set.surveyId)).toHaveLength(1);
  });

  it.each([
    ['a wrong token', { token: newToken() }, 404, /Not found/],
    ['a wrong id', { id: 'AAAAAAAAAAAA' }, 404, /Not found/],
    ['JSON', { type: 'application/json' }, 415, /send the loans as CSV/],
    ['a form', { type: 'multipart/form-data; boundary=x' }, 415, /send the loans as CSV/],
    ['no name', { query: 'as_of=2026-06-30' }, 400, /name of 1 to 200/],
    ['an impossible date', { query: 'name=x&as_of=2026-02-30' }, 400, /that month has 28 days/],
    ['a date that is no date', { query: 'name=x&as_of=June' }, 400, /YYYY-MM-DD/]
  ])('refuses %s', async (_, options, status, message) => {
    const before = (await listSnapshots(db(), set.surveyId)).length;
    const r = await post(NOW_CSV, options);
    expect(r.status).toBe(status);
    expect(String(r.body.message)).toMatch(message);
    expect(await listSnapshots(db(), set.surveyId)).toHaveLength(before);
  });

  it('refuses an empty body, and a bad file with every problem placed', async () => {
    const before = (await listSnapshots(db(), set.surveyId)).length;
    expect((await post('')).status).toBe(400);
    const bad = await post(
      `${NOW_CSV}\r\nL1,good,0,clean,0,100,0,0\r\nL\u0000,good,0,clean,0,100,0,0`
    );
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      {
        line: 8,
        column: 1,
        field: 'id',
        message: expect.stringMatching(/loan 'L1' appears twice \(also on line 2\)/),
        problem: { code: 'snapshot-id-twice', params: { id: 'L1', line: 2 } }
      },
      {
        line: 9,
        column: 1,
        field: 'id',
        message: expect.stringMatching(/NUL character/),
        problem: { code: 'text-nul', params: { what: 'loan-id', at: 2 } }
      }
    ]);
    expect(bad.body.more).toBe(0);
    expect(await listSnapshots(db(), set.surveyId)).toHaveLength(before);
  });

  it('refuses a body over the limit before reading it all', async () => {
    // Declared 64 MB: refused by the declared length, before a byte is read.
    const url = `http://localhost/api/weight-sets/${set.id}/snapshots?name=x&as_of=2026-06-30`;
    const request = new Request(url, {
      method: 'POST',
      body: 'id\n',
      headers: {
        'content-type': 'text/csv',
        'content-length': String(64 * 1024 * 1024),
        authorization: `Bearer ${set.readToken}`
      }
    });
    const response = await POST({
      params: { id: set.id },
      request,
      url: new URL(url),
      locals: { db: db() }
    } as unknown as Parameters<typeof POST>[0]);
    const r = { status: response.status, body: (await response.json()) as { message: string } };
    expect(r.status).toBe(413);
    expect(r.body.message).toMatch(/BODY_SIZE_LIMIT/);
  });
});
