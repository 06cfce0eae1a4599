/**
 * The two storage backends every storage test runs against, each handing out a fresh, empty
 * database: PGlite (a copy of the prepared template directory, see pglite.ts) and the test
 * PostgreSQL (a new database per call, see postgres.ts).
 *
 * ```ts
 * describe.each(BACKENDS)('surveys on $name', (backend) => {
 *   const db = useDb(backend);
 *   it('...', async () => { await createSurvey(db(), definition); });
 * });
 * ```
 */
import { afterAll, beforeAll } from 'vitest';
import { openDb, type Db, type DbConfig } from '../../src/lib/server/db';
import { freshPgliteDir, freshPostgresUrl } from './databases';

export { freshPgliteDir, freshPostgresUrl };

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Creates an empty database (no schema) and returns how to open it. */
  createConfig(): Promise<DbConfig>;
}

export const pgliteBackend: Backend = {
  name: 'pglite',
  createConfig: async () => ({ kind: 'pglite', dataDir: freshPgliteDir() })
};

export const postgresBackend: Backend = {
  name: 'postgres',
  createConfig: async () => ({ kind: 'postgres', url: await freshPostgresUrl(), poolSize: 10 })
};

export const BACKENDS: readonly Backend[] = [pgliteBackend, postgresBackend];

/**
 * Opens a fresh, migrated database of `backend` before the tests of the enclosing describe
 * block, and closes it after them. Returns a getter for it.
 */
export function useDb(backend: Backend): () => Db {
  let db: Db | null = null;
  beforeAll(async () => {
    db = await openDb(await backend.createConfig());
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    db = null;
  });
  return () => {
    if (!db) throw new Error('useDb: the database is not open (used outside a test?)');
    return db;
  };
}
