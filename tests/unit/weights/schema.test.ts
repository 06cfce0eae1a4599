/**
 * The published JSON Schemas (static/schema/weight-set-v1.json and -v2.json) and the valibot
 * schema in code (src/lib/weights/schema.ts) accept and refuse the same documents: real weight
 * sets, and one-change mutations of them that each break one rule. Version 2 adds each leaf's
 * rating scale (tests/unit/weights/scales.test.ts) and lets the composite figures be null (not
 * applicable); a set is version 1 whenever no leaf has a scale and they are numbers.
 */
import * as v from 'valibot';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  PATTERNS,
  weightSetSchema,
  weightSetV2Schema,
  type WeightSet
} from '../../../src/lib/weights';
import { COMPOSITE_NOT_APPLICABLE, copy, demoWeightSet, presetWeightSet } from './fixtures';
import { schemaFile, validate } from './json-schema';

const SCHEMA_FILES = { 1: schemaFile(1), 2: schemaFile(2) };

/** The code's schema of the document's version (any other version: v1's, which refuses it). */
const valibotAccepts = (x: any) =>
  v.safeParse(x?.version === 2 ? weightSetV2Schema : weightSetSchema, x).success;
/** Errors against the published schema of the document's version (any other version: v1's). */
const jsonSchemaErrors = (x: any) =>
  validate(x?.version === 2 ? SCHEMA_FILES[2] : SCHEMA_FILES[1], x);

let samples: WeightSet[] = [];
beforeAll(async () => {
  samples = [
    (await demoWeightSet()).ws,
    (await demoWeightSet({ bootstrap: false, publishNames: true })).ws,
    await presetWeightSet()
  ];
});

describe('valid weight sets', () => {
  test('both schemas accept the demo (with and without bootstrap, names) and preset sets', () => {
    for (const ws of samples) {
      expect(jsonSchemaErrors(copy(ws))).toEqual([]);
      expect(valibotAccepts(copy(ws))).toBe(true);
    }
  });

  test('the files use the same patterns as the code', () => {
    for (const file of Object.values(SCHEMA_FILES)) {
      const text = JSON.stringify(file);
      for (const p of Object.values(PATTERNS)) expect(text).toContain(JSON.stringify(p));
    }
  });

  test('version 2 is version 1 with nullable composite figures, a scale per leaf and an optional provenance, nothing else', () => {
    const [one, two] = [copy(SCHEMA_FILES[1]) as any, copy(SCHEMA_FILES[2]) as any];
    for (const key of ['cr', 'crCumulative', 'crSaaty', 'consistent']) {
      const { oneOf } = two.properties.composite.properties[key];
      expect(oneOf).toEqual([one.properties.composite.properties[key], { type: 'null' }]);
      delete one.properties.composite.properties[key];
      delete two.properties.composite.properties[key];
    }
    expect([one.properties.version, two.properties.version]).toEqual([{ const: 1 }, { const: 2 }]);
    // The leaves: v2 adds a required `scale` (null, or one of the scale definitions).
    const leafTwo = two.properties.leaves.items;
    expect(leafTwo.required).toEqual([...one.properties.leaves.items.required, 'scale']);
    delete leafTwo.properties.scale;
    leafTwo.required = one.properties.leaves.items.required;
    for (const s of [one.properties.leaves, two.properties.leaves]) delete s.description;
    for (const d of ['categoricalScale', 'numericScale', 'missing', 'points', 'provenanceChange'])
      delete two.$defs[d];
    // The provenance: optional (not required), tests/unit/weights/provenance.test.ts.
    expect(two.required).not.toContain('provenance');
    delete two.properties.provenance;
    for (const s of [one, two]) for (const k of ['$id', 'title', 'description']) delete s[k];
    delete one.properties.version;
    delete two.properties.version;
    expect(two).toEqual(one);
  });

  test('a set with a number for every composite figure is version 1, one with none version 2', () => {
    expect(samples.map((ws) => ws.version)).toEqual([1, 1, 2]);
    const preset = samples[2]!;
    expect(preset.composite).toEqual(COMPOSITE_NOT_APPLICABLE);
    // The version-1 schema refuses it: a version-1 consumer never reads a null as a number.
    expect(validate(SCHEMA_FILES[1], copy(preset))).not.toEqual([]);
    // A version-2 consumer reads a version-1 set's fields too (numbers allowed); version 2 adds
    // only a scale per leaf (null: scored directly).
    const asV2 = copy(samples[0]!) as any;
    asV2.version = 2;
    for (const leaf of asV2.leaves) leaf.scale = null;
    expect(validate(SCHEMA_FILES[2], asV2)).toEqual([]);
  });
});

type Mutation = [string, (ws: any) => void];

const mutations: Mutation[] = [
  ['format', (ws) => (ws.format = 'pairwise.weights')],
  ['version 3', (ws) => (ws.version = 3)],
  ['version 1 with a null composite CR', (ws) => (ws.composite.cr = null)],
  ['version 2 with a composite CR a string', (ws) => ((ws.version = 2), (ws.composite.cr = '0'))],
  [
    'version 2 without composite consistent',
    (ws) => ((ws.version = 2), delete ws.composite.consistent)
  ],
  ['missing name', (ws) => delete ws.name],
  ['empty name', (ws) => (ws.name = '')],
  ['unknown top-level field', (ws) => (ws.comment = 'hi')],
  ['createdAt without zone', (ws) => (ws.createdAt = '2025-05-01T08:30:00')],
  ['createdAt month 13', (ws) => (ws.createdAt = '2025-13-01T08:30:00Z')],
  ['appVersion a number', (ws) => (ws.appVersion = 1)],
  ['survey title empty in both languages', (ws) => (ws.survey.title = { en: '', zh: '' })],
  ['survey title missing zh', (ws) => delete ws.survey.title.zh],
  ['unknown priority method', (ws) => (ws.method.priorityMethod = 'power')],
  ['threshold 1', (ws) => (ws.method.threshold = 1)],
  ['threshold 0', (ws) => (ws.method.threshold = 0)],
  ['threshold another string', (ws) => (ws.method.threshold = 'saaty')],
  ['excludeInconsistent a string', (ws) => (ws.method.excludeInconsistent = 'false')],
  [
    'bootstrap seed 1.5',
    (ws) => (ws.method.bootstrap = { resamples: 10, seed: 1.5, level: 0.9, skipped: 0 })
  ],
  [
    'bootstrap level 1',
    (ws) => (ws.method.bootstrap = { resamples: 10, seed: 1, level: 1, skipped: 0 })
  ],
  [
    'bootstrap resamples 0',
    (ws) => (ws.method.bootstrap = { resamples: 0, seed: 1, level: 0.9, skipped: 0 })
  ],
  [
    'bootstrap extra field',
    (ws) => (ws.method.bootstrap = { resamples: 1, seed: 1, level: 0.9, skipped: 0, x: 1 })
  ],
  ['one node only', (ws) => (ws.nodes = ws.nodes.slice(0, 1))],
  ['node id with a space', (ws) => (ws.nodes[1].id = 'B 1')],
  ['node id 33 characters', (ws) => (ws.nodes[1].id = 'a'.repeat(33))],
  ['parent a number', (ws) => (ws.nodes[1].parent = 1)],
  ['depth -1', (ws) => (ws.nodes[1].depth = -1)],
  ['depth 1.5', (ws) => (ws.nodes[1].depth = 1.5)],
  ['label 201 characters', (ws) => (ws.nodes[1].label.en = 'x'.repeat(201))],
  ['description missing', (ws) => delete ws.nodes[1].description],
  [
    'description 1001 characters',
    (ws) => (ws.nodes[1].description = { en: 'x'.repeat(1001), zh: '' })
  ],
  ['global weight 1.5', (ws) => (ws.nodes[1].globalWeight = 1.5)],
  ['local weight -0.1', (ws) => (ws.nodes[1].localWeight = -0.1)],
  ['local weight a string', (ws) => (ws.nodes[1].localWeight = '0.5')],
  ['interval upper 2', (ws) => (ws.nodes[1].interval = { lower: 0, upper: 2 })],
  ['comparison source unknown', (ws) => (ws.nodes[0].comparison.source = 'guess')],
  [
    'random-index table unknown',
    (ws) => (ws.nodes[0].comparison.consistency.randomIndex.table = 'saaty-1977')
  ],
  ['random index negative', (ws) => (ws.nodes[0].comparison.consistency.randomIndex.value = -1)],
  ['consistency without cr', (ws) => delete ws.nodes[0].comparison.consistency.cr],
  [
    'consensus band unknown',
    (ws) => (ws.nodes[0].comparison.consensus = { sStar: 0.9, band: 'great' })
  ],
  ['experts count -1', (ws) => (ws.nodes[0].comparison.experts = -1)],
  ['leaf rank 0', (ws) => (ws.nodes.find((n: any) => n.leaf).leaf.rank = 0)],
  ['rank stability 1.2', (ws) => (ws.nodes.find((n: any) => n.leaf).leaf.rankStability = 1.2)],
  ['no leaves', (ws) => (ws.leaves = [])],
  ['leaf weight missing', (ws) => delete ws.leaves[0].globalWeight],
  ['composite consistent a number', (ws) => (ws.composite.consistent = 1)],
  ['consensus not an object', (ws) => (ws.consensus = 0.9)],
  ['alias X1', (ws) => (ws.experts[0].alias = 'X1')],
  ['alias E0', (ws) => (ws.experts[0].alias = 'E0')],
  ['empty name', (ws) => (ws.experts[0].name = '')],
  ['expert weight -1', (ws) => (ws.experts[0].weight = -1)],
  [
    'expert node reason unknown',
    (ws) => (ws.experts[0].nodes = [{ node: 'A1', included: false, cr: null, reason: 'bored' }])
  ],
  ['grading tolerance 1e-6', (ws) => (ws.grading.tolerance = 1e-6)],
  ['grading scoreMax 10', (ws) => (ws.grading.scoreMax = 10)],
  ['no bands', (ws) => (ws.grading.bands = [])],
  [
    '27 bands',
    (ws) =>
      (ws.grading.bands = Array.from({ length: 27 }, (_, k) => ({
        grade: `G${k}`,
        minScore: 26 - k
      })))
  ],
  ['band minScore 101', (ws) => (ws.grading.bands[0].minScore = 101)],
  ['grade with a trailing space', (ws) => (ws.grading.bands[0].grade = 'AAA ')],
  ['grade empty', (ws) => (ws.grading.bands[0].grade = '')],
  ['hash algorithm md5', (ws) => (ws.hash.algorithm = 'md5')],
  ['hash value in capitals', (ws) => (ws.hash.value = ws.hash.value.toUpperCase())],
  ['hash value too short', (ws) => (ws.hash.value = 'abc')],
  ['not an object', (ws) => Object.assign(ws, { nodes: 'none' })]
];

describe('invalid weight sets: both schemas refuse each', () => {
  test.each(mutations)('%s', (_, mutate) => {
    const ws = copy(samples[0]!);
    mutate(ws);
    expect(jsonSchemaErrors(ws)).not.toEqual([]);
    expect(valibotAccepts(ws)).toBe(false);
  });

  test('and accept the changes that stay within the rules', () => {
    const ok: Array<(ws: any) => void> = [
      (ws) => (ws.method.threshold = 'saaty-by-size'),
      (ws) => (ws.method.threshold = 0.05),
      (ws) => (ws.survey.title = { en: '', zh: '标题' }),
      (ws) => (ws.createdAt = '2025-05-01T08:30:00Z'),
      (ws) => (ws.experts[0].name = 'Dr Lin'),
      (ws) => (ws.consensus = null),
      (ws) =>
        (ws.grading.bands = [
          { grade: '优秀', minScore: 50 },
          { grade: 'C', minScore: 0 }
        ])
    ];
    for (const mutate of ok) {
      const ws = copy(samples[0]!);
      mutate(ws);
      expect(jsonSchemaErrors(ws)).toEqual([]);
      expect(valibotAccepts(ws)).toBe(true);
    }
  });
});
