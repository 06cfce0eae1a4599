import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    // SvelteKit's check of a form's origin answers before the hooks and without reading the
    // body, so a cross-site post of a large body saw a reset connection, not the 403:
    // src/hooks.server.ts (handleCrossSite) makes the same check, reads the body, and says why.
    csrf: { trustedOrigins: ['*'] },
    // Content Security Policy: SvelteKit adds a nonce (server-rendered pages) or hashes
    // (prerendered ones) for its own inline script. No 'unsafe-inline' anywhere: component styles
    // are emitted as .css files, and Svelte 5 transitions use the Web Animations API, not <style>
    // tags. Keep style="..." and style:x out of markup (the browser blocks those attributes); use
    // classes, <progress>/<meter>, or set styles from script in an attachment
    // (element.style.setProperty is allowed).
    // The other security headers are set in src/hooks.server.ts.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        // The one inline style attribute allowed: SvelteKit's route announcer (write_root.js),
        // which hides itself with style="position: absolute; ... height: 1px". If a Kit upgrade
        // changes that text, the e2e tests fail on the CSP violation it logs: update the hash
        // (app.css hides the announcer too, for browsers without 'unsafe-hashes').
        'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        // src/service-worker.ts (offline drafts) is registered from this origin.
        'worker-src': ['self'],
        'manifest-src': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'object-src': ['none']
      }
    },
    typescript: {
      // The generated .svelte-kit/tsconfig.json only covers src/ and tests/. Add the
      // command line launcher, the benchmarks and the root config files so that
      // `npm run check` type-checks them too. Paths are relative to .svelte-kit/.
      config: (tsconfig) => {
        tsconfig.include.push(
          '../bin/**/*.js',
          '../bench/**/*.ts',
          '../scripts/**/*.ts',
          '../playwright.config.ts',
          '../svelte.config.js'
        );
      }
    }
  }
};

export default config;
