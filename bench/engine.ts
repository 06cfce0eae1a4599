/**
 * Benchmarks of the AHP engine (part of `npm run bench`). One line per figure. Run on one core
 * (Node runs this on its main thread); figures are measured, not asserted by any test.
 */
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

function rate(label: string, count: number, seconds: number, unit: string): void {
  console.log(`${label}: ${Math.round(count / seconds).toLocaleString('en-US')} ${unit}/s`);
}

/** Runs fn over the pool repeatedly for at least `minSeconds`; returns [count, seconds]. */
function measure<T>(pool: T[], fn: (x: T) => void, minSeconds = 1): [number, number] {
  for (let k = 0; k < Math.min(pool.length, 2000); k++) fn(pool[k]!); // warm-up
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minSeconds * 1000) {
    for (const x of pool) fn(x);
    count += pool.length;
    elapsed = performance.now() - start;
  }
  return [count, elapsed / 1000];
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
    const [c1, s1] = measure(pool, (m) => {
      const lambda = perronEigen(m.values, n, w);
      sink += consistencyRatio(consistencyIndex(lambda, n), ri, n);
    });
    rate(
      `weigh kernel n=${n} (exact eigenvector + CR, random 1-9 scale matrices)`,
      c1,
      s1,
      'matrices'
    );
    const [c2, s2] = measure(pool, (m) => {
      sink += weigh(m, { top: 0 }).cr;
    });
    rate(`weigh() n=${n} (full result object: eigenvector, CR, GCI)`, c2, s2, 'matrices');
    const [c3, s3] = measure(pool.slice(0, 1000), (m) => {
      sink += weigh(m).cr;
    });
    rate(`weigh() n=${n} with the top 3 judgments to reconsider`, c3, s3, 'matrices');
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
  const experts = fujianPanel(1000, 7);
  let t = performance.now();
  const prepared = prepareHierarchy(fujianHierarchy, experts);
  const prepareMs = performance.now() - t;
  analyseHierarchy(prepared); // warm-up
  const runs = 20;
  t = performance.now();
  let result = analyseHierarchy(prepared);
  for (let k = 1; k < runs; k++) result = analyseHierarchy(prepared);
  const analyseMs = (performance.now() - t) / runs;
  console.log(
    `Fujian hierarchy (4 criteria, 15 sub-criteria), 1,000 experts: parse and validate ${prepareMs.toFixed(1)} ms`
  );
  console.log(
    `Fujian hierarchy, 1,000 experts: AIJ + every expert's per-node CR + consensus ${analyseMs.toFixed(1)} ms (mean of ${runs})`
  );
  const excl = analyseHierarchy(prepared, { excludeInconsistent: true });
  t = performance.now();
  const boot = bootstrapHierarchy(prepared, { resamples: 1000, seed: 1 }, result);
  const bootMs = performance.now() - t;
  console.log(
    `Fujian hierarchy, 1,000 experts: 1,000 bootstrap resamples ${bootMs.toFixed(0)} ms (${boot.skipped} skipped)`
  );
  t = performance.now();
  bootstrapHierarchy(prepared, { resamples: 1000, seed: 1 }, excl);
  console.log(
    `Fujian hierarchy, 1,000 experts, inconsistent left out: 1,000 bootstrap resamples ${(performance.now() - t).toFixed(0)} ms`
  );
}

console.log(`Pairwise engine benchmarks (node ${process.version}, one thread)`);
weighFigures();
hierarchyFigures();
