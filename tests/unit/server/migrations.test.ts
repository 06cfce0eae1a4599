/** Versioned migrations on both backends: idempotent, atomic, serialised across processes. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src/lib/server/db';
import { migrate, MIGRATIONS, type Migration } from '../../../src/lib/server/migrations';
import { BACKENDS, freshPgliteDir, freshPostgresUrl, useDb } from '../../support/backends';

const TABLES = [
  'experts',
  'production_marks',
  'rate_limits',
  'schema_migrations',
  'snapshots',
  'submissions',
  'survey_rounds',
  'surveys',
  'weight_sets'
];

async function tables(db: Db): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' ORDER BY table_name`
  );
  return rows.map((r) => r.name);
}

describe.each(BACKENDS)('migrations on $name', (backend) => {
  it('apply once: a second run, and a reopen, change nothing', async () => {
    const config = await backend.createConfig();
    let db = await openDb({ ...config, migrate: false });
    try {
      expect(await tables(db)).toEqual([]);
      expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await tables(db)).toEqual(TABLES);
      expect(await migrate(db)).toEqual([]);
      await db.close();
      db = await openDb(config);
      const applied = await db.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version'
      );
      expect(applied.map((r) => [r.version, r.name])).toEqual(
        MIGRATIONS.map((m) => [m.version, m.name])
      );
      expect(applied[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await db.close();
    }
  });

  describe('refusals', () => {
    const db = useDb(backend);

    it('refuse a migration whose SQL changed after it was applied', async () => {
      const edited: Migration[] = MIGRATIONS.map((m) => ({ ...m, sql: `${m.sql}\n-- edited` }));
      await expect(migrate(db(), edited)).rejects.toThrow(/has changed since it was applied/);
    });

    it('refuse a database newer than the code', async () => {
      await expect(migrate(db(), [])).rejects.toThrow(/does not know/);
    });

    it('apply nothing when a migration fails (one transaction)', async () => {
      const broken: Migration[] = [
        ...MIGRATIONS,
        { version: 900, name: 'half', sql: 'CREATE TABLE half_done (a int); SELECT no_such_fn();' }
      ];
      await expect(migrate(db(), broken)).rejects.toThrow();
      expect(await tables(db())).toEqual(TABLES);
      const versions = await db().query<{ version: number }>(
        'SELECT version FROM schema_migrations'
      );
      expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('refuse migrations out of order', async () => {
      const shuffled = [MIGRATIONS[0]!, { ...MIGRATIONS[0]!, version: 0 }];
      await expect(migrate(db(), shuffled)).rejects.toThrow(/increasing versions/);
    });
  });
});

describe('migrations on postgres, several processes starting at once', () => {
  it('three openDb at once on one empty database: all succeed, each migration applied once', async () => {
    const url = await freshPostgresUrl();
    const dbs = await Promise.all(
      [1, 2, 3].map(() => openDb({ kind: 'postgres', url, poolSize: 2, migrate: false }))
    );
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db)));
      expect(applied.filter((a) => a.length > 0)).toEqual([MIGRATIONS.map((m) => m.version)]);
      const rows = await dbs[0]!.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM schema_migrations'
      );
      expect(rows[0]?.n).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('openDb (which migrates) twice at once on one empty database', async () => {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([
      openDb({ kind: 'postgres', url, poolSize: 2 }),
      openDb({ kind: 'postgres', url, poolSize: 2 })
    ]);
    try {
      expect(await tables(a)).toEqual(TABLES);
      expect(await tables(b)).toEqual(TABLES);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('pglite data directory lock', () => {
  it('refuses to open one data directory twice in a process', async () => {
    const dir = freshPgliteDir();
    const db = await openDb({ kind: 'pglite', dataDir: dir });
    try {
      await expect(openDb({ kind: 'pglite', dataDir: dir })).rejects.toThrow(/already open/);
    } finally {
      await db.close();
    }
    expect(fs.existsSync(path.join(dir, 'pairwise.lock'))).toBe(false);
  });

  it('refuses a directory locked by a live process, takes over a dead one', async () => {
    const dir = freshPgliteDir();
    const lock = path.join(dir, 'pairwise.lock');
    fs.writeFileSync(lock, `${process.ppid}\n`); // our parent: alive
    await expect(openDb({ kind: 'pglite', dataDir: dir, migrate: false })).rejects.toThrow(
      new RegExp(`in use by process ${process.ppid}`)
    );
    fs.writeFileSync(lock, '2147483646\n'); // no such process
    const db = await openDb({ kind: 'pglite', dataDir: dir, migrate: false });
    expect(fs.readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    await db.close();
  });
});
