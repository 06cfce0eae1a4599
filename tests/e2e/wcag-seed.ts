/**
 * The WCAG sweep's worst case (tests/e2e/wcag22.test.ts): the farm-credit survey with every
 * indicator named in 60 characters in English and in Chinese, a panel of 1,000 experts (the most
 * one invitation takes) with long names who answered round 1 of a Delphi survey, some with a
 * reason of 200 characters (the most a reason holds), and round 2 open: the experts' status table,
 * the results and the expert's feedback are as long and as wide as real data makes them.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import { inviteExperts, MAX_INVITES } from '../../src/lib/server/experts';
import { submit } from '../../src/lib/server/responses';
import { openNextRound, setDelphiSettings } from '../../src/lib/server/rounds';
import { createSurvey, setStatus } from '../../src/lib/server/surveys';
import {
  checkSubmission,
  comparisonsOf,
  DEFAULT_DELPHI,
  farmCreditTemplate,
  MAX_REASON_LENGTH,
  type SurveyNode,
  type SurveyDefinition
} from '../../src/lib/survey';

/** The length of every indicator's name, in both languages. */
export const LONG_LABEL = 60;
const EN_FILL = ' as judged by the loan officer of the credit cooperative in the village';
const ZH_FILL =
  '由信用社信贷员在实地走访农户时结合村委会意见综合评定的情况及其对还款能力的影响程度';

/** `text`, lengthened with `fill` (repeated) to exactly LONG_LABEL characters. */
function lengthen(text: string, fill: string): string {
  let out = text;
  while (out.length < LONG_LABEL) out += fill;
  return out.slice(0, LONG_LABEL).trimEnd().padEnd(LONG_LABEL, '.');
}

function longNames(node: SurveyNode): SurveyNode {
  return {
    ...node,
    label: { en: lengthen(node.label.en, EN_FILL), zh: lengthen(node.label.zh, ZH_FILL) },
    ...(node.children ? { children: node.children.map(longNames) } : {})
  };
}

/** The name of the long panel's expert k (from 0): 60-70 characters, every other one Chinese. */
export function longExpertName(k: number): string {
  return k % 2 === 0
    ? `Expert ${k + 1} of the Fujian rural credit cooperatives' risk panel`
    : `第${k + 1}位专家（福建省农村信用社联合社风险管理部信贷审批委员会）`;
}

/** A reason of exactly MAX_REASON_LENGTH characters. */
export function longReason(language: 'en' | 'zh'): string {
  const words =
    language === 'en'
      ? 'Floods and droughts hit this county every few years and the harvest is the only income of most households we lend to, so the exposure to disasters outweighs the rest. '
      : '本县每隔几年就遭受洪涝或干旱，多数借款农户的收入全部来自当季收成，一旦受灾就无力按期还款，因此自然灾害的影响比其他因素更重要。';
  return words.repeat(Math.ceil(MAX_REASON_LENGTH / words.length)).slice(0, MAX_REASON_LENGTH);
}

/** The panel's answers: consistent, half of them reversing the criteria. */
const JUDGMENTS: Record<string, number[]> = {
  A1: [1 / 3, 2, 1, 5, 3, 1 / 2],
  B1: [3],
  B2: [2, 3, 2, 1, 2, 1, 1 / 2, 1 / 2, 1 / 3, 1 / 2],
  B3: [3, 1 / 2, 1 / 5],
  B4: [1, 2, 1, 3, 2, 1, 2, 1 / 2, 1, 2]
};

export interface LongPanelFixtures {
  /** The first expert (round 2 open, feedback and reasons shown) and the survey's admin link. */
  longExpert: string;
  longAdmin: string;
}

/** Seeds the long survey; returns its tokens. Takes a few seconds (1,000 submissions). */
export async function seedLongPanel(db: Db): Promise<LongPanelFixtures> {
  const farm = farmCreditTemplate({ scales: false });
  const definition: SurveyDefinition = {
    ...farm,
    title: { en: lengthen(farm.title.en, EN_FILL), zh: lengthen(farm.title.zh, ZH_FILL) },
    hierarchy: longNames(farm.hierarchy),
    settings: { ...farm.settings, showResults: true }
  };
  const { survey, adminToken } = await createSurvey(db, definition);
  const invited = await inviteExperts(
    db,
    survey.id,
    Array.from({ length: MAX_INVITES }, (_, k) => ({
      name: longExpertName(k),
      role: k % 3 === 0 ? 'academic' : 'practitioner'
    }))
  );
  await setStatus(db, survey.id, 'open');
  await setDelphiSettings(db, survey.id, { ...DEFAULT_DELPHI, reasons: true });
  for (const [k, { expert }] of invited.entries()) {
    const judgments =
      k % 2 === 0 ? JUDGMENTS : { ...JUDGMENTS, A1: JUDGMENTS.A1!.map((x) => 1 / x) };
    const { submission, consistency } = checkSubmission(definition, {
      submissionId: randomUUID(),
      judgments
    });
    const reason = k < 20 ? longReason(k % 2 === 0 ? 'en' : 'zh') : null;
    const reasons = reason ? { A1: [reason, reason, null, null, null, null] } : undefined;
    await submit(db, expert.id, { ...submission, ...(reasons ? { reasons } : {}) }, consistency);
  }
  await openNextRound(
    db,
    survey.id,
    {},
    comparisonsOf(definition).map((c) => c.node.id)
  );
  return { longExpert: invited[0]!.token, longAdmin: adminToken };
}
