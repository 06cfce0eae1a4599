/**
 * The headers of the built app as `npm start` serves it (bin/server.js over adapter-node):
 * nosniff on the files adapter-node serves before SvelteKit (/_app/immutable, static/, the
 * service worker) as on pages; no caching of the expert's page, whose URL holds a secret; and
 * Strict-Transport-Security only behind https, as HSTS configures it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';

const tokens = expertFixtures();

/** An immutable file the home page loads (its entry script), as a path. */
async function immutableAsset(request: APIRequestContext): Promise<string> {
  const html = await (await request.get('/')).text();
  const asset = /\/_app\/immutable\/[\w./-]+\.js/.exec(html)?.[0];
  expect(asset, 'the home page names a script under /_app/immutable').toBeTruthy();
  return asset!;
}

test('every file and page is nosniff; immutable files are cached, the expert page is not', async ({
  request
}) => {
  const asset = await immutableAsset(request);
  const script = await request.get(asset);
  expect(script.status()).toBe(200);
  expect(script.headers()['content-type']).toMatch(/javascript/);
  expect(script.headers()['x-content-type-options']).toBe('nosniff');
  expect(script.headers()['cache-control']).toBe('public,max-age=31536000,immutable');
  expect(script.headers()['referrer-policy']).toBe('same-origin');

  for (const file of ['/service-worker.js', '/favicon.svg', '/schema/weight-set-v1.json', '/']) {
    const response = await request.get(file);
    expect(response.status(), file).toBe(200);
    expect(response.headers()['x-content-type-options'], file).toBe('nosniff');
  }

  const page = await request.get(`/e/${tokens.journey}`);
  expect(page.status()).toBe(200);
  expect(page.headers()['cache-control']).toBe('no-store');
  expect(page.headers()['x-robots-tag']).toBe('noindex');
  expect(page.headers()['x-content-type-options']).toBe('nosniff');

  // This server's ORIGIN is http://127.0.0.1: no HSTS (browsers would ignore it anyway).
  expect(script.headers()['strict-transport-security']).toBeUndefined();
  expect(page.headers()['strict-transport-security']).toBeUndefined();
});

/** Runs bin/server.js with `env` on `port`; its exit status and stderr, or a fetch while up. */
async function withServer<T>(
  env: Record<string, string>,
  port: number,
  use: (url: string) => Promise<T>
): Promise<{ status: number | null; stderr: string; result: T | null }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pairwise-headers-'));
  const child = spawn(process.execPath, ['bin/server.js'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let k = 0; k < 300; k++) {
      if (child.exitCode !== null) return { status: child.exitCode, stderr, result: null };
      try {
        // A file served before SvelteKit: the database is never opened.
        if ((await fetch(`${url}/favicon.svg`)).status > 0) break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const result = await use(url);
    child.kill('SIGTERM');
    return { status: await exited, stderr, result };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test('behind https, Strict-Transport-Security as HSTS says; a bad HSTS stops the server', async ({
  request
}) => {
  test.slow();
  const asset = await immutableAsset(request);
  const hstsOf = (url: string) =>
    fetch(`${url}${asset}`).then((r) => ({
      status: r.status,
      hsts: r.headers.get('strict-transport-security'),
      nosniff: r.headers.get('x-content-type-options')
    }));
  const origin = 'https://pairwise.example.org';
  const port = 4343;

  const byDefault = await withServer({ ORIGIN: origin }, port, hstsOf);
  expect(byDefault.result).toEqual({ status: 200, hsts: 'max-age=31536000', nosniff: 'nosniff' });

  const chosen = 'max-age=63072000; includeSubDomains; preload';
  expect((await withServer({ ORIGIN: origin, HSTS: chosen }, port, hstsOf)).result?.hsts).toBe(
    chosen
  );
  expect((await withServer({ ORIGIN: origin, HSTS: 'off' }, port, hstsOf)).result?.hsts).toBe(null);

  // Asked for on plain http: not sent, and the server says why.
  const plain = await withServer(
    { ORIGIN: `http://127.0.0.1:${port}`, HSTS: 'max-age=600' },
    port,
    hstsOf
  );
  expect(plain.result?.hsts).toBe(null);
  expect(plain.stderr).toContain('HSTS is set but ORIGIN (http://127.0.0.1:4343) is not https');

  const bad = await withServer({ ORIGIN: origin, HSTS: 'one year' }, port, hstsOf);
  expect(bad.status).toBe(2);
  expect(bad.result).toBeNull();
  expect(bad.stderr).toBe(
    'pairwise server: HSTS="one year" is not a Strict-Transport-Security value: give "off" or ' +
      '"max-age=SECONDS", optionally followed by "; includeSubDomains" and "; preload"\n'
  );
});
