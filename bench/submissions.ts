/**
 * Load on the submission endpoint (issue 3, section 6): the built app on PGlite, 50 concurrent
 * clients from this separate process (autocannon) posting valid submissions, each with a new
 * submission id; then the server is stopped and the database is checked: every acknowledged
 * submission is stored, and stored exactly once.
 *
 * Run after `npm run build`: `npx tsx bench/submissions.ts [seconds]`.
 */
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/lib/server';
import { sampleJudgments, seedSurvey, startApp } from './server';

const seconds = Number(process.argv[2] ?? 10);
const connections = 50;
const experts = 200;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pairwise-bench-'));
try {
  let db = await openDb({ kind: 'pglite', dataDir });
  const { tokens } = await seedSurvey(db, experts);
  await db.close();
  const bodies = Array.from({ length: 16 }, (_, k) => sampleJudgments(k + 1));

  const app = await startApp({ DATA_DIR: dataDir });
  const acknowledged = new Set<string>();
  const statuses = new Map<number, number>();
  let n = 0;
  // Warm-up, not counted in the figures (its submissions are checked like the rest): the
  // first requests load the route modules and fill PGlite's caches.
  const load = (duration: number) =>
    autocannon({
      url: app.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: CannonRequest, context: object): CannonRequest => {
            const k = n++;
            const submissionId = randomUUID();
            (context as { submissionId?: string }).submissionId = submissionId;
            return {
              ...req,
              path: `/api/e/${tokens[k % experts]}/submissions`,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ submissionId, judgments: bodies[k % bodies.length] })
            };
          },
          onResponse: (status: number, body: string, context: object) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 201 || status === 200) {
              const receipt = JSON.parse(body) as { submissionId: string };
              if (receipt.submissionId === (context as { submissionId?: string }).submissionId)
                acknowledged.add(receipt.submissionId);
            }
          }
        }
      ]
    });
  await load(3);
  const counted = acknowledged.size;
  const result = await load(seconds);
  await app.stop();

  db = await openDb({ kind: 'pglite', dataDir });
  const rows = await db.query<{ submission_id: string; copies: number }>(
    'SELECT submission_id::text AS submission_id, count(*)::int AS copies FROM submissions GROUP BY submission_id'
  );
  await db.close();
  const stored = new Map(rows.map((r) => [r.submission_id, r.copies]));
  const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
  const duplicated = rows.filter((r) => r.copies !== 1).length;

  const rate = (acknowledged.size - counted) / result.duration;
  console.log(
    `submission endpoint (PGlite, ${connections} concurrent clients, ${result.duration.toFixed(1)} s after a 3 s warm-up): ` +
      `${Math.round(rate)} acknowledged submissions/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`
  );
  console.log(
    `  answers: ${[...statuses].map(([s, c]) => `${c} x ${s}`).join(', ')}; errors ${result.errors}, timeouts ${result.timeouts}`
  );
  console.log(
    `  afterwards: ${acknowledged.size} acknowledged, ${rows.length} stored, ${missing} acknowledged but missing, ${duplicated} stored more than once`
  );
  if (missing > 0 || duplicated > 0) process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
