/**
 * Goepel's AHP consensus indicator S* (Goepel 2018, Implementation of an online software tool
 * for the AHP (AHP-OS), IJAHP 10(3):469-487, eqs. 11-21; AHP-OS AhpGroup::getConsensus).
 *
 * From the experts' priority vectors w_k (weights l_k, normalised):
 *   H_alpha = sum_k l_k sum_j -w_kj ln w_kj           (mean Shannon entropy, alpha diversity)
 *   H_gamma = sum_j -wbar_j ln wbar_j, wbar = sum_k l_k w_k   (gamma diversity)
 *   H_beta  = H_gamma - H_alpha,  D_beta = exp(H_beta),  S = 1 / D_beta
 *   H_alpha_min = -(M/(n+M-1)) ln(M/(n+M-1)) - ((n-1)/(n+M-1)) ln(1/(n+M-1))
 *   cor = exp(H_alpha_min) / n,   S* = (S - cor) / (1 - cor)
 * with M the scale maximum (9). With equal weights this is Goepel's formula exactly; expert
 * weights enter as the weights of the two means.
 */
import { normaliseExpertWeights } from './aggregate';
import { AhpInputError, type InputPath } from './errors';
import { SAATY_SCALE_MAX } from './scale';

/** Verbal bands of S* (Goepel 2018, Table 2). */
export type ConsensusBand = 'very low' | 'low' | 'moderate' | 'high' | 'very high';

export interface ConsensusResult {
  sStar: number;
  band: ConsensusBand;
  hAlpha: number;
  hBeta: number;
  hGamma: number;
  experts: number;
  scaleMax: number;
}

/** The band of an S* value: < 0.5 very low, < 0.65 low, < 0.75 moderate, < 0.85 high, else very high. */
export function consensusBand(sStar: number): ConsensusBand {
  if (sStar < 0.5) return 'very low';
  if (sStar < 0.65) return 'low';
  if (sStar < 0.75) return 'moderate';
  if (sStar < 0.85) return 'high';
  return 'very high';
}

const entropy = (w: ArrayLike<number>): number => {
  let h = 0;
  for (let j = 0; j < w.length; j++) {
    const x = w[j]!;
    if (x > 0) h -= x * Math.log(x);
  }
  return h;
};

/**
 * S* of a group at one node.
 * @param vectors the experts' priority vectors (each sums to 1, same length n >= 2)
 * @param weights expert weights (default: equal)
 * @param scaleMax M, the largest judgment of the scale (default 9)
 * @throws AhpInputError for no experts, mismatched lengths or invalid weights
 */
export function consensus(
  vectors: ReadonlyArray<ArrayLike<number>>,
  weights?: readonly number[],
  scaleMax: number = SAATY_SCALE_MAX,
  path: InputPath = []
): ConsensusResult {
  if (vectors.length === 0) throw new AhpInputError(path, 'consensus needs at least one expert');
  if (weights !== undefined && weights.length !== vectors.length) {
    throw new AhpInputError(
      path,
      `${vectors.length} priority vectors but ${weights.length} expert weights`
    );
  }
  const lambda = normaliseExpertWeights(weights ?? vectors.map(() => 1), path);
  const n = vectors[0]!.length;
  if (n < 2) throw new AhpInputError(path, 'consensus needs at least 2 elements');
  const mean = new Float64Array(n);
  let hAlpha = 0;
  vectors.forEach((v, k) => {
    if (v.length !== n)
      throw new AhpInputError([...path, k], `priority vector of length ${v.length}, expected ${n}`);
    const l = lambda[k]!;
    hAlpha += l * entropy(v);
    for (let j = 0; j < n; j++) mean[j] = mean[j]! + l * v[j]!;
  });
  const hGamma = entropy(mean);
  const hBeta = hGamma - hAlpha;
  const s = 1 / Math.exp(hBeta);
  const d = n + scaleMax - 1;
  const hAlphaMin = -(scaleMax / d) * Math.log(scaleMax / d) - ((n - 1) / d) * Math.log(1 / d);
  const cor = Math.exp(hAlphaMin) / n;
  const sStar = (s - cor) / (1 - cor);
  return {
    sStar,
    band: consensusBand(sStar),
    hAlpha,
    hBeta,
    hGamma,
    experts: vectors.length,
    scaleMax
  };
}
