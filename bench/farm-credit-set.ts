/**
 * The weight set the scorecard and monitoring benchmarks score with: the demo panel's weights
 * with the farm-credit template's default rating scales (version 2), and a seeded picker.
 */
import { seededRandom } from '../src/lib/ahp';
import { farmCreditTemplate } from '../src/lib/survey';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  type WeightSetV2
} from '../src/lib/weights';

export async function farmCreditBenchSet() {
  const demo = generateDemoPanel();
  const { analysis } = analyseResponses(demo.definition, demo.experts);
  const scaled = farmCreditTemplate({ scales: true });
  const definition = { ...demo.definition, hierarchy: scaled.hierarchy };
  const ws = (await buildWeightSet(definition, analysis, {
    surveyId: 'bench',
    name: 'bench'
  })) as WeightSetV2;
  const random = seededRandom(1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return { definition, ws, random, pick };
}
