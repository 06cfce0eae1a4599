/**
 * How often the "CR if taken" of weigh()'s suggestions falls back to perronEigen from scratch
 * (src/lib/ahp/perron-near.ts: a non-positive vector, a failed shift or no certificate in 12
 * inverse steps), per matrix size: a count, not a time, so the machine's load does not move it.
 *
 * The engine is not changed for this: a module hook (node:module register) rewrites
 * perron-near.ts as it is loaded, counting each call of perronRootAfterChange and each return
 * through the fallback's line. Seeded, so the counts are the same on every run:
 * - random: uniformly random reciprocal matrices, each upper cell one of the 17 scale values
 *   (randomScaleUpper), the matrices the docs' figures are of;
 * - near-consistent: one expert's judgments of random weights with log-normal noise 0.3, on the
 *   1-9 scale (syntheticUpper), as a survey's answers tend to be.
 * Each matrix is weighed by weigh() with its defaults (eigenvector, 3 suggestions).
 *
 * Run: npx tsx bench/suggestion-fallback.ts [MATRICES_PER_SIZE] (default 20000).
 */
import { register } from 'node:module';

const HOOK = String.raw`
const decoder = new TextDecoder();
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.includes('/src/lib/ahp/perron-near.ts')) return result;
  let source = typeof result.source === 'string' ? result.source : decoder.decode(result.source);
  // tsx hands on the module minified: match whatever the spacing.
  const entry = /if\s*\(\s*n\s*>\s*FAST_N\s*\)\s*return\s+perronEigen\(/;
  const fallback = /return\s+perronEigen\(\s*a\s*,\s*n\s*,\s*new Float64Array\(\s*n\s*\)\s*\)/g;
  const returns = [...source.matchAll(fallback)];
  // two such returns: n > FAST_N at the entry, and the fallback at the end of rootFrom
  if (!entry.test(source) || returns.length !== 2)
    throw new Error('bench/suggestion-fallback.ts: perron-near.ts changed; update the hook');
  const last = returns[1].index;
  source =
    source.slice(0, last) +
    '{globalThis.__fallbacks = (globalThis.__fallbacks ?? 0) + 1;' +
    returns[1][0] +
    '}' +
    source.slice(last + returns[1][0].length);
  source = source.replace(entry, (m) => 'globalThis.__calls = (globalThis.__calls ?? 0) + 1;' + m);
  return { ...result, source };
}
`;
register(`data:text/javascript,${encodeURIComponent(HOOK)}`, import.meta.url);

const { matrixFromUpper, randomScaleUpper, seededRandom, syntheticUpper, weigh } =
  await import('../src/lib/ahp');
const counters = globalThis as { __calls?: number; __fallbacks?: number };

const perSize = Number(process.argv[2] ?? 20_000);
const pct = (part: number, whole: number) =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(2)}%`;

for (const kind of ['random', 'near-consistent'] as const) {
  console.log(`\n${kind} 1-9 matrices, ${perSize.toLocaleString('en-US')} per size, seed 1:`);
  console.log('  n   suggestions  fallbacks  share');
  let allCalls = 0;
  let allFallbacks = 0;
  for (let n = 3; n <= 15; n++) {
    const random = seededRandom(1000 * n + (kind === 'random' ? 1 : 2));
    counters.__calls = 0;
    counters.__fallbacks = 0;
    for (let m = 0; m < perSize; m++) {
      let upper: number[];
      if (kind === 'random') upper = randomScaleUpper(n, random);
      else {
        const raw = Array.from({ length: n }, () => 0.05 + random());
        const total = raw.reduce((s, x) => s + x, 0);
        upper = syntheticUpper(
          raw.map((x) => x / total),
          0.3,
          random
        ) as number[];
      }
      weigh(matrixFromUpper(upper));
    }
    const calls = counters.__calls ?? 0;
    const fallbacks = counters.__fallbacks ?? 0;
    allCalls += calls;
    allFallbacks += fallbacks;
    console.log(
      `  ${String(n).padStart(2)}  ${String(calls).padStart(11)}  ${String(fallbacks).padStart(9)}  ${pct(fallbacks, calls).padStart(6)}`
    );
  }
  console.log(
    `  all ${String(allCalls).padStart(11)}  ${String(allFallbacks).padStart(9)}  ${pct(allFallbacks, allCalls).padStart(6)}`
  );
}
