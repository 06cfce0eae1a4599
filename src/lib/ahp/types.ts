/**
 * Shared types of the AHP engine: the method choices every result echoes.
 *
 * Convention (fixed everywhere in Pairwise): a_ij says how much more important element i (the
 * row) is than element j (the column); a_ji = 1 / a_ij. An upper triangle lists
 * (0,1), (0,2) ... (0,n-1), (1,2) ... (n-2,n-1) in that order (row-major).
 */

/** A judgment as it comes in: a number, a fraction string such as "1/3", or null (missing). */
export type Judgment = number | string | null;

/** How priorities are derived from a matrix. */
export type PriorityMethod = 'eigenvector' | 'geometric-mean';

/** Which published random-index table turns CI into CR. */
export type RandomIndexTable = 'saaty-1980' | 'saaty-2005' | 'alonso-lamata' | 'donegan-dodd';

/**
 * Which judgment values are accepted: `saaty`, the 17 values 1/9 ... 9 of the fundamental
 * scale (survey data); `ratio`, any positive finite ratio (imported or measured data).
 */
export type ScalePolicy = 'saaty' | 'ratio';

/** How missing judgments are filled in. */
export type CompletionMethod = 'harker' | 'lambda-optimal';

/**
 * The CR acceptance threshold: a number (CR must be below it), or `saaty-by-size`: Saaty's
 * 0.05 for n = 3, 0.08 for n = 4 and 0.10 from n = 5 on.
 */
export type ThresholdPolicy = number | 'saaty-by-size';

/** How a group's judgments are combined. */
export type Aggregation = 'aij' | 'aip-geometric' | 'aip-arithmetic';

/** The method choices of one analysis. Every result carries the ones it used. */
export interface MethodOptions {
  method: PriorityMethod;
  randomIndex: RandomIndexTable;
  threshold: ThresholdPolicy;
  scale: ScalePolicy;
  completion: CompletionMethod;
}

/** The defaults: the exact eigenvector, Saaty's 1980 table, CR < 0.10, the 1-9 scale, Harker. */
export const DEFAULT_METHOD_OPTIONS: Readonly<MethodOptions> = Object.freeze({
  method: 'eigenvector',
  randomIndex: 'saaty-1980',
  threshold: 0.1,
  scale: 'saaty',
  completion: 'harker'
});

export const PRIORITY_METHODS: readonly PriorityMethod[] = ['eigenvector', 'geometric-mean'];
export const RANDOM_INDEX_TABLES: readonly RandomIndexTable[] = [
  'saaty-1980',
  'saaty-2005',
  'alonso-lamata',
  'donegan-dodd'
];
export const SCALE_POLICIES: readonly ScalePolicy[] = ['saaty', 'ratio'];
export const COMPLETION_METHODS: readonly CompletionMethod[] = ['harker', 'lambda-optimal'];
export const AGGREGATIONS: readonly Aggregation[] = ['aij', 'aip-geometric', 'aip-arithmetic'];
