/**
 * Times on the researcher's pages: in the viewer's zone, naming it (issue 9, section 7: a
 * Chinese panel saw UTC). Expected values worked out by hand: China Standard Time is UTC+8 all
 * year (no daylight saving since 1991); New York is UTC-5 in November (EST).
 */
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../src/routes/a/[token]/format';

describe('formatTime', () => {
  const iso = '2026-11-20T20:30:00.000Z';

  it('writes UTC where no zone is known (the server)', () => {
    expect(formatTime(iso)).toBe('2026-11-20 20:30 UTC');
  });

  it("writes the viewer's local time and names its zone", () => {
    expect(formatTime(iso, 'Asia/Shanghai')).toBe('2026-11-21 04:30 GMT+8');
    expect(formatTime(iso, 'America/New_York')).toBe('2026-11-20 15:30 EST');
  });

  it('keeps midnight as 00, not 24', () => {
    expect(formatTime('2026-11-20T16:05:00Z', 'Asia/Shanghai')).toBe('2026-11-21 00:05 GMT+8');
  });

  it('leaves a text that is not a time as it is', () => {
    expect(formatTime('not a time', 'Asia/Shanghai')).toBe('not a time');
  });
});
