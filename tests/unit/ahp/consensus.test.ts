/**
 * Goepel's AHP consensus indicator S*. Expected numbers: case consensus/goepel_zero_consensus_n4_k4
 * of ../shared/reference/published-examples.json (source: Goepel 2018, IJAHP 10(3):469-487,
 * testing section: consensus must be 0%) and its stated formula, evaluated independently here.
 */
import { describe, expect, it } from 'vitest';
import { consensus, consensusBand, matrixFromUpper, weigh } from '../../../src/lib/ahp';
import { mulberry32, randomSaatyUpper, randomWeights } from './random';
import {
  expectAllClose,
  expectClose,
  expectInputError,
  getCase,
  tol,
  type ConsensusExpected,
  type ConsensusInputs
} from './reference';

const c = getCase<ConsensusInputs, ConsensusExpected>('consensus/goepel_zero_consensus_n4_k4');
const e = c.expected;

/** S* by the formula in the case's informational.conventions (equal expert weights). */
function goepelSStar(vectors: number[][], M = 9): number {
  const n = vectors[0]!.length;
  const K = vectors.length;
  const H = (w: number[]) => -w.reduce((s, x) => s + (x > 0 ? x * Math.log(x) : 0), 0);
  const hAlpha = vectors.reduce((s, v) => s + H(v), 0) / K;
  const mean = vectors[0]!.map((_, j) => vectors.reduce((s, v) => s + v[j]!, 0) / K);
  const hBeta = H(mean) - hAlpha;
  const S = 1 / Math.exp(hBeta);
  const d = n + M - 1;
  const hAlphaMin = -(M / d) * Math.log(M / d) - ((n - 1) / d) * Math.log(1 / d);
  const cor = Math.exp(hAlphaMin) / n;
  return (S - cor) / (1 - cor);
}

describe("Goepel's zero-consensus case", () => {
  const vectors = c.inputs.experts.map((x) => weigh(matrixFromUpper(x.upper_triangle)).weights);

  it('each participant weights their criterion (9, 1, 1, 1) / 12', () => {
    expectAllClose(
      vectors.flat(),
      e.individual_eigen_weights.flat(),
      tol(c, 'individual_eigen_weights'),
      'w'
    );
  });

  it('S* = 0, with the published entropies, band "very low"', () => {
    const r = consensus(vectors);
    expectClose(r.sStar, e.consensus, tol(c, 'consensus'), 'S*');
    expectClose(r.hAlpha, e.H_alpha, tol(c, 'H_alpha'), 'H_alpha');
    expectClose(r.hGamma, e.H_gamma, tol(c, 'H_gamma'), 'H_gamma');
    expectClose(r.hBeta, e.H_beta, tol(c, 'H_beta'), 'H_beta');
    expectClose(Math.exp(r.hBeta), e.D_beta, tol(c, 'D_beta'), 'D_beta');
    expectClose(1 / Math.exp(r.hBeta), e.S, tol(c, 'S'), 'S');
    // H_alpha equals H_alpha_min here: every participant is as extreme as the scale allows
    expectClose(r.hAlpha, e.H_alpha_min, tol(c, 'H_alpha_min'), 'H_alpha_min');
    expect(r.band).toBe('very low');
    expect(r.band).toBe(c.informational?.consensus_word_2018_table);
    expect(r.experts).toBe(4);
    expect(r.scaleMax).toBe(c.inputs.scale_max_M);
  });

  it('from the text form of the judgments as well', () => {
    const fromText = c.inputs.experts.map(
      (x) => weigh(matrixFromUpper(x.upper_triangle_text)).weights
    );
    expectClose(consensus(fromText).sStar, e.consensus, tol(c, 'consensus'), 'S*');
  });

  it('the same construction with scale maximum M = 5 also gives S* = 0', () => {
    // 3 participants, 3 criteria, participant k rates criterion k 5 times the others: (5,1,1)/7
    const v = [
      [5 / 7, 1 / 7, 1 / 7],
      [1 / 7, 5 / 7, 1 / 7],
      [1 / 7, 1 / 7, 5 / 7]
    ];
    const r = consensus(v, undefined, 5);
    expectClose(r.sStar, 0, 1e-12, 'S* with M = 5');
    expect(r.scaleMax).toBe(5);
    // with the default M = 9 the same priorities are less than maximally diverse: S* > 0
    expect(consensus(v).sStar).toBeGreaterThan(0.1);
  });
});

describe('S* in general', () => {
  it('identical experts give S* = 1, band "very high"', () => {
    const rng = mulberry32(5);
    for (let k = 0; k < 10; k++) {
      const w = randomWeights(rng, 3 + (k % 6));
      const r = consensus([w, w, w]);
      expectClose(r.sStar, 1, 1e-12, 'S*');
      expectClose(r.hBeta, 0, 1e-12, 'H_beta');
      expect(r.band).toBe('very high');
    }
    expectClose(consensus([[0.3, 0.7]]).sStar, 1, 1e-12, 'single expert');
  });

  it("equals Goepel's formula evaluated independently, for random groups", () => {
    const rng = mulberry32(6);
    for (let k = 0; k < 30; k++) {
      const n = 3 + (k % 6);
      const K = 2 + (k % 5);
      const vectors = Array.from(
        { length: K },
        () => weigh(matrixFromUpper(randomSaatyUpper(rng, n)), { top: 0 }).weights
      );
      expectClose(consensus(vectors).sStar, goepelSStar(vectors), 1e-12, `S* n=${n} K=${K}`);
    }
  });

  it('expert weights act as replication: weights (2, 1) equal listing the first expert twice', () => {
    const rng = mulberry32(7);
    const a = randomWeights(rng, 5);
    const b = randomWeights(rng, 5);
    const weighted = consensus([a, b], [2, 1]);
    const replicated = consensus([a, a, b]);
    expectClose(weighted.sStar, replicated.sStar, 1e-12, 'S*');
    expectClose(weighted.hAlpha, replicated.hAlpha, 1e-12, 'H_alpha');
    expectClose(weighted.hGamma, replicated.hGamma, 1e-12, 'H_gamma');
    // a weight of 0 removes the expert
    expectClose(consensus([a, b], [1, 0]).sStar, 1, 1e-12, 'S* with one counted expert');
  });
});

describe('consensus bands', () => {
  // IJAHP 2018 Table 2, as quoted in the case's informational.conventions.word_scale:
  // <=50% very low, 50-65% low, 65-75% moderate, 75-85% high, >=85% very high.
  it('maps values inside each band', () => {
    expect(consensusBand(0)).toBe('very low');
    expect(consensusBand(0.3)).toBe('very low');
    expect(consensusBand(0.55)).toBe('low');
    expect(consensusBand(0.7)).toBe('moderate');
    expect(consensusBand(0.8)).toBe('high');
    expect(consensusBand(0.9)).toBe('very high');
    expect(consensusBand(1)).toBe('very high');
  });

  it('switches band at 0.50, 0.65, 0.75 and 0.85', () => {
    const cuts: Array<[number, string, string]> = [
      [0.5, 'very low', 'low'],
      [0.65, 'low', 'moderate'],
      [0.75, 'moderate', 'high'],
      [0.85, 'high', 'very high']
    ];
    for (const [cut, below, above] of cuts) {
      expect(consensusBand(cut - 1e-9), `below ${cut}`).toBe(below);
      expect(consensusBand(cut + 1e-9), `above ${cut}`).toBe(above);
    }
    // ">= 85% very high" (the only cut point the table states inclusively on the upper band)
    expect(consensusBand(0.85)).toBe('very high');
  });
});

describe('bad input', () => {
  it('no experts, fewer than 2 elements, mismatched lengths', () => {
    expectInputError(() => consensus([]), [], 'at least one expert');
    expectInputError(() => consensus([[1]]), [], 'at least 2 elements');
    expectInputError(
      () =>
        consensus(
          [
            [0.5, 0.5],
            [0.2, 0.3, 0.5]
          ],
          undefined,
          9,
          ['node']
        ),
      ['node', 1],
      'length 3, expected 2'
    );
  });

  it('expert weights: negative, NaN, all zero, wrong count', () => {
    expectInputError(
      () =>
        consensus(
          [
            [0.5, 0.5],
            [0.4, 0.6]
          ],
          [1, -1]
        ),
      [1],
      'finite number >= 0'
    );
    expectInputError(
      () =>
        consensus(
          [
            [0.5, 0.5],
            [0.4, 0.6]
          ],
          [NaN, 1]
        ),
      [0],
      'finite number >= 0'
    );
    expectInputError(
      () =>
        consensus(
          [
            [0.5, 0.5],
            [0.4, 0.6]
          ],
          [0, 0]
        ),
      [],
      'all zero'
    );
    // one weight per expert: too few would give NaN, too many would silently shrink the means
    expectInputError(
      () =>
        consensus(
          [
            [0.5, 0.5],
            [0.4, 0.6]
          ],
          [1],
          9,
          ['n']
        ),
      ['n'],
      '2 priority vectors but 1 expert weights'
    );
    expectInputError(
      () =>
        consensus(
          [
            [0.5, 0.5],
            [0.4, 0.6]
          ],
          [1, 1, 1]
        ),
      [],
      '2 priority vectors but 3 expert weights'
    );
  });
});
