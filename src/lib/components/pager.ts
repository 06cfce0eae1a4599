/**
 * The arithmetic of a list shown a page at a time (the Pager component and the pages that keep
 * its place): pages are numbered from 1; a page past the end, or before the first, is clamped.
 */

/** Pages of `count` rows, `size` a page (at least 1, so an empty list has its one page). */
export function pageCount(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / size));
}

/** `page` within 1 .. pageCount: where a list that shrank (a search, a filter) shows its rows. */
export function clampPage(page: number, count: number, size: number): number {
  return Math.min(Math.max(1, Math.floor(page)), pageCount(count, size));
}

/**
 * The rows of page `page` (after clamping): `from` the index of the first (0-based), `to` one
 * past the last, so `rows.slice(from, to)` is the page.
 */
export function pageRows(page: number, count: number, size: number): { from: number; to: number } {
  const from = (clampPage(page, count, size) - 1) * size;
  return { from, to: Math.min(from + size, count) };
}
