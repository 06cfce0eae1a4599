/**
 * The results page's panel as it travels in the page's HTML: columns instead of one object per
 * expert, and each expert's judgments as one short string, a letter per judgment on Saaty's 17
 * steps. A panel of 1,000 experts of the farm-credit survey took 976 KB of HTML as rows of
 * numbers; packed, about a tenth (bench/results-page.ts prints the figure). The browser unpacks
 * it into the rows the page works with (+page.ts), value for value: a judgment off the 17 steps
 * (an imported study's 2.5) travels as its number, "no opinion" as null.
 */
import { positionOf, valueAtPosition } from '$lib/survey';
import type { PanelRow } from './results.svelte';

/** The panel packed for the page (packPanel); unpackPanel gives the rows back exactly. */
export interface PackedPanel {
  /** The keys of the judgments (group ids), in order of first appearance. */
  groups: string[];
  ids: string[];
  names: string[];
  roles: string[];
  weights: number[];
  /** One character per expert: '1' imported / submitted, '0' not. */
  imported: string;
  submitted: string;
  /** Per expert, per group of `groups`: the group's code (encodeJudgments) or '~' when the
   * expert has none, joined by ','. */
  judgments: string[];
}

/** Scale positions -8 ... 8 as the letters a ... q. */
const FIRST = 'a'.charCodeAt(0);
const ABSENT = '~';

/**
 * A group's judgments as text: a letter per judgment on the 17 steps (a = 9 for the left element
 * ... i = equal ... q = 9 for the right), '-' for "no opinion", any other number in parentheses.
 */
export function encodeJudgments(values: ReadonlyArray<number | null>): string {
  let out = '';
  for (const v of values) {
    const step = v === null ? null : stepOf(v);
    if (v === null) out += '-';
    else if (step !== null) out += String.fromCharCode(FIRST + step + 8);
    else out += `(${Object.is(v, -0) ? '-0' : String(v)})`;
  }
  return out;
}

/** The scale position whose value is exactly v, or null when v is not one of the 17 steps. */
function stepOf(v: number): number | null {
  if (!(v > 0) || !Number.isFinite(v)) return null;
  const p = positionOf(v);
  return p >= -8 && p <= 8 && valueAtPosition(p) === v ? p : null;
}

/** The judgments encodeJudgments wrote, value for value. */
export function decodeJudgments(code: string): Array<number | null> {
  const out: Array<number | null> = [];
  for (let k = 0; k < code.length; k++) {
    const c = code[k]!;
    if (c === '-') out.push(null);
    else if (c === '(') {
      const end = code.indexOf(')', k);
      out.push(Number(code.slice(k + 1, end)));
      k = end;
    } else out.push(valueAtPosition(code.charCodeAt(k) - FIRST - 8));
  }
  return out;
}

/** The panel's rows as columns, for the page's HTML. */
export function packPanel(rows: readonly PanelRow[]): PackedPanel {
  const groups = [...new Set(rows.flatMap((r) => Object.keys(r.judgments)))];
  return {
    groups,
    ids: rows.map((r) => r.id),
    names: rows.map((r) => r.name),
    roles: rows.map((r) => r.role),
    weights: rows.map((r) => r.weight),
    imported: rows.map((r) => (r.imported ? '1' : '0')).join(''),
    submitted: rows.map((r) => (r.submitted ? '1' : '0')).join(''),
    judgments: rows.map((r) =>
      groups
        .map((g) => {
          const values = r.judgments[g];
          return values ? encodeJudgments(values) : ABSENT;
        })
        .join(',')
    )
  };
}

/** The rows packPanel packed, in the same order, with the same values. */
export function unpackPanel(p: PackedPanel): PanelRow[] {
  return p.ids.map((id, k) => {
    const judgments: PanelRow['judgments'] = {};
    if (p.groups.length > 0)
      p.judgments[k]!.split(',').forEach((code, g) => {
        if (code !== ABSENT) judgments[p.groups[g]!] = decodeJudgments(code);
      });
    return {
      id,
      name: p.names[k]!,
      role: p.roles[k]!,
      weight: p.weights[k]!,
      imported: p.imported[k] === '1',
      submitted: p.submitted[k] === '1',
      judgments
    };
  });
}
