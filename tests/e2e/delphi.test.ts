/**
 * A two-round Delphi-AHP survey (issue 14, section 5): five experts on phones; in round 1 one is
 * an outlier and one submits offline; the researcher closes round 1 (the offline expert's late
 * answers are refused and kept on their device, shown as not counted); in round 2 the outlier sees
 * the panel's standing under each pair and moves toward it; S* rises, the stop rule is met, and a
 * weight set saved from round 2 records its round. With reasons on: a reason typed in round 1
 * survives a reload, a reason the server would refuse is stopped on the page (in its language),
 * and in round 2 another expert reads the reason, without the name of who gave it.
 *
 * Hierarchy "Goal: B1, B2; B1: C1, C2, C3": two groups, 1 + 3 pairs. The S* values below were
 * computed with the engine (roundSummary) for these answers: round 1 (four experts counted: the
 * offline one's answers were refused) Goal 0.585, B1 0.660; round 2 (all five) Goal 0.991,
 * B1 0.995. The stop rule: S* at least 0.75 in every group.
 */
import { test, type Browser, type Page } from '@playwright/test';
import {
  collectErrors,
  expect,
  expectFitsScreen,
  ExpertPage,
  positionOf,
  Researcher
} from './pages';

/** Goal: B1 vs B2; B1: C1-C2, C1-C3, C2-C3. */
const AGREE = { Goal: [3], B1: [3, 5, 2] };
const OUTLIER = { Goal: [1 / 5], B1: [1 / 3, 1 / 5, 1 / 2] };
const MOVED = { Goal: [2], B1: [2, 4, 2] };
/** E one's reason for the first pair in round 1. */
const REASON = 'Market prices swing more than the weather';

/** A phone: 360 x 740, touch. */
async function phone(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    hasTouch: true
  });
  return { context, page: await context.newPage() };
}

/** Answers both groups by tapping and goes to the review. */
async function answer(e: ExpertPage, judgments: { Goal: number[]; B1: number[] }) {
  for (const [k, node] of (['Goal', 'B1'] as const).entries()) {
    await expect(e.heading).toBeVisible();
    await e.tapAll(k, judgments[node]);
    await e.next();
  }
}

async function submitted(e: ExpertPage) {
  await e.page.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(e.state).toHaveText(/^Sent at \d\d:\d\d$/, { timeout: 15_000 });
}

test('a two-round Delphi survey converges, with feedback no expert can trace', async ({
  browser,
  page
}) => {
  // Six browser contexts, two rounds and a language switch: minutes on a loaded machine.
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  const r = await Researcher.create(page, 'scratch');
  await r.hierarchy();
  await page.getByLabel('Outline', { exact: true }).fill('Goal: B1, B2; B1: C1, C2, C3');
  await page.getByRole('button', { name: 'Check the outline' }).click();
  await page.getByRole('button', { name: 'Replace the hierarchy with this outline' }).click();
  await expect(r.node('C3')).toHaveCount(1);

  await r.experts();
  await page
    .getByLabel('Experts, one a line')
    .fill(['E one', 'E two', 'E three', 'E four', 'E five'].join('\n'));
  await page.getByRole('button', { name: 'Invite everyone on the list' }).click();
  const fields = page.getByRole('region', { name: /new link/ }).getByRole('textbox');
  await expect(fields).toHaveCount(5);
  const links = await Promise.all([0, 1, 2, 3, 4].map((k) => fields.nth(k).inputValue()));

  // The stop rule, set before the first answers: S* >= 0.75 in every group, at most 3 rounds.
  await page.getByText('Stop rule and reasons').click();
  await page.getByLabel('S* at least, in every group').fill('0.75');
  await page.getByLabel('No global weight moving more than').fill('');
  await page.getByLabel('At most this many rounds').fill('3');
  await page.getByLabel(/Experts may give a one-line reason/).check();
  await page.getByRole('button', { name: 'Save the stop rule' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  // A bad value is named, and nothing changes.
  await page.getByLabel('S* at least, in every group').fill('1.5');
  await page.getByRole('button', { name: 'Save the stop rule' }).click();
  await expect(page.locator('#delphi-error')).toHaveText(
    'S* at least, in every group: S* is above 0 and at most 1'
  );
  // The same on the Chinese page: the detail in Chinese too.
  await setLanguage(page, 'zh');
  await page.reload();
  await page.locator('#rounds-heading ~ details summary').click();
  await page.locator('#delphi-sstar').fill('1.5');
  await page.locator('form[action="?/delphi"] button[type="submit"]').click();
  await expect(page.locator('#delphi-error')).toHaveText('每组 S* 至少为：S* 须大于 0 且不大于 1');
  await setLanguage(page, 'en');

  await r.overview();
  await page.getByRole('button', { name: 'Open survey' }).click();
  await expect(page.locator('.badge')).toHaveText('Open');

  // Round 1: three experts agree, the fifth is an outlier; the fourth submits while offline.
  const experts = [];
  for (const k of [0, 1, 2, 3, 4]) {
    const { context, page: p } = await phone(browser);
    const e = new ExpertPage(p);
    experts.push({ context, e, errors: collectErrors(p) });
    await p.goto(links[k]!);
    await p.getByRole('button', { name: 'Start' }).click();
    if (k === 0) {
      // A reason for the first pair; a reload (before any save could finish) keeps it.
      await p.getByRole('button', { name: 'Add a reason (optional)' }).first().click();
      await p.getByLabel(/Your reason for this judgment/).fill(REASON);
      await p.reload();
      await expect(p.getByLabel(/Your reason for this judgment/)).toHaveValue(REASON);
    }
    if (k === 2) {
      // Over 200 characters: said at the field, and the submission stops there until fixed.
      await p.getByRole('button', { name: 'Add a reason (optional)' }).first().click();
      const field = p.getByLabel(/Your reason for this judgment/);
      await field.fill('x'.repeat(201));
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(p.locator('#reason-0-0-error')).toHaveText(
        'The reason is 201 characters long: at most 200.'
      );
      await answer(e, AGREE);
      await p.getByRole('button', { name: 'Submit my answers' }).click();
      await expect(field).toBeFocused();
      expect(await e.outbox()).toHaveLength(0);
      await field.fill('Short and clear');
      await expect(field).not.toHaveAttribute('aria-invalid');
      await e.next();
      await e.next();
      await submitted(e);
      continue;
    }
    await answer(e, k === 4 ? OUTLIER : AGREE);
    if (k === 3) {
      await context.setOffline(true);
      await p.getByRole('button', { name: 'Submit my answers' }).click();
      await expect(e.state).toHaveText(/Waiting to send/);
    } else {
      await submitted(e);
    }
  }

  // The researcher sees round 1: the stop rule is not met, both groups hold it back.
  await r.experts();
  const rounds = page.getByRole('region', { name: 'Delphi rounds' });
  await expect(rounds).toContainText('Round 1 is open: 4 of 5 experts asked have answered');
  await expect(rounds.locator('[data-stop-met="false"]')).toContainText(
    'Consensus: below S* 0.75 (or without S*): Goal, B1.'
  );
  await rounds.getByRole('button', { name: 'Close round 1 and open round 2' }).click();
  await expect(rounds).toContainText('Round 2 is open.');

  // The offline expert's round-1 answers arrive late: refused, kept, said so; the page moves on.
  {
    const { context, e } = experts[3]!;
    await context.setOffline(false);
    await e.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(e.state).toHaveText(
      'Not accepted: not counted: round 1 had closed; kept on this device',
      { timeout: 20_000 }
    );
    const outbox = await e.outbox();
    expect(outbox).toHaveLength(1);
    await expect(e.page.getByRole('note')).toContainText('Round 2.', { timeout: 20_000 });
    // Round 2 starts from their own answers on the device: submitted again, now counted.
    await e.page.getByRole('button', { name: 'Continue' }).click();
    await expect(e.radio(0, 0, positionOf(3))).toBeChecked();
    await e.next();
    await e.next();
    await submitted(e);
  }

  // The outlier opens round 2: the panel's standing under each pair, as text too.
  {
    const { e } = experts[4]!;
    await e.page.reload();
    await expect(e.page.getByRole('note')).toContainText('Round 2.');
    await e.page.getByRole('button', { name: 'Continue' }).click();
    const feedback = e.page.locator('.feedback').first();
    // Goal: 3, 3, 3 and the outlier's 1/5 in round 1 (four counted): geometric mean
    // (27/5)^(1/4) = 1.52 -> "B1 1.5x"; positions -2, -2, -2, 4: Q1 -2, Q3 -0.5 (1.5 steps).
    await expect(feedback).toContainText(
      "Round 1, 4 experts: the panel's position (geometric mean) B1 1.5×; the middle half of the answers from B1 3× to B1 1.5× (1.5 steps wide). Your answer then: B2 5×."
    );
    // The reasons of round 1 for this pair (E one's, E three's), sorted, without any name.
    await feedback.getByText('Reasons given by others (2)').click();
    await expect(feedback.getByRole('listitem')).toHaveText([REASON, 'Short and clear']);
    await expect(e.page.locator('main')).not.toContainText(/E one|E three/);
    await expectFitsScreen(e.page, 'round 2 with feedback, 360 px');
    await answer(e, MOVED);
    await submitted(e);
  }
  for (const { context, errors: expertErrors } of experts) {
    expect(expertErrors).toEqual([]);
    await context.close();
  }

  // Results: round 2 is met; S* rose; the outlier moved toward the group.
  await page.goto(`${r.base}/results`);
  await r.ready('Results');
  const compare = page.getByRole('region', { name: 'Delphi rounds' });
  await expect(compare.locator('[data-stop-met="true"]')).toContainText(
    'The stop rule is met: the panel can stop here.'
  );
  await expect(compare.getByRole('row', { name: /^S\* Goal/ })).toContainText('0.585');
  await expect(compare.getByRole('row', { name: /^S\* Goal/ })).toContainText('0.991');
  const moved = compare.getByRole('row', { name: /^E5/ });
  await expect(moved).toContainText('4 / 4');
  await savedRound(page, r.base, 2);

  // Round 1 stays available: its figures, and the rule not met there.
  await page.goto(`${r.base}/results?round=1`);
  await r.ready('Results');
  await expect(compare.locator('[data-stop-met="false"]')).toBeVisible();
  // A round that does not exist: a clear 400, not a 500.
  const bad = await page.goto(`${r.base}/results?round=9`);
  expect(bad?.status()).toBe(400);
  await expect(page.getByText('This survey has no such round.')).toBeVisible();
  expect(errors.filter((x) => !x.includes('400'))).toEqual([]);
});

/** Saves a weight set from the results page and checks the round recorded in its document. */
async function savedRound(page: Page, base: string, round: number) {
  const response = await page.request.post(`${base}/results/weight-sets`, {
    data: { name: 'Delphi round 2' },
    headers: { origin: new URL(page.url()).origin }
  });
  expect(response.status()).toBe(201);
  const saved = (await response.json()) as { id: string };
  const doc = await page.request.get(`${base}/results/weight-sets/${saved.id}`);
  expect(((await doc.json()) as { survey: { round?: number } }).survey.round).toBe(round);
}

/** The language of the pages in `page`'s browser context (Paraglide's cookie). */
async function setLanguage(page: Page, language: 'en' | 'zh') {
  await page
    .context()
    .addCookies([{ name: 'PARAGLIDE_LOCALE', value: language, url: new URL(page.url()).origin }]);
}
