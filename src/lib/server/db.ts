/**
 * The database behind every verb module: PGlite (PostgreSQL compiled to WebAssembly, embedded,
 * in `DATA_DIR` or ./data) by default, or a real PostgreSQL through postgres.js when
 * `DATABASE_URL` is set. Both speak the same SQL ($1 placeholders), so the verb modules are
 * written once against the small `Db` interface below.
 *
 * Values cross the interface the same way on both drivers: pass JSON as JSON.stringify(...)
 * with a `$1::text::jsonb` cast (with a bare `$1::jsonb`, postgres.js JSON-encodes the string
 * a second time), timestamps as ISO strings with `::timestamptz`, bytes as a Buffer; cast
 * bigint columns to text or int in SQL (the drivers disagree on int8). jsonb comes back parsed,
 * timestamptz as a Date, bytea as a Uint8Array (a Buffer on postgres.js).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Sql, TransactionSql } from 'postgres';
import { migrate } from './migrations';
import { seedDataDir } from './pglite-template';

export interface Db {
  /** Runs one statement and returns its rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in a transaction: committed when `fn` resolves, rolled back when it throws.
   * Inside `fn` use only `tx`. A nested call joins the enclosing transaction.
   * @throws whatever `fn` threw, or the database's error if COMMIT fails
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Closes the database (the pool, or the embedded instance and its lock). */
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

export type DbConfig =
  | {
      kind: 'pglite';
      /** Data directory, created if missing; null for a throwaway in-memory database. */
      dataDir: string | null;
      /** Apply pending migrations on open (default true). */
      migrate?: boolean;
    }
  | {
      kind: 'postgres';
      url: string;
      /** Connections in the pool (default 10, or DATABASE_POOL_SIZE). */
      poolSize?: number;
      migrate?: boolean;
    };

/** Reads the configuration from the environment: DATABASE_URL, else DATA_DIR or ./data. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): DbConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    const poolSize = Number(env.DATABASE_POOL_SIZE ?? '');
    return {
      kind: 'postgres',
      url,
      ...(Number.isInteger(poolSize) && poolSize > 0 ? { poolSize } : {})
    };
  }
  return { kind: 'pglite', dataDir: path.resolve(env.DATA_DIR?.trim() || './data') };
}

/**
 * Opens a database and (unless `config.migrate` is false) applies pending migrations.
 * @throws when the database can't be reached or opened, or a migration fails
 */
export async function openDb(config: DbConfig): Promise<Db> {
  const db =
    config.kind === 'pglite' ? await openPglite(config.dataDir) : await openPostgres(config);
  if (config.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
  }
  return db;
}

const SINGLETON = Symbol.for('pairwise.server.db');
type Holder = { [SINGLETON]?: Promise<Db> };

/**
 * The process-wide database, opened on first use from the environment, migrations applied.
 * Kept on globalThis so that a module reloaded by Vite in development doesn't open the same
 * data directory twice.
 */
export function getDb(): Promise<Db> {
  const holder = globalThis as Holder;
  const existing = holder[SINGLETON];
  if (existing) return existing;
  const opening = openDb(configFromEnv()).catch((e: unknown) => {
    delete holder[SINGLETON];
    throw e;
  });
  holder[SINGLETON] = opening;
  return opening;
}

/** Closes the process-wide database, if open (call it on shutdown: `sveltekit:shutdown`). */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const opening = holder[SINGLETON];
  delete holder[SINGLETON];
  if (opening) await (await opening).close();
}

// ---------------------------------------------------------------------------------------------
// PGlite

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly pg: PGlite,
    private readonly tx: PgliteTransaction | null,
    private readonly onClose: () => void
  ) {}

  async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    const result = await (this.tx ?? this.pg).query<T>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await (this.tx ?? this.pg).exec(sql);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.tx) return fn(this);
    // PGlite's own transaction holds its lock until COMMIT: queries from elsewhere wait.
    return this.pg.transaction((tx) => fn(new PgliteDb(this.pg, tx, this.onClose)));
  }

  async close(): Promise<void> {
    if (this.tx) throw new Error('Db.close: called on a transaction; close the database instead');
    if (this.pg.closed) return;
    try {
      await this.pg.close();
    } finally {
      this.onClose();
    }
  }
}

const LOCK_FILE = 'pairwise.lock';
const OPEN_DIRS = Symbol.for('pairwise.server.pglite-dirs');
type DirHolder = { [OPEN_DIRS]?: Set<string> };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two PGlite instances on one data directory would corrupt it, and PGlite doesn't prevent it.
 * A lock file with our pid keeps other processes out (a stale one, left by a killed process,
 * is taken over); a set of open directories keeps this process from opening one twice.
 */
function lockDataDir(dir: string): () => void {
  const holder = globalThis as DirHolder;
  const open = (holder[OPEN_DIRS] ??= new Set());
  if (open.has(dir)) {
    throw new Error(
      `openDb: the data directory ${dir} is already open in this process; use getDb() to share it`
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `openDb: the data directory ${dir} is in use by process ${pid}. Stop it first; to run ` +
            'several app processes, set DATABASE_URL to a PostgreSQL database instead.'
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  open.add(dir);
  return () => {
    open.delete(dir);
    fs.rmSync(file, { force: true });
  };
}

async function openPglite(dataDir: string | null): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir === null) {
    const pg = await PGlite.create();
    return new PgliteDb(pg, null, () => {});
  }
  const dir = path.resolve(dataDir);
  const unlock = lockDataDir(dir);
  try {
    const seeded = seedDataDir(dir, LOCK_FILE);
    if (seeded) console.info(seeded);
    const pg = await PGlite.create({ dataDir: dir });
    return new PgliteDb(pg, null, unlock);
  } catch (e) {
    unlock();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// postgres.js

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly sql: Sql,
    private readonly tx: TransactionSql | null
  ) {}

  async query<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const rows = await (this.tx ?? this.sql).unsafe(query, params as never[]);
    return rows as unknown as T[];
  }

  async exec(script: string): Promise<void> {
    await (this.tx ?? this.sql).unsafe(script).simple();
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.tx) return fn(this);
    // sql.begin reserves one connection, runs BEGIN ... COMMIT, and resolves after COMMIT.
    const result = await this.sql.begin((tx) => fn(new PostgresDb(this.sql, tx)));
    return result as T;
  }

  async close(): Promise<void> {
    if (this.tx) throw new Error('Db.close: called on a transaction; close the database instead');
    await this.sql.end({ timeout: 5 });
  }
}

async function openPostgres(config: { url: string; poolSize?: number }): Promise<Db> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(config.url, {
    max: config.poolSize ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {}
  });
  try {
    await sql`SELECT 1`;
  } catch (e) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw e;
  }
  return new PostgresDb(sql, null);
}
