/**
 * The accessibility checks of the browser journeys (issue 15): axe-core run inside the page, in
 * every language, width and colour scheme, and a keyboard sweep that tabs through a page and
 * measures how much of each focused element a fixed or sticky bar covers (WCAG 2.2, 2.4.11).
 *
 * axe-core is a devDependency: it is read from node_modules and run in the page under test, never
 * bundled into the app.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const AXE_FILE = path.resolve('node_modules/axe-core/axe.min.js');
let axeSource: string | null = null;
/** English last: a sweep leaves the page in English, as the journeys around it expect. */
export const LANGUAGES = ['zh', 'en'] as const;
/** A desktop and the narrowest phone the app supports. */
export const WIDTHS = [1280, 360] as const;
export const SCHEMES = ['light', 'dark'] as const;

export type Language = (typeof LANGUAGES)[number];
export type Width = (typeof WIDTHS)[number];
export type Scheme = (typeof SCHEMES)[number];

/** One axe rule that failed, with where. */
export interface Finding {
  page: string;
  language: Language;
  width: Width;
  scheme: Scheme;
  rule: string;
  impact: string;
  nodes: string[];
}

/** Impacts that fail the test (axe's levels: minor, moderate, serious, critical). */
export const FAILING = new Set(['serious', 'critical']);

export function viewport(width: Width) {
  return { width, height: width === 360 ? 740 : 900 };
}

/** The page's language for the next load (Paraglide's cookie, as the language switch sets it). */
export async function useLanguage(
  context: BrowserContext,
  baseURL: string,
  language: Language
): Promise<void> {
  await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: language, url: baseURL }]);
}

/** Runs axe-core on the page as it is now; returns its violations of every impact. */
export async function axe(
  page: Page
): Promise<Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }>> {
  // Evaluated through the DevTools protocol, not added as a <script>: the app's Content Security
  // Policy (script-src 'self' with a nonce) refuses inline scripts, and stays on in this test.
  if (!(await page.evaluate(() => 'axe' in window))) {
    axeSource ??= readFileSync(AXE_FILE, 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: [] }> } })
      .axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations;
  });
}

/**
 * Every combination of language, width and colour scheme of one page: `reload` loads it in the
 * language (set by cookie) and waits until it is ready. Returns what axe found, every impact.
 */
export async function sweepPage(
  page: Page,
  name: string,
  baseURL: string,
  reload: (language: Language) => Promise<void>
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const language of LANGUAGES) {
    await useLanguage(page.context(), baseURL, language);
    await page.setViewportSize(viewport(1280));
    await reload(language);
    for (const width of WIDTHS) {
      await page.setViewportSize(viewport(width));
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        await settleFrames(page);
        for (const v of await axe(page)) {
          findings.push({
            page: name,
            language,
            width,
            scheme,
            rule: v.id,
            impact: v.impact ?? 'unknown',
            nodes: v.nodes.map((n) => n.target.join(' '))
          });
        }
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (process.env.A11Y_SUMMARY) console.log(summarize(name, findings));
  return findings;
}

/** Two animation frames: resize observers (the scroll regions) and styles catch up. */
async function settleFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
  );
}

/** One line per page: violations by impact and by rule, over all its combinations. */
export function summarize(name: string, findings: Finding[]): string {
  const byRule = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.rule} (${f.impact}) ${f.width}px`;
    byRule.set(key, (byRule.get(key) ?? 0) + f.nodes.length);
  }
  const rules = [...byRule].map(([k, n]) => `${k} x${n}`).join('; ');
  return `[a11y] ${name}: ${findings.length} violation(s)${rules ? `: ${rules}` : ''}`;
}

/** The findings that fail, as lines a person can read in the test's error. */
export function failing(findings: Finding[]): string[] {
  return findings
    .filter((f) => FAILING.has(f.impact))
    .map(
      (f) =>
        `${f.page} [${f.language}, ${f.width}px, ${f.scheme}] ${f.rule} (${f.impact}): ` +
        f.nodes.slice(0, 4).join(' | ')
    );
}

/** A focused element that a fixed or sticky bar covers. */
export interface Obscured {
  element: string;
  hidden: number;
}

/**
 * Tabs through the page from its top (at most `limit` stops, or until the focus comes back to
 * the first stop) and returns the stops of which more than half is covered by a fixed or sticky
 * element that does not contain them, or lies outside the screen. Each stop is sampled on a 5 x 5
 * grid of points with elementFromPoint (what a person would see on top there). `ringless` lists
 * the stops that show no focus ring (2.4.7).
 */
export async function tabSweep(
  page: Page,
  limit = 400
): Promise<{ stops: number; obscured: Obscured[]; ringless: string[] }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.locator('body').focus();
  const obscured: Obscured[] = [];
  const ringless: string[] = [];
  let first: string | null = null;
  let stops = 0;
  for (; stops < limit; stops++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const describe = (e: Element) =>
        `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}` +
        `[${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}]`;
      // 2.4.7: a ring (an outline of 2 px or more, or a box shadow) on the element, or on the
      // label or step that draws it for a visually hidden radio button.
      const ringed = [el, el.closest('label'), el.parentElement].some((x) => {
        if (!x) return false;
        const s = getComputedStyle(x);
        return (
          (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'
        );
      });
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return { key: describe(el), hidden: 0, ringed };
      const barOf = (e: Element | null): Element | null => {
        for (let x = e; x; x = x.parentElement) {
          const position = getComputedStyle(x).position;
          if (position === 'fixed' || position === 'sticky') return x;
        }
        return null;
      };
      // The part sampled: the whole element, or the screen's worth of a box larger than the
      // screen (a long table's scroll region), which no scrolling shows whole.
      const fits = r.width <= innerWidth && r.height <= innerHeight;
      const left = fits ? r.left : Math.max(r.left, 0);
      const top = fits ? r.top : Math.max(r.top, 0);
      const width = fits ? r.width : Math.min(r.right, innerWidth) - left;
      const height = fits ? r.height : Math.min(r.bottom, innerHeight) - top;
      if (width < 1 || height < 1) return { key: describe(el), hidden: 1, ringed };
      let hidden = 0;
      const n = 5;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const x = left + ((i + 0.5) * width) / n;
          const y = top + ((j + 0.5) * height) / n;
          if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) {
            hidden++;
            continue;
          }
          const above = document.elementFromPoint(x, y);
          if (!above || el.contains(above) || above.contains(el)) continue;
          const bar = barOf(above);
          if (bar && !bar.contains(el)) hidden++;
        }
      }
      return {
        key: describe(el) + `@${Math.round(r.top + scrollY)}`,
        hidden: hidden / (n * n),
        ringed
      };
    });
    if (!stop) break;
    if (stop.key === first) break;
    first ??= stop.key;
    if (stop.hidden > 0.5) obscured.push({ element: stop.key, hidden: stop.hidden });
    if (!stop.ringed) ringless.push(stop.key);
  }
  return { stops, obscured, ringless };
}
