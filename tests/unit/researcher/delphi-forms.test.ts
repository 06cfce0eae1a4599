/**
 * The Delphi boundaries of the researcher's and the expert's pages say every refusal in the
 * page's language (here Chinese): the stop-rule form (each field, not a number and out of
 * range), the round form (no expert chosen, an expert of another survey, every group settled,
 * the last round reached), and the expert's refusals (a closed round, a round that does not ask
 * them, a refused reason, reasons turned off) and the reason input's own checks. The forms
 * answer with codes, checked on both storage backends; the texts are those of messages/zh.json.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages';
import { overwriteGetLocale } from '../../../src/lib/paraglide/runtime';
import { getDelphiSettings, getSurvey, type Db } from '../../../src/lib/server';
import { delphiErrorText } from '../../../src/routes/a/[token]/experts/delphi-words';
import { nextRoundFromForm, saveDelphiForm } from '../../../src/routes/a/[token]/rounds.server';
import { reasonProblemText } from '../../../src/routes/e/[token]/delphi/feedback';
import { refusalText } from '../../../src/routes/e/[token]/words';
import { reasonProblem } from '../../../src/lib/survey';
import { BACKENDS, useDb } from '../../support/backends';
import { surveyWithExperts } from '../server/fixtures';
import zhMessages from '../../../messages/zh.json';

/** Latin words a Chinese message may keep: names of authors, S*, ln. */
const KEPT = new Set(['Goepel', 'von', 'der', 'Gracht', 'Dajani', 'ln']);
const english = (text: string) => (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !KEPT.has(w));

beforeEach(() => overwriteGetLocale(() => 'zh'));
afterEach(() => overwriteGetLocale(() => 'en'));

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
}
const RULE = { minSStar: '0.75', maxWeightShift: '0.01', maxRounds: '3', combine: 'all' };

describe.each(BACKENDS)('the Delphi forms on $name', (backend) => {
  const db = useDb(backend);

  it('the stop rule: each bad value named by field and kind, said in Chinese, nothing stored', async () => {
    const { survey } = await surveyWithExperts(db(), 1);
    // [field, typed, the code, the text the zh page shows]
    const cases: Array<[keyof typeof RULE, string, 'number' | 'range', string]> = [
      ['minSStar', '1.5', 'range', '每组 S* 至少为：S* 须大于 0 且不大于 1'],
      ['minSStar', '0', 'range', '每组 S* 至少为：S* 须大于 0 且不大于 1'],
      ['minSStar', 'high', 'number', '每组 S* 至少为：不是数字；请用数字和小数点书写，例如 0.75'],
      ['minSStar', '0,75', 'number', '每组 S* 至少为：不是数字；请用数字和小数点书写，例如 0.75'],
      [
        'maxWeightShift',
        '-0.5',
        'range',
        `${m.admin_delphi_max_shift()}：权重变动须大于 0 且小于 1`
      ],
      ['maxWeightShift', '1', 'range', `${m.admin_delphi_max_shift()}：权重变动须大于 0 且小于 1`],
      ['maxRounds', '2.5', 'range', '最多轮数：轮数须为 1 至 100 的整数'],
      ['maxRounds', '101', 'range', '最多轮数：轮数须为 1 至 100 的整数'],
      ['maxRounds', '1e9', 'number', '最多轮数：不是数字；请用数字和小数点书写，例如 0.75'],
      ['combine', 'both', 'range', '共识与稳定性：请在两项中选择一项']
    ];
    for (const [field, typed, detail, text] of cases) {
      const saved = await saveDelphiForm(db(), survey, form({ ...RULE, [field]: typed }));
      expect(saved, `${field}=${typed}`).toEqual({ field, detail });
      if (!('field' in saved)) continue;
      expect(delphiErrorText(saved)).toBe(text);
      expect(english(delphiErrorText(saved)).filter((w) => w !== 'S')).toEqual([]);
    }
    expect(await getDelphiSettings(db(), survey.id)).toBeNull();
    const ok = await saveDelphiForm(db(), survey, form({ ...RULE, reasons: 'on' }));
    expect(ok).toEqual({
      settings: {
        reasons: true,
        stop: { minSStar: 0.75, maxWeightShift: 0.01, maxRounds: 3, combine: 'all' }
      }
    });
  });

  it('the round form: each problem has its code and its Chinese text, no round opened', async () => {
    const { survey } = await surveyWithExperts(db(), 2);
    const other = await surveyWithExperts(db(), 1);
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ who: 'chosen' }, 'no-experts'],
      [{ who: 'chosen', expert: other.experts[0]!.expert.id }, 'unknown-expert'],
      [{ who: 'chosen', expert: 'not an id' }, 'unknown-expert']
    ];
    for (const [fields, problem] of cases)
      expect(await nextRoundFromForm(db(), survey, form(fields))).toEqual({ problem });
    expect((await getSurvey(db(), survey.id))!.round).toBe(1);
    // The last round a survey can have: refused as such (not as "an expert not in the survey").
    await (db() as Db).query(`UPDATE surveys SET current_round = 100 WHERE id = $1`, [survey.id]);
    const last = (await getSurvey(db(), survey.id))!;
    expect(await nextRoundFromForm(db(), last, form({ who: 'all' }))).toEqual({
      problem: 'too-many'
    });
    expect(m.admin_delphi_problem_too_many({ max: '100' })).toBe(
      '本问卷已进行 100 轮，已达上限：请在此停止。'
    );
  });
});

describe('the expert page in Chinese', () => {
  it('says every refusal of a submission in Chinese', () => {
    const refused = (code: string) =>
      refusalText({ code, message: 'an English message from the server', round: 1 });
    expect(refused('round_closed')).toBe('未计入：第 1 轮已结束；回答仍保存在本设备上');
    expect(refused('not_asked')).toBe('未计入：本轮不再询问您；您上一轮的回答保持有效');
    expect(refused('reasons')).toBe('未计入：有一条理由未被接受；请检查您的理由后重新提交');
    expect(refused('reasons_off')).toBe('未计入：本问卷已不再接收理由；请重新加载页面后再次提交');
    for (const code of ['closed', 'not_open', 'not_found', 'round_closed', 'not_asked'])
      expect(english(refused(code)), code).toEqual([]);
  });

  it('says what is wrong with a reason as it is typed, in Chinese', () => {
    expect(reasonProblemText(reasonProblem('好\u0000')!)).toBe(
      '理由的第 2 个字符是控制字符或残缺字符（常见于复制粘贴）：请重新输入。'
    );
    expect(reasonProblemText(reasonProblem('长'.repeat(10_000))!)).toBe(
      '理由长 10000 个字符：最多 200 个。'
    );
  });

  it('no Delphi message of the Chinese pages is left in English', () => {
    const delphi = Object.entries(zhMessages as Record<string, string>).filter(([k]) =>
      /^(delphi_|admin_delphi_|expert_refused_|common_error_bad_round)/.test(k)
    );
    expect(delphi.length).toBeGreaterThan(60);
    for (const [key, text] of delphi)
      expect(
        english(text.replace(/\{[^}]*\}/g, '')).filter((w) => w !== 'S'),
        key
      ).toEqual([]);
  });
});
