/**
 * A survey whose every node has preset weights (tests/e2e/expert-seed.ts, PRESET_HIERARCHY):
 * the expert has nothing to compare and can still submit, as the server allows.
 */
import { expect, test } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import { COMPOSITE_NOT_APPLICABLE } from '../unit/weights/fixtures';
import { collectErrors, ExpertPage } from './pages';

const tokens = expertFixtures();

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test('an expert of an all-preset survey is told there is nothing to compare, and submits', async ({
  page,
  context
}) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.preset}`);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Farm-household micro-credit risk'
  );
  await expect(page.getByText(/set the weights of every group, so there is nothing/)).toBeVisible();
  await expect(page.getByText(/There are 0 comparisons/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Start' }).click();

  // Straight to the review: no group to answer, and the button is enabled.
  await expect(expert.heading).toHaveText('Review your answers');
  await expect(page.getByText('There are no comparisons to answer: the researcher')).toBeVisible();
  await expect(page.getByText(/All 0 comparisons/)).toHaveCount(0);
  await expect(page.getByText('Answer every comparison to submit.')).toHaveCount(0);
  const submit = page.getByRole('button', { name: 'Submit my answers' });
  await expect(submit).toBeEnabled();
  await submit.click();

  await expect(expert.heading).toHaveText('Thank you');
  await expect(page.getByText(/Your answers were received at \d\d:\d\d\./)).toBeVisible({
    timeout: 15_000
  });
  const response = await context.request.get(`/api/e/${tokens.preset}`);
  expect(response.status()).toBe(200);
  const { latest } = (await response.json()) as {
    latest: { submissionId: string; judgments: Record<string, unknown> } | null;
  };
  const outbox = await expert.outbox();
  expect(outbox).toHaveLength(1);
  expect(latest?.submissionId).toBe(outbox[0]!.submissionId);
  expect(latest?.judgments).toEqual({});
  expect(errors).toEqual([]);
});

test('the results of an all-preset survey: composite CR "not applicable" on the page, in the saved set and its report', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = collectErrors(page);
  await page.goto(`/a/${tokens.presetAdmin}/results`);
  await expect(page.getByRole('heading', { level: 1, name: 'Results' })).toBeVisible();
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);

  const notApplicable = 'not applicable: no comparison matrix to compose (preset weights)';
  await expect(page.getByTestId('composite-cr')).toHaveText(notApplicable);
  await expect(page.getByTestId('composite-cr')).not.toContainText('acceptable');
  const summary = page.locator('dl.summary');
  await expect(summary.getByText(notApplicable)).toHaveCount(3);
  await expect(summary).not.toContainText('0.000');

  // Saved: the server writes a version-2 set with nulls, never 0.
  await page.getByRole('textbox', { name: 'Name of the weight set' }).fill('Preset only');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.getByText(/^Saved as [A-Za-z0-9_-]{12}\.$/)).toBeVisible();
  const productionUrl = await page
    .getByRole('textbox', { name: 'Read-only address of the weight set' })
    .inputValue();
  const fetched = await page.request.get(productionUrl);
  expect(fetched.status()).toBe(200);
  const ws = (await fetched.json()) as { version: number; composite: Record<string, unknown> };
  expect(ws.version).toBe(2);
  expect(ws.composite).toEqual(COMPOSITE_NOT_APPLICABLE);

  // Its printable report says the same.
  const id = /weight-sets\/([^?]+)/.exec(productionUrl)![1]!;
  await page.goto(`/a/${tokens.presetAdmin}/results/report?set=${id}`);
  const facts = page.locator('table.facts').filter({ hasText: 'Composite CR' });
  await expect(facts.getByText(notApplicable)).toHaveCount(3);
  await expect(facts).not.toContainText('0.000');
  expect(errors).toEqual([]);
});
