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
 * `startPostgres()` starts another server of the same kind, for a test that needs one of its
 * own: the outage test (tests/e2e/outage.test.ts) restarts it under load, which the shared one
 * must never be.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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

/** A PostgreSQL server of the tests' own: its URL, and a way to restart and to stop it. */
export interface PostgresServer {
  /** The `postgres` database, as the superuser `pairwise`. */
  url: string;
  /**
   * Stops the server and starts it again on the same port and data: `fast` ends every session
   * (SQLSTATE 57P01) and checkpoints, `immediate` is a crash (connections cut, WAL replayed).
   * Resolves once it accepts connections again. Asynchronous, so that the load a test keeps up
   * meanwhile is not paused.
   */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops it (`pg_ctl stop`), to start again with `start()`. */
  halt(): void;
  start(): void;
  /** Stops it and removes its directory. */
  stop(): void;
  /** The end of its log, for a failure message. */
  log(): string;
}

export interface PostgresOptions {
  /**
   * synchronous_commit (default off, for speed). On for a test that crashes the server and
   * counts what was acknowledged: off, a COMMIT returns before its WAL is written, and an
   * immediate stop may lose it.
   */
  synchronousCommit?: boolean;
}

/**
 * Starts a throwaway PostgreSQL from Debian's packages in a temporary directory, listening on
 * 127.0.0.1 only, on a free port.
 * @throws when PostgreSQL is not installed or does not start (with the end of its log)
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
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
  const command = (program: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]]
      : [path.join(bin, program), args];
  const run = (program: string, args: string[]) => {
    const [cmd, argv] = command(program, args);
    try {
      return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${program} failed: ${err.stderr || err.stdout || err.message}`);
    }
  };

  const runAsync = async (program: string, args: string[]) => {
    await promisify(execFile)(...command(program, args), { encoding: 'utf8' });
  };

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(root, 'pwfile');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(root, owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  const user = 'pairwise';
  let running = false;
  const log = () => {
    try {
      return fs.readFileSync(logFile, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  };
  const halt = (mode: 'fast' | 'immediate' = 'immediate') => {
    if (!running) return;
    run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
    running = false;
  };
  const stop = () => {
    process.off('exit', stop);
    try {
      halt();
    } catch (e) {
      console.warn(`[postgres] could not stop the test server: ${(e as Error).message}`);
    }
    fs.rmSync(root, { recursive: true, force: true });
  };

  let port = 0;
  // Throwaway data: durability settings off for speed (the app's own tests of durability use
  // PGlite's data directory and a killed process).
  const settings = () =>
    [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-c unix_socket_directories=${root}`,
      '-c fsync=off',
      `-c synchronous_commit=${options.synchronousCommit ? 'on' : 'off'}`,
      '-c full_page_writes=off',
      '-c max_connections=200'
    ].join(' ');
  const startArgs = () => [
    '-D',
    dataDir,
    '-l',
    logFile,
    '-w',
    '-t',
    '30',
    '-o',
    settings(),
    'start'
  ];
  const start = () => {
    run('pg_ctl', startArgs());
    running = true;
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
    port = await freePort();
    start();
    // Stops the server even when the test runner exits without running the teardown (Ctrl-C).
    process.on('exit', stop);
    const version = path.basename(path.dirname(bin));
    console.log(
      `[postgres] PostgreSQL ${version} on 127.0.0.1:${port}: initdb ${Math.round(initdbMs)} ms, ` +
        `ready after ${Math.round(performance.now() - started)} ms`
    );
  } catch (e) {
    const tail = log();
    stop();
    throw new Error(
      `Could not start the test PostgreSQL: ${(e as Error).message}${tail ? `\n${tail}` : ''}`
    );
  }

  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    restart: async (mode) => {
      await runAsync('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
      await runAsync('pg_ctl', startArgs());
      running = true;
    },
    halt: () => halt('fast'),
    start,
    stop,
    log
  };
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[TEST_DATABASE_URL_ENV]) return undefined;
  const server = await startPostgres();
  process.env[TEST_DATABASE_URL_ENV] = server.url;
  return async () => {
    delete process.env[TEST_DATABASE_URL_ENV];
    server.stop();
  };
}
