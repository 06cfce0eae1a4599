/**
 * The results page of a large panel (`npx tsx bench/results-page.ts`, part of `npm run bench`):
 * a survey answered by 1,000 experts (the demo panel's seeded generator, the farm-credit
 * hierarchy), served by the built app on PGlite; the size of the page's HTML (plain and gzipped)
 * and the time from navigation to the first table of weights in Chromium. Issue 12's goal: at
 * most 200 KB of HTML (976 KB before the panel was packed, src/routes/a/[token]/results/
 * panel-data.ts) and no slower to the first table (1.1 s then). Median of three; the load
 * average is printed beside the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { createSurveyWithPanel, openDb, panelInputs } from '../src/lib/server';
import { generateDemoPanel, type DemoExpert } from '../src/lib/weights';
import { startApp } from './server';

const EXPERTS = 1000;
const RUNS = 3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** 1,000 experts: the demo's seeded panels of twelve, one seed after another. */
function largePanel() {
  const { definition } = generateDemoPanel(1);
  const experts: DemoExpert[] = [];
  for (let seed = 1; experts.length < EXPERTS; seed++)
    for (const e of generateDemoPanel(seed).experts)
      if (experts.length < EXPERTS)
        experts.push({ ...e, id: `E${experts.length + 1}`, name: `Expert ${experts.length + 1}` });
  return { definition, experts };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-results-bench-'));
try {
  const db = await openDb({ kind: 'pglite', dataDir });
  const { definition, experts } = largePanel();
  const { adminToken } = await createSurveyWithPanel(
    db,
    definition,
    panelInputs(definition, experts),
    { imported: false, status: 'closed' }
  );
  await db.close();

  const app = await startApp({ DATA_DIR: dataDir, DATABASE_URL: '' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync']
  });
  try {
    const url = `${app.url}/a/${adminToken}/results`;
    const t0 = performance.now();
    const html = await (await fetch(url)).text();
    const serverMs = performance.now() - t0;
    const bytes = Buffer.byteLength(html);
    const again = performance.now();
    await (await fetch(url)).text();
    const serverAgainMs = performance.now() - again;
    if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, html);
    const gz = gzipSync(html, { level: 9 }).length;
    const page = await (await browser.newContext()).newPage();
    const times: number[] = [];
    for (let k = 0; k < RUNS + 1; k++) {
      const t = performance.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator('table').first().waitFor({ state: 'visible', timeout: 60_000 });
      if (k > 0) times.push(performance.now() - t); // the first visit warms the app's caches
    }
    console.log(
      `results page, ${EXPERTS.toLocaleString('en-US')} experts: HTML ${(bytes / 1000).toFixed(0)} KB ` +
        `(${(gz / 1000).toFixed(0)} KB gzipped; goal <= 200 KB, 976 KB before); ` +
        `first table ${median(times).toFixed(0)} ms from navigation, median of ${RUNS} ` +
        `(goal: no slower than 1.1 s); the HTML alone ${serverMs.toFixed(0)} ms, ` +
        `${serverAgainMs.toFixed(0)} ms again; ${load()}`
    );
    if (bytes > 200_000) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.stop();
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
