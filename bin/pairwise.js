#!/usr/bin/env node
// Launcher for the `pairwise` command: runs the TypeScript CLI in src/cli/main.ts through tsx,
// so there is no build step. tsx is registered in this process (rather than spawning a second
// Node) so that signals, stdin and the exit code need no forwarding.
import { register } from 'tsx/esm/api';

register();

const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
