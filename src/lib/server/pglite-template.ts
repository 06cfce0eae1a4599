/**
 * A fast first start on PGlite: a new data directory is filled from a cluster prepared once at
 * build time (`npm run build` runs scripts/prepare-pglite.js, which writes build/pglite-template)
 * instead of running initdb in WebAssembly on the first start (3-5 s and ~800 MB of memory,
 * too much for a 1 GB server). Opening the copy is as fast and as small as reopening.
 *
 * Without a prepared cluster, PGlite runs initdb as before, and the log says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Where the prepared cluster is sought: $PAIRWISE_PGLITE_TEMPLATE, else beside the app. */
export function templateCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env.PAIRWISE_PGLITE_TEMPLATE?.trim();
  if (given) return [path.resolve(given)];
  const out: string[] = [];
  const entry = process.argv[1];
  if (entry) {
    // `node build` passes the directory, `node build/index.js` the file
    const dir =
      fs.existsSync(entry) && fs.statSync(entry).isDirectory() ? entry : path.dirname(entry);
    out.push(path.join(dir, 'pglite-template'));
  }
  out.push(path.resolve('build', 'pglite-template'));
  return out;
}

const isCluster = (dir: string) => fs.existsSync(path.join(dir, 'PG_VERSION'));

/**
 * Before PGlite opens `dir` (already created and locked, holding only `lockFile`): when it holds
 * no cluster yet and a prepared one exists, copies it in; the files are copied into a sibling
 * directory first and moved in with PG_VERSION last, so an interrupted copy leaves no
 * half-cluster that looks whole. Returns a line for the log, or null for an existing cluster.
 */
export function seedDataDir(
  dir: string,
  lockFile: string,
  candidates: string[] = templateCandidates()
): string | null {
  if (isCluster(dir)) return null;
  const others = fs.readdirSync(dir).filter((f) => f !== lockFile);
  if (others.length > 0)
    return `PGlite: ${dir} holds files but no cluster; PGlite runs initdb there (3-5 s, ~800 MB)`;
  const template = candidates.find(isCluster);
  if (!template)
    return `PGlite: new data directory ${dir}, no prepared cluster (looked in ${candidates.join(', ')}; npm run build makes one): running initdb (3-5 s, ~800 MB)`;
  const started = performance.now();
  const staging = `${dir}.seed-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    fs.cpSync(template, staging, { recursive: true });
    const entries = fs.readdirSync(staging).filter((f) => f !== 'PG_VERSION');
    for (const f of [...entries, 'PG_VERSION'])
      fs.renameSync(path.join(staging, f), path.join(dir, f));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return `PGlite: new data directory ${dir} from the prepared cluster ${template} (${Math.round(performance.now() - started)} ms)`;
}
