import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { seedExpertFixtures } from './tests/e2e/expert-fixtures';

// PAIRWISE_E2E_PORT: to run two test sessions side by side on one machine.
const PORT = Number(process.env.PAIRWISE_E2E_PORT) || 4173;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The app under test keeps its PGlite database in a fresh temporary directory, never in ./data.
// Workers load this file too: they inherit the variable and make no directory of their own.
const DATA_DIR = (process.env.PAIRWISE_E2E_DATA_DIR ??= mkdtempSync(
  path.join(tmpdir(), 'pairwise-e2e-')
));
// The expert journeys' surveys and experts, written into it before the server opens it.
seedExpertFixtures(DATA_DIR);

// Playwright drives Debian's Chromium (`apt-get install -y chromium`); it never downloads a
// browser of its own. The app under test is the production build served by adapter-node.
export default defineConfig({
  testDir: 'tests/e2e',
  // A throwaway PostgreSQL on 127.0.0.1 for the scale-out test (two app processes, one database).
  globalSetup: './tests/support/postgres.ts',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure'
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync'
          ]
        }
      }
    }
  ],
  webServer: {
    command: 'npm run build && node bin/server.js',
    url: `http://127.0.0.1:${PORT}`,
    // ORIGIN: adapter-node otherwise assumes https, and SvelteKit's CSRF check refuses the
    // browser's own form posts (Origin http://...) with 403.
    env: {
      HOST: '127.0.0.1',
      PORT: String(PORT),
      ORIGIN: `http://127.0.0.1:${PORT}`,
      DATA_DIR
    },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe'
  }
});
