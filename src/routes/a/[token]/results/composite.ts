import { m } from '$lib/paraglide/messages';
import { formatCr } from '../format';

/**
 * A composite CR for the results page and the report: three decimals, or "not applicable" when
 * the hierarchy has no comparison matrix to compose (null, never shown as 0).
 */
export function compositeCrText(cr: number | null): string {
  return cr === null ? m.admin_results_composite_not_applicable() : formatCr(cr);
}
