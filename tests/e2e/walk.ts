/**
 * The expert's steps walked on the seeded farm-credit survey (tests/e2e/expert-seed.ts), one
 * walk for the sweeps that check every step (axe in a11y.test.ts, WCAG 2.2 in wcag22.test.ts):
 * the intro, the first group unanswered, then half answered with one "no opinion", the credit
 * risk group answered inconsistently so that the suggestions show, the review, and the done
 * step after submitting. At each stop the caller checks the page as it is.
 */
import type { Page } from '@playwright/test';
import { CONSISTENT_JUDGMENTS } from './expert-seed';
import { expect, positionOf, type ExpertPage } from './pages';

/** Where the walk stops, and what the expert has answered there (the device's draft). */
export type ExpertStop =
  | { name: 'intro'; kind: 'intro'; index: 0; answered: 0 }
  | { name: 'group, unanswered'; kind: 'node'; index: 0; answered: 0 }
  | { name: 'group, half answered, one no opinion'; kind: 'node'; index: 0; answered: 4 }
  | { name: 'group with suggestions'; kind: 'node'; index: 2; answered: 17 }
  | { name: 'review'; kind: 'review'; index: 0; answered: 30 }
  | { name: 'done'; kind: 'done'; index: 0; answered: 30 };

/** The start button and the submit button, in either language. */
const START = /^(Start|开始)$/;
const SUBMIT = /^(Submit my answers|提交我的回答)$/;

/**
 * Walks the expert's steps from the page at `url` (not yet started) to the done step, calling
 * `at` at each stop once the device holds the stop's step and answers (so a reload comes back
 * to it); `at` may leave the page (a sweep reloads it) as long as it comes back to the same step.
 */
export async function walkExpertSteps(
  page: Page,
  expert: ExpertPage,
  url: string,
  visit: (stop: ExpertStop) => Promise<void>
): Promise<void> {
  const at = async (stop: ExpertStop) => {
    // Not on the first step (the device's database is not there yet) nor after submitting.
    if (stop.kind !== 'intro' && stop.kind !== 'done')
      await expect.poll(() => storedStep(expert)).toBe(stepText(stop));
    await visit(stop);
  };
  await page.goto(url);
  await at({ name: 'intro', kind: 'intro', index: 0, answered: 0 });
  await page.getByRole('button', { name: START }).click();
  await at({ name: 'group, unanswered', kind: 'node', index: 0, answered: 0 });
  // Half of the first group, "no opinion" on one pair.
  const a1 = CONSISTENT_JUDGMENTS.A1!;
  for (const k of [0, 1, 2]) await expert.tap(0, k, positionOf(a1[k]!));
  await expert.radio(0, 3, 'skip').check();
  await at({ name: 'group, half answered, one no opinion', kind: 'node', index: 0, answered: 4 });
  for (const k of [4, 5]) await expert.tap(0, k, positionOf(a1[k]!));
  await expert.next();
  await expert.tap(1, 0, positionOf(CONSISTENT_JUDGMENTS.B1![0]!));
  await expert.next();
  // Credit risk, inconsistent on purpose: the suggestions show.
  await expert.tapAll(2, [1 / 9, ...CONSISTENT_JUDGMENTS.B2!.slice(1)]);
  await expect(page.locator('.suggestions li').first()).toBeVisible();
  await at({ name: 'group with suggestions', kind: 'node', index: 2, answered: 17 });
  await expert.next();
  await expert.tapAll(3, CONSISTENT_JUDGMENTS.B3!);
  await expert.next();
  await expert.tapAll(4, CONSISTENT_JUDGMENTS.B4!);
  await expert.next();
  await expect(page.getByRole('button', { name: SUBMIT })).toBeVisible();
  await at({ name: 'review', kind: 'review', index: 0, answered: 30 });
  await page.getByRole('button', { name: SUBMIT }).click();
  await expect(expert.state).toHaveText(/^(Sent at|已于)/);
  await at({ name: 'done', kind: 'done', index: 0, answered: 30 });
}

/** The step the device's draft is on and how many judgments it holds: `kind index, N answered`. */
async function storedStep(expert: ExpertPage): Promise<string> {
  const drafts = (await expert.drafts()) as Array<{
    step?: { kind: string; index?: number };
    judgments?: Record<string, unknown[]>;
  }>;
  const draft = drafts[0];
  const given = Object.values(draft?.judgments ?? {})
    .flat()
    .filter((v) => v !== null);
  return `${draft?.step?.kind} ${draft?.step?.index ?? 0}, ${given.length} answered`;
}

/** What {@link storedStep} reads once the stop is stored. */
const stepText = (stop: ExpertStop) => `${stop.kind} ${stop.index}, ${stop.answered} answered`;
