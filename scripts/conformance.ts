/**
 * The conformance vectors (conformance/v1/*.json, specified in conformance/SPEC.md): weight sets,
 * input records and what the TypeScript scorer makes of them (scoreBatch, the scorer of the HTTP
 * endpoint and of `pairwise score`). `npx tsx scripts/conformance.ts` writes them;
 * tests/unit/weights/conformance.test.ts checks that the files equal what the scorer gives now,
 * so a change to the scorer has to change the vectors on purpose.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/lib/ahp';
import { DEFAULT_SETTINGS, farmCreditTemplate, type SurveyDefinition } from '../src/lib/survey';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  scoreBatch,
  type WeightSet,
  type WeightSetV2
} from '../src/lib/weights';
// The weight sets of the unit tests (preset weights; one leaf of each scale kind), so that the
// vectors and the tests describe the same models.
import { presetWeightSet } from '../tests/unit/weights/fixtures';
import { scorecardWeightSet } from '../tests/unit/weights/scorecard-fixtures';

export const CONFORMANCE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../conformance/v1'
);
const CREATED_AT = '2026-12-05T00:00:00.000Z';

export interface ConformanceCase {
  format: 'pairwise.conformance';
  version: 1;
  name: string;
  description: string;
  weightSet: WeightSet;
  records: unknown[];
  expected: ReturnType<typeof scoreBatch>;
}

async function build(def: SurveyDefinition, name: string): Promise<WeightSet> {
  const { analysis } = analyseResponses(def, [{ id: 'nobody', judgments: {} }]);
  return buildWeightSet(def, analysis, { surveyId: 'conformance', name, createdAt: CREATED_AT });
}

const all = (value: unknown, id?: string) => ({
  ...(id !== undefined ? { id } : {}),
  x1: value,
  x2: value,
  y1: value,
  y2: value,
  y3: value
});

const A = { id: 'A', x1: 'Good', x2: 0.25, y1: 'clean', y2: 0.5, y3: 80 };

async function cases(): Promise<Array<Omit<ConformanceCase, 'expected'>>> {
  const v1 = await presetWeightSet();
  const bands = v1.grading.bands;
  const twoGrades = await presetWeightSet([
    { grade: 'lend', minScore: 60 },
    { grade: 'refuse', minScore: 0 }
  ]);
  const halves = await build(
    {
      title: { en: 'Halves', zh: '各半' },
      hierarchy: {
        id: 'G',
        label: { en: 'Goal', zh: '目标' },
        weights: [0.5, 0.5],
        children: [
          { id: 'a', label: { en: 'Alpha', zh: '甲' } },
          { id: 'b', label: { en: 'Beta', zh: '' } }
        ]
      },
      settings: { ...DEFAULT_SETTINGS }
    },
    'Two leaves of weight 0.5'
  );
  const v2 = await scorecardWeightSet();
  const demo = generateDemoPanel();
  const farm = (await buildWeightSet(
    { ...demo.definition, hierarchy: farmCreditTemplate({ scales: true }).hierarchy },
    analyseResponses(demo.definition, demo.experts).analysis,
    { surveyId: 'conformance', name: 'Farm credit, demo panel', createdAt: CREATED_AT }
  )) as WeightSetV2;
  const random = seededRandom(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const farmRecords = Array.from({ length: 200 }, (_, k) => {
    const record: Record<string, unknown> = { id: `F${k + 1}` };
    for (const l of farm.leaves) {
      const s = l.scale!;
      if (k % 50 === 49) continue; // a record with every value missing now and then
      if (s.kind === 'numeric') {
        const v = s.breakpoints.map((b) => b.value);
        // Breakpoints themselves, values between them, and beyond both ends.
        record[l.id] = pick([pick(v), Math.round(random() * 300 - 25) / 100, String(pick(v))]);
      } else {
        const level = pick(s.levels);
        record[l.id] = pick([
          level.id,
          level.label.en,
          level.label.zh,
          `  ${level.label.en.toUpperCase()} `,
          null
        ]);
      }
    }
    return record;
  });

  return [
    {
      format: 'pairwise.conformance',
      version: 1,
      name: 'v1-scores',
      description:
        'Version 1 (no scales): each value is the points, a number 0-100 or a decimal string. Grade boundaries exactly on each cut-off and 1e-10 and 1e-8 below it; numbers as strings; refusals of every kind; ties in the reasons (x1 and x2 weigh the same, so do y2 and y3).',
      weightSet: v1,
      records: [
        all(100, 'all-100'),
        all(0, 'all-0'),
        ...bands.map((b) => all(b.minScore, `on-${b.grade}`)),
        ...bands.map((b) => all(b.minScore - 1e-10, `1e-10-below-${b.grade}`)),
        ...bands
          .filter((b) => b.minScore > 0)
          .map((b) => all(b.minScore - 1e-8, `1e-8-below-${b.grade}`)),
        all(50, 'ties'),
        { id: 'strings', x1: ' 55.5 ', x2: '1e1', y1: '+7', y2: '-0', y3: '.5' },
        {
          id: 'more-strings',
          x1: '5.',
          x2: '0100',
          y1: '100.000',
          y2: '1E+1',
          y3: '3.14159265358979323846'
        },
        { id: 42, x1: 'abc', x2: '0x10', y1: 'Infinity', y2: 100.5, y3: -1 },
        { id: 'missing', x1: null, x2: '', y1: '  ', y2: 'NaN' },
        { id: 'types', x1: true, x2: [1], y1: { a: 1 }, y2: '1e400', y3: '1,5' },
        { id: '  trimmed  ', x1: 1, x2: 2, y1: 3, y2: 4, y3: 5 },
        {
          id: 'tiny',
          x1: '3e-324',
          x2: '1e-400',
          y1: '2.2250738585072014e-308',
          y2: 5e-324,
          y3: '1e-99999'
        },
        { id: 'tiny-zero', x1: '2e-324', x2: '-1e-400', y1: '0e99999', y2: 0, y3: '-0.0e-5' },
        'not an object',
        null,
        [1, 2, 3]
      ]
    },
    {
      format: 'pairwise.conformance',
      version: 1,
      name: 'v1-two-grades',
      description:
        'Version 1 with two grades, lend at 60 and refuse below: totals on 60, within the tolerance 1e-9 below it, beyond it.',
      weightSet: twoGrades,
      records: [
        all(60, 'on'),
        all(59.9999999999, '1e-10-below'),
        all(59.99999999, '1e-8-below'),
        all(60.00000001, 'above'),
        { id: 'mixed', x1: 100, x2: 20, y1: 60, y2: 60, y3: 60 }
      ]
    },
    {
      format: 'pairwise.conformance',
      version: 1,
      name: 'v1-halves',
      description:
        'Two leaves weighing exactly 0.5: points lost that are exact halves of a cent (0.125, 1.125, 0.375), to show that the reasons round them half up (ECMAScript toFixed), not to even; equal losses keep the leaves in order; a label missing in one language falls back to the other.',
      weightSet: halves,
      records: [
        { id: 'h1', a: 99.75, b: 100 },
        { id: 'h2', a: 97.75, b: 99.25 },
        { id: 'tie', a: 99.75, b: 99.75 },
        { id: 'none-lost', a: 100, b: 100 }
      ]
    },
    {
      format: 'pairwise.conformance',
      version: 1,
      name: 'v2-every-scale',
      description:
        'Version 2, one leaf of each kind: x1 categorical with fixed points (missing: worst), x2 numeric linear, clamped (missing refused), y1 categorical with points derived by the panel (100, 25) and a zero level (missing refused), y2 numeric steps, refused outside (missing: 20 points), y3 without a scale. Values on breakpoints, between and beyond them; level names by id, English, Chinese, any case and spacing; unknown levels, control characters, lone surrogates, over-long text.',
      weightSet: v2,
      records: [
        A,
        { id: 'B', x1: '一般', x2: '1.5', y1: ' overdue ONCE ', y2: null, y3: 50 },
        { id: 'on-breakpoints-0', x1: 'good', x2: 0, y1: '无逾期', y2: 0, y3: 0 },
        { id: 'on-breakpoints-1', x1: 'FAIR', x2: 0.5, y1: 'no   overdue', y2: 1, y3: 100 },
        { id: 'on-breakpoints-2', x1: 'poor', x2: 1, y1: 'default', y2: 3, y3: 60 },
        { id: 'on-breakpoints-3', x1: '差', x2: 2, y1: 'Default On Record', y2: '3', y3: 60 },
        { id: 'between', x1: 'Good', x2: 0.75, y1: 'once', y2: 0.999999, y3: 60 },
        { id: 'between-2', x1: 'Good', x2: 1.2345, y1: 'once', y2: 2.5, y3: 60 },
        { id: 'clamped-low', x1: 'Good', x2: -1, y1: 'clean', y2: 2, y3: 60 },
        { id: 'clamped-high', x1: 'Good', x2: 1e300, y1: 'clean', y2: '1.0', y3: 60 },
        { id: 'ideographic-space', x1: 'Good', x2: '2', y1: 'No\u3000Overdue', y2: 0.5, y3: 60 },
        { id: 'x1-missing-worst', x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'x1-null-worst', x1: null, x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'x1-blank-worst', x1: '   ', x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'unknown-level', x1: 'Goood', x2: 0.5, y1: 'overdue twice', y2: 0.5, y3: 60 },
        { id: 'outside-refused', x1: 'Good', x2: 0.5, y1: 'clean', y2: 3.0000001, y3: 60 },
        { id: 'below-refused', x1: 'Good', x2: 0.5, y1: 'clean', y2: -0.1, y3: 60 },
        { id: 'missing-refused', x1: 'Good', y1: null, y2: 0.5, y3: 60 },
        { id: 'number-as-level', x1: 100, x2: 0.5, y1: 1, y2: 0.5, y3: 60 },
        { id: 'too-large', x1: 'Good', x2: '1e400', y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'not-numbers', x1: 'Good', x2: 'half', y1: 'clean', y2: '1/2', y3: '60%' },
        { id: 'nul', x1: 'Go\u0000od', x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'tab', x1: 'Good', x2: 0.5, y1: 'Overdue\tonce', y2: 0.5, y3: 60 },
        { id: 'surrogate', x1: 'Good\ud800', x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'long', x1: 'G'.repeat(201), x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: 'bad-id\u0007', x1: 'Good', x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 },
        { id: true, x1: 'Good', x2: 0.5, y1: 'clean', y2: 0.5, y3: 60 }
      ]
    },
    {
      format: 'pairwise.conformance',
      version: 1,
      name: 'v2-farm-credit',
      description:
        "The farm-credit template (C1-C15) with its default scales and the demo panel's weights: 200 seeded records of level ids and labels (English, Chinese, upper case with spaces), numbers on, between and beyond the breakpoints of C10 and C13, and missing values.",
      weightSet: farm,
      records: farmRecords
    }
  ];
}

/** Every case with the scorer's output. */
export async function conformanceCases(): Promise<ConformanceCase[]> {
  return (await cases()).map((c) => ({ ...c, expected: scoreBatch(c.weightSet, c.records) }));
}

/** A case as its file holds it (JSON.stringify's numbers: the shortest that read back exactly). */
export const caseJson = (c: ConformanceCase) => `${JSON.stringify(c, null, 1)}\n`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const c of await conformanceCases()) {
    const file = path.join(CONFORMANCE_DIR, `${c.name}.json`);
    writeFileSync(file, caseJson(c));
    console.log(`${file}: ${c.expected.scored} scored, ${c.expected.refused} refused`);
  }
}
