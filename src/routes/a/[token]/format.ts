import { getContext, setContext } from 'svelte';

/**
 * A timestamp for the researcher's pages, in a time zone and naming it: "2026-11-20 16:30
 * GMT+8" in Asia/Shanghai. Without a zone (on the server, which does not know the viewer's) in
 * UTC: "2026-11-20 08:30 UTC"; the pages draw it again in the viewer's zone once hydrated
 * (`viewerTimeZone`), so hydration starts from the server's text.
 */
export function formatTime(iso: string, timeZone = 'UTC'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short'
  }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

const TIME_ZONE = Symbol('viewer time zone');

/** Called by the researcher's layout: the viewer's time zone, undefined until hydrated. */
export function provideTimeZone(zone: () => string | undefined): void {
  setContext(TIME_ZONE, zone);
}

/** The viewer's time zone for `formatTime` (undefined on the server and before hydration). */
export function viewerTimeZone(): () => string | undefined {
  return getContext<(() => string | undefined) | undefined>(TIME_ZONE) ?? (() => undefined);
}

/** A consistency ratio with three decimals ("0.042"). */
export function formatCr(cr: number): string {
  return Number.isFinite(cr) ? cr.toFixed(3) : String(cr);
}
