/**
 * The weight models page (issue 11): on the demo survey, a weight set from a file of given
 * weights (the demo loan file's true weights, tests/cli/fixtures/given-farm-credit-local.csv),
 * listed as made from given weights with no expert; a file whose group does not sum to 1
 * refused with its line and column and nothing saved, then accepted when normalising is asked
 * for; an edited copy that names its parent; and the production address of the given set
 * serving the document with its provenance and the file's SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect as baseExpect, test, type Page } from '@playwright/test';

const expect = baseExpect.configure({ timeout: 20_000 });
const RESULTS_URL = /\/a\/([A-Za-z0-9_-]{32})\/results(\?created=1)?$/;
const LOCAL_CSV = fileURLToPath(
  new URL('../cli/fixtures/given-farm-credit-local.csv', import.meta.url)
);

async function openModels(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page).toHaveURL(RESULTS_URL);
  const token = RESULTS_URL.exec(page.url())![1]!;
  await page.getByRole('link', { name: 'Weight models' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Weight models' })).toBeVisible();
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  return token;
}

async function upload(page: Page, name: string, text: string, normalise = false) {
  const form = page.locator('form[action="?/given"]');
  await form.getByLabel('Name of the new weight set').fill(name);
  await form.locator('input[type="file"]').setInputFiles({
    name: 'weights.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text)
  });
  if (normalise) await form.getByRole('checkbox').check();
  await form.getByRole('button', { name: 'Make the weight set' }).click();
}

test('given weights, a refused file, normalising, an edit, and production reading the set', async ({
  page,
  request
}) => {
  test.setTimeout(120_000);
  await openModels(page);
  await expect(page.getByText('No weight set has been saved yet.')).toBeVisible();

  // A group summing to 0.9999: refused, where and why, nothing saved.
  const csv = readFileSync(LOCAL_CSV, 'utf8');
  const off = csv.replace('C3,0.35', 'C3,0.3499');
  await upload(page, 'Off by 1e-4', off);
  await expect(page.locator('#given-error')).toContainText('Line 6, column 4:');
  await expect(page.locator('#given-error')).toContainText('sum to 0.9999');
  await expect(page.locator('tbody tr')).toHaveCount(0);

  // The true weights: saved, listed as given, its production address shown once.
  await upload(page, 'True weights', csv);
  const row = page.locator('tbody tr', { hasText: 'True weights' });
  await expect(row).toHaveAttribute('data-kind', 'given');
  await expect(row).toContainText('given weights');
  const link = await page
    .getByRole('textbox', { name: 'Read-only address of the weight set' })
    .inputValue();
  const set = await (await request.get(link)).json();
  expect(set.provenance).toEqual({
    kind: 'given',
    parent: null,
    changes: [],
    source: {
      name: 'weights.csv',
      format: 'csv',
      sha256: createHash('sha256').update(csv).digest('hex')
    }
  });
  expect(set.experts).toEqual([]);
  expect(
    set.leaves.map((l: { globalWeight: number }) => Math.round(l.globalWeight * 1e4) / 1e4)
  ).toEqual([
    0.06, 0.04, 0.1575, 0.09, 0.0675, 0.09, 0.045, 0.15, 0.06, 0.09, 0.0225, 0.0375, 0.03, 0.0375,
    0.0225
  ]);
  const givenId = await row.getAttribute('data-weight-set');

  // Normalising on request: saved, and the set says so.
  await upload(page, 'Normalised', off, true);
  await expect(page.locator('tbody tr', { hasText: 'Normalised' })).toHaveCount(1);

  // An edit of the given set: credit risk to 0.5; the new row names its parent.
  const edit = page.locator('form[action="?/edit"]');
  await edit.getByLabel('Saved weight set').selectOption(givenId!);
  await edit.getByLabel('Criterion or indicator').selectOption('B2');
  await edit.getByLabel('New local weight (0 to 1)').fill('1.5');
  await edit.getByLabel('Name of the new weight set').fill('Credit at 0.5');
  await edit.getByRole('button', { name: 'Make the edited set' }).click();
  await expect(page.locator('#edit-error')).toContainText('is not a local weight from 0 to 1');
  await edit.getByLabel('New local weight (0 to 1)').fill('0.5');
  await edit.getByRole('button', { name: 'Make the edited set' }).click();
  const edited = page.locator('tbody tr', { hasText: 'Credit at 0.5' });
  await expect(edited).toHaveAttribute('data-kind', 'edited');
  await expect(edited).toContainText(givenId!);
  await expect(page.locator('tbody tr')).toHaveCount(3);
});
