/**
 * The results journey (issue 4): the demo from the home page, the results computed in the
 * browser, an inconsistent expert left out (the weights change), a grade cut-off edited, a weight
 * set saved on the server and downloaded, and then `pairwise score` grading applicants with the
 * downloaded file. Also: the read-only production URL, the printable report, and an import of a
 * large panel (analysed in the Web Worker). A screenshot of the results page goes to
 * docs/screenshots/results.png for the README.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Two cores shared with a build now and then: give the browser time.
const expect = baseExpect.configure({ timeout: 15_000 });

const SCREENSHOTS = path.resolve('docs/screenshots');
const RESULTS_URL = /\/a\/([A-Za-z0-9_-]{32})\/results(\?created=1)?$/;
const LEAVES = [
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'C6',
  'C7',
  'C8',
  'C9',
  'C10',
  'C11',
  'C12',
  'C13',
  'C14',
  'C15'
];

/** Console errors and uncaught exceptions; a CSP violation shows up as a console error. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The results page of one survey. */
class Results {
  constructor(readonly page: Page) {}

  static async demo(page: Page): Promise<Results> {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect(page).toHaveURL(RESULTS_URL);
    const r = new Results(page);
    await r.ready();
    return r;
  }

  async ready(): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Results' })).toBeVisible();
    await expect(this.page.locator('.admin[data-hydrated]')).toHaveCount(1);
  }

  /** The global weight of a leaf in the indicators' table, as shown. */
  weightOf(leaf: string) {
    return this.page.locator(`tr[data-leaf="${leaf}"] td.weight`);
  }

  includeBox(name: string) {
    return this.page.getByRole('checkbox', { name: `Include ${name} in the analysis` });
  }

  /** The bootstrap (in the worker) has caught up with the choices. */
  async intervalsReady(): Promise<void> {
    await expect(this.page.getByText('Updating the intervals…')).toHaveCount(0);
    await expect(this.page.locator('tr[data-leaf="C3"] td').nth(4)).not.toHaveText('…');
  }
}

test('demo → results → leave out an inconsistent expert → grades → save → download → score', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = collectErrors(page);
  const r = await Results.demo(page);

  // The new survey's admin link is shown once.
  await expect(
    page.getByRole('heading', { name: 'Your survey is ready: keep its admin link' })
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your private admin link' })).toHaveValue(
    new RegExp(`/a/[A-Za-z0-9_-]{32}$`)
  );
  await expect(page.getByText('12 experts answered; 12 are in the analysis.')).toBeVisible();
  await expect(page.locator('.results')).toHaveAttribute('data-analysis', 'main thread');

  // Everything is there: weights with intervals, nodes, consistency, experts, sensitivity.
  for (const leaf of LEAVES) await expect(r.weightOf(leaf)).toHaveText(/^0\.\d{4}$/);
  await r.intervalsReady();
  await expect(page.locator('canvas')).toHaveCount(1 + 5 + 1);
  await expect(page.getByTestId('composite-cr')).toContainText(/0\.\d{3}/);
  await expect(page.getByTestId('overall-consensus')).toContainText(/0\.\d{3} · (very )?high/);
  const academic4 = page.locator('tr[data-expert="Academic 4"]');
  await expect(academic4).toContainText('A1: CR');
  await expect(
    page.getByRole('button', { name: 'Leave out all inconsistent experts (2)' })
  ).toBeEnabled();

  // Screenshot for the README (charts drawn, intervals in), without the one-time admin link.
  await page.reload();
  await r.ready();
  await expect(page.getByRole('heading', { name: /keep its admin link/ })).toHaveCount(0);
  await r.intervalsReady();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'results.png'),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: 2300 }
  });

  // Leave out an inconsistent expert: the weights change at once.
  const before = await r.weightOf('C3').textContent();
  await r.includeBox('Academic 4').uncheck();
  await expect(r.weightOf('C3')).not.toHaveText(before!);
  await expect(page.getByText('12 experts answered; 11 are in the analysis.')).toBeVisible();
  await expect(academic4).toHaveClass(/left-out/);

  // Sensitivity: moving B1's weight to 0.5 changes the ranking.
  await page.getByLabel(/^Its local weight/).fill('0.5');
  await expect(page.getByLabel(/^Its local weight/)).toHaveAccessibleName(/0\.500/);
  await expect(page.locator('table tr.changed').first()).toBeVisible();

  // A grade cut-off: BBB from 60 to 62; out of order is refused before saving.
  const bbb = page.getByRole('spinbutton', { name: 'Lowest score of grade BBB' });
  await bbb.fill('75');
  await expect(page.getByText('The cut-offs are not in order:')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save weight set' })).toBeDisabled();
  await bbb.fill('62');
  await expect(page.getByText('The cut-offs are not in order:')).toHaveCount(0);

  // Save: the server recomputes from the stored answers and matches the preview.
  await page
    .getByRole('textbox', { name: 'Name of the weight set' })
    .fill('E2E: without Academic 4');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.getByText(/^Saved as [A-Za-z0-9_-]{12}\.$/)).toBeVisible();
  await expect(
    page.getByText("The server's weights are the preview's, to the last digit.")
  ).toBeVisible();
  const productionUrl = await page
    .getByRole('textbox', { name: 'Read-only address of the weight set' })
    .inputValue();
  expect(productionUrl).toMatch(/\/api\/weight-sets\/[A-Za-z0-9_-]{12}\?token=[A-Za-z0-9_-]{32}$/);

  // Download it.
  const row = page.locator('tr[data-weight-set]').filter({ hasText: 'E2E: without Academic 4' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Weight set (JSON)' }).click()
  ]);
  expect(download.suggestedFilename()).toMatch(/^e2e-without-academic-4-[A-Za-z0-9_-]{12}\.json$/);
  const file = testInfo.outputPath('weight-set.json');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  const ws = JSON.parse(text) as {
    grading: { bands: Array<{ grade: string; minScore: number }> };
    experts: Array<{ alias: string; included: boolean; reason: string | null }>;
  };
  expect(ws.grading.bands[3]).toEqual({ grade: 'BBB', minScore: 62 });
  expect(ws.experts[3]).toMatchObject({ alias: 'E4', included: false });
  expect(ws.experts[3]!.reason).toMatch(/^inconsistent: CR/);

  // Production gets the very same bytes from the read-only URL.
  const fetched = await page.request.get(productionUrl);
  expect(fetched.status()).toBe(200);
  expect(await fetched.text()).toBe(text);
  expect((await page.request.get(productionUrl.replace(/token=.*/, 'token=x'))).status()).toBe(404);

  // The scorer grades applicants with the downloaded file. All scores equal s make a total of s
  // (the weights sum to 1): 61 is BB now that BBB starts at 62.
  const header = ['id', ...LEAVES].join(',');
  const applicant = (id: string, s: number) => [id, ...LEAVES.map(() => String(s))].join(',');
  const applicants = testInfo.outputPath('applicants.csv');
  writeFileSync(
    applicants,
    [
      header,
      applicant('a1', 61),
      applicant('a2', 95),
      applicant('a3', 62.5),
      applicant('a4', 5),
      ''
    ].join('\n')
  );
  const out = execFileSync(
    process.execPath,
    ['bin/pairwise.js', 'score', '--weights', file, applicants, '--format', 'json'],
    { encoding: 'utf8' }
  );
  const scored = JSON.parse(out) as {
    applicants: Array<{ id: string; total: number; grade: string }>;
  };
  expect(scored.applicants.map((a) => [a.id, a.grade])).toEqual([
    ['a1', 'BB'],
    ['a2', 'AAA'],
    ['a3', 'BBB'],
    ['a4', 'D']
  ]);
  expect(scored.applicants[0]!.total).toBeCloseTo(61, 9);

  // The printable report of the saved set.
  const id = /weight-sets\/([^?]+)/.exec(productionUrl)![1]!;
  await page.goto(page.url().replace(/\/results.*$/, `/results/report?set=${id}`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    'Farm-household micro-credit risk'
  );
  await expect(page.getByText('E4', { exact: false }).first()).toBeVisible();
  await expect(page.locator('svg.bars')).toHaveCount(1 + 5);
  await expect(page.getByText(/left out: inconsistent: CR/)).toBeVisible();

  expect(errors).toEqual([]);
});

test('an imported panel of 400 experts is analysed off the main thread', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const r = await Results.demo(page);

  // The demo's answers as CSV, repeated to 400 experts.
  const csv = await page.request.get(page.url().replace(/\/results.*$/, '/results/responses.csv'));
  const [head, ...rows] = (await csv.text()).trim().split(/\r?\n/);
  const big = [
    head,
    ...Array.from({ length: 400 }, (_, k) => rows[k % rows.length]!.replace(/^E\d+/, `X${k + 1}`))
  ];
  const file = testInfo.outputPath('big.csv');
  writeFileSync(file, `${big.join('\n')}\n`);

  // A malformed file first: refused with its line and column, nothing imported.
  const bad = testInfo.outputPath('bad.csv');
  writeFileSync(bad, `${head}\nX1,academic,1,${'1,'.repeat(5)}abc\n`);
  await page.getByLabel('File (CSV or JSON, up to 500 KB)').setInputFiles(bad);
  await page.getByRole('button', { name: 'Import as a new survey' }).click();
  await expect(page.getByText('The file was refused; nothing was imported.')).toBeVisible();
  await expect(page.getByText(/Line 2, column \d+:/)).toBeVisible();
  await expect(page).toHaveURL(RESULTS_URL);

  await page.getByLabel('File (CSV or JSON, up to 500 KB)').setInputFiles(file);
  await page.getByRole('button', { name: 'Import as a new survey' }).click();
  await expect(page).toHaveURL(RESULTS_URL);
  await r.ready();
  await expect(page.getByText('400 experts answered; 400 are in the analysis.')).toBeVisible();
  await expect(page.locator('.results')).toHaveAttribute('data-analysis', 'worker');
  await expect(page.locator('tr[data-expert="X4"]')).toContainText('imported');

  // The experts table shows 50 at a time (the page's HTML stays small), with a search and a
  // filter to the inconsistent ones.
  const rowsShown = page.locator('table.experts tbody tr');
  await expect(rowsShown).toHaveCount(50);
  await expect(page.getByText('Experts 1–50 of 400')).toBeVisible();
  await page.getByRole('button', { name: 'Next 50' }).click();
  await expect(page.getByText('Experts 51–100 of 400')).toBeVisible();
  await expect(page.locator('tr[data-expert="X51"]')).toBeVisible();
  await expect(page.locator('tr[data-expert="X4"]')).toHaveCount(0);
  await page.getByLabel('Find an expert by name or role').fill('X399');
  await expect(rowsShown).toHaveCount(1);
  await expect(page.getByText('Experts 1–1 of 1')).toBeVisible();
  await page.getByLabel('Find an expert by name or role').fill('');
  await page.getByLabel('Only experts with a node above the CR threshold').check();
  const flaggedCount = Number(
    /\((\d+)\)/.exec(
      (await page
        .getByRole('button', { name: /^Leave out all inconsistent experts/ })
        .textContent())!
    )![1]
  );
  expect(flaggedCount).toBeGreaterThan(0);
  await expect(
    page.getByText(`Experts 1–${Math.min(50, flaggedCount)} of ${flaggedCount}`)
  ).toBeVisible();
  await page.getByLabel('Only experts with a node above the CR threshold').uncheck();

  // Leaving out every copy of an inconsistent expert changes the weights (in the worker).
  const before = await r.weightOf('C3').textContent();
  await page.getByRole('button', { name: /^Leave out all inconsistent experts/ }).click();
  await expect(r.weightOf('C3')).not.toHaveText(before!);
  await expect(page.getByText(/400 experts answered; 3\d\d are in the analysis\./)).toBeVisible();
  await r.intervalsReady();
  expect(errors).toEqual([]);
});
