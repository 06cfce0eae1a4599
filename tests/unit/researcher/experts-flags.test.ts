/**
 * The experts page's counts and CR flags, read from the open round's one analysis (issue 12: the
 * page rechecked every submission apart and analysed every round), against an independent
 * recomputation, on both storage backends:
 * - every flag's CR from this file's own eigenvector (power iteration) or row geometric mean and
 *   the published random-index tables, under settings changed after the answers came in (the
 *   CR stored on receipt is then stale, and the test makes sure some flag differs from it);
 * - the same flags, bit for bit, as the page's former per-submission recheck (recheckedFlags);
 * - a Delphi round 2: the open round's view equal to the one roundsData gives (every round
 *   analysed, as the page did), stop rule and stability included;
 * - a ratings group (a leaf's levels): E3's CR 0.7902520368808594, numpy (ratings-survey.ts);
 * - "no opinion" refused after an expert used it: the CR stored on receipt, against the current
 *   threshold, as before (even when the method changed too).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticUpper } from '../../../src/lib/ahp';
import {
  createSurvey,
  inviteExperts,
  loadPanel,
  markStarted,
  setDelphiSettings,
  setStatus,
  openNextRound,
  submit,
  updateSettings,
  type Db
} from '../../../src/lib/server';
import {
  askedGroupsOf,
  checkSubmission,
  DEFAULT_DELPHI,
  type SurveyDefinition,
  type SurveySettings
} from '../../../src/lib/survey';
import { load } from '../../../src/routes/a/[token]/experts/+page.server';
import { recheckedFlags, type NodeFlag } from '../../../src/routes/a/[token]/experts/flags';
import { roundsData } from '../../../src/routes/a/[token]/rounds.server';
import { BACKENDS, useDb } from '../../support/backends';
import { CR_E3, RATINGS_JUDGMENTS, ratingsSurvey } from '../weights/ratings-survey';
import { definition } from '../server/fixtures';

const ORIGIN = 'http://127.0.0.1:4622';

type Row = { id: string; status: string; flags: NodeFlag[] | null };
type Loaded = { experts: Row[]; counts: Record<string, number>; rounds: unknown };

async function open(db: Db, adminToken: string, search = ''): Promise<Loaded> {
  return (await load({
    locals: { db },
    params: { token: adminToken },
    url: new URL(`${ORIGIN}/a/${adminToken}/experts${search}`)
  } as never)) as unknown as Loaded;
}

// The random-index tables as published (Saaty 1980, Saaty 2005 p. 31, Alonso and Lamata 2006),
// n = 1..5: all a survey of the farm-credit model needs.
const RI: Record<string, number[]> = {
  'saaty-1980': [0, 0, 0.58, 0.9, 1.12],
  'saaty-2005': [0, 0, 0.52, 0.89, 1.11],
  'alonso-lamata': [0, 0, 0.5245, 0.8815, 1.1086]
};

/** The full matrix of an upper triangle without gaps, a_ji = 1 / a_ij. */
function matrix(upper: number[]): number[][] {
  const n = (1 + Math.sqrt(1 + 8 * upper.length)) / 2;
  const a = Array.from({ length: n }, () => Array<number>(n).fill(1));
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      a[i]![j] = upper[k]!;
      a[j]![i] = 1 / upper[k++]!;
    }
  return a;
}

/**
 * CR written out apart from the engine: the principal eigenvector by plain power iteration
 * (Saaty 1980) or the row geometric mean (Crawford and Williams 1985), lambda_max = (1/n)
 * sum_i (A w)_i / w_i, CI = (lambda_max - n) / (n - 1), CR = CI / RI(n); 0 for n <= 2.
 */
function independentCr(upper: number[], method: string, table: string): number {
  const a = matrix(upper);
  const n = a.length;
  if (n <= 2) return 0;
  const times = (w: number[]) => a.map((row) => row.reduce((s, x, j) => s + x * w[j]!, 0));
  let w: number[];
  if (method === 'geometric-mean') {
    const g = a.map((row) => row.reduce((p, x) => p * x, 1) ** (1 / n));
    w = g.map((x) => x / g.reduce((s, y) => s + y, 0));
  } else {
    w = Array<number>(n).fill(1 / n);
    for (let step = 0; step < 10_000; step++) {
      const next = times(w);
      const sum = next.reduce((s, x) => s + x, 0);
      const moved = Math.max(...next.map((x, i) => Math.abs(x / sum - w[i]!)));
      w = next.map((x) => x / sum);
      if (moved < 1e-16) break;
    }
  }
  const aw = times(w);
  const lambda = aw.reduce((s, x, i) => s + x / w[i]!, 0) / n;
  return (lambda - n) / (n - 1) / RI[table]![n - 1]!;
}

/** The threshold policy for n: a number, or Saaty's by size (0.05 at 3, 0.08 at 4, else 0.1). */
const thresholdFor = (n: number, t: SurveySettings['threshold']) =>
  t !== 'saaty-by-size' ? t : n === 3 ? 0.05 : n === 4 ? 0.08 : 0.1;

/** Seeded plausible answers of expert k (noise growing with k % 3), complete. */
function answers(def: SurveyDefinition, k: number): Record<string, number[]> {
  const random = seededRandom(1000 + k);
  const out: Record<string, number[]> = {};
  for (const c of askedGroupsOf(def)) {
    const w = c.children.map((_, i) => 1 + ((i * 3 + k) % 5));
    out[c.node.id] = syntheticUpper(w, [0.1, 0.6, 1.4][k % 3]!, random) as number[];
  }
  return out;
}

async function surveyOf(db: Db, def: SurveyDefinition, experts: number) {
  const { survey, adminToken } = await createSurvey(db, def);
  const invited = await inviteExperts(
    db,
    survey.id,
    Array.from({ length: experts }, (_, k) => ({ name: `Expert ${k + 1}`, role: 'academic' }))
  );
  await setStatus(db, survey.id, 'open');
  return { survey, adminToken, ids: invited.map((x) => x.expert.id) };
}

async function answer(
  db: Db,
  def: SurveyDefinition,
  expertId: string,
  judgments: Record<string, Array<number | null>>,
  round = 1
) {
  const { submission, consistency } = checkSubmission(def, {
    submissionId: randomUUID(),
    judgments
  });
  await submit(db, expertId, { ...submission, round }, consistency);
  return consistency;
}

describe.each(BACKENDS)("the experts page's counts and CR flags on $name", (backend) => {
  const db = useDb(backend);

  it('equal an independent recomputation under the settings in force, not those on receipt', async () => {
    const def = definition();
    const { survey, adminToken, ids } = await surveyOf(db(), def, 30);
    const given = new Map<string, Record<string, number[]>>();
    const stored = new Map<string, Record<string, { cr: number; consistent: boolean }>>();
    for (const [k, id] of ids.entries()) {
      if (k >= 24) {
        if (k < 27) await markStarted(db(), id);
        continue;
      }
      given.set(id, answers(def, k));
      stored.set(id, await answer(db(), def, id, given.get(id)!));
    }
    const variants: Array<Partial<SurveySettings>> = [
      {},
      { randomIndex: 'alonso-lamata', threshold: 'saaty-by-size' },
      { method: 'geometric-mean', randomIndex: 'saaty-2005', threshold: 0.15 }
    ];
    let staleSeen = 0;
    for (const variant of variants) {
      const settings = { ...def.settings, ...variant };
      await updateSettings(db(), survey.id, settings);
      const now = { ...def, settings };
      const loaded = await open(db(), adminToken);
      expect(loaded.experts.map((e) => e.id)).toEqual(ids);
      let consistent = 0;
      for (const row of loaded.experts) {
        const judgments = given.get(row.id);
        if (!judgments) {
          expect(row.flags, row.id).toBeNull();
          continue;
        }
        const expected = askedGroupsOf(now).map((c) => {
          const cr = independentCr(judgments[c.node.id]!, settings.method, settings.randomIndex);
          const threshold = thresholdFor(c.children.length, settings.threshold);
          // No CR sits so close to its threshold that rounding could decide the flag.
          expect(Math.abs(cr - threshold)).toBeGreaterThan(1e-6);
          if (stored.get(row.id)![c.node.id]!.consistent !== cr < threshold) staleSeen++;
          return { nodeId: c.node.id, consistent: cr < threshold, levels: false, cr };
        });
        expect(row.flags!.map(({ cr: _cr, ...f }) => f)).toEqual(
          expected.map(({ cr: _cr, ...f }) => f)
        );
        row.flags!.forEach((f, i) => expect(f.cr).toBeCloseTo(expected[i]!.cr, 9));
        if (expected.every((f) => f.consistent)) consistent++;
        // Bit for bit what the page computed before, one submission at a time.
        expect(row.flags).toEqual(
          recheckedFlags(now, { submissionId: randomUUID(), judgments }, stored.get(row.id)!)
        );
      }
      expect(loaded.counts).toEqual({
        invited: 30,
        notStarted: 3,
        inProgress: 3,
        submitted: 24,
        consistent,
        flagged: 24 - consistent
      });
    }
    // The settings changed flags the CR stored on receipt would have kept: the page did not
    // read the stored ones.
    expect(staleSeen).toBeGreaterThan(0);
  }, 180_000);

  it('a Delphi round 2: the open round as roundsData gives it, flags of the latest answers', async () => {
    const def = definition();
    const { survey, adminToken, ids } = await surveyOf(db(), def, 12);
    await setDelphiSettings(db(), survey.id, DEFAULT_DELPHI);
    for (const [k, id] of ids.entries()) await answer(db(), def, id, answers(def, k));
    await openNextRound(
      db(),
      survey.id,
      {},
      askedGroupsOf(def).map((c) => c.node.id)
    );
    const reopened = { ...survey, round: 2 };
    // The view the page built before from every round's analysis (openRoundView of roundsData).
    const asBefore = async () => {
      const all = await roundsData(db(), reopened);
      const { change: _change, summary, ...last } = all.rounds.at(-1)!;
      return {
        current: 2,
        settings: all.settings,
        round: {
          ...last,
          summary: summary && {
            round: summary.round,
            experts: summary.experts,
            answeredInRound: summary.answeredInRound,
            groups: summary.groups,
            sStar: summary.sStar
          }
        }
      };
    };
    // Round 2 just opened: nobody has answered again yet.
    expect((await open(db(), adminToken)).rounds).toEqual(await asBefore());
    // Four experts answer again.
    const latest = new Map(ids.map((id, k) => [id, answers(def, k)]));
    for (const [k, id] of ids.slice(0, 4).entries()) {
      latest.set(id, answers(def, k + 5));
      await answer(db(), def, id, latest.get(id)!, 2);
    }
    const loaded = await open(db(), adminToken);
    expect(loaded.rounds).toEqual(await asBefore());
    const verdict = (loaded.rounds as { round: { verdict: { stability: { maxShift: number } } } })
      .round.verdict;
    expect(verdict.stability.maxShift).toBeGreaterThan(0);
    expect(
      (loaded.rounds as { round: { summary: { answeredInRound: number } } }).round.summary
    ).toMatchObject({ answeredInRound: 4, experts: 12 });
    for (const row of loaded.experts)
      expect(row.flags, row.id).toEqual(
        recheckedFlags(def, { submissionId: randomUUID(), judgments: latest.get(row.id)! }, {})
      );
  }, 180_000);

  it("reads again only the experts asked for, never another survey's", async () => {
    const def = definition();
    const one = await surveyOf(db(), def, 3);
    const other = await surveyOf(db(), def, 1);
    await answer(db(), def, one.ids[1]!, answers(def, 1));
    await answer(db(), def, other.ids[0]!, answers(def, 2));
    const rows = await loadPanel(db(), one.survey.id, 1, [one.ids[1]!, one.ids[2]!, other.ids[0]!]);
    expect(rows.map((r) => [r.id, r.submitted])).toEqual([
      [one.ids[1], true],
      [one.ids[2], false]
    ]);
    expect(rows[0]!.judgments).toEqual(answers(def, 1));
    expect(await loadPanel(db(), one.survey.id, 1, [])).toEqual([]);
    expect(await loadPanel(db(), one.survey.id, 1, ["x' OR '1'='1"])).toEqual([]);
  }, 180_000);

  it("a ratings group's levels are flagged by their own CR", async () => {
    const def = ratingsSurvey();
    const { adminToken, ids } = await surveyOf(db(), def, 3);
    for (const [k, id] of ids.entries())
      await answer(db(), def, id, RATINGS_JUDGMENTS[`E${k + 1}`]!);
    const loaded = await open(db(), adminToken);
    const [e1, e2, e3] = loaded.experts;
    for (const row of [e1!, e2!])
      expect(row.flags).toEqual([
        { nodeId: 'G', cr: 0, consistent: true, levels: false },
        { nodeId: 'R', cr: expect.closeTo(0, 12), consistent: true, levels: true }
      ]);
    expect(e3!.flags).toEqual([
      { nodeId: 'G', cr: 0, consistent: true, levels: false },
      { nodeId: 'R', cr: expect.closeTo(CR_E3, 12), consistent: false, levels: true }
    ]);
    expect(loaded.counts).toMatchObject({ submitted: 3, consistent: 2, flagged: 1 });
  }, 180_000);

  it('"no opinion" refused after it was used: the CR stored on receipt, at the current threshold', async () => {
    const def = definition();
    const { survey, adminToken, ids } = await surveyOf(db(), def, 2);
    const skipping = { ...def, settings: { ...def.settings, allowSkip: true } };
    await updateSettings(db(), survey.id, skipping.settings);
    const full = answers(def, 0);
    const gap = { ...full, B2: [null, ...full.B2!.slice(1)] };
    const storedGap = await answer(db(), skipping, ids[0]!, gap);
    await answer(db(), skipping, ids[1]!, full);
    // Another method too: the analysis would give expert 1 another CR than the one stored.
    const now = {
      ...def,
      settings: { ...def.settings, method: 'eigenvector', allowSkip: false, threshold: 0.2 }
    } satisfies SurveyDefinition;
    await updateSettings(db(), survey.id, now.settings);
    const loaded = await open(db(), adminToken);
    const crOf = (upper: number[]) =>
      independentCr(upper, now.settings.method, now.settings.randomIndex);
    // Expert 0's A1 (no gap there) as stored (geometric mean) is not what the analysis gives now.
    expect(crOf(full.A1!)).not.toBeCloseTo(storedGap.A1!.cr, 6);
    expect(loaded.experts[0]!.flags).toEqual(
      askedGroupsOf(def).map((c) => ({
        nodeId: c.node.id,
        cr: storedGap[c.node.id]!.cr,
        consistent: storedGap[c.node.id]!.cr < 0.2,
        levels: false
      }))
    );
    expect(loaded.experts[1]!.flags).toEqual(
      askedGroupsOf(def).map((c) => ({
        nodeId: c.node.id,
        cr: expect.closeTo(crOf(full[c.node.id]!), 9),
        consistent: crOf(full[c.node.id]!) < 0.2,
        levels: false
      }))
    );
  }, 180_000);
});
