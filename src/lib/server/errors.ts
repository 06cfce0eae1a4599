/**
 * The one error the storage layer throws on purpose. `status` is the HTTP status a route should
 * answer with; `message` tells the person what to do. Anything else thrown from this layer is
 * unexpected: a bug (a 500, logged), or the database being unreachable (`isOutage`: a 503 with
 * Retry-After, see ./outage.ts).
 */
import { problem, type Problem, type StoreCode } from '../problem';

export type StoreErrorCode = StoreCode;

const STATUS: Record<StoreErrorCode, 400 | 404 | 409 | 423 | 429> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  frozen: 409,
  not_open: 423,
  closed: 423,
  /** A Delphi round that has closed (the survey is in a later one), or that doesn't ask this expert. */
  round_closed: 423,
  not_asked: 423,
  rate_limited: 429
};

export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** HTTP-ish status: 400, 404, 409, 423 or 429. */
  readonly status: 400 | 404 | 409 | 423 | 429;
  /** Seconds until the caller may try again (429 only): send it as `Retry-After`. */
  readonly retryAfter: number | undefined;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options: { retryAfter?: number } = {}
  ) {
    super(message);
    this.status = STATUS[code];
    this.retryAfter = options.retryAfter;
  }

  /** The refusal as a Problem (code `store`), for a page to word in its reader's language. */
  get problem(): Problem {
    const retry = this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter };
    return problem('store', { store: this.code, message: this.message, ...retry });
  }
}

/**
 * Whether the database refused a statement because of what was in it (a constraint, a value, a
 * deadlock with another transaction), rather than being unreachable or going away: an error with
 * a SQLSTATE that is not an outage (see `isOutage`).
 */
export function isStatementError(error: unknown): boolean {
  return sqlState(error) !== undefined && !isOutage(error);
}

/** Node's errno codes for a connection that could not be made or was cut. */
const NETWORK_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN'
]);

/** postgres.js's own codes for a connection that closed, ended or timed out. */
const DRIVER_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT'
]);

/**
 * Whether an error means the database is unreachable for now, not that anything was wrong with
 * the request: SQLSTATE class 08 (connection exception) or 57 (operator intervention: the
 * server shutting down, restarting, or not yet accepting connections), a refused, reset or
 * timed-out connection, postgres.js's closed-connection codes, or a closed PGlite. Worth trying
 * again in a moment; answered 503 with Retry-After (./outage.ts).
 */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_ERRNOS.has(code) || DRIVER_CODES.has(code)) return true;
    if (/^(08|57)[0-9A-Z]{3}$/.test(code)) return true;
  }
  // PGlite after close() (the process shutting down) says so in words only.
  return error.message === 'PGlite is closed';
}

/** The SQLSTATE of a database error from either driver (PGlite or postgres.js), if any. */
export function sqlState(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
