/**
 * Models side by side and the production alias (issue 11, section 4), in a browser: on the demo
 * survey, three sets (the panel's, saved on the results page; a given one, imported from the
 * demo loans' true weights; an edited copy of the panel's), compared on the demo loan file; the
 * edited one marked production, then fetched and scored over HTTP as `current` with the given
 * set's read token, the answer naming the edited set's id; then production changed and followed.
 * The given set's AUC is checked against the library's validation report of the same document
 * on the same file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect as baseExpect, test } from '@playwright/test';
import { readLoans, validationReport } from '../../src/lib/validation';
import type { WeightSet } from '../../src/lib/weights';

const expect = baseExpect.configure({ timeout: 30_000 });
const RESULTS_URL = /\/a\/([A-Za-z0-9_-]{32})\/results(\?created=1)?$/;
const fixture = (p: string) => readFileSync(fileURLToPath(new URL(p, import.meta.url)), 'utf8');
const LOCAL_CSV = fixture('../cli/fixtures/given-farm-credit-local.csv');
const DEMO_LOANS = fixture('../../static/demo/loans-farm-credit.csv');

test('three sets compared on one loan file, one marked production, fetched as current', async ({
  page,
  request
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page).toHaveURL(RESULTS_URL);
  const token = RESULTS_URL.exec(page.url())![1]!;
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);

  // 1. The panel's set, saved on the results page.
  await page.getByLabel('Name of the weight set').fill('Panel');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.locator('table.saved-list tbody th', { hasText: 'Panel' })).toHaveCount(1);

  // 2. A given set (the demo loans' true weights) and 3. the panel's edited, on the models page.
  await page.goto(`/a/${token}/models`);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  const given = page.locator('form[action="?/given"]');
  await given.getByLabel('Name of the new weight set').fill('True weights');
  await given.locator('input[type="file"]').setInputFiles({
    name: 'weights.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(LOCAL_CSV)
  });
  await given.getByRole('button', { name: 'Make the weight set' }).click();
  const address = page.getByRole('textbox', { name: 'Read-only address of the weight set' });
  const readUrl = new URL(await address.inputValue());
  const readToken = readUrl.searchParams.get('token')!;
  const givenId = readUrl.pathname.split('/').at(-1)!;
  const rows = page.locator('tbody tr');
  const panelId = await rows.filter({ hasText: 'Panel' }).getAttribute('data-weight-set');
  const edit = page.locator('form[action="?/edit"]');
  await edit.getByLabel('Saved weight set').selectOption(panelId!);
  await edit.getByLabel('Criterion or indicator').selectOption('B2');
  await edit.getByLabel('New local weight (0 to 1)').fill('0.2');
  await edit.getByLabel('Name of the new weight set').fill('Credit at 0.2');
  await edit.getByRole('button', { name: 'Make the edited set' }).click();
  const editedRow = rows.filter({ hasText: 'Credit at 0.2' });
  await expect(editedRow).toHaveCount(1);
  const editedId = (await editedRow.getAttribute('data-weight-set'))!;

  // No production set yet: `current` is a 404 that says so.
  const auth = { authorization: `Bearer ${readToken}` };
  const none = await request.get('/api/weight-sets/current', { headers: auth });
  expect(none.status()).toBe(404);
  expect((await none.json()).code).toBe('no_production_set');

  // The comparison page, linked from the models page.
  await page.getByRole('link', { name: 'Compare sets side by side on a loan file' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Compare weight models' })
  ).toBeVisible();
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  await expect(page.locator('[data-production]')).toHaveAttribute('data-production', '');
  for (const name of ['Panel', 'True weights', 'Credit at 0.2'])
    await page.getByRole('checkbox', { name: `Compare ${name}` }).check();
  await page.getByRole('button', { name: 'Load the demo loan file' }).click();
  await expect(page.getByText('loans-farm-credit.csv', { exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();

  const result = page.locator('[data-comparison]');
  await expect(result).toBeVisible();
  await expect(result).toContainText('3 sets on loans-farm-credit.csv: 2000 loans, 258 defaulted.');
  await expect(result).toContainText('1000 resamples, seed 1');
  await expect(result.locator('[data-table="sets"] tbody tr')).toHaveCount(3);
  await expect(result.locator('[data-table="pairs"] tbody tr')).toHaveCount(3);
  await expect(result.locator('[data-table="weights"] tbody tr')).toHaveCount(15);
  await expect(result.locator('[data-table="calibration"] tbody tr')).toHaveCount(10);
  // The given set's AUC: the library's report of the same document on the same file.
  const givenDoc = (await (await request.get(readUrl.href)).json()) as WeightSet;
  const report = validationReport(
    givenDoc,
    readLoans(
      DEMO_LOANS,
      givenDoc.leaves.map((l) => l.id)
    )
  );
  if (!report.discrimination.defined) throw new Error('the demo file has an AUC');
  await expect(result.locator('[data-table="sets"] tr[data-set="1"] [data-auc]')).toHaveText(
    report.discrimination.auc.toFixed(3)
  );
  await expect(result.locator('[data-table="weights"] tr[data-leaf="C3"]')).toContainText('0.1575');

  // The edited set marked production: the page says so, and `current` resolves to it.
  await page.getByRole('button', { name: 'Mark as production: Credit at 0.2' }).click();
  await expect(page.getByText('Credit at 0.2 is now the production set.')).toBeVisible();
  await expect(page.locator('[data-production]')).toHaveAttribute('data-production', editedId);
  const current = await request.get('/api/weight-sets/current', { headers: auth });
  expect(current.status()).toBe(200);
  expect(current.headers()['pairwise-weight-set-id']).toBe(editedId);
  const doc = (await current.json()) as WeightSet & { provenance: unknown };
  expect(doc.name).toBe('Credit at 0.2');
  expect(doc.provenance).toMatchObject({ kind: 'edited', parent: { id: panelId } });
  const scored = await request.post('/api/weight-sets/current/score', {
    headers: auth,
    data: { records: [{ id: 'L1', ...Object.fromEntries(doc.leaves.map((l) => [l.id, 50])) }] }
  });
  expect(scored.status()).toBe(200);
  expect(scored.headers()['pairwise-weight-set-id']).toBe(editedId);
  const body = await scored.json();
  expect(body.weightSet.id).toBe(editedId);
  // Every leaf at 50 points: the total is 50 whatever the weights (they sum to 1).
  expect(body.results[0].total).toBeCloseTo(50, 9);

  // Production changed to the given set: the page and `current` follow.
  await page.getByRole('button', { name: 'Mark as production: True weights' }).click();
  await expect(page.locator('[data-production]')).toHaveAttribute('data-production', givenId);
  const after = await request.get('/api/weight-sets/current', { headers: auth });
  expect(after.headers()['pairwise-weight-set-id']).toBe(givenId);
  // A wrong token: the plain 404 of a wrong id.
  const wrong = await request.get('/api/weight-sets/current', {
    headers: { authorization: `Bearer ${'A'.repeat(32)}` }
  });
  expect(wrong.status()).toBe(404);
  expect(await wrong.json()).toEqual({ message: 'Not found' });
});
