/**
 * No expert's tap is ever lost (issue 9, section 4): a tap followed by a reload 0, 50, 100 or
 * 200 ms later is there after the reload, and the state line says "Saved on this device" only
 * once the device store has committed, after every change, not only the first.
 *
 * Before the journal (src/lib/drafts/journal.ts), the IndexedDB write started on pagehide did
 * not finish, and a reload within ~250 ms of a tap lost it every time.
 */
import { expect, test } from '@playwright/test';
import { expertFixtures } from './expert-fixtures';
import { collectErrors, ExpertPage } from './pages';

const tokens = expertFixtures();

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test('a tap survives a reload 0, 50, 100 and 200 ms later, and "saved" waits for the save', async ({
  page
}) => {
  const errors = collectErrors(page);
  const expert = new ExpertPage(page);
  await page.goto(`/e/${tokens.reload}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(expert.heading).toHaveText('Farm-household micro-credit risk');
  await expect(expert.state).toHaveText('Saved on this device');

  // The first group (4x4) has six pairs: one tap on each of the first four, each a different
  // step of the scale, each followed by a reload after `delay` ms.
  const taps: Array<{ pair: number; position: number; delay: number }> = [
    { pair: 0, position: 2, delay: 0 },
    { pair: 1, position: -3, delay: 50 },
    { pair: 2, position: 5, delay: 100 },
    { pair: 3, position: -7, delay: 200 }
  ];
  for (const [k, { pair, position, delay }] of taps.entries()) {
    await expert
      .pair(0, pair)
      .locator('label.step')
      .nth(position + 8)
      .tap();
    if (delay > 0) await page.waitForTimeout(delay);
    await page.reload();
    await expect(expert.heading).toHaveText('Farm-household micro-credit risk');
    for (const earlier of taps.slice(0, k + 1)) {
      await expect(
        expert.radio(0, earlier.pair, earlier.position),
        `the tap on pair ${earlier.pair} after a reload ${delay} ms later`
      ).toBeChecked();
    }
    // What the reload brought back is saved to the device store in turn.
    await expect(expert.state).toHaveText('Saved on this device');
  }

  // The page shows a tap as made at once, and calls it saved only once the device store has
  // committed it (the save comes about 300 ms after a change): every time, not only the first.
  for (const [pair, position] of [
    [4, 0],
    [5, 4],
    [4, -2]
  ] as const) {
    await expert
      .pair(0, pair)
      .locator('label.step')
      .nth(position + 8)
      .tap();
    expect(await expert.radio(0, pair, position).isChecked()).toBe(true);
    expect(await expert.state.textContent()).toContain('Saving on this device');
    await expect(expert.state).toHaveText('Saved on this device');
  }
  await page.reload();
  await expect(expert.radio(0, 4, -2)).toBeChecked();
  await expect(expert.radio(0, 5, 4)).toBeChecked();
  expect(errors).toEqual([]);
});
