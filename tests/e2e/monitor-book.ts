/**
 * A synthetic loan book for the monitoring journeys, scored with the demo survey's weight set
 * (version 1: each indicator C1-C15 a score 0-100). Built so that the expected warning list and
 * stability flags follow from the construction, whatever the panel's weights (they sum to 1):
 *
 * - May (400 loans): households HH-001 ... HH-388 score 95 or 85 on each indicator, alternating
 *   by loan and indicator (so every indicator is half in [90, 100], half in [80, 90); totals
 *   85-95, grades AAA or AA); HH-389 ... HH-400 score 5 everywhere (total 5, grade D; defaulted).
 * - June (388 loans): HH-001 ... HH-012 deteriorate: every fact falls to 5 (grade D, 8 or 9 grades
 *   down); C10 (the loan as a share of income) shifts: every other household scores 85 on it
 *   (a total at least 85 - 10 w_C10 > 80: AA at worst, never two grades down); HH-389 ... HH-400
 *   are closed (gone).
 *
 * So the warning list holds exactly HH-001 ... HH-012; C10 moves from half/half to all in
 * [80, 90) (PSI above 0.25, shifted); every other indicator keeps its shares within 0.2
 * percentage points (PSI below 0.001, stable), the [0, 10) bin held by 12 loans in both.
 */
import { expect, type Page } from '@playwright/test';

export const LEAVES = Array.from({ length: 15 }, (_, i) => `C${i + 1}`);
export const SHIFTED = 'C10';
export const DETERIORATING = Array.from({ length: 12 }, (_, k) => id(k));

function id(k: number): string {
  return `HH-${String(k + 1).padStart(3, '0')}`;
}

function csv(rows: Array<{ id: string; scores: number[]; defaulted: 0 | 1 | '' }>): string {
  const lines = [`id,${LEAVES.join(',')},days_past_due,defaulted`];
  for (const r of rows) lines.push(`${r.id},${r.scores.join(',')},,${r.defaulted}`);
  return `${lines.join('\n')}\n`;
}

const good = (k: number) => LEAVES.map((_, i) => ((k + i) % 2 === 0 ? 95 : 85));

export function mayBook(): string {
  return csv(
    Array.from({ length: 400 }, (_, k) =>
      k < 388
        ? { id: id(k), scores: good(k), defaulted: 0 }
        : { id: id(k), scores: LEAVES.map(() => 5), defaulted: 1 }
    )
  );
}

export function juneBook(): string {
  return csv(
    Array.from({ length: 388 }, (_, k) => {
      if (k < 12) return { id: id(k), scores: LEAVES.map(() => 5), defaulted: k < 6 ? 1 : 0 };
      const scores = good(k);
      scores[LEAVES.indexOf(SHIFTED)] = 85;
      return { id: id(k), scores, defaulted: '' };
    })
  );
}

/** Adds a snapshot on the monitor page (the page is open, in either language). */
export async function addSnapshot(
  page: Page,
  name: string,
  asOf: string,
  text: string
): Promise<void> {
  const form = page.locator('form[action="?/add"]');
  await form.locator('input[name="name"]').fill(name);
  await form.locator('input[name="as_of"]').fill(asOf);
  await form.locator('input[name="file"]').setInputFiles({
    name: `${name}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(text)
  });
  await form.locator('button[type="submit"]').click();
  await expect(
    page.locator('table[data-testid="snapshots"] tbody th', { hasText: name })
  ).toHaveCount(1, {
    timeout: 20_000
  });
}
