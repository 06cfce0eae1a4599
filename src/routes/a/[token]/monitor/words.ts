/** The monitor page's number formats and words for what the library reports by code. */
import { m } from '$lib/paraglide/messages';
import type { StabilityBand, TrafficLight } from '$lib/monitoring';

/** PSI to four decimals. */
export const psi = (x: number) => x.toFixed(4);
/** A share as a percent to one decimal; "not applicable" for null. */
export const pct = (x: number | null) => (x === null ? m.monitor_na() : `${(100 * x).toFixed(1)}%`);
/** A p-value: four decimals, or "< 0.0001". */
export const pValue = (x: number | null) =>
  x === null ? m.monitor_na() : x < 0.0001 ? '< 0.0001' : x.toFixed(4);
export const f3 = (x: number) => x.toFixed(3);

export function bandWord(band: StabilityBand): string {
  return band === 'stable'
    ? m.monitor_band_stable()
    : band === 'watch'
      ? m.monitor_band_watch()
      : m.monitor_band_shifted();
}

export function lightWord(light: TrafficLight | null): string {
  if (light === null) return m.monitor_na();
  return light === 'green'
    ? m.monitor_light_green()
    : light === 'yellow'
      ? m.monitor_light_yellow()
      : m.monitor_light_red();
}
