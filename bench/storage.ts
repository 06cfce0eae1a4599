/**
 * Storage benchmark (`npx tsx bench/storage.ts`): submissions stored per second by the verb
 * functions alone, without HTTP, on PGlite in a temporary data directory, and on PostgreSQL
 * when PAIRWISE_BENCH_DATABASE_URL names an empty database. One line per figure; measured, not
 * asserted. Concurrent submissions are stored in batches (group commit), so "50 concurrent" is
 * the batched path and "1 client" the path of a submission that arrives alone. The HTTP figure
 * the issue asks for (bench/submissions.ts) sits on top of these: the route adds parsing,
 * validation and the engine's consistency check.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb, type Db, type DbConfig } from '../src/lib/server/db';
import { inviteExperts } from '../src/lib/server/experts';
import { submit } from '../src/lib/server/responses';
import { createSurvey, setStatus } from '../src/lib/server/surveys';
import { farmCreditTemplate } from '../src/lib/survey';

const JUDGMENTS = {
  A1: [3, 1 / 2, 5, 1 / 3, 2, 4],
  B1: [2],
  B2: [1, 3, 5, 7, 1 / 3, 2, 4, 1, 1 / 9, 2],
  B3: [1 / 5, 3, 7],
  B4: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
};
const CONSISTENCY = {
  A1: { cr: 0.04, consistent: true },
  B1: { cr: 0, consistent: true },
  B2: { cr: 0.17, consistent: false },
  B3: { cr: 0.06, consistent: true },
  B4: { cr: 0, consistent: true }
};

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** `total` submissions from `clients` concurrent loops over 50 experts; rate and latencies. */
async function run(db: Db, expertIds: string[], total: number, clients: number): Promise<string> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const k = next++;
        const t0 = performance.now();
        await submit(
          db,
          expertIds[k % expertIds.length]!,
          { submissionId: randomUUID(), judgments: JUDGMENTS },
          CONSISTENCY
        );
        latencies.push(performance.now() - t0);
      }
    })
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return (
    `${Math.round(total / seconds)} submissions/s, ` +
    `p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms`
  );
}

async function bench(label: string, config: DbConfig): Promise<void> {
  const t0 = performance.now();
  const db = await openDb(config);
  console.log(`${label}: open + migrate ${Math.round(performance.now() - t0)} ms`);
  try {
    const { survey } = await createSurvey(db, farmCreditTemplate());
    await setStatus(db, survey.id, 'open');
    const experts = await inviteExperts(
      db,
      survey.id,
      Array.from({ length: 50 }, (_, k) => ({ name: `Expert ${k + 1}` }))
    );
    const ids = experts.map((e) => e.expert.id);
    await run(db, ids, 200, 1); // warm-up
    console.log(`${label}: submit, 1 client: ${await run(db, ids, 1000, 1)}`);
    console.log(`${label}: submit, 50 concurrent: ${await run(db, ids, 3000, 50)}`);
  } finally {
    await db.close();
  }
}

console.log(`Pairwise storage benchmarks (node ${process.version})`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-bench-'));
try {
  await bench('pglite', { kind: 'pglite', dataDir: dir });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
const url = process.env.PAIRWISE_BENCH_DATABASE_URL;
if (url) await bench('postgres', { kind: 'postgres', url });
