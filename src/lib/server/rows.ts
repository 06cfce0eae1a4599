/** Small helpers shared by the verb modules to turn rows into plain values. */

/** A timestamptz as an ISO string (both drivers return a Date; a string passes through). */
export function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** Like `iso`, keeping null. */
export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}
