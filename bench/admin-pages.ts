/**
 * The researcher's pages with a panel of 1,000 experts (`npx tsx bench/admin-pages.ts`, part of
 * `npm run bench`): the WCAG sweep's long survey (tests/e2e/wcag-seed.ts: 1,000 experts with
 * names of 60-70 characters, all answered round 1 of a Delphi survey, round 2 open) plus a weight
 * set saved from its panel, served by the built app on PGlite. Prints each admin page's HTML size
 * (plain and gzipped) and, for the experts page, the time from navigation to the page being
 * interactive (the admin layout's `data-hydrated`) in Chromium, median of three. Goal: at most
 * 200 KB of HTML per page and the experts page interactive within 3 s on a quiet machine (it was
 * 1.8 MB and 31-50 s at load 10-12 with a form per expert). The load average is printed beside
 * the figures. Exit code 1 when a page is over 200 KB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { openDb } from '../src/lib/server';
import { seedLongPanel } from '../tests/e2e/wcag-seed';
import { startApp } from './server';

const RUNS = 3;
const SERVER_RUNS = 9;
const GOAL = 200_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
/** User + system CPU time of a process so far (Linux /proc, clock ticks of 10 ms), or NaN. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-admin-bench-'));
try {
  const db = await openDb({ kind: 'pglite', dataDir });
  const seeded = performance.now();
  const { longAdmin } = await seedLongPanel(db);
  await db.close();
  console.log(`seeded 1,000 experts in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const app = await startApp({ DATA_DIR: dataDir, DATABASE_URL: '' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync']
  });
  try {
    const base = `${app.url}/a/${longAdmin}`;
    // A weight set of the whole panel (names published): the models, compare, validation and
    // monitor pages then have something of the 1,000 experts to show.
    const saved = await fetch(`${base}/results/weight-sets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Whole panel of 1,000', namesInExport: true })
    });
    if (saved.status !== 201) throw new Error(`saving the weight set: ${saved.status}`);
    const { id: setId } = (await saved.json()) as { id: string };

    const pages: Array<[string, string]> = [
      ['overview', ''],
      ['hierarchy', '/hierarchy'],
      ['experts', '/experts'],
      ['experts, last page', '/experts?page=20'],
      ['experts, search', '/experts?q=%E4%B8%93%E5%AE%B6'],
      ['results', '/results'],
      ['results, round 1', '/results?round=1'],
      ['report', '/results/report'],
      ['report of the weight set', `/results/report?set=${setId}`],
      ['models', '/models'],
      ['compare', '/models/compare'],
      ['validation', '/validation'],
      ['monitor', '/monitor']
    ];
    let over = false;
    for (const [name, suffix] of pages) {
      const t = performance.now();
      const answer = await fetch(`${base}${suffix}`);
      const html = await answer.text();
      const ms = performance.now() - t;
      const bytes = Buffer.byteLength(html);
      if (answer.status !== 200) throw new Error(`${name}: ${answer.status}`);
      if (bytes > GOAL) over = true;
      if (process.env.BENCH_DUMP)
        fs.writeFileSync(`${process.env.BENCH_DUMP}-${name.replace(/\W+/g, '-')}.html`, html);
      console.log(
        `${name.padEnd(26)} HTML ${kb(bytes).padStart(7)} (${kb(gzipSync(html).length)} gzipped)` +
          `${bytes > GOAL ? ' OVER 200 KB' : ''}; served in ${ms.toFixed(0)} ms`
      );
    }

    // The experts page's server answer alone (the whole HTML, no browser): what the load
    // function reads and computes for 1,000 experts, median of SERVER_RUNS after a warm-up, and
    // the app's CPU time per answer (Linux: /proc), which a loaded machine inflates less.
    const served: number[] = [];
    let cpuFrom = 0;
    for (let k = 0; k < SERVER_RUNS + 1; k++) {
      if (k === 1) cpuFrom = cpuMs(app.process.pid);
      const t = performance.now();
      const answer = await fetch(`${base}/experts`);
      await answer.text();
      if (k > 0) served.push(performance.now() - t);
    }
    const cpu = (cpuMs(app.process.pid) - cpuFrom) / SERVER_RUNS;
    console.log(
      `experts page, 1,000 experts: server answer ${median(served).toFixed(0)} ms, median of ` +
        `${SERVER_RUNS} (${Math.min(...served).toFixed(0)}-${Math.max(...served).toFixed(0)} ms), ` +
        `${Number.isNaN(cpu) ? 'CPU time not readable' : `${cpu.toFixed(0)} ms of the app's CPU time each`}` +
        ` (1.4-2.4 s at load 10 before the page analysed one round once); ${load()}`
    );

    const page = await (await browser.newContext()).newPage();
    const times: number[] = [];
    for (let k = 0; k < RUNS + 1; k++) {
      const t = performance.now();
      await page.goto(`${base}/experts`, { waitUntil: 'commit' });
      await page.locator('.admin[data-hydrated]').waitFor({ state: 'attached', timeout: 120_000 });
      if (k > 0) times.push(performance.now() - t); // the first visit warms the app's caches
    }
    console.log(
      `experts page, 1,000 experts: interactive ${median(times).toFixed(0)} ms from navigation, ` +
        `median of ${RUNS} (goal: within 3 s on a quiet machine; 31-50 s at load 10-12 before); ${load()}`
    );
    if (over) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.stop();
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
