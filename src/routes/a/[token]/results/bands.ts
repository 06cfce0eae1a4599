import type { ConsensusBand } from '$lib/ahp';
import { m } from '$lib/paraglide/messages';

/** Goepel's verbal bands of S*, in the reader's language. */
export const BAND: Record<ConsensusBand, () => string> = {
  'very low': m.admin_results_band_very_low,
  low: m.admin_results_band_low,
  moderate: m.admin_results_band_moderate,
  high: m.admin_results_band_high,
  'very high': m.admin_results_band_very_high
};
