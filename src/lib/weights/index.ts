/**
 * Weight sets and what surrounds them, pure TypeScript for the browser, the server and the CLI:
 * the weight-set document (the contract with production) with its canonical hash, the scorer,
 * CSV, the exports and importers of weights and responses, and the seeded demo panel.
 */
export * from './canonical';
export * from './csv';
export * from './schema';
export * from './schema-v2';
export * from './provenance';
export * from './given';
export * from './edit';
export * from './scales';
export * from './weight-set';
export {
  compileScorer,
  contributionColumn,
  gradeOf,
  pointsColumn,
  REASON_COLUMNS,
  REASON_COUNT,
  reasonsOf,
  reasonText,
  ScoreRowError,
  scoredApplicant,
  scoredApplicants,
  scoresCsv,
  scoresJson,
  rowProblemCode,
  type Reason,
  type RowProblem,
  type ScoredApplicant,
  type ScoreOptions,
  type ScoreReport,
  type Scorer,
  type ScoringSet
} from './score';
export { numberIn, parseScore, pointsOfCell, pointsOfValue } from './score-cells';
export * from './score-rows';
export * from './responses';
export * from './formats';
export * from './ahp-os';
export * from './demo';
export * from './compute';
export * from './version';
export * from './scale-eval';
export * from './score-batch';
export * from './sql';
export * from './rounds';
export * from './ridge';
