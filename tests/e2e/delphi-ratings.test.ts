/**
 * Delphi reasons in a ratings group, in the browser (until now covered at the API only,
 * tests/unit/api/delphi.test.ts): on a 360 px phone an expert gives a one-line reason for a pair
 * of an indicator's levels; a reason the server would refuse is stopped at its field; a reload
 * keeps the reason; the submission stores it with the pair; in round 2 another expert reads it
 * under that pair of levels, without the name of who gave it.
 *
 * The survey (tests/e2e/expert-seed.ts, delphiRatings): the scorecard survey of
 * tests/unit/weights/ratings-survey.ts, "Credit risk" comparing Credit record and Loan / annual
 * income (1 pair), then the levels of Credit record: No overdue, Overdue once, Overdue more than
 * once (3 pairs; "Default on record" is a zero level, not compared). Two experts of four
 * submitted round 1 before.
 */
import { test, type Browser } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import { collectErrors, expect, expectFitsScreen, ExpertPage } from './pages';

const tokens = expertFixtures();

/** Rater One's reason for the first pair of levels (No overdue / Overdue once). */
const REASON = 'One late payment is common after a bad harvest';

async function phone(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    hasTouch: true
  });
  const page = await context.newPage();
  return { context, page, e: new ExpertPage(page), errors: collectErrors(page) };
}

async function latestOf(e: ExpertPage, token: string) {
  const response = await e.page.request.get(`/api/e/${token}`);
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      latest: { judgments: Record<string, number[]>; reasons?: Record<string, unknown[]> } | null;
    }
  ).latest;
}

test('a reason for a pair of levels: checked, kept, stored, and read by another expert in round 2', async ({
  browser,
  page
}) => {
  test.setTimeout(180_000);
  const one = await phone(browser);
  await one.page.goto(`/e/${tokens.delphiRatings}`);
  await one.page.getByRole('button', { name: 'Start' }).click();
  await one.e.tapAll(0, [3]);
  await one.e.next();
  await expect(one.e.heading).toHaveText('Levels of “Credit record”');
  await one.e.tapAll(1, [2, 4, 2]);

  // Pair 3 (Overdue once / Overdue more than once): over 200 characters, said at the field.
  const add = one.page.getByRole('button', { name: 'Add a reason (optional)' });
  await add.nth(2).click();
  const third = one.page.locator('#reason-1-2-input');
  await third.fill('x'.repeat(201));
  await expect(third).toHaveAttribute('aria-invalid', 'true');
  await expect(one.page.locator('#reason-1-2-error')).toHaveText(
    'The reason is 201 characters long: at most 200.'
  );
  // Pair 1: a good reason, kept through a reload made before any save could finish.
  await add.first().click();
  await one.page.locator('#reason-1-0-input').fill(REASON);
  await one.page.reload();
  await expect(one.page.locator('#reason-1-0-input')).toHaveValue(REASON);
  await expectFitsScreen(one.page, 'a reason for a pair of levels, 360 px');

  // Submitting stops at the refused reason, and sends nothing.
  await one.e.next();
  await one.page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(one.page.locator('#reason-1-2-input')).toBeFocused();
  expect(await one.e.outbox()).toHaveLength(0);
  await one.page.locator('#reason-1-2-input').fill('');
  await one.e.next();
  await one.page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(one.e.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });
  // Stored with its pair of levels (R's first pair), and nothing for the others.
  const latest = await latestOf(one.e, tokens.delphiRatings);
  expect(latest?.judgments).toEqual({ G: [3], R: [2, 4, 2] });
  expect(latest?.reasons).toEqual({ R: [REASON, null, null] });

  // Rater Two answers round 1 without reasons.
  const two = await phone(browser);
  await two.page.goto(`/e/${tokens.delphiRatings2}`);
  await two.page.getByRole('button', { name: 'Start' }).click();
  await two.e.tapAll(0, [2]);
  await two.e.next();
  await two.e.tapAll(1, [3, 9, 3]);
  await two.e.next();
  await two.page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(two.e.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });

  // The researcher opens round 2.
  await page.goto(`/a/${tokens.delphiRatingsAdmin}/experts`);
  const rounds = page.getByRole('region', { name: 'Delphi rounds' });
  await rounds.getByRole('button', { name: 'Close round 1 and open round 2' }).click();
  await expect(rounds).toContainText('Round 2 is open.');

  // Rater Two reads Rater One's reason under that pair of levels, without a name.
  await two.page.reload();
  await expect(two.page.getByRole('note')).toContainText('Round 2.');
  await two.page.getByRole('button', { name: 'Continue' }).click();
  if (!/Levels of/.test((await two.e.heading.textContent()) ?? '')) await two.e.next();
  await expect(two.e.heading).toHaveText('Levels of “Credit record”');
  // The first pair's feedback: the first on the page of levels.
  const feedback = two.page.locator('.feedback').first();
  await feedback.getByText('Reasons given by others (1)').click();
  await expect(feedback.getByRole('listitem')).toHaveText([REASON]);
  await expect(two.page.locator('main')).not.toContainText(/Rater One/);
  await expectFitsScreen(two.page, 'round 2, the reasons under a pair of levels, 360 px');
  expect(one.errors).toEqual([]);
  expect(two.errors).toEqual([]);
  await one.context.close();
  await two.context.close();
});
