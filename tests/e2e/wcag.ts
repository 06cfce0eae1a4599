/**
 * WCAG 2.2 checks that axe-core does not make, measured in the page as it is now (one browser,
 * any state): the layout at a phone's width (1.4.10 reflow: nothing wider than the screen,
 * interactive elements neither overlapping nor off the screen unless inside a box that scrolls),
 * target size (2.5.8, with its spacing and inline exceptions), text spacing (1.4.12: the spacing
 * CSS injected, nothing clipped), axe restricted to the WCAG A/AA rules, reduced motion and forced
 * colours. Each returns a list of problems, as lines that name the element; empty is a pass.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { AXE_FILE } from './a11y';
import { horizontalOverflow } from './pages';

/** The rule sets of WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

let axeSource: string | null = null;

/** axe-core's violations of the WCAG A/AA rules, every impact, as lines. */
export async function axeWcag(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    axeSource ??= readFileSync(AXE_FILE, 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(
    async (tags) => {
      type Violation = { id: string; impact: string; nodes: Array<{ target: unknown[] }> };
      const axe = (
        window as unknown as { axe: { run: (o: object) => Promise<{ violations: [] }> } }
      ).axe;
      const { violations } = await axe.run({
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations']
      });
      return (violations as Violation[]).map(
        (v) =>
          `axe ${v.id} (${v.impact}): ${v.nodes
            .slice(0, 4)
            .map((n) => n.target.join(' '))
            .join(' | ')}${v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''}`
      );
    },
    WCAG_TAGS as unknown as string[]
  );
}

/**
 * The interactive elements of the page and their target boxes, measured in the page; then the
 * problems of 1.4.10 and 2.5.8:
 * - "overlap": two targets, neither inside the other, whose boxes cross by more than 1 px (one
 *   would take the other's taps), except a target on a fixed or sticky bar over the page;
 * - "off screen": a target reaching past the screen's left or right edge, unless inside a box that
 *   scrolls or clips on its own;
 * - "small": a target under 24 x 24 CSS px whose 24 px circle meets another target (the
 *   spacing exception), except a link inside a sentence (the inline exception).
 * A radio button or check box counts with its label (a tap on the label chooses it).
 */
export async function targetProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const SELECTOR =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    type Box = { left: number; top: number; right: number; bottom: number };
    type Target = { el: Element; box: Box; onBar: boolean; scrolls: boolean; inline: boolean };
    const vw = window.innerWidth;
    const describe = (el: Element) => {
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList]
        .slice(0, 2)
        .map((c) => `.${c}`)
        .join('')}[${name}]`;
    };
    const union = (a: Box, b: Box): Box => ({
      left: Math.min(a.left, b.left),
      top: Math.min(a.top, b.top),
      right: Math.max(a.right, b.right),
      bottom: Math.max(a.bottom, b.bottom)
    });
    const visible = (el: Element) => {
      if (el.getClientRects().length === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden';
    };
    const ancestors = (el: Element, test: (s: CSSStyleDeclaration, e: Element) => boolean) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (test(getComputedStyle(up), up)) return true;
      return false;
    };
    const targets: Target[] = [];
    for (const el of document.querySelectorAll(SELECTOR)) {
      if (!visible(el) || (el as HTMLElement).closest('[inert]')) continue;
      let box: Box = el.getBoundingClientRect();
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
        for (const label of el.labels ?? [])
          if (visible(label)) box = union(box, label.getBoundingClientRect());
      }
      // A visually hidden control (1 px) with no label to tap: not a target on the screen.
      if (box.right - box.left <= 1 || box.bottom - box.top <= 1) continue;
      const style = getComputedStyle(el);
      const inline =
        el.tagName === 'A' &&
        style.display === 'inline' &&
        (el.parentElement?.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
      targets.push({
        el,
        box,
        onBar: ancestors(el, (s) => s.position === 'fixed' || s.position === 'sticky'),
        scrolls: ancestors(el, (s) => s.overflowX !== 'visible'),
        inline
      });
    }
    const related = (a: Target, b: Target) => {
      if (a.el.contains(b.el) || b.el.contains(a.el)) return true;
      const labelsOf = (t: Target) =>
        t.el instanceof HTMLInputElement ? [...(t.el.labels ?? [])] : [];
      return labelsOf(a).some((l) => l.contains(b.el)) || labelsOf(b).some((l) => l.contains(a.el));
    };
    const problems: string[] = [];
    const sorted = [...targets].sort((a, b) => a.box.top - b.box.top);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      for (let j = i + 1; j < sorted.length; j++) {
        const b = sorted[j]!;
        if (b.box.top >= a.box.bottom - 1) break;
        if (a.onBar !== b.onBar || related(a, b)) continue;
        const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (w > 1 && h > 1)
          problems.push(
            `overlap: ${describe(a.el)} and ${describe(b.el)} (${Math.round(w)} x ${Math.round(h)} px)`
          );
      }
      if (!a.scrolls && (a.box.right > vw + 0.5 || a.box.left < -0.5))
        problems.push(
          `off screen: ${describe(a.el)} at ${Math.round(a.box.left)}..${Math.round(a.box.right)} of ${vw} px`
        );
    }
    // 2.5.8: undersized targets and the 24 px circle around each.
    const distanceTo = (x: number, y: number, b: Box) =>
      Math.hypot(Math.max(b.left - x, 0, x - b.right), Math.max(b.top - y, 0, y - b.bottom));
    const small = targets.filter(
      (t) => !t.inline && (t.box.right - t.box.left < 24 || t.box.bottom - t.box.top < 24)
    );
    for (const t of small) {
      const x = (t.box.left + t.box.right) / 2;
      const y = (t.box.top + t.box.bottom) / 2;
      const crowded = targets.find(
        (o) =>
          o !== t &&
          !related(o, t) &&
          o.onBar === t.onBar &&
          (distanceTo(x, y, o.box) < 12 ||
            (small.includes(o) &&
              Math.hypot(x - (o.box.left + o.box.right) / 2, y - (o.box.top + o.box.bottom) / 2) <
                24))
      );
      if (crowded)
        problems.push(
          `small: ${describe(t.el)} is ${Math.round(t.box.right - t.box.left)} x ${Math.round(t.box.bottom - t.box.top)} px, ${describe(crowded.el)} within its 24 px circle`
        );
    }
    return problems;
  });
}

/** The page's width problems (see pages.ts horizontalOverflow), as lines. */
export async function overflowProblems(page: Page): Promise<string[]> {
  const { viewport, scrollWidth, sticking } = await horizontalOverflow(page);
  return [
    ...(scrollWidth > viewport ? [`page ${scrollWidth} px wide on a ${viewport} px screen`] : []),
    ...sticking.map((s) => `sticks out: ${s}`)
  ];
}

/**
 * Text cut off: an element that clips its overflow (hidden or clip, not a box that scrolls) whose
 * content is larger than its box, except visually hidden text (1 px) and the native controls.
 */
export async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.getClientRects().length === 0) continue;
      const s = getComputedStyle(el);
      const clipsX = s.overflowX === 'hidden' || s.overflowX === 'clip';
      const clipsY = s.overflowY === 'hidden' || s.overflowY === 'clip';
      if (!clipsX && !clipsY) continue;
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
      if (el.matches('input, select, textarea, canvas, img, svg, video')) continue;
      if (!(el.textContent ?? '').trim()) continue;
      const overX = clipsX && el.scrollWidth > el.clientWidth + 1;
      const overY = clipsY && el.scrollHeight > el.clientHeight + 1;
      if (overX || overY)
        out.push(
          `clipped: ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} ` +
            `${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight} "${(el.textContent ?? '').trim().slice(0, 30)}"`
        );
    }
    return out;
  });
}

/**
 * WCAG 1.4.12 text spacing, the bookmarklet's values: line height 1.5, paragraph spacing 2 em,
 * letter spacing 0.12 em, word spacing 0.16 em. Added as a constructed style sheet (the app's
 * CSP refuses an inline <style>, not the CSSOM); returns the width and clipping problems with it,
 * then takes it away.
 */
export async function textSpacingProblems(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }'
    );
    (window as unknown as { __spacing: CSSStyleSheet }).__spacing = sheet;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  try {
    const applied = await page.evaluate(() => getComputedStyle(document.body).letterSpacing);
    if (applied === 'normal' || applied === '0px') return ['text spacing: the style did not apply'];
    return [
      ...(await overflowProblems(page)),
      ...(await clippedText(page)),
      ...(await targetProblems(page)).filter((p) => p.startsWith('overlap'))
    ].map((p) => `with text spacing, ${p}`);
  } finally {
    await page.evaluate(() => {
      const sheet = (window as unknown as { __spacing: CSSStyleSheet }).__spacing;
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    });
  }
}

/** Everything the layout checks find on the page as it is now, at the current width. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return [
    ...(await overflowProblems(page)),
    ...(await targetProblems(page)),
    ...(await clippedText(page))
  ];
}

/**
 * With prefers-reduced-motion: reduce, what still moves: a running animation or a transition
 * longer than 0.01 ms, and smooth scrolling.
 */
export async function motionProblems(page: Page): Promise<string[]> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  try {
    return await page.evaluate(() => {
      const out: string[] = [];
      const ms = (t: string) =>
        Math.max(
          ...t
            .split(',')
            .map((x) => (x.trim().endsWith('ms') ? parseFloat(x) : parseFloat(x) * 1000))
        );
      for (const el of document.querySelectorAll('*')) {
        const s = getComputedStyle(el);
        if (
          ms(s.transitionDuration) > 0.01 ||
          (s.animationName !== 'none' && ms(s.animationDuration) > 0.01)
        )
          out.push(`moves: ${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      }
      if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth')
        out.push('smooth scrolling');
      return out;
    });
  } finally {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  }
}
