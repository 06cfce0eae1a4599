/**
 * The hierarchy editor's rating scales (issue 10, section 1) in Chromium on a 360 px phone: the
 * researcher makes C3's levels compared by the panel (with a zero level) and edits C10's numeric
 * breakpoints; a bad value is refused with the message naming the scale's row, in the page's
 * language, and nothing typed is lost; a reload shows what was saved. The same by keyboard, and
 * without JavaScript for a row edit. A pasted outline keeps the scales of the indicators it
 * keeps (matched by id, or by name) and says which new indicators have none, in both languages.
 *
 * The survey: a draft from the template with its default scales (tests/e2e/expert-seed.ts).
 */
import { test, type Page } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import { axe, FAILING } from './a11y';
import { collectErrors, expect, expectFitsScreen, screenshot } from './pages';

const tokens = expertFixtures();

test.use({ viewport: { width: 360, height: 780 }, hasTouch: true });

/** A leaf's fieldset in the editor, by its id ("C3"). */
const leaf = (page: Page, id: string) =>
  page.locator('fieldset.node').filter({
    has: page.locator(':scope > legend .node-id', { hasText: new RegExp(`^${id}$`) })
  });

async function hydrated(page: Page) {
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
}

test('a researcher edits two scales, one compared by the panel, one numeric; bad input is refused', async ({
  page
}) => {
  test.slow();
  const errors = collectErrors(page);
  await page.goto(`/a/${tokens.scalesAdmin}/hierarchy`);
  await hydrated(page);

  // C3: the template's fixed points become "compared by the panel", the default a zero level.
  const c3 = leaf(page, 'C3');
  await c3.getByRole('button', { name: 'Edit the rating scale of “Credit record”' }).click();
  await expect(c3.locator('.scale-line')).toContainText('levels: 4, points typed in');
  await expect(c3.getByLabel('Points (0–100)', { exact: true }).first()).toHaveValue('100');
  await c3.getByLabel('Points of the levels').selectOption('panel');
  await expect(c3.getByLabel('Points (0–100)', { exact: true })).toHaveCount(4);
  await expect(c3.getByLabel('Points (0–100)', { exact: true }).first()).toBeHidden();
  const zero = c3.getByRole('checkbox', { name: 'Zero level: not compared, scores 0' });
  await expect(zero).toHaveCount(4);
  await zero.nth(3).check();
  // The section stays open while the researcher works in it.
  await expect(
    c3.getByRole('button', { name: 'Close the rating scale of “Credit record”' })
  ).toHaveAttribute('aria-expanded', 'true');
  await expect(c3.locator('.scale-line')).toContainText('levels: 4, compared by the panel');
  // A level renamed in both languages and moved up by keyboard.
  await c3.getByLabel('Level name (English)').nth(2).fill('Overdue twice or more');
  await c3.getByLabel('Level name (中文)').nth(2).fill('逾期两次及以上');
  await c3.getByRole('button', { name: 'Move level 3 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(c3.getByRole('button', { name: 'Move level 2 up' })).toBeFocused();
  await expect(c3.getByLabel('Level id', { exact: true }).nth(1)).toHaveValue('repeated');

  // C10: numeric; breakpoint 2 given a value that is not a number, one added.
  const c10 = leaf(page, 'C10');
  await c10.getByRole('button', { name: /^Edit the rating scale of “Loan/ }).click();
  await expect(c10.getByLabel('Kind of scale')).toHaveValue('numeric');
  await expect(c10.getByLabel('Value', { exact: true })).toHaveCount(5);
  await c10.getByLabel('Value', { exact: true }).nth(1).fill('0,3');
  await c10.getByRole('button', { name: 'Add a breakpoint' }).click();
  await expect(c10.getByLabel('Value', { exact: true })).toHaveCount(6);
  await expect(c10.getByLabel('Value', { exact: true }).nth(5)).toBeFocused();
  await page.keyboard.type('3');
  await c10.getByLabel('Points (0–100)', { exact: true }).nth(5).fill('0');
  await c10.getByLabel('Between breakpoints').selectOption('steps');
  await expectFitsScreen(page, 'hierarchy editor, two scales open');
  await screenshot(page, 'researcher-scale-editor');

  // Saved: refused, the row named, the field marked, everything typed still there.
  await page.getByRole('button', { name: 'Save the hierarchy' }).click();
  const problems = page.locator('#problems');
  await expect(problems).toContainText(
    'Scale, breakpoint 2: the value is a number and the points a number from 0 to 100.'
  );
  await expect(c10.getByLabel('Value', { exact: true }).nth(1)).toHaveAttribute(
    'aria-invalid',
    'true'
  );
  await expect(c10.getByLabel('Value', { exact: true }).nth(1)).toHaveValue('0,3');
  await expect(c3.getByLabel('Points of the levels')).toHaveValue('panel');
  await expect(zero.nth(3)).toBeChecked();

  // A zero level on every level of a panel scale is refused too.
  await c10.getByLabel('Value', { exact: true }).nth(1).fill('0.3');
  for (const k of [0, 1, 2]) await zero.nth(k).check();
  await page.getByRole('button', { name: 'Save the hierarchy' }).click();
  await expect(problems).toContainText(
    'Scale: at least one level must be compared; not every level can be a zero level.'
  );
  for (const k of [0, 1, 2]) await zero.nth(k).uncheck();

  await page.getByRole('button', { name: 'Save the hierarchy' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();

  // Reloaded: what was saved.
  await page.reload();
  await hydrated(page);
  await c3.getByRole('button', { name: 'Edit the rating scale of “Credit record”' }).click();
  await expect(c3.getByLabel('Points of the levels')).toHaveValue('panel');
  await expect(c3.getByLabel('Level id', { exact: true })).toHaveCount(4);
  await expect(c3.getByLabel('Level id', { exact: true }).nth(1)).toHaveValue('repeated');
  await expect(c3.getByLabel('Level name (中文)').nth(1)).toHaveValue('逾期两次及以上');
  await expect(zero.nth(3)).toBeChecked();
  await expect(zero.nth(0)).not.toBeChecked();
  await c10.getByRole('button', { name: /^Edit the rating scale of “Loan/ }).click();
  await expect(c10.getByLabel('Between breakpoints')).toHaveValue('steps');
  await expect(c10.getByLabel('Value', { exact: true })).toHaveCount(6);
  await expect(c10.getByLabel('Value', { exact: true }).nth(5)).toHaveValue('3');
  expect(errors).toEqual([]);
});

// C3 by its id, "Agricultural insurance" by C2's English name; C14 (Household assets) is given
// items, so its scale goes with the twelve indicators the outline leaves out.
const OUTLINE =
  'Goal: B1, B2; B1: C3, Agricultural insurance, Savings; B2: Household assets; ' +
  'Household assets: Land, Livestock';

test('a pasted outline keeps the scales of the indicators it keeps, and says which', async ({
  page
}) => {
  test.slow();
  const errors = collectErrors(page);
  await page.goto(`/a/${tokens.outlineAdmin}/hierarchy`);
  await hydrated(page);
  await page.getByLabel('Outline', { exact: true }).fill(OUTLINE);
  await page.getByRole('button', { name: 'Check the outline' }).click();
  const said = page.getByTestId('outline-scales');
  await expect(said.getByTestId('outline-scales-kept').locator('li')).toHaveText([
    'C3: the scale of Credit record (C3), matched by id',
    'Agricultural insurance (N1): the scale of Agricultural insurance (C2), matched by name'
  ]);
  await expect(said.getByTestId('outline-scales-without').locator('li')).toHaveText([
    'Savings',
    'Land',
    'Livestock'
  ]);
  await expect(said.getByTestId('outline-scales-dropped').locator('li')).toHaveCount(13);
  await expect(said.getByTestId('outline-scales-dropped')).toContainText('Household assets (C14)');
  await expectFitsScreen(page, 'hierarchy editor, outline preview with its scales');
  const violations = (await axe(page)).filter((v) => FAILING.has(v.impact ?? ''));
  expect(violations.map((v) => v.id)).toEqual([]);

  await page.getByRole('button', { name: 'Replace the hierarchy with this outline' }).click();
  await expect(page.getByText('The hierarchy was replaced by the outline.')).toBeVisible();
  await expect(said.getByTestId('outline-scales-kept').locator('li')).toHaveCount(2);
  // The editor now holds the new tree: the kept scales are there, the new indicators have none.
  await expect(leaf(page, 'C3').locator('.scale-line')).toContainText('levels: 4, points typed in');
  await expect(leaf(page, 'N1').locator('.scale-line')).toContainText('levels: 3, points typed in');
  await expect(leaf(page, 'Savings').locator('.scale-line')).toContainText(
    'none: the loan officer records a score of 0–100'
  );
  await page.reload();
  await hydrated(page);
  await expect(leaf(page, 'N1').locator('.scale-line')).toContainText('levels: 3, points typed in');
  expect(errors).toEqual([]);
});

test.describe('in Chinese, without JavaScript', () => {
  test.use({ locale: 'zh-CN', javaScriptEnabled: false });

  test('a level is added by the form, and a bad one refused in Chinese', async ({ page }) => {
    await page.goto(`/a/${tokens.scalesA11yAdmin}/hierarchy`);
    const c2 = leaf(page, 'C2');
    await c2.getByRole('button', { name: /^编辑“.+”的评分标准$/ }).click();
    await expect(c2.getByLabel('等级编号')).toHaveCount(3);
    await c2.getByRole('button', { name: '添加等级' }).click();
    await expect(leaf(page, 'C2').getByLabel('等级编号')).toHaveCount(4);
    // The new level has an id but no name and no points: saving says so, at its row.
    await page.getByRole('button', { name: '保存层次结构' }).click();
    const problems = page.locator('#problems');
    await expect(problems).toContainText('评分标准，等级 4：请填写中文或英文名称。');
    await expect(problems).toContainText('评分标准，等级 4：分值应为 0 至 100 之间的数。');
    await expect(leaf(page, 'C2').getByLabel('等级编号')).toHaveCount(4);
  });

  test('a pasted outline says which indicators keep a scale, in Chinese', async ({ page }) => {
    await page.goto(`/a/${tokens.outlineZhAdmin}/hierarchy`);
    // The Chinese names of C3 and C2 (信用记录, 农业保险情况): matched by name.
    await page.getByLabel('提纲', { exact: true }).fill('目标: 信用记录, 农业保险情况, 存款');
    await page.getByRole('button', { name: '检查提纲' }).click();
    const said = page.getByTestId('outline-scales');
    await expect(said.getByTestId('outline-scales-kept').locator('li')).toHaveText([
      '信用记录 (N2)：沿用 信用记录 (C3) 的评分标准，按名称匹配',
      '农业保险情况 (N3)：沿用 农业保险情况 (C2) 的评分标准，按名称匹配'
    ]);
    await expect(said.getByTestId('outline-scales-without').locator('li')).toHaveText([
      '存款 (N4)'
    ]);
    await page.getByRole('button', { name: '用此提纲替换层次结构' }).click();
    await expect(page.getByText('层次结构已被提纲替换。')).toBeVisible();
    await expect(said.getByTestId('outline-scales-kept').locator('li')).toHaveCount(2);
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the outline preview with its scales fits the phone and passes axe', async ({ page }) => {
    // A preview changes nothing, so the sweep's survey serves. C3 by id, C2 and C14 by name.
    await page.goto(`/a/${tokens.scalesA11yAdmin}/hierarchy`);
    await hydrated(page);
    await page.getByLabel('提纲', { exact: true }).fill(`${OUTLINE}; Land: 农户资产状况, 存款`);
    await page.getByRole('button', { name: '检查提纲' }).click();
    await expect(page.getByTestId('outline-scales-kept').locator('li')).toHaveCount(3);
    await expectFitsScreen(page, 'hierarchy editor, outline preview in Chinese');
    const violations = (await axe(page)).filter((v) => FAILING.has(v.impact ?? ''));
    expect(violations.map((v) => v.id)).toEqual([]);
  });
});
