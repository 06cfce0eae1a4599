/** Small pure helpers of the results pages: labels, number formats, the report's query. */
import type { ThresholdPolicy } from '$lib/ahp';
import { labelOf, type Locale, type SurveyDefinition, type SurveyNode } from '$lib/survey';
import type { WeightSetRequestInput } from '$lib/weights';

/** Node id -> its name in the reader's language (falling back to the other). */
export function nodeLabels(definition: Pick<SurveyDefinition, 'hierarchy'>, locale: Locale) {
  const out = new Map<string, string>();
  const visit = (n: SurveyNode) => {
    out.set(n.id, labelOf(n, locale));
    n.children?.forEach(visit);
  };
  visit(definition.hierarchy);
  return out;
}

/** A weight with four decimals ("0.2345"). */
export function formatWeight(w: number): string {
  return Number.isFinite(w) ? w.toFixed(4) : String(w);
}

/** A probability as a whole percentage ("87 %" is written "87%"). */
export function formatPercent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

/** A threshold policy for people: "0.1" or the words for Saaty's by-size thresholds. */
export function formatThreshold(t: ThresholdPolicy, bySize: string): string {
  return t === 'saaty-by-size' ? bySize : String(t);
}

/** The report page's address for the current choices (the name is the report's title). */
export function reportHref(base: string, request: WeightSetRequestInput): string {
  return `${base}/results/report?q=${encodeURIComponent(JSON.stringify(request))}`;
}

/** Sets an element's height from script (the CSP forbids style attributes in markup). */
export function height(px: number) {
  return (element: HTMLElement) => {
    element.style.setProperty('height', `${px}px`);
  };
}
