/**
 * Applies the fix of an open bug of postgres.js 3.4.9 (the newest release) to
 * node_modules/postgres, at every `npm install` / `npm ci` (package.json "postinstall").
 *
 * The bug (porsager/postgres#1066, #1154, #1208; fixes proposed in #1168, #1176, #1209): a
 * small write is deferred with setImmediate; when the connection closes first (PostgreSQL
 * restarted, a connection cut), the deferred write runs on a null socket and throws from the
 * immediate callback: an uncaught TypeError that ends the whole app process. Found by the
 * outage test (tests/e2e/outage.test.ts): a restart of PostgreSQL under load killed the app.
 * And closing leaves the deferred-write timer set, so later small writes on that connection
 * are never sent (LanternOps/breeze#3225).
 *
 * The fix, as in #1209: a write on a closed connection fails its queries with
 * CONNECTION_CLOSED (which the app answers 503, see src/lib/server/outage.ts) instead of
 * throwing; closing forgets the pending write. Idempotent; remove it once a release has the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = '/* pairwise: porsager/postgres#1209 */';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) =>
  path.join(root, 'node_modules/postgres', f)
);

const GUARD_FROM = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const GUARD_TO = `  function nextWrite(fn) {
    ${MARK}
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;
const CLEAR_FROM = '    clearImmediate(nextWriteTimer)\n';
const CLEAR_TO = '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n';

let patched = 0;
for (const file of files) {
  if (!fs.existsSync(file)) continue;
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(MARK)) continue;
  // terminate() and closed() each clear the timer once.
  if (!source.includes(GUARD_FROM) || source.split(CLEAR_FROM).length !== 3) {
    console.warn(
      `[patch-postgres] ${path.relative(root, file)} is not the postgres.js 3.4.9 this patch ` +
        'was written for: not patched. Check whether the new release fixes porsager/postgres#1208.'
    );
    continue;
  }
  fs.writeFileSync(file, source.replace(GUARD_FROM, GUARD_TO).replaceAll(CLEAR_FROM, CLEAR_TO));
  patched++;
}
if (patched > 0) console.log(`[patch-postgres] patched ${patched} file(s) of postgres.js`);
