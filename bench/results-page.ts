/**
 * The results page of a large panel (`npx tsx bench/results-page.ts`, part of `npm run bench`):
 * a survey answered by 1,000 experts (the demo panel's seeded generator, the farm-credit
 * hierarchy), served by the built app on PGlite; the size of the page's HTML (plain and gzipped)
 * and the time from navigation to the first table of weights in Chromium. Issue 12's goal: at
 * most 200 KB of HTML (976 KB before the panel was packed, src/routes/a/[token]/results/
 * panel-data.ts) and no slower to the first table (1.1 s then). Median of three; the load
 * average is printed beside the figures.
 *
 * Then the worst case: the WCAG sweep's Delphi survey (tests/e2e/wcag-seed.ts: 1,000 experts with
 * names of 60-70 characters, half of them Chinese, round 2 open) and a weight set of it with the
 * names published. The HTML of its results page (both rounds) and of the printable report (the
 * preview and the saved set) beside the same goal (before the panel was fetched apart: 383-392
 * KB and 584-734 KB), the time to the first table of weights, and to the panel's data being in
 * the page (the experts table; the report's list of experts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { createSurveyWithPanel, openDb, panelInputs } from '../src/lib/server';
import { generateDemoPanel, type DemoExpert } from '../src/lib/weights';
import { seedLongPanel } from '../tests/e2e/wcag-seed';
import { startApp } from './server';

const EXPERTS = 1000;
const RUNS = 3;
const GOAL = 200_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

/** Median time (ms) from navigation until each selector is visible, after a warm-up visit. */
async function timeTo(page: Page, url: string, selectors: string[]): Promise<number[]> {
  const times: number[][] = selectors.map(() => []);
  for (let k = 0; k < RUNS + 1; k++) {
    const t = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    for (const [i, selector] of selectors.entries()) {
      await page.locator(selector).first().waitFor({ state: 'visible', timeout: 120_000 });
      if (k > 0) times[i]!.push(performance.now() - t); // the first visit warms the app's caches
    }
  }
  return times.map(median);
}

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
    const [first] = await timeTo(page, url, ['table']);
    console.log(
      `results page, ${EXPERTS.toLocaleString('en-US')} experts: HTML ${(bytes / 1000).toFixed(0)} KB ` +
        `(${(gz / 1000).toFixed(0)} KB gzipped; goal <= 200 KB, 976 KB before); ` +
        `first table ${first!.toFixed(0)} ms from navigation, median of ${RUNS} ` +
        `(goal: no slower than 1.1 s); the HTML alone ${serverMs.toFixed(0)} ms, ` +
        `${serverAgainMs.toFixed(0)} ms again; ${load()}`
    );
    if (bytes > GOAL) process.exitCode = 1;
    if (!(await longDelphi(page))) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.stop();
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** The long-name Delphi survey in a data directory of its own; false when a page is over the goal. */
async function longDelphi(page: Page): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-results-bench-long-'));
  try {
    const db = await openDb({ kind: 'pglite', dataDir: dir });
    const { longAdmin } = await seedLongPanel(db);
    await db.close();
    const app = await startApp({ DATA_DIR: dir, DATABASE_URL: '' });
    try {
      const base = `${app.url}/a/${longAdmin}/results`;
      const saved = await fetch(`${base}/weight-sets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Whole panel of 1,000', namesInExport: true })
      });
      if (saved.status !== 201) throw new Error(`saving the weight set: ${saved.status}`);
      const { id } = (await saved.json()) as { id: string };
      let ok = true;
      const pages: Array<[string, string]> = [
        ['results (round 2)', ''],
        ['results (round 1)', '?round=1'],
        ['report (preview)', '/report'],
        ['report (saved set, names)', `/report?set=${id}`]
      ];
      for (const [name, suffix] of pages) {
        const html = await (await fetch(`${base}${suffix}`)).text();
        const bytes = Buffer.byteLength(html);
        ok &&= bytes <= GOAL;
        console.log(
          `1,000 experts, long names, Delphi: ${name.padEnd(26)} HTML ${kb(bytes).padStart(6)} ` +
            `(${kb(gzipSync(html, { level: 9 }).length)} gzipped; goal <= 200 KB)` +
            `${bytes > GOAL ? ' OVER' : ''}`
        );
      }
      const weights = 'section[aria-labelledby="overall-heading"] table';
      const [table, experts] = await timeTo(page, base, [weights, 'table.experts']);
      console.log(
        `1,000 experts, long names, Delphi: results page, first table of weights ` +
          `${table!.toFixed(0)} ms from navigation, the experts table (panel fetched) ` +
          `${experts!.toFixed(0)} ms, median of ${RUNS}; ${load()}`
      );
      const [report, list] = await timeTo(page, `${base}/report?set=${id}`, [
        'table',
        'section[aria-labelledby="r-panel"] table'
      ]);
      console.log(
        `1,000 experts, long names, Delphi: report of the saved set, first table ` +
          `${report!.toFixed(0)} ms, the list of experts ${list!.toFixed(0)} ms, median of ${RUNS}; ${load()}`
      );
      return ok;
    } finally {
      await app.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
