/**
 * The scorecard's results side in the browser (issue 10): a survey whose two scales were set in
 * the definition (R's levels compared by the panel, L numeric), seeded with three experts'
 * submissions through the storage API (E3 inconsistent in R's levels; tests/e2e/expert-seed.ts,
 * numbers in tests/unit/weights/ratings-survey.ts). The results page shows the scale section
 * (derived points with their intervals, CR, S*), one level is overridden (bad points refused in
 * the page's language), a version 2 set is saved and downloaded, and `pairwise score` grades a
 * CSV of recorded applicants with it, with reasons, the override applied; the printable report
 * lists the scales. The whole journey from the template (scales edited in the editor, experts on
 * phones, the validation page's disputed level) is tests/e2e/scorecard-journey.test.ts.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { verifyWeightSet } from '../../src/lib/weights';
import { recordedLoansCsv } from '../unit/weights/ratings-survey';
import { failing, sweepPage, viewport } from './a11y';
import { expertFixtures } from './expert-fixtures';
import { expectFitsScreen } from './pages';

const expect = baseExpect.configure({ timeout: 20_000 });

/** R's global weight with all three experts: 24^(1/3) / (1 + 24^(1/3)) (ratings-survey.ts). */
const W_R = 0.742566553936288;
const W_L = 1 - W_R;

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function openResults(page: Page, baseURL: string, locale: 'en' | 'zh' = 'en') {
  const { scorecardAdmin } = expertFixtures();
  await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
  await page.goto(`/a/${scorecardAdmin}/results`);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
}

test('results: the scale section, an override, a v2 set saved, downloaded and scored', async ({
  page,
  baseURL
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = collectErrors(page);
  await openResults(page, baseURL!);

  const section = page.locator('section[aria-labelledby="scales-heading"]');
  await expect(section.getByRole('heading', { name: 'Rating scales' })).toBeVisible();
  // Derived points (numpy: 100, 47.18, 28.04), the zero level, the group's CR and S*.
  await expect(page.getByTestId('points-R/clean')).toHaveText('100');
  await expect(page.getByTestId('points-R/once')).toHaveText('47.2');
  await expect(page.getByTestId('points-R/twice')).toHaveText('28.0');
  await expect(page.getByTestId('points-R/default')).toHaveText('0');
  await expect(page.getByTestId('ratings-R')).toContainText(
    /3 experts, CR 0\.082, consensus S\* 0\.\d{3}/
  );
  await expect(page.getByTestId('ratings-R')).toContainText('acceptable');
  // The bootstrap intervals arrive from the worker; the best level is the best in every resample.
  await expect(page.getByTestId('interval-R/clean')).toHaveText('100 – 100');
  await expect(page.getByTestId('interval-R/once')).toHaveText(/^\d+\.\d – \d+\.\d$/);
  await expect(page.getByTestId('interval-R/default')).toHaveText('—');
  // The numeric scale: breakpoints and policies.
  await expect(page.getByTestId('scale-L')).toContainText('interpolated linearly');
  await expect(page.getByTestId('scale-L')).toContainText(
    'A missing value: the record is refused.'
  );
  // E3 is flagged at R's levels on the experts' table.
  await expect(page.locator('tr[data-expert="Card Expert 3"]')).toContainText('R levels: CR 0.790');

  // An override: bad points are refused beside the field, and saving waits.
  const once = page.getByRole('textbox', {
    name: /^Your points for Overdue once \(Credit record\)/
  });
  for (const bad of ['abc', '101', '-1', '1e3']) {
    await once.fill(bad);
    await expect(section.getByText('Points are a number from 0 to 100.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save weight set' })).toBeDisabled();
  }
  await once.fill('50');
  await expect(section.getByText('Points are a number from 0 to 100.')).toHaveCount(0);
  await expect(section.locator('tr', { hasText: 'Overdue once' })).toContainText('your override');

  // Save a version 2 set; the server recomputes it from the stored answers.
  await page.getByRole('textbox', { name: 'Name of the weight set' }).fill('Scorecard v2');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.getByText(/^Saved as [A-Za-z0-9_-]{12}\.$/)).toBeVisible();
  const row = page.locator('tr[data-weight-set]').filter({ hasText: 'Scorecard v2' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Weight set (JSON)' }).click()
  ]);
  const file = testInfo.outputPath('scorecard-v2.json');
  await download.saveAs(file);
  const ws = JSON.parse(readFileSync(file, 'utf8')) as {
    version: number;
    leaves: Array<{
      id: string;
      scale: {
        levels: Array<{ id: string; points: number; source: string; derived: number | null }>;
        ratings: { cr: number; intervals: Array<{ level: string; lower: number; upper: number }> };
      } | null;
    }>;
  };
  expect(ws.version).toBe(2);
  const r = ws.leaves.find((l) => l.id === 'R')!.scale!;
  expect(r.levels[1]).toMatchObject({ id: 'once', points: 50, source: 'override' });
  expect(r.levels[1]!.derived).toBeCloseTo(47.17595443222529, 9);
  expect(r.ratings.cr).toBeCloseTo(0.08246314337256944, 9);
  expect(r.ratings.intervals.map((i) => i.level)).toEqual(['clean', 'once', 'twice']);
  // It verifies as production verifies it (schema, hash, tree, weights, grades, scales), and
  // the CLI scores recorded facts through its scales.
  expect(await verifyWeightSet(JSON.parse(readFileSync(file, 'utf8')))).toMatchObject({ ok: true });
  const applicants = testInfo.outputPath('applicants.csv');
  writeFileSync(
    applicants,
    ['id,R,L', 'a1,No overdue,0.5', 'a2,逾期一次,1.5', 'a3,default,2.5', ''].join('\n')
  );
  const out = execFileSync(
    process.execPath,
    ['bin/pairwise.js', 'score', '--weights', file, applicants, '--format', 'json'],
    { encoding: 'utf8' }
  );
  const scored = JSON.parse(out) as {
    applicants: Array<{ id: string; total: number; reasons: Array<{ leaf: string }> }>;
  };
  // a1: clean 100, L 0.5 -> 70 (linear 100..40); a2: once (overridden) 50, L 1.5 -> 20;
  // a3: a zero level 0, L clamped at 0.
  const totals = scored.applicants.map((a) => a.total);
  expect(totals[0]).toBeCloseTo(W_R * 100 + W_L * 70, 9);
  expect(totals[1]).toBeCloseTo(W_R * 50 + W_L * 20, 9);
  expect(totals[2]).toBeCloseTo(0, 9);
  // a2 lost W_R x 50 = 37.1 points on R and W_L x 80 = 20.6 on L.
  expect(scored.applicants[1]!.reasons.map((x) => x.leaf)).toEqual(['R', 'L']);

  // The printable report of the saved set lists its scales, the override beside the panel's value.
  const resultsUrl = page.url();
  const id = (await row.getAttribute('data-weight-set'))!;
  await page.goto(resultsUrl.replace(/\/results.*$/, `/results/report?set=${id}`));
  const scales = page.locator('section[aria-labelledby="r-scales"]');
  await expect(scales.getByRole('heading', { name: 'Rating scales' })).toBeVisible();
  await expect(scales.locator('tr', { hasText: 'Overdue once' })).toContainText(
    'your override (derived by the panel: 47.2)'
  );
  // (The validation page on recorded loans: tests/e2e/scorecard-journey.test.ts, and the sweep
  // below.)
  expect(errors).toEqual([]);
});

test('results in Chinese at 360 px: the scale section fits and says why points are refused', async ({
  page,
  baseURL
}) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await openResults(page, baseURL!, 'zh');
  await expect(page.getByRole('heading', { name: '评分标准' })).toBeVisible();
  const once = page.getByRole('textbox', { name: /逾期一次 的分值/ });
  await once.fill('200');
  await expect(page.getByText('分值须为 0 到 100 之间的数。')).toBeVisible();
  await expectFitsScreen(page, 'scorecard results, Chinese, 360 px');
});

test('axe (WCAG 2.2 AA) and a 360 px phone: the scale section and the levels tables', async ({
  page,
  baseURL
}) => {
  test.setTimeout(240_000);
  const { scorecardAdmin } = expertFixtures();
  // A set of its own to validate with (the tests of this file may run in parallel).
  const saved = await page.request.post(`/a/${scorecardAdmin}/results/weight-sets`, {
    data: { name: 'For the sweep', overrides: { R: { once: 50 } } }
  });
  expect(saved.status()).toBeLessThan(300);
  const results = await sweepPage(page, 'scorecard results', baseURL!, async () => {
    await page.goto(`/a/${scorecardAdmin}/results`);
    await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
    await expect(page.getByTestId('interval-R/once')).toHaveText(/^\d+\.\d – \d+\.\d$/);
    // An override refused, so that its message is checked too.
    await page.locator('input[aria-describedby], td input').first().fill('200');
  });
  await page.setViewportSize(viewport(360));
  await expectFitsScreen(page, 'scorecard results at 360 px');
  const set = ((await saved.json()) as { id: string }).id;
  const report = await sweepPage(page, 'scorecard report', baseURL!, async () => {
    await page.goto(`/a/${scorecardAdmin}/results/report?set=${set}`);
    await expect(page.locator('section[aria-labelledby="r-scales"]')).toBeVisible();
  });
  await page.setViewportSize(viewport(360));
  await expectFitsScreen(page, 'scorecard report at 360 px');
  const validation = await sweepPage(page, 'scorecard validation', baseURL!, async () => {
    await page.goto(`/a/${scorecardAdmin}/validation`);
    await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'recorded-loans.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(recordedLoansCsv())
    });
    await expect(page.getByTestId('levels-R').getByRole('note')).toBeVisible();
  });
  await page.setViewportSize(viewport(360));
  await expectFitsScreen(page, 'scorecard validation at 360 px');
  expect(failing([...results, ...report, ...validation])).toEqual([]);
});
