/**
 * The results page's panel as it travels in the page's HTML: columns instead of one object per
 * expert, and each expert's judgments as one short string, a letter per judgment on Saaty's 17
 * steps. A panel of 1,000 experts of the farm-credit survey took 976 KB of HTML as rows of
 * numbers; packed, about a tenth (bench/results-page.ts prints the figure). The browser unpacks
 * it into the rows the page works with (+page.ts), value for value: a judgment off the 17 steps
 * (an imported study's 2.5) travels as its number, "no opinion" as null.
 */
import * as v from 'valibot';
import type { HierarchyResult, NodeResult } from '$lib/ahp';
import { positionOf, valueAtPosition } from '$lib/survey';
import type { RoundsForResults } from '../rounds.server';
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

/** What `results/panel.json` sends: the packed panel, and the Delphi rounds (null: none). */
export interface PanelPayload {
  panel: PackedPanel;
  rounds: RoundsForResults | null;
}

/**
 * The group's analysis the page shows before a large panel is here: no per-expert part, and
 * each node's list of included experts (1,000 ids a node) as its length, all the page shows.
 */
export type PackedPreview = Omit<HierarchyResult, 'nodes' | 'experts'> & {
  nodes: Array<Omit<NodeResult, 'included'> & { included: number }>;
};

export function packPreview(a: HierarchyResult): PackedPreview {
  const { experts: _experts, ...rest } = a;
  return { ...rest, nodes: a.nodes.map((n) => ({ ...n, included: n.included.length })) };
}

/** The preview as the sections take it (each node's included experts: as many, unnamed). */
export function unpackPreview(p: PackedPreview): HierarchyResult {
  return {
    ...p,
    experts: [],
    nodes: p.nodes.map((n) => ({ ...n, included: Array.from({ length: n.included }, () => '') }))
  };
}

const text = v.string();
/** A '0'/'1' flag per expert. */
const flags = v.pipe(v.string(), v.regex(/^[01]*$/));
/** A group's judgments (encodeJudgments), '~' for none, joined by ','. */
const codes = v.pipe(v.string(), v.regex(/^(?:[a-q~-]|\([-+0-9.eE]+\)|,)*$/));
const packedPanelSchema = v.pipe(
  v.object({
    groups: v.array(text),
    ids: v.array(text),
    names: v.array(text),
    roles: v.array(text),
    weights: v.array(v.pipe(v.number(), v.finite(), v.minValue(0))),
    imported: flags,
    submitted: flags,
    judgments: v.array(codes)
  }),
  v.check(
    (p) =>
      [p.names.length, p.roles.length, p.weights.length, p.imported.length, p.submitted.length]
        .concat(p.judgments.length)
        .every((n) => n === p.ids.length),
    'every column must have a value per expert'
  )
);
const payloadSchema = v.object({
  panel: packedPanelSchema,
  rounds: v.nullable(
    v.looseObject({
      current: v.number(),
      aliases: v.record(v.string(), v.string()),
      rounds: v.array(v.looseObject({ number: v.number() }))
    })
  )
});

/** A schema's first complaint with where it is ("panel.weights.1: Invalid type"). */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const where = issue.path?.map((p) => String(p.key)).join('.') || 'the answer';
  return `${where}: ${issue.message}`;
}

/**
 * The answer of `results/panel.json` as the page takes it: the rows and the rounds, or a
 * message naming what is wrong (an HTML page from a proxy, a cut-off body, a changed shape).
 */
export function readPanelPayload(
  body: unknown
): { rows: PanelRow[]; rounds: RoundsForResults | null } | { problem: string } {
  const parsed = v.safeParse(payloadSchema, body);
  if (!parsed.success) return { problem: firstIssue(parsed.issues) };
  return {
    rows: unpackPanel(parsed.output.panel),
    rounds: parsed.output.rounds as RoundsForResults | null
  };
}

/**
 * GETs a list the page left out of its HTML and checks it (`read`).
 * @throws Error naming the HTTP status, a body that is not JSON, or what `read` found wrong
 */
export async function fetchChecked<T extends object>(
  href: string,
  read: (body: unknown) => T | { problem: string }
): Promise<T> {
  const answer = await fetch(href, { headers: { accept: 'application/json' } });
  if (!answer.ok) throw new Error(`HTTP ${answer.status} ${answer.statusText}`.trim());
  const out = read(await answer.json());
  if ('problem' in out) throw new Error(out.problem);
  return out;
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
        const group = p.groups[g];
        if (code !== ABSENT && group !== undefined) judgments[group] = decodeJudgments(code);
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
