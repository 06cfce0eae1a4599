/**
 * First start of the built app on PGlite (`npx tsx bench/startup.ts`, part of `npm run bench`):
 * time from `node build` to its first answer (the first request opens the database) and the
 * resident memory once idle, for a new data directory filled from the prepared cluster
 * (build/pglite-template, made by `npm run build`), a new one without it (initdb in
 * WebAssembly, as before), and an existing one reopened. Three runs each; the load average is
 * printed beside the figures, since other work on the machine moves them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assertBuilt, freePort, root } from './server';

const RUNS = 3;

function kb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
    fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  );
  return m ? Number(m[1]) : NaN;
}

/** CPU time (user + system) of a process so far, in ms (from /proc, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts the app on `dataDir`; returns ms to the first answer, idle and peak RSS (MB), the log. */
async function start(dataDir: string, template: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['build'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PAIRWISE_PGLITE_TEMPLATE: template,
      HOST: '127.0.0.1',
      PORT: String(port),
      ORIGIN: url
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  let ms = NaN;
  let cpu = NaN;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`the app exited: ${log.slice(-2000)}`);
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status < 500) {
        ms = performance.now() - t0;
        cpu = cpuMsOf(child.pid!);
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 3000)); // idle
  const rss = kb(child.pid!, 'VmRSS') / 1024;
  const peak = kb(child.pid!, 'VmHWM') / 1024;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
  return { ms, cpu, rss, peak, log: log.split('\n').find((l) => l.includes('PGlite')) ?? '' };
}

function report(
  label: string,
  runs: Array<{ ms: number; cpu: number; rss: number; peak: number }>,
  goal = ''
) {
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpu).sort((a, b) => a - b);
  const rss = runs.map((r) => r.rss).sort((a, b) => a - b);
  const peak = Math.max(...runs.map((r) => r.peak));
  console.log(
    `${label}: first answer ${Math.round(ms[Math.floor(ms.length / 2)]!)} ms (runs ${ms.map(Math.round).join(', ')}; CPU ${Math.round(cpu[Math.floor(cpu.length / 2)]!)} ms), idle RSS ${Math.round(rss[Math.floor(rss.length / 2)]!)} MB, peak ${Math.round(peak)} MB${goal ? ` (goal ${goal})` : ''}; load ${os.loadavg()[0]!.toFixed(1)}`
  );
}

assertBuilt();
const template = path.join(root, 'build', 'pglite-template');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-startup-'));
try {
  console.log(`Pairwise first start on PGlite (node ${process.version})`);
  if (!fs.existsSync(path.join(template, 'PG_VERSION')))
    console.log(`no prepared cluster at ${template}: run npm run build`);
  const fresh = [];
  const reopened = [];
  for (let k = 0; k < RUNS; k++) {
    const dir = path.join(tmp, `fresh-${k}`);
    const r = await start(dir, template);
    if (k === 0) console.log(`  log: ${r.log}`);
    fresh.push(r);
    reopened.push(await start(dir, template));
  }
  report('new data directory, from the prepared cluster', fresh, '<= 1,000 ms, <= 350 MB idle');
  report('existing data directory reopened', reopened);
  const initdb = [];
  for (let k = 0; k < RUNS; k++) {
    const r = await start(path.join(tmp, `initdb-${k}`), path.join(tmp, 'no-template'));
    if (k === 0) console.log(`  log: ${r.log}`);
    initdb.push(r);
  }
  report('new data directory without a prepared cluster (initdb, as before)', initdb);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
