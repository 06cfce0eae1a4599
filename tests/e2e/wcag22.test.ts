/**
 * WCAG 2.2 AA in the states a user reaches, at 320 px (1.4.10 reflow: 1280 px at 400 %) and
 * 360 px, in Chinese and English: every page with its refused forms and files shown, the longest
 * names (60 characters), 200-character reasons and a panel of 1,000 experts (./wcag-seed.ts). For
 * each state and width: no horizontal scroll of the page, no interactive element overlapping
 * another or off the screen outside a scroll region, targets of 24 x 24 px or spaced (2.5.8), no
 * text clipped, axe clean on the WCAG A/AA rules (every impact); at 320 px also with the text
 * spacing of 1.4.12. Problems are collected over all states and reported together.
 */
import { test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { useLanguage, type Language } from './a11y';
import { expertFixtures } from './expert-fixtures';
import { addSnapshot, juneBook, mayBook } from './monitor-book';
import { collectErrors, expect, ExpertPage, openDemo, Researcher, saveGivenWeights } from './pages';
import { tabSweep } from './a11y';
import {
  axeWcag,
  clippedText,
  layoutProblems,
  motionProblems,
  overflowProblems,
  targetProblems,
  textSpacingProblems
} from './wcag';
import { walkExpertSteps } from './walk';
import { longReason } from './wcag-seed';

const tokens = expertFixtures();
const LANGUAGES: Language[] = ['zh', 'en'];
/** 1.4.10's 320 CSS px and the common small phone. */
const WIDTHS = [320, 360] as const;

test.use({ hasTouch: true, actionTimeout: 20_000 });
test.describe.configure({ timeout: 600_000 });

const messages = Object.fromEntries(
  LANGUAGES.map((l) => [
    l,
    JSON.parse(readFileSync(`messages/${l}.json`, 'utf8')) as Record<string, string>
  ])
) as Record<Language, Record<string, string>>;
/** The page's words for a message key, in both languages (for a role's name). */
function both(key: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(${LANGUAGES.map((l) => escape(messages[l][key]!)).join('|')})$`);
}

/** Checks the page as it is now at both widths; returns its problems, each named. */
async function checkState(page: Page, name: string, language: Language): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 740 });
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
    );
    const found = [
      ...(await layoutProblems(page)),
      ...(await axeWcag(page)),
      ...(width === 320 ? await textSpacingProblems(page) : [])
    ];
    problems.push(...found.map((p) => `${name} [${language}, ${width}px]: ${p}`));
  }
  if (process.env.A11Y_SUMMARY)
    console.log(`[wcag] ${name} [${language}]: ${problems.length} problem(s)`, problems.join('\n'));
  return problems;
}

/** Shows a state in each language (`show` loads and sets it up) and checks it. */
async function sweep(
  page: Page,
  baseURL: string,
  name: string,
  show: (language: Language) => Promise<void>
): Promise<string[]> {
  const problems: string[] = [];
  for (const language of LANGUAGES) {
    await useLanguage(page.context(), baseURL, language);
    await page.setViewportSize({ width: 360, height: 740 });
    await show(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    problems.push(...(await checkState(page, name, language)));
  }
  return problems;
}

/** Loads `url`; a researcher's page is used once hydrated (`timeout`: the 1,000 experts' page). */
async function visit(page: Page, url: string, admin = true, timeout = 10_000): Promise<void> {
  await page.goto(url);
  if (admin) await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1, { timeout });
}

test('home, join, the error pages and a new survey, refused forms shown', async ({
  page,
  baseURL
}) => {
  const errors = collectErrors(page);
  const r = await Researcher.create(page, 'template');
  const a = r.base;
  await page.getByRole('button', { name: 'Open survey' }).click();
  await r.experts();
  await page.getByRole('button', { name: 'Turn the open link on' }).click();
  const openLink = new URL(
    await page.getByRole('textbox', { name: "The survey's open link" }).inputValue()
  ).pathname;
  const go =
    (url: string, admin = true) =>
    () =>
      visit(page, url, admin);
  const problems = [
    ...(await sweep(page, baseURL!, 'home', go('/', false))),
    ...(await sweep(page, baseURL!, 'join', go(openLink, false))),
    ...(await sweep(page, baseURL!, 'join, a name refused', async () => {
      await visit(page, openLink, false);
      await page.locator('#join-name').fill(' ');
      await page.locator('#join-name').evaluate((el) => (el.closest('form')!.noValidate = true));
      await page.locator('#join-name').press('Enter');
      await expect(page.locator('#join-name-error')).toBeVisible();
    })),
    ...(await sweep(page, baseURL!, '404', go(`/a/${'x'.repeat(32)}`, false))),
    ...(await sweep(page, baseURL!, 'expert link not found', go(`/e/${'y'.repeat(32)}`, false))),
    ...(await sweep(page, baseURL!, 'overview, two refused forms', async () => {
      await visit(page, a);
      await page.locator('#title-en').fill('');
      await page.locator('#title-zh').fill('');
      await page.locator('form[action="?/title"] button[type="submit"]').click();
      await expect(page.locator('#title-error')).toBeVisible();
      await page.locator('#threshold').fill('abc');
      await page.locator('form[action="?/settings"] button[type="submit"]').click();
      await expect(page.locator('#settings-error')).toBeVisible();
    })),
    ...(await sweep(page, baseURL!, 'hierarchy, scale editor open, outline refused', async () => {
      await visit(page, `/a/${tokens.scalesA11yAdmin}/hierarchy`);
      await page.locator('.scale-line button').first().click();
      await page.locator('#outline').fill('Goal: B1, B1');
      await page.locator('form[action="?/outlinePreview"] button[type="submit"]').click();
      await expect(page.locator('#outline-error')).toBeVisible();
    })),
    ...(await sweep(page, baseURL!, 'hierarchy, outline preview', async () => {
      await visit(page, `/a/${tokens.scalesA11yAdmin}/hierarchy`);
      await page
        .locator('#outline')
        .fill(
          'Goal: B1, B2; B1: C1 Exposure of the crops to natural disasters, floods and droughts, C2; B2: C3, C4, C5'
        );
      await page.locator('form[action="?/outlinePreview"] button[type="submit"]').click();
      await expect(page.locator('form[action="?/outlineReplace"]')).toBeVisible();
    })),
    ...(await sweep(page, baseURL!, 'experts, an invitation list refused', async () => {
      await visit(page, `${a}/experts`);
      await page
        .locator('#invite-list')
        .fill(`Wang Fang, academic\n${'名'.repeat(201)}, practitioner`);
      await page.locator('form[action="?/inviteMany"] button[type="submit"]').click();
      await expect(page.locator('#invite-list-errors')).toBeVisible();
    }))
  ];
  expect(problems).toEqual([]);
  expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
});

test('the long survey: 60-character names, 200-character reasons, 1,000 experts', async ({
  page,
  baseURL
}) => {
  const errors = collectErrors(page);
  const a = `/a/${tokens.longAdmin}`;
  const url = `/e/${tokens.longExpert}`;
  const problems = [
    ...(await sweep(page, baseURL!, 'experts, 1,000 and the rounds', async () => {
      const start = Date.now();
      // A page of 50 rows (bench/admin-pages.ts: interactive in about a second on a quiet
      // machine); the margin is for a loaded one.
      await visit(page, `${a}/experts`, true, 30_000);
      await expect(page.locator('.status-table tbody tr')).toHaveCount(50);
      if (process.env.A11Y_SUMMARY)
        console.log(`[wcag] experts page of 1,000 hydrated in ${Date.now() - start} ms`);
    })),
    ...(await sweep(
      page,
      baseURL!,
      'experts, a search refused, the Delphi choice open',
      async () => {
        await visit(page, `${a}/experts?page=2&q=${'长'.repeat(201)}`, true, 30_000);
        await expect(page.locator('#experts-list-problem')).toBeVisible();
        await page.locator('input[name="who"][value="chosen"]').check();
        await expect(page.locator('.choices input[type="checkbox"]')).toHaveCount(50);
        await page.locator('#delphi-find').fill('99');
        await page.locator('.choices input[type="checkbox"]').first().check();
      }
    )),
    ...(await sweep(page, baseURL!, 'experts, the last page of 1,000', async () => {
      await visit(page, `${a}/experts?page=20`, true, 30_000);
      await expect(page.locator('.status-table tbody tr')).toHaveCount(50);
      await page.locator('.status-table details summary').last().click();
    })),
    ...(await sweep(page, baseURL!, 'results, 1,000 experts in round 2', async () => {
      await visit(page, `${a}/results`, true, 120_000);
      await expect(page.locator('#rounds-results-heading')).toBeVisible();
      // The whole page: its panel is fetched after the HTML (issue 12).
      await expect(page.locator('table.experts')).toBeVisible({ timeout: 60_000 });
    })),
    ...(await sweep(page, baseURL!, 'report, 1,000 experts', () =>
      visit(page, `${a}/results/report`, false)
    )),
    ...(await sweep(page, baseURL!, 'expert, round 2 introduction', async () => {
      await visit(page, url, false);
      await expect(page.getByRole('note')).toBeVisible();
    }))
  ];
  // Round 2: the panel's standing and the reasons of 200 characters, one refused.
  await page.getByRole('button', { name: both('expert_continue') }).click();
  await expect(page.locator('.feedback').first()).toBeVisible();
  await page.locator('#reason-0-1-input').fill(longReason('zh') + '长');
  await expect(page.locator('#reason-0-1-error')).toBeVisible();
  const expert = new ExpertPage(page);
  await expect.poll(async () => (await expert.drafts())[0]?.judgments.A1?.length).toBe(6);
  problems.push(
    ...(await sweep(page, baseURL!, 'expert, round 2 group with reasons', async () => {
      await visit(page, url, false);
      await expect(page.locator('.feedback').first()).toBeVisible();
      for (const summary of await page.locator('.feedback summary').all()) await summary.click();
    }))
  );
  await page.locator('#reason-0-1-input').fill(longReason('en'));
  await expect(page.locator('#reason-0-1-error')).toHaveCount(0);
  for (let k = 0; k < 5; k++) await expert.next();
  await expect(page.getByRole('button', { name: both('expert_submit') })).toBeVisible();
  problems.push(
    ...(await sweep(page, baseURL!, 'expert, round 2 review', async () => {
      await visit(page, url, false);
      await expect(page.getByRole('button', { name: both('expert_submit') })).toBeVisible();
    }))
  );
  await page.getByRole('button', { name: both('expert_submit') }).click();
  await expect(expert.state).toHaveText(/^(Sent at|已于)/);
  problems.push(
    ...(await sweep(page, baseURL!, "expert, done with the 1,000 experts' results", async () => {
      await visit(page, url, false);
      await expect(page.getByRole('table').first()).toBeVisible();
    }))
  );
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
});

test('the demo survey: results, models, comparison, validation and monitor, refusals shown', async ({
  page,
  baseURL
}) => {
  const errors = collectErrors(page);
  const a = await openDemo(page);
  for (const name of ['Whole panel, as agreed by the credit committee in May', '全体专家']) {
    await page.getByRole('textbox', { name: both('admin_results_save_name') }).fill(name);
    await page.getByRole('button', { name: both('admin_results_save') }).click();
    await expect(page.locator('table.saved-list tbody th', { hasText: name })).toHaveCount(1);
  }
  const refuse = async (form: string, error: string, body: string) => {
    await page.locator(`form[action="?/${form}"] input[type="file"]`).setInputFiles({
      name: 'responses-of-the-farm-household-micro-credit-survey-final-version-2.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(body)
    });
    await page.locator(`form[action="?/${form}"] button[type="submit"]`).click();
    await expect(page.locator(error)).toBeVisible();
  };
  const problems = [
    ...(await sweep(page, baseURL!, 'results, an import refused', async () => {
      await visit(page, `${a}/results`);
      await refuse(
        'import',
        '#import-error',
        'expert,role,node,row,column,value\nx,y,A1,1,2,banana\n'
      );
    })),
    ...(await sweep(page, baseURL!, 'report', () => visit(page, `${a}/results/report`, false))),
    ...(await sweep(page, baseURL!, 'models, a file and level points refused', async () => {
      await visit(page, `${a}/models`);
      await refuse('given', '#given-error', 'id,local\nB1,banana\n');
    })),
    ...(await sweep(page, baseURL!, 'compare models, two compared', async () => {
      await visit(page, `${a}/models/compare`);
      for (const box of await page.locator('tbody input[type="checkbox"]').all()) await box.check();
      await page.getByRole('button', { name: both('validation_demo_button') }).click();
      await page.getByRole('button', { name: both('compare_run') }).click();
      await expect(page.locator('[data-comparison]')).toBeVisible({ timeout: 30_000 });
    })),
    ...(await sweep(page, baseURL!, 'validation, report and regression', async () => {
      await visit(page, `${a}/validation`);
      await page.getByRole('button', { name: both('validation_demo_button') }).click();
      await expect(page.getByTestId('auc')).toHaveText(/^0\.\d{3}$/, { timeout: 30_000 });
      await page.getByRole('button', { name: both('validation_save_submit') }).click();
      await expect(page.getByTestId('regression-saved')).toBeVisible({ timeout: 30_000 });
    })),
    ...(await sweep(page, baseURL!, 'validation, a loan file refused', async () => {
      await visit(page, `${a}/validation`);
      await page.locator('input[type="file"]').setInputFiles({
        name: 'loans.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('id,C1\n1,abc\n')
      });
      await expect(page.getByRole('alert')).toBeVisible();
    }))
  ];
  await visit(page, `${a}/monitor`);
  await addSnapshot(page, 'May', '2026-05-31', mayBook());
  await addSnapshot(page, 'June', '2026-06-30', juneBook());
  problems.push(
    ...(await sweep(page, baseURL!, 'monitor, two snapshots and warnings', async () => {
      await visit(page, `${a}/monitor`);
      await expect(page.getByTestId('psi-chart')).toHaveAttribute('data-ready', '');
    }))
  );
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
});

test('the models page of a survey with rating tables: the level-points form refused', async ({
  page,
  baseURL
}) => {
  const r = await Researcher.create(page, 'template');
  await saveGivenWeights(page, r.base);
  const problems = await sweep(page, baseURL!, 'models, level points refused', async () => {
    await visit(page, `${r.base}/models`);
    await page.locator('form[action="?/points"] input[name="points"]').fill('101');
    await page.locator('form[action="?/points"] button[type="submit"]').click();
    await expect(page.locator('#points-error')).toBeVisible();
  });
  expect(problems).toEqual([]);
});

test("the expert's steps: intro, groups, no opinion, suggestions, levels, review, done, closed", async ({
  page,
  baseURL
}) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  const url = `/e/${tokens.wcagSweep}`;
  const again = async () => {
    await visit(page, url, false);
    await expect(expert.heading).toBeVisible();
  };
  const problems: string[] = [];
  await walkExpertSteps(page, expert, url, async (stop) => {
    problems.push(...(await sweep(page, baseURL!, `expert ${stop.name}`, again)));
  });
  problems.push(
    ...(await sweep(page, baseURL!, 'expert, survey closed', async () => {
      await visit(page, `/e/${tokens.closed}`, false);
      await expect(expert.heading).toBeVisible();
    }))
  );
  // A ratings group: the levels of an indicator, inconsistent, with suggestions.
  const levels = `/e/${tokens.wcagLevels}`;
  await page.goto(levels);
  await page.getByRole('button', { name: both('expert_start') }).click();
  await expert.tapAll(0, [3, 5, 2]);
  await expert.next();
  await expert.tapAll(1, [3, 1 / 3, 5]);
  await expect(page.locator('.suggestions li').first()).toBeVisible();
  // This device also holds the first expert's draft: read this link's (drafts are keyed by token).
  await expect
    .poll(async () =>
      JSON.stringify((await expert.drafts()).find((d) => d.key === tokens.wcagLevels)?.judgments.C3)
    )
    .toBe(JSON.stringify([3, 1 / 3, 5]));
  problems.push(
    ...(await sweep(page, baseURL!, 'expert levels group with suggestions', async () => {
      await visit(page, levels, false);
      await expect(page.locator('.suggestions li').first()).toBeVisible();
    }))
  );
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
});

test('the checks find what they look for (a page made of known defects)', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 740 });
  // Each defect once: two buttons overlapping, a 16 px button crowded by a neighbour 2 px away,
  // a 16 px button alone (spaced: passes), a link in a sentence (inline: passes), a button past
  // the right edge, text clipped in a fixed-height box, and a wide table inside a scroll box
  // (passes).
  await page.setContent(`<!doctype html><html lang="en"><body style="margin:0">
    <main>
    <button id="a" style="position:absolute;left:0;top:0;width:60px;height:44px">A</button>
    <button id="b" style="position:absolute;left:40px;top:10px;width:60px;height:44px">B</button>
    <button id="tiny" style="position:absolute;left:0;top:100px;width:16px;height:16px;padding:0">t</button>
    <button id="near" style="position:absolute;left:18px;top:100px;width:44px;height:44px">n</button>
    <button id="alone" style="position:absolute;left:200px;top:100px;width:16px;height:16px;padding:0">s</button>
    <p style="position:absolute;top:160px">Read the <a href="#x">guide</a> first.</p>
    <button id="far" style="position:absolute;left:300px;top:220px;width:60px;height:44px">F</button>
    <div id="clip" style="position:absolute;top:300px;width:100px;height:20px;overflow:hidden">A long sentence that wraps onto several lines in this small box</div>
    <div style="position:absolute;top:400px;width:300px;overflow-x:auto"><table><tr><td style="min-width:900px">wide</td></tr></table></div>
    </main></body></html>`);
  const targets = await targetProblems(page);
  expect(targets.filter((t) => t.startsWith('overlap'))).toEqual([
    expect.stringMatching(/^overlap: button#a\[A\] and button#b\[B\] \(20 x 34 px\)$/)
  ]);
  expect(targets.filter((t) => t.startsWith('small'))).toEqual([
    expect.stringMatching(/^small: button#tiny\[t\] is 16 x 16 px, button#near\[n\]/)
  ]);
  expect(targets.filter((t) => t.startsWith('off screen'))).toEqual([
    'off screen: button#far[F] at 300..360 of 320 px'
  ]);
  expect(await clippedText(page)).toEqual([expect.stringMatching(/^clipped: div#clip/)]);
  expect(await overflowProblems(page)).toEqual([
    'page 360 px wide on a 320 px screen',
    expect.stringMatching(/^sticks out: button#far/)
  ]);
  // Text spacing (1.4.12) widens "wraps" and lengthens the clipped box's text: still found.
  expect(await textSpacingProblems(page)).toContainEqual(
    expect.stringMatching(/^with text spacing, clipped: div#clip/)
  );
  // A transition left running under reduced motion.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('#a { transition: opacity 2s; }');
    document.adoptedStyleSheets = [sheet];
  });
  expect(await motionProblems(page)).toEqual(['moves: button.']);
  // axe restricted to WCAG: an image without a text alternative is found.
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>`
  );
  expect(await axeWcag(page)).toEqual([expect.stringMatching(/^axe image-alt \(critical\)/)]);
});

test('the scale at 320 px: steps a thumb can hit, all on the screen', async ({ page }) => {
  const expert = new ExpertPage(page);
  await page.setViewportSize({ width: 320, height: 740 });
  await page.goto(`/e/${tokens.wcagFocus}`);
  await page.getByRole('button', { name: both('expert_start') }).click();
  const boxes = await expert
    .pair(0, 0)
    .locator('label.step')
    .evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes).toHaveLength(17);
  // 2.5.8 asks 24 x 24 px; a scale a thumb can hit is 44 px high (2.5.5's size).
  expect(Math.min(...boxes.map((b) => b.height))).toBeGreaterThanOrEqual(44);
  expect(Math.min(...boxes.map((b) => b.width))).toBeGreaterThanOrEqual(24);
  expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(320);
  expect(Math.min(...boxes.map((b) => b.left))).toBeGreaterThanOrEqual(0);
  for (const position of [-8, 8, 0]) await expert.tap(0, 0, position);
});

test('focus: visible on every stop, never under a bar, at 320 px (2.4.7, 2.4.11)', async ({
  page
}) => {
  const expert = new ExpertPage(page);
  await page.setViewportSize({ width: 320, height: 740 });
  const problems: string[] = [];
  const sweepHere = async (name: string) => {
    const { stops, obscured, ringless } = await tabSweep(page, 150);
    expect(stops, name).toBeGreaterThan(0);
    problems.push(
      ...obscured.map((o) => `${name}: ${o.element} ${Math.round(o.hidden * 100)}% hidden`),
      ...ringless.map((r) => `${name}: ${r} has no focus ring`)
    );
  };
  await page.goto('/');
  await sweepHere('home');
  const a = `/a/${tokens.longAdmin}`;
  for (const where of ['', '/hierarchy', '/results', '/validation', '/models', '/monitor']) {
    await visit(page, `${a}${where}`, true, 120_000);
    await sweepHere(`researcher${where || ' overview'}`);
  }
  await page.goto(`/e/${tokens.wcagFocus}`);
  await sweepHere('expert intro');
  await page.getByRole('button', { name: both('expert_start') }).click();
  await expert.tap(0, 0, 2);
  await sweepHere('expert group');
  expect(problems).toEqual([]);
});

test('reduced motion, forced colours, charts with tables, sliders without dragging', async ({
  page
}) => {
  const expert = new ExpertPage(page);
  await page.setViewportSize({ width: 360, height: 740 });
  const a = await openDemo(page);
  expect(await motionProblems(page), 'results').toEqual([]);
  await page.getByRole('textbox', { name: both('admin_results_save_name') }).fill('Charts');
  await page.getByRole('button', { name: both('admin_results_save') }).click();
  await expect(page.locator('table.saved-list tbody th', { hasText: 'Charts' })).toHaveCount(1);

  // 1.1.1: every chart (a canvas) is hidden from screen readers, named as an image, and its
  // numbers are in a table in the same section (the ROC curves' points in a disclosure beside
  // the chart: figures such as the AUC alone do not say what the curve shows).
  const charts = async () =>
    page.locator('canvas').evaluateAll((canvases) =>
      canvases.map((c) => {
        const figure = c.closest('[role="img"]');
        const section = c.closest('section');
        return {
          hidden: c.getAttribute('aria-hidden') === 'true' || !!c.closest('[aria-hidden="true"]'),
          named: !!figure?.getAttribute('aria-label'),
          table: !!section?.querySelector('table')
        };
      })
    );
  const everyChart = { hidden: true, named: true, table: true };
  const onResults = await charts();
  expect(onResults.length).toBeGreaterThan(0);
  for (const c of onResults) expect(c).toEqual(everyChart);
  await visit(page, `${a}/validation`);
  await page.getByRole('button', { name: both('validation_demo_button') }).click();
  await expect(page.getByTestId('roc-chart')).toHaveAttribute('data-ready', '');
  const onValidation = await charts();
  expect(onValidation.length).toBeGreaterThan(0);
  for (const c of onValidation) expect(c).toEqual(everyChart);
  // The ROC table opens from the keyboard: one row per point, at most 20 per curve.
  const rocTable = page.getByTestId('roc-table');
  await rocTable.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(rocTable.locator('table')).toHaveCount(2);
  for (const table of await rocTable.locator('table').all()) {
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(2);
    expect(rows).toBeLessThanOrEqual(20);
    // From refusing no loan (both rates 0) to refusing every loan (both 1).
    await expect(table.locator('tbody tr').first().locator('td')).toHaveText(['0.000', '0.000']);
    await expect(table.locator('tbody tr').last()).toHaveText(
      /^\s*(every loan|全部贷款)\s*1\.000\s*1\.000\s*$/
    );
  }
  expect(await motionProblems(page), 'validation').toEqual([]);

  // 2.5.7: the sliders (the home page's taste of the method, the sensitivity of the results)
  // take a single click on their track: no dragging needed (the browser's own range input;
  // a keyboard moves them too).
  await page.goto('/');
  const slider = page.locator('input[type="range"]');
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  await page.mouse.click(box.x + 4, box.y + box.height / 2);
  await expect(slider).toHaveValue('-8');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(slider).toHaveValue('0');
  await visit(page, `${a}/results`);
  const sensitivity = page.locator('input[type="range"]');
  const before = await sensitivity.inputValue();
  await sensitivity.scrollIntoViewIfNeeded();
  const s = (await sensitivity.boundingBox())!;
  await page.mouse.click(s.x + s.width - 4, s.y + s.height / 2);
  await expect(sensitivity).not.toHaveValue(before);
  expect(Number(await sensitivity.inputValue())).toBeGreaterThan(0.9);

  // Forced colours (Windows high contrast): the chosen step still stands out from the others,
  // by a border or an outline the system colours keep (backgrounds are repainted).
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(`/e/${tokens.wcagFocus}`);
  await page.getByRole('button', { name: both('expert_start') }).click();
  await expert.tap(0, 1, 3);
  const look = (position: number) =>
    expert
      .pair(0, 1)
      .locator('label.step')
      .nth(position + 8)
      .evaluate((l) => {
        const s = getComputedStyle(l);
        return `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor} ${s.outlineStyle} ${s.outlineWidth} ${s.color} ${s.backgroundColor}`;
      });
  const chosen = await look(3);
  for (const other of [2, 4, 0]) expect(await look(other)).not.toBe(chosen);
  // And the language in use, in the header's switch.
  const languages = await page
    .locator('.language-switch button')
    .evaluateAll((buttons) => buttons.map((b) => getComputedStyle(b).backgroundColor));
  expect(languages).toHaveLength(2);
  expect(languages[0]).not.toBe(languages[1]);
  expect(await motionProblems(page), 'expert').toEqual([]);
  await page.emulateMedia({ forcedColors: 'none' });
});

test('consistent help and navigation, no redundant entry, no password (3.2.3, 3.2.6, 3.3.7, 3.3.8)', async ({
  page,
  browser
}) => {
  // The site header (name, language) and the researcher's menu: the same links, in the same order,
  // on every page.
  const a = `/a/${tokens.longAdmin}`;
  const headers = new Set<string>();
  const menus = new Set<string>();
  for (const where of ['', '/hierarchy', '/results', '/validation', '/models', '/monitor']) {
    await visit(page, `${a}${where}`, true, 120_000);
    headers.add(await page.locator('.site-header').innerText());
    menus.add(
      (
        await page
          .getByRole('navigation', { name: both('admin_nav_label') })
          .locator('a')
          .evaluateAll((l) => l.map((x) => x.getAttribute('href')))
      ).join()
    );
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  }
  for (const url of ['/', `/e/${tokens.wcagFocus}`]) {
    await page.goto(url);
    headers.add(await page.locator('.site-header').innerText());
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  }
  expect(headers.size).toBe(1);
  expect(menus.size).toBe(1);
  // 3.3.8: the link is the key; a fresh browser (no cookie) opens the researcher's pages with it.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(a);
  await expect(other.locator('h1')).toBeVisible();
  expect(await other.locator('input[type="password"]').count()).toBe(0);
  await fresh.close();
  // 3.3.7: a refused invitation list comes back as typed, to be corrected, not typed again.
  const r = await Researcher.create(page, 'scratch');
  await r.experts();
  const typed = `Wang Fang, academic\n${'名'.repeat(201)}, practitioner`;
  await page.locator('#invite-list').fill(typed);
  await page.locator('form[action="?/inviteMany"] button[type="submit"]').click();
  await expect(page.locator('#invite-list-errors')).toBeVisible();
  await expect(page.locator('#invite-list')).toHaveValue(typed);
});
