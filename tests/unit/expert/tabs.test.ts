/**
 * Two tabs of one link agree on the last tap of a pair whatever order their messages arrive in
 * (tabs.ts: PairClock): each change carries a stamp (the device's clock, then the tab's id) and
 * a tab takes another's change only when it is later than its own.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLater, PairClock } from '../../../src/routes/e/[token]/tabs';

describe('PairClock', () => {
  afterEach(() => vi.useRealTimers());

  it('two taps of one pair in the same millisecond, crossing: both tabs keep the same one', () => {
    vi.useFakeTimers({ now: 1_000 });
    const a = new PairClock();
    const b = new PairClock();
    const value = { a: -2, b: 4 };
    const sa = a.stamp('j/1/Goal/0');
    const sb = b.stamp('j/1/Goal/0');
    expect(sa.at).toBe(sb.at); // the same moment: the tab's id decides
    // The messages cross: each tab receives the other's after its own tap.
    const inA = a.take('j/1/Goal/0', sb) ? value.b : value.a;
    const inB = b.take('j/1/Goal/0', sa) ? value.a : value.b;
    expect(inA).toBe(inB);
    expect(inA).toBe(isLater(sa, sb) ? value.a : value.b);
  });

  it('a later tap wins over an earlier one that arrives late; a tap after a taken one is later', () => {
    vi.useFakeTimers({ now: 5_000 });
    const a = new PairClock();
    const b = new PairClock();
    const early = b.stamp('k');
    vi.setSystemTime(5_010);
    const late = a.stamp('k');
    expect(a.take('k', early)).toBe(false); // arrives after A's own later tap: not taken
    expect(b.take('k', late)).toBe(true);
    // B's clock is behind A's stamp (a tab's clock may lag): its next tap is still later.
    vi.setSystemTime(5_000);
    const next = b.stamp('k');
    expect(next.at).toBe(5_011);
    expect(a.take('k', next)).toBe(true);
    // Other pairs are apart.
    expect(a.take('other', early)).toBe(true);
  });
});
