/**
 * The validation report's regression baseline saved as a weight set (provenance kind
 * "regression"): the logistic regression of the outcome on the leaf scores of a loan file
 * (./logistic.ts), its coefficients read as the leaves' global weights.
 *
 * The mapping (docs/weight-models.md#regression-weights). The scorer's total is
 * T = sum_j w_j x_j with every leaf score x_j on the same 0-100 scale and "more points = lower
 * risk". The regression fits log-odds(default) = beta_0 + sum_j beta_j x_j. If the risk follows
 * a weighted score, log-odds = a - b T with b > 0, so beta_j = -b w_j: the weights are the shares
 * of the negated coefficients,
 *
 *   w_j = -beta_j / sum_k -beta_k,
 *
 * and the set's total is then a decreasing linear function of the fitted log-odds,
 * T = (beta_0 - eta) / sum_k -beta_k: it ranks the file's loans exactly as the regression does
 * (same ROC curve and AUC). The raw coefficients are used, not standardised ones: a standardised
 * coefficient beta_j sd_j measures a leaf's importance on this file, but as weights on the 0-100
 * scores they would no longer reproduce the fitted model.
 *
 * Refused, never clipped or bent into shape: a coefficient >= 0 (more points on that leaf went
 * with as many or more defaults: no non-negative weight says that), naming every such leaf; and a
 * fit that does not exist (separation, collinear leaves, a constant leaf, too few loans or
 * defaults, no convergence), with the fit's own reason.
 *
 * The structure comes from `base`, a saved set: its hierarchy, method settings, grades and the
 * leaves' rating scales (through which the loan file's facts became the scores the regression
 * saw, so the new set scores a loan exactly as it was scored here). Nothing judged by a panel
 * remains: every inner node is "preset", no experts, no consensus, no intervals, no composite CR.
 */
import { AhpInputError, compositeConsistency, type InputPath } from '../ahp';
import {
  propagateLocalWeights,
  sealWeightSet,
  WEIGHT_SET_VERSION_2,
  verifyWeightSet,
  type Provenance,
  type RegressionFit,
  type WeightSet,
  type WeightSetV2,
  APP_VERSION
} from '../weights';
import { scalesOfLeaves } from './levels';
import { fitLogistic, type LogisticFit, type LogisticOptions } from './logistic';
import { DEFAULT_OUTCOME_COLUMN, readLoans } from './loans';

/** Why a regression gives no weight set (besides a malformed file or a fit that fails). */
export type RegressionSetProblem =
  /** One or more coefficients >= 0: those leaves cannot get a non-negative weight. */
  | 'wrong-sign'
  /** The base set does not verify. */
  | 'base';

/**
 * A regression that cannot become a weight set, with the leaves concerned. (A malformed loan
 * file is a LoanFileError; a fit that does not exist a ValidationInputError or ValidationFitError.)
 */
export class RegressionSetError extends Error {
  constructor(
    readonly code: RegressionSetProblem,
    readonly leaves: string[],
    readonly detail: string
  ) {
    super(`regressionWeightSet: ${detail}`);
    this.name = 'RegressionSetError';
  }
}

/**
 * The leaves' weights from a fit: w_j = -beta_j / sum_k -beta_k (module comment).
 * @throws RegressionSetError "wrong-sign" naming every leaf whose coefficient is >= 0
 */
export function regressionWeights(fit: Pick<LogisticFit, 'leaves' | 'coefficients'>): number[] {
  const wrong = fit.leaves.filter((_, j) => !(fit.coefficients[j]! < 0));
  if (wrong.length > 0)
    throw new RegressionSetError(
      'wrong-sign',
      wrong,
      `in the regression, more points on ${wrong.join(', ')} went with as many or more defaults (a coefficient >= 0: ${wrong
        .map((id) => `${id} ${fit.coefficients[fit.leaves.indexOf(id)]}`)
        .join(
          ', '
        )}), so no non-negative weight reproduces it; nothing is saved. Check how those indicators are scored (more points must mean lower risk), or leave them out of the model`
    );
  const total = fit.coefficients.reduce((s, b) => s - b, 0);
  return fit.coefficients.map((b) => -b / total);
}

export interface RegressionLoanFile {
  /** The file's name as the researcher knows it (recorded). */
  name: string;
  text: string;
  /** SHA-256 of the file's bytes, lowercase hex (recorded). */
  sha256: string;
}

export interface RegressionSetOptions extends Pick<LogisticOptions, 'ridge'> {
  /** The new set's name. */
  name: string;
  /** The base set's saved id (null for a file never saved). */
  baseId: string | null;
  /** The outcome column (default `default`). */
  outcome?: string;
  createdAt?: Date | string;
  appVersion?: string;
}

const fail = (path: InputPath, message: string): never => {
  throw new AhpInputError(path, `regressionWeightSet: ${message}`);
};

/**
 * A weight set of kind "regression" from a loan file, read through `base`'s scales (module
 * comment), fitted by fitLogistic with the default iteration limit and tolerance.
 * @throws RegressionSetError (a coefficient >= 0; a base that does not verify), LoanFileError
 *   (the file), ValidationInputError / ValidationFitError (no fit: too few loans or defaults, a
 *   constant leaf, separation, collinearity, no convergence, a bad ridge)
 */
export async function regressionWeightSet(
  base: WeightSet,
  file: RegressionLoanFile,
  options: RegressionSetOptions
): Promise<WeightSetV2> {
  const checked = await verifyWeightSet(base);
  if (!checked.ok)
    throw new RegressionSetError(
      'base',
      [],
      `the base set does not verify: ${checked.error.message}`
    );
  const leafIds = base.leaves.map((l) => l.id);
  const outcome = options.outcome ?? DEFAULT_OUTCOME_COLUMN;
  const loans = readLoans(file.text, leafIds, {
    outcome,
    scales: scalesOfLeaves(leafIds, [base])
  });
  const ridge = options.ridge ?? 0;
  const maxIterations = 50;
  const fit = fitLogistic(loans, { ridge, maxIterations });
  const weights = regressionWeights(fit);

  // Local weights from the leaves' weights: a node weighs the sum of its leaves, a child its
  // weight over its parent's (every leaf weighs > 0, so no parent weighs 0).
  const nodes = structuredClone(base.nodes);
  const sum = new Map<string, number>();
  leafIds.forEach((id, j) => sum.set(id, weights[j]!));
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (n.children.length > 0)
      sum.set(
        n.id,
        n.children.reduce((s, c) => s + sum.get(c)!, 0)
      );
  }
  for (const n of nodes) {
    n.localWeight = n.parent === null ? 1 : sum.get(n.id)! / sum.get(n.parent)!;
    n.interval = null;
    if (n.comparison)
      n.comparison = { source: 'preset', consistency: null, consensus: null, experts: 0 };
  }
  const leaves: WeightSetV2['leaves'] = base.leaves.map((l) => ({
    id: l.id,
    globalWeight: l.globalWeight,
    scale: 'scale' in l ? structuredClone(l.scale) : null
  }));
  propagateLocalWeights(nodes, leaves);
  for (const n of nodes) if (n.leaf) n.leaf = { rank: n.leaf.rank, rankStability: null };

  const record: RegressionFit = {
    model: 'logistic',
    method: fit.method,
    mapping: 'negative-coefficient-share',
    outcome,
    ridge: fit.ridge,
    tolerance: fit.tolerance,
    maxIterations,
    iterations: fit.iterations,
    loans: fit.loans,
    defaults: fit.defaults,
    intercept: fit.intercept,
    coefficients: [...fit.coefficients],
    base: { id: options.baseId, hash: base.hash.value }
  };
  const provenance: Provenance = {
    kind: 'regression',
    parent: null,
    changes: [],
    source: { name: file.name, format: 'csv', sha256: file.sha256 },
    fit: record
  };
  const createdAt = options.createdAt ?? new Date();
  const { hash: _hash, ...rest } = structuredClone(base);
  const body: Omit<WeightSetV2, 'hash'> = {
    ...rest,
    version: WEIGHT_SET_VERSION_2,
    name: options.name,
    createdAt: typeof createdAt === 'string' ? createdAt : createdAt.toISOString(),
    appVersion: options.appVersion ?? APP_VERSION,
    method: { ...rest.method, bootstrap: null },
    nodes,
    leaves,
    // No node is compared: every composite figure is not applicable (null).
    composite: {
      cr: null,
      crCumulative: null,
      crSaaty: null,
      threshold: compositeConsistency([], { threshold: base.method.threshold }).threshold,
      consistent: null
    },
    consensus: null,
    experts: [],
    provenance
  };
  return sealWeightSet(body, fail);
}
