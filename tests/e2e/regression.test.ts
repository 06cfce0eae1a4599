/**
 * The validation report's regression saved as a weight set (issue 11, item 1): the demo survey,
 * a panel set saved on its results page, the demo loans on the validation page, "Save as a
 * weight set", and the models page listing it with kind "regression"; the set served to
 * production with the loan file's SHA-256, its fit and its base, weighing each leaf as the page's
 * regression column says. A file on which a coefficient has the wrong sign offers no save and
 * says which leaf; the same file posted to the action by hand is refused by the server (it fits
 * the file itself), as is a post without a file: 4xx with the reason, never a 5xx.
 */
import { createHash } from 'node:crypto';
import { expect as baseExpect, test, type Page } from '@playwright/test';

const expect = baseExpect.configure({ timeout: 20_000 });
const RESULTS_URL = /\/a\/([A-Za-z0-9_-]{32})\/results(\?created=1)?$/;

async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
}

/** The demo survey with one saved panel set; returns its admin token. */
async function demoWithSet(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page).toHaveURL(RESULTS_URL);
  await hydrated(page);
  await page.getByLabel('Name of the weight set').fill('Whole panel');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.locator('table.saved-list tbody th', { hasText: 'Whole panel' })).toHaveCount(
    1
  );
  return RESULTS_URL.exec(page.url())![1]!;
}

/** The demo file with column C8 scored the other way round: its coefficient turns positive. */
function flipC8(demo: string): string {
  return demo
    .split('\r\n')
    .map((line, i) => {
      if (i === 0 || line === '') return line;
      const f = line.split(',');
      f[8] = String(100 - Number(f[8]));
      return f.join(',');
    })
    .join('\r\n');
}

test('validation → save the regression → listed on the models page as regression', async ({
  page,
  request
}) => {
  test.setTimeout(180_000);
  const token = await demoWithSet(page);
  await page.getByRole('link', { name: 'Validation' }).click();
  await hydrated(page);
  const setId = await page.getByLabel('Weight set', { exact: true }).inputValue();
  await page.getByRole('button', { name: 'Load the demo loan file' }).click();
  await expect(page.getByTestId('auc')).toHaveText(/^0\.\d{3}$/);

  const section = page.getByRole('region', {
    name: "Save the regression's weights as a weight set"
  });
  await expect(section).toContainText('w = −β / Σ(−β)');
  await expect(section.getByLabel('Name of the new weight set')).toHaveValue(
    'Regression on loans-farm-credit.csv'
  );
  await section.getByLabel('Name of the new weight set').fill('Regression, demo loans');
  await section.getByRole('button', { name: 'Save as a weight set' }).click();
  const saved = page.getByTestId('regression-saved');
  await expect(saved).toContainText('kind “regression”');
  const link = await saved
    .getByRole('textbox', { name: 'Read-only address of the weight set' })
    .inputValue();

  // Production reads it: the file's hash, the fit, the base; the weights the page showed.
  const set = await (await request.get(link)).json();
  const demo = await (await request.get('/demo/loans-farm-credit.csv')).body();
  expect(set.provenance).toMatchObject({
    kind: 'regression',
    parent: null,
    changes: [],
    source: {
      name: 'loans-farm-credit.csv',
      format: 'csv',
      sha256: createHash('sha256').update(demo).digest('hex')
    },
    fit: { model: 'logistic', method: 'newton-raphson', ridge: 0, loans: 2000 }
  });
  expect(set.provenance.fit.base.id).toBe(setId);
  const table = page.getByTestId('weights-table');
  for (const [j, leaf] of set.leaves.entries() as Iterable<[number, { globalWeight: number }]>) {
    const row = table.locator('tbody tr').nth(j);
    await expect(row).toContainText(leaf.globalWeight.toFixed(4));
  }

  // The models page lists it, kind regression, no parent.
  await page.getByRole('link', { name: 'Weight models', exact: true }).first().click();
  await hydrated(page);
  const listed = page.locator('tbody tr', { hasText: 'Regression, demo loans' });
  await expect(listed).toHaveAttribute('data-kind', 'regression');
  await expect(listed).toContainText('regression');
  expect(new URL(page.url()).pathname).toBe(`/a/${token}/models`);
});

test('a coefficient of the wrong sign: no save offered, and the server refuses it too', async ({
  page,
  baseURL
}) => {
  const origin = baseURL!;
  test.setTimeout(180_000);
  const token = await demoWithSet(page);
  await page.goto(`/a/${token}/validation`);
  await hydrated(page);
  const setId = await page.getByLabel('Weight set', { exact: true }).inputValue();
  const demo = await (await page.request.get('/demo/loans-farm-credit.csv')).text();
  await page.getByLabel('Loan file (CSV)').setInputFiles({
    name: 'flipped.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(flipC8(demo))
  });
  await expect(page.getByTestId('auc')).toHaveText(/^0\.\d{3}$/);
  await expect(page.getByTestId('regression-refused')).toContainText('more points on C8');
  await expect(page.getByRole('button', { name: 'Save as a weight set' })).toHaveCount(0);

  // By hand: the server fits the file itself and refuses, naming the leaf.
  const post = (
    multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>
  ) =>
    page.request.post(`/a/${token}/validation?/regression`, {
      headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
      multipart
    });
  const file = (text: string) => ({
    name: 'f.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text)
  });
  const wrong = await post({ set: setId, outcome: 'default', name: 'x', file: file(flipC8(demo)) });
  expect(wrong.status()).toBe(200);
  const body = await wrong.json();
  expect(body.type).toBe('failure');
  expect(body.status).toBe(400);
  expect(body.data).toContain('wrong-sign');
  expect(body.data).toContain('C8');
  // No file, a NUL in the name, an unknown set, a form that is no form: 4xx, never 5xx.
  for (const [multipart, code] of [
    [{ set: setId, outcome: 'default', name: 'x' }, 400],
    [{ set: setId, outcome: 'default', name: 'a\u0000b', file: file(demo) }, 400],
    [{ set: 'nope', outcome: 'default', name: 'x', file: file(demo) }, 404]
  ] as const) {
    const r = await post(multipart as Record<string, string>);
    const json = await r.json();
    expect(json.status ?? r.status()).toBe(code);
  }
  const notForm = await page.request.post(`/a/${token}/validation?/regression`, {
    headers: { origin, 'content-type': 'application/json', accept: 'application/json' },
    data: '{"set": 1}'
  });
  expect(notForm.status()).toBeLessThan(500);
  expect(notForm.status()).toBeGreaterThanOrEqual(400);
});
