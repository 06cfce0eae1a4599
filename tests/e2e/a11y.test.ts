/**
 * Accessibility (issue 15, WCAG 2.2 AA): axe-core on every page, at 1280 and 360 px, in English
 * and Chinese, in the light and the dark colour scheme, failing on any serious or critical
 * violation; a keyboard sweep of every page that fails when a fixed or sticky bar hides the
 * focused element (2.4.11); the scale's steps at least 24 px at 360 px (2.5.8); and the keyboard
 * cost of a whole survey. `A11Y_SUMMARY=1` prints each page's violations of every impact.
 */
import { addSnapshot, juneBook, mayBook } from './monitor-book';
import { test, type Locator, type Page } from '@playwright/test';
import { failing, sweepPage, tabSweep, viewport, WIDTHS, type Finding } from './a11y';
import { expertFixtures } from './expert-fixtures';
import { CONSISTENT_JUDGMENTS } from './expert-seed';
import {
  collectErrors,
  expect,
  ExpertPage,
  openDemo,
  positionOf,
  Researcher,
  saveGivenWeights
} from './pages';
import { walkExpertSteps } from './walk';

const tokens = expertFixtures();

// The expert's steps are tapped, as on a phone.
test.use({ hasTouch: true });

/** The language's <html lang> is set and, on a researcher's page, the page is hydrated. */
async function settled(page: Page, language: string, admin: boolean): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  if (admin) await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
}

/** Sweeps the page at `url` (reloaded in each language); `extra` waits for its content. */
async function sweepUrl(
  page: Page,
  name: string,
  baseURL: string,
  url: string,
  { admin = true, extra }: { admin?: boolean; extra?: () => Promise<void> } = {}
): Promise<Finding[]> {
  return sweepPage(page, name, baseURL, async (language) => {
    await page.goto(url);
    await settled(page, language, admin);
    await extra?.();
  });
}

/** The demo survey (twelve synthetic experts); returns its admin token. */
async function demo(page: Page): Promise<string> {
  return (await openDemo(page)).slice('/a/'.length);
}

/** An open template survey with its open link turned on; returns the admin token and the link. */
async function openSurvey(page: Page): Promise<{ token: string; openLink: string }> {
  const r = await Researcher.create(page, 'template');
  await page.getByRole('button', { name: 'Open survey' }).click();
  await expect(page.locator('.badge')).toHaveText('Open');
  await r.experts();
  await page.getByRole('button', { name: 'Turn the open link on' }).click();
  const openLink = await page.getByRole('textbox', { name: "The survey's open link" }).inputValue();
  return { token: r.token, openLink };
}

/**
 * The weight models page of a survey with rating tables: a set of given weights saved, then the
 * level-points form refusing points out of range (its error beside the form).
 */
async function modelsWithTables(page: Page, baseURL: string, a: string) {
  await saveGivenWeights(page, a);
  return sweepUrl(page, 'weight models, rating tables', baseURL, `${a}/models`, {
    extra: async () => {
      await page.locator('form[action="?/points"] input[name="points"]').fill('101');
      await page.locator('form[action="?/points"] button[type="submit"]').click();
      await expect(page.locator('#points-error')).toBeVisible();
    }
  });
}

/** The monitor page with two snapshots of the synthetic book (./monitor-book.ts) compared. */
async function monitorSweep(page: Page, baseURL: string, a: string) {
  await page.goto(`${a}/monitor`);
  await addSnapshot(page, 'May', '2026-05-31', mayBook());
  await addSnapshot(page, 'June', '2026-06-30', juneBook());
  return sweepUrl(page, 'monitor', baseURL, `${a}/monitor`, {
    extra: () => expect(page.getByTestId('psi-chart')).toHaveAttribute('data-ready', '')
  });
}

/**
 * The comparison page with two sets compared and one marked production (a second set is saved
 * first, beside the sweep's own).
 */
async function compareSweep(page: Page, baseURL: string, a: string) {
  await page.goto(`${a}/results`);
  await page.getByLabel('Name of the weight set').fill('Second');
  await page.getByRole('button', { name: 'Save weight set' }).click();
  await expect(page.locator('table.saved-list tbody th', { hasText: 'Second' })).toHaveCount(1);
  return sweepUrl(page, 'compare models', baseURL, `${a}/models/compare`, {
    extra: async () => {
      for (const box of await page.locator('tbody input[type="checkbox"]').all()) await box.check();
      await page
        .getByRole('button', { name: /^(Load the demo loan file|载入示例贷款文件)$/ })
        .click();
      await page.getByRole('button', { name: /^(Compare|比较)$/ }).click();
      await expect(page.locator('[data-comparison]')).toBeVisible();
      await page.locator('form[action="?/production"] button').first().click();
      await expect(page.locator('[role="status"] .success')).toBeVisible();
    }
  });
}

test.describe('axe: no serious or critical violation', () => {
  test.describe.configure({ timeout: 240_000 });

  test('home, join, 404, and the researcher pages of a new survey', async ({ page, baseURL }) => {
    const scalesUrl = `/a/${tokens.scalesA11yAdmin}/hierarchy`;
    const errors = collectErrors(page);
    const { token, openLink } = await openSurvey(page);
    const a = `/a/${token}`;
    const findings = [
      ...(await sweepUrl(page, 'home', baseURL!, '/', { admin: false })),
      ...(await sweepUrl(page, 'join', baseURL!, openLink, { admin: false })),
      ...(await sweepUrl(page, 'overview', baseURL!, a)),
      ...(await sweepUrl(page, 'hierarchy', baseURL!, `${a}/hierarchy`)),
      // Every leaf's rating scale open: levels, breakpoints, missing values, notes.
      ...(await sweepUrl(page, 'hierarchy, rating scales', baseURL!, scalesUrl, {
        extra: () =>
          page.evaluate(() => {
            for (const b of document.querySelectorAll<HTMLButtonElement>('.scale-line button'))
              b.click();
          })
      })),
      ...(await sweepUrl(page, 'experts', baseURL!, `${a}/experts`)),
      ...(await modelsWithTables(page, baseURL!, a))
    ];
    const missing = await sweepPage(page, '404', baseURL!, async (language) => {
      await page.goto(`/a/${'x'.repeat(32)}`);
      await settled(page, language, false);
    });
    expect(failing([...findings, ...missing])).toEqual([]);
    // The 404 is the page under test there, not an error.
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });

  test('results, report and validation of the demo survey', async ({ page, baseURL }) => {
    const errors = collectErrors(page);
    const token = await demo(page);
    await page.getByLabel('Name of the weight set').fill('Sweep');
    await page.getByRole('button', { name: 'Save weight set' }).click();
    await expect(page.locator('table.saved-list tbody th', { hasText: 'Sweep' })).toHaveCount(1);
    const a = `/a/${token}`;
    const findings = [
      ...(await sweepUrl(page, 'results', baseURL!, `${a}/results`, {
        extra: () => expect(page.getByText(/Updating the intervals…|正在更新区间/)).toHaveCount(0)
      })),
      ...(await sweepUrl(page, 'report', baseURL!, `${a}/results/report`, { admin: false })),
      ...(await sweepUrl(page, 'validation', baseURL!, `${a}/validation`, {
        extra: async () => {
          await page
            .getByRole('button', { name: /^(Load the demo loan file|载入示例贷款文件)$/ })
            .click();
          await expect(page.getByTestId('auc')).toHaveText(/^0\.\d{3}$/);
          await expect(page.getByTestId('roc-chart')).toHaveAttribute('data-ready', '');
          // The ROC curves' points as tables, opened.
          await page.getByTestId('roc-table').locator('summary').click();
          await expect(page.getByTestId('roc-table').locator('table').first()).toBeVisible();
          // The regression saved as a weight set: the notice with its production address.
          await page.getByRole('button', { name: /^(Save as a weight set|保存为权重集)$/ }).click();
          await expect(page.getByTestId('regression-saved')).toBeVisible();
        }
      })),
      ...(await monitorSweep(page, baseURL!, a)),
      ...(await compareSweep(page, baseURL!, a)),
      ...(await sweepUrl(page, 'weight models', baseURL!, `${a}/models`, {
        extra: async () => {
          // A refused file shows its error beside the form.
          await page.locator('form[action="?/given"] input[type="file"]').setInputFiles({
            name: 'w.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from('id,local\nB1,x\n')
          });
          await page.locator('form[action="?/given"] button[type="submit"]').click();
          await expect(page.locator('#given-error')).toBeVisible();
        }
      }))
    ];
    expect(failing(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("the expert's steps: intro, groups, suggestions, no opinion, review, done", async ({
    page,
    baseURL
  }) => {
    // Six steps, each in eight combinations, on a machine shared with builds.
    test.setTimeout(480_000);
    const errors = collectErrors(page);
    const expert = new ExpertPage(page);
    const url = `/e/${tokens.sweep}`;
    const findings: Finding[] = [];
    await walkExpertSteps(page, expert, url, async (stop) => {
      if (stop.kind === 'done') await expect(page.getByRole('table').first()).toBeVisible();
      findings.push(
        ...(await sweepPage(page, `expert ${stop.name}`, baseURL!, async (language) => {
          await page.goto(url);
          await settled(page, language, false);
          await expect(expert.heading).toBeVisible();
          await expect(expert.state).toBeVisible();
        }))
      );
    });
    expect(failing(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test.describe('axe: a group of levels (a ratings group)', () => {
  test('the levels of an indicator, answered inconsistently, with suggestions', async ({
    page,
    baseURL
  }) => {
    test.setTimeout(240_000);
    const errors = collectErrors(page);
    const expert = new ExpertPage(page);
    const url = `/e/${tokens.ratingsA11y}`;
    await page.goto(url);
    await page.getByRole('button', { name: /^(Start|开始)$/ }).click();
    await expert.tapAll(0, [3, 5, 2]);
    await expert.next();
    // Clean vs once 3, clean vs repeated 1/3, once vs repeated 5: inconsistent.
    await expert.tapAll(1, [3, 1 / 3, 5]);
    await expect(page.locator('.suggestions li').first()).toBeVisible();
    await expect
      .poll(async () => JSON.stringify((await expert.drafts())[0]?.judgments.C3))
      .toBe(JSON.stringify([3, 1 / 3, 5]));
    const findings = await sweepPage(page, 'expert levels group', baseURL!, async (language) => {
      await page.goto(url);
      await settled(page, language, false);
      await expect(page.locator('.suggestions li').first()).toBeVisible();
    });
    expect(failing(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test.describe("axe: the done step with the group's level points", () => {
  test('a ratings survey that shows results, after submitting', async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    const errors = collectErrors(page);
    const expert = new ExpertPage(page);
    const url = `/e/${tokens.ratingsShownA11y}`;
    await page.goto(url);
    await page.getByRole('button', { name: /^(Start|开始)$/ }).click();
    await expert.tapAll(0, [3, 5, 2]);
    await expert.next();
    // Inconsistent, so the expert's own CR is flagged beside the group's.
    await expert.tapAll(1, [3, 1 / 3, 5]);
    await expert.next();
    await page.getByRole('button', { name: /^(Submit my answers|提交我的回答)$/ }).click();
    await expect(expert.state).toHaveText(/^(Sent at|已于)/);
    const findings = await sweepPage(
      page,
      'expert done, level points',
      baseURL!,
      async (language) => {
        await page.goto(url);
        await settled(page, language, false);
        await expect(page.getByTestId('levels-results')).toBeVisible();
      }
    );
    expect(failing(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test.describe('axe: Delphi round 2', () => {
  test.describe.configure({ timeout: 240_000 });

  test("the expert's group with the panel's standing, and the rounds on the researcher's pages", async ({
    page,
    baseURL
  }) => {
    const errors = collectErrors(page);
    const expert = new ExpertPage(page);
    const url = `/e/${tokens.delphi}`;
    await page.goto(url);
    // Round 2 starts from the expert's answers of round 1.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.feedback').first()).toBeVisible();
    // The reasons of the first pair, open: their text is swept too.
    await page.locator('.feedback summary').first().click();
    // Reasons: the one carried from round 1, another pair's opened, and one refused with its
    // message (kept in the draft, so every sweep below shows them).
    await expect(page.locator('#reason-0-0-input')).toHaveValue('Disasters hit every few years');
    await page.locator('#reason-0-1 button').click();
    await page.locator('#reason-0-1-input').fill('x'.repeat(201));
    await expect(page.locator('#reason-0-1-error')).toBeVisible();
    await expect.poll(async () => (await expert.drafts())[0]?.judgments.A1?.length).toBe(6);
    const a = `/a/${tokens.delphiAdmin}`;
    const findings = [
      ...(await sweepPage(page, 'expert group, Delphi round 2', baseURL!, async (language) => {
        await page.goto(url);
        await settled(page, language, false);
        await expect(page.locator('.feedback').first()).toBeVisible();
      })),
      ...(await sweepUrl(page, 'experts, Delphi rounds', baseURL!, `${a}/experts`)),
      ...(await sweepUrl(page, 'results, Delphi rounds', baseURL!, `${a}/results`, {
        extra: () => expect(page.locator('#rounds-results-heading')).toBeVisible()
      }))
    ];
    expect(failing(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test.describe('the focused element is never hidden behind a bar (2.4.11) and shows a ring (2.4.7)', () => {
  test.describe.configure({ timeout: 240_000 });

  /** Tabs through each page at both widths; returns the stops that were more than half hidden. */
  async function sweepFocus(page: Page, pages: Array<[string, string]>): Promise<string[]> {
    const hidden: string[] = [];
    for (const [name, url] of pages) {
      for (const width of WIDTHS) {
        await page.setViewportSize(viewport(width));
        await page.goto(url);
        await expect(page.locator('#main, #step-heading').first()).toBeAttached();
        if (url.startsWith('/a/') && !url.endsWith('/report'))
          await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
        const { stops, obscured, ringless } = await tabSweep(page);
        if (process.env.A11Y_SUMMARY)
          console.log(`[a11y] focus ${name} ${width}px: ${stops} stops, ${obscured.length} hidden`);
        expect(stops).toBeGreaterThan(0);
        for (const o of obscured)
          hidden.push(`${name} ${width}px: ${o.element} ${Math.round(o.hidden * 100)}% hidden`);
        // 2.4.7: every stop shows a focus ring.
        for (const r of ringless) hidden.push(`${name} ${width}px: ${r} has no focus ring`);
      }
    }
    return hidden;
  }

  test('home, join and the researcher pages', async ({ page }) => {
    const { token, openLink } = await openSurvey(page);
    const a = `/a/${token}`;
    const demoToken = await demo(page);
    const d = `/a/${demoToken}`;
    const hidden = await sweepFocus(page, [
      ['home', '/'],
      ['join', new URL(openLink).pathname],
      ['overview', a],
      ['hierarchy', `${a}/hierarchy`],
      ['experts', `${a}/experts`],
      ['results', `${d}/results`],
      ['report', `${d}/results/report`],
      ['validation', `${d}/validation`],
      ['monitor', `${d}/monitor`],
      ['weight models', `${d}/models`],
      ['compare models', `${d}/models/compare`]
    ]);
    expect(hidden).toEqual([]);
  });

  test("the expert's group page and review", async ({ page }) => {
    const expert = new ExpertPage(page);
    const url = `/e/${tokens.tabs}`;
    await page.goto(url);
    await page.getByRole('button', { name: 'Start' }).click();
    // Credit risk (ten pairs), half answered, so that the weights panel shows too.
    for (let k = 0; k < 2; k++) await expert.next();
    await expect(expert.heading).toHaveText('Credit risk');
    const b2 = CONSISTENT_JUDGMENTS.B2!;
    for (const k of [0, 1, 2, 3, 4]) await expert.tap(2, k, positionOf(b2[k]!));
    const hidden = await sweepFocus(page, [['expert group', url]]);
    for (let k = 0; k < 3; k++) await expert.next();
    await expect(expert.heading).toHaveText('Review your answers');
    hidden.push(...(await sweepFocus(page, [['expert review', url]])));
    expect(hidden).toEqual([]);
  });
});

test('a whole survey by keyboard alone: each scale starts in the middle, unanswered', async ({
  page
}) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.setViewportSize(viewport(360));
  const count = { presses: 0, arrows: 0 };
  const press = async (key: string) => {
    count.presses++;
    if (key.startsWith('Arrow')) count.arrows++;
    await page.keyboard.press(key);
  };
  /** Presses Tab until the focus is in `target`. */
  const tabTo = async (target: Locator) => {
    for (let k = 0; k < 60; k++) {
      await press('Tab');
      if (await target.evaluate((el) => el.contains(document.activeElement))) return;
    }
    throw new Error(`Tab never reached ${target}`);
  };

  await page.goto(`/e/${tokens.keys}`);
  await expect(expert.heading).toBeVisible();
  await tabTo(page.getByRole('button', { name: 'Start' }));
  await press('Enter');
  const ids = ['A1', 'B1', 'B2', 'B3', 'B4'];
  for (const [node, id] of ids.entries()) {
    await expect(expert.heading).toBeFocused();
    for (const [k, value] of CONSISTENT_JUDGMENTS[id]!.entries()) {
      await tabTo(expert.pair(node, k));
      // The focus starts on "equal", and nothing is chosen until a key says so.
      await expect(expert.radio(node, k, 0)).toBeFocused();
      await expect(expert.pair(node, k).locator('input:checked')).toHaveCount(0);
      const target = positionOf(value);
      if (target === 0) await press('Space');
      for (let s = 0; s < Math.abs(target); s++)
        await press(target > 0 ? 'ArrowRight' : 'ArrowLeft');
      await expect(expert.radio(node, k, target)).toBeChecked();
    }
    await tabTo(page.getByRole('button', { name: /^(Next|Review)$/ }));
    await press('Enter');
  }
  await expect(expert.heading).toHaveText('Review your answers');
  await tabTo(page.getByRole('button', { name: 'Submit my answers' }));
  await press('Enter');
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/);

  // From "equal", a judgment of intensity v costs |v - 1| arrow presses (or 1/v - 1 for the
  // reverse), and "equal" itself one Space: 36 arrows for these 30 judgments.
  const expectedArrows = Object.values(CONSISTENT_JUDGMENTS)
    .flat()
    .reduce((sum, v) => sum + Math.abs(positionOf(v)), 0);
  expect(expectedArrows).toBe(36);
  expect(count.arrows).toBe(expectedArrows);
  if (process.env.A11Y_SUMMARY)
    console.log(`[a11y] keyboard survey: ${count.presses} presses, ${count.arrows} arrows`);
  expect(errors).toEqual([]);
});

test("the scale's steps are big enough for a thumb, and one tap answers", async ({ page }) => {
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.tabs}`);
  await page.getByRole('button', { name: 'Start' }).click();
  const sizes: Record<number, { width: number; height: number }> = {};
  for (const width of WIDTHS) {
    await page.setViewportSize(viewport(width));
    const boxes = await expert
      .pair(0, 0)
      .locator('label.step')
      .evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect()));
    expect(boxes).toHaveLength(17);
    const smallest = {
      width: Math.min(...boxes.map((b) => b.width)),
      height: Math.min(...boxes.map((b) => b.height))
    };
    sizes[width] = smallest;
    // WCAG 2.2, 2.5.8: at least 24 x 24 CSS px. The aim is 44 px (WCAG 2.5.5, AAA): on a
    // 360 px phone eight steps a row leave about 40 x 44 px each.
    expect(smallest.width).toBeGreaterThanOrEqual(width === 360 ? 36 : 24);
    expect(smallest.height).toBeGreaterThanOrEqual(44);
  }
  if (process.env.A11Y_SUMMARY) console.log(`[a11y] smallest scale step: ${JSON.stringify(sizes)}`);
  // At 360 px: one tap on each extreme and on "equal" chooses it.
  for (const position of [-8, 8, 0, -1, 1]) await expert.tap(0, 0, position);
  await expect(expert.pair(0, 0).locator('input:checked')).toHaveCount(1);
});
