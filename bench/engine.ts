/**
 * Benchmarks of the AHP engine (part of `npm run bench`). One line per figure, with its goal
 * (issue 12) where it has one and the load average beside it: other work on the machine moves
 * the figures. Run on one core (Node runs this on its main thread); figures are measured, not
 * asserted by any test.
 *
 * "kernel" figures are the bare eigenvector + CR; "weigh()" figures are the public call with its
 * whole result (weights, CR, GCI, and by default the 3 judgments to reconsider with their CR if
 * taken).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  analyseHierarchy,
  bootstrapHierarchy,
  consistencyIndex,
  consistencyRatio,
  matrixFromUpper,
  perronEigen,
  prepareHierarchy,
  randomIndex,
  randomScaleUpper,
  seededRandom,
  syntheticUpper,
  weigh,
  type PairwiseMatrix
} from '../src/lib/ahp';
import { fujianHierarchy, fujianTrueWeights } from './fujian';

const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;

function rate(
  label: string,
  [count, seconds, cpuSeconds]: [number, number, number],
  unit: string,
  goal = ''
): void {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `${label}: ${f(count / seconds)} ${unit}/s (${f(count / cpuSeconds)}/s of CPU time)${goal ? ` (goal ${goal})` : ''}; ${load()}`
  );
}

/** CPU time of this process in ms (user + system): less moved by other work than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs fn `runs` times after one warm-up; returns the median and fastest wall time and the
 * median CPU time in ms.
 */
function timed(fn: () => void, runs: number): { median: number; min: number; cpu: number } {
  fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    const c = cpuMs();
    fn();
    ms.push(performance.now() - t);
    cpu.push(cpuMs() - c);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: ms[Math.floor(runs / 2)]!, min: ms[0]!, cpu: cpu[Math.floor(runs / 2)]! };
}

/**
 * Throughput of fn over the pool: a warm-up of at least `warmSeconds` (V8 has not finished
 * optimising the engine's loops after a thousand calls: a first one-second window read 20%
 * below the steady rate), then `rounds` windows of at least `minSeconds` each; returns the
 * median window's [count, seconds, CPU seconds] (median by wall-clock rate).
 */
function measure<T>(
  pool: T[],
  fn: (x: T) => void,
  minSeconds = 0.6,
  rounds = 3,
  warmSeconds = 0.6
): [number, number, number] {
  window(pool, fn, warmSeconds);
  const windows = Array.from({ length: rounds }, () => window(pool, fn, minSeconds));
  windows.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  return windows[Math.floor(rounds / 2)]!;
}

/** fn over the pool repeatedly for at least `minSeconds`: [count, seconds, CPU seconds]. */
function window<T>(pool: T[], fn: (x: T) => void, minSeconds: number): [number, number, number] {
  let count = 0;
  const cpu = cpuMs();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minSeconds * 1000) {
    for (const x of pool) fn(x);
    count += pool.length;
    elapsed = performance.now() - start;
  }
  return [count, elapsed / 1000, (cpuMs() - cpu) / 1000];
}

function weighFigures(): void {
  for (const n of [4, 8, 15]) {
    const random = seededRandom(n);
    const pool: PairwiseMatrix[] = Array.from({ length: 5000 }, () =>
      matrixFromUpper(randomScaleUpper(n, random))
    );
    const w = new Float64Array(n);
    const ri = randomIndex(n, 'saaty-1980').value;
    let sink = 0;
    const m1 = measure(pool, (m) => {
      const lambda = perronEigen(m.values, n, w);
      sink += consistencyRatio(consistencyIndex(lambda, n), ri, n);
    });
    rate(
      `kernel, n = ${n} (perronEigen + CR only, no result object; random 1-9 scale matrices)`,
      m1,
      'matrices'
    );
    const m2 = measure(pool, (m) => {
      sink += weigh(m, { top: 0 }).cr;
    });
    rate(`public weigh(), n = ${n}, top: 0 (result object: weights, CR, GCI)`, m2, 'matrices');
    const m3 = measure(pool.slice(0, 1000), (m) => {
      sink += weigh(m).cr;
    });
    const f = (x: number) => Math.round(x).toLocaleString('en-US');
    const kernel = `${f(m1[0] / m1[1])}/s (${f(m1[0] / m1[2])}/s of CPU time)`;
    rate(
      `public weigh() with 3 suggestions, n = ${n} (the default: also the 3 judgments to reconsider, each with its CR if taken)`,
      m3,
      'matrices',
      n === 15 ? `>= 60,000/s; beside it the kernel, n = 15, same run: ${kernel}` : ''
    );
    if (Number.isNaN(sink)) console.log('unexpected NaN');
  }
}

function fujianPanel(experts: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: experts }, (_, k) => {
    const sigma = k % 10 === 0 ? 1.2 : 0.35; // one expert in ten is inconsistent
    const judgments: Record<string, Array<number | null>> = {};
    for (const [node, w] of Object.entries(fujianTrueWeights))
      judgments[node] = syntheticUpper(w, sigma, random, k % 7 === 0 ? 0.1 : 0);
    return { id: `E${k + 1}`, weight: k % 2 === 0 ? 1 : 2, judgments };
  });
}

function hierarchyFigures(): void {
  const big = fujianPanel(10_000, 7);
  let t = performance.now();
  const prepared10k = prepareHierarchy(fujianHierarchy, big);
  console.log(
    `Fujian hierarchy (4 criteria, 15 sub-criteria), 10,000 experts: parse and validate ${(performance.now() - t).toFixed(0)} ms`
  );
  const a = timed(() => analyseHierarchy(prepared10k), 7);
  console.log(
    `Fujian hierarchy, 10,000 experts: AIJ + every expert's per-node CR + consensus ${a.median.toFixed(0)} ms median of 7 (fastest ${a.min.toFixed(0)}, CPU ${a.cpu.toFixed(0)}; goal <= 180 ms); ${load()}`
  );
  const experts = fujianPanel(1000, 7);
  t = performance.now();
  const prepared = prepareHierarchy(fujianHierarchy, experts);
  const prepareMs = performance.now() - t;
  console.log(`Fujian hierarchy, 1,000 experts: parse and validate ${prepareMs.toFixed(1)} ms`);
  const result = analyseHierarchy(prepared);
  const excl = analyseHierarchy(prepared, { excludeInconsistent: true });
  let skipped = 0;
  const b = timed(() => {
    skipped = bootstrapHierarchy(prepared, { resamples: 1000, seed: 1 }, result).skipped;
  }, 5);
  console.log(
    `Fujian hierarchy, 1,000 experts: 1,000 bootstrap resamples ${b.median.toFixed(0)} ms median of 5 (fastest ${b.min.toFixed(0)}, CPU ${b.cpu.toFixed(0)}; ${skipped} skipped; goal <= 90 ms); ${load()}`
  );
  const c = timed(() => bootstrapHierarchy(prepared, { resamples: 1000, seed: 1 }, excl), 5);
  console.log(
    `Fujian hierarchy, 1,000 experts, inconsistent left out: 1,000 bootstrap resamples ${c.median.toFixed(0)} ms median of 5 (fastest ${c.min.toFixed(0)}, CPU ${c.cpu.toFixed(0)})`
  );
}

console.log(`Pairwise engine benchmarks (node ${process.version}, one thread)`);
weighFigures();
hierarchyFigures();
