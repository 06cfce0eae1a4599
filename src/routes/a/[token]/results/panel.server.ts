/**
 * The results page's panel, for the page's HTML or apart from it (issue 12): a panel of 1,000
 * experts with long names and Delphi rounds is several hundred KB even packed, so past
 * INLINE_LIMIT the page's HTML carries the group's figures and the browser fetches the panel
 * from `results/panel.json` (./panel.json/+server.ts), addressed by the hash of its content.
 */
import { createHash } from 'node:crypto';
import { error } from '@sveltejs/kit';
import { loadPanel, type Db, type Survey } from '$lib/server';
import { runAnalysis } from './analysis';
import { packPanel, packPreview, type PackedPreview, type PanelPayload } from './panel-data';
import { roundsData, roundsForResults, type RoundsForResults } from '../rounds.server';

/** Largest panel (bytes of its JSON) that travels inside the page's HTML; the report's too. */
export const INLINE_LIMIT = 40_000;

/** Whether a list of this JSON is small enough for the page's HTML. */
export const fitsInline = (json: string) => Buffer.byteLength(json, 'utf8') <= INLINE_LIMIT;

/** The hash that addresses a fetched list: SHA-256 of its bytes, base64url, 22 characters. */
export function contentHash(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('base64url').slice(0, 22);
}

/**
 * The lists whose hash a page just put in its HTML, by survey and hash (the newest few): the
 * fetch that follows is answered without computing them again (for a Delphi survey of 1,000
 * experts that is every round's analysis). Keyed by survey, so a hash alone opens nothing; what
 * a hash names never changes, so an entry is never stale. Another process simply computes.
 */
const recent = new Map<string, string>();
const RECENT = 16;

export function remember(surveyId: string, hash: string, json: string): void {
  const key = `${surveyId}/${hash}`;
  recent.delete(key);
  recent.set(key, json);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
}

/** The list of this survey with this hash, when a page of this process just sent it. */
export function recall(surveyId: string, hash: string | null): string | null {
  return hash === null ? null : (recent.get(`${surveyId}/${hash}`) ?? null);
}

/**
 * A fetched list's answer: the JSON with its hash as ETag (304 when the browser has it); an
 * address whose ?v= is that hash never changes, so the browser may keep it. Under the admin
 * token: never in a shared cache.
 */
export function hashedJson(request: Request, url: URL, json: string, hash: string): Response {
  const etag = `"${hash}"`;
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    etag,
    'cache-control':
      url.searchParams.get('v') === hash
        ? 'private, max-age=31536000, immutable'
        : 'private, no-cache',
    'x-robots-tag': 'noindex'
  };
  const known = (request.headers.get('if-none-match') ?? '').split(',');
  if (known.some((t) => t.trim().replace(/^W\//, '') === etag))
    return new Response(null, { status: 304, headers });
  return new Response(json, { headers });
}

/**
 * The round asked for with ?round=N (null: none asked, the page shows the round open now).
 * @throws a 400 page for anything but a round of this survey
 */
export function askedRound(url: URL, survey: Survey): number | null {
  const asked = url.searchParams.get('round');
  if (asked === null) return null;
  const round = /^\d{1,3}$/.test(asked) ? Number(asked) : Number.NaN;
  if (!(round >= 1 && round <= survey.round))
    error(400, {
      message: `round: a round of this survey, 1 to ${survey.round}; "${asked.slice(0, 20)}" is not one`,
      code: 'bad_round'
    });
  return round;
}

export interface ResultsPanel {
  payload: PanelPayload;
  /** The payload as sent, and the hash of those bytes (base64url, 22 characters). */
  json: string;
  hash: string;
  /** Submitted experts, and the group's analysis under the survey's own settings. */
  submitted: number;
  preview: () => PackedPreview | null;
}

/** The panel of a round (null: the latest answers) and the survey's rounds, with their hash. */
export async function resultsPanel(
  db: Db,
  survey: Survey,
  round: number | null
): Promise<ResultsPanel> {
  const [rows, rounds] = await Promise.all([
    loadPanel(db, survey.id, round),
    survey.round > 1 ? roundsData(db, survey) : null
  ]);
  const payload: PanelPayload = {
    panel: packPanel(rows),
    rounds: rounds && roundsForResults(rounds)
  };
  const json = JSON.stringify(payload);
  const submitted = rows.filter((r) => r.submitted);
  return {
    payload,
    json,
    hash: contentHash(json),
    submitted: submitted.length,
    preview: () => {
      const s = survey.definition.settings;
      const output = runAnalysis({
        definition: survey.definition,
        experts: submitted.map((e) => ({ id: e.id, weight: e.weight, judgments: e.judgments })),
        excluded: [],
        overrides: {
          method: s.method,
          aggregation: s.aggregation,
          randomIndex: s.randomIndex,
          threshold: s.threshold,
          excludeInconsistent: false
        }
      });
      // The group's figures only: the per-expert part comes with the panel.
      return output.ok ? packPreview(output.analysis) : null;
    }
  };
}

/**
 * The rounds without the list of who moved (1,000 rows of a large panel) and the aliases it
 * needs: the page shows them once the panel is fetched.
 */
export function withoutMoved(rounds: RoundsForResults | null): RoundsForResults | null {
  return (
    rounds && {
      ...rounds,
      aliases: {},
      rounds: rounds.rounds.map((r) => ({
        ...r,
        change: r.change && { ...r.change, experts: [] }
      }))
    }
  );
}
