/**
 * The engine's fast paths give the same numbers, to the last bit, as the plain computation:
 * - analyseHierarchy keeps per expert and node only weights and CR (weighKernel) instead of
 *   calling the public weigh(); every number must equal weigh()'s;
 * - bootstrapHierarchy sums the drawn experts' logs in one pass (LogPanel); every interval must
 *   equal a straightforward resampling written out below (one node, one cell, one expert at a
 *   time, as the formula reads);
 * - weigh()'s "CR if taken" starts each changed matrix's eigenvector from the current one: it
 *   must agree with the eigenvector from scratch within the certified tolerance (and every
 *   other number of weigh() is computed as before, so compared bit for bit elsewhere);
 * - the seeded generator keeps its state in an Int32Array; its stream must equal sfc32 written
 *   with `>>> 0` as published.
 * toEqual compares numbers with Object.is, so "equal" here means the same bits.
 * The panels are seeded random (mulberry32, independent of the engine), with missing
 * judgments, unanswered nodes, zero-weight experts and inconsistent matrices.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateJudgments,
  matrixFromUpper,
  randomIndex,
  aggregatePriorities,
  analyseHierarchy,
  assertConnected,
  bootstrapHierarchy,
  complete,
  consensus,
  percentile,
  prepareHierarchy,
  priorities,
  rankLeaves,
  seededRandom,
  weigh,
  type HierarchyOptions,
  type PairwiseMatrix,
  type PreparedHierarchy
} from '../../../src/lib/ahp';
import { mulberry32, randomWeights, SAATY_VALUES, type Rng } from './random';

const tree = {
  id: 'G',
  children: [
    { id: 'P', children: [{ id: 'p1' }, { id: 'p2' }] },
    { id: 'Q', children: [{ id: 'q1' }, { id: 'q2' }, { id: 'q3' }, { id: 'q4' }, { id: 'q5' }] },
    { id: 'R', weights: [0.25, 0.75], children: [{ id: 'r1' }, { id: 'r2' }] },
    { id: 'S', children: [{ id: 's1' }] },
    {
      id: 'T',
      children: [
        { id: 't1' },
        { id: 't2', children: [{ id: 't2a' }, { id: 't2b' }, { id: 't2c' }] }
      ]
    }
  ]
};
const sizes: Record<string, number> = { G: 5, P: 2, Q: 5, T: 2, t2: 3 };

/** The scale value nearest to x in log space (written here, not taken from the engine). */
function nearestScale(x: number): number {
  let best = SAATY_VALUES[0]!;
  for (const v of SAATY_VALUES)
    if (Math.abs(Math.log(v / x)) < Math.abs(Math.log(best / x))) best = v;
  return best;
}

/** An expert's upper triangle: true weights w, log-normal-ish noise, some cells left out. */
function judged(rng: Rng, w: number[], noise: number, skip: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let i = 0; i < w.length; i++)
    for (let j = i + 1; j < w.length; j++) {
      if (i > 0 && rng() < skip)
        out.push(null); // the first row keeps them connected
      else out.push(nearestScale((w[i]! / w[j]!) * Math.exp(noise * (2 * rng() - 1))));
    }
  return out;
}

function panel(seed: number, experts: number) {
  const rng = mulberry32(seed);
  const truth = Object.fromEntries(
    Object.entries(sizes).map(([id, n]) => [id, randomWeights(rng, n)])
  );
  return Array.from({ length: experts }, (_, k) => {
    const judgments: Record<string, Array<number | null>> = {};
    for (const [id, w] of Object.entries(truth)) {
      if (k > 1 && rng() < 0.1) continue; // this expert did not answer this node
      if (id === 't2' && k % 6 !== 1) continue; // few answer t2: some resamples draw none of them
      judgments[id] = judged(rng, w, rng() < 0.3 ? 2.5 : 0.6, k % 3 === 0 ? 0.3 : 0);
    }
    return { id: `E${k}`, weight: k % 9 === 4 ? 0 : 1 + (k % 4) * 0.37, judgments };
  });
}

const variants: Array<Partial<HierarchyOptions>> = [
  {},
  { excludeInconsistent: true },
  { method: 'geometric-mean', completion: 'lambda-optimal', excludeInconsistent: true },
  { aggregation: 'aip-geometric', completion: 'lambda-optimal' },
  { aggregation: 'aip-arithmetic', method: 'geometric-mean', randomIndex: 'alonso-lamata' }
];

describe('analyseHierarchy: per-expert numbers are those of the public weigh()', () => {
  for (const seed of [1, 2, 3]) {
    for (const options of variants) {
      it(`seed ${seed}, ${JSON.stringify(options)}`, () => {
        const experts = panel(seed, 40);
        const h = prepareHierarchy(tree, experts, options);
        const r = analyseHierarchy(h);
        const o = h.options;
        let compared = 0;
        let excluded = 0;
        h.experts.forEach((e, k) => {
          for (const [id, m] of e.matrices) {
            const w = weigh(m, { ...o, top: 0 });
            const got = r.experts[k]!.nodes[id]!;
            expect(got.weights).toEqual(w.weights);
            expect(got.cr).toEqual(w.cr);
            expect(got.consistent).toBe(w.consistent);
            const reason =
              e.weight === 0
                ? 'zero weight'
                : o.excludeInconsistent && !w.consistent
                  ? 'inconsistent'
                  : null;
            expect(got.reason).toBe(reason);
            if (reason) excluded++;
            compared++;
          }
        });
        expect(compared).toBeGreaterThan(120);
        expect(excluded).toBeGreaterThan(0);
        for (const node of r.nodes) {
          if (node.source !== 'judgments') continue;
          const ks = node.included.map((id) => h.experts.findIndex((e) => e.id === id));
          const ms = ks.map((k) => h.experts[k]!.matrices.get(node.id)!);
          const ws = ks.map((k) => h.experts[k]!.weight);
          const group = weigh(aggregateJudgments(ms, ws), { ...o, top: 3 });
          const vectors = ms.map((m) => weigh(m, { ...o, top: 0 }).weights);
          expect(node.consistency?.cr).toEqual(group.cr);
          expect(node.inconsistencies).toEqual(group.inconsistencies);
          expect(node.localWeights).toEqual(
            o.aggregation === 'aij'
              ? group.weights
              : aggregatePriorities(
                  vectors,
                  ws,
                  o.aggregation === 'aip-geometric' ? 'geometric' : 'arithmetic'
                )
          );
          expect(node.consensus).toEqual(consensus(vectors, ws));
        }
      });
    }
  }
});

/**
 * Bootstrap as the formula reads: per resample draw K experts with randomInt; per node, per
 * cell, over all experts in panel order, c = multiplicity x weight, sum c ln a_ij and sum c.
 */
function plainBootstrap(h: PreparedHierarchy, resamples: number, seed: number, level: number) {
  const full = analyseHierarchy(h);
  const o = full.options;
  const K = h.experts.length;
  const random = seededRandom(seed);
  const below: string[] = [];
  const visit = (n: { id: string; children: Array<{ id: string; children: unknown[] }> }) =>
    n.children.forEach((c) => {
      below.push(c.id);
      visit(c as never);
    });
  visit(h.root as never);
  const samples = below.map(() => [] as number[]);
  const keeps = h.leaves.map(() => 0);
  let valid = 0;
  for (let b = 0; b < resamples; b++) {
    const counts = new Array<number>(K).fill(0);
    for (let k = 0; k < K; k++) counts[Math.floor(random() * K)]! += 1;
    const global = new Map<string, number>([[h.root.id, 1]]);
    let ok = true;
    for (const node of h.inner) {
      const res = full.nodes.find((x) => x.id === node.id)!;
      const n = node.children.length;
      let local: ArrayLike<number> | null = res.localWeights;
      if (res.source === 'judgments') {
        const inc = (k: number) => res.included.includes(h.experts[k]!.id);
        if (o.aggregation === 'aij') {
          const values = new Float64Array(n * n);
          const missing: Array<[number, number]> = [];
          for (let i = 0; i < n; i++) {
            values[i * n + i] = 1;
            for (let j = i + 1; j < n; j++) {
              let s = 0;
              let ws = 0;
              for (let k = 0; k < K; k++) {
                const m = h.experts[k]!.matrices.get(node.id);
                const c = counts[k]! * h.experts[k]!.weight;
                if (!m || !inc(k) || c === 0 || Number.isNaN(m.values[i * n + j]!)) continue;
                s = s + c * Math.log(m.values[i * n + j]!);
                ws = ws + c;
              }
              if (ws === 0) {
                values[i * n + j] = values[j * n + i] = NaN;
                missing.push([i, j]);
              } else {
                values[i * n + j] = Math.exp(s / ws);
                values[j * n + i] = 1 / values[i * n + j]!;
              }
            }
          }
          const m: PairwiseMatrix = { n, values, missing };
          local = null;
          if (missing.length < (n * (n - 1)) / 2) {
            try {
              assertConnected(m);
              const out = new Float64Array(n);
              priorities(complete(m, o.completion).values, n, o.method, out);
              local = out;
            } catch {
              local = null;
            }
          }
        } else {
          let total = 0;
          const acc = new Array<number>(n).fill(0);
          for (let k = 0; k < K; k++) {
            const c = counts[k]! * h.experts[k]!.weight;
            if (!inc(k) || c === 0) continue;
            const v = full.experts[k]!.nodes[node.id]!.weights;
            total += c;
            for (let i = 0; i < n; i++)
              acc[i] = acc[i]! + c * (o.aggregation === 'aip-geometric' ? Math.log(v[i]!) : v[i]!);
          }
          if (total === 0) local = null;
          else if (o.aggregation === 'aip-arithmetic') local = acc.map((x) => x / total);
          else {
            const e = acc.map((x) => Math.exp(x / total));
            const s = e.reduce((a, x) => a + x, 0);
            local = e.map((x) => x / s);
          }
        }
      }
      if (!local) {
        ok = false;
        break;
      }
      const g = global.get(node.id)!;
      node.children.forEach((c, k) => global.set(c.id, g * local[k]!));
    }
    if (!ok) continue;
    below.forEach((id, k) => samples[k]!.push(global.get(id)!));
    const ranked = rankLeaves(h.leaves.map((l) => ({ globalWeight: global.get(l.id)!, rank: 0 })));
    ranked.forEach((l, k) => {
      if (l.rank === full.leaves[k]!.rank) keeps[k]!++;
    });
    valid++;
  }
  const alpha = (1 - level) / 2;
  return {
    skipped: resamples - valid,
    intervals: below.map((id, k) => {
      const sorted = Float64Array.from(samples[k]!).sort();
      return { id, lower: percentile(sorted, alpha), upper: percentile(sorted, 1 - alpha) };
    }),
    stability: keeps.map((x) => x / valid)
  };
}

describe('bootstrapHierarchy: the same intervals as the plain resampling', () => {
  for (const [seed, options] of [
    [4, {}],
    [5, { excludeInconsistent: true, completion: 'lambda-optimal' }],
    [6, { aggregation: 'aip-geometric' }],
    [7, { aggregation: 'aip-arithmetic', method: 'geometric-mean' }]
  ] as Array<[number, Partial<HierarchyOptions>]>) {
    it(`seed ${seed}, ${JSON.stringify(options)}`, () => {
      // 12 experts, 2 of whom answer t2: some resamples miss it (skipped), compared too
      const h = prepareHierarchy(tree, panel(seed, 12), options);
      const got = bootstrapHierarchy(h, { resamples: 150, seed, level: 0.9 });
      const want = plainBootstrap(h, 150, seed, 0.9);
      expect(got.skipped).toBe(want.skipped);
      expect(got.skipped).toBeGreaterThan(0);
      expect(got.global.map(({ id, lower, upper }) => ({ id, lower, upper }))).toEqual(
        want.intervals
      );
      expect(got.rankStability.map((x) => x.probability)).toEqual(want.stability);
    });
  }
});

describe('weigh(): "CR if taken" from a warm start', () => {
  it('agrees with the eigenvector from scratch within the certified 1e-11, n = 3..15', () => {
    const rng = mulberry32(77);
    let compared = 0;
    let worst = 0;
    for (let n = 3; n <= 15; n++) {
      const ri = randomIndex(n, 'saaty-1980').value;
      for (let t = 0; t < 60; t++) {
        // half near-consistent, half uniformly random judgments (very inconsistent)
        const upper =
          t % 2 === 0
            ? judged(rng, randomWeights(rng, n), 0.8, 0)
            : Array.from(
                { length: (n * (n - 1)) / 2 },
                () => SAATY_VALUES[Math.floor(rng() * 17)]!
              );
        const m = matrixFromUpper(upper);
        const r = weigh(m, { top: 5 });
        for (const s of r.inconsistencies) {
          if (s.change === 'none') continue;
          const changed = Float64Array.from(m.values);
          changed[s.i * n + s.j] = s.suggested;
          changed[s.j * n + s.i] = 1 / s.suggested;
          const lambda = priorities(changed, n, 'eigenvector', new Float64Array(n));
          const cr = (lambda - n) / (n - 1) / ri;
          // both lambdas lie within 1e-11 (relative) of the Perron root: apart by <= 2e-11 lambda
          const bound = (2e-11 * lambda) / ((n - 1) * ri);
          worst = Math.max(worst, Math.abs(s.crIfTaken - cr) / bound);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
    expect(worst).toBeLessThanOrEqual(1);
  });
});

/** sfc32 as published (PractRand; the JavaScript of bryc/code, PRNGs.md), seeded by splitmix32. */
function sfc32Reference(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let k = 0; k < 12; k++) next();
  return next;
}

describe('seededRandom: the sfc32 stream', () => {
  it('equals sfc32 written with >>> 0, for 200,000 numbers of several seeds', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 32 - 1, 2 ** 32 + 5, 123456789]) {
      const got = seededRandom(seed);
      const want = sfc32Reference(seed);
      let same = 0;
      for (let k = 0; k < 200_000; k++) if (Object.is(got(), want())) same++;
      expect(same).toBe(200_000);
    }
  });
});
