/**
 * Validation benchmark (`npx tsx bench/validation.ts`): the issue-5 budget, 100,000 loans
 * scored, their AUC with 1,000 bootstrap resamples, and the 5-fold regression baseline, in at
 * most 5 s on one core. One line per figure and the total; measured, not asserted by any test.
 * The synthetic loan file is generated first (not part of the budget: a real file is read).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fujianTrueWeights } from './fujian';
import { root } from './server';

const LOANS = 100_000;
const RESAMPLES = 1_000;
const FOLDS = 5;

function ms(start: number): number {
  return performance.now() - start;
}

function line(label: string, millis: number, detail = ''): void {
  console.log(
    `${label}: ${Math.round(millis).toLocaleString('en-US')} ms${detail ? ` (${detail})` : ''}`
  );
}

console.log(`Pairwise validation benchmarks (node ${process.version}, one thread)`);

let t = performance.now();
const { discrimination, regressionBaseline, syntheticLoans } =
  await import('../src/lib/validation');
line('load the validation module (no mathjs: its LU is src/lib/validation/lu.ts)', ms(t));

// The global weights of the illustrative true model: local weights multiplied down the tree.
const { A1, B1, B2, B3, B4 } = fujianTrueWeights;
const weights = [B1, B2, B3, B4].flatMap((local, k) => local!.map((w) => w * A1![k]!));

t = performance.now();
const loans = syntheticLoans({ weights, loans: LOANS, defaultRate: 0.1, seed: 2024 });
line(
  `generate ${LOANS.toLocaleString('en-US')} synthetic loans (not in the total)`,
  ms(t),
  `default rate ${loans.defaultRate.toFixed(4)}`
);

const started = performance.now();

t = performance.now();
const scores = new Float64Array(LOANS);
for (let i = 0; i < LOANS; i++) {
  const row = loans.rows[i]!;
  let s = 0;
  for (let j = 0; j < weights.length; j++) s += weights[j]! * row[j]!;
  scores[i] = s;
}
line('score 100,000 loans (sum of global weight x leaf score)', ms(t));

t = performance.now();
const d = discrimination(scores, loans.outcomes, { bootstrap: { resamples: RESAMPLES, seed: 1 } });
line(
  `AUC, Gini, KS, ROC and ${RESAMPLES.toLocaleString('en-US')} bootstrap resamples`,
  ms(t),
  `AUC ${d.auc.toFixed(4)} [${d.interval!.lower.toFixed(4)}, ${d.interval!.upper.toFixed(4)}], KS ${d.ks.statistic.toFixed(4)}, ${d.roc.length.toLocaleString('en-US')} ROC points`
);

t = performance.now();
const b = regressionBaseline(loans, { folds: FOLDS, seed: 1 });
line(
  `regression baseline: full fit + ${FOLDS}-fold cross-validated AUC`,
  ms(t),
  `cv AUC ${b.crossValidation.meanAuc.toFixed(4)}, iterations ${b.fit.iterations} + ${b.crossValidation.folds.map((f) => f.iterations).join('/')}, clipped ${b.weights.clipped.length}`
);

line('total (score + AUC with bootstrap + regression baseline; budget 5,000 ms)', ms(started));

// The whole command, as a user runs it: `pairwise validate` on a file of 100,000 loans (start
// Node and tsx, read and check the weight set and the CSV, everything above, write the report).
{
  const { analyseResponses, buildWeightSet, generateDemoPanel } =
    await import('../src/lib/weights');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-validate-bench-'));
  try {
    const demo = generateDemoPanel();
    const { analysis } = analyseResponses(demo.definition, demo.experts);
    const ws = await buildWeightSet(demo.definition, analysis, {
      surveyId: 'demo',
      name: 'Demo weights',
      createdAt: '2025-05-01T08:30:00.000Z'
    });
    fs.writeFileSync(path.join(dir, 'set.json'), JSON.stringify(ws));
    const csv = [`id,${loans.leaves.join(',')},default`];
    loans.rows.forEach((r, i) =>
      csv.push(`L${i + 1},${Array.from(r).join(',')},${loans.outcomes[i]}`)
    );
    fs.writeFileSync(path.join(dir, 'loans.csv'), `${csv.join('\n')}\n`);
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) {
      t = performance.now();
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'bin/pairwise.js'), 'validate', '--weights', 'set.json', 'loans.csv'],
        { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }
      );
      if (r.status !== 0) throw new Error(`pairwise validate failed: ${r.stderr.toString()}`);
      runs.push(ms(t));
    }
    runs.sort((a, b) => a - b);
    line(
      `pairwise validate, ${LOANS.toLocaleString('en-US')} loans, whole process`,
      runs[1]!,
      `median of 3: ${runs.map(Math.round).join(', ')} ms; goal <= 2,500 ms; load ${os.loadavg()[0]!.toFixed(1)}`
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
