/**
 * Vitest global setup: a real PostgreSQL for the storage tests, started from Debian's packages
 * (/usr/lib/postgresql/<version>/bin) in a temporary directory, listening on 127.0.0.1 only,
 * on a free port, and removed afterwards. Its URL (the `postgres` database; each test file
 * creates its own database in it) is exported as PAIRWISE_TEST_DATABASE_URL.
 *
 * If PAIRWISE_TEST_DATABASE_URL is already set, that server is used and nothing is started:
 * the role needs CREATEDB.
 *
 * PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` user
 * (created by the Debian package) through `runuser`.
 *
 * Still to build, with the HTTP routes (issue 3, section 1): two app processes on one
 * PostgreSQL both accepting submissions. Call this setup (it needs no vitest) from the
 * end-to-end global setup, take a database with `freshPostgresUrl()` (./databases.ts), build
 * once (`vite build`), start two `node build` processes with DATABASE_URL=<that url> and
 * PORT=<two free ports>, wait until both answer, then: create a survey and invite experts
 * through one, submit through both alternately (and resend one submissionId through both, at
 * once), join through the open link from one client key on both, and check through either
 * that every acknowledged submission is stored exactly once, the resends got the original
 * receipt, and the open-link limit counted the joins of both processes together.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const TEST_DATABASE_URL_ENV = 'PAIRWISE_TEST_DATABASE_URL';

const HOW_TO_INSTALL =
  'Install PostgreSQL with `apt-get update && apt-get install -y postgresql` (as root; ' +
  '`npm test` does this when it can), or set PAIRWISE_TEST_DATABASE_URL to a PostgreSQL ' +
  'database whose role may CREATE DATABASE.';

/** The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl, or null. */
function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = fs.readdirSync(root);
  } catch {
    return null;
  }
  const bins = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'))
    .filter((bin) =>
      ['initdb', 'pg_ctl', 'postgres'].every((x) => fs.existsSync(path.join(bin, x)))
    );
  return bins[0] ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[TEST_DATABASE_URL_ENV]) return undefined;
  const started = performance.now();

  const bin = findPostgresBin();
  if (!bin)
    throw new Error(`The storage tests need PostgreSQL, and none was found. ${HOW_TO_INSTALL}`);

  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | null = null;
  if (asRoot) {
    try {
      owner = {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
      };
    } catch {
      throw new Error(
        `PostgreSQL refuses to run as root, and there is no "postgres" user. ${HOW_TO_INSTALL}`
      );
    }
  }
  const run = (program: string, args: string[]) => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]]
      : [path.join(bin, program), args];
    try {
      return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${program} failed: ${err.stderr || err.stdout || err.message}`);
    }
  };

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-pg-'));
  const dataDir = path.join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(root, 'pwfile');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(root, owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  const user = 'pairwise';
  let running = false;
  const stop = () => {
    process.off('exit', stop);
    if (running) {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch (e) {
        console.warn(`[postgres] could not stop the test server: ${(e as Error).message}`);
      }
      running = false;
    }
    fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    run('initdb', [
      '-D',
      dataDir,
      '-U',
      user,
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync'
    ]);
    const initdbMs = performance.now() - started;
    const port = await freePort();
    // Throwaway data: durability settings off for speed (the app's own tests of durability
    // use PGlite's data directory and a killed process).
    const options = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-c unix_socket_directories=${root}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200'
    ].join(' ');
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(root, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      options,
      'start'
    ]);
    running = true;
    // Stops the server even when vitest exits without running the teardown (Ctrl-C).
    process.on('exit', stop);
    const url = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
    process.env[TEST_DATABASE_URL_ENV] = url;
    const version = path.basename(path.dirname(bin));
    console.log(
      `[postgres] PostgreSQL ${version} on 127.0.0.1:${port}: initdb ${Math.round(initdbMs)} ms, ` +
        `ready after ${Math.round(performance.now() - started)} ms`
    );
  } catch (e) {
    let log = '';
    try {
      log = fs.readFileSync(path.join(root, 'server.log'), 'utf8').slice(-2000);
    } catch {
      // no log yet
    }
    stop();
    throw new Error(
      `Could not start the test PostgreSQL: ${(e as Error).message}${log ? `\n${log}` : ''}`
    );
  }

  return async () => {
    delete process.env[TEST_DATABASE_URL_ENV];
    stop();
  };
}
