/**
 * The validation report's regression saved as a weight set (issue 11, item 1): the demo survey,
 * a panel set saved on its results page, the demo loans on the validation page, "Save as a
 * weight set", and the models page listing it with kind "regression"; the set served to
 * production with the loan file's SHA-256, its fit and its base, weighing each leaf as the page's
 * regression column says. A file on which a coefficient has the wrong sign offers no save and
 * says which leaf; the same file posted to the action by hand is refused by the server (it fits
 * the file itself), as is a post without a file: 4xx with the reason, never a 5xx. A file whose
 * leaves separate the outcomes has no plain regression: the page offers a ridge penalty, fits
 * with it, labels the result with it, and saves exactly the set the CLI's --ridge makes of the
 * same file; a ridge that is no number >= 0 is refused at the field and by the server.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { verifyWeightSet } from '../../src/lib/weights';
import { separatedByTotal } from '../support/loan-files';

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

/** Saves the shown regression under `name` with the page's button; returns the set production reads. */
async function saveShown(page: Page, name: string) {
  const section = page.getByRole('region', {
    name: "Save the regression's weights as a weight set"
  });
  await section.getByLabel('Name of the new weight set').fill(name);
  await section.getByRole('button', { name: 'Save as a weight set' }).click();
  const saved = page.getByTestId('regression-saved');
  await expect(saved).toContainText('kind “regression”');
  const link = await saved
    .getByRole('textbox', { name: 'Read-only address of the weight set' })
    .inputValue();
  return (await page.request.get(link)).json();
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
  // Production reads it: the file's hash, the fit, the base; the weights the page showed.
  const set = await saveShown(page, 'Regression, demo loans');
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

test('separated leaves: the page offers a ridge penalty and saves what the CLI --ridge saves', async ({
  page,
  baseURL
}, testInfo) => {
  test.setTimeout(240_000);
  const origin = baseURL!;
  const token = await demoWithSet(page);
  await page.goto(`/a/${token}/validation`);
  await hydrated(page);
  const setId = await page.getByLabel('Weight set', { exact: true }).inputValue();
  const demo = await (await page.request.get('/demo/loans-farm-credit.csv')).text();
  const { text } = separatedByTotal(demo);
  await page.getByLabel('Loan file (CSV)').setInputFiles({
    name: 'separated.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text)
  });
  const weights = page.getByRole('region', { name: "Experts' weights and the regression's" });
  await expect(weights).toContainText('separate defaulted from repaid loans');
  await expect(page.getByTestId('ridge-suggestion')).toContainText('Suggested: λ = 1.');
  await expect(page.getByRole('button', { name: 'Save as a weight set' })).toHaveCount(0);

  // A ridge that is no number >= 0 is refused at the field, and nothing is recomputed.
  const ridge = page.getByLabel('Ridge penalty λ');
  await expect(ridge).toHaveValue('0');
  for (const bad of ['-1', 'abc', '1,5', 'Infinity', '0x10', '1e999']) {
    await ridge.fill(bad);
    await expect(ridge).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Give a number of 0 or more')).toBeVisible();
  }
  await ridge.fill('0');
  await expect(ridge).not.toHaveAttribute('aria-invalid', 'true');

  // The suggestion fills the field; the fit exists and says which penalty made it.
  await page.getByRole('button', { name: 'Fit with λ = 1' }).click();
  await expect(ridge).toHaveValue('1');
  await expect(page.getByTestId('ridge-used')).toHaveText(
    'Fitted with the ridge penalty λ = 1 on the standardised coefficients.'
  );
  await expect(page.getByTestId('ridge-suggestion')).toHaveCount(0);
  const set = await saveShown(page, 'Ridge 1');

  // The CLI on the same file, the same base and --ridge 1: the same fit and the same weights.
  const base = await (
    await page.request.get(`/a/${token}/validation/weight-sets/${encodeURIComponent(setId)}`)
  ).json();
  const basePath = testInfo.outputPath('base.json');
  const loansPath = testInfo.outputPath('separated.csv');
  writeFileSync(basePath, JSON.stringify(base));
  writeFileSync(loansPath, text);
  const cli = JSON.parse(
    execFileSync(
      process.execPath,
      [
        'bin/pairwise.js',
        'weight-set',
        '--regression',
        loansPath,
        '--base',
        basePath,
        '--base-id',
        setId,
        '--ridge',
        '1',
        '--name',
        'Ridge 1'
      ],
      { encoding: 'utf8' }
    )
  );
  expect(set.provenance.fit).toEqual(cli.provenance.fit);
  expect(set.provenance.fit.ridge).toBe(1);
  expect(set.provenance.source.sha256).toBe(cli.provenance.source.sha256);
  expect(set.leaves.map((l: { globalWeight: number }) => l.globalWeight)).toEqual(
    cli.leaves.map((l: { globalWeight: number }) => l.globalWeight)
  );
  // The saved set verifies, as production verifies it.
  expect((await verifyWeightSet(set)).ok).toBe(true);

  // Independently of the engine: the penalised score equations of logistic.test.ts hold for the
  // recorded fit, sum_i (y_i - p_i) = 0 and sum_i (x_ij - m_j)(y_i - p_i) = lambda beta_j sd_j^2
  // (sd with divisor n, the columns standardised as in src/lib/validation/newton.ts).
  const fit = set.provenance.fit as { intercept: number; coefficients: number[] };
  const rows = text
    .split('\r\n')
    .slice(1)
    .filter((l) => l !== '');
  const head = text.split('\r\n')[0]!.split(',');
  const leafAt = head.flatMap((h, j) => (/^C\d+$/.test(h) ? [j] : []));
  const x = rows.map((l) => leafAt.map((j) => Number(l.split(',')[j])));
  const y = rows.map((l) => Number(l.split(',').at(-1)));
  const r = x.map((xi, i) => {
    const eta = fit.intercept + xi.reduce((s, v, j) => s + fit.coefficients[j]! * v, 0);
    return y[i]! - 1 / (1 + Math.exp(-eta));
  });
  expect(Math.abs(r.reduce((s, v) => s + v, 0))).toBeLessThan(1e-8);
  leafAt.forEach((_, j) => {
    const col = x.map((xi) => xi[j]!);
    const m = col.reduce((s, v) => s + v, 0) / col.length;
    const sd2 = col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length;
    const lhs = col.reduce((s, v, i) => s + (v - m) * r[i]!, 0);
    expect(lhs / sd2).toBeCloseTo(1 * fit.coefficients[j]!, 6);
  });

  // The server takes the CLI's rule too: a bad ridge is a 400 naming the field, never a 5xx.
  for (const bad of ['-1', 'NaN', '1e999', 'Infinity', '0x10', '1,5', 'a\u0000', '1 2']) {
    const response = await page.request.post(`/a/${token}/validation?/regression`, {
      headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
      multipart: {
        set: setId,
        outcome: 'default',
        name: 'Bad ridge',
        ridge: bad,
        file: { name: 's.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }
      }
    });
    const body = await response.json();
    expect(body.status, bad).toBe(400);
    expect(body.data, bad).toContain('ridge');
  }
  await page.goto(`/a/${token}/models`);
  await hydrated(page);
  await expect(page.locator('tbody tr', { hasText: 'Bad ridge' })).toHaveCount(0);
  await expect(page.locator('tbody tr', { hasText: 'Ridge 1' })).toHaveCount(1);
});
