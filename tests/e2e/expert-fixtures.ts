/**
 * The expert journeys' data: seeded into the e2e server's DATA_DIR by playwright.config.ts
 * before the server starts (PGlite admits one process at a time, and Playwright's globalSetup
 * runs only after the web server has started), then read by the tests.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { ExpertFixtures } from './expert-seed';

export type { ExpertFixtures };

const fixturesFile = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.expert-fixtures.json`;

/**
 * Seeds the experts' surveys into `dataDir` once (the config is loaded by the runner and by
 * every worker; the first does the work). Runs in a child process: PGlite takes a few hundred
 * MB while open, which the test runner shouldn't keep.
 */
export function seedExpertFixtures(dataDir: string): void {
  const file = fixturesFile(dataDir);
  if (fs.existsSync(file)) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'tests/e2e/expert-seed.ts', dataDir, file], {
    stdio: ['ignore', 'inherit', 'inherit']
  });
}

/** The tokens seeded for this run. */
export function expertFixtures(): ExpertFixtures {
  const dataDir = process.env.PAIRWISE_E2E_DATA_DIR;
  if (!dataDir)
    throw new Error('PAIRWISE_E2E_DATA_DIR is not set: run through playwright.config.ts');
  return JSON.parse(fs.readFileSync(fixturesFile(dataDir), 'utf8')) as ExpertFixtures;
}
