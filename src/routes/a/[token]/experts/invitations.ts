/**
 * Invitations as the researcher types them: one expert from the form, or many from a pasted
 * list, one a line: "name, role, weight" (role and weight optional). Commas may be Chinese
 * full-width commas, and a list copied from a spreadsheet (tab-separated) works too. Every
 * line is checked against the shared inviteeSchema; each problem names its line.
 */
import * as v from 'valibot';
import { inviteeSchema, isCleanText, type Invitee } from '$lib/survey';
import { writeCsv } from '$lib/weights/csv';

/** As many as the storage takes in one call (MAX_INVITES in $lib/server/experts). */
export const MAX_INVITE_LINES = 1000;

export type InviteProblem =
  'name' | 'name-long' | 'role-long' | 'characters' | 'weight' | 'fields' | 'too-many';

export interface LineError {
  /** 1-based line number in the pasted text (0 for the list as a whole). */
  line: number;
  problem: InviteProblem;
  /** The line as typed (shortened), to show beside the message. */
  text: string;
}

/** A typed expert weight: empty is the default (1); otherwise a number >= 0. */
export function parseExpertWeight(text: string): number | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

/** Checks one invitee's typed fields; returns the invitee or what is wrong. */
export function checkInvitee(
  name: string,
  role: string,
  weightText: string
): { invitee: Invitee } | { problem: InviteProblem } {
  const weight = parseExpertWeight(weightText);
  if (weight === null) return { problem: 'weight' };
  const result = v.safeParse(inviteeSchema, {
    name,
    role,
    ...(weight === undefined ? {} : { weight })
  });
  if (result.success) return { invitee: result.output };
  const issue = result.issues[0];
  const key = issue.path?.[0]?.key;
  if (!isCleanText(name.trim()) || !isCleanText(role.trim())) return { problem: 'characters' };
  if (key === 'role') return { problem: 'role-long' };
  if (key === 'weight') return { problem: 'weight' };
  return { problem: name.trim() === '' ? 'name' : 'name-long' };
}

/**
 * Parses a pasted list. Blank lines are skipped; every other line must hold a name, and at
 * most a role and a weight after it.
 */
export function parseInviteList(text: string): { invitees: Invitee[]; errors: LineError[] } {
  const invitees: Invitee[] = [];
  const errors: LineError[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, k) => {
    if (raw.trim() === '') return;
    const shown = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
    const parts = raw.split(/[,，\t]/).map((p) => p.trim());
    if (parts.length > 3) {
      errors.push({ line: k + 1, problem: 'fields', text: shown });
      return;
    }
    const [name = '', role = '', weight = ''] = parts;
    const checked = checkInvitee(name, role, weight);
    if ('problem' in checked) errors.push({ line: k + 1, problem: checked.problem, text: shown });
    else invitees.push(checked.invitee);
  });
  if (invitees.length + errors.length > MAX_INVITE_LINES) {
    return { invitees: [], errors: [{ line: 0, problem: 'too-many', text: '' }] };
  }
  return { invitees, errors };
}

/** A newly invited expert with their personal link (shown once). */
export interface NewLink {
  name: string;
  role: string;
  weight: number;
  link: string;
}

/** The new links as CSV: a header, then name, role, weight, link; CRLF line ends. */
export function linksCsv(links: readonly NewLink[]): string {
  return writeCsv([
    ['name', 'role', 'weight', 'link'],
    ...links.map((l) => [l.name, l.role, l.weight, l.link])
  ]);
}

/**
 * The CSV as a data: URL for a download link that works without JavaScript. The byte order mark
 * makes spreadsheet programs read the Chinese names as UTF-8.
 */
export function linksCsvDataUrl(links: readonly NewLink[]): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent('\uFEFF' + linksCsv(links))}`;
}

/** The new links as plain text for the clipboard: "name (role): link", one a line. */
export function linksText(links: readonly NewLink[]): string {
  return links.map((l) => `${l.name}${l.role ? ` (${l.role})` : ''}: ${l.link}`).join('\n');
}
