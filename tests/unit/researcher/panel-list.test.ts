/**
 * The experts page's list of a large panel (src/routes/a/[token]/experts/panel-list.ts): the
 * query read from the URL (every key refused by name when damaged), the page of rows, the whole
 * panel's counts and the links that keep the list's place. Expected rows are counted by hand
 * from the fixtures below (120 experts, 50 a page: pages of 50, 50 and 20).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXPERTS_PAGE_SIZE,
  listPage,
  listSearch,
  MAX_SEARCH_LENGTH,
  panelCounts,
  readListQuery,
  type ListedExpert
} from '../../../src/routes/a/[token]/experts/panel-list';

const read = (search: string) => readListQuery(new URLSearchParams(search));

/**
 * 120 experts: k % 4 == 0 not started, 1 in progress, 2 submitted consistent, 3 submitted with
 * a flagged node; even k academics, odd k "信贷员"; expert 7's name in full-width letters.
 */
const PANEL: Array<ListedExpert & { k: number }> = Array.from({ length: 120 }, (_, k) => ({
  k,
  name: k === 7 ? 'ＷＡＮＧ Ｆａｎｇ' : `Expert ${k + 1}`,
  role: k % 2 === 0 ? 'academic' : '信贷员',
  status: (['not started', 'in progress', 'submitted', 'submitted'] as const)[k % 4]!,
  flags:
    k % 4 === 2
      ? [{ consistent: true }, { consistent: true }]
      : k % 4 === 3
        ? [{ consistent: true }, { consistent: false }]
        : null
}));

describe('readListQuery', () => {
  it('takes the defaults for absent and empty keys', () => {
    expect(read('')).toEqual({ query: { q: '', show: 'all', page: 1 } });
    expect(read('q=&show=&page=')).toEqual({ query: { q: '', show: 'all', page: 1 } });
    expect(read('q=%20Wang%20&show=flagged&page=3')).toEqual({
      query: { q: 'Wang', show: 'flagged', page: 3 }
    });
  });

  it.each(['0', '-1', '1.5', '01', 'abc', '1e3', '9999999', ' 2', '２', 'NaN', 'Infinity'])(
    'refuses the page %j by name',
    (page) => {
      expect(read(`page=${encodeURIComponent(page)}`)).toEqual({ field: 'page' });
    }
  );

  it.each(['everyone', 'ALL', 'flagged ', '__proto__', 'constructor'])(
    'refuses show=%j by name',
    (show) => {
      expect(read(`show=${encodeURIComponent(show)}`)).toEqual({ field: 'show' });
    }
  );

  it('refuses a search longer than a name, and control characters with their position', () => {
    expect(read(`q=${'名'.repeat(MAX_SEARCH_LENGTH)}`)).toHaveProperty('query');
    expect(read(`q=${'名'.repeat(MAX_SEARCH_LENGTH + 1)}`)).toEqual({ field: 'q', reason: 'long' });
    // "  ab\0": the NUL is the 5th character as typed (the 3rd once trimmed).
    expect(read('q=%20%20ab%00')).toEqual({ field: 'q', reason: 'characters', at: 5 });
    expect(read('q=a%7Fb')).toEqual({ field: 'q', reason: 'characters', at: 2 });
    expect(read('q=a%C2%85')).toEqual({ field: 'q', reason: 'characters', at: 2 });
    // A lone surrogate cannot travel in a URL: its three bytes decode as three U+FFFD, ordinary.
    expect(read('q=%ED%A0%80')).toEqual({ query: { q: '\uFFFD'.repeat(3), show: 'all', page: 1 } });
  });

  it('answers any query string with a query or a named problem, never a throw (seeded)', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.constantFrom('1', '20', '999999', '1e309', 'NaN', '-0', '\u0000', 'flagged')
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('page', 'q', 'show', 'x', '/reissue'), anyText), {
          maxLength: 6
        }),
        (pairs) => {
          const out = readListQuery(new URLSearchParams(pairs));
          if ('query' in out) {
            expect(out.query.page).toBeGreaterThanOrEqual(1);
            expect(Number.isSafeInteger(out.query.page)).toBe(true);
            expect(out.query.q.length).toBeLessThanOrEqual(MAX_SEARCH_LENGTH);
            // The page of any panel for it is well formed.
            const page = listPage(PANEL, out.query);
            expect(page.rows.length).toBeLessThanOrEqual(EXPERTS_PAGE_SIZE);
          } else expect(['page', 'q', 'show']).toContain(out.field);
        }
      ),
      { seed: 20261206, numRuns: 500 }
    );
  });

  it('reads the first of repeated keys', () => {
    expect(read('page=2&page=x')).toEqual({ query: { q: '', show: 'all', page: 2 } });
  });
});

describe('listPage', () => {
  it('pages the panel 50 at a time in the order given', () => {
    expect(EXPERTS_PAGE_SIZE).toBe(50);
    const first = listPage(PANEL, { q: '', show: 'all', page: 1 });
    expect(first.rows.map((e) => e.k)).toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect([first.matching, first.pages, first.from, first.pastEnd]).toEqual([120, 3, 0, false]);
    const last = listPage(PANEL, { q: '', show: 'all', page: 3 });
    expect(last.rows.map((e) => e.k)).toEqual(Array.from({ length: 20 }, (_, k) => 100 + k));
    expect(last.from).toBe(100);
  });

  it('says a page past the end, with no rows, instead of showing another page', () => {
    const past = listPage(PANEL, { q: '', show: 'all', page: 4 });
    expect([past.rows.length, past.pages, past.pastEnd]).toEqual([0, 3, true]);
    const empty = listPage([], { q: '', show: 'all', page: 1 });
    expect([empty.rows.length, empty.pages, empty.pastEnd, empty.matching]).toEqual([
      0,
      1,
      false,
      0
    ]);
  });

  it('filters by status and by the CR flags', () => {
    const count = (show: 'not-started' | 'in-progress' | 'submitted' | 'consistent' | 'flagged') =>
      listPage(PANEL, { q: '', show, page: 1 }).matching;
    // 120 / 4 = 30 of each kind; submitted = consistent + flagged.
    expect(count('not-started')).toBe(30);
    expect(count('in-progress')).toBe(30);
    expect(count('submitted')).toBe(60);
    expect(count('consistent')).toBe(30);
    expect(count('flagged')).toBe(30);
    const flagged = listPage(PANEL, { q: '', show: 'flagged', page: 1 }).rows;
    expect(flagged.every((e) => e.k % 4 === 3)).toBe(true);
  });

  it('finds by name or role, ignoring case and full-width forms, with the filter', () => {
    const find = (q: string, show: 'all' | 'flagged' = 'all') =>
      listPage(PANEL, { q, show, page: 1 }).rows.map((e) => e.k);
    expect(find('expert 11')).toEqual([10, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118]);
    expect(find('wang')).toEqual([7]);
    expect(find('ＥＸＰＥＲＴ 12')).toEqual([11, 119]);
    // Odd k are 信贷员; flagged are k % 4 == 3 (odd too): 30 of them.
    expect(find('信贷', 'flagged')).toHaveLength(30);
    expect(find('nobody')).toEqual([]);
  });
});

describe('panelCounts', () => {
  it('counts the whole panel, submitted split into consistent and flagged', () => {
    expect(panelCounts(PANEL)).toEqual({
      invited: 120,
      notStarted: 30,
      inProgress: 30,
      submitted: 60,
      consistent: 30,
      flagged: 30
    });
    expect(panelCounts([])).toEqual({
      invited: 0,
      notStarted: 0,
      inProgress: 0,
      submitted: 0,
      consistent: 0,
      flagged: 0
    });
  });
});

describe('listSearch', () => {
  it('writes only what differs from the defaults, encoded, and reads back the same', () => {
    expect(listSearch({ q: '', show: 'all', page: 1 })).toBe('');
    const query = { q: '王 & 李', show: 'flagged' as const, page: 2 };
    const search = listSearch(query);
    expect(search).toBe('?q=%E7%8E%8B+%26+%E6%9D%8E&show=flagged&page=2');
    expect(read(search.slice(1))).toEqual({ query });
    expect(listSearch(query, { page: 1 })).toBe('?q=%E7%8E%8B+%26+%E6%9D%8E&show=flagged');
  });
});
