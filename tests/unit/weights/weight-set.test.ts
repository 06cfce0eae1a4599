/**
 * The weight set: what it holds, its canonical JSON and hash, verification stage by stage, and
 * what buildWeightSet refuses to build.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { AhpInputError, type HierarchyResult } from '../../../src/lib/ahp';
import { FARM_CREDIT_DEFAULT_GRADES } from '../../../src/lib/survey';
import {
  APP_VERSION,
  buildWeightSet,
  canonicalJson,
  checkGradeBands,
  compareCodePoints,
  hashWeightSet,
  sha256Hex,
  verifyWeightSet,
  type WeightSet
} from '../../../src/lib/weights';
import {
  COMPOSITE_NOT_APPLICABLE,
  copy,
  CREATED_AT,
  demoWeightSet,
  presetWeightSet
} from './fixtures';

let demo: Awaited<ReturnType<typeof demoWeightSet>>;
let ws: WeightSet;
beforeAll(async () => {
  demo = await demoWeightSet();
  ws = demo.ws;
});

async function rejected(input: unknown) {
  const r = await verifyWeightSet(input);
  if (r.ok) throw new Error('expected verifyWeightSet to refuse the document');
  return r.error;
}

/** The document with its hash recomputed, so that checks after the hash are reached. */
async function rehashed(doc: WeightSet): Promise<WeightSet> {
  return { ...doc, hash: { algorithm: 'sha256', value: await hashWeightSet(doc) } };
}

describe('canonical JSON', () => {
  test('a small object, by hand', () => {
    const value = { b: 1, a: [true, null, 'x"y\n'], c: { z: 0.1, é: 1e-9, A: -0, n: 1e21 } };
    expect(canonicalJson(value)).toBe(
      '{"a":[true,null,"x\\"y\\n"],"b":1,"c":{"A":0,"n":1e+21,"z":0.1,"é":1e-9}}'
    );
  });

  test('independent of key order', () => {
    const a = { x: { q: 1, p: [1, { b: 2, a: 1 }] }, w: 'w' };
    const b = { w: 'w', x: { p: [1, { a: 1, b: 2 }], q: 1 } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    const shuffled = (o: unknown): unknown =>
      Array.isArray(o)
        ? o.map(shuffled)
        : o && typeof o === 'object'
          ? Object.fromEntries(
              Object.entries(o)
                .reverse()
                .map(([k, x]) => [k, shuffled(x)])
            )
          : o;
    expect(canonicalJson(shuffled(ws))).toBe(canonicalJson(ws));
  });

  test('keys by code point, not UTF-16 code unit', () => {
    // U+FFFF sorts before U+1F600, whose first UTF-16 unit (0xD83D) is smaller than 0xFFFF.
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
    expect('\uffff' < '😀').toBe(false);
    expect(canonicalJson({ '😀': 1, '\uffff': 2, a: 3 })).toBe('{"a":3,"\uffff":2,"😀":1}');
  });

  test('undefined members are left out; NaN, Infinity and undefined in arrays are refused', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Infinity])).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
  });

  test('SHA-256 (FIPS 180-2 test vector "abc") and the hash re-computed with node:crypto', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
    const { hash: _, ...rest } = ws;
    const expected = createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
    expect(ws.hash).toEqual({ algorithm: 'sha256', value: expected });
  });
});

describe('what a weight set holds', () => {
  test('survey, name, dates, version, method', () => {
    expect(ws.format).toBe('pairwise.weight-set');
    expect(ws.version).toBe(1);
    expect(ws.name).toBe('Demo panel, all experts');
    expect(ws.createdAt).toBe(CREATED_AT);
    expect(ws.appVersion).toBe(APP_VERSION);
    expect(ws.survey).toEqual({
      id: 'demo-survey',
      title: { en: 'Farm-household micro-credit risk (demo)', zh: '农户小额信贷风险评价（演示）' }
    });
    expect(ws.method).toEqual({
      priorityMethod: 'geometric-mean',
      aggregation: 'aij',
      randomIndex: 'saaty-1980',
      threshold: 0.1,
      scale: 'saaty',
      completion: 'harker',
      excludeInconsistent: false,
      bootstrap: { resamples: 200, seed: 7, level: 0.95, skipped: 0 }
    });
  });

  test('every node with both labels, local and global weights as the engine computed them', () => {
    const a = demo.analysis;
    expect(ws.nodes.map((n) => n.id)).toEqual(
      ['A1', 'B1', 'C1', 'C2', 'B2', 'C3', 'C4', 'C5', 'C6', 'C7', 'B3', 'C8', 'C9', 'C10'].concat([
        'B4',
        'C11',
        'C12',
        'C13',
        'C14',
        'C15'
      ])
    );
    const b2 = ws.nodes.find((n) => n.id === 'B2')!;
    const r = a.nodes.find((n) => n.id === 'B2')!;
    expect(b2.label).toEqual({ en: 'Credit risk', zh: '信用风险' });
    expect(b2.description?.zh).toBe('农户的还款意愿：信用记录、诚信与习惯。');
    expect(b2.parent).toBe('A1');
    expect(b2.globalWeight).toBe(r.globalWeight);
    expect(b2.localWeight).toBe(a.nodes[0]!.localWeights[1]);
    expect(b2.comparison).toEqual({
      source: 'judgments',
      consistency: {
        lambdaMax: r.consistency!.lambdaMax,
        ci: r.consistency!.ci,
        randomIndex: { table: 'saaty-1980', value: 1.12 },
        cr: r.consistency!.cr,
        threshold: 0.1,
        consistent: r.consistency!.consistent
      },
      consensus: { sStar: r.consensus!.sStar, band: r.consensus!.band },
      experts: 12
    });
    const c3 = ws.nodes.find((n) => n.id === 'C3')!;
    expect(c3.comparison).toBeNull();
    expect(c3.localWeight).toBe(r.localWeights[0]);
    expect(c3.globalWeight).toBe(a.leaves.find((l) => l.id === 'C3')!.globalWeight);
    expect(c3.leaf!.rank).toBe(1);
    expect(c3.leaf!.rankStability).toBeGreaterThan(0.5);
    expect(c3.interval!.lower).toBeLessThanOrEqual(c3.globalWeight);
    expect(c3.interval!.upper).toBeGreaterThanOrEqual(c3.globalWeight);
    expect(ws.nodes[0]!.interval).toBeNull();
    expect(ws.leaves).toEqual(a.leaves.map((l) => ({ id: l.id, globalWeight: l.globalWeight })));
  });

  test('the leaves sum to 1 within 1e-12, unrounded', () => {
    const sum = ws.leaves.reduce((s, l) => s + l.globalWeight, 0);
    expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
    // Full doubles, not a handful of decimals.
    expect(ws.leaves.some((l) => String(l.globalWeight).length > 12)).toBe(true);
  });

  test('experts by alias, with roles, weights, node inclusion and the member left out', () => {
    expect(ws.experts).toHaveLength(13);
    expect(ws.experts.map((e) => e.alias)).toEqual(
      Array.from({ length: 13 }, (_, k) => `E${k + 1}`)
    );
    expect(ws.experts.every((e) => e.name === null)).toBe(true);
    expect(ws.experts[0]).toMatchObject({
      role: 'academic',
      weight: 1,
      included: true,
      reason: null
    });
    expect(ws.experts[0]!.nodes.map((n) => n.node)).toEqual(['A1', 'B1', 'B2', 'B3', 'B4']);
    expect(ws.experts[12]).toEqual({
      alias: 'E13',
      name: null,
      role: 'practitioner',
      weight: 1,
      included: false,
      reason: 'answered after the deadline',
      nodes: []
    });
  });

  test('names only when chosen', async () => {
    const named = (await demoWeightSet({ publishNames: true, bootstrap: false })).ws;
    expect(named.experts[0]!.name).toBe('Academic 1');
    expect(named.experts[6]!.name).toBe('Loan officer 1');
    expect(named.method.bootstrap).toBeNull();
    expect(named.nodes.every((n) => n.interval === null)).toBe(true);
    expect(named.nodes.filter((n) => n.leaf).every((n) => n.leaf!.rankStability === null)).toBe(
      true
    );
  });

  test('grading: the Fujian ten grades with the template cut-offs by default', () => {
    expect(ws.grading).toEqual({
      scoreMin: 0,
      scoreMax: 100,
      tolerance: 1e-9,
      bands: FARM_CREDIT_DEFAULT_GRADES.map((b) => ({ ...b }))
    });
    expect(ws.grading.bands.map((b) => b.grade).join(' ')).toBe('AAA AA A BBB BB B CCC CC C D');
  });

  test('excludeInconsistent is recorded, with the node exclusions', async () => {
    const d = demo.demo;
    const { analyseResponses } = await import('../../../src/lib/weights');
    const { analysis } = analyseResponses(d.definition, d.experts, { excludeInconsistent: true });
    const out = await buildWeightSet(d.definition, analysis, {
      surveyId: 's',
      name: 'consistent only',
      createdAt: CREATED_AT
    });
    expect(out.method.excludeInconsistent).toBe(true);
    const e4 = out.experts[3]!;
    expect(e4.nodes.find((n) => n.node === 'A1')).toMatchObject({
      included: false,
      reason: 'inconsistent'
    });
    expect(out.nodes[0]!.comparison!.experts).toBe(10);
  });
});

describe('verification', () => {
  test('the built set verifies, also after a JSON round trip', async () => {
    expect(await verifyWeightSet(copy(ws))).toEqual({ ok: true, weightSet: copy(ws) });
    const text = JSON.stringify(ws, null, 2);
    expect((await verifyWeightSet(JSON.parse(text))).ok).toBe(true);
  });

  test('any change to any field breaks the hash', async () => {
    const paths: Array<Array<string | number>> = [];
    const walk = (x: unknown, p: Array<string | number>) => {
      if (x !== null && typeof x === 'object') {
        for (const [k, y] of Object.entries(x)) walk(y, [...p, Array.isArray(x) ? Number(k) : k]);
      } else paths.push(p);
    };
    const { hash: _, ...body } = ws;
    walk(body, []);
    expect(paths.length).toBeGreaterThan(500);
    for (const p of paths) {
      const doc = copy(ws) as any;
      let o = doc;
      for (const k of p.slice(0, -1)) o = o[k];
      const key = p[p.length - 1]!;
      const x = o[key];
      o[key] =
        typeof x === 'number'
          ? x === 0
            ? 1e-300
            : x * (1 + 2 ** -52)
          : typeof x === 'string'
            ? `${x}.`
            : typeof x === 'boolean'
              ? !x
              : 0;
      expect(await hashWeightSet(doc), p.join('.')).not.toBe(ws.hash.value);
      const error = await rejected(doc);
      expect(['schema', 'hash']).toContain(error.stage);
    }
  });

  test('a changed weight is refused by the hash check with its path', async () => {
    const doc = copy(ws);
    doc.leaves[2]!.globalWeight += 0.01;
    const error = await rejected(doc);
    expect(error.stage).toBe('hash');
    expect(error.message).toMatch(/^\$\.hash\.value: the hash does not match the contents/);
  });

  test('a schema problem names its path', async () => {
    const doc = copy(ws) as any;
    doc.nodes[3].localWeight = 'high';
    expect(await rejected(doc)).toMatchObject({
      stage: 'schema',
      path: ['nodes', 3, 'localWeight']
    });
    expect((await rejected({ ...copy(ws), extra: 1 })).message).toBe('$.extra: unknown field');
    expect((await rejected(null)).stage).toBe('schema');
  });

  test('structure, weights and grading are checked after the hash', async () => {
    // Leaves out of order.
    let doc = copy(ws);
    doc.leaves.reverse();
    expect(await rejected(await rehashed(doc))).toMatchObject({
      stage: 'structure',
      path: ['leaves', 0, 'id']
    });
    // A global weight that is not parent x local.
    doc = copy(ws);
    doc.nodes[2]!.globalWeight = doc.nodes[2]!.globalWeight * 1.01;
    expect((await rejected(await rehashed(doc))).stage).toBe('structure');
    // A leaf weight nudged by 2e-12 (node and leaf list alike): the sum misses 1 by more than 1e-12.
    doc = copy(ws);
    const c1 = doc.nodes.find((n) => n.id === 'C1')!;
    c1.globalWeight += 2e-12;
    c1.localWeight = c1.globalWeight / doc.nodes.find((n) => n.id === 'B1')!.globalWeight;
    doc.leaves[0]!.globalWeight = c1.globalWeight;
    expect(await rejected(await rehashed(doc))).toMatchObject({
      stage: 'weights',
      path: ['leaves']
    });
    // Bands out of order.
    doc = copy(ws);
    doc.grading.bands[3]!.minScore = 75;
    expect(await rejected(await rehashed(doc))).toMatchObject({
      stage: 'grading',
      path: ['grading', 'bands', 3, 'minScore']
    });
    doc = copy(ws);
    doc.grading.bands[9]!.minScore = 5;
    expect((await rejected(await rehashed(doc))).stage).toBe('grading');
    doc = copy(ws);
    doc.grading.bands[1]!.grade = 'AAA';
    expect((await rejected(await rehashed(doc))).message).toContain('used twice');
  });
});

describe('what buildWeightSet refuses', () => {
  const build = (analysis: HierarchyResult, extra: object = {}) =>
    buildWeightSet(demo.demo.definition, analysis, {
      surveyId: 's',
      name: 'n',
      createdAt: CREATED_AT,
      ...extra
    });

  test('leaves that do not sum to 1 within 1e-12 (never rounded into shape)', async () => {
    const bad = structuredClone(demo.analysis);
    bad.leaves[0]!.globalWeight += 1e-11;
    await expect(build(bad)).rejects.toThrow(/sum to 1\.00000000001\d*, not 1 within 1e-12/);
    // Within the tolerance the set is built, with the weight as given.
    const fine = structuredClone(demo.analysis);
    fine.leaves[0]!.globalWeight += 1e-13;
    const built = await build(fine);
    expect(built.leaves[0]!.globalWeight).toBe(fine.leaves[0]!.globalWeight);
  });

  test('an analysis of another hierarchy', async () => {
    const other = structuredClone(demo.analysis);
    other.nodes[1]!.children = ['C2', 'C1'];
    await expect(build(other)).rejects.toThrow(AhpInputError);
    await expect(build(other)).rejects.toThrow(/no matching node/);
  });

  test('grading bands that are not strictly descending to 0', async () => {
    await expect(
      build(demo.analysis, {
        grades: [
          { grade: 'A', minScore: 50 },
          { grade: 'B', minScore: 50 },
          { grade: 'C', minScore: 0 }
        ]
      })
    ).rejects.toThrow(/strictly/);
    await expect(
      build(demo.analysis, {
        grades: [
          { grade: 'A', minScore: 50 },
          { grade: 'B', minScore: 10 }
        ]
      })
    ).rejects.toThrow(/start at 0/);
    await expect(
      build(demo.analysis, {
        grades: [
          { grade: 'A', minScore: 150 },
          { grade: 'B', minScore: 0 }
        ]
      })
    ).rejects.toThrow(/not a score/);
    expect(
      checkGradeBands([
        { grade: 'A', minScore: 60 },
        { grade: 'A', minScore: 0 }
      ])?.message
    ).toMatch(/twice/);
    expect(checkGradeBands([{ grade: 'only', minScore: 0 }])).toBeNull();
  });

  test('a panel that does not cover the analysis, or marks an analysed expert as left out', async () => {
    const panel = demo.demo.experts.map((e) => ({ id: e.id }));
    await expect(build(demo.analysis, { panel: panel.slice(1) })).rejects.toThrow(
      /"E1" of the analysis is not in the panel/
    );
    await expect(build(demo.analysis, { panel: [...panel, { id: 'ghost' }] })).rejects.toThrow(
      /"ghost" is not in the analysis/
    );
    await expect(
      build(demo.analysis, { panel: [{ id: 'E1', excluded: 'late' }, ...panel.slice(1)] })
    ).rejects.toThrow(/marked left out/);
  });

  test('the preset hierarchy: weights exactly the products of the presets', async () => {
    const p = await presetWeightSet();
    // Version 2 (no composite CR applies): every leaf carries its scale, null = scored directly.
    expect(p.leaves).toEqual([
      { id: 'x1', globalWeight: 0.3, scale: null },
      { id: 'x2', globalWeight: 0.3, scale: null },
      { id: 'y1', globalWeight: 0.2, scale: null },
      { id: 'y2', globalWeight: 0.1, scale: null },
      { id: 'y3', globalWeight: 0.1, scale: null }
    ]);
    expect(p.nodes[0]!.comparison).toEqual({
      source: 'preset',
      consistency: null,
      consensus: null,
      experts: 0
    });
    expect(p.consensus).toBeNull();
    expect((await verifyWeightSet(copy(p))).ok).toBe(true);
  });

  test('no comparison matrix: the composite CRs are null (not applicable), so the set is version 2', async () => {
    const p = await presetWeightSet();
    expect(p.version).toBe(2);
    expect(p.composite).toEqual(COMPOSITE_NOT_APPLICABLE);
    // The hash covers the nulls: a 0 put in their place is caught.
    const zeroed = copy(p) as any;
    zeroed.composite.cr = 0;
    expect((await rejected(zeroed)).stage).toBe('hash');
    // Sets with a matrix stay version 1, as before.
    expect(ws.version).toBe(1);
    expect(typeof ws.composite.cr).toBe('number');
  });

  test('a version-1 set made before version 2 existed still verifies', async () => {
    // tests/unit/weights/regression/preset-weight-set-v1.json: presetWeightSet() as built by the
    // code before composite CRs could be null (it then claimed CR 0, "consistent").
    const text = readFileSync(path.join(__dirname, 'regression/preset-weight-set-v1.json'), 'utf8');
    const old = JSON.parse(text) as WeightSet;
    expect([old.version, old.composite.cr, old.composite.consistent]).toEqual([1, 0, true]);
    const r = await verifyWeightSet(old);
    expect(r.ok).toBe(true);
    // Same leaves and weights as the set built now (which, being version 2, adds `scale: null`
    // to each leaf): only the composite figures changed.
    expect(old.leaves).toEqual(
      (await presetWeightSet()).leaves.map(({ id, globalWeight }) => ({ id, globalWeight }))
    );
  });
});
