/**
 * The weight models page (issue 11): on the demo survey, a weight set from a file of given
 * weights (the demo loan file's true weights, tests/cli/fixtures/given-farm-credit-local.csv),
 * listed as made from given weights with no expert; a file whose group does not sum to 1
 * refused with its line and column and nothing saved, then accepted when normalising is asked
 * for; an edited copy that names its parent; and the production address of the given set
 * serving the document with its provenance and the file's SHA-256. On a survey from the template
 * (rating tables): a level's points changed, bad points refused in English and Chinese, a level
 * sent by hand that the set lacks refused, nothing saved from any refusal.
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

test("a level's points on a survey with rating tables: bad points refused in both languages", async ({
  page,
  request
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.locator('form[action="?/template"] button').click();
  await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{32}/);
  const token = /\/a\/([A-Za-z0-9_-]{32})/.exec(page.url())![1]!;
  await page.goto(`/a/${token}/models`);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  await upload(page, 'Given', readFileSync(LOCAL_CSV, 'utf8'));
  await expect(page.locator('tbody tr', { hasText: 'Given' })).toHaveAttribute(
    'data-kind',
    'given'
  );

  // Bad input refused in the page's language, then a change saved.
  const parentId = await page
    .locator('tbody tr', { hasText: 'Given' })
    .getAttribute('data-weight-set');
  const points = page.locator('form[action="?/points"]');
  await points.getByLabel('Saved weight set').selectOption(parentId!);
  await points.getByLabel('Indicator and level').selectOption('C3/once');
  const refusedWith = async (typed: string, message: string) => {
    await points.getByLabel('New points (0 to 100)').fill(typed);
    await points.getByRole('button', { name: 'Make the edited set' }).click();
    await expect(page.locator('#points-error')).toContainText(message);
    await expect(page.locator('tbody tr')).toHaveCount(1);
  };
  for (const typed of ['101', '-5', 'NaN', '1e2', 'fifty', '50,5'])
    await refusedWith(typed, `“${typed}” is not a number of points from 0 to 100`);
  // The template's table gives "overdue once" 60 points.
  await refusedWith('60', 'Level “once” of C3 already has 60 points in this set.');
  await points.getByLabel('New points (0 to 100)').fill('45');
  await points.getByLabel('Name of the new weight set').fill('Once at 45');
  await points.getByRole('button', { name: 'Make the edited set' }).click();
  const pointsRow = page.locator('tbody tr', { hasText: 'Once at 45' });
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await expect(pointsRow).toHaveAttribute('data-kind', 'edited');
  await expect(pointsRow).toContainText(parentId!);
  const pointsLink = await page
    .getByRole('textbox', { name: 'Read-only address of the weight set' })
    .inputValue();
  const pointsSet = await (await request.get(pointsLink)).json();
  expect(pointsSet.provenance.parent.id).toBe(parentId);
  expect(pointsSet.provenance.changes).toEqual([
    { type: 'level-points', node: 'C3', level: 'once', from: 60, to: 45 }
  ]);
  const c3 = pointsSet.leaves.find((l: { id: string }) => l.id === 'C3');
  expect(c3.scale.levels.find((l: { id: string }) => l.id === 'once').points).toBe(45);

  // A level the set does not have, sent by hand: refused by name, nothing saved.
  const hand = await page.request.post(`${new URL(page.url()).pathname}?/points`, {
    headers: { origin: new URL(page.url()).origin, accept: 'application/json' },
    form: { parent: parentId!, level: 'C3/never', points: '50', name: 'x' }
  });
  const handResult = await hand.json();
  expect([hand.status(), handResult.type, handResult.status]).toEqual([200, 'failure', 400]);
  expect(handResult.data).toContain('unknown-level');

  // In Chinese: the same refusal in the page's language.
  await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'zh', url: page.url() }]);
  await page.reload();
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  await points.locator('select[name="level"]').selectOption('C3/once');
  await points.locator('input[name="points"]').fill('200');
  await points.locator('button[type="submit"]').click();
  await expect(page.locator('#points-error')).toContainText('“200”不是 0 至 100 之间的分值');
  await expect(page.locator('tbody tr')).toHaveCount(2);
});
