/**
 * The regression baseline's honesty check: stratified k-fold cross-validation of the logistic
 * regression (./logistic.ts), each fold fitted on the others and scored by its AUC, the folds'
 * mean and the pooled out-of-fold AUC; and the baseline in one call (the fit on all loans, its
 * coefficients as weights and the cross-validated AUC). Seeded: the same seed gives the same
 * folds.
 */
import { seededRandom } from '../ahp';
import { ValidationInputError } from './errors';
import { checkInteger, checkSeed } from './inputs';
import {
  coefficientWeights,
  predictLogOdds,
  type CrossValidation,
  type CrossValidationOptions,
  type FoldResult,
  type LoanMatrix,
  type LogisticFit,
  type RegressionBaseline
} from './logistic';
import { checkLoans, resolve, type CheckedLoans, type Resolved } from './logistic-checks';
import { auc } from './metrics';
import { fitDesign } from './newton';

/**
 * Stratified fold assignment: the defaulted loans, shuffled (Fisher-Yates with the seeded
 * generator), are dealt to folds 0, 1, ..., k-1, 0, 1, ...; the repaid loans, shuffled, continue
 * the deal where the defaulted ones stopped. Each fold gets floor or ceil of n1/k defaults and
 * the fold sizes differ by at most one.
 */
export function assignFolds(outcomes: ArrayLike<number>, k: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const d: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < outcomes.length; i++) (outcomes[i] === 1 ? d : r).push(i);
  const fold = new Int32Array(outcomes.length);
  let next = 0;
  for (const list of [d, r]) {
    for (let a = list.length - 1; a > 0; a--) {
      const b = Math.floor(random() * (a + 1));
      [list[a], list[b]] = [list[b]!, list[a]!];
    }
    for (const i of list) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

function crossValidate(
  fn: string,
  data: LoanMatrix,
  c: CheckedLoans,
  o: Resolved,
  k: number,
  seed: number,
  start: LogisticFit | null,
  keepScores = false
): CrossValidation {
  const lowest = Math.floor(c.defaults / k);
  const lowestRepaid = Math.floor(c.repaid / k);
  if (lowest < o.minPerClass || lowestRepaid < o.minPerClass)
    throw new ValidationInputError(
      fn,
      ['outcomes'],
      'too-few-outcomes',
      `${k}-fold cross-validation leaves as few as ${lowest} defaulted and ${lowestRepaid} repaid loans in a fold; each fold's AUC needs at least ${o.minPerClass} of each: use fewer folds or more loans`
    );
  const fold = assignFolds(data.outcomes, k, seed);
  const oof = new Float64Array(c.n);
  const folds: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < c.n; i++) (fold[i] === f ? test : train).push(i);
    const fit = fitDesign(
      fn,
      data,
      c.leaves,
      Int32Array.from(train),
      o,
      ` (training folds of fold ${f + 1})`,
      start
    );
    const rows = test.map((i) => data.rows[i]!);
    const eta = predictLogOdds(fit, rows);
    const outcomes = test.map((i) => data.outcomes[i]!);
    // The AUC wants "higher = lower risk": the held-out score is -eta, the log-odds of repaying.
    const score = Array.from(eta, (e) => -e);
    test.forEach((i, t) => (oof[i] = score[t]!));
    folds.push({
      fold: f + 1,
      loans: test.length,
      defaults: outcomes.reduce((s, y) => s + y, 0),
      auc: auc(score, outcomes, { minPerClass: o.minPerClass }),
      iterations: fit.iterations
    });
  }
  const result: CrossValidation = {
    folds,
    meanAuc: folds.reduce((s, f) => s + f.auc, 0) / k,
    pooledAuc: auc(oof, data.outcomes, { minPerClass: o.minPerClass }),
    k,
    seed,
    assignment: 'stratified',
    ridge: o.ridge
  };
  if (keepScores) result.outOfFoldScores = Array.from(oof);
  return result;
}

/**
 * k-fold cross-validated AUC of the logistic regression (Hastie, Tibshirani and Friedman 2009,
 * "The Elements of Statistical Learning", sec. 7.10): loans are dealt to k folds stratified by
 * outcome ({@link assignFolds}, seeded); for each fold the model is fitted on the other k - 1
 * and scores the held-out loans by -eta (the log-odds of repaying, so higher = lower risk as
 * for the experts' score). Reports each fold's AUC, their mean (the cross-validated AUC) and the
 * AUC of the pooled out-of-fold scores. ({@link regressionBaseline} starts each fold's Newton
 * iterations from the fit on all loans: the likelihood is strictly concave, so the start changes
 * the number of steps, not the fitted model beyond the tolerance.)
 *
 * @throws ValidationInputError as {@link fitLogistic}, for folds not a whole number >= 2 or a
 *   seed that is not a whole number, or when a fold would hold fewer than `minPerClass`
 *   defaulted or repaid loans
 * @throws ValidationFitError as {@link fitLogistic}, naming the fold
 */
export function crossValidatedAuc(
  data: LoanMatrix,
  options: CrossValidationOptions = {}
): CrossValidation {
  const fn = 'crossValidatedAuc';
  const o = resolve(fn, options);
  const k = checkInteger(fn, 'folds', options.folds ?? 5, 2);
  const seed = checkSeed(fn, options.seed ?? 1);
  const c = checkLoans(fn, data, o.minPerClass);
  return crossValidate(fn, data, c, o, k, seed, null, options.outOfFoldScores === true);
}

/**
 * The regression baseline of the validation report in one call: the fit on all loans, its
 * coefficients as weights ({@link coefficientWeights}) and the k-fold cross-validated AUC
 * ({@link crossValidatedAuc}), with the same options.
 *
 * @throws ValidationInputError, ValidationFitError as {@link fitLogistic} and {@link crossValidatedAuc}
 */
export function regressionBaseline(
  data: LoanMatrix,
  options: CrossValidationOptions = {}
): RegressionBaseline {
  const fn = 'regressionBaseline';
  const o = resolve(fn, options);
  const k = checkInteger(fn, 'folds', options.folds ?? 5, 2);
  const seed = checkSeed(fn, options.seed ?? 1);
  const c = checkLoans(fn, data, o.minPerClass);
  const fit = fitDesign(fn, data, c.leaves, null, o, '');
  return {
    fit,
    weights: coefficientWeights(fit),
    crossValidation: crossValidate(fn, data, c, o, k, seed, fit, options.outOfFoldScores === true)
  };
}
