#!/usr/bin/env node
// Launcher for the `pairwise` command: runs the TypeScript CLI in src/cli/main.ts through tsx,
// so there is no build step. tsx is registered in this process (rather than spawning a second
// Node) so that signals, stdin and the exit code need no forwarding. main() reports every error
// itself; the catch here only covers a CLI that fails to load (one line, never a stack trace).
//
// A request for help or the version is answered first, from plain JavaScript: registering tsx
// alone costs about 0.4 s of CPU, so `pairwise --help` would otherwise take 0.5-1 s.
try {
  const { helpRequest } = await import('../src/cli/usage.js');
  const help = helpRequest(process.argv.slice(2));
  if (help !== null) {
    process.stdout.write(help);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
    process.exitCode = await main(process.argv.slice(2));
  }
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`pairwise: internal error: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  process.exitCode = 1;
}
