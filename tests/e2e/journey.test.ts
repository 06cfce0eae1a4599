/**
 * The whole survey, as issue 3 (section 5) describes it: a researcher creates a survey from the
 * farm-credit template and invites three experts; each completes it on a phone-sized screen;
 * one goes offline half way, reloads, finishes and submits when the network is back; one is
 * inconsistent and takes a suggestion; the researcher then sees three submitted responses and
 * their CR flags.
 */
import { test, type Browser } from '@playwright/test';
import { CONSISTENT_JUDGMENTS } from './expert-seed';
import { collectErrors, expect, ExpertPage, positionOf, Researcher, screenshot } from './pages';

const NODES = ['A1', 'B1', 'B2', 'B3', 'B4'] as const;

/** A phone: 390 x 844, touch. */
async function phone(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true
  });
  return { context, page: await context.newPage() };
}

test('a researcher runs a survey with three experts on phones, one offline, one inconsistent', async ({
  browser,
  page
}) => {
  test.slow();
  const researcherErrors = collectErrors(page);
  const r = await Researcher.create(page, 'template');
  const links = await r.inviteAndOpen(
    'Chen Jie, academic\nLiu Yang, practitioner\nZhao Lei, practitioner'
  );

  // Expert 1 answers consistently, by tap.
  {
    const { context, page: p } = await phone(browser);
    const errors = collectErrors(p);
    const e = new ExpertPage(p);
    await p.goto(links[0]!);
    await p.getByRole('button', { name: 'Start' }).click();
    for (const [k, node] of NODES.entries()) {
      await expect(e.heading).toBeVisible();
      await e.tapAll(k, CONSISTENT_JUDGMENTS[node]!);
      await e.next();
    }
    await p.getByRole('button', { name: 'Submit my answers' }).click();
    await expect(e.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  }

  // Expert 2 goes offline half way, reloads, finishes, and submits when the network is back.
  {
    const { context, page: p } = await phone(browser);
    const errors = collectErrors(p);
    const e = new ExpertPage(p);
    await p.goto(links[1]!);
    await e.waitUntilKeptOffline();
    await p.getByRole('button', { name: 'Start' }).click();
    for (const [k, node] of NODES.slice(0, 2).entries()) {
      await e.tapAll(k, CONSISTENT_JUDGMENTS[node]!);
      await e.next();
    }
    await e.tapAll(2, CONSISTENT_JUDGMENTS.B2!.slice(0, 5));
    await p.waitForTimeout(400); // the device store takes changes within 300 ms
    await context.setOffline(true);
    await p.reload();
    await expect(e.heading).toHaveText('Credit risk');
    for (const [k, value] of CONSISTENT_JUDGMENTS.B2!.slice(0, 5).entries()) {
      await expect(e.radio(2, k, positionOf(value))).toBeChecked();
    }
    for (const [k, value] of CONSISTENT_JUDGMENTS.B2!.entries()) {
      if (k >= 5) await e.tap(2, k, positionOf(value));
    }
    await e.next();
    for (const [k, node] of NODES.slice(3).entries()) {
      await e.tapAll(k + 3, CONSISTENT_JUDGMENTS[node]!);
      await e.next();
    }
    await p.getByRole('button', { name: 'Submit my answers' }).click();
    await expect(e.state).toHaveText('Waiting to send (offline)');
    await context.setOffline(false);
    await expect(e.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  }

  // Expert 3 is inconsistent at credit risk and takes one suggestion; market risk stays inconsistent.
  {
    const { context, page: p } = await phone(browser);
    const errors = collectErrors(p);
    const e = new ExpertPage(p);
    await p.goto(links[2]!);
    await p.getByRole('button', { name: 'Start' }).click();
    await e.tapAll(0, CONSISTENT_JUDGMENTS.A1!);
    await e.next();
    await e.tapAll(1, CONSISTENT_JUDGMENTS.B1!);
    await e.next();
    await e.tapAll(2, [1 / 9, ...CONSISTENT_JUDGMENTS.B2!.slice(1)]);
    await expect(e.cr).toContainText('inconsistent');
    await screenshot(p, 'expert-node-phone', true);
    const take = p.getByRole('button', { name: /^Use this: / }).first();
    await take.click();
    await e.next();
    await e.tapAll(3, CONSISTENT_JUDGMENTS.B3!);
    await e.next();
    // B4: a cycle of strong preferences, C11 > C12 > C13 > C11
    await e.tapAll(4, [7, 1 / 7, 1, 1, 7, 1, 1, 1, 1, 1]);
    await expect(e.cr).toContainText('inconsistent');
    await e.next();
    await expect(e.heading).toHaveText('Review your answers');
    await screenshot(p, 'expert-review-phone');
    await p.getByRole('button', { name: 'Submit my answers' }).click();
    await expect(e.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  }

  // The researcher sees three submitted responses, and the inconsistent one flagged.
  await r.experts();
  const rows = page.locator('.status-table tbody tr');
  await expect(rows).toHaveCount(3);
  for (let k = 0; k < 3; k++)
    await expect(rows.nth(k).locator('td').nth(3)).toHaveText('submitted');
  await expect(rows.nth(0).locator('td').nth(5)).toHaveText('all nodes consistent');
  await expect(rows.nth(1).locator('td').nth(5)).toHaveText('all nodes consistent');
  await expect(rows.nth(2).locator('td').nth(5)).toContainText('⚠ B4 Market risk: CR');
  expect(researcherErrors).toEqual([]);
});
