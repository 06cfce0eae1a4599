/**
 * A timestamp for the researcher's pages: "2026-11-20 08:30 UTC". The same text on the server
 * and in the browser (no time zone of either), so hydration never disagrees.
 */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A consistency ratio with three decimals ("0.042"). */
export function formatCr(cr: number): string {
  return Number.isFinite(cr) ? cr.toFixed(3) : String(cr);
}
