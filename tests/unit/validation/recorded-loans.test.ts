/**
 * The validation page's computation (src/routes/a/[token]/validation/compute.ts) on recorded
 * facts: a version 2 set saved from the ratings survey (tests/unit/weights/ratings-survey.ts,
 * "once" overridden to 50 points) reads R as level labels or ids in either language and L as a
 * number, and the report adds the per-level tables.
 *
 * The loans: clean 100 (5 defaulted), once 100 (30), twice 60 (6), default 20 (10); 51
 * defaulted, 229 repaid. Expected numbers computed independently in Python 3.11 (math.log,
 * math.erfc) from Siddiqi's definitions (Credit Risk Scorecards, 2006):
 *   WoE clean = ln((95/229) / (5/51)) = 1.4425426083365265, once -0.6545985104427103,
 *   twice 0.6953282065063054, default -1.501896370829914; IV 0.9530363216338763;
 *   once (50 points, 30%) against twice (28.04 points, 10%): pooled 36/160,
 *   z = 2.932942300427066, one-sided p = 0.001678831429836181: disputed. The zero level has
 *   20 loans (< 30): shown, not tested.
 */
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeWeightSet, weightSetRequestSchema, type WeightSet } from '../../../src/lib/weights';
import { compute } from '../../../src/routes/a/[token]/validation/compute';
import { CREATED_AT } from '../weights/fixtures';
import { ratingsPanel, ratingsSurvey, recordedLoansCsv } from '../weights/ratings-survey';

let ws: WeightSet;
beforeAll(async () => {
  ws = await computeWeightSet(
    ratingsSurvey(),
    ratingsPanel(),
    v.parse(weightSetRequestSchema, { name: 'v2', overrides: { R: { once: 50 } } }),
    { surveyId: 'ratings', createdAt: CREATED_AT, appVersion: '0.0.0' }
  );
});

const request = (text: string) => ({
  id: 1,
  text,
  outcome: 'default',
  weightSet: ws,
  compare: null,
  cutoff: { grade: 'B' },
  seed: 1,
  resamples: 50
});

describe('the validation page on recorded facts', () => {
  it('scores the loans through the scales and adds per-level tables', () => {
    const out = compute(request(recordedLoansCsv()));
    if (!out.ok) throw new Error(JSON.stringify(out.problem));
    expect(out.report.loans.count).toBe(280);
    const r = out.levels.find((l) => l.leaf === 'R')!;
    expect(r.rows.map((x) => [x.level, x.loans, x.defaults])).toEqual([
      ['clean', 100, 5],
      ['once', 100, 30],
      ['twice', 60, 6],
      ['default', 20, 10]
    ]);
    expect(r.rows.map((x) => x.points)).toEqual([
      100,
      50,
      expect.closeTo(28.040433434662784, 9),
      0
    ]);
    expect(r.rows.map((x) => x.woe)).toEqual(
      [1.4425426083365265, -0.6545985104427103, 0.6953282065063054, -1.501896370829914].map((x) =>
        expect.closeTo(x, 12)
      )
    );
    expect(r.iv).toBeCloseTo(0.9530363216338763, 12);
    expect(r.ivComplete).toBe(true);
    expect(r.disputed).toEqual([
      {
        higher: 'once',
        lower: 'twice',
        rateHigher: 0.3,
        rateLower: 0.1,
        z: expect.closeTo(2.932942300427066, 12),
        p: expect.closeTo(0.001678831429836181, 6)
      }
    ]);
    // L is numeric: its bands, every loan in one of them.
    const l = out.levels.find((x) => x.leaf === 'L')!;
    expect(l.kind).toBe('numeric');
    expect(l.rows.reduce((s, x) => s + x.loans, 0)).toBe(280);
  });

  it('refuses the whole file at an unknown level, naming line, column and the nearest level', () => {
    // Line 4 (the header is line 1), character 4: the cell after "L3,".
    const text = recordedLoansCsv().replace('L3,No overdue', 'L3,No overdu');
    const out = compute(request(text));
    expect(out.ok).toBe(false);
    if (out.ok || out.problem.kind !== 'file') throw new Error('expected a file problem');
    expect(out.problem).toMatchObject({ line: 4, column: 4, code: 'unknown-level', field: 'R' });
    expect(out.problem.detail).toMatch(/did you mean 'No overdue'/);
  });
});
