/**
 * The farm-household micro-credit risk template: the hierarchy of the Fujian study
 * (../shared/seeds/003; DOMAIN.md): goal A1, criteria B1-B4, sub-criteria C1-C15, with the
 * study's Simplified Chinese names and English renderings (../shared/reference/
 * farm-credit-template.json). The one-line descriptions restate each indicator's risk
 * direction. The settings follow the study: row geometric mean ("square-root method"),
 * Saaty's 1980 random index, CR < 0.10.
 */
import { FARM_CREDIT_DEFAULT_SCALES } from './farm-credit-scales';
import type { SurveyDefinition, SurveyNode } from './schema';

const hierarchy: SurveyNode = {
  id: 'A1',
  label: {
    en: 'Farm-household micro-credit risk',
    zh: '农户小额信贷风险评价'
  },
  description: {
    en: 'How much does each indicator matter for the risk of a small loan to a farm household?',
    zh: '各项指标对农户小额贷款风险的影响程度如何？'
  },
  children: [
    {
      id: 'B1',
      label: {
        en: 'Natural risk',
        zh: '自然风险'
      },
      description: {
        en: 'Risks from weather, disasters and other natural causes.',
        zh: '自然灾害等自然因素带来的风险。'
      },
      children: [
        {
          id: 'C1',
          label: {
            en: "Exposure of the household's crops to natural disasters",
            zh: '农作物受自然灾害的影响程度'
          },
          description: {
            en: 'The greater the exposure, the higher the risk.',
            zh: '农作物受自然灾害影响越大，风险越高。'
          }
        },
        {
          id: 'C2',
          label: {
            en: 'Agricultural insurance',
            zh: '农业保险情况'
          },
          description: {
            en: 'Insured households bear less natural risk.',
            zh: '参加农业保险的农户承担的自然风险较小。'
          }
        }
      ]
    },
    {
      id: 'B2',
      label: {
        en: 'Credit risk',
        zh: '信用风险'
      },
      description: {
        en: "The household's willingness to repay: its record, honesty and habits.",
        zh: '农户的还款意愿：信用记录、诚信与习惯。'
      },
      children: [
        {
          id: 'C3',
          label: {
            en: 'Credit record',
            zh: '信用记录'
          },
          description: {
            en: 'The better the record, the lower the risk.',
            zh: '信用记录越好，风险越低。'
          }
        },
        {
          id: 'C4',
          label: {
            en: 'Truthfulness of the credit documents',
            zh: '资信材料的真实程度'
          },
          description: {
            en: 'The more truthful, the lower the risk.',
            zh: '资信材料越真实，风险越低。'
          }
        },
        {
          id: 'C5',
          label: {
            en: 'Harmful habits such as gambling',
            zh: '农户是否有不良嗜好'
          },
          description: {
            en: 'Households without such habits are lower risk.',
            zh: '没有赌博等不良嗜好的农户风险较低。'
          }
        },
        {
          id: 'C6',
          label: {
            en: 'Use of the loan as declared',
            zh: '贷款用途'
          },
          description: {
            en: 'Funds used as declared mean lower risk than unclear use.',
            zh: '贷款按申报用途使用比用途不明的风险低。'
          }
        },
        {
          id: 'C7',
          label: {
            en: 'Reputation in the community',
            zh: '农户声誉'
          },
          description: {
            en: 'A good local reputation means lower risk.',
            zh: '在村里声誉良好的农户风险较低。'
          }
        }
      ]
    },
    {
      id: 'B3',
      label: {
        en: 'Operational risk',
        zh: '操作风险'
      },
      description: {
        en: 'Risks in how the loan is made and secured.',
        zh: '贷款发放与担保过程中的风险。'
      },
      children: [
        {
          id: 'C8',
          label: {
            en: 'Collateral and guarantees',
            zh: '担保抵押物情况'
          },
          description: {
            en: 'Valid collateral or guarantee means lower risk.',
            zh: '有有效的抵押物或担保，风险较低。'
          }
        },
        {
          id: 'C9',
          label: {
            en: "Personal ties to the cooperative's loan staff",
            zh: '同信贷人员的关联性'
          },
          description: {
            en: 'Closer ties mean higher operational risk.',
            zh: '与信贷人员关系越密切，操作风险越高。'
          }
        },
        {
          id: 'C10',
          label: {
            en: 'Loan amount as a share of annual household income',
            zh: '贷款资金量占农户年收入的比例'
          },
          description: {
            en: 'The smaller the share, the lower the risk.',
            zh: '贷款占年收入比例越小，风险越低。'
          }
        }
      ]
    },
    {
      id: 'B4',
      label: {
        en: 'Market risk',
        zh: '市场风险'
      },
      description: {
        en: "The household's ability to repay given its market and assets.",
        zh: '在市场与资产条件下农户的还款能力。'
      },
      children: [
        {
          id: 'C11',
          label: {
            en: 'Stability of the local market economy',
            zh: '市场经济环境'
          },
          description: {
            en: 'A stable environment means lower risk.',
            zh: '市场经济环境稳定，风险较低。'
          }
        },
        {
          id: 'C12',
          label: {
            en: "Market outlook of the household's main products",
            zh: '农产品的市场空间与前景'
          },
          description: {
            en: 'The better the outlook, the lower the risk.',
            zh: '农产品市场前景越好，风险越低。'
          }
        },
        {
          id: 'C13',
          label: {
            en: 'Share of household income from the financed project',
            zh: '贷款项目收入在农户全年总收入中所占的比重'
          },
          description: {
            en: 'A smaller share (more diverse income) means lower risk.',
            zh: '贷款项目收入占比越小（收入来源越多样），风险越低。'
          }
        },
        {
          id: 'C14',
          label: {
            en: 'Household assets',
            zh: '农户资产状况'
          },
          description: {
            en: 'The better the assets, the lower the risk.',
            zh: '资产状况越好，风险越低。'
          }
        },
        {
          id: 'C15',
          label: {
            en: 'Farming and business experience',
            zh: '生产经验'
          },
          description: {
            en: 'More experience means lower risk.',
            zh: '生产经营经验越丰富，风险越低。'
          }
        }
      ]
    }
  ]
};

/** The study's words for the scale (1, 3, 5, 7, 9 and the steps between). */
export const FARM_CREDIT_SCALE_WORDS = {
  '1': {
    zh: '相等',
    en: 'equally important'
  },
  '3': {
    zh: '略重要',
    en: 'moderately more important'
  },
  '5': {
    zh: '重要',
    en: 'strongly more important'
  },
  '7': {
    zh: '很重要',
    en: 'very strongly more important'
  },
  '9': {
    zh: '极重要',
    en: 'extremely more important'
  },
  between: {
    zh: '介于相邻两级之间',
    en: 'between the two neighbouring levels'
  }
} as const;

/** Editable default grade cut-offs (total score 0-100): evenly spaced, not the study's own table. */
export const FARM_CREDIT_DEFAULT_GRADES: ReadonlyArray<{ grade: string; minScore: number }> = [
  { grade: 'AAA', minScore: 90 },
  { grade: 'AA', minScore: 80 },
  { grade: 'A', minScore: 70 },
  { grade: 'BBB', minScore: 60 },
  { grade: 'BB', minScore: 50 },
  { grade: 'B', minScore: 40 },
  { grade: 'CCC', minScore: 30 },
  { grade: 'CC', minScore: 20 },
  { grade: 'C', minScore: 10 },
  { grade: 'D', minScore: 0 }
];

/** Each leaf with its editable default rating scale (./farm-credit-scales.ts). */
function withScales(node: SurveyNode): SurveyNode {
  if (node.children) return { ...node, children: node.children.map(withScales) };
  const scale = FARM_CREDIT_DEFAULT_SCALES[node.id];
  return scale ? { ...node, scale: structuredClone(scale) } : node;
}

/**
 * A fresh copy of the template, ready to become a survey. By default every indicator carries its
 * editable default rating scale (./farm-credit-scales.ts; the study's own table is not in its
 * text), which the researcher edits in the hierarchy editor, and weight sets of the survey are
 * version 2, scoring recorded facts. With `scales: false`, the hierarchy alone: indicators are
 * scored 0-100 directly (version 1 weight sets).
 */
export function farmCreditTemplate(options: { scales?: boolean } = {}): SurveyDefinition {
  return {
    title: { en: 'Farm-household micro-credit risk', zh: '农户小额信贷风险评价' },
    description: {
      en: 'Compare the risk indicators pair by pair: which matters more for the risk of a small loan to a farm household, and how much more?',
      zh: '请两两比较各项风险指标：对农户小额贷款的风险而言，哪一项更重要，重要多少？'
    },
    hierarchy:
      (options.scales ?? true)
        ? withScales(structuredClone(hierarchy))
        : structuredClone(hierarchy),
    settings: {
      method: 'geometric-mean',
      randomIndex: 'saaty-1980',
      threshold: 0.1,
      aggregation: 'aij',
      allowSkip: false,
      showResults: false
    }
  };
}
