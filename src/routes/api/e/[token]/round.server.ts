/**
 * The Delphi part of the expert's view: the round open now, whether it asks this expert and
 * which groups, their own answers of the round before, and where the panel stood then (without
 * names, never from fewer than minExperts experts).
 */
import {
  answersUpTo,
  getDelphiSettings,
  getRound,
  loadPanel,
  type Db,
  type Survey
} from '$lib/server';
import { minExpertsOf } from '$lib/survey';
import { roundFeedback } from '$lib/weights';
import type { ExpertView } from './view';

/** The round part of the view; undefined for a survey in round 1 that asks no reasons. */
export async function roundView(
  db: Db,
  survey: Survey,
  expertId: string
): Promise<ExpertView['round']> {
  const delphi = await getDelphiSettings(db, survey.id);
  const number = survey.round;
  if (number === 1 && !delphi?.reasons) return undefined;
  const info = await getRound(db, survey.id, number);
  let previous = null;
  let feedback = null;
  if (number > 1) {
    previous = (await answersUpTo(db, expertId, number - 1))?.judgments ?? null;
    const panel = (await loadPanel(db, survey.id, number - 1)).filter((e) => e.submitted);
    feedback = roundFeedback(
      survey.definition,
      number - 1,
      panel.map((e) => ({
        id: e.id,
        weight: e.weight,
        judgments: e.judgments,
        round: e.round ?? 1,
        reasons: e.reasons
      })),
      minExpertsOf(survey.definition.settings),
      expertId
    );
  }
  return {
    number,
    asked: !info?.experts || info.experts.includes(expertId),
    groups: info?.groups ?? null,
    reasons: delphi?.reasons ?? false,
    previous,
    feedback
  };
}
