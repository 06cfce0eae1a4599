/**
 * Editable default rating scales for the farm-credit template's indicators C1-C15. The Fujian
 * study scores each indicator on its risk evaluation table (风险评价表), but that table is not
 * in the study's text: these levels and points are a starting point for the researcher, not the
 * study's numbers. 100 points = the lowest risk, following each indicator's risk direction
 * (../shared/reference/farm-credit-template.json).
 */
import type { MissingPolicy, RatingScale } from './scale';

const NOTE = {
  en: "Editable default: the Fujian study's own risk evaluation table is not in its text; adjust the levels and points to the cooperative's table.",
  zh: '可修改的默认值：福建研究的风险评价表未在正文中给出；请按本社的评价表调整等级与分值。'
};

const WORST: MissingPolicy = { policy: 'worst' };
const REFUSE: MissingPolicy = { policy: 'refuse' };

type Level = [id: string, en: string, zh: string, points: number];

function categorical(levels: Level[], missing: MissingPolicy = WORST): RatingScale {
  return {
    kind: 'categorical',
    note: NOTE,
    points: 'fixed',
    levels: levels.map(([id, en, zh, points]) => ({ id, label: { en, zh }, points })),
    missing
  };
}

/** The default scale of each leaf of the template, by leaf id. */
export const FARM_CREDIT_DEFAULT_SCALES: Readonly<Record<string, RatingScale>> = {
  C1: categorical([
    ['low', 'Low exposure', '受灾影响小', 100],
    ['moderate', 'Moderate exposure', '受灾影响一般', 70],
    ['high', 'High exposure', '受灾影响较大', 40],
    ['severe', 'Severe exposure', '受灾影响严重', 10]
  ]),
  C2: categorical([
    ['insured', 'Fully insured', '已全额投保', 100],
    ['partly', 'Partly insured', '部分投保', 60],
    ['uninsured', 'Not insured', '未投保', 0]
  ]),
  C3: categorical(
    [
      ['clean', 'No overdue payment in three years', '三年内无逾期', 100],
      ['once', 'Overdue once', '逾期一次', 60],
      ['repeated', 'Overdue more than once', '多次逾期', 25],
      ['default', 'A default on record', '有违约记录', 0]
    ],
    REFUSE
  ),
  C4: categorical([
    ['verified', 'Verified as true', '经核实真实', 100],
    ['minor', 'Minor discrepancies', '存在少量出入', 50],
    ['false', 'False documents', '材料虚假', 0]
  ]),
  C5: categorical([
    ['none', 'No harmful habits', '无不良嗜好', 100],
    ['occasional', 'Occasional', '偶有不良嗜好', 40],
    ['habitual', 'Habitual gambling or similar', '有赌博等不良嗜好', 0]
  ]),
  C6: categorical([
    ['declared', 'Used as declared', '按申报用途使用', 100],
    ['partly', 'Partly as declared', '部分按申报用途使用', 50],
    ['unclear', 'Unclear or diverted', '用途不明或挪用', 0]
  ]),
  C7: categorical([
    ['good', 'Good reputation', '声誉良好', 100],
    ['average', 'Average reputation', '声誉一般', 60],
    ['poor', 'Poor reputation', '声誉较差', 10]
  ]),
  C8: categorical([
    ['collateral', 'Valid collateral', '有有效抵押物', 100],
    ['guarantor', 'A guarantor', '有担保人', 70],
    ['none', 'Neither', '无抵押无担保', 20]
  ]),
  C9: categorical([
    ['none', 'No personal ties', '无关联', 100],
    ['acquainted', 'Acquainted', '相识', 60],
    ['close', 'Relative or close friend', '亲属或密友', 20]
  ]),
  C10: {
    kind: 'numeric',
    note: NOTE,
    shape: 'linear',
    unit: { en: 'loan / annual household income', zh: '贷款额／农户年收入' },
    breakpoints: [
      { value: 0, points: 100 },
      { value: 0.3, points: 90 },
      { value: 0.6, points: 60 },
      { value: 1, points: 30 },
      { value: 2, points: 0 }
    ],
    outside: 'clamp',
    missing: REFUSE
  },
  C11: categorical([
    ['stable', 'Stable', '稳定', 100],
    ['fluctuating', 'Some fluctuation', '有一定波动', 60],
    ['unstable', 'Unstable', '不稳定', 20]
  ]),
  C12: categorical([
    ['good', 'Good outlook', '前景良好', 100],
    ['average', 'Average outlook', '前景一般', 60],
    ['poor', 'Poor outlook', '前景较差', 20]
  ]),
  C13: {
    kind: 'numeric',
    note: NOTE,
    shape: 'steps',
    unit: { en: 'share of annual household income (0-1)', zh: '占农户年收入的比重（0-1）' },
    breakpoints: [
      { value: 0, points: 100 },
      { value: 0.3, points: 80 },
      { value: 0.5, points: 60 },
      { value: 0.7, points: 40 },
      { value: 0.9, points: 20 },
      { value: 1, points: 20 }
    ],
    outside: 'refuse',
    missing: WORST
  },
  C14: categorical([
    ['ample', 'Ample assets', '资产充足', 100],
    ['adequate', 'Adequate assets', '资产一般', 60],
    ['few', 'Few assets', '资产较少', 20]
  ]),
  C15: categorical([
    ['long', 'More than 10 years', '十年以上', 100],
    ['medium', '3 to 10 years', '三至十年', 70],
    ['short', 'Under 3 years', '不足三年', 30]
  ])
};
