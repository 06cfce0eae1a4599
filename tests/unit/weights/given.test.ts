/**
 * Weight sets from given weights (src/lib/weights/given.ts): the farm-credit hierarchy with the
 * demo loan file's true weights (static/demo/loans-farm-credit.csv, docs/cli.md: C1..C15 =
 * 0.06 0.04 0.1575 0.09 0.0675 0.09 0.045 0.15 0.06 0.09 0.0225 0.0375 0.03 0.0375 0.0225),
 * given as local weights in CSV and as global weights in JSON; provenance and hash; and every
 * class of bad file refused whole, with the line and column (CSV) or JSON path of the problem.
 *
 * The local weights, worked out by hand from the global ones (global / criterion's global):
 * B1 0.1 = 0.06 + 0.04, B2 0.45 = 0.1575 + 0.09 + 0.0675 + 0.09 + 0.045, B3 0.3, B4 0.15;
 * C1 0.06/0.1 = 0.6, C2 0.4; C3 0.1575/0.45 = 0.35, C4 0.2, C5 0.15, C6 0.2, C7 0.1;
 * C8 0.15/0.3 = 0.5, C9 0.2, C10 0.3; C11 0.0225/0.15 = 0.15, C12 0.25, C13 0.2, C14 0.25, C15 0.15.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { farmCreditTemplate } from '../../../src/lib/survey';
import {
  CsvError,
  GIVEN_SUM_TOLERANCE,
  givenWeightSet,
  globalWeightsCsv,
  hashWeightSet,
  provenanceOf,
  verifyWeightSet,
  type GivenFile,
  type WeightSet
} from '../../../src/lib/weights';
import { AhpInputError } from '../../../src/lib/ahp';
import { JsonSyntaxError } from '../../../src/lib/json';

const FIXTURES = path.resolve(__dirname, '../../cli/fixtures');
const TRUE_GLOBAL = [
  0.06, 0.04, 0.1575, 0.09, 0.0675, 0.09, 0.045, 0.15, 0.06, 0.09, 0.0225, 0.0375, 0.03, 0.0375,
  0.0225
];
const CRITERIA = { B1: 0.1, B2: 0.45, B3: 0.3, B4: 0.15 };
const definition = farmCreditTemplate();
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function fixture(name: string, format: 'csv' | 'json'): GivenFile {
  const bytes = readFileSync(path.join(FIXTURES, name));
  return { name, format, text: bytes.toString('utf8'), sha256: sha(bytes) };
}
const inline = (text: string, format: 'csv' | 'json' = 'csv'): GivenFile => ({
  name: `inline.${format}`,
  format,
  text,
  sha256: sha(text)
});
const make = (file: GivenFile, normalise = false) =>
  givenWeightSet(definition, file, {
    surveyId: 'farm',
    name: 'True weights',
    createdAt: '2026-12-05T00:00:00.000Z',
    normalise
  });

function expectTrueWeights(ws: WeightSet) {
  ws.leaves.forEach((l, k) => {
    expect(l.id).toBe(`C${k + 1}`);
    expect(Math.abs(l.globalWeight - TRUE_GLOBAL[k]!)).toBeLessThanOrEqual(1e-15);
  });
  for (const [id, w] of Object.entries(CRITERIA))
    expect(Math.abs(ws.nodes.find((n) => n.id === id)!.localWeight - w), id).toBeLessThanOrEqual(
      1e-15
    );
}

describe('the farm-credit true weights, local in CSV and global in JSON', () => {
  for (const [name, format] of [
    ['given-farm-credit-local.csv', 'csv'],
    ['given-farm-credit-global.json', 'json']
  ] as const)
    test(name, async () => {
      const file = fixture(name, format);
      const ws = await make(file);
      expectTrueWeights(ws);
      expect(ws.version).toBe(2);
      expect(provenanceOf(ws)).toEqual({
        kind: 'given',
        parent: null,
        changes: [],
        source: { name, format, sha256: file.sha256 }
      });
      // No expert, no matrix: every inner node is preset, the composite CR not applicable.
      expect(ws.experts).toEqual([]);
      expect(ws.nodes.filter((n) => n.comparison).map((n) => n.comparison!.source)).toEqual(
        Array(5).fill('preset')
      );
      expect(ws.composite.cr).toBeNull();
      expect(ws.hash.value).toBe(await hashWeightSet(ws));
      expect((await verifyWeightSet(ws)).ok).toBe(true);
    });

  test("a saved set's weights CSV reads back to the same weights", async () => {
    const first = await make(fixture('given-farm-credit-local.csv', 'csv'));
    const again = await make(inline(globalWeightsCsv(first)));
    // The stored local weights are read and divided by their sums again: the same to 1e-15.
    again.leaves.forEach((l, k) =>
      expect(Math.abs(l.globalWeight - first.leaves[k]!.globalWeight)).toBeLessThan(1e-15)
    );
  });

  test('the same weights from another file are the same set but for the source', async () => {
    const a = await make(fixture('given-farm-credit-local.csv', 'csv'));
    const b = await make(
      inline(
        readFileSync(path.join(FIXTURES, 'given-farm-credit-local.csv'), 'utf8').replace(
          /\n/g,
          '\r\n'
        )
      )
    );
    expect(b.nodes).toEqual(a.nodes);
    expect(provenanceOf(b).source!.sha256).not.toBe(provenanceOf(a).source!.sha256);
    expect(b.hash.value).not.toBe(a.hash.value);
  });
});

const LOCAL = readFileSync(path.join(FIXTURES, 'given-farm-credit-local.csv'), 'utf8');
/** The local CSV with line `line` (1-based) replaced. */
const withLine = (line: number, text: string) => {
  const lines = LOCAL.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
};

describe('sums: within 1e-9, else refused unless the researcher asks to normalise', () => {
  test('the tolerance is 1e-9', () => expect(GIVEN_SUM_TOLERANCE).toBe(1e-9));

  test('thirds written to ten digits (sum 0.9999999999) pass, within the tolerance', async () => {
    const text = 'id,local\nX,0.3333333333\nY,0.3333333333\nZ,0.3333333333\n';
    const def = {
      ...definition,
      hierarchy: {
        id: 'G',
        label: { en: 'G', zh: '' },
        children: ['X', 'Y', 'Z'].map((id) => ({ id, label: { en: id, zh: '' } }))
      }
    };
    const ws = await givenWeightSet(def, inline(text), { surveyId: 's', name: 'n' });
    // Divided by the sum, as the engine does with presets: exactly 1/3 each up to rounding.
    for (const l of ws.leaves) expect(Math.abs(l.globalWeight - 1 / 3)).toBeLessThan(1e-15);
    expect(provenanceOf(ws).changes).toEqual([]);
  });

  test('a group summing to 0.9999 is refused at its first row, naming the sum and the way out', async () => {
    const text = withLine(6, 'C3,0.3499');
    const e = await make(inline(text)).catch((x) => x);
    expect(e).toBeInstanceOf(CsvError);
    expect([e.line, e.column]).toEqual([6, 4]);
    expect(e.message).toMatch(
      /local weights of C3, C4, C5, C6, C7 sum to 0\.9999(0*1)?, not 1 within 1e-9.*normalise/
    );
  });

  test('asked to normalise, the group is divided by its sum and that is recorded', async () => {
    const ws = await make(inline(withLine(6, 'C3,0.3499')), true);
    expect(provenanceOf(ws).changes.map((c) => [c.type, c.node])).toEqual([['normalise', 'B2']]);
    const change = provenanceOf(ws).changes[0] as { sum: number };
    expect(Math.abs(change.sum - 0.9999)).toBeLessThan(1e-12);
    const c3 = ws.nodes.find((n) => n.id === 'C3')!;
    expect(Math.abs(c3.localWeight - 0.3499 / 0.9999)).toBeLessThan(1e-15);
    expect((await verifyWeightSet(ws)).ok).toBe(true);
  });

  test('global weights summing to 1.0001 are refused; normalised, the goal records the sum', async () => {
    const json = readFileSync(path.join(FIXTURES, 'given-farm-credit-global.json'), 'utf8').replace(
      '"C15": 0.0225',
      '"C15": 0.0226'
    );
    const e = await make(inline(json, 'json')).catch((x) => x);
    expect(e).toBeInstanceOf(AhpInputError);
    expect(e.message).toMatch(/^\$\.global\.C1: the leaves' global weights sum to 1\.0001/);
    const ws = await make(inline(json, 'json'), true);
    expect(provenanceOf(ws).changes.map((c) => [c.type, c.node])).toEqual([['normalise', 'A1']]);
  });

  test('a group of zeros cannot be normalised', async () => {
    const text = withLine(3, 'C1,0').replace('C2,0.4', 'C2,0');
    const e = await make(inline(text), true).catch((x) => x);
    expect(e.message).toMatch(/^line 3, column 4: the local weights of C1, C2 are all 0/);
  });
});

describe('bad CSV files are refused whole, with line and column', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /^line 1, column 1: the file is empty/],
    ['unknown column', 'id,weight\nB1,0.1\n', /^line 1, column 4: unknown column 'weight'/],
    ['column twice', 'id,local,local\n', /^line 1, column 10: column 'local' appears twice/],
    ['no id column', 'local\n0.1\n', /^line 1, column 6: the header lacks column id/],
    [
      'no weight column',
      'id,parent\nB1,A1\n',
      /^line 1, column 10: the header lacks a weight column/
    ],
    ['header only', 'id,local\n', /^line 2, column 1: no weights/],
    ['a short row', withLine(4, 'C2'), /^line 4, column 3: 1 fields, the header has 2/],
    ['an empty weight', withLine(4, 'C2,'), /^line 4, column 4: the local weight of 'C2' is empty/],
    [
      'text for a weight',
      withLine(4, 'C2,four'),
      /^line 4, column 4: the local weight of 'C2' is not a weight from 0 to 1/
    ],
    [
      'a negative weight',
      withLine(4, 'C2,-0.4'),
      /^line 4, column 4: .* is not a weight from 0 to 1/
    ],
    [
      'a weight above 1',
      withLine(4, 'C2,1.5'),
      /^line 4, column 4: .* is not a weight from 0 to 1/
    ],
    ['Infinity', withLine(4, 'C2,1e999'), /^line 4, column 4: .* is not a weight from 0 to 1/],
    ['NaN', withLine(4, 'C2,NaN'), /^line 4, column 4: .* is not a weight from 0 to 1/],
    ['an unknown node', withLine(4, 'C99,0.4'), /^line 4, column 5: there is no node 'C99'/],
    ['a node twice', `${LOCAL}C2,0.4\n`, /^line 21, column 4: node 'C2' is given twice/],
    [
      'a node missing',
      LOCAL.replace('C15,0.15\n', ''),
      /^line 20, column 1: node 'C15' \(a child of 'B4'\) has no local weight/
    ],
    [
      'a goal weight other than 1',
      `${LOCAL}A1,0.5\n`,
      /^line 21, column 4: the goal 'A1' always weighs 1, not 0\.5/
    ],
    [
      'a NUL in an id',
      withLine(4, 'C\u00002,0.4'),
      /^line 4, column 1: the node id holds a NUL character/
    ],
    [
      'a lone surrogate in an id',
      withLine(4, 'C\ud8002,0.4'),
      /^line 4, column 1: the node id holds a broken character/
    ],
    ['a bad quote', withLine(4, '"C2,0.4'), /^line 4, column 1: /],
    [
      'a parent that differs',
      'id,parent,local\nB1,A1,0.1\nC1,B2,0.6\n',
      /^line 3, column 4: the parent of 'C1' is 'B1' in this survey, not 'B2'/
    ],
    [
      'an inner node among global weights',
      'id,global\nB1,0.1\n',
      /^line 2, column 4: 'B1' is not a leaf/
    ],
    [
      'a leaf missing among global weights',
      'id,global\nC1,1\n',
      /^line 3, column 1: leaf 'C2' has no global weight/
    ]
  ];
  for (const [name, text, message] of cases)
    test(name, async () => {
      const e = await make(inline(text)).catch((x) => x);
      expect(e).toBeInstanceOf(CsvError);
      expect(e.message).toMatch(message);
    });

  test('global weights whose criterion weighs 0 cannot give local weights', async () => {
    const text = `id,global\n${TRUE_GLOBAL.map((w, k) => `C${k + 1},${k < 2 ? 0 : k === 2 ? w + 0.1 : w}`).join('\n')}\n`;
    const e = await make(inline(text)).catch((x) => x);
    expect(e.message).toMatch(/^line 2, column 4: the leaves below 'B1' all weigh 0/);
  });
});

describe('bad JSON files are refused whole, with the JSON path (or line and column)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['malformed', '{"local": {"B1": 0.1,}}', /^line 1, column 22: unexpected '}'/],
    ['an array', '[]', /^expected an object/],
    ['an unknown field', '{"weights": {}}', /^\$\.weights: unknown field/],
    [
      'another format',
      '{"format": "pairwise.weight-set", "local": {}}',
      /^\$\.format: expected "pairwise\.given-weights"/
    ],
    [
      'another version',
      '{"version": 2, "local": {}}',
      /^\$\.version: this version of Pairwise reads version 1/
    ],
    ['both forms', '{"local": {}, "global": {}}', /^give either "local"/],
    ['no form', '{}', /^give either "local"/],
    ['a list of weights', '{"local": [0.1]}', /^\$\.local: expected an object/],
    [
      'a string weight',
      '{"local": {"B1": "0.1"}}',
      /^\$\.local\.B1: "0\.1" is not a weight from 0 to 1/
    ],
    ['null', '{"local": {"B1": null}}', /^\$\.local\.B1: null is not a weight/],
    [
      'a huge number',
      '{"local": {"B1": 1e999}}',
      /^\$\.local\.B1: null is not a weight|^\$\.local\.B1: .* is not a weight/
    ],
    [
      'a node missing',
      '{"local": {"B1": 0.1}}',
      /^\$\.local: node 'C1' \(a child of 'B1'\) has no local weight/
    ],
    ['an unknown node', '{"global": {"Z": 1}}', /^\$\.global\.Z: there is no node 'Z'/]
  ];
  for (const [name, text, message] of cases)
    test(name, async () => {
      const e = await make(inline(text, 'json')).catch((x) => x);
      expect(e instanceof AhpInputError || e instanceof JsonSyntaxError).toBe(true);
      expect(e.message).toMatch(message);
    });
});
