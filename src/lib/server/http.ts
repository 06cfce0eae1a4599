/**
 * The JSON boundary of the server: reading a request body within a size limit, and answering
 * every expected failure with a 4xx JSON body `{ message, path? }` that says what is wrong and
 * where, and a database outage with a 503 and Retry-After (./outage.ts). Unexpected errors are
 * rethrown, to be logged by handleError and answered with a 500.
 */
import { error, json } from '@sveltejs/kit';
import { AhpInputError, formatPath } from '../ahp';
import { JsonSyntaxError, parseJson } from '../json';
import { StoreError } from './errors';
import { isUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE } from './outage';

/** Largest JSON body accepted by the API (a 20-child node is 190 judgments; this is ample). */
export const MAX_JSON_BODY = 64 * 1024;

/**
 * adapter-node's default BODY_SIZE_LIMIT (512 KB): the most any request body may hold, forms and
 * imports included. Every limit of this app stays within it, so a body is refused by the app's
 * own check, with its own message, and never cut off by the adapter half-way (which would
 * otherwise happen only in production, where the adapter runs).
 */
export const MAX_BODY = 512 * 1024;

/**
 * The largest body of `POST /api/weight-sets/ID/score` (a batch of up to 10,000 records): the one
 * route allowed more than MAX_BODY. bin/server.js raises adapter-node's BODY_SIZE_LIMIT to it
 * (when not set), and the hooks hold every other route to MAX_BODY (limitBody).
 */
export const MAX_SCORE_BODY = 8 * 1024 * 1024;

/**
 * `request` with its body held to `limit` bytes: a longer body fails with a 413 error once it
 * has been read to its end, as adapter-node's own limit does (readJson and readForm answer it
 * with their 413). What is over the limit is read and dropped, not kept: answering before the
 * client has finished sending can reset its connection (seen with a 700 KB form), so the 413
 * comes after the last byte (the adapter's BODY_SIZE_LIMIT bounds how many). A body that
 * declares a length within the limit is left alone (the adapter holds it to that length).
 * Either 413 (this route's or the adapter's) carries `limit`, the route's own, which the error
 * page states.
 */
export function limitBody(request: Request, limit: number): Request {
  if (!request.body) return request;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared <= limit) return request;
  const reader = request.body.getReader();
  let size = 0;
  const tooLarge = () =>
    Object.assign(new Error(`the body is over ${limit} bytes`), { status: 413, limit });
  const body = new ReadableStream<Uint8Array>({
    // Reads until a chunk is passed on or the body ends (a pull that passes nothing on might
    // not be called again).
    async pull(controller) {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          controller.error(statusOf(e) === 413 ? tooLarge() : e);
          return;
        }
        if (chunk.done) {
          if (size > limit) controller.error(tooLarge());
          else controller.close();
          return;
        }
        size += chunk.value.byteLength;
        if (size <= limit) {
          controller.enqueue(chunk.value);
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    }
  });
  return new Request(request, { body, duplex: 'half' } as RequestInit);
}

/** The byte limit a 413 from limitBody carries, if any. */
function limitOf(e: unknown): number | undefined {
  const limit = (e as { limit?: unknown } | null)?.limit;
  return typeof limit === 'number' ? limit : undefined;
}

/** The read token of a request: `Authorization: Bearer TOKEN`, else `?token=TOKEN`, else ''. */
export function readTokenOf(request: Request, url: URL): string {
  const header = request.headers.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  return bearer ?? url.searchParams.get('token') ?? '';
}

/** An expected HTTP failure with a message for the person. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The request's JSON body.
 * @throws HttpError 415 (not JSON), 413 (over `limit` bytes), 400 (malformed, with line and column)
 */
export async function readJson(request: Request, limit = MAX_JSON_BODY): Promise<unknown> {
  // application/json exactly (parameters such as charset aside): not application/json-seq, and
  // not the +json types (application/ld+json ...), which are other formats.
  const text = await readBodyText(request, limit, /^application\/json\s*(?:;|$)/i, {
    type: 'send the body as JSON (Content-Type: application/json)',
    empty: 'the body is empty: expected JSON'
  });
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new HttpError(400, `malformed JSON: ${e.message}`);
    throw e;
  }
}

/**
 * The request's body as text (UTF-8), of a content type `type` accepts, within `limit` bytes.
 * @param words what to say for a wrong content type and for an empty body
 * @throws HttpError 415 (another type), 413 (over `limit` bytes), 400 (empty, cut off)
 */
export async function readBodyText(
  request: Request,
  limit: number,
  type: RegExp,
  words: { type: string; empty: string }
): Promise<string> {
  if (!type.test(request.headers.get('content-type') ?? '')) throw new HttpError(415, words.type);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await drain(request.body?.getReader());
    throw new HttpError(413, `the body is ${declared} bytes; at most ${limit} are accepted`);
  }
  const reader = request.body?.getReader();
  if (!reader) throw new HttpError(400, words.empty);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      // The adapter's own limit (BODY_SIZE_LIMIT) or a connection that broke off mid-body.
      if (statusOf(e) === 413) throw new HttpError(413, `the body is over ${limit} bytes`);
      throw new HttpError(400, 'the body could not be read to its end');
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drain(reader);
      throw new HttpError(413, `the body is over ${limit} bytes`);
    }
    chunks.push(value);
  }
  // Invalid UTF-8 becomes U+FFFD, as TextDecoder's (non-fatal) would, several times faster.
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, words.empty);
  return text;
}

/**
 * Reads what is left of a request's body and drops it, once the answer is ready: for a request
 * answered without reading its body (a 404 for an unknown token, a 415 for a wrong content type,
 * a 429, SvelteKit's own 404, 405 and 415). Answering before the client has sent its last byte
 * resets the connection, so the client saw no answer at all (`ECONNRESET`: seen for every 415
 * to a body of 100 KB or more). adapter-node's BODY_SIZE_LIMIT bounds what is read.
 */
export async function drainUnread(request: Request): Promise<void> {
  if (request.body && !request.bodyUsed && !request.body.locked)
    await drain(request.body.getReader());
}

/**
 * Reads the rest of a request's body and drops it. Answering before the client has sent its last
 * byte leaves the rest of the body in the connection: a client that sends its next request on
 * it waits for the keep-alive timeout and gets a reset (seen with a 700 KB JSON body followed
 * by a form). adapter-node's BODY_SIZE_LIMIT bounds what is read.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array> | undefined): Promise<void> {
  if (!reader) return;
  try {
    while (!(await reader.read()).done);
  } catch {
    // over the adapter's limit, or the client went away: nothing more to read either way
  }
}

/** The HTTP status an error carries (SvelteKit's own errors have one), if any. */
function statusOf(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The body of a form post (a form action, or an endpoint that takes forms).
 * @throws a SvelteKit error 415 for a body that is not a form, 413 over the size limit, 400 for
 *   a form that can't be read (a broken multipart body)
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i.test(type))
    error(415, {
      message:
        'send the form as a form (Content-Type: multipart/form-data or application/x-www-form-urlencoded)',
      code: 'not_a_form'
    });
  try {
    return await request.formData();
  } catch (e) {
    if (statusOf(e) === 413) {
      const limit = limitOf(e) ?? MAX_BODY;
      error(413, { message: `the form is over ${limit} bytes`, code: 'too_large', limit });
    }
    error(400, { message: 'the form could not be read', code: 'bad_form' });
  }
}

/**
 * A text field of a form: '' when it is absent.
 * @throws a SvelteKit error 400 when it holds a file (a tampered form: never stored as
 *   "[object File]")
 */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  if (value === null) return '';
  if (typeof value !== 'string')
    error(400, {
      message: `the field "${name}" holds a file where text belongs`,
      code: 'bad_form'
    });
  return value;
}

/** The JSON answer for an expected failure, or null for an unexpected one. */
export function errorResponse(e: unknown): Response | null {
  if (isUnavailable(e)) {
    return json(UNAVAILABLE, {
      status: 503,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' }
    });
  }
  if (e instanceof AhpInputError) {
    return json(
      { message: e.message, path: formatPath(e.path), problem: e.problem },
      { status: 400 }
    );
  }
  if (e instanceof StoreError) {
    const headers: Record<string, string> = e.retryAfter
      ? { 'retry-after': String(e.retryAfter) }
      : {};
    // The code lets a page say it in the reader's language (the message is English).
    return json(
      { message: e.message, code: e.code, problem: e.problem },
      { status: e.status, headers }
    );
  }
  if (e instanceof HttpError) return json({ message: e.message }, { status: e.status });
  return null;
}

/** Runs a JSON endpoint: expected failures become 4xx JSON answers; anything else is rethrown. */
export async function handleJson(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    const answer = errorResponse(e);
    if (answer) return answer;
    throw e;
  }
}
