import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    // Rolldown reports slow plugin callbacks (SvelteKit's own writeBundle) on every build.
    rolldownOptions: { checks: { bundlerTimings: false } }
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/cli/**/*.test.ts'],
    environment: 'node'
  }
});
