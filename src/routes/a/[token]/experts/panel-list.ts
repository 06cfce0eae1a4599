/**
 * The experts page's list of a large panel: a page of EXPERTS_PAGE_SIZE at a time (`?page=`),
 * found by name or role (`?q=`) and by status (`?show=`), with the whole panel's counts. The
 * page's HTML then holds one page of rows, not the panel: 1,000 experts were 1.8 MB of HTML and
 * took 31-50 s to become interactive at load 10-12 with a form per row (bench/admin-pages.ts).
 * Pure: the server's load reads the query and pages the rows it built.
 */
import { pageCount } from '$lib/components/pager';
import { lineProblem } from '$lib/survey';

export const EXPERTS_PAGE_SIZE = 50;
/** A search is at most as long as a name (MAX_NAME_LENGTH). */
export const MAX_SEARCH_LENGTH = 200;
/** The largest page number the URL may carry (a panel has at most a few thousand experts). */
const MAX_PAGE_DIGITS = 6;

export const SHOW = [
  'all',
  'not-started',
  'in-progress',
  'submitted',
  'consistent',
  'flagged'
] as const;
/**
 * Which experts the list shows: everyone, by status, the submitted whose every node is below the
 * CR threshold, or those with a node not below it.
 */
export type Show = (typeof SHOW)[number];

export interface ListQuery {
  q: string;
  show: Show;
  page: number;
}

/**
 * What is wrong with the list's query, said by the page in its language: the field, and for a
 * search the reason (too long, or a character the text rule refuses, with its position).
 */
export type ListProblem =
  | { field: 'page' }
  | { field: 'show' }
  | { field: 'q'; reason: 'long' }
  | { field: 'q'; reason: 'characters'; at: number };

/** The fields of a row the list needs. */
export interface ListedExpert {
  name: string;
  role: string;
  status: 'not started' | 'in progress' | 'submitted';
  /** The latest submission's per-node flags (null: no submission). */
  flags: ReadonlyArray<{ consistent: boolean }> | null;
}

export interface PanelCounts {
  invited: number;
  notStarted: number;
  inProgress: number;
  submitted: number;
  /** Submitted, every node below the CR threshold. */
  consistent: number;
  /** Submitted, at least one node not below the threshold. */
  flagged: number;
}

export interface ListPage<T> {
  query: ListQuery;
  rows: T[];
  /** The experts that match the search and the filter (all pages). */
  matching: number;
  /** Pages of the matching experts (at least 1). */
  pages: number;
  /** The index (0-based) of the first row shown among the matching experts. */
  from: number;
  /** The page asked for is after the last page (the list shrank since the link was made). */
  pastEnd: boolean;
}

export const DEFAULT_QUERY: Readonly<ListQuery> = Object.freeze({ q: '', show: 'all', page: 1 });

/** The list's query from the URL, or the first problem with it. Empty values are the defaults. */
export function readListQuery(params: URLSearchParams): { query: ListQuery } | ListProblem {
  const pageText = params.get('page') ?? '';
  let page = 1;
  if (pageText !== '') {
    if (!new RegExp(`^[1-9]\\d{0,${MAX_PAGE_DIGITS - 1}}$`).test(pageText))
      return { field: 'page' };
    page = Number(pageText);
  }
  const showText = params.get('show') ?? '';
  const show = showText === '' ? 'all' : SHOW.find((s) => s === showText);
  if (!show) return { field: 'show' };
  const raw = params.get('q') ?? '';
  const problem = lineProblem(raw, MAX_SEARCH_LENGTH);
  if (problem !== null) {
    const bad = /at character (\d+)/.exec(problem);
    // lineProblem counts positions in the trimmed text: said as the researcher typed it.
    const lead = raw.length - raw.trimStart().length;
    return bad
      ? { field: 'q', reason: 'characters', at: Number(bad[1]) + lead }
      : { field: 'q', reason: 'long' };
  }
  return { query: { q: raw.trim(), show, page } };
}

/** Whether an expert is listed under `show`. */
function shownBy(e: ListedExpert, show: Show): boolean {
  switch (show) {
    case 'all':
      return true;
    case 'not-started':
      return e.status === 'not started';
    case 'in-progress':
      return e.status === 'in progress';
    case 'submitted':
      return e.status === 'submitted';
    case 'consistent':
      return e.status === 'submitted' && !(e.flags?.some((f) => !f.consistent) ?? false);
    case 'flagged':
      return e.flags?.some((f) => !f.consistent) ?? false;
  }
}

/** Lower case, full-width letters and digits as ASCII: "ＷＡＮＧ" finds "Wang". */
export const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** Whether an expert's name or role holds `needle` (already folded; empty: everyone). */
export const nameOrRoleHas = (e: { name: string; role: string }, needle: string) =>
  needle === '' || fold(e.name).includes(needle) || fold(e.role).includes(needle);

/** The page of experts the query asks for, in the order given (invitation order). */
export function listPage<T extends ListedExpert>(
  experts: readonly T[],
  query: ListQuery,
  size = EXPERTS_PAGE_SIZE
): ListPage<T> {
  const needle = fold(query.q);
  const matching = experts.filter((e) => shownBy(e, query.show) && nameOrRoleHas(e, needle));
  const pages = pageCount(matching.length, size);
  const pastEnd = query.page > pages;
  const from = (query.page - 1) * size;
  return {
    query,
    rows: pastEnd ? [] : matching.slice(from, from + size),
    matching: matching.length,
    pages,
    from: pastEnd ? 0 : from,
    pastEnd
  };
}

/** The whole panel's counts, whatever the page shows. */
export function panelCounts(experts: readonly ListedExpert[]): PanelCounts {
  const counts: PanelCounts = {
    invited: experts.length,
    notStarted: 0,
    inProgress: 0,
    submitted: 0,
    consistent: 0,
    flagged: 0
  };
  for (const e of experts) {
    if (e.status === 'not started') counts.notStarted++;
    else if (e.status === 'in progress') counts.inProgress++;
    else {
      counts.submitted++;
      if (shownBy(e, 'flagged')) counts.flagged++;
      else counts.consistent++;
    }
  }
  return counts;
}

/**
 * The list's URL query for `changes` over `query` (defaults left out, so the plain page stays
 * `?`): for the pager's links and to keep the list's place through a form action.
 */
export function listSearch(query: ListQuery, changes: Partial<ListQuery> = {}): string {
  const q = { ...query, ...changes };
  const params = new URLSearchParams();
  if (q.q !== '') params.set('q', q.q);
  if (q.show !== 'all') params.set('show', q.show);
  if (q.page !== 1) params.set('page', String(q.page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
