// `npm run build` (after vite build): a PGlite cluster made once, that the app copies into a
// new data directory on its first start instead of running initdb there
// (src/lib/server/pglite-template.ts). Written to build/pglite-template (or the directory given
// as the first argument). initdb runs once per PGlite version (3-5 s, ~800 MB); the cluster is
// kept under node_modules/.cache, so later builds only copy it (~0.2 s). Both places are written
// atomically: a directory there is always complete.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const target = path.resolve(process.argv[2] ?? 'build/pglite-template');
const started = performance.now();
const { version } = JSON.parse(
  fs.readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')
);
const cached = path.resolve('node_modules/.cache/pairwise', `pglite-${version}`);
let made = false;
if (!fs.existsSync(path.join(cached, 'PG_VERSION'))) {
  const building = `${cached}.tmp-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(building), { recursive: true });
  const pg = await PGlite.create({ dataDir: building });
  await pg.query('SELECT 1');
  await pg.close();
  fs.rmSync(cached, { recursive: true, force: true });
  fs.renameSync(building, cached);
  made = true;
}
const copying = `${target}.tmp-${process.pid}`;
fs.rmSync(copying, { recursive: true, force: true });
fs.cpSync(cached, copying, { recursive: true });
fs.rmSync(target, { recursive: true, force: true });
fs.renameSync(copying, target);
console.log(
  `prepared PGlite cluster for first starts: ${path.relative(process.cwd(), target)} (${made ? 'initdb' : 'cached'}, ${Math.round(performance.now() - started)} ms)`
);
