/**
 * Checking a weight set against repayment outcomes (issue 5): discrimination (ROC, AUC with a
 * bootstrap interval, Gini, KS, the AUC difference of two scores), calibration by grade,
 * performance at a cut-off, the logistic-regression baseline with cross-validated AUC and
 * coefficient weights, synthetic loan files, loan files read all or nothing, and the validation
 * report and weight-set comparison built from these. Pure TypeScript (no Svelte, DOM, network
 * or files); this barrel is the only import path for the CLI, the validation page and the
 * benchmarks.
 */
export * from './errors';
export * from './metrics';
export * from './auc-bootstrap';
export * from './calibration';
export * from './logistic';
export * from './cross-validation';
export * from './synthetic';
export * from './loans';
export * from './report-types';
export {
  asUnavailable,
  checkLoanMatrix,
  discriminationOf,
  gradeCalibration,
  leafColumns,
  loanTotals,
  pairedAucDifference,
  unavailable,
  type PairedDifference
} from './report-parts';
export * from './roc-thin';
export * from './report';
export * from './compare';
export * from './levels';
export * from './regression-set';
