import { expect, test } from '@playwright/test';

test.use({ viewport: { width: 360, height: 740 } });

test('home page loads on a small phone without console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto('/');

  await expect(page).toHaveTitle(/Pairwise/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pairwise' })).toBeVisible();

  // The page is hydrated and interactive: moving the slider updates the weights.
  const slider = page.getByRole('slider');
  await slider.fill('-8');
  await expect(page.getByText('Agricultural insurance is extremely more important.')).toBeVisible();
  await expect(page.getByText('90.0%')).toBeVisible();

  // Nothing overflows the 360 px viewport horizontally.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);

  expect(errors).toEqual([]);
});
