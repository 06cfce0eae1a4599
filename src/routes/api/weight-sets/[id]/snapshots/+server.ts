import { json } from '@sveltejs/kit';
import {
  getWeightSetByReadToken,
  handleJson,
  HttpError,
  importSnapshot,
  MAX_SNAPSHOT_BODY,
  readBodyText,
  readTokenOf,
  SnapshotImportError
} from '$lib/server';
import type { RequestHandler } from './$types';

const CSV_TYPE = /^(?:text\/csv|text\/plain)\s*(?:;|$)/i;

/**
 * Production adds a snapshot of its loan book: POST /api/weight-sets/ID/snapshots?name=June&
 * as_of=2026-06-30 with the weight set's read token (`Authorization: Bearer READ_TOKEN`, or
 * `?token=`), the CSV as the body (Content-Type: text/csv). Scored with that weight set and
 * stored; 201 with the snapshot. A file with problems: 400 with each problem's line and column,
 * nothing stored. A wrong id and a wrong token get the same 404.
 */
export const POST: RequestHandler = ({ locals, params, request, url }) =>
  handleJson(async () => {
    const weightSet = await getWeightSetByReadToken(
      locals.db,
      params.id,
      readTokenOf(request, url)
    );
    if (!weightSet) throw new HttpError(404, 'Not found');
    let text: string;
    try {
      text = await readBodyText(request, MAX_SNAPSHOT_BODY, CSV_TYPE, {
        type: 'send the loans as CSV (Content-Type: text/csv)',
        empty: 'the body is empty: expected the loans as CSV'
      });
    } catch (e) {
      if (e instanceof HttpError && e.status === 413)
        throw new HttpError(
          413,
          `${e.message}: send a smaller snapshot, or raise the server's BODY_SIZE_LIMIT (docs/monitoring.md)`
        );
      throw e;
    }
    try {
      const snapshot = await importSnapshot(
        locals.db,
        weightSet,
        {
          name: url.searchParams.get('name') ?? '',
          asOf: url.searchParams.get('as_of') ?? '',
          source: 'production'
        },
        text
      );
      return json(snapshot, { status: 201, headers: { 'cache-control': 'no-store' } });
    } catch (e) {
      if (e instanceof SnapshotImportError)
        return json(
          { message: e.message, problems: e.problems, more: e.total - e.problems.length },
          { status: 400 }
        );
      throw e;
    }
  });
