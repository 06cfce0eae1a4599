import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The server build keeps top-level `const` as written, where Vite's default rewrites it to
 * `var` (rolldown's topLevelVar): Node 20's V8 folds the engine's `const` work buffers into
 * constants, not `var` ones, and weigh() with its suggestions ran about 10% faster so
 * (bench/weigh.ts). SvelteKit marks its server build (build.ssr) in its own config hook, so this
 * one comes after it. The client keeps the default: Chromium ran both forms alike.
 */
function serverKeepsConst(): Plugin {
  return {
    name: 'pairwise:server-keeps-const',
    config(config) {
      if (config.build?.ssr)
        return { build: { rolldownOptions: { output: { topLevelVar: false } } } };
    }
  };
}

export default defineConfig({
  plugins: [
    // Compiles messages/*.json into src/lib/paraglide (generated, gitignored) on every dev,
    // build and vitest start. project.inlang/settings.json loads the message-format plugin from
    // node_modules, never from a CDN, so this works offline. `npm run i18n` runs the same
    // compile for svelte-check: keep its flags in step with these options.
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './src/lib/paraglide',
      // The language switch writes the cookie; first visits follow Accept-Language.
      strategy: ['cookie', 'preferredLanguage', 'baseLocale']
    }),
    sveltekit(),
    serverKeepsConst()
  ],
  build: {
    // Rolldown reports slow plugin callbacks (SvelteKit's own writeBundle) on every build.
    rolldownOptions: { checks: { bundlerTimings: false } }
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/cli/**/*.test.ts'],
    environment: 'node',
    // Time limits catch hangs; they assert no speed (speed is measured in `npm run bench`). Two
    // cores run the storage, property and CLI tests side by side, so 5 s was too near.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['tests/support/postgres.ts', 'tests/support/pglite.ts']
  }
});
