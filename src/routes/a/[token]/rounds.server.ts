/**
 * The researcher's view of a Delphi survey's rounds (the experts page runs them, the results page
 * compares them): every round's figures, what changed between rounds, and the stop rule. Experts
 * appear by alias (E1, E2 ... in invitation order, as in weight sets), never by name.
 */
import * as v from 'valibot';
import { AhpInputError } from '$lib/ahp';
import {
  formText,
  getDelphiSettings,
  isWellFormedId,
  listRounds,
  loadPanel,
  openNextRound,
  type PanelMemberRow,
  setDelphiSettings,
  StoreError,
  type Db,
  type RoundInfo,
  type Survey
} from '$lib/server';
import {
  askedGroupsOf,
  DEFAULT_DELPHI,
  delphiSettingsSchema,
  MAX_ROUNDS,
  type DelphiSettings
} from '$lib/survey';
import {
  compareRounds,
  leafShift,
  roundFigures,
  roundSummary,
  stopVerdict,
  unsettledGroups,
  type RoundChange,
  type RoundExpert,
  type RoundSummary,
  type StopVerdict
} from '$lib/weights';

export interface RoundView {
  number: number;
  openedAt: string | null;
  /** Experts asked (null: all) and groups asked again (null: all). */
  asked: number | null;
  groups: string[] | null;
  settledBy: { measure: 'S*'; threshold: number } | null;
  /** The round's figures (null: no answers yet, or `problem`). */
  summary: RoundSummary | null;
  problem: string | null;
  /** From the round before to this one (null for round 1 or without figures on either side). */
  change: RoundChange | null;
  verdict: StopVerdict | null;
}

export interface RoundsData {
  current: number;
  /** The settings in force (stored: the researcher saved them; else the defaults). */
  settings: DelphiSettings;
  stored: boolean;
  rounds: RoundView[];
  /** Alias of each expert id (E1, E2 ... in invitation order). */
  aliases: Record<string, string>;
}

/** The experts who count in a round: those of its panel with answers (carried forward or not). */
function roundExperts(panel: readonly PanelMemberRow[]): RoundExpert[] {
  return panel
    .filter((e) => e.submitted)
    .map((e) => ({ id: e.id, weight: e.weight, judgments: e.judgments, round: e.round ?? 1 }));
}

/** Every round of the survey with its figures, the changes between rounds and the stop rule. */
export async function roundsData(db: Db, survey: Survey): Promise<RoundsData> {
  const [stored, rounds] = await Promise.all([
    getDelphiSettings(db, survey.id),
    listRounds(db, survey.id)
  ]);
  const settings = stored ?? DEFAULT_DELPHI;
  const aliases: Record<string, string> = {};
  const views: RoundView[] = [];
  let before: { summary: RoundSummary; experts: RoundExpert[] } | null = null;
  for (const r of rounds) {
    const panel = await loadPanel(db, survey.id, r.number);
    panel.forEach((e, k) => (aliases[e.id] = `E${k + 1}`));
    const experts = roundExperts(panel);
    let summary: RoundSummary | null = null;
    let problem: string | null = null;
    try {
      summary = roundSummary(survey.definition, r.number, experts)?.summary ?? null;
    } catch (e) {
      if (!(e instanceof AhpInputError)) throw e;
      problem = e.message;
    }
    const change = summary && before ? compareRounds(before, { summary, experts }) : null;
    views.push({
      number: r.number,
      openedAt: r.openedAt,
      asked: r.experts?.length ?? null,
      groups: r.groups,
      settledBy: r.settledBy,
      summary,
      problem,
      change,
      verdict: summary ? stopVerdict(settings.stop, summary, change) : null
    });
    before = summary ? { summary, experts } : null;
  }
  return { current: survey.round, settings, stored: stored !== null, rounds: views, aliases };
}

/**
 * The round open now as the experts page shows it (what it asks, its S* per group, the stop
 * rule's verdict), without the per-expert figures (distances, changes between rounds) and the
 * aliases: a panel of 1,000 experts makes those most of the page, and the results page shows them.
 */
export interface OpenRoundView {
  current: number;
  settings: DelphiSettings;
  round: Omit<RoundView, 'change' | 'summary'> & {
    summary: Omit<RoundSummary, 'distances' | 'leaves'> | null;
  };
}

/** The open round, its panel and its one analysis (null: no answers yet, or a problem). */
export interface OpenRound {
  view: OpenRoundView;
  /** Every expert in invitation order with the answers that count now (their latest). */
  panel: PanelMemberRow[];
  figures: ReturnType<typeof roundFigures>;
}

/**
 * The round open now, analysed once: the same view as roundsData's last round (the figures the
 * page shows are the same), but only this round is analysed, without each expert weighed alone;
 * the round before only when the stop rule's stability criterion needs its global weights (and
 * `verdict` is asked), read again only for the experts who answered since.
 */
export async function openRound(db: Db, survey: Survey, verdict = true): Promise<OpenRound> {
  const [stored, rounds] = await Promise.all([
    getDelphiSettings(db, survey.id),
    listRounds(db, survey.id)
  ]);
  const settings = stored ?? DEFAULT_DELPHI;
  const info = rounds.at(-1);
  if (!info) throw new Error('openRound: a survey has at least its first round');
  const panel = await loadPanel(db, survey.id, info.number);
  const { figures, problem } = analyseRound(survey, info.number, roundExperts(panel));
  let change: Pick<RoundChange, 'maxShift'> | null = null;
  const before = rounds.at(-2);
  if (verdict && figures && before && settings.stop.maxWeightShift !== null) {
    // The round before: everyone as now, but those who answered in this round with their
    // earlier answers (or without, when they had none). When nobody has answered yet in this
    // round, the answers are the same, and so is their analysis (the round number is not in it).
    const again = panel.filter((e) => e.round !== null && e.round > before.number);
    let previous: OpenRound['figures'] = figures;
    if (again.length > 0) {
      const only = again.map((e) => e.id);
      const earlier = new Map(
        (await loadPanel(db, survey.id, before.number, only)).map((e) => [e.id, e])
      );
      const prior = panel.map((e) => earlier.get(e.id) ?? e);
      previous = analyseRound(survey, before.number, roundExperts(prior)).figures;
    }
    if (previous) change = { maxShift: leafShift(previous.summary, figures.summary) };
  }
  const summary = figures && {
    round: figures.summary.round,
    experts: figures.summary.experts,
    answeredInRound: figures.summary.answeredInRound,
    groups: figures.summary.groups,
    sStar: figures.summary.sStar
  };
  const view: OpenRoundView = {
    current: survey.round,
    settings,
    round: {
      number: info.number,
      openedAt: info.openedAt,
      asked: info.experts?.length ?? null,
      groups: info.groups,
      settledBy: info.settledBy,
      summary,
      problem,
      verdict: figures ? stopVerdict(settings.stop, figures.summary, change) : null
    }
  };
  return { view, panel, figures };
}

/** One round's figures, or the problem that stopped them (a stored matrix that cannot be read). */
function analyseRound(
  survey: Survey,
  round: number,
  experts: RoundExpert[]
): { figures: ReturnType<typeof roundFigures>; problem: string | null } {
  try {
    return { figures: roundFigures(survey.definition, round, experts), problem: null };
  } catch (e) {
    if (!(e instanceof AhpInputError)) throw e;
    return { figures: null, problem: e.message };
  }
}

/**
 * The rounds as the results page shows them: without each round's per-expert distances, which it
 * does not show (a panel of 1,000 experts makes them 35 KB of the page's HTML a round).
 */
export function roundsForResults(data: RoundsData): RoundsForResults {
  return {
    ...data,
    rounds: data.rounds.map(({ summary, ...r }) => {
      if (!summary) return { ...r, summary };
      const { distances: _distances, ...rest } = summary;
      return { ...r, summary: rest };
    })
  };
}

export type RoundsForResults = Omit<RoundsData, 'rounds'> & {
  rounds: Array<Omit<RoundView, 'summary'> & { summary: Omit<RoundSummary, 'distances'> | null }>;
};

/** A number typed in a form field: empty is null (the criterion is not used), else it must parse. */
function numberField(form: FormData, name: string): number | null | 'bad' {
  const text = formText(form, name).trim().slice(0, 40);
  if (text === '') return null;
  // A negative number is a number (refused as out of range, not as "not a number").
  return /^-?\d*\.?\d+$/.test(text) ? Number(text) : 'bad';
}

export type DelphiField = 'minSStar' | 'maxWeightShift' | 'maxRounds' | 'combine';

/**
 * What is wrong with a field of the form: not a number, or a value outside what the field takes
 * (its range, a whole number of rounds, one of the choices). The page says it in its language.
 */
export type DelphiDetail = 'number' | 'range';

/**
 * The Delphi settings form, checked with the shared schema and stored.
 * @returns the field that is wrong and why, or the settings stored
 */
export async function saveDelphiForm(
  db: Db,
  survey: Survey,
  form: FormData
): Promise<{ field: DelphiField; detail: DelphiDetail } | { settings: DelphiSettings }> {
  const stop: Record<string, unknown> = { combine: formText(form, 'combine') };
  for (const name of ['minSStar', 'maxWeightShift', 'maxRounds'] as const) {
    const x = numberField(form, name);
    if (x === 'bad') return { field: name, detail: 'number' };
    stop[name] = x;
  }
  const parsed = v.safeParse(delphiSettingsSchema, {
    reasons: form.get('reasons') === 'on',
    stop
  });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const key = issue.path?.at(-1)?.key;
    const field: DelphiField =
      key === 'minSStar' || key === 'maxWeightShift' || key === 'maxRounds' ? key : 'combine';
    return { field, detail: 'range' };
  }
  return { settings: await setDelphiSettings(db, survey.id, parsed.output) };
}

export type RoundProblem =
  | 'not-open'
  | 'no-experts'
  | 'unknown-expert'
  | 'all-settled'
  /** The survey has had MAX_ROUNDS rounds. */
  | 'too-many';

/**
 * Closes the round open now and opens the next, from the form: everyone or the chosen experts,
 * all groups or only those whose S* (in the round that closes) is below the stop rule's
 * threshold (default 0.75, Goepel's "high").
 * @returns the new round, or what stands in the way (nothing changes then)
 */
export async function nextRoundFromForm(
  db: Db,
  survey: Survey,
  form: FormData
): Promise<{ problem: RoundProblem } | { round: RoundInfo }> {
  if (survey.status !== 'open') return { problem: 'not-open' };
  if (survey.round >= MAX_ROUNDS) return { problem: 'too-many' };
  const experts =
    formText(form, 'who') === 'chosen'
      ? form
          .getAll('expert')
          .filter((x): x is string => typeof x === 'string')
          .slice(0, 5000)
      : null;
  if (experts?.length === 0) return { problem: 'no-experts' };
  if (experts?.some((id) => !isWellFormedId(id))) return { problem: 'unknown-expert' };
  let groups: string[] | null = null;
  let settledBy: { measure: 'S*'; threshold: number } | null = null;
  if (form.get('unsettledOnly') === 'on') {
    const { view } = await openRound(db, survey, false);
    const threshold = view.settings.stop.minSStar ?? DEFAULT_DELPHI.stop.minSStar!;
    const summary = view.round.summary;
    groups = summary ? unsettledGroups(summary, threshold) : null;
    if (groups?.length === 0) return { problem: 'all-settled' };
    settledBy = { measure: 'S*', threshold };
  }
  try {
    const round = await openNextRound(
      db,
      survey.id,
      { experts, groups, settledBy },
      askedGroupsOf(survey.definition).map((c) => c.node.id)
    );
    return { round };
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    // Closed meanwhile, or an expert not of this survey (a form from another page).
    return { problem: e.code === 'invalid' ? 'unknown-expert' : 'not-open' };
  }
}
