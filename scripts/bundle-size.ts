/**
 * The JavaScript an expert's phone downloads for the survey page /e/[token], gzipped.
 *
 *   npm run build && npx tsx scripts/bundle-size.ts [--verbose] [--budget KB]
 *
 * Builds nothing: reads the last build. The route's layout and page nodes come from Kit's server
 * manifest (.svelte-kit/output/server/manifest.js); from those, Kit's client entries (start, app)
 * and every chunk they import statically (transitively) are collected from Vite's client
 * manifest (.svelte-kit/output/client/.vite/manifest.json). Dynamic imports (other routes, code
 * loaded on demand) are not counted. Each file is gzipped at level 9, as adapter-node's
 * precompression does; 1 KB = 1000 bytes. Prints one line:
 *
 *   expert page JS: N KB gzipped (M files)
 *   expert page JS with the Delphi feedback (rounds 2+): N KB gzipped (M files)
 *
 * The second adds the Delphi module the page loads on demand in rounds 2 and later (and what it
 * imports that the page does not already have).
 * With --budget KB, exits with status 1 when the total is over it (issue 3 asks for 100).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROUTE = '/e/[token]';
const OUTPUT = path.resolve('.svelte-kit/output');
const CLIENT = path.join(OUTPUT, 'client');
const VITE_MANIFEST = path.join(CLIENT, '.vite/manifest.json');
const SERVER_MANIFEST = path.join(OUTPUT, 'server/manifest.js');
const NODES = '.svelte-kit/generated/client-optimized/nodes';
const APP_ENTRY = '.svelte-kit/generated/client-optimized/app.js';
const START_ENTRY = /@sveltejs\/kit\/src\/runtime\/client\/entry\.js$/;

interface ViteChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

interface KitRoute {
  id: string;
  page: { layouts: Array<number | undefined>; leaf: number } | null;
}

function fail(message: string): never {
  console.error(`bundle-size: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const budgetArg = args.indexOf('--budget');
const budget = budgetArg >= 0 ? Number(args[budgetArg + 1]) : null;
if (budget !== null && !(budget > 0)) fail('--budget needs a size in KB');

if (!fs.existsSync(VITE_MANIFEST) || !fs.existsSync(SERVER_MANIFEST)) {
  fail('no build found: run `npm run build` first');
}
const vite = JSON.parse(fs.readFileSync(VITE_MANIFEST, 'utf8')) as Record<string, ViteChunk>;
const { manifest } = (await import(pathToFileURL(SERVER_MANIFEST).href)) as {
  manifest: { _: { routes: KitRoute[] } };
};
const route = manifest._.routes.find((r) => r.id === ROUTE);
if (!route?.page) fail(`the build has no page ${ROUTE}`);

const nodeIds = [
  ...route.page.layouts.filter((n): n is number => n !== undefined),
  route.page.leaf
];
const entries = [
  Object.keys(vite).find((k) => START_ENTRY.test(k)),
  APP_ENTRY,
  ...nodeIds.map((n) => `${NODES}/${n}.js`)
];

// Every chunk the entries import statically, transitively.
const files = new Set<string>();
const visit = (key: string | undefined) => {
  const chunk = key === undefined ? undefined : vite[key];
  if (!chunk) fail(`${key ?? 'the client start entry'} is not in ${VITE_MANIFEST}`);
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
entries.forEach(visit);

// Cross-check with the lists Kit itself uses for <link rel="modulepreload">.
const kitFiles = new Set<string>();
const serverManifestText = fs.readFileSync(SERVER_MANIFEST, 'utf8');
for (const file of /imports:(\[[^\]]*\])/.exec(serverManifestText)?.[1]?.match(/"[^"]+"/g) ?? []) {
  kitFiles.add(JSON.parse(file) as string);
}
for (const n of nodeIds) {
  const node = fs.readFileSync(path.join(OUTPUT, `server/nodes/${n}.js`), 'utf8');
  for (const file of /export const imports = (\[[^\]]*\])/.exec(node)?.[1]?.match(/"[^"]+"/g) ??
    []) {
    kitFiles.add(JSON.parse(file) as string);
  }
}
const differ =
  [...files].filter((f) => !kitFiles.has(f)).length +
  [...kitFiles].filter((f) => !files.has(f)).length;
if (differ > 0) {
  console.warn(
    `bundle-size: warning: ${differ} files differ between Vite's manifest and Kit's preload lists`
  );
}

let total = 0;
const rows: Array<[string, number, number]> = [];
for (const file of files) {
  const bytes = fs.readFileSync(path.join(CLIENT, file));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  rows.push([file, bytes.length, gzipped]);
}
if (verbose) {
  for (const [file, raw, gz] of rows.sort((a, b) => b[2] - a[2])) {
    console.log(
      `${(gz / 1000).toFixed(1).padStart(7)} KB gz ${(raw / 1000).toFixed(1).padStart(7)} KB  ${file}`
    );
  }
}
const kb = total / 1000;
console.log(`expert page JS: ${kb.toFixed(1)} KB gzipped (${files.size} files)`);

// Delphi rounds 2+ load the feedback module on demand: the page with it must fit the budget too.
const DELPHI = 'src/routes/e/[token]/delphi/index.ts';
const delphiKey = Object.keys(vite).find((k) => k.endsWith(DELPHI));
if (!delphiKey) fail(`${DELPHI} is not in ${VITE_MANIFEST}`);
const before = new Set(files);
visit(delphiKey);
let extra = 0;
for (const file of files) {
  if (before.has(file)) continue;
  extra += gzipSync(fs.readFileSync(path.join(CLIENT, file)), { level: 9 }).length;
}
const withDelphi = (total + extra) / 1000;
console.log(
  `expert page JS with the Delphi feedback (rounds 2+): ${withDelphi.toFixed(1)} KB gzipped (${files.size} files)`
);
if (budget !== null && Math.max(kb, withDelphi) > budget) {
  console.error(`bundle-size: over the budget of ${budget} KB`);
  process.exit(1);
}
