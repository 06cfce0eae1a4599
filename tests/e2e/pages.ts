/**
 * Page objects and helpers shared by the browser journeys: the expert's survey page and the
 * researcher's pages, as a person uses them (roles and labels, not markup details).
 */
import { expect as baseExpect, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { positionOf } from '../../src/lib/survey';

// Two cores shared with a build now and then: give the browser time.
export const expect = baseExpect.configure({ timeout: 10_000 });

export const SCREENSHOTS = path.resolve('docs/screenshots');
export const TOKEN_URL = /\/a\/([A-Za-z0-9_-]{32})(\?created=1)?$/;
export const EXPERT_LINK = /^http:\/\/127\.0\.0\.1:\d+\/e\/[A-Za-z0-9_-]{32}$/;

export { positionOf };

/** Console errors and uncaught exceptions, except failed requests while offline. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/.test(text)) return;
    errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The expert's page, as the tests use it. */
export class ExpertPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.locator('#step-heading');
  }

  get cr() {
    return this.page.getByTestId('cr');
  }

  get state() {
    return this.page.getByRole('status', { name: /^(Status of your answers|回答状态)$/ });
  }

  pair(node: number, pair: number) {
    return this.page.locator(`#pair-${node}-${pair}`);
  }

  radio(node: number, pair: number, position: number | 'skip') {
    return this.pair(node, pair).locator(`input[value="${position}"]`);
  }

  /** Taps the step of the scale (its label: the whole cell is the target). */
  async tap(node: number, pair: number, position: number): Promise<void> {
    await this.pair(node, pair)
      .locator('label.step')
      .nth(position + 8)
      .tap();
    await expect(this.radio(node, pair, position)).toBeChecked();
  }

  /** Answers a whole node by tapping. */
  async tapAll(node: number, values: readonly number[]): Promise<void> {
    for (const [k, value] of values.entries()) await this.tap(node, k, positionOf(value));
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Next|Review)$/ }).click();
  }

  /** Waits until the service worker controls this origin and keeps this page. */
  async waitUntilKeptOffline(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let k = 0; k < 100; k++) {
        if (await caches.match(location.href)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the service worker did not keep this page');
    });
  }

  /** The outbox items on this device (Dexie's IndexedDB database "pairwise"). */
  outbox(): Promise<Array<{ submissionId: string; receipt: { duplicate: boolean } | null }>> {
    return this.#deviceTable('outbox');
  }

  /** The drafts on this device, one per link. */
  drafts(): Promise<Array<{ key: string; judgments: Record<string, unknown[]> }>> {
    return this.#deviceTable('drafts');
  }

  #deviceTable<T>(table: 'outbox' | 'drafts'): Promise<T[]> {
    return this.page.evaluate(
      (table) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open('pairwise');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction(table).objectStore(table).getAll();
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result as T[]);
            };
            request.onerror = () => reject(request.error);
          };
        }),
      table
    );
  }
}

export async function noHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * What reaches past the screen's left or right edge: the document's scrollWidth and the
 * outermost elements that stick out, except inside a box that scrolls or clips by itself (a
 * table's scroll region) or is visually hidden (1 px wide). Every `<details>` is opened first, so that
 * what a tap would show is measured too.
 */
export async function horizontalOverflow(
  page: Page
): Promise<{ viewport: number; scrollWidth: number; sticking: string[] }> {
  return page.evaluate(async () => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const viewport = window.innerWidth;
    const clips = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    const sticksOut = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 1 && (box.right > viewport + 0.5 || box.left < -0.5);
    };
    const contained = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (clips(up)) return true;
      }
      return false;
    };
    const describe = (el: Element) => {
      const box = el.getBoundingClientRect();
      const classes = [...el.classList].map((c) => `.${c}`).join('');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes} [${Math.round(box.left)}..${Math.round(box.right)}] "${text}"`;
    };
    const sticking = [...document.body.querySelectorAll('*')].filter(
      (el) =>
        sticksOut(el) &&
        !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)) &&
        !contained(el)
    );
    return {
      viewport,
      scrollWidth: document.documentElement.scrollWidth,
      sticking: sticking.map(describe)
    };
  });
}

/**
 * Soft-asserts that the page fits the screen horizontally (see `horizontalOverflow`); `where`
 * names the page and its state in the report, and the test goes on to the next page.
 */
export async function expectFitsScreen(page: Page, where: string): Promise<void> {
  const { viewport, scrollWidth, sticking } = await horizontalOverflow(page);
  expect.soft({ where, scrollWidth, sticking }).toEqual({
    where,
    scrollWidth: Math.min(scrollWidth, viewport),
    sticking: []
  });
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Creates the demo survey from the home page; returns its researcher's path (/a/<token>). */
export async function openDemo(page: Page): Promise<string> {
  await page.goto('/');
  await page.locator('form[action="?/demo"] button').click();
  await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{32}\/results(\?created=1)?$/);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  return new URL(page.url()).pathname.replace(/\/results$/, '');
}

/**
 * Saves a set of given local weights for the farm-credit template (tests/cli/fixtures) on the
 * survey's weight models page: the level-points form then has rating tables to change.
 */
export async function saveGivenWeights(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/models`);
  await expect(page.locator('.admin[data-hydrated]')).toHaveCount(1);
  await page.locator('form[action="?/given"] input[type="file"]').setInputFiles({
    name: 'given.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(new URL('../cli/fixtures/given-farm-credit-local.csv', import.meta.url))
  });
  await page.locator('form[action="?/given"] button[type="submit"]').click();
  await expect(page.locator('tbody tr')).toHaveCount(1);
}

/** The researcher's pages of one survey. */
export class Researcher {
  constructor(
    readonly page: Page,
    readonly token: string,
    /** Whether the browser runs JavaScript (then pages are used once hydrated). */
    readonly js: boolean
  ) {}

  /** Creates a survey from the home page and lands on its overview. */
  static async create(
    page: Page,
    from: 'template' | 'scratch',
    { js = true } = {}
  ): Promise<Researcher> {
    await page.goto('/');
    await page
      .getByRole('button', {
        name:
          from === 'template'
            ? 'Create a survey from the farm-household micro-credit template'
            : 'Start from scratch'
      })
      .click();
    await expect(page).toHaveURL(TOKEN_URL);
    const token = TOKEN_URL.exec(page.url())![1]!;
    const r = new Researcher(page, token, js);
    await r.ready('Overview');
    return r;
  }

  /** Waits for the page's heading and, with JavaScript, for the page to be hydrated. */
  async ready(heading: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    if (this.js) await expect(this.page.locator('.admin[data-hydrated]')).toHaveCount(1);
  }

  async reload(): Promise<void> {
    await this.page.reload();
    if (this.js) await expect(this.page.locator('.admin[data-hydrated]')).toHaveCount(1);
  }

  get base(): string {
    return `/a/${this.token}`;
  }

  async overview(): Promise<void> {
    await this.page.goto(this.base);
    await this.ready('Overview');
  }

  async hierarchy(): Promise<void> {
    await this.page.goto(`${this.base}/hierarchy`);
    await this.ready('Hierarchy');
  }

  async experts(): Promise<void> {
    await this.page.goto(`${this.base}/experts`);
    await this.ready('Experts');
  }

  /** A node of the hierarchy editor, by its id (the fieldset whose legend starts with it). */
  node(id: string): Locator {
    return this.page.locator('fieldset.node').filter({
      has: this.page.locator(':scope > legend .node-id', { hasText: new RegExp(`^${id}$`) })
    });
  }

  /** The node's own field (not one of its children's). */
  field(id: string, label: string): Locator {
    return this.node(id).getByLabel(label, { exact: true }).first();
  }

  /** Invites the experts (one "Name, role" a line) and opens the survey; returns their links. */
  async inviteAndOpen(list: string): Promise<string[]> {
    await this.experts();
    await this.page.getByLabel('Experts, one a line').fill(list);
    await this.page.getByRole('button', { name: 'Invite everyone on the list' }).click();
    const fields = this.page.getByRole('region', { name: /new link/ }).getByRole('textbox');
    const count = list.split('\n').length;
    await expect(fields).toHaveCount(count);
    const links = await Promise.all(
      Array.from({ length: count }, (_, k) => fields.nth(k).inputValue())
    );
    await this.overview();
    await this.page.getByRole('button', { name: 'Open survey' }).click();
    await expect(this.page.locator('.badge')).toHaveText('Open');
    return links;
  }

  async saveHierarchy(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save the hierarchy' }).last().click();
  }
}

/**
 * The select boxes too narrow for their longest choice: its text measured in the select's own
 * font, plus the select's padding and about 24 px for the arrow, against its inner width.
 */
export async function cutOffSelects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    document.body.append(probe);
    const cut: string[] = [];
    for (const select of document.querySelectorAll('select')) {
      if (select.getClientRects().length === 0) continue;
      const style = getComputedStyle(select);
      probe.style.font = style.font;
      let widest = 0;
      for (const option of select.options) {
        probe.textContent = option.text;
        widest = Math.max(widest, probe.getBoundingClientRect().width);
      }
      const needed = widest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 24;
      if (needed > select.clientWidth) {
        const label = select.labels?.[0]?.textContent?.trim().slice(0, 40) ?? select.id;
        cut.push(`${label}: ${Math.round(select.clientWidth)} px for ${Math.round(needed)} px`);
      }
    }
    probe.remove();
    return cut;
  });
}
