#!/usr/bin/env node
// Starts the built app (`npm run build` first): adapter-node's own server (build/index.js:
// HOST, PORT, graceful shutdown and everything else its environment variables configure), plus
// the security headers on every response. adapter-node serves /_app/immutable, the files of
// static/ and the service worker itself, before SvelteKit's hooks see the request; so the
// headers are set here, on the Node response, before its handler runs. Behind https (ORIGIN
// https://...) that includes Strict-Transport-Security, configured by HSTS (docs/deployment.md).
import { hstsFromEnv, SECURITY_HEADERS } from '../src/lib/server/security-headers.js';

/** @type {{ value: string | null, note: string | null }} */
let hsts;
try {
  hsts = hstsFromEnv(process.env);
} catch (error) {
  process.stderr.write(`pairwise server: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
}
if (hsts.note) process.stderr.write(`pairwise server: ${hsts.note}\n`);

const headers = Object.entries({
  ...SECURITY_HEADERS,
  ...(hsts.value ? { 'Strict-Transport-Security': hsts.value } : {})
});

// The scoring endpoint takes batches of up to 10,000 records (MAX_SCORE_BODY, 8 MB) and a snapshot
// of the loan book up to 32 MB (MAX_SNAPSHOT_BODY): adapter-node reads BODY_SIZE_LIMIT as it
// loads, so raise its 512 KB default here, unless it was set. The hooks hold every route to its
// own limit, 512 KB for all others (src/hooks.server.ts).
process.env.BODY_SIZE_LIMIT ??= '32M';

// build/index.js starts listening as it loads, but no request is handled before this module's
// next statement: the listener goes first in line, ahead of adapter-node's.
const app = /** @type {{ server: { server: import('node:http').Server } }} */ (
  await import(new URL('../build/index.js', import.meta.url).href)
);
app.server.server.prependListener('request', (_request, response) => {
  for (const [name, value] of headers) response.setHeader(name, value);
});
