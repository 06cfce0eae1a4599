/**
 * Test data for the expert's journeys: surveys and invited experts written straight into a
 * PGlite data directory with the storage verbs, before the app server opens it (PGlite is one
 * process at a time). The experts' link tokens are written to a JSON file for the tests.
 *
 *   node --import tsx tests/e2e/expert-seed.ts <dataDir> <fixtures.json>
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../../src/lib/server/db';
import { inviteExperts } from '../../src/lib/server/experts';
import { submit } from '../../src/lib/server/responses';
import { openNextRound, setDelphiSettings } from '../../src/lib/server/rounds';
import { createSurvey, setStatus } from '../../src/lib/server/surveys';
import {
  checkSubmission,
  comparisonsOf,
  DEFAULT_DELPHI,
  farmCreditTemplate,
  FARM_CREDIT_DEFAULT_SCALES,
  type SurveyDefinition
} from '../../src/lib/survey';
import { presetDefinition } from '../unit/weights/fixtures';
import { seedLongPanel, type LongPanelFixtures } from './wcag-seed';
import {
  RATINGS_JUDGMENTS,
  ratingsSurvey as scorecardSurvey
} from '../unit/weights/ratings-survey';

/** Expert link tokens by purpose; each test uses its own experts, so tests can run in parallel. */
export interface ExpertFixtures extends LongPanelFixtures {
  /** Open farm-credit survey (every judgment required). */
  journey: string;
  keyboard: string;
  revise: string;
  latency: string;
  /** Open farm-credit survey, for the tap-and-reload test. */
  reload: string;
  /** The accessibility tests: a survey by keyboard only, and a focus sweep. */
  keys: string;
  tabs: string;
  /** Open farm-credit survey that allows "no opinion" and shows results (2 experts: too few). */
  skip: string;
  chinese: string;
  /** Open farm-credit survey that shows results, 3 experts submitted already: this is the 4th. */
  results: string;
  /** The accessibility sweep's expert, who visits every step. */
  sweep: string;
  /** A closed survey, with one submission of this expert. */
  closed: string;
  /** A survey not opened yet. */
  draft: string;
  /**
   * An open survey whose every node has preset weights (the weight-set tests' hierarchy): nothing
   * to compare, no comparison matrix; its admin link.
   */
  preset: string;
  presetAdmin: string;
  /**
   * An open survey with a ratings group (RATINGS_SURVEY: C3's levels compared by the panel, C10
   * numeric, C2 fixed points): an expert on a phone, and a second one for the sweeps.
   */
  ratings: string;
  ratingsSweep: string;
  ratingsA11y: string;
  /** The WCAG sweep's experts (wcag22.test.ts): in the sweep's survey, and in the ratings one. */
  wcagSweep: string;
  wcagLevels: string;
  /** The WCAG sweep's expert for focus, the scale at 320 px and forced colours. */
  wcagFocus: string;
  /** Admin links of draft surveys from the template with its default scales (the editor's tests). */
  scalesAdmin: string;
  scalesA11yAdmin: string;
  /** Admin links of two more such drafts, whose hierarchy a pasted outline replaces. */
  outlineAdmin: string;
  outlineZhAdmin: string;
  /**
   * The scorecard journey's survey (tests/unit/weights/ratings-survey.ts): R's levels compared
   * by the panel, L numeric; three experts submitted (E3 inconsistent in R's levels); admin link.
   */
  scorecardAdmin: string;
  /**
   * ratingsSurvey() showing results to experts, RATED_PANEL submitted already: an expert who
   * answers on a phone and sees the done step's level points, and one for the axe sweep (each
   * in a survey of their own, so the group's numbers do not depend on the order of the tests).
   */
  ratingsShown: string;
  ratingsShownA11y: string;
  /**
   * A Delphi survey in round 2 (farm-credit, four experts answered round 1, reasons on): an
   * expert who sees the panel's standing under each pair, and the survey's admin link.
   */
  delphi: string;
  delphiAdmin: string;
  /**
   * Delphi reasons in a ratings group: the scorecard survey (R's levels compared by the panel)
   * with reasons on, round 1 open; two experts answer it in the browser, two more (E2 and E3 of
   * RATINGS_JUDGMENTS) submitted already; the survey's admin link.
   */
  delphiRatings: string;
  delphiRatings2: string;
  delphiRatingsAdmin: string;
}

/**
 * A small survey with rating scales: the goal compares three indicators (3 pairs), then the
 * panel compares C3's three levels (3 pairs; "a default on record" is a zero level, not
 * compared). C10 is numeric and C2 has fixed points: neither is asked.
 */
export function ratingsSurvey(): SurveyDefinition {
  const farm = farmCreditTemplate({ scales: true });
  const c3 = FARM_CREDIT_DEFAULT_SCALES.C3!;
  if (c3.kind !== 'categorical') throw new Error('C3 is categorical in the template');
  return {
    ...farm,
    title: { en: 'Household credit scorecard', zh: '农户信用评分卡' },
    hierarchy: {
      id: 'G',
      label: { en: 'Household credit scorecard', zh: '农户信用评分卡' },
      children: [
        {
          id: 'C3',
          label: { en: 'Credit record', zh: '信用记录' },
          scale: {
            ...c3,
            points: 'panel',
            levels: c3.levels.map(({ points: _, ...l }) =>
              l.id === 'default' ? { ...l, zero: true } : l
            )
          }
        },
        {
          id: 'C10',
          label: { en: 'Loan to annual income', zh: '贷款占年收入比例' },
          scale: FARM_CREDIT_DEFAULT_SCALES.C10!
        },
        {
          id: 'C2',
          label: { en: 'Agricultural insurance', zh: '农业保险' },
          scale: FARM_CREDIT_DEFAULT_SCALES.C2!
        }
      ]
    }
  };
}

/**
 * Three experts' answers to ratingsSurvey(): the goal (C3-C10, C3-C2, C10-C2), then C3's levels
 * (clean-once, clean-repeated, once-repeated); the third is a little inconsistent.
 */
export const RATED_PANEL: Array<Record<string, number[]>> = [
  { G: [3, 5, 2], C3: [3, 9, 3] },
  { G: [2, 4, 2], C3: [2, 4, 2] },
  { G: [3, 5, 2], C3: [4, 2, 2] }
];

/** A consistent, complete set of judgments for the farm-credit hierarchy. */
export const CONSISTENT_JUDGMENTS: Record<string, number[]> = {
  A1: [1 / 3, 2, 1, 5, 3, 1 / 2],
  B1: [3],
  B2: [2, 3, 2, 1, 2, 1, 1 / 2, 1 / 2, 1 / 3, 1 / 2],
  B3: [3, 1 / 2, 1 / 5],
  B4: [1, 2, 1, 3, 2, 1, 2, 1 / 2, 1, 2]
};

/** The PGlite data directory prepared by vitest's global setup (initdb done), if there is one. */
function pgliteTemplate(): string | null {
  try {
    const { version } = JSON.parse(
      fs.readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')
    ) as { version: string };
    const dir = path.resolve(`node_modules/.cache/pairwise-tests/pglite-${version}`);
    return fs.existsSync(path.join(dir, 'PG_VERSION')) ? dir : null;
  } catch {
    return null;
  }
}

/** Seeds `dataDir` (empty or missing) and returns the tokens. */
export async function seedExpertData(dataDir: string): Promise<ExpertFixtures> {
  const template = pgliteTemplate();
  const empty = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
  if (template && empty) fs.cpSync(template, dataDir, { recursive: true });

  const db = await openDb({ kind: 'pglite', dataDir });
  try {
    const make = async (
      definition: SurveyDefinition,
      names: string[],
      status: 'draft' | 'open' | 'closed'
    ) => {
      const { survey, adminToken } = await createSurvey(db, definition);
      const invited = await inviteExperts(
        db,
        survey.id,
        names.map((name) => ({ name, role: 'practitioner' }))
      );
      if (status !== 'draft') await setStatus(db, survey.id, 'open');
      return { survey, adminToken, tokens: invited.map((x) => x.token), experts: invited };
    };

    const farm = farmCreditTemplate({ scales: false });
    const open = await make(
      farm,
      [
        'Li Wei',
        'Keyboard Expert',
        'Revising Expert',
        'Latency Expert',
        'Reloading Expert',
        'Keys Only',
        'Tab Sweeper',
        'WCAG Focus'
      ],
      'open'
    );
    const skipping = await make(
      { ...farm, settings: { ...farm.settings, allowSkip: true, showResults: true } },
      ['Skipping Expert', '王芳'],
      'open'
    );
    const showing = await make(
      { ...farm, settings: { ...farm.settings, showResults: true } },
      ['Panel Expert 1', 'Panel Expert 2', 'Panel Expert 3', 'Results Expert'],
      'open'
    );
    // Its own survey: its submission must not join the group results the skip test checks. Three
    // of its panel have submitted, so the done step shows the group's weights to the fourth.
    const sweeping = await make(
      { ...farm, settings: { ...farm.settings, allowSkip: true, showResults: true } },
      ['Sweeping Expert', 'Sweep Panel 1', 'Sweep Panel 2', 'Sweep Panel 3', 'WCAG Sweeper'],
      'open'
    );
    const closed = await make(farm, ['Closed Expert'], 'open');
    const draft = await make(farm, ['Early Expert'], 'draft');
    const preset = await make(
      { ...farm, hierarchy: presetDefinition().hierarchy },
      ['Preset Expert', 'Preset Earlier Expert'],
      'open'
    );

    const rating = await make(
      ratingsSurvey(),
      ['Rating Expert', 'Rating Sweeper', 'Rating Axe', 'Rating WCAG'],
      'open'
    );
    const scales = await createSurvey(db, farmCreditTemplate({ scales: true }));
    const scalesA11y = await createSurvey(db, farmCreditTemplate({ scales: true }));
    const outline = await createSurvey(db, farmCreditTemplate({ scales: true }));
    const outlineZh = await createSurvey(db, farmCreditTemplate({ scales: true }));

    const answer = async (expertId: string) => {
      const { submission, consistency } = checkSubmission(farm, {
        submissionId: randomUUID(),
        judgments: CONSISTENT_JUDGMENTS
      });
      await submit(db, expertId, submission, consistency);
    };
    await answer(open.experts[2]!.expert.id);
    for (const k of [0, 1, 2]) await answer(showing.experts[k]!.expert.id);
    for (const k of [1, 2, 3]) await answer(sweeping.experts[k]!.expert.id);
    await answer(closed.experts[0]!.expert.id);
    await setStatus(db, closed.survey.id, 'closed');
    {
      const { submission, consistency } = checkSubmission(
        { ...farm, hierarchy: presetDefinition().hierarchy },
        { submissionId: randomUUID(), judgments: {} }
      );
      await submit(db, preset.experts[1]!.expert.id, submission, consistency);
    }

    const card = scorecardSurvey();
    const scorecard = await make(card, ['Card Expert 1', 'Card Expert 2', 'Card Expert 3'], 'open');
    for (const [k, judgments] of Object.values(RATINGS_JUDGMENTS).entries()) {
      const { submission, consistency } = checkSubmission(card, {
        submissionId: randomUUID(),
        judgments
      });
      await submit(db, scorecard.experts[k]!.expert.id, submission, consistency);
    }

    const shownDefinition = {
      ...ratingsSurvey(),
      settings: { ...ratingsSurvey().settings, showResults: true }
    };
    const shown = async (name: string) => {
      const made = await make(
        shownDefinition,
        [name, ...RATED_PANEL.map((_, k) => `Rater ${k + 1}`)],
        'open'
      );
      for (const [k, judgments] of RATED_PANEL.entries()) {
        const { submission, consistency } = checkSubmission(shownDefinition, {
          submissionId: randomUUID(),
          judgments
        });
        await submit(db, made.experts[k + 1]!.expert.id, submission, consistency);
      }
      return made.tokens[0]!;
    };
    const ratingsShown = await shown('Rated Expert');
    const ratingsShownA11y = await shown('Rated Sweeper');

    const delphi = await make(farm, ['Delphi Expert', 'Delphi 2', 'Delphi 3', 'Delphi 4'], 'open');
    await setDelphiSettings(db, delphi.survey.id, { ...DEFAULT_DELPHI, reasons: true });
    for (const [k, e] of delphi.experts.entries()) {
      // Round 1: three agree, one reverses the criteria; two give a reason for the first pair.
      const judgments = {
        ...CONSISTENT_JUDGMENTS,
        A1: k === 3 ? CONSISTENT_JUDGMENTS.A1!.map((x) => 1 / x) : CONSISTENT_JUDGMENTS.A1!
      };
      const { submission, consistency } = checkSubmission(farm, {
        submissionId: randomUUID(),
        judgments
      });
      const reasons =
        k < 2
          ? {
              A1: [
                k === 0 ? 'Disasters hit every few years' : '灾害频发',
                null,
                null,
                null,
                null,
                null
              ]
            }
          : undefined;
      await submit(
        db,
        e.expert.id,
        { ...submission, ...(reasons ? { reasons } : {}) },
        consistency
      );
    }
    await openNextRound(
      db,
      delphi.survey.id,
      {},
      comparisonsOf(farm).map((c) => c.node.id)
    );

    const rated = await make(card, ['Rater One', 'Rater Two', 'Rater Three', 'Rater Four'], 'open');
    await setDelphiSettings(db, rated.survey.id, { ...DEFAULT_DELPHI, reasons: true });
    for (const [k, id] of (['E2', 'E3'] as const).entries()) {
      const { submission, consistency } = checkSubmission(card, {
        submissionId: randomUUID(),
        judgments: RATINGS_JUDGMENTS[id]!
      });
      await submit(db, rated.experts[k + 2]!.expert.id, submission, consistency);
    }

    const longPanel = await seedLongPanel(db);

    return {
      ...longPanel,
      delphiRatings: rated.tokens[0]!,
      delphiRatings2: rated.tokens[1]!,
      delphiRatingsAdmin: rated.adminToken,
      delphi: delphi.tokens[0]!,
      delphiAdmin: delphi.adminToken,
      journey: open.tokens[0]!,
      keyboard: open.tokens[1]!,
      revise: open.tokens[2]!,
      latency: open.tokens[3]!,
      reload: open.tokens[4]!,
      keys: open.tokens[5]!,
      tabs: open.tokens[6]!,
      skip: skipping.tokens[0]!,
      chinese: skipping.tokens[1]!,
      results: showing.tokens[3]!,
      sweep: sweeping.tokens[0]!,
      closed: closed.tokens[0]!,
      draft: draft.tokens[0]!,
      preset: preset.tokens[0]!,
      presetAdmin: preset.adminToken,
      ratings: rating.tokens[0]!,
      ratingsSweep: rating.tokens[1]!,
      ratingsA11y: rating.tokens[2]!,
      wcagSweep: sweeping.tokens[4]!,
      wcagLevels: rating.tokens[3]!,
      wcagFocus: open.tokens[7]!,
      scalesAdmin: scales.adminToken,
      scalesA11yAdmin: scalesA11y.adminToken,
      outlineAdmin: outline.adminToken,
      outlineZhAdmin: outlineZh.adminToken,
      scorecardAdmin: scorecard.adminToken,
      ratingsShown,
      ratingsShownA11y
    };
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dataDir, out] = process.argv.slice(2);
  if (!dataDir || !out) {
    console.error('usage: expert-seed.ts <dataDir> <fixtures.json>');
    process.exit(2);
  }
  const fixtures = await seedExpertData(dataDir);
  fs.writeFileSync(out, JSON.stringify(fixtures, null, 2));
}
