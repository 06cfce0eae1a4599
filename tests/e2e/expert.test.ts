/**
 * The expert's journeys in Chromium on a phone-sized screen: the farm-credit survey answered by
 * keyboard and by tap, live weights and CR, a suggestion taken, a reload without a network, a
 * submission made offline and sent when the network returns, stored once.
 *
 * The surveys and experts are seeded into the server's data directory before it starts
 * (tests/e2e/expert-seed.ts, called from playwright.config.ts).
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import { collectErrors, ExpertPage, positionOf, screenshot } from './pages';
import { CONSISTENT_JUDGMENTS } from './expert-seed';

const tokens = expertFixtures();

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

async function latestOf(context: BrowserContext, token: string) {
  const response = await context.request.get(`/api/e/${token}`);
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      latest: { submissionId: string; judgments: Record<string, number[]> } | null;
    }
  ).latest;
}

test('an expert completes the survey by keyboard and by tap, offline half way, and submits once', async ({
  page,
  context
}) => {
  test.slow();
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.journey}`);

  // Intro: the goal, how many comparisons, how long.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Farm-household micro-credit risk'
  );
  await expect(page.getByText('Welcome, Li Wei')).toBeVisible();
  await expect(page.getByText(/There are 30 comparisons in 5 groups\./)).toBeVisible();
  await expect(page.getByText(/It takes about 5 minutes/)).toBeVisible();
  await expect(expert.state).toHaveText('Saved on this device');
  await expert.waitUntilKeptOffline();

  // Node 1 of 5, the criteria (4x4), by keyboard only.
  await page.getByRole('button', { name: 'Start' }).focus();
  await page.keyboard.press('Enter');
  await expect(expert.heading).toHaveText('Farm-household micro-credit risk');
  await expect(expert.heading).toBeFocused();
  await expect(page.getByText('Group 1 of 5')).toBeVisible();
  await expect(page.getByText('Answer 3 more pairs to see the weights.')).toBeVisible();
  const a1 = CONSISTENT_JUDGMENTS.A1!;
  for (const [k, value] of a1.entries()) {
    // Tab enters the next pair's radio group on "equal", chosen by nothing yet; the arrow keys
    // move along the scale and choose.
    await page.keyboard.press('Tab');
    await expect(expert.radio(0, k, 0)).toBeFocused();
    await expect(expert.pair(0, k).locator('input:checked')).toHaveCount(0);
    const target = positionOf(value);
    if (target === 0) await page.keyboard.press('Space');
    for (let s = 0; s < Math.abs(target); s++)
      await page.keyboard.press(target > 0 ? 'ArrowRight' : 'ArrowLeft');
    await expect(expert.radio(0, k, positionOf(value))).toBeChecked();
    if (k === 0)
      await expect(page.getByText('Answer 2 more pairs to see the weights.')).toBeVisible();
    if (k === 2) {
      // The three pairs of the first row connect all four: weights, and a CR of 0 (a tree).
      await expect(expert.cr).toContainText('CR = 0.000');
      await expect(page.getByRole('meter', { name: 'Weight of Credit risk' })).toBeVisible();
    }
  }
  // Every step is named in full for screen readers.
  await expect(
    page.getByRole('radio', {
      name: 'Credit risk is moderately more important than Natural risk (3)'
    })
  ).toBeChecked();
  await expect(page.getByRole('group', { name: 'Natural risk versus Credit risk' })).toBeVisible();
  await expect(expert.cr).not.toContainText('CR = 0.000');
  await expect(expert.cr).toContainText('consistent');
  await expect(expert.cr).not.toContainText('inconsistent');
  await expect(page.getByText('6 of 30 comparisons answered')).toBeVisible();
  await expert.next();

  // Node 2, natural risk (2x2), by tap.
  await expect(expert.heading).toHaveText('Natural risk');
  await expert.tap(1, 0, -2);
  await expect(
    page.getByText(/is moderately more important than Agricultural insurance \(3\)/)
  ).toBeVisible();
  await expect(expert.cr).toContainText('CR = 0.000');
  await expert.next();

  // Node 3, credit risk (5x5), by tap, deliberately inconsistent: the first judgment reversed.
  await expect(expert.heading).toHaveText('Credit risk');
  const b2 = [1 / 9, ...CONSISTENT_JUDGMENTS.B2!.slice(1)];
  await expert.tapAll(2, b2);
  await expect(expert.cr).toContainText('inconsistent');
  const crBefore = await expert.cr.textContent();
  const suggestions = page.getByRole('button', { name: /^Use this: / });
  await expect(suggestions.first()).toBeVisible();
  expect(await suggestions.count()).toBeLessThanOrEqual(3);
  // The first suggestion names the reversed judgment, with the CR it would give.
  const suggestion = page.locator('.suggestions li').first();
  await expect(suggestion).toContainText(
    /^You said Truthfulness of the .+ is 9 times as important as Credit record;/
  );
  const crIfTaken = /CR would then be (\d\.\d{3})/.exec(
    (await suggestion.textContent()) ?? ''
  )![1]!;
  // Nothing changes until the expert taps.
  await expect(expert.radio(2, 0, 8)).toBeChecked();
  await suggestions.first().click();
  await expect(expert.cr).toContainText(`CR = ${crIfTaken}`);
  expect(await expert.cr.textContent()).not.toBe(crBefore);
  await expect(expert.radio(2, 0, 8)).not.toBeChecked();
  const b2After = await expert.pair(2, 0).locator('input:checked').getAttribute('value');
  const crAfter = await expert.cr.textContent();

  // Half way: the network goes, the page is reloaded, everything is back.
  await page.waitForTimeout(400); // let the last change reach the device store (<= 300 ms)
  await context.setOffline(true);
  // The service worker's own fetches are cut off too: the page comes from its cache.
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(expert.heading).toHaveText('Credit risk');
  await expect(expert.cr).toHaveText(crAfter!);
  await expect(expert.pair(2, 0).locator('input:checked')).toHaveAttribute('value', b2After!);
  for (const [k, value] of b2.entries()) {
    if (k > 0) await expect(expert.radio(2, k, positionOf(value))).toBeChecked();
  }
  await expect(page.getByText('17 of 30 comparisons answered')).toBeVisible();
  await expect(expert.state).toHaveText('Saved on this device');
  // Offline for real: a request past the service worker (it leaves /api/ alone) fails. Not
  // navigator.onLine: Debian's Chromium 150 reports true in a page reloaded while offline.
  const reached = await page.evaluate(() =>
    fetch('/api/offline-probe', { cache: 'no-store' }).then(
      () => true,
      () => false
    )
  );
  expect(reached).toBe(false);
  await expert.next();

  // Nodes 4 and 5 offline.
  await expect(expert.heading).toHaveText('Operational risk');
  await expert.tapAll(3, CONSISTENT_JUDGMENTS.B3!);
  await expert.next();
  await expect(expert.heading).toHaveText('Market risk');
  await expert.tapAll(4, CONSISTENT_JUDGMENTS.B4!);
  await expert.next();

  // Review: every node's CR; submit while offline.
  await expect(expert.heading).toHaveText('Review your answers');
  await expect(page.getByText('All 30 comparisons are answered.')).toBeVisible();
  await expect(page.locator('.nodes li')).toHaveCount(5);
  await expect(page.locator('.nodes li').nth(2)).toContainText('Credit risk');
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(expert.heading).toHaveText('Thank you');
  await expect(expert.state).toHaveText('Waiting to send (offline)');
  await expect(page.getByText(/saved on this device and will be sent/)).toBeVisible();
  // Nothing has reached the server (Playwright's own requests are not cut off by setOffline).
  expect(await latestOf(context, tokens.journey)).toBeNull();

  // The network returns: sent, once.
  await context.setOffline(false);
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });
  await expect(page.getByText(/Your answers were received at \d\d:\d\d\./)).toBeVisible();
  const outbox = await expert.outbox();
  expect(outbox).toHaveLength(1);
  expect(outbox[0]!.receipt?.duplicate).toBe(false);
  const latest = await latestOf(context, tokens.journey);
  expect(latest?.submissionId).toBe(outbox[0]!.submissionId);
  expect(latest?.judgments.A1).toEqual(a1);
  expect(latest?.judgments.B3).toEqual(CONSISTENT_JUDGMENTS.B3);

  // However often it arrives, it is stored once: a resend gets the original receipt.
  const resend = await context.request.post(`/api/e/${tokens.journey}/submissions`, {
    data: { submissionId: latest!.submissionId, judgments: latest!.judgments }
  });
  expect(resend.status()).toBe(200);
  expect(((await resend.json()) as { duplicate: boolean }).duplicate).toBe(true);
  expect((await latestOf(context, tokens.journey))?.submissionId).toBe(latest!.submissionId);

  // Nothing overflows the phone's width.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('the review links every unanswered pair, and the link leads the keyboard to it', async ({
  page
}) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.keyboard}`);
  await page.getByRole('button', { name: 'Start' }).click();
  for (let k = 0; k < 5; k++) await expert.next();
  await expect(expert.heading).toHaveText('Review your answers');
  const submit = page.getByRole('button', { name: 'Submit my answers' });
  await expect(submit).toBeDisabled();
  await expect(page.getByText('Answer every comparison to submit.')).toBeVisible();
  const links = page.locator('.missing button');
  await expect(links).toHaveCount(30);

  const link = page.getByRole('button', {
    name: 'Credit risk: Credit record versus Harmful habits such as gambling'
  });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(expert.heading).toHaveText('Credit risk');
  // Pair (C3, C5) is the second of credit risk's pairs; focus is on its "equal" step, unchosen.
  await expect(expert.radio(2, 1, 0)).toBeFocused();
  await expect(expert.pair(2, 1).locator('input:checked')).toHaveCount(0);
  for (let s = 0; s < 6; s++) await page.keyboard.press('ArrowLeft');
  await expect(
    page.getByRole('radio', {
      name: 'Credit record is very strongly more important than Harmful habits such as gambling (7)'
    })
  ).toBeChecked();
  await expect(expert.state).toHaveText('Saved on this device');
  expect(errors).toEqual([]);
});

test('an expert who submitted before sees the receipt, revises, and the latest submission counts', async ({
  page,
  context
}) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  const before = await latestOf(context, tokens.revise);
  expect(before).not.toBeNull();

  await page.goto(`/e/${tokens.revise}`);
  await expect(expert.heading).toHaveText('Thank you');
  await expect(page.getByText(/Your answers were received at \d\d:\d\d\./)).toBeVisible();
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/);
  await page.getByRole('button', { name: 'Revise my answers' }).click();
  await expect(expert.heading).toHaveText('Review your answers');
  await expect(page.locator('.nodes li').first()).toContainText(': consistent');
  await page.getByRole('button', { name: 'Edit Natural risk' }).click();
  await expect(expert.radio(1, 0, -2)).toBeChecked(); // the 3 submitted before
  await expert.tap(1, 0, 4);
  await expert.next();
  await expert.next();
  await expert.next();
  await expert.next();
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/);
  const after = await latestOf(context, tokens.revise);
  expect(after?.submissionId).not.toBe(before!.submissionId);
  expect(after?.judgments.B1).toEqual([1 / 5]);
  expect(errors).toEqual([]);
});

test('a closed survey shows the answers given, read-only', async ({ page }) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.closed}`);
  await expect(page.getByText('This survey is closed: it takes no more answers.')).toBeVisible();
  await expect(expert.heading).toHaveText('Thank you');
  await expect(page.getByRole('button', { name: 'Revise my answers' })).toHaveCount(0);
  await page.getByRole('button', { name: 'See my answers' }).click();
  await expect(expert.heading).toHaveText('Review your answers');
  await expect(page.getByRole('button', { name: 'Submit my answers' })).toHaveCount(0);
  await expect(page.locator('.nodes li').nth(2)).toContainText(': consistent');
  await page.getByRole('button', { name: 'Show Natural risk' }).click();
  await expect(expert.heading).toHaveText('Natural risk');
  await expect(expert.radio(1, 0, -2)).toBeChecked();
  await expect(expert.radio(1, 0, -2)).toBeDisabled();
  await expect(page.getByRole('button', { name: /^Use this/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a survey not open yet, and a link that does not work, say so', async ({ page }) => {
  await page.goto(`/e/${tokens.draft}`);
  await expect(page.getByRole('heading', { name: 'This survey is not open yet' })).toBeVisible();
  await page.goto('/e/not-a-real-token');
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
});

test.describe('in Chinese, where "no opinion" is allowed', () => {
  test.use({ locale: 'zh-CN' });

  test('labels, scale words and "no opinion" are in Chinese', async ({ page }) => {
    const errors = collectErrors(page);
    const expert = new ExpertPage(page);
    await page.goto(`/e/${tokens.chinese}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await expect(expert.heading).toHaveText('农户小额信贷风险评价');
    await expect(page.getByText('王芳，您好')).toBeVisible();
    await page.getByRole('button', { name: '开始' }).click();
    await expect(expert.heading).toHaveText('农户小额信贷风险评价');
    await expert.tap(0, 0, 4);
    await expect(
      page.getByRole('radio', { name: '与自然风险相比，信用风险重要（5）' })
    ).toBeChecked();
    await expert.radio(0, 1, 'skip').check();
    await expect(page.getByRole('radio', { name: '无法判断' }).nth(1)).toBeChecked();
    await expect(page.getByText('再回答 2 对即可看到权重。')).toBeVisible();
    await expect(expert.state).toHaveText('已保存在本设备');
    expect(errors).toEqual([]);
  });
});

test('without device storage the page says so, and a submission is still sent', async ({
  page,
  context
}) => {
  // Private browsing on some phones: IndexedDB refuses to open.
  await page.addInitScript(() => {
    const refuse = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    Object.defineProperty(IDBFactory.prototype, 'open', { value: refuse });
  });
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.skip}`);
  await expect(expert.state).toHaveText('Not saved on this device (storage unavailable)');
  await page.getByRole('button', { name: 'Start' }).click();
  // Groups 1-4 in full; in group 5, "no opinion" on all but the four pairs of the first row,
  // which connect its five elements.
  for (const [node, id] of ['A1', 'B1', 'B2', 'B3'].entries()) {
    for (const [k, value] of CONSISTENT_JUDGMENTS[id]!.entries())
      await expert.radio(node, k, positionOf(value)).check();
    await expert.next();
  }
  for (const [k, value] of CONSISTENT_JUDGMENTS.B4!.entries()) {
    if (k < 4) await expert.radio(4, k, positionOf(value)).check();
    else await expert.radio(4, k, 'skip').check();
  }
  await expect(expert.cr).toContainText('CR = 0.000');
  await expert.next();
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/);
  const latest = await latestOf(context, tokens.skip);
  expect(latest?.judgments.B4?.slice(4)).toEqual([null, null, null, null, null, null]);

  // This survey shows the group's weights to experts, but only once 3 have submitted: with
  // fewer, an expert could work out another's answers from the group's weights and their own.
  await expect(page.getByTestId('results-waiting')).toHaveText(
    "The group's weights are shown once 3 experts have submitted; 1 so far."
  );
  await expect(page.getByRole('table')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the group's weights are shown once at least 3 experts have submitted", async ({ page }) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  // Three experts of this survey submitted before (tests/e2e/expert-seed.ts): this is the 4th.
  await page.goto(`/e/${tokens.results}`);
  await page.getByRole('button', { name: 'Start' }).click();
  for (const [node, id] of ['A1', 'B1', 'B2', 'B3', 'B4'].entries()) {
    for (const [k, value] of CONSISTENT_JUDGMENTS[id]!.entries())
      await expert.radio(node, k, positionOf(value)).check();
    await expert.next();
  }
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(expert.state).toHaveText(/^Sent at \d\d:\d\d$/);

  const group = page.getByRole('table', { name: /everyone who has submitted \(4\)/ });
  await expect(group).toBeVisible();
  const rows = group.locator('tbody tr');
  await expect(rows).toHaveCount(15);
  await group.scrollIntoViewIfNeeded();
  await screenshot(page, 'expert-results');
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''))
  );
  const percent = (text: string) => Number(text.replace('%', ''));
  // Everyone answered the same consistent judgments: the group's weights are this expert's.
  for (const [name, ours, yours] of cells) {
    expect(name).not.toBe('');
    expect(ours).toBe(yours);
  }
  const shares = cells.map((c) => percent(c[1]!));
  expect(shares).toEqual([...shares].sort((a, b) => b - a));
  // Each share is shown rounded to 0.1 %: the 15 sum to 100 % within 15 x 0.05 %.
  expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(0.75);
  expect(errors).toEqual([]);
});
