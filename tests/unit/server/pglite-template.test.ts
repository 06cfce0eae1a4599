/**
 * A new PGlite data directory is filled from the prepared cluster (src/lib/server/pglite-template.ts)
 * instead of running initdb; the copy opens with real PGlite and takes the migrations. Without a
 * prepared cluster, or in a directory that holds other files, nothing is copied and the log line
 * says initdb runs (as before). The prepared cluster here is the tests' own template
 * (tests/support/pglite.ts), made the same way as scripts/prepare-pglite.js makes build's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/lib/server/db';
import { seedDataDir, templateCandidates } from '../../../src/lib/server/pglite-template';
import { PGLITE_TEMPLATE_ENV, TEST_TMP_ENV } from '../../support/pglite';

const template = process.env[PGLITE_TEMPLATE_ENV]!;
const scratch = () => fs.mkdtempSync(path.join(process.env[TEST_TMP_ENV] ?? os.tmpdir(), 'seed-'));

describe('seedDataDir: a new data directory from the prepared cluster', () => {
  it('copies the cluster into an empty directory (beside the lock file); PGlite opens it and migrates', async () => {
    const dir = path.join(scratch(), 'data');
    process.env.PAIRWISE_PGLITE_TEMPLATE = template; // what openDb looks for
    const line = await (async () => {
      const db = await openDb({ kind: 'pglite', dataDir: dir }); // seeds, then opens
      try {
        const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM surveys');
        expect(rows[0]!.n).toBe(0);
      } finally {
        await db.close();
      }
      return seedDataDir(dir, 'pairwise.lock', [template]);
    })();
    expect(fs.readFileSync(path.join(dir, 'PG_VERSION'), 'utf8')).toBe(
      fs.readFileSync(path.join(template, 'PG_VERSION'), 'utf8')
    );
    expect(line).toBeNull(); // a cluster now: left alone
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['data']); // no staging directory left
    delete process.env.PAIRWISE_PGLITE_TEMPLATE;
  }, 60_000);

  it('says where it copied from', () => {
    const dir = path.join(scratch(), 'data');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'pairwise.lock'), '1\n');
    const line = seedDataDir(dir, 'pairwise.lock', ['/nonexistent/pglite-template', template]);
    expect(line).toMatch(/^PGlite: new data directory .* from the prepared cluster .* \(\d+ ms\)$/);
    expect(fs.existsSync(path.join(dir, 'base'))).toBe(true);
  });

  it('without a prepared cluster: nothing copied, the log says initdb runs and where it looked', () => {
    const dir = scratch();
    const line = seedDataDir(dir, 'pairwise.lock', ['/nonexistent/pglite-template']);
    expect(line).toContain('no prepared cluster (looked in /nonexistent/pglite-template');
    expect(line).toContain('running initdb');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a directory with other files but no cluster is not touched', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const line = seedDataDir(dir, 'pairwise.lock', [template]);
    expect(line).toContain('holds files but no cluster');
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('PAIRWISE_PGLITE_TEMPLATE names the prepared cluster; otherwise build/pglite-template', () => {
    expect(templateCandidates({ PAIRWISE_PGLITE_TEMPLATE: '/srv/tpl' })).toEqual(['/srv/tpl']);
    expect(templateCandidates({})).toContain(path.resolve('build', 'pglite-template'));
  });
});
