import { defineConfig, devices } from '@playwright/test';

const PORT = 4173;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Playwright drives Debian's Chromium (`apt-get install -y chromium`); it never downloads a
// browser of its own. The app under test is the production build served by adapter-node.
export default defineConfig({
  testDir: 'tests/e2e',
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
    command: 'npm run build && node build',
    url: `http://127.0.0.1:${PORT}`,
    // ORIGIN: adapter-node otherwise assumes https, and SvelteKit's CSRF check refuses the
    // browser's own form posts (Origin http://...) with 403.
    env: { HOST: '127.0.0.1', PORT: String(PORT), ORIGIN: `http://127.0.0.1:${PORT}` },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe'
  }
});
