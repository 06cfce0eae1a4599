/**
 * Benchmark of scoring recorded facts (part of `npm run bench`): 100,000 applicants of the
 * farm-credit model scored with a version 2 weight set, the demo panel's weights with the
 * template's default rating scales. The CSV holds what a loan officer records: level labels for
 * the 13 categorical indicators (English, Chinese and ids mixed) and numbers for C10 (0-2.5,
 * above 2 clamped) and C13 (0-1). Figures: parse and score, then writing the
 * output CSV with points and reasons; each the median of 7 runs after a warm-up; then the
 * validation of the same facts as 100,000 recorded loans. Budgets: 1 s for parsing and scoring,
 * 5 s for the validation, wall time in one process: over either, the exit status is 1. The CPU
 * time is printed beside the wall time: on a shared machine the wall time also counts waiting.
 */
import { performance } from 'node:perf_hooks';
import { farmCreditBenchSet } from './farm-credit-set';
import { compileScorer, scoreCsv, scoresCsv } from '../src/lib/weights';

const APPLICANTS = 100_000;
const RUNS = 7;
const BUDGET_MS = 1000;

const { ws, random, pick } = await farmCreditBenchSet();
const lines = [`id,${ws.leaves.map((l) => l.id).join(',')}`];
for (let k = 0; k < APPLICANTS; k++) {
  const cells = ws.leaves.map((l) => {
    const s = l.scale!;
    if (s.kind === 'numeric') return (random() * (l.id === 'C13' ? 1 : 2.5)).toFixed(2);
    const level = pick(s.levels);
    return pick([level.label.en, level.label.zh, level.id]);
  });
  lines.push(`APP-${k + 1},${cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')}`);
}
const text = `${lines.join('\r\n')}\r\n`;

/** Median wall time and the CPU time of that same run (on a shared machine the wall time also counts waiting). */
function median(fn: () => void): { ms: number; cpu: number } {
  fn(); // warm-up
  const times: Array<{ ms: number; cpu: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    times.push({ ms, cpu: (used.user + used.system) / 1000 });
  }
  return times.sort((a, b) => a.ms - b.ms)[RUNS >> 1]!;
}

function report(label: string, { ms, cpu }: { ms: number; cpu: number }): void {
  const rate = Math.round((APPLICANTS / ms) * 1000).toLocaleString('en-US');
  console.log(
    `${label}: ${APPLICANTS.toLocaleString('en-US')} applicants in ${ms.toFixed(0)} ms (${rate}/s; CPU ${cpu.toFixed(0)} ms)`
  );
}

let result = scoreCsv(ws, text);
if (result.count !== APPLICANTS) throw new Error(`scored ${result.count} of ${APPLICANTS}`);
const parseAndScore = median(() => {
  result = scoreCsv(ws, text);
});
const write = median(() => {
  scoresCsv(result);
});

console.log(
  `Pairwise scorecard benchmark (node ${process.version}, one thread; ${(text.length / 1e6).toFixed(1)} MB of recorded facts, ${ws.leaves.length} leaves with scales)`
);
report('scorecard, parse and score', parseAndScore);
report('scorecard, writing the output CSV with points and reasons', write);

// Validation of 100,000 recorded loans: the same facts with an outcome drawn from the applicant's
// total (the lower the total, the likelier a default), read through the scales, the validation
// report (AUC with its bootstrap, calibration, cut-off, regression baseline) and the per-level
// statistics. One run (the report alone takes seconds); budget 5 s.
const VALIDATION_BUDGET_MS = 5000;
const loanLines = text.trimEnd().split('\r\n');
loanLines[0] = `${loanLines[0]},default`;
for (let k = 1; k < loanLines.length; k++) {
  const p = 0.02 + 0.3 * (1 - result.totals[k - 1]! / 100);
  loanLines[k] = `${loanLines[k]},${random() < p ? 1 : 0}`;
}
const loanText = loanLines.join('\r\n');
const { levelStatistics, readLoans, validationReport } = await import('../src/lib/validation');
const scorer = compileScorer(ws);
const c0 = process.cpuUsage();
const t0 = performance.now();
const loans = readLoans(loanText, scorer.leaves, { scales: scorer.scales });
const levels = levelStatistics(scorer.scales, loans);
const validation = validationReport(ws, loans);
const validationMs = performance.now() - t0;
const used = process.cpuUsage(c0);
const disputed = levels.reduce((s, l) => s + l.disputed.length, 0);
console.log(
  `scorecard validation: ${APPLICANTS.toLocaleString('en-US')} recorded loans in ${validationMs.toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms; AUC ${validation.discrimination.defined ? validation.discrimination.auc.toFixed(3) : 'undefined'}, ${levels.length} leaves with levels, ${disputed} disputed pairs)`
);
if (validationMs > VALIDATION_BUDGET_MS) {
  console.log(`validation over the budget of ${VALIDATION_BUDGET_MS} ms`);
  process.exitCode = 1;
}
if (parseAndScore.ms > BUDGET_MS) {
  console.log(`over the budget of ${BUDGET_MS} ms`);
  process.exitCode = 1;
}
