/**
 * weigh() with its 3 suggestions at n = 15 (issue 12, goal >= 60,000/s) wherever it runs (part
 * of `npm run bench`), each figure the median over 3 fresh processes:
 * - Node, the modules as written (tsx): as the `pairwise` command runs them, and as
 *   bench/engine.ts measures;
 * - Node, src/lib/ahp bundled by Vite as the app's server build bundles it (top-level `const`
 *   kept, vite.config.ts), and as Vite's default would (`var`);
 * - Chromium, the bundle as the client build makes it (`var`), as a module script: the expert
 *   page's engine.
 *
 * Why the forms: the engine's module-level work buffers are `const`, which V8 folds into
 * constants; Vite's default rewrites top-level `const` to `var` (rolldown's topLevelVar), which
 * Node 20's V8 does not fold, so the server build turns that off. Why fresh processes: on this
 * virtual machine a process now and then runs 25-40% slower from start to end, whatever it runs
 * (the host's other work, docs/performance.md); the median of three is the code's speed, each
 * run's figure is printed beside it. In each process: the median of 9 windows of 0.2 s after a 1 s warm-up,
 * the kernel (perronEigen alone) first, then weigh(); measured, never asserted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { root } from './server';

const N = 15;
const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;

interface Rates {
  median: number;
  fastest: number;
}
type Figures = { kernel: Rates; weigh: Rates };

/**
 * What runs in every place, as JavaScript source (a function of the engine module and n): a
 * pool of random scale matrices, then the timed windows of the kernel and of weigh().
 */
const MEASURE = `
  const random = engine.seededRandom(n);
  const pool = Array.from({ length: 1000 }, () => engine.matrixFromUpper(engine.randomScaleUpper(n, random)));
  const w = new Float64Array(n);
  let sink = 0;
  const figures = (fn) => {
    const window = (ms) => {
      let count = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < ms) {
        for (const m of pool) sink += fn(m);
        count += pool.length;
        elapsed = performance.now() - start;
      }
      return (count / elapsed) * 1000;
    };
    window(1000);
    const rates = Array.from({ length: 9 }, () => window(200)).sort((a, b) => a - b);
    return { median: rates[4], fastest: rates[8] };
  };
  const kernel = figures((m) => engine.perronEigen(m.values, n, w));
  const weigh = figures((m) => engine.weigh(m).cr);
  if (Number.isNaN(sink)) throw new Error('NaN from the engine');
  return { kernel, weigh };
`;

const RUNS = 3;
const f = (x: number) => Math.round(x).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** One line per place: the median over RUNS fresh processes, each run's own figures beside it. */
function report(where: string, runs: Figures[]): void {
  const each = runs.map((r) => `${f(r.weigh.median)} (fastest ${f(r.weigh.fastest)})`).join(', ');
  console.log(
    `${where}: public weigh() with 3 suggestions, n = ${N}: ${f(median(runs.map((r) => r.weigh.median)))} matrices/s, median of ${RUNS} fresh processes [${each}] (goal >= 60,000/s); beside it the kernel (perronEigen alone), same runs: ${f(median(runs.map((r) => r.kernel.median)))}/s; ${load()}`
  );
}

/** The figures of a module (the bundle, or the source through tsx) in a new Node process. */
function inNode(module: string, tsx = false): Figures {
  const script = `const engine = await import(${JSON.stringify(pathToFileURL(module).href)});
    const r = new Function('engine', 'n', ${JSON.stringify(MEASURE)})(engine, ${N});
    console.log(JSON.stringify(r));`;
  const flags = tsx ? ['--import', 'tsx'] : [];
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
    encoding: 'utf8'
  });
  if (r.status !== 0) throw new Error(`${module} failed in Node: ${r.stderr}`);
  return JSON.parse(r.stdout) as Figures;
}

/** The figures of the bundle as a module script of a blank page, in a new Chromium. */
async function inChromium(bundle: string): Promise<{ version: string; figures: Figures }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  });
  try {
    const page = await browser.newPage();
    const source = fs.readFileSync(bundle, 'utf8');
    await page.route('http://engine.test/**', (route) => {
      const js = route.request().url().endsWith('.js');
      return route.fulfill({
        contentType: js ? 'text/javascript' : 'text/html',
        body: js ? source : '<!doctype html><title>engine</title>'
      });
    });
    await page.goto('http://engine.test/');
    const figures = await page.evaluate(
      async ({ measure, n }) => {
        const url = 'http://engine.test/ahp.js'; // served by the route above
        const engine: unknown = await import(/* @vite-ignore */ url);
        return new Function('engine', 'n', measure)(engine, n) as Figures;
      },
      { measure: MEASURE, n: N }
    );
    return { version: browser.version(), figures };
  } finally {
    await browser.close();
  }
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-engine-'));
try {
  const bundle = async (topLevelVar: boolean) => {
    const dir = path.join(out, topLevelVar ? 'var' : 'const');
    await build({
      configFile: false,
      logLevel: 'silent',
      root,
      build: {
        outDir: dir,
        emptyOutDir: true,
        lib: { entry: path.join(root, 'src/lib/ahp/index.ts'), formats: ['es'], fileName: 'ahp' },
        minify: true,
        rolldownOptions: { output: { topLevelVar } }
      }
    });
    return path.join(
      dir,
      fs.readdirSync(dir).find((name) => name.startsWith('ahp'))!
    );
  };
  const serverBundle = await bundle(false);
  const clientBundle = await bundle(true);
  const source = path.join(root, 'src/lib/ahp/index.ts');
  report(
    'Node, the modules as written (tsx)',
    Array.from({ length: RUNS }, () => inNode(source, true))
  );
  report(
    'Node, Vite bundle as the server build (top-level const)',
    Array.from({ length: RUNS }, () => inNode(serverBundle))
  );
  report(
    "Node, Vite bundle with Vite's default (top-level var)",
    Array.from({ length: RUNS }, () => inNode(clientBundle))
  );
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    console.log("Chromium: not measured (no browser: npm test installs Debian's chromium)");
  } else {
    const pages = [];
    for (let k = 0; k < RUNS; k++) pages.push(await inChromium(clientBundle));
    report(
      `Chromium ${pages[0]!.version}, Vite bundle as the client build (top-level var)`,
      pages.map((p) => p.figures)
    );
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
