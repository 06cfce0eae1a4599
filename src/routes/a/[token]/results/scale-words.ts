/** Words and numbers of rating scales, shared by the results page and the printable report. */
import { m } from '$lib/paraglide/messages';
import type { MissingPolicy } from '$lib/survey';

/** Points as shown: whole numbers as they are, others to one decimal ("47.2"). */
export function formatPoints(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** What a missing value scores, in the reader's language. */
export function missingText(p: MissingPolicy): string {
  if (p.policy === 'refuse') return m.admin_results_scale_missing_refuse();
  if (p.policy === 'worst') return m.admin_results_scale_missing_worst();
  return m.admin_results_scale_missing_points({ points: formatPoints(p.points) });
}

/** How a numeric scale reads a value between and outside its breakpoints. */
export function numericText(s: { shape: 'linear' | 'steps'; outside: 'clamp' | 'refuse' }): string {
  return `${s.shape === 'linear' ? m.admin_results_scale_linear() : m.admin_results_scale_steps()} ${
    s.outside === 'clamp' ? m.admin_results_scale_clamp() : m.admin_results_scale_refuse()
  }`;
}
