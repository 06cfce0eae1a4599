/**
 * Every page fits a 360 px phone (issue 9, section 1), in English, in Chinese, and in Chinese
 * with the Chinese fonts hidden, whatever fonts the machine has: the home page, a survey's
 * researcher pages in each state (the admin link shown once, the hierarchy editor unfolded and
 * folded, new expert links, the open link, the status table with CR flags), the join page, the
 * expert's page at every step (the introduction, each group, suggestions, the review, the group's
 * results, the closed survey), the results page with saved weight sets and a refused import, the
 * report, the validation page with its report and a refused loan file, and the 404 page. On
 * each: `document.documentElement.scrollWidth` is at most 360, and no element reaches past the
 * screen's edges unless it is inside a box that scrolls or clips on its own (the wide tables'
 * scroll regions). On the way (section 7): the large tree folds and the outline is one tap away,
 * the status bar leads to the suggestions, times are in the viewer's zone; and at desk width
 * the select boxes are wide enough for their longest choice.
 */
import { addSnapshot, juneBook, mayBook } from './monitor-book';
import { chromium, test, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONSISTENT_JUDGMENTS } from './expert-seed';
import { expertFixtures } from './expert-fixtures';
import {
  collectErrors,
  cutOffSelects,
  expect,
  ExpertPage,
  expectFitsScreen,
  positionOf
} from './pages';

const PHONE = { width: 360, height: 740 };
const NODES = ['A1', 'B1', 'B2', 'B3', 'B4'] as const;
// Long words without a break opportunity: a name, a file name (they wrap or scroll, never widen).
const LONG_NAME = 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft';
const LONG_FILE = 'responses-of-the-farm-household-micro-credit-survey-final-version-2.csv';

// A step that cannot happen fails in seconds, not at the end of the long test's time.
test.use({ actionTimeout: 20_000 });

/**
 * A fontconfig file that hides every font covering Chinese: Chromium then draws Chinese as on a
 * fresh machine without CJK fonts (empty boxes of other widths than real glyphs).
 */
function withoutChineseFonts(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pairwise-fonts-'));
  const file = path.join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>zh-cn</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
`
  );
  const chinese = execFileSync('fc-list', [':lang=zh'], {
    env: { ...process.env, FONTCONFIG_FILE: file },
    encoding: 'utf8'
  });
  expect(chinese, 'fonts with Chinese left visible').toBe('');
  return file;
}

// The machine's fonts (the test command installs Noto CJK where Chinese has none), and Chinese
// without them: layouts must fit whatever the fonts.
const RUNS = [
  { locale: 'en', chineseFonts: true },
  { locale: 'zh', chineseFonts: true },
  { locale: 'zh', chineseFonts: false }
] as const;

for (const { locale, chineseFonts } of RUNS) {
  const run = chineseFonts ? locale : `${locale} without Chinese fonts`;
  const messages = JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<
    string,
    string
  >;
  /** The page's words for a message key (plain messages only). */
  const t = (key: string): string => {
    const text = messages[key];
    if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
    return text;
  };

  /** A phone-sized browser in `locale`, without the researcher's cookies. */
  async function phone(browser: Browser, baseURL: string): Promise<Page> {
    // A Chinese panel in China: times are shown in its zone, named (UTC+8 all year).
    const timezoneId = locale === 'zh' ? 'Asia/Shanghai' : 'UTC';
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, timezoneId });
    await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
    return context.newPage();
  }

  async function hydrated(page: Page): Promise<void> {
    await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  }

  test(`every page fits a 360 px phone (${run})`, async ({ browser: installed, baseURL }) => {
    test.setTimeout(300_000);
    const browser = chineseFonts
      ? installed
      : await chromium.launch({
          ...test.info().project.use.launchOptions,
          env: { ...process.env, FONTCONFIG_FILE: withoutChineseFonts() }
        });
    const page = await phone(browser, baseURL!);
    const errors = collectErrors(page);
    const fits = (where: string) => expectFitsScreen(page, `${run}: ${where}`);

    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await fits('home');

    // A survey from the template: the admin link, shown once.
    await page.locator('form[action="?/template"] button').click();
    await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{32}$/);
    const base = new URL(page.url()).pathname;
    await hydrated(page);
    await fits('overview, admin link shown');

    await page.goto(`${base}/hierarchy`);
    await hydrated(page);
    // A large tree folds to a line per criterion, and the outline is one tap away.
    const height = () => page.evaluate(() => document.documentElement.scrollHeight);
    const unfolded = await height();
    await fits('hierarchy editor');
    await page.reload();
    await hydrated(page);
    await page.getByRole('button', { name: t('admin_hierarchy_fold_all') }).click();
    const folded = await height();
    console.log(`${run}: hierarchy editor ${unfolded} px tall, folded ${folded} px`);
    expect(folded).toBeLessThan(unfolded / 2);
    await fits('hierarchy editor, folded');
    await page.getByRole('link', { name: t('admin_outline_jump') }).click();
    await expect(page.locator('#outline')).toBeInViewport();

    // Experts: four invited (their links shown once), and the open link.
    await page.goto(`${base}/experts`);
    await hydrated(page);
    await fits('experts, nobody invited');
    await page
      .locator('#invite-list')
      .fill(`${LONG_NAME}, academic\n王芳, 信用社信贷员\nLiu Yang, practitioner\nZhao Lei, 2`);
    await page.locator('form[action="?/inviteMany"] button[type="submit"]').click();
    const fields = page.locator('.new-links').getByRole('textbox');
    await expect(fields).toHaveCount(4);
    const links = await Promise.all([0, 1, 2, 3].map((k) => fields.nth(k).inputValue()));
    await fits('experts, four new links');
    await page.locator('form[action="?/openLink"] button').first().click();
    const openLink = await page
      .getByRole('textbox', { name: t('admin_open_link_label') })
      .inputValue();
    await fits('experts, the open link shown');

    // Open, with results shown to experts; three experts submit through the expert's API.
    await page.goto(base);
    await hydrated(page);
    await page.locator('input[name="showResults"]').check();
    await page.locator('form[action="?/settings"] button[type="submit"]').click();
    await expect(page.locator('form[action="?/settings"] [role="status"]')).toBeVisible();
    await page.locator('form[action="?/open"] button').click();
    await expect(page.locator('form[action="?/close"]')).toBeVisible();
    await fits('overview, open');
    const inconsistentB2 = [1 / 9, ...CONSISTENT_JUDGMENTS.B2!.slice(1)];
    for (const [k, link] of links.slice(1).entries()) {
      const judgments =
        k === 0 ? { ...CONSISTENT_JUDGMENTS, B2: inconsistentB2 } : CONSISTENT_JUDGMENTS;
      const sent = await page.request.post(`${link.replace('/e/', '/api/e/')}/submissions`, {
        data: { submissionId: randomUUID(), judgments }
      });
      expect(sent.status()).toBe(201);
    }
    await page.goto(`${base}/experts`);
    await hydrated(page);
    await expect(page.locator('.status-table tbody tr')).toHaveCount(4);
    await expect(page.locator('.status-table time').first()).toHaveText(
      locale === 'zh' ? /^\d{4}-\d\d-\d\d \d\d:\d\d GMT\+8$/ : /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/
    );
    await fits('experts, status table with CR flags');

    // The open link, in another browser: the join page.
    const joiner = await phone(browser, baseURL!);
    const joinerErrors = collectErrors(joiner);
    await joiner.goto(openLink);
    await expectFitsScreen(joiner, `${run}: join`);
    await joiner.locator('#join-name').fill(LONG_NAME);
    await joiner.getByRole('button', { name: t('home_join_submit') }).click();
    await expect(joiner).toHaveURL(/\/e\/[A-Za-z0-9_-]{32}$/);
    await joiner.context().close();
    expect(joinerErrors).toEqual([]);

    // The first invited expert answers on the phone, step by step.
    const expert = await phone(browser, baseURL!);
    const expertErrors = collectErrors(expert);
    const e = new ExpertPage(expert);
    await expert.goto(links[0]!);
    await expect(expert.getByRole('button', { name: t('expert_start') })).toBeVisible();
    await expectFitsScreen(expert, `${run}: expert, introduction`);
    await expert.getByRole('button', { name: t('expert_start') }).click();
    for (const [k, node] of NODES.entries()) {
      await expect(e.heading).toBeVisible();
      await expectFitsScreen(expert, `${run}: expert, ${node} unanswered`);
      await e.tapAll(k, node === 'B2' ? inconsistentB2 : CONSISTENT_JUDGMENTS[node]!);
      if (node === 'B2') {
        // Inconsistent: the status bar leads straight to the suggestions below every pair.
        const words = t('expert_to_suggestions')
          .replace(/[()（）↓]/g, '.')
          .replace('{count}', '\\d');
        await expert.getByRole('button', { name: new RegExp(`^${words}$`) }).click();
        await expect(expert.locator('#suggestions-heading')).toBeFocused();
        await expect(expert.locator('#suggestions-heading')).toBeInViewport();
      }
      await expectFitsScreen(expert, `${run}: expert, ${node} answered`);
      await expert
        .getByRole('button', { name: node === 'B4' ? t('expert_to_review') : t('common_next') })
        .click();
    }
    await expect(expert.getByRole('button', { name: t('expert_submit') })).toBeVisible();
    await expectFitsScreen(expert, `${run}: expert, review`);
    await expert.getByRole('button', { name: t('expert_submit') }).click();
    await expect(expert.getByRole('button', { name: t('expert_revise') })).toBeVisible({
      timeout: 15_000
    });
    await expectFitsScreen(expert, `${run}: expert, submitted, with the group's results`);

    // Closed: the expert's page says so.
    await page.goto(base);
    await hydrated(page);
    await page.locator('form[action="?/close"] button').click();
    await expect(page.locator('form[action="?/open"]')).toBeVisible();
    await fits('overview, closed');
    await expert.reload();
    await expect(e.heading).toBeVisible();
    await expectFitsScreen(expert, `${run}: expert, survey closed`);
    await expert.context().close();
    expect(expertErrors).toEqual([]);

    // The demo survey: results, a saved weight set, a refused import, the report, validation.
    await page.goto('/');
    await page.locator('form[action="?/demo"] button').click();
    await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{32}\/results(\?created=1)?$/);
    const demo = new URL(page.url()).pathname.replace(/\/results$/, '');
    await hydrated(page);
    await expect(page.locator('table.saved-list')).toHaveCount(0);
    await fits('results');
    for (const name of ['Whole panel', '全体专家']) {
      await page.getByLabel(t('admin_results_save_name'), { exact: true }).fill(name);
      await page.getByRole('button', { name: t('admin_results_save') }).click();
      await expect(page.locator('table.saved-list tbody th', { hasText: name })).toHaveCount(1);
    }
    await fits('results, two saved weight sets');
    await page.locator('form[action="?/import"] input[type="file"]').setInputFiles({
      name: LONG_FILE,
      mimeType: 'text/csv',
      buffer: Buffer.from('expert,role,node,row,column,value\nx,y,A1,1,2,banana\n')
    });
    await page.locator('form[action="?/import"] button[type="submit"]').click();
    await expect(page.locator('#import-error')).toBeVisible();
    await fits('results, import refused');
    await page.goto(`${demo}/models`);
    await hydrated(page);
    await fits('weight models');
    await page.locator('form[action="?/given"] input[type="file"]').setInputFiles({
      name: LONG_FILE,
      mimeType: 'text/csv',
      buffer: Buffer.from('id,local\nB1,banana\n')
    });
    await page.locator('form[action="?/given"] button[type="submit"]').click();
    await expect(page.locator('#given-error')).toBeVisible();
    await fits('weight models, file refused');
    // Models side by side: the two sets saved above, on the demo loans; one marked production.
    await page.goto(`${demo}/models/compare`);
    await hydrated(page);
    await fits('compare models');
    for (const box of await page.locator('tbody input[type="checkbox"]').all()) await box.check();
    await page.getByRole('button', { name: t('validation_demo_button') }).click();
    await page.getByRole('button', { name: t('compare_run'), exact: true }).click();
    await expect(page.locator('[data-comparison]')).toBeVisible({ timeout: 30_000 });
    await fits('compare models, two sets compared');
    await page.locator('form[action="?/production"] button').first().click();
    await expect(page.locator('[data-production]')).not.toHaveAttribute('data-production', '');
    await fits('compare models, production marked');

    await page.goto(`${demo}/results/report`);
    await fits('report');

    await page.goto(`${demo}/validation`);
    await hydrated(page);
    await fits('validation, nothing loaded');
    await page.getByRole('button', { name: t('validation_demo_button') }).click();
    await expect(page.getByTestId('auc')).toHaveText(/^0\.\d{3}$/, { timeout: 20_000 });
    await expect(page.getByTestId('rate-chart')).toHaveAttribute('data-ready', '');
    await fits('validation, report');
    await page.getByTestId('roc-table').locator('summary').click();
    await expect(page.getByTestId('roc-table').locator('table')).toHaveCount(2);
    await fits('validation, the ROC curves as tables');
    await page.getByRole('button', { name: t('validation_save_submit') }).click();
    await expect(page.getByTestId('regression-saved')).toBeVisible({ timeout: 20_000 });
    await fits('validation, regression saved');
    const compare = page.locator('#compare-set');
    await compare.selectOption({ index: 1 });
    await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 20_000 });
    await fits('validation, two weight sets compared');
    await page.locator('input[type="file"]').setInputFiles({
      name: LONG_FILE,
      mimeType: 'text/csv',
      buffer: Buffer.from('id,C1\n1,abc\n')
    });
    await expect(page.getByRole('alert')).toBeVisible();
    await fits('validation, loan file refused');

    await page.goto(`${demo}/monitor`);
    await hydrated(page);
    await fits('monitor, no snapshot');
    await addSnapshot(page, 'May', '2026-05-31', mayBook());
    await addSnapshot(page, 'June', '2026-06-30', juneBook());
    await expect(page.locator('table[data-testid="warning-table"] tbody tr')).toHaveCount(12);
    await expect(page.getByTestId('psi-chart')).toHaveAttribute('data-ready', '');
    await fits('monitor, two snapshots compared');

    const missing = await page.goto(`/a/${'x'.repeat(32)}/results`);
    expect(missing?.status()).toBe(404);
    await fits('404');

    expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
    await page.context().close();
    if (browser !== installed) await browser.close();
  });

  test(`Delphi round 2 fits a 360 px phone (${run})`, async ({ browser: installed, baseURL }) => {
    const browser = chineseFonts
      ? installed
      : await chromium.launch({
          ...test.info().project.use.launchOptions,
          env: { ...process.env, FONTCONFIG_FILE: withoutChineseFonts() }
        });
    const { delphi, delphiAdmin } = expertFixtures();
    const expert = await phone(browser, baseURL!);
    const errors = collectErrors(expert);
    await expert.goto(`/e/${delphi}`);
    await expect(expert.getByRole('note')).toBeVisible();
    await expectFitsScreen(expert, `${run}: Delphi round 2, introduction`);
    await expert.getByRole('button', { name: t('expert_continue') }).click();
    await expect(expert.locator('.feedback').first()).toBeVisible();
    await expert.locator('.feedback summary').first().click();
    await expectFitsScreen(expert, `${run}: Delphi round 2, a group with the panel's standing`);
    // The reason carried from round 1, then one far too long, with its message: still 360 px.
    const reason = expert.locator('#reason-0-0-input');
    await expect(reason).toHaveValue('Disasters hit every few years');
    await reason.fill('长'.repeat(10_000));
    await expect(expert.locator('#reason-0-0-error')).toBeVisible();
    await expectFitsScreen(expert, `${run}: Delphi round 2, a reason too long`);
    const page = await phone(browser, baseURL!);
    for (const where of ['experts', 'results'])
      await page.goto(`/a/${delphiAdmin}/${where}`).then(() => hydrated(page));
    await expectFitsScreen(page, `${run}: results with the Delphi rounds`);
    await page.goto(`/a/${delphiAdmin}/experts`);
    await hydrated(page);
    await page.locator('#rounds-heading ~ details summary').click();
    await expectFitsScreen(page, `${run}: experts page with the Delphi rounds`);
    expect(errors).toEqual([]);
    await expert.context().close();
    await page.context().close();
    if (browser !== installed) await browser.close();
  });
}

test('at desk width, select boxes are wide enough for their longest choice', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await page.locator('form[action="?/demo"] button').click();
  await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{32}\/results(\?created=1)?$/);
  const base = new URL(page.url()).pathname.replace(/\/results$/, '');
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  await expect(page.locator('select')).not.toHaveCount(0);
  expect(await cutOffSelects(page), 'results').toEqual([]);
  await page.goto(base);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  expect(await cutOffSelects(page), 'overview').toEqual([]);
});
