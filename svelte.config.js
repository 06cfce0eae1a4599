import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    typescript: {
      // The generated .svelte-kit/tsconfig.json only covers src/ and tests/. Add the
      // command line launcher, the benchmarks and the root config files so that
      // `npm run check` type-checks them too. Paths are relative to .svelte-kit/.
      config: (tsconfig) => {
        tsconfig.include.push(
          '../bin/**/*.js',
          '../bench/**/*.ts',
          '../playwright.config.ts',
          '../svelte.config.js'
        );
      }
    }
  }
};

export default config;
