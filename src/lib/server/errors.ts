/**
 * The one error the storage layer throws on purpose. `status` is the HTTP status a route should
 * answer with; `message` tells the person what to do. Anything else thrown from this layer is
 * unexpected (a bug, or the database being down) and should become a 500 that is logged.
 */

export type StoreErrorCode =
  'invalid' | 'not_found' | 'conflict' | 'frozen' | 'not_open' | 'closed' | 'rate_limited';

const STATUS: Record<StoreErrorCode, 400 | 404 | 409 | 423 | 429> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  frozen: 409,
  not_open: 423,
  closed: 423,
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
}

/**
 * Whether the database refused a statement because of what was in it (a constraint, a value, a
 * deadlock with another transaction), rather than being unreachable or going away: an error with
 * a SQLSTATE outside classes 08 (connection) and 57 (operator intervention, shutdown).
 */
export function isStatementError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && !state.startsWith('08') && !state.startsWith('57');
}

/** The SQLSTATE of a database error from either driver (PGlite or postgres.js), if any. */
export function sqlState(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
