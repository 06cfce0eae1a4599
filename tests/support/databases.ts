/**
 * Fresh, empty databases for tests, on the servers the global setup prepared
 * (tests/support/postgres.ts and tests/support/pglite.ts). Free of vitest, so that end-to-end
 * set-ups can use them too.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { PGLITE_TEMPLATE_ENV, TEST_TMP_ENV } from './pglite';
import { TEST_DATABASE_URL_ENV } from './postgres';

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the tests through vitest, whose globalSetup ` +
        '(tests/support/postgres.ts, tests/support/pglite.ts) prepares the databases, ' +
        'or call those set-ups first.'
    );
  }
  return value;
}

/** A fresh PGlite data directory: a copy of the template (initdb done, no schema). */
export function freshPgliteDir(): string {
  const dir = fs.mkdtempSync(path.join(process.env[TEST_TMP_ENV] ?? os.tmpdir(), 'pglite-'));
  fs.cpSync(env(PGLITE_TEMPLATE_ENV), dir, { recursive: true });
  return dir;
}

/** A new, empty database on the test PostgreSQL; returns its URL. */
export async function freshPostgresUrl(): Promise<string> {
  const adminUrl = env(TEST_DATABASE_URL_ENV);
  const name = `pairwise_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
