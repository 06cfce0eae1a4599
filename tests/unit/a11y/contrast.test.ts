/**
 * Every colour pair the pages draw, in both colour schemes, read from the custom properties of
 * src/app.css: text at least 4.5:1 (WCAG 2.2, 1.4.3), the edges of controls and the focus ring
 * at least 3:1 (1.4.11). axe checks the text it finds on the pages; this checks the palette,
 * including the pairs axe cannot see (focus rings, field edges, a pressed button's ring).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

type Palette = Record<string, string>;

const CSS = readFileSync('src/app.css', 'utf8');

/** The `--color-*` properties of the first `:root` block of `css`. */
function colours(css: string): Palette {
  const block = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  return Object.fromEntries(
    [...block.matchAll(/--color-([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!])
  );
}

const DARK_AT = CSS.indexOf('@media (prefers-color-scheme: dark)');
const LIGHT = colours(CSS.slice(0, DARK_AT));
const DARK = { ...LIGHT, ...colours(CSS.slice(DARK_AT)) };

/** Relative luminance, WCAG 2.2 definition (sRGB, threshold 0.04045). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((k) => {
    const c = parseInt(hex.slice(k, k + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio (L1 + 0.05) / (L2 + 0.05), WCAG 2.2. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** CSS `color-mix(in srgb, a p%, b)` of opaque colours: per channel, in gamma-encoded sRGB. */
function mix(a: string, p: number, b: string): string {
  const channel = (hex: string, k: number) => parseInt(hex.slice(k, k + 2), 16);
  return (
    '#' +
    [1, 3, 5]
      .map((k) =>
        Math.round(channel(a, k) * p + channel(b, k) * (1 - p))
          .toString(16)
          .padStart(2, '0')
      )
      .join('')
  );
}

test('the contrast formula gives the published reference values', () => {
  // Black on white is 21:1 (WCAG 2.2, definition of contrast ratio); #767676 on white is
  // 4.54:1, the lightest grey that passes 4.5:1 (WebAIM contrast checker).
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
  expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  // color-mix(in srgb, #ff0000 50%, #0000ff) is rgb(128 0 128) (127.5, rounded).
  expect(mix('#ff0000', 0.5, '#0000ff')).toBe('#800080');
});

test('both schemes define every colour (a missing one would silently fall back)', () => {
  const names = Object.keys(LIGHT).sort();
  expect(names).toContain('danger-contrast');
  expect(names).toContain('border-strong');
  expect(Object.keys(colours(CSS.slice(DARK_AT))).sort()).toEqual(names);
});

/** [what is drawn, foreground, background, minimum]; names are custom properties or tints. */
type Pair = [string, string, string, number];

const BACKGROUNDS = ['bg', 'surface', 'surface-2'];
const PAIRS: Pair[] = [
  // Text, 4.5:1.
  ...['text', 'muted', 'accent', 'danger'].flatMap((fg) =>
    BACKGROUNDS.map((bg): Pair => [`${fg} text`, fg, bg, 4.5])
  ),
  ['"unsaved" text', 'focus', 'bg', 4.5],
  ['button text on its fill', 'accent-contrast', 'accent', 4.5],
  ['"Close survey" text on its fill', 'danger-contrast', 'danger', 4.5],
  ['scale number, first element side', 'text', 'tint-left', 4.5],
  ['scale number, second element side', 'text', 'tint-right', 4.5],
  // Controls and focus, 3:1.
  ...BACKGROUNDS.map((bg): Pair => ['focus ring', 'focus', bg, 3]),
  ['focus ring inside a scale step', 'focus', 'tint-left', 3],
  ['focus ring inside a scale step', 'focus', 'tint-right', 3],
  ["focus ring's inner band on a chosen step or pressed button", 'bg', 'accent', 3],
  ['focus ring against its inner band', 'focus', 'bg', 3],
  ...BACKGROUNDS.map((bg): Pair => ['edge of a field or the scale', 'border-strong', bg, 3]),
  ['chosen step against its neighbours', 'accent', 'tint-left', 3],
  ['chosen step against its neighbours', 'accent', 'tint-right', 3],
  ...BACKGROUNDS.map((bg): Pair => ['filled button', 'accent', bg, 3]),
  ...BACKGROUNDS.map((bg): Pair => ['danger button', 'danger', bg, 3])
];

describe.each([
  ['light', LIGHT],
  ['dark', DARK]
] as const)('the %s scheme', (_, palette) => {
  // The scale's tints, as PairScale.svelte mixes them.
  const colour: Palette = {
    ...palette,
    'tint-left': mix(palette.accent!, 0.08, palette.surface!),
    'tint-right': mix(palette.focus!, 0.08, palette.surface!)
  };

  test.each(PAIRS)('%s: %s on %s at least %s:1', (_, fg, bg, minimum) => {
    expect(colour[fg], fg).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(colour[bg], bg).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(contrast(colour[fg]!, colour[bg]!)).toBeGreaterThanOrEqual(minimum);
  });
});
