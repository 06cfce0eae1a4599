/**
 * The experts page of a large panel: the WCAG sweep's survey of 1,000 experts (./wcag-seed.ts;
 * its first expert answers round 2 in wcag22.test.ts, so nothing here touches that expert or
 * the rounds) is shown 50 at a time, with the whole panel's counts, a search, a filter and
 * pages reached by keyboard, in English and Chinese; a new link made on page 2 with JavaScript
 * and on page 3 without it keeps the list's place. The Delphi form's choice of experts loads the
 * names when asked and finds among them; on a small survey the chosen experts alone are asked.
 */
import { test } from '@playwright/test';
import { useLanguage } from './a11y';
import { expertFixtures } from './expert-fixtures';
import { collectErrors, expect, expectFitsScreen, Researcher } from './pages';

const tokens = expertFixtures();
const a = `/a/${tokens.longAdmin}`;
const EXPERT_LINK = /^http:\/\/[^/]+\/e\/[A-Za-z0-9_-]{32}$/;

test.describe.configure({ timeout: 180_000 });

/** The names the seed gives expert n (1-based): English for odd n, Chinese for even n. */
const nameOf = (n: number) =>
  n % 2 === 1
    ? `Expert ${n} of the Fujian rural credit cooperatives' risk panel`
    : `第${n}位专家（福建省农村信用社联合社风险管理部信贷审批委员会）`;

async function hydrated(page: import('@playwright/test').Page): Promise<void> {
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
}

test('1,000 experts: counts of the whole panel, 50 a page, found, filtered, paged by keyboard', async ({
  page,
  baseURL
}) => {
  const errors = collectErrors(page);
  await useLanguage(page.context(), baseURL!, 'en');
  await page.goto(`${a}/experts`);
  await hydrated(page);
  const rows = page.locator('.status-table tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(rows.first().locator('td').first()).toHaveText(nameOf(1));
  const counts = page.getByRole('list', { name: 'The whole panel' });
  await expect(counts.getByRole('link')).toHaveText([
    'invited: 1,000',
    'not started: 0',
    'in progress: 0',
    'submitted: 1,000',
    'consistent at every node: 1,000',
    'a node above the CR threshold: 0'
  ]);
  const pages = page.getByRole('navigation', { name: 'Pages of the experts table' });
  await expect(pages.getByRole('paragraph')).toHaveText('Page 1 of 20: experts 1–50 of 1,000');

  // The pager by keyboard: focus "Next 50" and press Enter.
  const next = pages.getByRole('link', { name: 'Next 50' });
  await next.focus();
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/experts\?page=2$/);
  await expect(pages.getByRole('paragraph')).toHaveText('Page 2 of 20: experts 51–100 of 1,000');
  await expect(rows.first().locator('td').first()).toHaveText(nameOf(51));
  await pages.getByRole('link', { name: 'Last page' }).click();
  await expect(pages.getByRole('paragraph')).toHaveText(
    'Page 20 of 20: experts 951–1,000 of 1,000'
  );
  await expect(pages.getByRole('link', { name: 'Next 50' })).toHaveCount(0);

  // A search by name: 99, 199, 299 ... 899 and 990-999 -> 19 experts; then a filter.
  const search = page.getByRole('searchbox', { name: 'Find an expert by name or role' });
  await search.fill('99');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/experts\?q=99&show=all$/);
  await expect(rows).toHaveCount(19);
  await expect(pages).toHaveCount(0);
  await expect(page.getByText('Experts 1–19 of 19')).toBeVisible();
  await page.getByLabel('Show', { exact: true }).selectOption('not-started');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page).toHaveURL(/\/experts\?q=99&show=not-started$/);
  await expect(page.getByRole('status').filter({ hasText: 'No expert matches.' })).toBeVisible();
  await page.getByRole('link', { name: 'Show everyone' }).click();
  await expect(rows).toHaveCount(50);

  // Damaged addresses are said by name, the counts stay, nothing else is shown.
  for (const [search, message] of [
    ['?page=abc', 'The page number in the address (page=) must be a whole number from 1'],
    ['?show=everyone', 'The address asks for a list this page does not have (show=)'],
    ['?q=a%00b', 'The search holds a control character at character 2'],
    [`?q=${'x'.repeat(201)}`, 'The search is longer than 200 characters']
  ] as const) {
    await page.goto(`${a}/experts${search}`);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(rows).toHaveCount(0);
    await expect(counts.getByRole('link').first()).toHaveText('invited: 1,000');
  }
  await page.goto(`${a}/experts?page=21`);
  await expect(
    page.getByRole('status').filter({ hasText: 'There is no page 21: the list has 20 pages now.' })
  ).toBeVisible();
  await page.getByRole('link', { name: 'Go to page 20' }).click();
  await expect(rows).toHaveCount(50);

  // The same in Chinese: the pager and the search are named in the page's language.
  await useLanguage(page.context(), baseURL!, 'zh');
  await page.goto(`${a}/experts?page=2`);
  await hydrated(page);
  const zhPages = page.getByRole('navigation', { name: '专家表的分页' });
  await expect(zhPages.getByRole('paragraph')).toHaveText(
    '第 2 页，共 20 页：第 51–100 位专家，共 1,000 位'
  );
  for (const name of ['第一页', '上 50 位', '下 50 位', '最后一页'])
    await expect(zhPages.getByRole('link', { name })).toHaveCount(1);
  await expect(page.getByRole('searchbox', { name: '按姓名或身份查找专家' })).toBeVisible();
  await expect(page.getByRole('list', { name: '全体专家' }).getByRole('link').first()).toHaveText(
    '已邀请：1,000'
  );
  await expectFitsScreen(page, 'experts page 2 of 1,000, zh, desktop');
  expect(errors.filter((e) => !/400/.test(e))).toEqual([]);
});

test('a new link on page 2 keeps the page; the Delphi choice finds among 1,000 names', async ({
  page,
  baseURL
}) => {
  const errors = collectErrors(page);
  await useLanguage(page.context(), baseURL!, 'en');
  await page.goto(`${a}/experts?page=2`);
  await hydrated(page);
  const row = page.locator('.status-table tbody tr').filter({ hasText: nameOf(52) });
  await row.getByText('New link', { exact: true }).click();
  await row.getByRole('button', { name: 'Make a new link' }).click();
  const renewed = page.getByRole('region', { name: 'New link: shown only now' });
  await expect(renewed.getByRole('textbox')).toHaveValue(EXPERT_LINK);
  await expect(renewed.getByRole('cell').first()).toHaveText(nameOf(52));
  await expect(page).toHaveURL(/\/experts\?page=2$/);
  await expect(page.locator('.status-table tbody tr').first().locator('td').first()).toHaveText(
    nameOf(51)
  );

  // The names arrive when the researcher chooses whom to ask; a search narrows the list and
  // what was ticked stays ticked.
  const rounds = page.getByRole('region', { name: 'Delphi rounds' });
  const names = page.waitForResponse((r) => r.url().endsWith('/experts/names'));
  await rounds.getByLabel('Only the experts chosen below').check();
  expect((await names).status()).toBe(200);
  // The first 50 of the 1,000 are listed to tick; a search finds the others.
  const boxes = rounds.locator('.choices').getByRole('checkbox');
  await expect(boxes).toHaveCount(50);
  await expect(
    rounds.getByText(
      'The first 50 of the 1000 experts found are listed: narrow the search to find the others.'
    )
  ).toBeVisible();
  const find = rounds.getByRole('searchbox', { name: 'Find an expert to choose, by name or role' });
  await find.fill('Expert 99 of');
  await expect(boxes).toHaveCount(1);
  await rounds.getByRole('checkbox', { name: nameOf(99) }).check();
  await expect(rounds.getByText('1 of 1000 experts chosen')).toBeVisible();
  await find.fill('第100位');
  await rounds.getByRole('checkbox', { name: nameOf(100) }).check();
  await expect(rounds.getByText('2 of 1000 experts chosen')).toBeVisible();
  // Expert 99 is no longer listed, and still chosen: the form sends both.
  await expect(rounds.getByRole('checkbox', { name: nameOf(99) })).toHaveCount(0);
  const sent = rounds.locator('input[type="hidden"][name="expert"]');
  await expect(sent).toHaveCount(2);
  await find.fill('Expert 99 of');
  await expect(rounds.getByRole('checkbox', { name: nameOf(99) })).toBeChecked();
  await rounds.getByRole('checkbox', { name: nameOf(99) }).uncheck();
  await expect(sent).toHaveCount(1);
  await expect(rounds.getByText('1 of 1000 experts chosen')).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the pages are links and a new link on page 3 keeps the page', async ({ page, baseURL }) => {
    await useLanguage(page.context(), baseURL!, 'en');
    await page.goto(`${a}/experts`);
    const pages = page.getByRole('navigation', { name: 'Pages of the experts table' });
    await pages.getByRole('link', { name: 'Next 50' }).click();
    await pages.getByRole('link', { name: 'Next 50' }).click();
    await expect(pages.getByRole('paragraph')).toHaveText('Page 3 of 20: experts 101–150 of 1,000');
    const row = page.locator('.status-table tbody tr').filter({ hasText: nameOf(103) });
    await row.getByText('New link', { exact: true }).click();
    await row.getByRole('button', { name: 'Make a new link' }).click();
    const renewed = page.getByRole('region', { name: 'New link: shown only now' });
    await expect(renewed.getByRole('textbox')).toHaveValue(EXPERT_LINK);
    await expect(renewed.getByRole('cell').first()).toHaveText(nameOf(103));
    await expect(pages.getByRole('paragraph')).toHaveText('Page 3 of 20: experts 101–150 of 1,000');
  });
});

test('the next round asks only the experts chosen', async ({ page }) => {
  const errors = collectErrors(page);
  const r = await Researcher.create(page, 'template');
  await r.experts();
  await page.getByLabel('Experts, one a line').fill('Li Wei\nZhang Min\nWang Fang');
  await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
  await expect(page.getByRole('region', { name: /new link/ }).getByRole('textbox')).toHaveCount(3);
  await r.overview();
  await page.getByRole('button', { name: 'Open survey' }).click();
  await expect(page.locator('.badge')).toHaveText('Open');
  await r.experts();
  const rounds = page.getByRole('region', { name: 'Delphi rounds' });
  await expect(rounds).toContainText('Round 1 is open: 0 of 3 experts asked have answered');
  await rounds.getByLabel('Only the experts chosen below').check();
  await rounds.getByRole('checkbox', { name: 'Li Wei' }).check();
  await rounds.getByRole('checkbox', { name: 'Wang Fang' }).check();
  await rounds.getByRole('button', { name: 'Close round 1 and open round 2' }).click();
  await expect(rounds).toContainText('Round 2 is open.');
  await expect(rounds).toContainText('Round 2 is open: 0 of 2 experts asked have answered');
  expect(errors).toEqual([]);
});
