/**
 * The sentences of the expert's page that are built from several messages: what a step of the
 * scale means for a pair, and the suggestions for inconsistent judgments. A group of levels (a
 * ratings group) says "better" where a group of criteria says "more important".
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { labelOf, textIn, type Comparison, type Locale } from '$lib/survey';

const VERBAL: ReadonlyArray<() => string> = [
  m.scale_1,
  m.scale_2,
  m.scale_3,
  m.scale_4,
  m.scale_5,
  m.scale_6,
  m.scale_7,
  m.scale_8,
  m.scale_9
];

const VERBAL_BETTER: ReadonlyArray<() => string> = [
  m.scale_better_1,
  m.scale_better_2,
  m.scale_better_3,
  m.scale_better_4,
  m.scale_better_5,
  m.scale_better_6,
  m.scale_better_7,
  m.scale_better_8,
  m.scale_better_9
];

/** What the elements of a group are: criteria ('node') or the levels of a scale ('levels'). */
export type GroupKind = 'node' | 'levels';

/**
 * Why the server did not accept a submission, in the page's language where the server's code is
 * one an expert can meet; otherwise the server's own (English) message.
 */
export function refusalText(refusal: {
  code: string | null;
  message: string;
  round?: number | undefined;
}): string {
  switch (refusal.code) {
    case 'closed':
      return m.expert_refused_closed();
    case 'round_closed':
      return m.expert_refused_round_closed({ round: String(refusal.round ?? 1) });
    case 'not_open':
      return m.expert_refused_not_open();
    case 'not_asked':
      return m.expert_refused_not_asked();
    case 'reasons':
      return m.expert_refused_reasons();
    case 'reasons_off':
      return m.expert_refused_reasons_off();
    case 'not_found':
      return m.expert_refused_not_found();
    case 'too_large':
      return m.expert_refused_too_large();
    default:
      // The server's own words are English: said as they are on an English page only.
      return getLocale() === 'zh' ? m.expert_refused_other() : refusal.message;
  }
}

/** The Delphi parts of the page (rounds 2+, reasons), loaded on demand: the page's budget. */
export const loadDelphi = () => import('./delphi');

/** The verbal meaning of an intensity 1-9 ("strongly more important", "strongly better"). */
export function verbal(intensity: number, kind: GroupKind = 'node'): string {
  return (kind === 'levels' ? VERBAL_BETTER : VERBAL)[intensity - 1]?.() ?? '';
}

/**
 * What scale position p (-8 left 9x ... 0 equal ... 8 right 9x) says about (left, right):
 * "Credit record is strongly more important than Village reputation (5)".
 */
export function meaningOf(
  left: string,
  right: string,
  p: number,
  kind: GroupKind = 'node'
): string {
  if (p === 0)
    return kind === 'levels'
      ? m.expert_level_meaning_equal({ left, right })
      : m.expert_meaning_equal({ left, right });
  const intensity = Math.abs(p) + 1;
  const [more, less] = p < 0 ? [left, right] : [right, left];
  return m.expert_meaning({
    more,
    less,
    verbal: verbal(intensity, kind),
    value: String(intensity)
  });
}

/** a_(a,b) = value as a ratio: "A is 5 times as important as B", or "equally important". */
export function ratioText(a: string, b: string, value: number, kind: GroupKind = 'node'): string {
  const levels = kind === 'levels';
  if (Math.abs(value - 1) < 1e-9)
    return (levels ? m.expert_level_ratio_equal : m.expert_ratio_equal)({ left: a, right: b });
  const [more, less, times] = value > 1 ? [a, b, value] : [b, a, 1 / value];
  return (levels ? m.expert_level_ratio_more : m.expert_ratio_more)({
    more,
    less,
    times: formatTimes(times)
  });
}

/**
 * The name of a group: its node's label, or "Levels of “Credit record”" for the levels of an
 * indicator, which would otherwise share the name of the indicator.
 */
export function groupName(comparison: Comparison, locale: Locale): string {
  const name = labelOf(comparison.node, locale);
  return comparison.kind === 'levels' ? m.expert_levels_group({ indicator: name }) : name;
}

function formatTimes(x: number): string {
  const rounded = Math.round(x);
  return Math.abs(x - rounded) < 1e-9 ? String(rounded) : x.toFixed(2);
}

/** A time of day as HH:MM in the expert's language. */
export function timeOfDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false
  }).format(new Date(iso));
}

/** A node description in the expert's language (or the other one), or ''. */
export function describe(
  description: { en: string; zh: string } | undefined,
  locale: Locale
): string {
  return description ? textIn(description, locale) : '';
}

/** A CR or weight for display: 3 decimals; a threshold: 2. */
export const formatCr = (x: number): string => x.toFixed(3);
export const formatThreshold = (x: number): string => x.toFixed(2);
export const formatPercent = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** A level's points (0-100): 1 decimal. */
export const formatPoints = (x: number): string => x.toFixed(1);
