/**
 * The researcher's side (issue 3, sections 2, 4 and 5): creating a survey and its admin link,
 * editing the hierarchy (names in Chinese, a pasted outline, preset weights), inviting experts
 * from a pasted list with their links and CSV, opening the survey, the status table, the open
 * link, and what bad input and a wrong admin token get. Screenshots of the researcher's pages
 * go to docs/screenshots/ for the README.
 */
import { test, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkSubmission, farmCreditTemplate } from '../../src/lib/survey';
import {
  collectErrors,
  EXPERT_LINK,
  ExpertPage,
  expect,
  noHorizontalOverflow,
  positionOf,
  Researcher,
  screenshot,
  TOKEN_URL
} from './pages';

test.describe('the researcher', () => {
  test('creates a survey from the template and sees the admin link once', async ({ page }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'template');

    const banner = page.getByRole('region', {
      name: 'This is your private admin link: save it now, it is not shown again'
    });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('textbox', { name: 'Your private admin link' })).toHaveValue(
      `${new URL(page.url()).origin}/a/${r.token}`
    );
    await expect(banner).toContainText('Anyone with this link can manage the survey');
    await expect(banner).toContainText('fingerprint (hash)');
    await expect(
      banner.getByRole('button', { name: 'Copy: Your private admin link' })
    ).toBeVisible();
    // The marker has left the address bar: a reload or a bookmark doesn't show the link again.
    await expect(page).toHaveURL(new RegExp(`/a/${r.token}$`));

    // The overview: the template's title, a draft, 30 comparisons (6 + 1 + 10 + 3 + 10).
    await expect(page.locator('.survey-title')).toHaveText('Farm-household micro-credit risk');
    await expect(page.getByText('Draft', { exact: true })).toBeVisible();
    await expect(page.getByText('Each expert makes 30 pairwise comparisons.')).toBeVisible();
    await screenshot(page, 'researcher-overview-created');

    await r.reload();
    await expect(
      page.getByRole('heading', { name: /This is your private admin link/ })
    ).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('edits the title and the settings; bad settings get a message and keep the form', async ({
    page
  }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'template');
    await r.overview();

    await page.getByLabel('Title (中文)').fill('农户小额信贷风险专家问卷');
    await page.getByRole('button', { name: 'Save the title' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    await page.getByLabel('Title (English)').fill('');
    await page.getByLabel('Title (中文)').fill('');
    await page.getByRole('button', { name: 'Save the title' }).click();
    await expect(page.getByText('Give a title in English or Chinese.')).toBeVisible();

    // The template follows the study: the square-root method, Saaty 1980, CR < 0.10.
    await expect(page.getByLabel('Priority method')).toHaveValue('geometric-mean');
    await page.getByLabel('Random-index table').selectOption('alonso-lamata');
    await page.getByLabel('CR must be below').fill('1.5');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect(
      page.getByText('The CR threshold must be a number between 0 and 1, for example 0.1.')
    ).toBeVisible();
    // What was chosen is still there.
    await expect(page.getByLabel('Random-index table')).toHaveValue('alonso-lamata');
    await expect(page.getByLabel('CR must be below')).toHaveValue('1.5');

    await page.getByLabel("Saaty's thresholds by size", { exact: false }).check();
    await page.getByLabel('Experts may answer "no opinion" on a pair').check();
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    await r.reload();
    await expect(page.getByLabel('Random-index table')).toHaveValue('alonso-lamata');
    await expect(page.getByLabel("Saaty's thresholds by size", { exact: false })).toBeChecked();
    await expect(page.getByLabel('Experts may answer "no opinion" on a pair')).toBeChecked();
    await expect(page.getByLabel('Title (中文)')).toHaveValue('农户小额信贷风险专家问卷');
    expect(errors).toEqual([]);
  });

  test('renames a node in Chinese and gives preset weights that must sum to 1', async ({
    page
  }) => {
    // Three saves and three reloads of the template's editor (twenty items, fifteen rating
    // scales): about 30 s on a machine shared with five builds. The limit catches hangs.
    test.slow();
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'template');
    await r.hierarchy();
    await expect(
      page.getByText('20 items; each expert makes 30 pairwise comparisons.')
    ).toBeVisible();

    // A Chinese name.
    await r.field('B1', 'Name (中文)').fill('自然灾害风险');
    await expect(page.getByText('Unsaved changes')).toBeVisible();
    await r.saveHierarchy();
    await expect(page.getByText('Saved.')).toBeVisible();
    await r.reload();
    await expect(r.field('B1', 'Name (中文)')).toHaveValue('自然灾害风险');

    // Preset weights for B3 (C8-C10): no comparisons there any more.
    const b3 = r.node('B3');
    await b3.getByLabel('Preset weights instead of comparisons').first().check();
    await expect(b3.getByText('Sum: 1 ✓')).toBeVisible();
    await expect(
      page.getByText('20 items; each expert makes 27 pairwise comparisons.')
    ).toBeVisible();
    const weights = b3.getByRole('list', {
      name: 'Preset weights of the items under "Operational risk"'
    });
    await weights.getByRole('textbox').nth(0).fill('0.5');
    await weights.getByRole('textbox').nth(1).fill('0.3');
    await weights.getByRole('textbox').nth(2).fill('0.1');
    await expect(b3.getByText('Sum: 0.9 (must be 1)')).toBeVisible();

    // Saving is refused, with the message next to the node; nothing typed is lost.
    await r.saveHierarchy();
    const message = 'The preset weights sum to 0.9; they must sum to 1.';
    await expect(b3.locator('.issues').getByText(message)).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText(message);
    await expect(weights.getByRole('textbox').nth(0)).toHaveValue('0.5');
    await expect(weights.getByRole('textbox').nth(0)).toHaveAttribute('aria-invalid', 'true');

    await weights.getByRole('textbox').nth(2).fill('1/5');
    await expect(b3.getByText('Sum: 1 ✓')).toBeVisible();
    await expect(b3.locator('.issues')).toHaveCount(0);
    await r.saveHierarchy();
    await expect(page.getByText('Saved.')).toBeVisible();
    await r.reload();
    await expect(r.node('B3').getByText('Sum: 1 ✓')).toBeVisible();
    await expect(
      page.getByText('20 items; each expert makes 27 pairwise comparisons.')
    ).toBeVisible();

    // In Chinese, the editor and the new name.
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await expect(page.getByRole('heading', { level: 1, name: '层次结构' })).toBeVisible();
    await expect(r.node('B1').locator(':scope > legend')).toContainText('自然灾害风险');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await screenshot(page, 'researcher-hierarchy-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await screenshot(page, 'researcher-hierarchy');
    expect(errors).toEqual([]);
  });

  test('adds, reorders, describes and deletes nodes with the keyboard in reach', async ({
    page
  }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'scratch');
    await r.hierarchy();

    // A new criterion under the goal gets the next id of its siblings and the focus.
    await r.node('A1').getByRole('button', { name: 'Add a sub-item to "Goal"' }).click();
    await expect(r.node('B3')).toBeVisible();
    await expect(r.field('B3', 'Name (English)')).toBeFocused();
    await page.keyboard.type('Market risk');
    await r.field('B3', 'Name (中文)').fill('市场风险');
    await r.node('B3').getByText('Description', { exact: true }).click();
    await r.field('B3', 'Description (English)').fill('Prices of the main products.');

    // Up twice: first place; the focus stays on the moved node's buttons.
    await r.node('B3').getByRole('button', { name: 'Move "Market risk" up' }).click();
    await r.node('B3').getByRole('button', { name: 'Move "Market risk" up' }).click();
    await expect(
      r.node('B3').getByRole('button', { name: 'Move "Market risk" down' })
    ).toBeFocused();
    const order = () => page.locator('fieldset.node > legend .node-id').allTextContents();
    expect(await order()).toEqual(['A1', 'B3', 'B1', 'B2']);

    // Delete asks first.
    await r.node('B2').getByText('Delete', { exact: true }).click();
    await r.node('B2').getByRole('button', { name: 'Yes, delete "Criterion 2"' }).click();
    expect(await order()).toEqual(['A1', 'B3', 'B1']);

    // A new node without a name: refused, the message at the node, the rest kept.
    await r.node('B1').getByRole('button', { name: 'Add a sub-item to "Criterion 1"' }).click();
    await r.saveHierarchy();
    const unnamed = r.node('N1');
    await expect(unnamed.locator('.issues')).toHaveText('Give a name in English or Chinese.');
    await expect(r.field('B3', 'Description (English)')).toHaveValue(
      'Prices of the main products.'
    );
    await r.field('N1', 'Name (English)').fill('Crop insurance');
    await r.saveHierarchy();
    await expect(page.getByText('Saved.')).toBeVisible();

    await r.reload();
    expect(await order()).toEqual(['A1', 'B3', 'B1', 'N1']);
    await expect(r.field('B3', 'Name (中文)')).toHaveValue('市场风险');
    expect(errors).toEqual([]);
  });

  test('pastes an outline into a scratch survey; a bad line is named by its entry', async ({
    page
  }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'scratch');
    await r.hierarchy();
    const outline = page.getByLabel('Outline', { exact: true });

    await outline.fill('Goal: B1, B2\nB1 C1, C2');
    await page.getByRole('button', { name: 'Check the outline' }).click();
    await expect(page.locator('#outline-error')).toContainText('Entry 2 “B1 C1, C2”:');
    await expect(page.locator('#outline-error')).toContainText('no colon: write');
    await expect(outline).toHaveValue('Goal: B1, B2\nB1 C1, C2');

    // In Chinese, the problem is said in Chinese.
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await page.locator('#outline').fill('Goal: B1, B2; C1: D1, D2');
    await page.getByRole('button', { name: '检查提纲' }).click();
    await expect(page.locator('#outline-error')).toContainText('第 2 条 “C1: D1, D2”');
    await expect(page.locator('#outline-error')).toContainText('“C1”不是提纲前面列出的项目');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // A node beyond the survey's random-index table: the tables that cover it are named.
    await outline.fill(`Goal: ${Array.from({ length: 16 }, (_, k) => `I${k + 1}`).join(', ')}`);
    await page.getByRole('button', { name: 'Check the outline' }).click();
    await expect(page.locator('#outline-error')).toContainText(
      'A node compares 16 items: more than the Saaty (1980) table covers (n ≤ 15). Choose ' +
        'Alonso and Lamata (2006) / Donegan and Dodd (1991), or split the node.'
    );

    await outline.fill('Goal: B1, B2; B1: C1, C2; B2: C3, C4, C5');
    await page.getByRole('button', { name: 'Check the outline' }).click();
    const preview = page.locator('.preview');
    await expect(preview.getByRole('heading', { name: 'This outline gives' })).toBeVisible();
    await expect(preview).toContainText('Each expert makes 5 pairwise comparisons.');
    // Nothing replaced before the researcher confirms.
    await expect(r.node('C5')).toHaveCount(0);
    await page.getByRole('button', { name: 'Replace the hierarchy with this outline' }).click();
    await expect(page.getByText('The hierarchy was replaced by the outline.')).toBeVisible();
    await expect(r.node('C5')).toBeVisible();
    await expect(
      page.getByText('8 items; each expert makes 5 pairwise comparisons.')
    ).toBeVisible();
    await r.reload();
    await expect(r.field('C3', 'Name (English)')).toHaveValue('C3');
    expect(errors).toEqual([]);
  });

  test('labels and titles containing HTML or script are shown as text', async ({ page }) => {
    const errors = collectErrors(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const evil = '<img src=x onerror=alert(1)>';
    const r = await Researcher.create(page, 'scratch');
    await r.hierarchy();
    await r.field('B1', 'Name (English)').fill(evil);
    await r.saveHierarchy();
    await expect(page.getByText('Saved.')).toBeVisible();

    await r.overview();
    await page.getByLabel('Title (English)').fill('<script>alert("title")</script>');
    await page.getByRole('button', { name: 'Save the title' }).click();
    await expect(page.locator('.survey-title')).toHaveText('<script>alert("title")</script>');

    await r.hierarchy();
    await expect(r.node('B1').locator(':scope > legend')).toContainText(evil);
    await expect(r.field('B1', 'Name (English)')).toHaveValue(evil);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('main script')).toHaveCount(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('invites three experts from a pasted list, gets their links and the CSV, opens the survey', async ({
    page,
    context
  }) => {
    const errors = collectErrors(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const r = await Researcher.create(page, 'template');
    await r.experts();
    await expect(page.getByText('Links are shown once.')).toBeVisible();
    const list = page.getByLabel('Experts, one a line');

    // An empty name: nobody invited, the line named, the list kept.
    const bad = 'Li Wei, academic, 1\n, practitioner\nWang Fang, practitioner, -2';
    await list.fill(bad);
    await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
    const problems = page.locator('#invite-list-errors');
    await expect(problems).toContainText('Nobody was invited.');
    await expect(problems).toContainText('Line 2 “, practitioner”: A name is needed.');
    await expect(problems).toContainText('Line 3');
    await expect(problems).toContainText('The expert weight must be a number ≥ 0');
    await expect(list).toHaveValue(bad);
    await expect(page.getByText('Nobody has been invited yet.')).toBeVisible();

    await list.fill('Li Wei, academic, 1\nZhang Min，信贷员，0.5\n\nWang Fang');
    await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
    const links = page.getByRole('region', { name: '3 new links: shown only now' });
    await expect(links).toBeVisible();
    const fields = links.getByRole('textbox');
    await expect(fields).toHaveCount(3);
    const shown = await Promise.all([0, 1, 2].map((k) => fields.nth(k).inputValue()));
    for (const link of shown) expect(link).toMatch(EXPERT_LINK);
    expect(new Set(shown).size).toBe(3);
    await expect(list).toHaveValue('');

    // Copy all links.
    await links.getByRole('button', { name: 'Copy all links' }).click();
    await expect(links.getByText('Copied')).toBeVisible();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard.split('\n')).toEqual([
      `Li Wei (academic): ${shown[0]}`,
      `Zhang Min (信贷员): ${shown[1]}`,
      `Wang Fang: ${shown[2]}`
    ]);

    // Download the CSV: name, role, weight, link.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      links.getByRole('link', { name: 'Download CSV' }).click()
    ]);
    expect(download.suggestedFilename()).toBe('pairwise-expert-links.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
    ).toEqual([
      'name,role,weight,link',
      `Li Wei,academic,1,${shown[0]}`,
      `Zhang Min,信贷员,0.5,${shown[1]}`,
      `Wang Fang,,1,${shown[2]}`
    ]);
    await page.setViewportSize({ width: 1280, height: 1100 });
    await screenshot(page, 'researcher-experts-links');

    // Open the survey.
    await r.overview();
    await expect(page.getByRole('definition').nth(0)).toHaveText('3');
    await page.getByRole('button', { name: 'Open survey' }).click();
    await expect(page.getByText('The survey is open.')).toBeVisible();
    await expect(page.locator('.badge')).toHaveText('Open');
    await expect(page.getByRole('button', { name: 'Close survey' })).toBeVisible();
    await screenshot(page, 'researcher-overview');

    // The status table: three experts, not started; the links are not shown again.
    await r.experts();
    await expect(page.getByRole('region', { name: /new link/ })).toHaveCount(0);
    const rows = page.locator('.status-table tbody tr');
    await expect(rows).toHaveCount(3);
    for (const [k, name] of ['Li Wei', 'Zhang Min', 'Wang Fang'].entries()) {
      await expect(rows.nth(k).locator('td').nth(0)).toHaveText(name);
      await expect(rows.nth(k).locator('td').nth(3)).toHaveText('not started');
    }
    await expect(rows.nth(1).locator('td').nth(2)).toHaveText('0.5');

    // A lost link: a new one, shown once; the old one stops working.
    await rows.nth(0).getByText('New link', { exact: true }).click();
    await rows.nth(0).getByRole('button', { name: 'Make a new link' }).click();
    const renewed = page.getByRole('region', { name: 'New link: shown only now' });
    await expect(renewed).toBeVisible();
    const newLink = await renewed.getByRole('textbox').inputValue();
    expect(newLink).toMatch(EXPERT_LINK);
    expect(newLink).not.toBe(shown[0]);
    expect(errors).toEqual([]);
  });

  test('a new link for an expert: the answers on their device carry over, the old link stops', async ({
    page,
    context
  }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'template');
    await r.experts();
    await page.getByLabel('Experts, one a line').fill('Li Wei, academic');
    await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
    const oldLink = await page
      .getByRole('region', { name: /new link/ })
      .getByRole('textbox')
      .inputValue();
    await r.overview();
    await page.getByRole('button', { name: 'Open survey' }).click();
    await expect(page.locator('.badge')).toHaveText('Open');

    // On the expert's device: two answers in the first group, kept on the device.
    const phone = await context.newPage();
    const phoneErrors = collectErrors(phone);
    const expert = new ExpertPage(phone);
    await phone.goto(oldLink);
    await phone.getByRole('button', { name: 'Start' }).click();
    const answers: Array<[number, number]> = [
      [0, positionOf(3)],
      [1, positionOf(1 / 2)]
    ];
    for (const [pair, position] of answers) {
      await expert
        .pair(0, pair)
        .locator('label.step')
        .nth(position + 8)
        .click();
      await expect(expert.radio(0, pair, position)).toBeChecked();
    }
    await expect
      .poll(async () => (await expert.drafts()).map((d) => d.judgments.A1?.slice(0, 3)))
      .toEqual([[3, 1 / 2, null]]);

    // The researcher makes a new link (the expert lost the old one).
    await r.experts();
    const row = page.locator('.status-table tbody tr').first();
    await row.getByText('New link', { exact: true }).click();
    await row.getByRole('button', { name: 'Make a new link' }).click();
    const newLink = await page
      .getByRole('region', { name: 'New link: shown only now' })
      .getByRole('textbox')
      .inputValue();

    // The new link on the same device: the same group, the same answers; the draft moved.
    await phone.goto(newLink);
    await expect(expert.heading).toHaveText('Farm-household micro-credit risk');
    for (const [pair, position] of answers) {
      await expect(expert.radio(0, pair, position)).toBeChecked();
    }
    await expect(expert.state).toHaveText('Saved on this device');
    const newToken = newLink.split('/e/')[1];
    expect((await expert.drafts()).map((d) => d.key)).toEqual([newToken]);
    // The old link no longer works.
    await phone.goto(oldLink);
    await expect(expert.heading).toHaveText('This link does not work');
    expect([...errors, ...phoneErrors].filter((e) => !e.includes('404'))).toEqual([]);
  });

  test('follows the experts: in progress, submitted with CR flags; the hierarchy freezes', async ({
    page
  }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'template');
    await r.experts();
    await page
      .getByLabel('Experts, one a line')
      .fill('Li Wei, academic\nZhang Min, practitioner, 2\nWang Fang, practitioner');
    await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
    const fields = page.getByRole('region', { name: /new link/ }).getByRole('textbox');
    await expect(fields).toHaveCount(3);
    const [li, zhang] = await Promise.all([0, 1].map((k) => fields.nth(k).inputValue()));
    await r.overview();
    await page.getByRole('button', { name: 'Open survey' }).click();
    await expect(page.locator('.badge')).toHaveText('Open');

    // Li Wei opens the survey (the expert page's API); Zhang Min submits, inconsistent at B2
    // (1 : 3 : 5 : 7 in its first row, then 1/9 between the third and the fourth).
    const api = (link: string) => link.replace('/e/', '/api/e/');
    expect((await page.request.get(api(li!))).status()).toBe(200);
    const judgments = {
      A1: [3, 1 / 2, 5, 1 / 3, 2, 4],
      B1: [2],
      B2: [1, 3, 5, 7, 1 / 3, 2, 4, 1, 1 / 9, 1],
      B3: [1 / 5, 3, 7],
      B4: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    };
    const submissionId = randomUUID();
    const sent = await page.request.post(`${api(zhang!)}/submissions`, {
      data: { submissionId, judgments }
    });
    expect(sent.status()).toBe(201);
    const { consistency } = checkSubmission(farmCreditTemplate(), { submissionId, judgments });
    const flagged = Object.entries(consistency).filter(([, c]) => !c.consistent);
    expect(flagged.map(([id]) => id)).toContain('B2');
    const template = farmCreditTemplate().hierarchy;
    const label = (id: string) =>
      [template, ...(template.children ?? [])].find((n) => n.id === id)!.label.en;

    await r.experts();
    const rows = page.locator('.status-table tbody tr');
    await expect(rows.nth(0).locator('td').nth(3)).toHaveText('in progress');
    await expect(rows.nth(0).locator('td').nth(4)).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await expect(rows.nth(1).locator('td').nth(3)).toHaveText('submitted');
    await expect(rows.nth(1).locator('td').nth(5)).toHaveText(
      flagged.map(([id, c]) => `⚠ ${id} ${label(id)}: CR ${c.cr.toFixed(3)}`).join(' ')
    );
    await expect(rows.nth(2).locator('td').nth(3)).toHaveText('not started');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'researcher-experts', true);

    // A looser threshold on the overview: the flags follow the current settings.
    await r.overview();
    await expect(
      page.getByText(/The hierarchy is frozen since .* UTC: an expert has started/)
    ).toBeVisible();
    await page.getByLabel('CR must be below').fill('0.6');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await r.experts();
    await expect(rows.nth(1).locator('td').nth(5)).toHaveText('all nodes consistent');
    await expect(page.locator('.badge')).toHaveText('Open');

    // The hierarchy is read-only now, with the reason and the outline to start a copy from.
    await r.hierarchy();
    await expect(page.getByText('The hierarchy is frozen', { exact: true })).toBeVisible();
    await expect(page.getByText('An expert started answering on')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save the hierarchy' })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Name (English)' })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'The hierarchy as an outline' })).toHaveValue(
      /^Farm-household micro-credit risk: Natural risk, Credit risk, Operational risk, Market risk; Natural risk: /
    );
    await expect(
      page.getByText("Exposure of the household's crops to natural disasters")
    ).toBeVisible();
    // The template's default scales froze with it, shown read-only.
    await expect(
      page.getByText(
        'Rating scale: levels: 4, points typed in — No overdue payment in three years (100); Overdue once (60); Overdue more than once (25); A default on record (0)'
      )
    ).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('invites one expert; a bad weight or an empty name gets a message', async ({ page }) => {
    const r = await Researcher.create(page, 'template');
    await r.experts();
    const invite = page.getByRole('region', { name: 'Invite one expert' });
    await invite.getByLabel('Name').fill('   ');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(invite.getByText('A name is needed.')).toBeVisible();

    await invite.getByLabel('Name').fill('Chen Jie');
    await invite.getByLabel('Role').fill('practitioner');
    await invite.getByLabel('Expert weight').fill('heavy');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(invite.getByText('The expert weight must be a number ≥ 0')).toBeVisible();
    await expect(invite.getByLabel('Name')).toHaveValue('Chen Jie');

    await invite.getByLabel('Expert weight').fill('2');
    await invite.getByRole('button', { name: 'Invite' }).click();
    const links = page.getByRole('region', { name: '1 new link: shown only now' });
    await expect(links.getByRole('textbox')).toHaveValue(EXPERT_LINK);
    await expect(page.locator('.status-table tbody tr')).toHaveCount(1);
    await expect(page.locator('.status-table tbody td').nth(2)).toHaveText('2');
  });

  test('the open link: on, shown once, joins by name; off and closed say so', async ({
    page,
    browser
  }) => {
    const errors = collectErrors(page);
    const r = await Researcher.create(page, 'template');
    await r.overview();
    await page.getByRole('button', { name: 'Open survey' }).click();
    await expect(page.locator('.badge')).toHaveText('Open');

    await r.experts();
    await expect(page.getByText('at most 5 joins per connection')).toBeVisible();
    await page.getByRole('button', { name: 'Turn the open link on' }).click();
    const field = page.getByRole('textbox', { name: "The survey's open link" });
    await expect(field).toHaveValue(/\/join\/[A-Za-z0-9_-]{32}$/);
    const openLink = await field.inputValue();
    await expect(page.getByText('The open link is on.')).toBeVisible();

    // An expert joins in another browser (no cookies, no admin link).
    const expert = await phone(browser);
    await expert.goto(openLink);
    await expect(expert.getByRole('heading', { level: 1, name: 'Join the survey' })).toBeVisible();
    await expect(expert.getByText('Farm-household micro-credit risk')).toBeVisible();
    await expert.getByLabel('Your name').fill('Zhou Lan');
    await expert.getByLabel('Your role').fill('loan officer');
    await expert.getByRole('button', { name: 'Get my link and start' }).click();
    await expect(expert).toHaveURL(/\/e\/[A-Za-z0-9_-]{32}$/);

    await r.reload();
    const row = page.locator('.status-table tbody tr').filter({ hasText: 'Zhou Lan' });
    await expect(row).toContainText('open link');
    await expect(row.locator('td').nth(1)).toHaveText('loan officer');

    // Closed: the join page says so.
    await r.overview();
    await page.getByRole('button', { name: 'Close survey' }).click();
    await expect(page.locator('.badge')).toHaveText('Closed');
    await expert.goto(openLink);
    await expect(expert.getByText('This survey is closed')).toBeVisible();
    await expect(expert.getByLabel('Your name')).toHaveCount(0);

    // Off: the link is a plain 404.
    await r.experts();
    await page.getByRole('button', { name: 'Turn the open link off' }).click();
    await expect(page.getByText('The open link is off.')).toBeVisible();
    const gone = await expert.goto(openLink);
    expect(gone?.status()).toBe(404);
    await expert.context().close();
    expect(errors).toEqual([]);
  });

  test('a wrong admin token is a 404 that reveals nothing, for pages and actions', async ({
    page,
    request,
    baseURL
  }) => {
    const r = await Researcher.create(page, 'template');
    // Same length and alphabet as a real token, one character changed.
    const last = r.token.at(-1) === 'A' ? 'B' : 'A';
    const wrong = r.token.slice(0, -1) + last;
    for (const path of [
      `/a/${wrong}`,
      `/a/${wrong}/hierarchy`,
      `/a/${wrong}/experts`,
      '/a/short'
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(
        page.getByText('This page does not exist. Check the link you were sent.')
      ).toBeVisible();
      await expect(page.locator('main')).not.toContainText('survey');
    }
    // Actions check the token too: nothing happens with a wrong one.
    const post = (path: string, form: Record<string, string>) =>
      request.post(path, { form, headers: { origin: baseURL! }, maxRedirects: 0 });
    expect((await post(`/a/${wrong}?/open`, {})).status()).toBe(404);
    expect((await post(`/a/${wrong}/experts?/inviteMany`, { list: 'Mallory' })).status()).toBe(404);
    expect(
      (await post(`/a/${wrong}/hierarchy?/outlineReplace`, { outline: 'X: Y, Z' })).status()
    ).toBe(404);
    await r.overview();
    await expect(page.locator('.badge')).toHaveText('Draft');
    await r.experts();
    await expect(page.getByText('Nobody has been invited yet.')).toBeVisible();
  });

  test.describe('on a 360 px phone', () => {
    test.use({ viewport: { width: 360, height: 740 } });

    test('the researcher pages fit the screen', async ({ page }) => {
      const errors = collectErrors(page);
      const r = await Researcher.create(page, 'template');
      await noHorizontalOverflow(page);
      await r.hierarchy();
      await noHorizontalOverflow(page);
      await r.experts();
      await page
        .getByLabel('Experts, one a line')
        .fill('Li Wei, academic\nZhang Min, practitioner');
      await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
      await expect(
        page.getByRole('region', { name: '2 new links: shown only now', exact: true })
      ).toBeVisible();
      await noHorizontalOverflow(page);
      await page
        .getByRole('region', { name: '2 new links: shown only now', exact: true })
        .scrollIntoViewIfNeeded();
      await screenshot(page, 'researcher-experts-phone');
      expect(errors).toEqual([]);
    });
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('creates a survey and edits the hierarchy through plain form posts', async ({ page }) => {
      const r = await Researcher.create(page, 'scratch', { js: false });
      await expect(
        page.getByRole('heading', { name: /This is your private admin link/ })
      ).toBeVisible();
      await r.hierarchy();

      await r.field('B1', 'Name (中文)').fill('自然风险');
      await r.node('B1').getByRole('button', { name: 'Add a sub-item to "Criterion 1"' }).click();
      // The server added the child and kept what was typed (nothing saved yet).
      await expect(r.node('N1')).toBeVisible();
      await expect(r.field('B1', 'Name (中文)')).toHaveValue('自然风险');
      await expect(page.getByText('Unsaved changes')).toBeVisible();

      await r.saveHierarchy();
      await expect(r.node('N1').locator('.issues')).toHaveText(
        'Give a name in English or Chinese.'
      );
      await expect(r.field('B1', 'Name (中文)')).toHaveValue('自然风险');

      await r.field('N1', 'Name (English)').fill('Crop exposure');
      await r.node('B2').getByText('Delete', { exact: true }).click();
      await r.node('B2').getByRole('button', { name: 'Yes, delete "Criterion 2"' }).click();
      await expect(r.node('B2')).toHaveCount(0);
      await r.saveHierarchy();
      await expect(page.getByText('Saved.')).toBeVisible();

      await r.hierarchy();
      await expect(r.field('N1', 'Name (English)')).toHaveValue('Crop exposure');
      await expect(r.field('B1', 'Name (中文)')).toHaveValue('自然风险');
      await expect(
        page.getByText('3 items; each expert makes 0 pairwise comparisons.')
      ).toBeVisible();
    });
  });
});

/** A second browser context at phone size, as an expert would be. */
async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  return context.newPage();
}
