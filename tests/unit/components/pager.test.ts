/**
 * The pager's arithmetic (src/lib/components/pager.ts), the same for the experts page (links),
 * the results page's experts table and its "who moved" table (buttons). Expected values by hand:
 * 1,000 rows at 50 a page are pages 1-20, page 20 holds rows 950-999 (0-based).
 */
import { describe, expect, it } from 'vitest';
import { clampPage, pageCount, pageRows } from '../../../src/lib/components/pager';

describe('pageCount', () => {
  it('counts whole and partial pages, and gives an empty list its one page', () => {
    expect(pageCount(1000, 50)).toBe(20);
    expect(pageCount(1001, 50)).toBe(21);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(pageCount(1, 50)).toBe(1);
    expect(pageCount(0, 50)).toBe(1);
  });
});

describe('clampPage', () => {
  it('keeps a page in range and brings one past the end back to the last', () => {
    expect(clampPage(3, 1000, 50)).toBe(3);
    expect(clampPage(21, 1000, 50)).toBe(20);
    // A search left 19 rows: page 5 of the whole list is page 1 of the found ones.
    expect(clampPage(5, 19, 50)).toBe(1);
    expect(clampPage(0, 1000, 50)).toBe(1);
    expect(clampPage(-4, 1000, 50)).toBe(1);
    expect(clampPage(2.7, 1000, 50)).toBe(2);
    expect(clampPage(7, 0, 50)).toBe(1);
  });
});

describe('pageRows', () => {
  it('gives the slice of a full page, of the short last page and of an empty list', () => {
    expect(pageRows(1, 1000, 50)).toEqual({ from: 0, to: 50 });
    expect(pageRows(2, 1000, 50)).toEqual({ from: 50, to: 100 });
    expect(pageRows(20, 1000, 50)).toEqual({ from: 950, to: 1000 });
    expect(pageRows(9, 120, 50)).toEqual({ from: 100, to: 120 });
    expect(pageRows(1, 0, 50)).toEqual({ from: 0, to: 0 });
  });
});
