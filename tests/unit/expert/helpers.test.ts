/** The expert page's pure helpers: submission ids, pairs still needed, time, and wording. */
import { describe, expect, it } from 'vitest';
import { pairsOf } from '../../../src/lib/ahp';
import { SCALE_POSITIONS, valueAtPosition } from '../../../src/lib/survey';
import { minutesFor, newSubmissionId, pairsToConnect } from '../../../src/routes/e/[token]/helpers';
import { meaningOf, ratioText, refusalText, timeOfDay } from '../../../src/routes/e/[token]/words';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newSubmissionId', () => {
  it('uses crypto.randomUUID where there is one', () => {
    expect(newSubmissionId()).toMatch(UUID_V4);
    expect(newSubmissionId({ getRandomValues: (a) => a, randomUUID: () => 'x-x-x-x-x' })).toBe(
      'x-x-x-x-x'
    );
  });

  it('builds a version-4 UUID from getRandomValues on plain http (no randomUUID)', () => {
    const ids = new Set(
      Array.from({ length: 200 }, () =>
        newSubmissionId({ getRandomValues: (a) => crypto.getRandomValues(a) })
      )
    );
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    // All bits set still gives the version and variant nibbles.
    const ones = newSubmissionId({
      getRandomValues: <T extends ArrayBufferView | null>(a: T) => {
        (a as unknown as Uint8Array).fill(255);
        return a;
      }
    });
    expect(ones).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});

describe('pairsToConnect', () => {
  const pairs5 = pairsOf(5);

  it('is n - 1 with nothing answered, 0 once every element is linked', () => {
    expect(
      pairsToConnect(
        5,
        pairs5,
        pairs5.map(() => null)
      )
    ).toBe(4);
    // The first row (0,1) (0,2) (0,3) (0,4): a spanning tree.
    expect(pairsToConnect(5, pairs5, [3, 1, 1 / 5, 2, null, null, null, null, null, null])).toBe(0);
    expect(pairsToConnect(2, pairsOf(2), [null])).toBe(1);
    expect(pairsToConnect(2, pairsOf(2), [7])).toBe(0);
  });

  it('counts components: a cycle adds nothing, "no opinion" links nothing', () => {
    // (0,1), (0,2), (1,2): one component {0,1,2} and {3}, {4}.
    expect(pairsToConnect(5, pairs5, [1, 1, null, null, 1, null, null, null, null, null])).toBe(2);
    expect(
      pairsToConnect(
        5,
        pairs5,
        pairs5.map(() => 'skip')
      )
    ).toBe(4);
    // (2,3) and (3,4) link {2,3,4}; with (0,1): two components.
    expect(pairsToConnect(5, pairs5, [2, null, null, null, null, null, null, 3, null, 5])).toBe(1);
  });
});

describe('minutesFor', () => {
  it('is about ten seconds a comparison, in whole minutes, at least one', () => {
    expect(minutesFor(30)).toBe(5);
    expect(minutesFor(31)).toBe(6);
    expect(minutesFor(1)).toBe(1);
    expect(minutesFor(0)).toBe(1);
    expect(minutesFor(190)).toBe(32);
  });
});

describe('wording (English)', () => {
  it('names every step of the scale for a pair, 9 left ... equal ... 9 right', () => {
    const names = SCALE_POSITIONS.map((p) => meaningOf('C3', 'C4', p));
    expect(names[0]).toBe('C3 is extremely more important than C4 (9)');
    expect(names[4]).toBe('C3 is strongly more important than C4 (5)');
    expect(names[8]).toBe('C3 and C4 are equally important (1)');
    expect(names[10]).toBe('C4 is moderately more important than C3 (3)');
    expect(names[16]).toBe('C4 is extremely more important than C3 (9)');
    expect(new Set(names).size).toBe(17);
  });

  it('states a judgment a_ij as a ratio, whichever way it points', () => {
    expect(ratioText('A', 'B', 5)).toBe('A is 5 times as important as B');
    expect(ratioText('A', 'B', 1 / 3)).toBe('B is 3 times as important as A');
    expect(ratioText('A', 'B', 1)).toBe('A and B are equally important');
    for (const p of SCALE_POSITIONS)
      expect(ratioText('A', 'B', valueAtPosition(p))).not.toMatch(/\./);
  });

  it('writes a time of day as HH:MM', () => {
    expect(timeOfDay('2026-11-20T08:05:00.000Z', 'en')).toMatch(/^\d\d:\d\d$/);
    expect(timeOfDay('2026-11-20T08:05:00.000Z', 'zh')).toMatch(/^\d\d:\d\d$/);
  });
});

describe('refusalText', () => {
  it("says the refusals an expert can meet in the page's words, anything else as the server did", () => {
    expect(refusalText({ code: 'closed', message: 'This survey is closed.' })).toBe(
      'not counted: the survey closed before they arrived; kept on this device'
    );
    // A proxy's 413 (no code of the app's) is given the code too_large by postSubmission.
    expect(refusalText({ code: 'too_large', message: 'HTTP 413' })).toMatch(
      /^not counted: .*too large \(HTTP 413\); kept on this device/
    );
    expect(refusalText({ code: 'not_found', message: 'x' })).toBe(
      'this link no longer works; ask the researcher for a new one'
    );
    expect(refusalText({ code: 'not_open', message: 'x' })).toBe('the survey is not open');
    expect(refusalText({ code: 'conflict', message: 'Submit again.' })).toBe('Submit again.');
    expect(refusalText({ code: null, message: 'HTTP 403' })).toBe('HTTP 403');
  });
});
