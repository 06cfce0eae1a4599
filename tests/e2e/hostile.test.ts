/**
 * Issue 9, section 2, what only the real server shows: SvelteKit's and adapter-node's own
 * refusals (a form action posted something else than a form, the reserved action name
 * "default", a body over BODY_SIZE_LIMIT) are answered with their 4xx and a message, never
 * "Internal error", and the security headers come with them.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';

/** A new survey from the template; its admin token. */
async function newSurvey(request: APIRequestContext, origin: string): Promise<string> {
  const made = await request.post('/?/template', {
    form: {},
    headers: { origin, accept: 'text/html' },
    maxRedirects: 0
  });
  expect(made.status()).toBe(303);
  return /^\/a\/([A-Za-z0-9_-]+)\?/.exec(made.headers()['location'] ?? '')![1]!;
}

test('SvelteKit refusals are 4xx with a message, not internal errors', async ({
  request,
  baseURL
}) => {
  const origin = baseURL!;
  const token = await newSurvey(request, origin);

  // POST /language with a JSON body.
  const language = await request.post('/language', {
    data: { locale: 'zh' },
    headers: { origin }
  });
  expect(language.status()).toBe(415);
  expect(await language.text()).not.toContain('Internal error');

  // A form action posted JSON: SvelteKit's own 415, said as such (with a page's script, and
  // without).
  for (const accept of ['application/json', 'text/html']) {
    const action = await request.post(`/a/${token}?/title`, {
      data: { titleEn: 'x' },
      headers: { origin, accept }
    });
    expect(action.status()).toBe(415);
    const text = await action.text();
    expect(text).not.toContain('Internal error');
    expect(text).toContain('Unsupported Media Type');
    expect(action.headers()['x-content-type-options']).toBe('nosniff');
  }

  // The reserved action name.
  for (const accept of ['application/json', 'text/html']) {
    const reserved = await request.post(`/a/${token}?/default`, {
      form: { titleEn: 'x' },
      headers: { origin, accept }
    });
    expect(reserved.status()).toBe(400);
    expect(await reserved.text()).toContain('This form action does not exist');
    expect(reserved.headers()['x-frame-options']).toBe('DENY');
  }
});

test('bodies over the size limit are 413 with a message, JSON and forms alike', async ({
  request,
  baseURL
}) => {
  const origin = baseURL!;
  const token = await newSurvey(request, origin);
  // Between adapter-node's 512 KB and the 1 MB the weight-set endpoint used to allow.
  const big = 'x'.repeat(700 * 1024);
  const json = await request.post(`/a/${token}/results/weight-sets`, {
    data: JSON.stringify({ name: big }),
    headers: { origin, 'content-type': 'application/json' }
  });
  expect(json.status()).toBe(413);
  expect(await json.json()).toEqual({
    message: expect.stringMatching(/at most 524288 are accepted/)
  });

  const form = await request.post(`/a/${token}/results?/import`, {
    multipart: { file: { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) } },
    headers: { origin, accept: 'text/html' }
  });
  expect(form.status()).toBe(413);
  const text = await form.text();
  expect(text).not.toContain('Internal error');
});
