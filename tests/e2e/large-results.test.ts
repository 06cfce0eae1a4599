/**
 * The results page and the printable report of a large panel (issue 12: at most 200 KB of HTML
 * for 1,000 experts): the WCAG sweep's Delphi survey (./wcag-seed.ts: 1,000 experts with names of
 * 60-70 characters, half of them Chinese, round 2 open). Each page's HTML is within 200 KB (a
 * count of bytes, not a time); the page shows the group's weights from its HTML and fetches the
 * panel, after which every expert's name is reached 50 at a time; the report's Print button waits
 * for its list of experts, and the report printed to PDF holds every name and weight. Without
 * JavaScript the weights are there and the full data is a link away. Nothing here changes the
 * survey's answers or rounds (wcag22.test.ts and experts-panel.test.ts use it too).
 */
import { test, type Page } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import { collectErrors, expect } from './pages';
import { pdfText } from './pdf-text';
import { longExpertName } from './wcag-seed';

const tokens = expertFixtures();
const a = `/a/${tokens.longAdmin}`;
const EXPERTS = 1000;
const GOAL = 200_000;
const NAMES = Array.from({ length: EXPERTS }, (_, k) => longExpertName(k));

test.describe.configure({ timeout: 300_000 });

/**
 * Text as compared with a PDF's: without white space (a name wrapped on paper is two runs), NFKC
 * (the CJK font's CMap gives Kangxi radicals such as U+2F64 for 用) and the one radical of the
 * names' characters that NFKC leaves (U+2EDB for 风).
 */
const plain = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\u2EDB/g, '风')
    .replace(/\s+/g, '');

/** A weight set of the whole panel with the names published; its id and document. */
async function savedSet(page: Page) {
  const saved = await page.request.post(`${a}/results/weight-sets`, {
    data: { name: 'Whole panel, names', namesInExport: true }
  });
  expect(saved.status()).toBe(201);
  const { id } = (await saved.json()) as { id: string };
  const set = (await (await page.request.get(`${a}/results/weight-sets/${id}`)).json()) as {
    leaves: Array<{ id: string; globalWeight: number }>;
    experts: Array<{ alias: string; name: string }>;
  };
  return { id, set };
}

test('1,000 long names: the HTML within 200 KB, the weights at once, every name reached once the panel is here', async ({
  page
}) => {
  const errors = collectErrors(page);
  for (const path of ['/results', '/results?round=1', '/results/report']) {
    const answer = await page.request.get(`${a}${path}`);
    expect(answer.status()).toBe(200);
    expect(Buffer.byteLength(await answer.text()), path).toBeLessThanOrEqual(GOAL);
  }

  await page.goto(`${a}/results`);
  await expect(page.locator('section[aria-labelledby="overall-heading"] table')).toBeVisible();
  const experts = page.locator('section[aria-labelledby="experts-heading"]');
  await expect(experts.locator('table.experts')).toBeVisible({ timeout: 60_000 });
  // The "who moved" list of round 2 came with the panel too.
  await expect(page.locator('.rounds tbody th', { hasText: /^E1$/ })).toBeVisible();

  const seen: string[] = [];
  for (let p = 0; p < EXPERTS / 50; p++) {
    if (p > 0) {
      const before = await experts.locator('tbody tr').first().getAttribute('data-expert');
      await experts.getByRole('button', { name: 'Next 50' }).click();
      await expect(experts.locator('tbody tr').first()).not.toHaveAttribute('data-expert', before!);
    }
    seen.push(
      ...(await experts
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-expert') ?? '')))
    );
  }
  expect(seen).toEqual(NAMES);
  expect(errors).toEqual([]);
});

test("a proxy's error page instead of the panel: said, the weights stay, Try again loads it", async ({
  page
}) => {
  let answered = 0;
  await page.route('**/results/panel.json**', async (route) => {
    if (answered++ > 0) return route.continue();
    await route.fulfill({
      status: 502,
      contentType: 'text/html',
      body: '<html><body>Bad gateway</body></html>'
    });
  });
  await page.goto(`${a}/results`);
  await expect(page.getByRole('alert')).toContainText(
    "The experts' answers could not be loaded; the figures above stand, nothing is lost."
  );
  await expect(page.getByRole('alert')).toContainText('HTTP 502');
  await expect(page.locator('section[aria-labelledby="overall-heading"] table')).toBeVisible();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('table.experts')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(answered).toBe(2);
});

test('the report: Print waits for the list of experts; printed to PDF it holds every name and weight', async ({
  page
}) => {
  const errors = collectErrors(page);
  const { id, set } = await savedSet(page);
  expect(set.experts.map((e) => e.name)).toEqual(NAMES);
  const report = `${a}/results/report?set=${id}`;
  expect(Buffer.byteLength(await (await page.request.get(report)).text())).toBeLessThanOrEqual(
    GOAL
  );

  // The list arrives 2 s late; Print, pressed at once, prints only once it is in the page.
  await page.route('**/results/report/experts.json**', async (route) => {
    await new Promise((done) => setTimeout(done, 2000));
    await route.continue();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { printedRows: number | null };
    w.printedRows = null;
    window.print = () => {
      w.printedRows = document.querySelectorAll(
        'section[aria-labelledby="r-panel"] tbody tr'
      ).length;
    };
  });
  await page.goto(report);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  await expect(page.getByText(/Loading the list of the 1,?000 experts/)).toBeVisible();
  await page.getByRole('button', { name: 'Print or save as PDF' }).click();
  await expect
    .poll(
      () => page.evaluate(() => (window as unknown as { printedRows: number | null }).printedRows),
      {
        timeout: 60_000
      }
    )
    .toBe(EXPERTS);

  await page.emulateMedia({ media: 'print' });
  const text = plain(pdfText(await page.pdf({ format: 'A4', printBackground: true })));
  const missing = NAMES.map((n, k) => `E${k + 1}${n}`).filter((n) => !text.includes(plain(n)));
  expect(missing, 'experts missing from the PDF').toEqual([]);
  const weights = set.leaves.map((l) => l.globalWeight.toFixed(4));
  expect(weights.filter((w) => !text.includes(w))).toEqual([]);
  expect(errors).toEqual([]);
});

test('without JavaScript: the weights from the HTML, the panel and the list of experts a link away', async ({
  browser
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${a}/results`);
  await expect(page.locator('section[aria-labelledby="overall-heading"] table')).toBeVisible();
  await expect(page.locator('section[aria-labelledby="consistency-heading"]')).toBeVisible();
  const panel = page.getByRole('link', { name: 'the panel as data (JSON)' });
  const answer = await page.request.get((await panel.getAttribute('href'))!);
  expect(answer.headers()['content-type']).toBe('application/json; charset=utf-8');
  const { panel: packed } = (await answer.json()) as { panel: { names: string[] } };
  expect(packed.names).toEqual(NAMES);

  await page.goto(`${a}/results/report`);
  await expect(page.locator('section[aria-labelledby="r-weights"] table').first()).toBeVisible();
  const list = page
    .locator('section[aria-labelledby="r-panel"]')
    .getByRole('link', { name: 'the panel as data (JSON)' });
  const experts = (await (
    await page.request.get((await list.getAttribute('href'))!)
  ).json()) as Array<{ alias: string }>;
  expect(experts.map((e) => e.alias)).toEqual(NAMES.map((_, k) => `E${k + 1}`));
  await context.close();
});
