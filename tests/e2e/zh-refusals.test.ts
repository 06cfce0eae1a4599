/**
 * Refusals in the page's language, through the real pages in Chromium (the class tests of every
 * action on both storage backends are tests/unit/i18n/refusals.test.ts and
 * tests/unit/api/form-classes.test.ts; this checks that the pages show those words). In Chinese and in English, on each page with a file or an outline:
 *
 * - models: a file of given weights of the wrong type, with a broken quote, an unknown column, a
 *   weight out of range, a NUL byte in an id, a node twice, malformed JSON; a level's points out
 *   of range;
 * - results: a responses import with an unknown column, a quote never closed, malformed JSON;
 * - monitor: a loan book with a score that is text or out of range, a loan twice, an outcome out
 *   of range;
 * - hierarchy: an outline without a colon, with a name twice, a NUL byte;
 * - the overview: a CR threshold out of (0, 1); the experts page: a pasted list with a weight that
 *   is not a number, too many fields, a name too long.
 *
 * The shown refusal holds, in Chinese, no Latin word except ids, what the user wrote and a few
 * tokens (tests/support/language.ts); in English, no Chinese character; and names the line.
 */
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { foreignCjk, foreignWords } from '../support/language';
import { LEAVES } from './monitor-book';
import { openDemo, saveGivenWeights } from './pages';

const expect = baseExpect.configure({ timeout: 20_000 });
const LANGUAGES = ['zh', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

async function useLanguage(page: Page, language: Language) {
  const url = new URL(page.url()).origin;
  await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: language, url }]);
}

async function hydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
}

/**
 * Submits `form` and checks the refusal then shown in `error` for `language`, against what the
 * user sent: waits for the answer, and for the refusal to differ from the one shown before.
 */
async function expectWorded(
  form: Locator,
  error: Locator,
  language: Language,
  input: string,
  line?: number
) {
  const before = (await error.count()) > 0 ? await error.innerText() : null;
  await Promise.all([
    form.page().waitForResponse((r) => r.request().method() === 'POST'),
    form.locator('button[type="submit"]').first().click()
  ]);
  if (before !== null) await expect(error).not.toHaveText(before);
  await expect(error).toBeVisible();
  const shown = (await error.innerText()).replace(/\s+/g, ' ');
  if (language === 'zh') expect(foreignWords(shown, input), shown).toEqual([]);
  else expect(foreignCjk(shown, input), shown).toEqual([]);
  if (line !== undefined)
    expect(shown).toContain(language === 'zh' ? `第 ${line} 行` : `Line ${line}`);
}

async function chooseFile(form: Locator, name: string, text: string) {
  await form.locator('input[type="file"]').setInputFiles({
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(text)
  });
}

/** A new survey from the farm-credit template, made with the pages in `language`: its admin path. */
async function templateSurvey(page: Page, language: Language): Promise<string> {
  await page.goto('/');
  await useLanguage(page, language);
  await page.goto('/');
  await page.locator('form[action="?/template"] button').click();
  await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{32}(\?created=1)?$/);
  return new URL(page.url()).pathname;
}

for (const language of LANGUAGES) {
  test(`models, results and monitor refuse bad files in ${language}`, async ({ page }) => {
    test.setTimeout(240_000);
    // The demo survey with its panel's weight set saved (in English, before the switch).
    const base = await openDemo(page);
    await page.getByLabel('Name of the weight set').fill('Demo weights');
    await page.getByRole('button', { name: 'Save weight set' }).click();
    await expect(
      page.locator('table.saved-list tbody th', { hasText: 'Demo weights' })
    ).toHaveCount(1);
    await useLanguage(page, language);

    // Monitor: loan books scored with the demo's set (each indicator a score 0-100).
    await hydrated(page, `${base}/monitor`);
    const add = page.locator('form[action="?/add"]');
    const head = `id,${LEAVES.join(',')},defaulted`;
    const row = (id: string, c1: string, outcome = '0') =>
      [id, c1, ...LEAVES.slice(1).map(() => '50'), outcome].join(',');
    const books: Array<[string, string, number]> = [
      ['a score that is text', `${head}\n${row('L1', 'gut')}\n`, 2],
      ['a score out of range', `${head}\n${row('L1', '150')}\n`, 2],
      ['a loan twice', `${head}\n${row('L1', '50')}\n${row('L1', '50')}\n`, 3],
      ['an outcome out of range', `${head}\n${row('L1', '50', '2')}\n`, 2]
    ];
    for (const [what, text, line] of books) {
      await add.locator('input[name="name"]').fill('M');
      await add.locator('input[name="as_of"]').fill('2026-05-31');
      await chooseFile(add, 'book.csv', text);
      await test.step(what, () =>
        expectWorded(add, page.getByTestId('add-error'), language, text, line)
      );
    }

    // Results: responses imports.
    await hydrated(page, `${base}/results`);
    const importForm = page.locator('form[action="?/import"]');
    const imports: Array<[string, string, number]> = [
      ['an unknown column', 'id,Q1_Q2\nE1,1\n', 1],
      ['a quote never closed', 'id,B1_B2\n"E1,1\n', 2],
      ['malformed JSON', '{"experts": [1,]}', 1]
    ];
    for (const [what, text, line] of imports) {
      await chooseFile(importForm, 'r.csv', text);
      await test.step(what, () =>
        expectWorded(importForm, page.locator('#import-error'), language, text, line)
      );
    }

    // Models: files of given weights (the demo's hierarchy is the farm-credit template's).
    await hydrated(page, `${base}/models`);
    const given = page.locator('form[action="?/given"]');
    const files: Array<[string, string, string, number?]> = [
      ['wrong type', 'w.txt', 'id,local\nB1,0.25\n'],
      ['broken quote', 'w.csv', 'id,local\nB1,"0.25\n', 2],
      ['unknown column', 'w.csv', 'id,gewicht\nB1,0.25\n', 1],
      ['out of range', 'w.csv', 'id,local\nB1,1.5\n', 2],
      ['NUL byte', 'w.csv', 'id,local\nB\u00001,0.25\n', 2],
      ['twice', 'w.csv', 'id,local\nB1,0.25\nB1,0.25\n', 3],
      ['malformed JSON', 'w.json', '{"local": {"B1": 0.25,}}', 1]
    ];
    for (const [what, name, text, line] of files) {
      await given.locator('input[name="name"]').fill('G');
      await chooseFile(given, name, text);
      await test.step(what, () =>
        expectWorded(given, page.locator('#given-error'), language, `${text} ${name}`, line)
      );
    }
    await expect(page.locator('tbody tr')).toHaveCount(1);
  });

  test(`the hierarchy's outline and the level points refuse in ${language}`, async ({ page }) => {
    test.setTimeout(120_000);
    const base = await templateSurvey(page, language);
    await hydrated(page, `${base}/hierarchy`);
    const outline = page.locator('form[action="?/outlinePreview"]');
    for (const text of ['G1 B1, B2', 'G1: B1, B1', 'G1: B\u00001, B2']) {
      await outline.locator('textarea[name="outline"]').fill(text);
      await expectWorded(outline, page.locator('#outline-error'), language, text);
    }

    // Models: a level's points out of range (the template's set has rating tables).
    await saveGivenWeights(page, base);
    const points = page.locator('form[action="?/points"]');
    await points.locator('input[name="name"]').fill('P');
    await points.locator('input[name="points"]').fill('101');
    await expectWorded(points, page.locator('#points-error'), language, '101');
    await expect(page.locator('tbody tr')).toHaveCount(1);
  });
}

for (const language of LANGUAGES) {
  test(`the overview's settings and the experts page's invitations refuse in ${language}`, async ({
    page
  }) => {
    test.setTimeout(120_000);
    const base = await templateSurvey(page, language);

    // The overview: a fixed CR threshold out of (0, 1).
    await hydrated(page, base);
    const settings = page.locator('form[action="?/settings"]');
    await settings.locator('input[name="thresholdMode"][value="fixed"]').check();
    await settings.locator('input[name="threshold"]').fill('1.5');
    await expectWorded(settings, page.locator('#settings-error'), language, '1.5');

    // The experts page: a pasted list with a weight that is not a number, a line of too many
    // fields, a name too long.
    await hydrated(page, `${base}/experts`);
    const many = page.locator('form[action="?/inviteMany"]');
    for (const list of ['Li, academic, abc', 'Li, academic, 1, 2, 3', `${'长'.repeat(201)}, r`]) {
      await many.locator('textarea[name="list"]').fill(list);
      await expectWorded(many, page.locator('#invite-list-errors'), language, list);
    }
  });
}
