/**
 * Benchmark of the scorer (part of `npm run bench`): 100,000 applicants of the farm-credit
 * model (15 leaves) scored with the demo panel's weight set. The CSV text (an id column and 15
 * scores, integers and one-decimal values) is generated in memory; the first figure includes
 * parsing it, the second scores records already parsed, the third writes the output CSV.
 * Each figure is the median of 7 runs after a warm-up. Measured, not asserted by any test.
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../src/lib/ahp';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  parseCsv,
  scoreCsv,
  scoreRecords,
  scoresCsv
} from '../src/lib/weights';

const APPLICANTS = 100_000;
const RUNS = 7;

const demo = generateDemoPanel();
const { analysis } = analyseResponses(demo.definition, demo.experts);
const ws = await buildWeightSet(demo.definition, analysis, { surveyId: 'bench', name: 'bench' });

const random = seededRandom(1);
const lines = [`id,${ws.leaves.map((l) => l.id).join(',')}`];
for (let k = 0; k < APPLICANTS; k++) {
  const scores = ws.leaves.map(() =>
    random() < 0.5 ? String(Math.floor(random() * 101)) : (random() * 100).toFixed(1)
  );
  lines.push(`APP-${k + 1},${scores.join(',')}`);
}
const text = `${lines.join('\r\n')}\r\n`;

function median(fn: () => void): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1]!;
}

function report(label: string, ms: number): void {
  const rate = Math.round((APPLICANTS / ms) * 1000).toLocaleString('en-US');
  console.log(
    `${label}: ${APPLICANTS.toLocaleString('en-US')} applicants in ${ms.toFixed(0)} ms (${rate}/s)`
  );
}

let scored = 0;
const parseAndScore = median(() => {
  scored = scoreCsv(ws, text).count;
});
if (scored !== APPLICANTS) throw new Error(`scored ${scored} of ${APPLICANTS}`);
const records = parseCsv(text);
const scoreOnly = median(() => {
  scoreRecords(ws, records, text);
});
const result = scoreCsv(ws, text);
const write = median(() => {
  scoresCsv(result);
});

console.log(
  `Pairwise scorer benchmark (node ${process.version}, one thread; ${(text.length / 1e6).toFixed(1)} MB of CSV, ${ws.leaves.length} leaves)`
);
report('scorer', parseAndScore);
report('scorer, score only (CSV already parsed)', scoreOnly);
report('scorer, writing the output CSV', write);
