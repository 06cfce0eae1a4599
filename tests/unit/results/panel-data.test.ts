/**
 * The results page's packed panel (src/routes/a/[token]/results/panel-data.ts): every panel comes
 * back from the page's HTML exactly as the server loaded it, and a large one is small.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCALE_POSITIONS, valueAtPosition } from '../../../src/lib/survey';
import { generateDemoPanel } from '../../../src/lib/weights';
import {
  decodeJudgments,
  encodeJudgments,
  packPanel,
  unpackPanel
} from '../../../src/routes/a/[token]/results/panel-data';

const scaleValue = fc.constantFrom(...SCALE_POSITIONS.map(valueAtPosition));
const judgment = fc.oneof(
  scaleValue,
  scaleValue,
  fc.constant(null),
  fc.double({ noNaN: true }),
  fc.double({ min: 0.1, max: 10, noNaN: true })
);

describe("the results page's packed panel", () => {
  it('writes the 17 steps as letters, "no opinion" as "-", anything else as its number', () => {
    expect(encodeJudgments([9, 1, 1 / 9, null, 1 / 3, 2.5, 1e-300])).toBe('aiq-k(2.5)(1e-300)');
    expect(decodeJudgments('aiq-k(2.5)(1e-300)')).toEqual([9, 1, 1 / 9, null, 1 / 3, 2.5, 1e-300]);
  });

  it('gives back every judgment to the last bit, -0 and infinities included', () => {
    fc.assert(
      fc.property(fc.array(judgment, { maxLength: 40 }), (values) => {
        const back = decodeJudgments(encodeJudgments(values));
        expect(back).toHaveLength(values.length);
        back.forEach((v, k) => expect(Object.is(v, values[k])).toBe(true));
      }),
      { numRuns: 2000 }
    );
  });

  it('gives back every row: names with commas and tildes, absent and empty groups', () => {
    const row = fc.record({
      id: fc.string({ minLength: 1, maxLength: 12 }),
      name: fc.string({ maxLength: 20 }),
      role: fc.constantFrom('', 'academic', 'loan officer, senior'),
      weight: fc.double({ min: 0, max: 10, noNaN: true }),
      imported: fc.boolean(),
      submitted: fc.boolean(),
      judgments: fc.dictionary(
        fc.constantFrom('goal', 'B1', 'B2', 'C3', '~,', 'x'),
        fc.array(judgment, { maxLength: 10 })
      )
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        expect(unpackPanel(packPanel(rows))).toEqual(rows);
      }),
      { numRuns: 500 }
    );
  });

  it('packs a demo panel of 1,000 experts into well under 200 KB of JSON', () => {
    // The figure: 976 KB of HTML for 1,000 experts as rows.
    const demo = generateDemoPanel().experts;
    const rows = Array.from({ length: 1000 }, (_, k) => {
      const e = demo[k % demo.length]!;
      return {
        id: `E${String(k).padStart(11, '0')}`,
        name: `${e.name} ${k}`,
        role: e.role,
        weight: 1,
        imported: false,
        submitted: true,
        judgments: e.judgments
      };
    });
    const rowsBytes = JSON.stringify(rows).length;
    const packedBytes = JSON.stringify(packPanel(rows)).length;
    expect(packedBytes).toBeLessThan(rowsBytes / 2);
    expect(packedBytes).toBeLessThan(200_000);
    expect(unpackPanel(packPanel(rows))).toEqual(rows);
  });
});
