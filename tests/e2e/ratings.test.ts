/**
 * The expert's ratings groups (issue 10, section 2) in Chromium on a 360 px phone: after the
 * group that compares the indicators, the levels of C3 (compared by the panel) are asked like
 * any group, worded for levels, with live points, CR and suggestions; offline taps are kept and
 * sent when the network returns, keyed by the leaf's id.
 *
 * The survey is tests/e2e/expert-seed.ts ratingsSurvey(): the goal compares C3, C10, C2
 * (3 pairs); C3's levels clean / once / repeated are compared (3 pairs), "default" is a zero
 * level; C10 (numeric) and C2 (fixed points) ask nothing.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import {
  collectErrors,
  expectFitsScreen,
  ExpertPage,
  noHorizontalOverflow,
  positionOf
} from './pages';

const tokens = expertFixtures();

test.use({ viewport: { width: 360, height: 780 }, hasTouch: true });

const CLEAN = 'No overdue payment in three years';
const ONCE = 'Overdue once';
const REPEATED = 'Overdue more than once';

async function latestOf(context: BrowserContext, token: string) {
  const response = await context.request.get(`/api/e/${token}`);
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      latest: { submissionId: string; judgments: Record<string, number[]> } | null;
    }
  ).latest;
}

test('an expert on a phone rates the levels of an indicator, takes a suggestion offline, and submits', async ({
  page,
  context
}) => {
  test.slow();
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.ratings}`);

  // Intro: 6 comparisons in 2 groups, and what a group of levels asks.
  await expect(page.getByText(/There are 6 comparisons in 2 groups\./)).toBeVisible();
  await expect(
    page.getByText(/Groups named “Levels of …” compare the possible values/)
  ).toBeVisible();
  await expect(expert.state).toHaveText('Saved on this device');
  await expert.waitUntilKeptOffline();
  await page.getByRole('button', { name: 'Start' }).click();

  // Group 1: the indicators, as before.
  await expect(expert.heading).toHaveText('Household credit scorecard');
  await expect(page.getByText('Group 1 of 2')).toBeVisible();
  const goal = [3, 5, 2];
  await expert.tapAll(0, goal);
  await expect(page.getByText('3 of 6 comparisons answered')).toBeVisible();
  await expert.next();

  // Group 2: C3's levels, right after the group that compares C3.
  await expect(expert.heading).toHaveText('Levels of “Credit record”');
  await expect(page.getByText('Group 2 of 2')).toBeVisible();
  await expect(
    page.getByText(
      'For “Credit record”: which of the two levels is better (the lower risk), and how much better?'
    )
  ).toBeVisible();
  // The scale's note (the template's "editable default") is shown with it.
  await expect(page.getByText(/^Editable default:/)).toBeVisible();
  await expect(page.getByRole('group', { name: `${CLEAN} versus ${ONCE}` })).toBeVisible();
  await expect(page.locator('fieldset.pair')).toHaveCount(3);

  // Consistent first: clean 3x once, clean 9x repeated, once 3x repeated. The priorities are
  // (9, 3, 1) / 13 (each column of the matrix is proportional to it), so the points, 100 w /
  // max w, are 100, 33.3 and 11.1, and CR = 0 (hand computation).
  await expert.tapAll(1, [3, 9, 3]);
  await expect(
    page.getByRole('radio', { name: `${CLEAN} is moderately better than ${ONCE} (3)` })
  ).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Points and consistency' })).toBeVisible();
  await expect(expert.cr).toContainText('CR = 0.000');
  const points = page.locator('.panel .weights li');
  await expect(points).toHaveCount(3);
  await expect(points.locator('.name')).toHaveText([CLEAN, ONCE, REPEATED]);
  await expect(points.locator('.value')).toHaveText(['100.0', '33.3', '11.1']);
  await expect(page.getByRole('meter', { name: `Points of ${ONCE}` })).toHaveAttribute(
    'value',
    /^33\.3/
  );
  await expect(page.getByText('Not compared, worth 0 points: A default on record.')).toBeVisible();

  // The network goes; the expert changes their mind on once vs repeated (repeated 5x better):
  // inconsistent, with suggestions worded for levels.
  await page.waitForTimeout(400); // the last change reaches the device store (<= 300 ms)
  await context.setOffline(true);
  await expert.tap(1, 2, positionOf(1 / 5));
  await expect(expert.cr).toContainText('inconsistent');
  await expect(page.getByText('See the suggestions', { exact: false })).toBeVisible();
  const suggestion = page.locator('.suggestions li').first();
  await expect(suggestion).toContainText(/^You said .+ is \d+ times as good as .+;/);
  const crIfTaken = /CR would then be (\d\.\d{3})/.exec(
    (await suggestion.textContent()) ?? ''
  )![1]!;
  await page
    .getByRole('button', { name: /^Use this: / })
    .first()
    .click();
  await expect(expert.cr).toContainText(`CR = ${crIfTaken}`);
  const taken = await Promise.all(
    [0, 1, 2].map((k) => expert.pair(1, k).locator('input:checked').getAttribute('value'))
  );
  await noHorizontalOverflow(page);

  // Reloaded without a network: every tap is back.
  await page.waitForTimeout(400);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(expert.heading).toHaveText('Levels of “Credit record”');
  for (const [k, value] of taken.entries())
    await expect(expert.pair(1, k).locator('input:checked')).toHaveAttribute('value', value!);
  await expect(expert.cr).toContainText(`CR = ${crIfTaken}`);
  await expert.next();

  // Review: both groups, the levels group by its own name; submitted offline, sent when back.
  await expect(expert.heading).toHaveText('Review your answers');
  await expect(page.locator('.nodes li')).toHaveCount(2);
  await expect(page.locator('.nodes li').nth(1)).toContainText('Levels of “Credit record”');
  await expect(page.getByText('All 6 comparisons are answered.')).toBeVisible();
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(expert.state).toHaveText('Waiting to send (offline)');
  expect(await latestOf(context, tokens.ratings)).toBeNull();
  await context.setOffline(false);
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });

  // Stored under the leaf's id, the upper triangle over the compared levels.
  const latest = await latestOf(context, tokens.ratings);
  expect(Object.keys(latest!.judgments).sort()).toEqual(['C3', 'G']);
  expect(latest!.judgments.G).toEqual(goal);
  const positions = latest!.judgments.C3!.map((x) => String(positionOf(x)));
  expect(positions).toEqual(taken);
  await noHorizontalOverflow(page);
  expect(errors).toEqual([]);
});

test("the done step shows the group's points of the levels and their CR, beside the expert's own", async ({
  page,
  context,
  baseURL
}) => {
  test.slow();
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.ratingsShown}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expert.tapAll(0, [3, 5, 2]);
  await expert.next();
  await expert.tapAll(1, [3, 9, 3]);
  await expert.next();
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });

  // Independent computation (numpy 2.4, principal eigenvector, Saaty's 1980 RI 0.58), the group
  // of the three seeded experts (RATED_PANEL) and this one: AIJ cells clean/once
  // (3*2*4*3)^(1/4) = 2.91295, clean/repeated (9*4*2*9)^(1/4) = 5.04538, once/repeated
  // (3*2*2*3)^(1/4) = 2.44949; w = 0.64024 / 0.24671 / 0.11305, points 100 w / max w =
  // 100 / 38.5335 / 17.6577, CR 0.011518. This expert alone: [3, 9, 3] is consistent, w = (9,
  // 3, 1) / 13, points 100 / 33.3 / 11.1, CR 0.
  await expect(
    page.getByRole('heading', { name: "The group's points of the levels" })
  ).toBeVisible();
  const table = page.getByTestId('levels-results');
  await expect(table.locator('caption')).toHaveText('Levels of “Credit record”');
  await expect(table.locator('tbody th')).toHaveText([
    CLEAN,
    ONCE,
    REPEATED,
    /^A default on record\s*zero level: not compared, worth 0$/
  ]);
  await expect(table.locator('tbody td:nth-child(2)')).toHaveText(['100.0', '38.5', '17.7', '0.0']);
  await expect(table.locator('tbody td:nth-child(3)')).toHaveText(['100.0', '33.3', '11.1', '0.0']);
  await expect(page.getByTestId('levels-cr')).toHaveText(
    /^The group's consistency ratio CR = 0\.012 \(acceptable below 0\.10\): consistent\s*Yours: CR = 0\.000: consistent$/
  );
  await expectFitsScreen(page, 'expert done step with the level points');

  // In Chinese, the same figures worded for levels.
  await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'zh', url: baseURL! }]);
  await page.reload();
  await expect(page.getByRole('heading', { name: '专家组的等级分值' })).toBeVisible();
  await expect(table.locator('caption')).toHaveText('“信用记录”的等级');
  await expect(table.locator('tbody td:nth-child(2)')).toHaveText(['100.0', '38.5', '17.7', '0.0']);
  await expect(page.getByTestId('levels-cr')).toContainText(
    '专家组的一致性比率 CR = 0.012（小于 0.10 为可接受）：'
  );
  await expectFitsScreen(page, 'expert done step with the level points, in Chinese');
  expect(errors).toEqual([]);
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('a group of levels is worded for levels', async ({ page }) => {
    const errors = collectErrors(page);
    const expert = new ExpertPage(page);
    await page.goto(`/e/${tokens.ratingsSweep}`);
    await page.getByRole('button', { name: '开始' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(expert.heading).toHaveText('“信用记录”的等级');
    await expect(
      page.getByText('就“信用记录”而言，两个等级中哪一个更好（风险更低）？好多少？')
    ).toBeVisible();
    await expert.tap(1, 0, -2);
    await expect(
      page.getByRole('radio', { name: '与逾期一次相比，三年内无逾期稍好（3）' })
    ).toBeChecked();
    await noHorizontalOverflow(page);
    expect(errors).toEqual([]);
  });
});
