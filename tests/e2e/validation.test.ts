/**
 * The validation journey (issue 5): the demo survey from the home page, two weight sets saved on
 * its results page, then the validation page behind the admin link: the demo loan file in one
 * click, AUC with its interval, the ROC and default-rate charts drawn (chart.js, no CSP
 * violation), the confusion matrix and the side-by-side weights, a second weight set compared, a
 * score cut-off, and a malformed upload refused with its line and column and nothing shown from
 * it. Also: the page without saved weight sets, in Chinese, and behind a wrong token.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';

// Two cores shared with a build now and then: give the browser time.
const expect = baseExpect.configure({ timeout: 20_000 });

const RESULTS_URL = /\/a\/([A-Za-z0-9_-]{32})\/results(\?created=1)?$/;

/** Console errors and uncaught exceptions; a CSP violation shows up as a console error. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
}

/** The demo survey from the home page; returns its admin token, on its results page. */
async function demoSurvey(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page).toHaveURL(RESULTS_URL);
  await expect(page.getByRole('heading', { level: 1, name: 'Results' })).toBeVisible();
  await hydrated(page);
  return RESULTS_URL.exec(page.url())![1]!;
}

/** Saves the results page's current weights under `name`. */
async function saveWeightSet(page: Page, name: string): Promise<void> {
  await page.getByLabel('Name of the weight set').fill(name);
  const saved = page.locator('table.saved-list tbody th', { hasText: name });
  await expect(saved).toHaveCount(0);
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(saved).toHaveCount(1);
}

/** The validation page's pieces. */
class Validation {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Validation' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Validation' })).toBeVisible();
    await hydrated(this.page);
  }

  get report() {
    return this.page.getByTestId('validation-report');
  }

  get auc() {
    return this.page.getByTestId('auc');
  }

  async upload(name: string, text: string): Promise<void> {
    await this.page.getByLabel('Loan file (CSV)').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(text)
    });
  }
}

test('demo → save two weight sets → validation: demo loans, AUC, charts, comparison, bad file', async ({
  page
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = collectErrors(page);
  await demoSurvey(page);

  // Two weight sets: the whole panel, then without an inconsistent expert.
  await saveWeightSet(page, 'Whole panel');
  await page.getByRole('checkbox', { name: 'Include Academic 4 in the analysis' }).uncheck();
  await saveWeightSet(page, 'Without Academic 4');

  const v = new Validation(page);
  await v.open();
  // The newest set is chosen; the loans are not loaded yet, so nothing is computed.
  await expect(page.getByLabel('Weight set', { exact: true })).toHaveValue(/^[A-Za-z0-9_-]{12}$/);
  await expect(
    page.getByLabel('Weight set', { exact: true }).locator('option:checked')
  ).toContainText('Without Academic 4');
  await expect(v.report).toHaveCount(0);

  // The demo loans in one click: the report, with both charts drawn.
  await page.getByRole('button', { name: 'Load the demo loan file' }).click();
  await expect(page.getByText('Loaded: loans-farm-credit.csv')).toBeVisible();
  await expect(v.auc).toHaveText(/^0\.[5-9]\d{2}$/);
  const auc = Number(await v.auc.textContent());
  expect(auc).toBeGreaterThan(0.75);
  await expect(v.report).toContainText('2000 loans:');
  await expect(v.report.locator('.interval').first()).toHaveText(/^\[0\.\d{3}, 0\.\d{3}\]$/);
  await expect(page.getByText('95% bootstrap interval, 1000 resamples')).toBeVisible();
  await expect(page.getByTestId('roc-chart')).toHaveAttribute('data-ready', '');
  await expect(page.getByTestId('rate-chart')).toHaveAttribute('data-ready', '');
  await expect(page.locator('canvas')).toHaveCount(2);
  await expect(page.getByText(/^Monotonic: the default rate rises/)).toBeVisible();
  await expect(
    page.getByText(/^Regression baseline: 5-fold cross-validated AUC 0\.\d{3}/)
  ).toBeVisible();
  await expect(
    page.getByText('Lend to grade B and better (score ≥ 40); refuse the rest.')
  ).toBeVisible();
  await expect(page.getByRole('table', { name: /Confusion matrix/ })).toContainText('Defaulted');
  await expect(page.getByTestId('accuracy')).toHaveText(/^0\.\d{3}$/);
  const weights = page.getByTestId('weights-table');
  await expect(weights.locator('tbody tr')).toHaveCount(15);
  await expect(weights.locator('tbody tr').first()).toContainText('C1');
  await expect(
    page.getByText(/^Correlation of the two sets of weights: r = 0\.\d{3}\.$/)
  ).toBeVisible();

  // A score cut-off: the decision is described and recomputed.
  await page.getByRole('radio', { name: 'A score: lend at or above it' }).check();
  await page.getByLabel('Cut-off score (0–100)').fill('45');
  await expect(page.getByText('Lend to loans scoring 45 or more; refuse the rest.')).toBeVisible();

  // Compare with the other saved set: both AUCs, the difference and a verdict.
  const compare = page.getByLabel('Compare with (optional)', { exact: true });
  const whole = await compare.locator('option', { hasText: 'Whole panel' }).getAttribute('value');
  await compare.selectOption(whole!);
  await expect(page.getByRole('heading', { name: 'Comparison of weight sets' })).toBeVisible();
  await expect(
    page.getByText(/^Difference in AUC: -?0\.\d{3} \(95% paired bootstrap interval/)
  ).toBeVisible();
  await expect(page.getByTestId('verdict')).toHaveText(
    /No clear difference: the interval contains 0\.|discriminates better/
  );

  // A malformed file: refused with its line and column, and no report from it.
  const demo = await (await page.request.get('/demo/loans-farm-credit.csv')).text();
  const lines = demo.split('\r\n');
  const cells = lines[2]!.split(',');
  const column = cells.slice(0, 5).join(',').length + 2;
  cells[5] = 'abc';
  lines[2] = cells.join(',');
  await v.upload('broken.csv', lines.join('\r\n'));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The loan file was refused; nothing was computed from it.');
  await expect(alert).toContainText(`Line 3, column ${column}:`);
  await expect(alert).toContainText('the score of C5, “abc”, is not a number.');
  await expect(v.report).toHaveCount(0);
  await expect(page.locator('canvas')).toHaveCount(0);

  // A file without the outcome column, then a good file again.
  await v.upload('no-outcome.csv', demo.replace(',default\r\n', ',status\r\n'));
  await expect(alert).toContainText('Line 1, column');
  await expect(alert).toContainText('the header has no outcome column default.');
  await page.getByLabel('Outcome column').fill('status');
  await expect(v.auc).toHaveText(/^0\.\d{3}$/);
  await expect(page.getByRole('alert')).toHaveCount(0);

  expect(errors).toEqual([]);
});

test('without a saved weight set the page says so and links to the results', async ({ page }) => {
  const token = await demoSurvey(page);
  await page.goto(`/a/${token}/validation`);
  await expect(page.getByRole('heading', { level: 1, name: 'Validation' })).toBeVisible();
  await expect(page.getByText(/No weight set has been saved for this survey yet/)).toBeVisible();
  await page.getByRole('link', { name: 'Go to the results' }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${token}/results$`));
});

test('in Chinese, on a phone; a wrong token is a plain 404', async ({ page, context, baseURL }) => {
  const token = await demoSurvey(page);
  await saveWeightSet(page, 'Demo');
  await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'zh', url: baseURL! }]);
  await page.goto(`/a/${token}/validation`);
  await expect(page.getByRole('heading', { level: 1, name: '验证' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: '载入示例贷款文件' }).click();
  await expect(page.getByTestId('auc')).toHaveText(/^0\.\d{3}$/);
  await expect(page.getByRole('heading', { name: '各等级违约率' })).toBeVisible();
  await expect(page.getByText(/^单调：/)).toBeVisible();
  // On a 360 px phone the report fits the screen (wide tables scroll in their own box).
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);

  const wrong = await page.request.get(`/a/${'x'.repeat(32)}/validation`);
  expect(wrong.status()).toBe(404);
  const fetched = await page.request.get(`/a/${'x'.repeat(32)}/validation/weight-sets/abc`);
  expect(fetched.status()).toBe(404);
});
