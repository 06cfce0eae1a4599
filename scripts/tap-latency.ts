/**
 * From a tap on the scale to the new CR on screen, on a 5x5 node (credit risk, C3-C7, of the
 * farm-credit survey), in headless Chromium on a phone-sized screen.
 *
 *   npm run build && npx tsx scripts/tap-latency.ts [--taps 200] [--throttle 4]
 *
 * Builds nothing: serves the last build (`node build`) on a free port with a throwaway PGlite
 * data directory, seeded with a survey and an expert (tests/e2e/expert-seed.ts). The node is
 * answered in full first, so that every tap changes its CR. Each tap is a touch sent through
 * the DevTools protocol (Playwright's tap); in the page, the tap's pointerdown event timestamp
 * starts the clock, a MutationObserver on the CR element stops it when the new CR is in the
 * DOM, and the next animation frame plus a task approximates the paint. `--throttle N` slows
 * the CPU N times (DevTools' CPU throttling), for a low-end phone. Prints the median and 95th
 * percentile; measured, never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CONSISTENT_JUDGMENTS, seedExpertData } from '../tests/e2e/expert-seed';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const k = args.indexOf(name);
  const value = k >= 0 ? Number(args[k + 1]) : fallback;
  if (!(value > 0)) throw new Error(`${name} needs a positive number`);
  return value;
};
const TAPS = option('--taps', 200);
const THROTTLE = option('--throttle', 1);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NODE = 2; // credit risk: 5 children, 10 pairs

if (!fs.existsSync('build/index.js')) {
  console.error('tap-latency: no build found: run `npm run build` first');
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, server: ChildProcess): Promise<void> {
  for (let k = 0; k < 200; k++) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer at ${url}`);
}

interface Timing {
  /** pointerdown to the new CR in the DOM */
  dom: number;
  /** the radio's change event to the new CR in the DOM */
  work: number;
  /** pointerdown to the next frame after the DOM change */
  frame: number;
}

function percentile(sorted: number[], p: number): number {
  // Type 7 (linear interpolation), as R's default.
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return (
    sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!)
  );
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-tap-'));
const dataDir = path.join(tmp, 'data');
let server: ChildProcess | null = null;
try {
  const tokens = await seedExpertData(dataDir);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['build'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      ORIGIN: origin,
      DATA_DIR: dataDir
    },
    stdio: ['ignore', 'ignore', 'inherit']
  });
  await waitFor(origin, server);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync']
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      baseURL: origin
    });
    const page = await context.newPage();
    await page.goto(`/e/${tokens.latency}`);
    await page.getByRole('button', { name: 'Start' }).click();
    for (let k = 0; k < NODE; k++) await page.getByRole('button', { name: 'Next' }).click();
    await page.locator(`#pair-${NODE}-0`).waitFor();

    const positionOf = (v: number) => (v >= 1 ? -Math.round(v - 1) : Math.round(1 / v - 1));
    const given = CONSISTENT_JUDGMENTS.B2!;
    for (const [k, v] of given.entries()) {
      await page.locator(`#pair-${NODE}-${k} input[value="${positionOf(v)}"]`).check();
    }
    const cr = page.getByTestId('cr');
    await cr.waitFor();
    if (THROTTLE > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    }

    const toDom: number[] = [];
    const work: number[] = [];
    const toFrame: number[] = [];
    let unchanged = 0;
    // Each tap moves one pair between two steps far apart, so the CR changes every time.
    const current = given.map((v) => positionOf(v));
    for (let t = 0; t < TAPS + 10; t++) {
      const k = t % given.length;
      const target = current[k] === -6 ? 5 : -6;
      current[k] = target;
      await page.evaluate(() => {
        const w = window as unknown as { __tap: Promise<Timing | null> };
        w.__tap = new Promise((resolve) => {
          const el = document.querySelector('[data-testid="cr"]')!;
          let start = -1;
          let changed = -1;
          document.addEventListener('pointerdown', (e) => (start = e.timeStamp), {
            capture: true,
            once: true
          });
          document.addEventListener('change', () => (changed = performance.now()), {
            capture: true,
            once: true
          });
          const timer = setTimeout(() => {
            observer.disconnect();
            resolve(null);
          }, 2000);
          const observer = new MutationObserver(() => {
            const now = performance.now();
            observer.disconnect();
            clearTimeout(timer);
            requestAnimationFrame(() =>
              setTimeout(() =>
                resolve({
                  dom: now - start,
                  work: now - changed,
                  frame: performance.now() - start
                })
              )
            );
          });
          observer.observe(el, { subtree: true, childList: true, characterData: true });
        });
      });
      await page
        .locator(`#pair-${NODE}-${k} label.step`)
        .nth(target + 8)
        .tap();
      const m = await page.evaluate(
        () => (window as unknown as { __tap: Promise<Timing | null> }).__tap
      );
      if (t < 10) continue; // warm-up
      if (!m) unchanged++;
      else {
        toDom.push(m.dom);
        work.push(m.work);
        toFrame.push(m.frame);
      }
    }
    toDom.sort((a, b) => a - b);
    toFrame.sort((a, b) => a - b);
    work.sort((a, b) => a - b);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const cpu = THROTTLE > 1 ? `, CPU throttled ${THROTTLE}x` : '';
    console.log(
      `tap to new CR in the DOM (5x5 node, ${toDom.length} taps${cpu}): median ${ms(percentile(toDom, 0.5))}, p95 ${ms(percentile(toDom, 0.95))}`
    );
    console.log(
      `tap to the next frame after it: median ${ms(percentile(toFrame, 0.5))}, p95 ${ms(percentile(toFrame, 0.95))}`
    );
    console.log(
      `of which the page's own work, from the radio's change event to the new CR in the DOM: median ${ms(percentile(work, 0.5))}, p95 ${ms(percentile(work, 0.95))}`
    );
    if (unchanged > 0) console.log(`(${unchanged} taps left the CR text unchanged: not counted)`);
  } finally {
    await browser.close();
  }
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
