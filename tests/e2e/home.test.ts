import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 360, height: 740 } });

/** Collects console errors and uncaught exceptions; a CSP violation shows up as a console error. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('home page loads on a small phone without console errors', async ({ page }) => {
  const errors = collectErrors(page);

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

test('the language switch changes to Chinese and back, and the choice survives a reload', async ({
  page
}) => {
  const errors = collectErrors(page);
  const html = page.locator('html');
  const languages = page.getByRole('group', { name: /Language|语言/ });

  await page.goto('/');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'What it does' })).toBeVisible();
  await expect(languages.getByRole('button', { name: 'English' })).toHaveAttribute(
    'aria-pressed',
    'true'
  );

  // With JavaScript the switch sets the cookie in the browser and reloads: no post.
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });

  // Keyboard only: focus the button and press Enter.
  await languages.getByRole('button', { name: '中文' }).focus();
  await page.keyboard.press('Enter');

  await expect(html).toHaveAttribute('lang', 'zh');
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 2, name: '用途' })).toBeVisible();
  await expect(page.getByText('层次分析法（AHP）专家问卷')).toBeVisible();
  await expect(languages.getByRole('button', { name: '中文' })).toHaveAttribute(
    'aria-pressed',
    'true'
  );
  // Hydrated in Chinese: the judgment uses the study's scale words.
  await page.getByRole('slider').fill('-8');
  await expect(
    page.getByText('与农作物受自然灾害的影响程度相比，农业保险情况极重要。')
  ).toBeVisible();

  await page.reload();
  await expect(html).toHaveAttribute('lang', 'zh');
  await expect(page.getByRole('heading', { level: 2, name: '用途' })).toBeVisible();

  await languages.getByRole('button', { name: 'English' }).click();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'What it does' })).toBeVisible();

  await page.reload();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.getByText('Expert surveys for the Analytic Hierarchy Process')).toBeVisible();

  expect(posts).toEqual([]);
  expect(errors).toEqual([]);
});

test.describe('a phone set to Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('gets Chinese on the first visit, and the server and browser agree on it', async ({
    page,
    context
  }) => {
    const errors = collectErrors(page);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await expect(page.getByRole('heading', { level: 2, name: '用途' })).toBeVisible();
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'PARAGLIDE_LOCALE')?.value).toBe('zh');

    await page.getByRole('slider').fill('8');
    await expect(
      page.getByText('与农业保险情况相比，农作物受自然灾害的影响程度极重要。')
    ).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the language switch still works through a form post', async ({ page }) => {
    const html = page.locator('html');
    await page.goto('/?from=test');
    await expect(html).toHaveAttribute('lang', 'en');

    await page.getByRole('button', { name: '中文' }).click();
    await expect(html).toHaveAttribute('lang', 'zh');
    // Back on the same page, query string included.
    await expect(page).toHaveURL('/?from=test');
    await expect(page.getByRole('heading', { level: 2, name: '用途' })).toBeVisible();

    await page.reload();
    await expect(html).toHaveAttribute('lang', 'zh');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(html).toHaveAttribute('lang', 'en');
  });
});

test('the skip link is the first stop for the keyboard and moves focus to the main content', async ({
  page
}) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('pages carry a Content Security Policy and the security headers', async ({ page }) => {
  const response = await page.goto('/');
  expect(response).not.toBeNull();
  const headers = response!.headers();

  const csp = headers['content-security-policy'] ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values])
  );
  expect(directives.get('default-src')).toEqual(["'self'"]);
  // SvelteKit's inline start-up script is allowed by a per-response nonce, nothing else inline.
  expect(directives.get('script-src')?.[0]).toBe("'self'");
  expect(directives.get('script-src')?.slice(1)).toEqual([expect.stringMatching(/^'nonce-.+'$/)]);
  expect(directives.get('style-src')?.[0]).toBe("'self'");
  expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('worker-src')).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'self'"]);
  expect(directives.get('form-action')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');

  expect(headers['x-content-type-options']).toBe('nosniff');
  // Never a Referer to another site (tokens live in URLs), but same-origin form posts keep
  // their Origin, which SvelteKit's CSRF check needs.
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['permissions-policy']).toContain('camera=()');

  // Error pages too, with a generic text.
  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  expect(missing?.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(missing?.headers()['x-frame-options']).toBe('DENY');
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
});

test('the language endpoint accepts only known languages and redirects only within the site', async ({
  request,
  baseURL
}) => {
  // SvelteKit refuses cross-site form posts, so send the Origin a browser would.
  const post = (form: Record<string, string>) =>
    request.post('/language', { form, headers: { origin: baseURL! }, maxRedirects: 0 });

  const ok = await post({ locale: 'zh', redirect: '/?x=1' });
  expect(ok.status()).toBe(303);
  expect(ok.headers()['location']).toBe('/?x=1');
  expect(ok.headers()['set-cookie']).toMatch(/PARAGLIDE_LOCALE=zh/);
  expect(ok.headers()['referrer-policy']).toBe('same-origin');

  for (const redirect of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const response = await post({ locale: 'en', redirect });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe('/');
  }

  expect((await post({ locale: 'fr', redirect: '/' })).status()).toBe(400);
  expect((await request.get('/language')).status()).toBe(405);
});
