// `npm run build` (after vite build): a PGlite cluster made once, at build time, that the app
// copies into a new data directory on its first start instead of running initdb there
// (src/lib/server/pglite-template.ts). Written to build/pglite-template (or the directory given
// as the first argument), atomically: a directory there is always complete.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const target = path.resolve(process.argv[2] ?? 'build/pglite-template');
const building = `${target}.tmp-${process.pid}`;
const started = performance.now();
fs.rmSync(building, { recursive: true, force: true });
const pg = await PGlite.create({ dataDir: building });
await pg.query('SELECT 1');
await pg.close();
fs.rmSync(target, { recursive: true, force: true });
fs.renameSync(building, target);
console.log(
  `prepared PGlite cluster for first starts: ${path.relative(process.cwd(), target)} (${Math.round(performance.now() - started)} ms)`
);
