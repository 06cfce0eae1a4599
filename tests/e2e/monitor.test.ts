/**
 * The early-warning journey (issue 13): the demo survey, a saved weight set, then the monitor page
 * behind the admin link: two snapshots of the synthetic book of ./monitor-book.ts added on the
 * page; the warning list holds exactly the households whose facts worsened, the shifted indicator
 * is flagged and the stable ones are not; the CSV download for the loan officers; a malformed
 * file refused with its line and column and nothing stored; the choices in the URL checked; the
 * page in Chinese; production adding a snapshot with the weight set's read token.
 */
import { test, type Page } from '@playwright/test';
import { parseCsv } from '../../src/lib/weights/csv';
import { collectErrors, expect } from './pages';
import { addSnapshot, DETERIORATING, juneBook, LEAVES, mayBook, SHIFTED } from './monitor-book';

const RESULTS_URL = /\/a\/([A-Za-z0-9_-]{32})\/results(\?created=1)?$/;

async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1, { timeout: 20_000 });
}

/** The demo survey with one saved weight set; returns the admin path. */
async function demoWithSet(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page).toHaveURL(RESULTS_URL, { timeout: 30_000 });
  await hydrated(page);
  await page.getByLabel('Name of the weight set').fill('Demo weights');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.locator('table.saved-list tbody th', { hasText: 'Demo weights' })).toHaveCount(
    1
  );
  return `/a/${RESULTS_URL.exec(page.url())![1]}`;
}

test('two snapshots: the households that deteriorated, the shifted indicator, the CSV', async ({
  page,
  request
}) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const base = await demoWithSet(page);
  await page.getByRole('link', { name: 'Monitoring' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText('Add two snapshots or more')).toBeVisible();

  await addSnapshot(page, 'May', '2026-05-31', mayBook());
  // A malformed file: refused whole with its line and column, nothing stored.
  const bad = juneBook().replace(/^HH-020,\d+/m, 'HH-020,ninety');
  const form = page.locator('form[action="?/add"]');
  await form.locator('input[name="name"]').fill('Broken');
  await form.locator('input[name="as_of"]').fill('2026-06-15');
  await form
    .locator('input[name="file"]')
    .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('add-error')).toContainText(
    /Line 21, column 8 \(C1\): 'ninety' is not a number/
  );
  await expect(page.locator('table[data-testid="snapshots"] tbody tr')).toHaveCount(1);

  await addSnapshot(page, 'June', '2026-06-30', juneBook());
  const rows = page.locator('table[data-testid="warning-table"] tbody tr');
  await expect(rows).toHaveCount(DETERIORATING.length);
  const ids = await rows.locator('th').allTextContents();
  expect(ids.map((s) => s.trim()).sort()).toEqual(DETERIORATING);
  // Each lists the indicators whose points fell, 95 or 85 to 5.
  await expect(rows.first().locator('li')).toHaveCount(LEAVES.length);
  await expect(rows.first().locator('li').first()).toContainText(/ (95|85) → 5 \(-\d+\.\d\d\)$/);
  await expect(page.getByTestId('warning-summary')).toContainText('12 loans to call');

  // The shifted indicator is flagged; the stable ones are not.
  const stability = page.locator('table[data-testid="indicator-stability"] tbody tr');
  await expect(stability).toHaveCount(LEAVES.length);
  for (const leaf of LEAVES)
    await expect(stability.and(page.locator(`[data-leaf="${leaf}"]`))).toHaveAttribute(
      'data-band',
      leaf === SHIFTED ? 'shifted' : 'stable'
    );
  await expect(page.getByTestId('psi-chart')).toHaveAttribute('data-ready', '');
  await expect(page.locator('table[data-testid="trend-table"] tbody tr')).toHaveCount(2);

  // The CSV for the loan officers: every loan of the list, both languages.
  const href = await page
    .getByRole('link', { name: 'Download the warning list (CSV)' })
    .getAttribute('href');
  const download = await request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toMatch(/^text\/csv/);
  const records = parseCsv(await download.text());
  expect(records[0]!.fields.slice(0, 4)).toEqual([
    'loan',
    'grade_then',
    'grade_now',
    'grades_down'
  ]);
  expect(
    records
      .slice(1)
      .map((r) => r.fields[0])
      .sort()
  ).toEqual(DETERIORATING);
  expect(records[1]!.fields[2]).toBe('D');
  expect(records[1]!.fields[9]).toMatch(/（-\d+\.\d\d）/);

  // Choices the snapshots do not have are said, not replaced.
  await page.goto(`${new URL(page.url()).pathname}?grade=ZZZ`);
  await expect(page.getByRole('alert')).toContainText('not a grade of this weight set');
  await page.goto(`${base}/monitor?drop=0`);
  await expect(page.getByRole('alert')).toContainText('whole number of grades from 1 to 25');
  // A set this survey does not have (an old link): said, not an empty page.
  await page.goto(`${base}/monitor?set=00000000-0000-0000-0000-000000000000`);
  await expect(page.getByRole('alert')).toContainText("not one of this survey's");
  await page.goto(`${base}/monitor?set=${encodeURIComponent('x\u0000y')}`);
  await expect(page.getByRole('alert')).toContainText("not one of this survey's");
  // Warning grade BBB: nothing new joins (every other household is AA or better).
  await page.goto(`${base}/monitor?grade=BBB&drop=9`);
  await expect(rows).toHaveCount(12);

  // In Chinese.
  await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'zh', url: page.url() }]);
  await page.goto(`${base}/monitor`);
  await expect(page.getByRole('heading', { level: 1, name: '监测' })).toBeVisible();
  await expect(page.getByTestId('warning-summary')).toContainText('需联系 12 笔贷款');
  await expect(rows.first().locator('li').first()).toContainText(/（-\d+\.\d\d）$/);
  expect(errors).toEqual([]);
});
