/**
 * Which errors are an outage (a 503 with Retry-After) and which are not, from real drivers: a
 * refused connection, a session ended by the server (pg_terminate_backend: SQLSTATE 57P01), a
 * closed PGlite; and a statement the database refused (a unique violation), which stays what it
 * was. Then the route's view: an endpoint whose database is down answers 503 JSON.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src/lib/server/db';
import { isOutage, isStatementError } from '../../../src/lib/server/errors';
import { errorResponse } from '../../../src/lib/server/http';
import { outageAware, withRetryAfter } from '../../../src/lib/server/outage';
import { GET } from '../../../src/routes/api/e/[token]/+server';
import { newToken } from '../../../src/lib/server/tokens';
import { freshPgliteDir, freshPostgresUrl } from '../../support/backends';

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('isOutage, on real errors', { timeout: 60_000 }, () => {
  it('a refused connection is an outage', async () => {
    // Port 1 on loopback: nothing listens there.
    const e = await thrown(() =>
      openDb({ kind: 'postgres', url: 'postgres://x:y@127.0.0.1:1/none', migrate: false })
    );
    expect((e as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isOutage(e)).toBe(true);
    expect(isStatementError(e)).toBe(false);
  });

  it('a session ended by the server (57P01) is an outage; a unique violation is not', async () => {
    const url = await freshPostgresUrl();
    const victim = await openDb({ kind: 'postgres', url, poolSize: 1, migrate: false });
    const admin = await openDb({ kind: 'postgres', url, poolSize: 1, migrate: false });
    try {
      const [{ pid }] = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [
        { pid: number }
      ];
      const ended = await thrown(() =>
        victim.transaction(async (tx) => {
          await tx.query('SELECT 1');
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await tx.query('SELECT pg_sleep(0.05)');
        })
      );
      expect(isOutage(ended), String(ended)).toBe(true);

      await admin.exec('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)');
      const duplicate = await thrown(() => admin.query('INSERT INTO t VALUES (1)'));
      expect((duplicate as { code?: string }).code).toBe('23505');
      expect(isOutage(duplicate)).toBe(false);
      expect(isStatementError(duplicate)).toBe(true);
    } finally {
      await victim.close();
      await admin.close();
    }
  });

  it('a closed PGlite is an outage; a bug is not', async () => {
    const db = await openDb({ kind: 'pglite', dataDir: freshPgliteDir(), migrate: false });
    await db.close();
    const e = await thrown(() => db.query('SELECT 1'));
    expect(isOutage(e)).toBe(true);
    expect(isOutage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      false
    );
    expect(isOutage('ECONNREFUSED')).toBe(false);
  });
});

describe('the database the routes get', { timeout: 60_000 }, () => {
  it("turns an outage into SvelteKit's 503, and leaves everything else alone", async () => {
    const db = await openDb({ kind: 'pglite', dataDir: freshPgliteDir(), migrate: false });
    const routes = outageAware(async () => db, 'pglite');
    expect(await routes.query<{ n: number }>('SELECT 1 AS n')).toEqual([{ n: 1 }]);
    const refused = await thrown(() => routes.query('SELECT * FROM no_such_table'));
    expect((refused as { code?: string }).code).toBe('42P01');
    await db.close();
    const down = await thrown(() => routes.query('SELECT 1'));
    expect(isHttpError(down, 503)).toBe(true);
    expect((down as { body: unknown }).body).toMatchObject({ code: 'unavailable' });
    // A database that can't be opened at all (PostgreSQL down when the app starts).
    const unopened = outageAware(
      () => openDb({ kind: 'postgres', url: 'postgres://x:y@127.0.0.1:1/none' }),
      'postgres'
    );
    expect(isHttpError(await thrown(() => unopened.transaction(async () => 1)), 503)).toBe(true);
  });

  it('an endpoint answers 503 JSON with Retry-After, and every 503 gets the header', async () => {
    const db = await openDb({ kind: 'pglite', dataDir: freshPgliteDir(), migrate: false });
    await db.close();
    const token = newToken();
    const event = {
      params: { token },
      request: new Request(`http://localhost/api/e/${token}`),
      locals: { db: outageAware(async (): Promise<Db> => db, 'pglite') }
    } as unknown as RequestEvent;
    const response = await (GET as (e: RequestEvent) => Promise<Response>)(event);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({ code: 'unavailable' });
    // A raw outage error reaching errorResponse is answered the same way.
    expect(errorResponse(Object.assign(new Error('x'), { code: 'ECONNRESET' }))?.status).toBe(503);
    expect(withRetryAfter(new Response('', { status: 503 })).headers.get('retry-after')).toBe('2');
    expect(withRetryAfter(new Response('', { status: 500 })).headers.has('retry-after')).toBe(
      false
    );
  });
});
