/**
 * Running the built app (`node bin/server.js`) for benchmarks and scale-out tests: a seeded database
 * (the farm-credit survey, open, with invited experts) and app processes on free loopback
 * ports, stopped cleanly afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSurvey, inviteExperts, setStatus, type Db } from '../src/lib/server';
import { farmCreditTemplate, comparisonsOf, type Judgments } from '../src/lib/survey';
import { seededRandom, syntheticUpper } from '../src/lib/ahp';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Fails with a clear message when the app has not been built. */
export function assertBuilt(): void {
  if (!existsSync(path.join(root, 'build', 'index.js'))) {
    throw new Error('the app is not built: run `npm run build` first (npm run bench does)');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The farm-credit survey, opened, with `experts` invited; returns their tokens. */
export async function seedSurvey(
  db: Db,
  experts: number
): Promise<{ surveyId: string; tokens: string[] }> {
  const { survey } = await createSurvey(db, farmCreditTemplate());
  await setStatus(db, survey.id, 'open');
  const invited = await inviteExperts(
    db,
    survey.id,
    Array.from({ length: experts }, (_, k) => ({
      name: `Expert ${k + 1}`,
      role: k % 2 ? 'practitioner' : 'academic'
    }))
  );
  return { surveyId: survey.id, tokens: invited.map((x) => x.token) };
}

/** Plausible complete judgments for the farm-credit survey (seeded). */
export function sampleJudgments(seed: number): Judgments {
  const random = seededRandom(seed);
  const out: Judgments = {};
  for (const c of comparisonsOf(farmCreditTemplate())) {
    const w = c.children.map((_, k) => 1 + ((k * 7 + seed) % 5));
    out[c.node.id] = syntheticUpper(w, 0.4, random);
  }
  return out;
}

export interface AppProcess {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built app as `npm start` does (`node bin/server.js`: adapter-node's server with the
 * security headers and the scoring endpoint's body limit) with `env` on a free port (or `at`), and waits
 * until it answers.
 */
export async function startApp(env: Record<string, string>, at?: number): Promise<AppProcess> {
  assertBuilt();
  // `at`: the port of an app killed a moment ago, started again where its pages expect it.
  const port = at ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS passes flags to the app's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/server.js'], {
    cwd: root,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: url },
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the app exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not answer within 30 s: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      })
  };
}
