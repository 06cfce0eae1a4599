/**
 * `npm run bench`: every benchmark of Pairwise, one line per figure. Each runs in its own
 * process (the storage ones open PGlite, which wants its memory back). The figures are
 * measured here and reported in the README and the issue notes; no test asserts a time.
 *
 * - bench/engine.ts       the AHP engine: weigh, hierarchy aggregation, bootstrap
 * - bench/weigh.ts        weigh() with 3 suggestions, n = 15, wherever it runs: source, Node bundle, Chromium
 * - bench/storage.ts      storing submissions without HTTP (PGlite; PostgreSQL if configured)
 * - bench/submissions.ts  the submission endpoint of the built app under 50 concurrent clients
 * - bench/monitoring.ts   early-warning snapshots: 100,000 loans read, scored, stored, compared
 * - bench/score-http.ts  the scoring endpoint of the built app: batches of 1,000, 50 concurrent clients
 * - bench/startup.ts      first start of the built app on PGlite: new and reopened data directory
 * - bench/results-page.ts the results page of 1,000 experts: HTML size, time to the first table
 * - bench/admin-pages.ts  every admin page of 1,000 experts: HTML size; the experts page's time to interactive
 * - scripts that need the built app (bundle size, tap-to-CR latency) when present
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root } from './server';

function run(script: string, args: string[] = []): boolean {
  const file = path.join(root, script);
  if (!existsSync(file)) return true;
  console.log(`\n# ${script}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: root,
    stdio: 'inherit'
  });
  return r.status === 0;
}

let ok = run('bench/engine.ts');
ok = run('bench/weigh.ts') && ok;
ok = run('bench/storage.ts') && ok;
ok = run('bench/validation.ts') && ok;
ok = run('bench/scorer.ts') && ok;
ok = run('bench/scorecard.ts') && ok;
ok = run('bench/monitoring.ts') && ok;
if (!existsSync(path.join(root, 'build', 'index.js'))) {
  console.log('\n# building the app (vite build) for the end-to-end figures');
  const b = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  });
  ok = b.status === 0 && ok;
}
ok = run('bench/startup.ts') && ok;
ok = run('bench/submissions.ts') && ok;
ok = run('bench/results-page.ts') && ok;
ok = run('bench/admin-pages.ts') && ok;
ok = run('bench/score-http.ts') && ok;
ok = run('scripts/bundle-size.ts', ['--budget', '100']) && ok;
ok = run('scripts/tap-latency.ts') && ok;
if (!ok) process.exitCode = 1;
