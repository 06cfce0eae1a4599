/**
 * Random-index tables: RI(n), the mean CI of random reciprocal matrices of size n, which turns
 * CI into CR = CI / RI(n). The same matrix can pass or fail CR < 0.10 depending on the table,
 * so every result records which one was used. No table ever yields a silent CR of 0: a size
 * beyond the chosen table is an error naming a table that covers it.
 */
import { AhpInputError, type InputPath } from './errors';
import type { RandomIndexTable } from './types';

/**
 * Saaty (1980) The Analytic Hierarchy Process, McGraw-Hill, as commonly reproduced for
 * n = 1..15 (e.g. the AHPWR R package; ../shared/reference/published-examples.json).
 * The n = 12 value 1.48 is lower than n = 11 in this table; it is kept as published.
 */
// prettier-ignore
export const RANDOM_INDEX_SAATY_1980: readonly number[] = Object.freeze([
	0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
]);

/**
 * Saaty (2005) Theory and Applications of the Analytic Network Process, RWS Publications, p. 31
 * (n = 1..15; also Saaty and Tran 2007, Math. Comput. Model. 46:962-975).
 */
// prettier-ignore
export const RANDOM_INDEX_SAATY_2005: readonly number[] = Object.freeze([
	0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.4, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59
]);

/**
 * Alonso and Lamata (2006) Consistency in the analytic hierarchy process: a new approach,
 * Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4):445-459: RI from 100,000
 * random matrices for n = 1..15; beyond, their regression of the mean lambda_max,
 * lambda = 2.7699 n - 4.3513, gives RI(n) = (1.7699 n - 4.3513) / (n - 1).
 */
// prettier-ignore
export const RANDOM_INDEX_ALONSO_LAMATA: readonly number[] = Object.freeze([
	0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551,
	1.5713, 1.5838
]);

/**
 * Donegan and Dodd (1991) A note on Saaty's random indexes, Math. Comput. Model. 15(10):135-137,
 * as tabulated by AHPy (n: RI); sizes between two entries are interpolated linearly, up to n = 100.
 * The n = 90 entry (1.6213) is below n = 80; it is kept as tabulated.
 */
// prettier-ignore
export const RANDOM_INDEX_DONEGAN_DODD: Readonly<Record<number, number>> = Object.freeze({
	1: 0, 2: 0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733,
	10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969, 16: 1.5078,
	17: 1.5153, 18: 1.5262, 19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772, 40: 1.5976,
	50: 1.6102, 60: 1.6178, 70: 1.6237, 80: 1.6277, 90: 1.6213, 100: 1.6339
});

const DONEGAN_DODD_SIZES = Object.keys(RANDOM_INDEX_DONEGAN_DODD).map(Number);

/** The largest n each table covers (Infinity: any n). */
export const RANDOM_INDEX_MAX_N: Readonly<Record<RandomIndexTable, number>> = Object.freeze({
  'saaty-1980': 15,
  'saaty-2005': 15,
  'alonso-lamata': Infinity,
  'donegan-dodd': 100
});

/** How the value was obtained: read from the table, interpolated, or from a formula. */
export type RandomIndexSource = 'table' | 'interpolated' | 'formula';

/** A random index together with the table and how it was read, as every result reports it. */
export interface RandomIndexValue {
  table: RandomIndexTable;
  n: number;
  value: number;
  source: RandomIndexSource;
}

/** A matrix of n elements beyond `table` (which stops at `max`), and the tables that cover n. */
export interface RandomIndexCoverage {
  n: number;
  table: RandomIndexTable;
  max: number;
  covering: RandomIndexTable[];
}

/** A matrix larger than the chosen random-index table covers, with the tables that do cover it. */
export class RandomIndexCoverageError extends AhpInputError {
  constructor(
    path: InputPath,
    readonly n: number,
    readonly table: RandomIndexTable,
    readonly max: number,
    readonly covering: RandomIndexTable[]
  ) {
    super(
      path,
      `a ${n} x ${n} matrix is beyond the ${table} random-index table (n <= ${max}); choose ${covering.map((t) => `"${t}"`).join(' or ')}, which cover${covering.length === 1 ? 's' : ''} n = ${n}`
    );
  }

  /** The problem as plain data (for a page to word in its own language). */
  get coverage(): RandomIndexCoverage {
    return { n: this.n, table: this.table, max: this.max, covering: [...this.covering] };
  }
}

/**
 * RI(n) from the chosen table.
 * @throws RandomIndexCoverageError when n is beyond the table, naming the tables that cover n.
 */
export function randomIndex(
  n: number,
  table: RandomIndexTable,
  path: InputPath = []
): RandomIndexValue {
  if (!Number.isInteger(n) || n < 1)
    throw new AhpInputError(path, `randomIndex: n must be a positive integer, got ${n}`);
  const max = RANDOM_INDEX_MAX_N[table];
  if (n > max) {
    const covering = (Object.keys(RANDOM_INDEX_MAX_N) as RandomIndexTable[]).filter(
      (t) => RANDOM_INDEX_MAX_N[t] >= n
    );
    throw new RandomIndexCoverageError(path, n, table, max, covering);
  }
  switch (table) {
    case 'saaty-1980':
      return { table, n, value: RANDOM_INDEX_SAATY_1980[n - 1]!, source: 'table' };
    case 'saaty-2005':
      return { table, n, value: RANDOM_INDEX_SAATY_2005[n - 1]!, source: 'table' };
    case 'alonso-lamata':
      return n <= RANDOM_INDEX_ALONSO_LAMATA.length
        ? { table, n, value: RANDOM_INDEX_ALONSO_LAMATA[n - 1]!, source: 'table' }
        : { table, n, value: (1.7699 * n - 4.3513) / (n - 1), source: 'formula' };
    case 'donegan-dodd': {
      const exact = RANDOM_INDEX_DONEGAN_DODD[n];
      if (exact !== undefined) return { table, n, value: exact, source: 'table' };
      const hi = DONEGAN_DODD_SIZES.findIndex((s) => s > n);
      const n0 = DONEGAN_DODD_SIZES[hi - 1]!;
      const n1 = DONEGAN_DODD_SIZES[hi]!;
      const r0 = RANDOM_INDEX_DONEGAN_DODD[n0]!;
      const r1 = RANDOM_INDEX_DONEGAN_DODD[n1]!;
      return { table, n, value: r0 + ((r1 - r0) * (n - n0)) / (n1 - n0), source: 'interpolated' };
    }
  }
}
