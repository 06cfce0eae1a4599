/**
 * A weight set's provenance: optional in version 2 (a set with one is version 2), covered by the
 * hash, checked by verifyWeightSet against its kind and the set, described alike by the
 * published JSON Schema and the valibot schema; sets without one read as made by a panel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  canonicalJson,
  hashWeightSet,
  provenanceOf,
  verifyWeightSet,
  weightSetJson,
  weightSetSchema,
  weightSetV2Schema,
  type Provenance,
  type WeightSet
} from '../../../src/lib/weights';
import { copy, demoWeightSet, presetWeightSet } from './fixtures';
import { schemaFile, validate } from './json-schema';

const schemaV1 = schemaFile(1);
const schemaV2 = schemaFile(2);

const SHA = 'ab'.repeat(32);
const given: Provenance = {
  kind: 'given',
  parent: null,
  changes: [{ type: 'normalise', node: 'Y', sum: 0.999 }],
  source: { name: 'weights.csv', format: 'csv', sha256: SHA }
};

const presetWith = (provenance: Provenance) => presetWeightSet(undefined, provenance);

/** A copy with `change` applied and the hash made right again, so that only the change is wrong. */
async function rehashed(ws: WeightSet, change: (x: any) => void): Promise<any> {
  const x = copy(ws) as any;
  change(x);
  x.hash.value = await hashWeightSet(x);
  return x;
}

async function refusal(x: unknown) {
  const r = await verifyWeightSet(x);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

let withProvenance: WeightSet;
beforeAll(async () => {
  withProvenance = await presetWith(given);
});

describe('sets without provenance', () => {
  test('read as kind "panel", and the version-1 file made before provenance existed still verifies byte for byte', async () => {
    const text = readFileSync(path.join(__dirname, 'regression/preset-weight-set-v1.json'), 'utf8');
    const old = JSON.parse(text) as WeightSet;
    expect((await verifyWeightSet(old)).ok).toBe(true);
    // Served as written (weightSetJson adds no member): the same canonical text, the same hash.
    expect(canonicalJson(JSON.parse(weightSetJson(old)))).toBe(canonicalJson(JSON.parse(text)));
    expect(provenanceOf(old)).toEqual({ kind: 'panel', parent: null, changes: [], source: null });
    const { ws } = await demoWeightSet({ bootstrap: false });
    expect('provenance' in ws).toBe(false);
    expect(provenanceOf(ws).kind).toBe('panel');
  });
});

describe('a set with provenance', () => {
  test('is version 2, carries it as given, verifies, and both schemas accept it', async () => {
    expect(withProvenance.version).toBe(2);
    expect(provenanceOf(withProvenance)).toEqual(given);
    expect((await verifyWeightSet(withProvenance)).ok).toBe(true);
    expect(validate(schemaV2, copy(withProvenance))).toEqual([]);
    expect(v.safeParse(weightSetV2Schema, copy(withProvenance)).success).toBe(true);
    // The file's text puts it after the leaves and reads back to the same set.
    const text = weightSetJson(withProvenance);
    expect(JSON.parse(text)).toEqual(withProvenance);
  });

  test('the hash covers it: another kind or file hash without a new hash is refused', async () => {
    for (const change of [
      (x: any) => (x.provenance.kind = 'panel'),
      (x: any) => (x.provenance.source.sha256 = 'cd'.repeat(32)),
      (x: any) => (x.provenance.changes = [])
    ]) {
      const x = copy(withProvenance) as any;
      change(x);
      expect((await refusal(x)).stage).toBe('hash');
    }
  });

  test('buildWeightSet refuses a provenance that does not fit its kind', async () => {
    await expect(presetWith({ ...given, kind: 'edited' })).rejects.toThrow(
      /provenance.kind: an edited set names its parent/
    );
  });
});

describe('verifyWeightSet checks the provenance against its kind and the set', () => {
  const cases: Array<[string, (x: any) => void, string, RegExp]> = [
    [
      'panel with a source',
      (x) => (x.provenance.kind = 'panel'),
      'kind',
      /no parent, changes or source/
    ],
    [
      'edited without a parent',
      (x) => (x.provenance.kind = 'edited'),
      'kind',
      /an edited set names its parent/
    ],
    [
      'edited without changes',
      (x) => {
        x.provenance.kind = 'edited';
        x.provenance.parent = { id: null, hash: SHA };
        x.provenance.changes = [];
      },
      'kind',
      /at least one change/
    ],
    [
      'given with a parent',
      (x) => (x.provenance.parent = { id: 'abc', hash: SHA }),
      'kind',
      /given weights has no parent/
    ],
    [
      'given with an edit',
      (x) => x.provenance.changes.push({ type: 'local-weight', node: 'X', from: 0.6, to: 0.5 }),
      'kind',
      /only "normalise"/
    ],
    [
      'regression without its loan file',
      (x) => {
        x.provenance.kind = 'regression';
        x.provenance.changes = [];
        x.provenance.source = null;
      },
      'kind',
      /names its loan file/
    ],
    [
      'a change of a node not in the set',
      (x) => (x.provenance.changes[0].node = 'Z'),
      'changes.0.node',
      /no node "Z"/
    ],
    [
      'normalising a leaf',
      (x) => (x.provenance.changes[0].node = 'y1'),
      'changes.0.node',
      /is a leaf/
    ],
    [
      'moving the goal',
      (x) => {
        x.provenance.kind = 'edited';
        x.provenance.parent = { id: null, hash: SHA };
        x.provenance.changes = [{ type: 'local-weight', node: 'G', from: 1, to: 0.5 }];
      },
      'changes.0.node',
      /the goal has no local weight/
    ],
    [
      'points of a leaf without a categorical scale',
      (x) => {
        x.provenance.kind = 'edited';
        x.provenance.parent = { id: null, hash: SHA };
        x.provenance.changes = [
          { type: 'level-points', node: 'y1', level: 'good', from: 100, to: 90 }
        ];
      },
      'changes.0.level',
      /has no categorical level "good"/
    ]
  ];
  for (const [name, change, where, message] of cases)
    test(name, async () => {
      const e = await refusal(await rehashed(withProvenance, change));
      expect(e.stage).toBe('provenance');
      expect(e.path.join('.')).toBe(`provenance.${where}`);
      expect(e.detail).toMatch(message);
    });
});

describe('the published schema and the code agree on provenance', () => {
  const mutations: Array<[string, (x: any) => void]> = [
    ['an unknown kind', (x) => (x.provenance.kind = 'guess')],
    ['an unknown member', (x) => (x.provenance.note = 'hi')],
    ['a missing member', (x) => delete x.provenance.parent],
    ['a short file hash', (x) => (x.provenance.source.sha256 = 'abc')],
    ['an unknown source format', (x) => (x.provenance.source.format = 'xlsx')],
    ['an unknown change type', (x) => (x.provenance.changes[0].type = 'shuffle')],
    ['a zero sum', (x) => (x.provenance.changes[0].sum = 0)],
    ['null provenance', (x) => (x.provenance = null)]
  ];
  for (const [name, change] of mutations)
    test(`both refuse ${name}`, () => {
      const x = copy(withProvenance) as any;
      change(x);
      expect(validate(schemaV2, x).length).toBeGreaterThan(0);
      expect(v.safeParse(weightSetV2Schema, x).success).toBe(false);
    });

  test('version 1 has no provenance: both version-1 schemas refuse one', async () => {
    const x = copy(await presetWeightSet()) as any;
    x.version = 1;
    x.composite = { cr: 0, crCumulative: 0, crSaaty: 0, threshold: 0.1, consistent: true };
    x.leaves = x.leaves.map(({ id, globalWeight }: any) => ({ id, globalWeight }));
    expect(validate(schemaV1, copy(x))).toEqual([]);
    expect(v.safeParse(weightSetSchema, copy(x)).success).toBe(true);
    x.provenance = given;
    expect(validate(schemaV1, x).length).toBeGreaterThan(0);
    expect(v.safeParse(weightSetSchema, x).success).toBe(false);
  });

  test('an edited provenance with every change type is accepted by both', async () => {
    const ws = await presetWeightSet();
    const x = copy(withProvenance) as any;
    x.provenance = {
      kind: 'edited',
      parent: { id: 'w1', hash: ws.hash.value },
      changes: [
        { type: 'local-weight', node: 'X', from: 0.6, to: 0.5 },
        { type: 'normalise', node: 'Y', sum: 1.25 }
      ],
      source: null
    };
    expect(validate(schemaV2, x)).toEqual([]);
    expect(v.safeParse(weightSetV2Schema, x).success).toBe(true);
  });
});
