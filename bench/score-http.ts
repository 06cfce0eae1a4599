/**
 * Load on the scoring endpoint (issue 11, item 3): the built app (`node bin/server.js`, PGlite)
 * scoring batches of 1,000 applicants of the farm-credit model (a version 2 weight set: the demo
 * panel's weights with the template's default rating scales; level labels in English, Chinese
 * and ids, numbers for C10 and C13), posted by 50 concurrent clients from this separate process
 * (autocannon). Target: at least 20,000 records/s for the one app process. One answer is
 * checked in full before the load (1,000 scored, totals equal to the library's scorer).
 *
 * Run after `npm run build`: `npx tsx bench/score-http.ts [seconds]`.
 */
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../src/lib/ahp';
import { createSurvey, openDb, saveWeightSet } from '../src/lib/server';
import { farmCreditTemplate } from '../src/lib/survey';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  scoreBatch,
  type WeightSetV2
} from '../src/lib/weights';
import { startApp } from './server';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const BATCH = 1000;
const TARGET = 20_000;

const demo = generateDemoPanel();
const { analysis } = analyseResponses(demo.definition, demo.experts);
const definition = {
  ...demo.definition,
  hierarchy: farmCreditTemplate({ scales: true }).hierarchy
};
const ws = (await buildWeightSet(definition, analysis, {
  surveyId: 'bench',
  name: 'bench'
})) as WeightSetV2;

const random = seededRandom(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const batches = Array.from({ length: 16 }, (_, b) => ({
  records: Array.from({ length: BATCH }, (_, k) => {
    const record: Record<string, string | number> = { id: `APP-${b}-${k}` };
    for (const l of ws.leaves) {
      const s = l.scale!;
      if (s.kind === 'numeric')
        record[l.id] = Math.round(random() * (l.id === 'C13' ? 100 : 250)) / 100;
      else {
        const level = pick(s.levels);
        record[l.id] = pick([level.label.en, level.label.zh, level.id]);
      }
    }
    return record;
  })
}));
const bodies = batches.map((b) => JSON.stringify(b));

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in ticks of 1/100 s
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pairwise-bench-'));
try {
  const db = await openDb({ kind: 'pglite', dataDir });
  const { survey } = await createSurvey(db, farmCreditTemplate());
  const saved = await saveWeightSet(db, survey.id, 'bench', ws);
  await db.close();

  const app = await startApp({ DATA_DIR: dataDir });
  const url = `/api/weight-sets/${saved.id}/score`;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${saved.readToken}`
  };
  try {
    // One answer in full: every record scored, the same totals as the library's scorer.
    const first = await fetch(app.url + url, { method: 'POST', headers, body: bodies[0] });
    const answer = (await first.json()) as { scored: number; results: Array<{ total: number }> };
    const expected = scoreBatch(ws, batches[0]!.records);
    const same = answer.results.every(
      (r, k) => r.total === (expected.results[k] as { total: number }).total
    );
    if (first.status !== 200 || answer.scored !== BATCH || !same)
      throw new Error(
        `the endpoint answered ${first.status}, ${answer.scored} scored, same totals: ${same}`
      );
    console.log(
      `one batch of ${BATCH}: ${bodies[0]!.length.toLocaleString('en-US')} bytes in, ` +
        `${JSON.stringify(answer).length.toLocaleString('en-US')} bytes out, every total equal to the library's`
    );

    let n = 0;
    const load = (duration: number) =>
      autocannon({
        url: app.url,
        connections,
        timeout: 60, // seconds: on a loaded machine an answer may take longer than the default 10
        duration,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: CannonRequest): CannonRequest => ({
              ...req,
              path: url,
              headers,
              body: bodies[n++ % bodies.length]
            })
          }
        ]
      });
    await load(3); // warm-up: the route's modules, the verified set, PGlite's caches
    const cpuBefore = cpuSeconds(app.process.pid!);
    const result = await load(seconds);
    const cpu = cpuSeconds(app.process.pid!) - cpuBefore;
    const statuses = Object.entries(result.statusCodeStats ?? {}).map(
      ([s, x]) => [Number(s), (x as { count: number }).count] as const
    );
    const ok = statuses.find(([s]) => s === 200)?.[1] ?? 0;
    const rate = (ok * BATCH) / result.duration;
    const load1 = os.loadavg()[0]!.toFixed(1);
    console.log(
      `scoring endpoint (PGlite, one app process, ${connections} concurrent clients, batches of ${BATCH}, ` +
        `${result.duration.toFixed(1)} s after a 3 s warm-up; load average ${load1} on ${os.cpus().length} cores): ` +
        `${Math.round(rate).toLocaleString('en-US')} records/s (target ${TARGET.toLocaleString('en-US')}), ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`
    );
    console.log(
      `  the app process used ${cpu.toFixed(1)} s of CPU for ${ok} batches: ` +
        `${Math.round((ok * BATCH) / cpu).toLocaleString('en-US')} records per CPU second ` +
        `(what one core of its own would do, the load of the machine aside)`
    );
    console.log(
      `  answers: ${statuses.map(([s, c]) => `${c} x ${s}`).join(', ')}; errors ${result.errors}, timeouts ${result.timeouts}`
    );
    if (rate < TARGET) process.exitCode = 1;
  } finally {
    await app.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
