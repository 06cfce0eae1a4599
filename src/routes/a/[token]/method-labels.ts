// The researcher's names for the method choices, shared by the overview's settings form, the
// results page and the printable report.
import type { RandomIndexCoverage } from '$lib/ahp';
import { m } from '$lib/paraglide/messages';

export const METHOD = {
  eigenvector: m.admin_settings_method_eigenvector,
  'geometric-mean': m.admin_settings_method_geometric_mean
};

export const RANDOM_INDEX = {
  'saaty-1980': m.admin_settings_ri_saaty_1980,
  'saaty-2005': m.admin_settings_ri_saaty_2005,
  'alonso-lamata': m.admin_settings_ri_alonso_lamata,
  'donegan-dodd': m.admin_settings_ri_donegan_dodd
};

export const AGGREGATION = {
  aij: m.admin_settings_aggregation_aij,
  'aip-geometric': m.admin_settings_aggregation_aip_geometric,
  'aip-arithmetic': m.admin_settings_aggregation_aip_arithmetic
};

/** A node too large for the chosen random-index table, and what to do about it. */
export function coverageText(c: RandomIndexCoverage): string {
  return m.admin_ri_not_covered({
    n: c.n,
    table: RANDOM_INDEX[c.table](),
    max: c.max,
    covering: c.covering.map((t) => RANDOM_INDEX[t]()).join(' / ')
  });
}
