/**
 * The `current` alias of production's URLs (issue 11, section 2): GET /api/weight-sets/current
 * and POST /api/weight-sets/current/score with the read token of any of the survey's sets answer
 * with the survey's production set and name its id (Pairwise-Weight-Set-Id, and weightSet.id in
 * the scores); 404 with code no_production_set before one is marked; a wrong token is a plain
 * 404, as for an id. On PGlite and PostgreSQL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, markProductionSet, saveWeightSet } from '../../../src/lib/server';
import { weightSetJson, type WeightSet } from '../../../src/lib/weights';
import { GET } from '../../../src/routes/api/weight-sets/[id]/+server';
import { POST } from '../../../src/routes/api/weight-sets/[id]/score/+server';
import { BACKENDS, useDb } from '../../support/backends';
import { definition } from '../server/fixtures';
import { presetWeightSet } from '../weights/fixtures';
import { scorecardWeightSet } from '../weights/scorecard-fixtures';
import { event } from './hostile';

const ORIGIN = 'http://127.0.0.1:4173';

describe.each(BACKENDS)('the current alias on $name', (backend) => {
  const db = useDb(backend);
  let surveyId: string;
  let preset: { id: string; token: string; ws: WeightSet };
  let scorecard: { id: string; token: string; ws: WeightSet };

  beforeAll(async () => {
    const { survey } = await createSurvey(db(), definition());
    surveyId = survey.id;
    const ws1 = await presetWeightSet();
    const s1 = await saveWeightSet(db(), survey.id, 'Preset', ws1);
    preset = { id: s1.id, token: s1.readToken, ws: ws1 };
    const ws2 = await scorecardWeightSet();
    const s2 = await saveWeightSet(db(), survey.id, 'Scorecard', ws2);
    scorecard = { id: s2.id, token: s2.readToken, ws: ws2 };
  }, 60_000);

  async function get(id: string, token: string) {
    // In the query: a header cannot carry a lone surrogate (the URL encodes it as U+FFFD).
    const url = new URL(`${ORIGIN}/api/weight-sets/${id}`);
    url.searchParams.set('token', token);
    const request = new Request(url);
    const response = (await GET(event(db(), { id }, request) as never)) as Response;
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async function score(id: string, token: string, records: unknown[]) {
    const url = new URL(`${ORIGIN}/api/weight-sets/${id}/score`);
    url.searchParams.set('token', token);
    const request = new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records })
    });
    const response = (await POST(event(db(), { id }, request) as never)) as Response;
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, any>
    };
  }

  it('before any set is marked: 404 with code no_production_set, never a 5xx', async () => {
    const g = await get('current', preset.token);
    expect(g.status).toBe(404);
    expect(JSON.parse(g.text)).toMatchObject({
      code: 'no_production_set',
      message: expect.stringContaining('no production weight set yet')
    });
    const s = await score('current', preset.token, [{ id: 'x' }]);
    expect(s.status).toBe(404);
    expect(s.body.code).toBe('no_production_set');
  });

  it('a wrong or missing token: the same plain 404 as a wrong id', async () => {
    for (const token of ['', 'A'.repeat(32), '\ud800', 'x'.repeat(10_000)]) {
      const g = await get('current', token);
      expect(g.status).toBe(404);
      expect(JSON.parse(g.text)).toEqual({ message: 'Not found' });
      const s = await score('current', token, []);
      expect(s.status).toBe(404);
      expect(s.body).toEqual({ message: 'Not found' });
    }
  });

  it('resolves to the marked set, names its id, and follows a change', async () => {
    await markProductionSet(db(), surveyId, preset.id);
    // With the scorecard set's token too: any of the survey's read tokens.
    for (const token of [preset.token, scorecard.token]) {
      const g = await get('current', token);
      expect(g.status).toBe(200);
      expect(g.headers.get('pairwise-weight-set-id')).toBe(preset.id);
      expect(g.headers.get('cache-control')).toBe('no-store');
      expect(g.text).toBe(weightSetJson(preset.ws));
    }
    await markProductionSet(db(), surveyId, scorecard.id);
    const g = await get('current', preset.token);
    expect(g.headers.get('pairwise-weight-set-id')).toBe(scorecard.id);
    expect(g.text).toBe(weightSetJson(scorecard.ws));

    // The worked example of docs/scorecard.md scores 95 (AAA) with the scorecard set.
    const record = { id: 'A', x1: 'Good', x2: 0.25, y1: 'clean', y2: 0.5, y3: 80 };
    const s = await score('current', preset.token, [record]);
    expect(s.status).toBe(200);
    expect(s.headers.get('pairwise-weight-set-id')).toBe(scorecard.id);
    expect(s.body.weightSet).toMatchObject({ id: scorecard.id, hash: scorecard.ws.hash.value });
    expect(s.body.results[0].total).toBeCloseTo(95, 12);
    expect(s.body.results[0].grade).toBe('AAA');
  });

  it('a set fetched by its id names its id too', async () => {
    const g = await get(preset.id, preset.token);
    expect(g.status).toBe(200);
    expect(g.headers.get('pairwise-weight-set-id')).toBe(preset.id);
    expect((await get(preset.id, scorecard.token)).status).toBe(404);
  });
});
