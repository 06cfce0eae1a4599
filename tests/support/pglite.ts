/**
 * Vitest global setup: a prepared PGlite data directory that each test file copies instead of
 * running initdb itself (a first open runs initdb in WebAssembly: 3-5 s and ~700 MB; opening a
 * copy takes ~0.4 s). The template is made once per PGlite version and cached under
 * node_modules/.cache, in a child process so that this one doesn't keep its memory.
 *
 * Exports PAIRWISE_TEST_PGLITE_TEMPLATE (the template) and PAIRWISE_TEST_TMP (a directory for
 * the copies, removed at the end).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PGLITE_TEMPLATE_ENV = 'PAIRWISE_TEST_PGLITE_TEMPLATE';
export const TEST_TMP_ENV = 'PAIRWISE_TEST_TMP';

const INIT_SCRIPT = `
import { PGlite } from '@electric-sql/pglite';
const pg = await PGlite.create({ dataDir: process.env.PGLITE_TEMPLATE_DIR });
await pg.query('SELECT 1');
await pg.close();
`;

export default function setup(): () => void {
  const started = performance.now();
  const { version } = JSON.parse(
    fs.readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')
  ) as { version: string };
  const cache = path.resolve('node_modules/.cache/pairwise-tests');
  const template = path.join(cache, `pglite-${version}`);
  let made = false;
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) {
    fs.mkdirSync(cache, { recursive: true });
    const building = `${template}.tmp-${process.pid}`;
    fs.rmSync(building, { recursive: true, force: true });
    execFileSync(process.execPath, ['--input-type=module', '-e', INIT_SCRIPT], {
      env: { ...process.env, PGLITE_TEMPLATE_DIR: building },
      stdio: ['ignore', 'inherit', 'inherit']
    });
    try {
      // Atomic: a directory at `template` is always complete.
      fs.renameSync(building, template);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another run made it meanwhile
    }
    made = true;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pairwise-test-'));
  process.env[PGLITE_TEMPLATE_ENV] = template;
  process.env[TEST_TMP_ENV] = tmp;
  console.log(
    `[pglite] template ${made ? 'made' : 'cached'} in ${Math.round(performance.now() - started)} ms`
  );
  return () => {
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
