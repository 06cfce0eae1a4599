/**
 * Benchmark of early-warning snapshots (part of `npm run bench`): two snapshots of 100,000 loans
 * of the farm-credit model (the demo panel's weights with the template's default rating scales;
 * level labels in English, Chinese and ids mixed, numbers for C10 and C13, days past due and an
 * outcome), each read, scored and stored in PGlite (a new data directory), then both loaded
 * back and compared (warning list, migration, stability, default rates, AUC with 1,000
 * resamples). Budget: ingest (read, score, store) of one snapshot within 5 s wall time; over it,
 * the exit status is 1. CPU time beside the wall time: on a shared machine the wall time also
 * counts waiting. `uptime` is printed first.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { farmCreditBenchSet } from './farm-credit-set';
import { monitorReport } from '../src/lib/monitoring';
import { openDb } from '../src/lib/server/db';
import { createSurvey } from '../src/lib/server/surveys';
import { getWeightSetForAdmin, saveWeightSet } from '../src/lib/server/weight-sets';
import { importSnapshot, loadSnapshots } from '../src/lib/server/snapshots';

const LOANS = 100_000;
const BUDGET_MS = 5000;

const { definition, ws, random, pick } = await farmCreditBenchSet();

/** A book of LOANS loans; `worse` of them (the first) a level or more worse on every indicator. */
function book(worse: number): string {
  const lines = [`id,${ws.leaves.map((l) => l.id).join(',')},days_past_due,defaulted`];
  for (let k = 0; k < LOANS; k++) {
    const cells = ws.leaves.map((l) => {
      const s = l.scale!;
      if (s.kind === 'numeric') return (random() * (l.id === 'C13' ? 1 : 2.5)).toFixed(2);
      const levels = k < worse ? s.levels.slice(-1) : s.levels;
      const level = pick(levels);
      return pick([level.label.en, level.label.zh, level.id]);
    });
    const quoted = cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',');
    lines.push(`LOAN-${k + 1},${quoted},${Math.floor(random() * 40)},${random() < 0.1 ? 1 : 0}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

console.log(`uptime: ${execSync('uptime').toString().trim()}`);
const texts = [book(0), book(2000)];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-bench-monitoring-'));
const db = await openDb({ kind: 'pglite', dataDir: dir });
try {
  const { survey } = await createSurvey(db, definition);
  const saved = await saveWeightSet(db, survey.id, 'bench', ws);
  const stored = (await getWeightSetForAdmin(db, survey.id, saved.id))!;
  console.log(
    `Pairwise monitoring benchmark (node ${process.version}; ${(texts[0]!.length / 1e6).toFixed(1)} MB per snapshot, ${ws.leaves.length} leaves with scales)`
  );
  let worst = 0;
  for (const [k, text] of texts.entries()) {
    const c = process.cpuUsage();
    const t = performance.now();
    await importSnapshot(
      db,
      stored,
      { name: `month ${k + 1}`, asOf: `2026-0${k + 5}-30`, source: 'production' },
      text
    );
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    worst = Math.max(worst, ms);
    console.log(
      `snapshot ${k + 1}: read, score and store ${LOANS.toLocaleString('en-US')} loans in ${ms.toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms)`
    );
  }
  const c = process.cpuUsage();
  const t = performance.now();
  const snapshots = await loadSnapshots(db, stored);
  const loaded = performance.now() - t;
  const report = monitorReport(ws, snapshots);
  const ms = performance.now() - t;
  const used = process.cpuUsage(c);
  console.log(
    `load both (${loaded.toFixed(0)} ms) and compare: ${ms.toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms; ${report.warning.loans.length} loans on the warning list, grade PSI ${report.stability.grades.psi.toFixed(4)})`
  );
  if (worst > BUDGET_MS) {
    console.log(`ingest over the budget of ${BUDGET_MS} ms`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
