import type { Attachment } from 'svelte/attachments';
import { m } from '$lib/paraglide/messages';

/**
 * A box that scrolls (a wide table on a phone) must be reachable by keyboard, or what it hides
 * is out of reach (WCAG 2.1.1; axe's `scrollable-region-focusable`). While the box overflows it
 * is a named region (a list stays a list) in the tab order, where the arrow keys scroll it; once
 * its content fits it is neither, so a desktop gets no empty tab stop.
 *
 * The region is named after the heading of the section around it and the table's caption,
 * followed by "table that scrolls sideways".
 *
 * Usage: `<div class="table-wrap" {@attach scrollRegion}>`.
 */
export const scrollRegion: Attachment<HTMLElement> = (box) => {
  // A list keeps its own role (its items need it); any other box becomes a region.
  const role = box.matches('ul, ol') ? null : 'region';
  const update = () => {
    const overflows =
      box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (overflows === box.hasAttribute('tabindex')) return;
    if (overflows) {
      box.tabIndex = 0;
      if (role) box.setAttribute('role', role);
      box.setAttribute('aria-label', nameOf(box));
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  };
  // The box changes size with the screen, its content with the data: watch both.
  const observer = new ResizeObserver(update);
  observer.observe(box);
  for (const child of box.children) observer.observe(child);
  update();
  return () => observer.disconnect();
};

function nameOf(box: HTMLElement): string {
  const text = (el: Element | null | undefined) =>
    el?.textContent?.trim().replace(/\s+/g, ' ') ?? '';
  const section = box.closest('section');
  const labelledBy = section?.getAttribute('aria-labelledby');
  const heading = labelledBy
    ? document.getElementById(labelledBy)
    : section?.querySelector('h2, h3, h4');
  // Both: several tables share a caption ("Weights"), each under its own heading.
  const parts = [text(heading), text(box.querySelector('caption'))].filter((t) => t !== '');
  // The words "table that scrolls sideways" keep it apart from its section's own name (two
  // landmarks of one name are one too many: axe's landmark-unique).
  const where = [...new Set(parts)].join(': ');
  return where ? `${where} — ${m.common_scroll_region()}` : m.common_scroll_region();
}
