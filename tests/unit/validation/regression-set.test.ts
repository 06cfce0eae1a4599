/**
 * The regression baseline saved as a weight set (src/lib/validation/regression-set.ts): the
 * weights against an independent fit (Newton-Raphson in standard-library Python on the unstandardised design,
 * tests/unit/validation/logistic_reference.py, sharing no code with the engine), the provenance
 * and hash, the set ranking the loans exactly as the fitted model, and the refusals: a
 * coefficient of the wrong sign (every such leaf named), fits that do not exist, a malformed
 * file, a base that does not verify, and provenance that does not fit its set.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LoanFileError,
  RegressionSetError,
  ValidationFitError,
  ValidationInputError,
  fitLogistic,
  predictLogOdds,
  readLoans,
  regressionWeightSet,
  regressionWeights,
  scalesOfLeaves,
  validationReport
} from '../../../src/lib/validation';
import {
  hashWeightSet,
  provenanceOf,
  verifyWeightSet,
  type WeightSet,
  type WeightSetV2
} from '../../../src/lib/weights';
import { copy, CREATED_AT, demoWeightSet } from '../weights/fixtures';
import { schemaFile, validate } from '../weights/json-schema';
import { pairCountAuc, rewriteLoans, separatedLoans } from './helpers';

const DEMO = readFileSync(path.resolve(__dirname, '../../../static/demo/loans-farm-credit.csv'));
const TEXT = DEMO.toString('utf8');
const SHA = createHash('sha256').update(DEMO).digest('hex');
const LEAVES = Array.from({ length: 15 }, (_, j) => `C${j + 1}`);

interface Reference {
  leaves: string[];
  intercept: number;
  beta: number[];
  weights: number[];
}
function reference(text: string): Reference {
  const r = spawnSync('python3', [path.resolve(__dirname, 'logistic_reference.py')], {
    input: text,
    encoding: 'utf8',
    timeout: 60_000
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Reference;
}

/** The demo file with the columns `flip` scored the other way round (x -> 100 - x). */
function flipped(...flip: string[]): string {
  return rewriteLoans(TEXT, (cells, column) => {
    for (const c of flip) cells[column(c)] = String(100 - Number(cells[column(c)]));
  });
}

let base: WeightSet;
let ws: WeightSetV2;
beforeAll(async () => {
  base = (await demoWeightSet()).ws;
  ws = await regressionWeightSet(
    base,
    { name: 'loans-farm-credit.csv', text: TEXT, sha256: SHA },
    { name: 'Regression on the demo loans', baseId: 'base-id', createdAt: CREATED_AT }
  );
}, 60_000);

async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e
  );
}

describe('regressionWeightSet', () => {
  it('weighs each leaf by its negated coefficient share, as an independent fit does', () => {
    const ref = reference(TEXT);
    expect(ref.leaves).toEqual(LEAVES);
    expect(ws.leaves.map((l) => l.id)).toEqual(LEAVES);
    ws.leaves.forEach((l, j) => expect(l.globalWeight).toBeCloseTo(ref.weights[j]!, 12));
    const fit = provenanceOf(ws).fit!;
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(ref.beta[j]!, 12));
    expect(fit.intercept).toBeCloseTo(ref.intercept, 9);
    // The heaviest leaf of the fit: C3 (credit record), 0.1863 (numpy above).
    expect(ws.nodes.find((n) => n.leaf?.rank === 1)!.id).toBe('C3');
  });

  it('records the file, the fit and its base; verifies; the hash covers it all', async () => {
    expect((await verifyWeightSet(ws)).ok).toBe(true);
    expect(ws.hash.value).toBe(await hashWeightSet(ws));
    expect(validate(schemaFile(2), ws)).toEqual([]);
    const p = provenanceOf(ws);
    expect(p).toMatchObject({
      kind: 'regression',
      parent: null,
      changes: [],
      source: { name: 'loans-farm-credit.csv', format: 'csv', sha256: SHA }
    });
    expect(p.fit).toMatchObject({
      model: 'logistic',
      method: 'newton-raphson',
      mapping: 'negative-coefficient-share',
      outcome: 'default',
      ridge: 0,
      tolerance: 1e-10,
      maxIterations: 50,
      loans: 2000,
      base: { id: 'base-id', hash: base.hash.value }
    });
    expect(p.fit!.defaults).toBe(TEXT.split('\r\n').filter((l) => l.endsWith(',1')).length);
    // Nothing judged by the panel remains; the scales and grades are the base's.
    expect(ws.experts).toEqual([]);
    expect(ws.consensus).toBeNull();
    expect(ws.method.bootstrap).toBeNull();
    expect(ws.composite).toEqual({
      cr: null,
      crCumulative: null,
      crSaaty: null,
      threshold: base.method.threshold,
      consistent: null
    });
    for (const n of ws.nodes) {
      expect(n.interval).toBeNull();
      if (n.comparison) expect(n.comparison.source).toBe('preset');
      if (n.leaf) expect(n.leaf.rankStability).toBeNull();
    }
    expect(ws.leaves.map((l) => l.scale)).toEqual(
      base.leaves.map((l) => ('scale' in l ? l.scale : null))
    );
    expect(ws.grading).toEqual(base.grading);
    // Same inputs, same bytes.
    const again = await regressionWeightSet(
      base,
      { name: 'loans-farm-credit.csv', text: TEXT, sha256: SHA },
      { name: 'Regression on the demo loans', baseId: 'base-id', createdAt: CREATED_AT }
    );
    expect(again.hash.value).toBe(ws.hash.value);
    // The base is untouched.
    expect(base.experts.length).toBeGreaterThan(0);
  });

  it("ranks the loans exactly as the fitted model: its AUC is the fit's in-sample AUC", () => {
    const loans = readLoans(TEXT, LEAVES, { scales: scalesOfLeaves(LEAVES, [ws]) });
    const fit = fitLogistic(loans);
    const eta = predictLogOdds(fit, loans.rows);
    const report = validationReport(ws, loans, { resamples: 10 });
    if (!report.discrimination.defined) throw new Error('discrimination undefined');
    // Pair counting on -eta (lower log-odds of default = safer), no code of the report.
    expect(report.discrimination.auc).toBeCloseTo(
      pairCountAuc(
        Array.from(eta, (e) => -e),
        loans.outcomes
      ),
      12
    );
    // And T_i = (beta_0 - eta_i) / sum_k -beta_k for every loan.
    const s = fit.coefficients.reduce((a, b) => a - b, 0);
    loans.rows.forEach((row, i) => {
      const t = ws.leaves.reduce((a, l, j) => a + l.globalWeight * row[j]!, 0);
      expect(t).toBeCloseTo((fit.intercept - eta[i]!) / s, 9);
    });
  });

  it('refuses a coefficient of the wrong sign, naming every such leaf', async () => {
    // C3 and C14 scored the other way round: their coefficients change sign (numpy confirms).
    const text = flipped('C3', 'C14');
    const ref = reference(text);
    expect(ref.beta[2]).toBeGreaterThan(0);
    expect(ref.beta[13]).toBeGreaterThan(0);
    const e = await refusal(
      regressionWeightSet(base, { name: 'f.csv', text, sha256: SHA }, { name: 'x', baseId: null })
    );
    expect(e).toBeInstanceOf(RegressionSetError);
    expect((e as RegressionSetError).code).toBe('wrong-sign');
    expect((e as RegressionSetError).leaves).toEqual(['C3', 'C14']);
    expect((e as Error).message).toMatch(/C3, C14 went with as many or more defaults/);
    // A coefficient of exactly 0 gives no weight either.
    expect(() => regressionWeights({ leaves: ['a', 'b'], coefficients: [-1, 0] })).toThrow(
      /more points on b/
    );
    expect(regressionWeights({ leaves: ['a', 'b'], coefficients: [-3, -1] })).toEqual([0.75, 0.25]);
  });

  it('refuses fits that do not exist and malformed files, with the reason', async () => {
    const make = (text: string) =>
      refusal(
        regressionWeightSet(base, { name: 'f.csv', text, sha256: SHA }, { name: 'x', baseId: null })
      );
    // Separation: the outcome is "C3 below 50".
    const sep = await make(separatedLoans(TEXT, 'C3', 50));
    expect(sep).toBeInstanceOf(ValidationFitError);
    expect((sep as ValidationFitError).reason).toBe('separation');
    // A leaf with one score for every loan.
    const constant = rewriteLoans(TEXT, (cells, column) => {
      cells[column('C3')] = '50';
    });
    const con = await make(constant);
    expect(con).toBeInstanceOf(ValidationInputError);
    expect((con as ValidationInputError).code).toBe('constant-column');
    expect((con as Error).message).toContain('C3');
    // Too few loans for 16 coefficients.
    const few = await make(TEXT.split('\r\n').slice(0, 13).join('\r\n'));
    expect(few).toBeInstanceOf(ValidationInputError);
    // A malformed file: where and what.
    const bad = await make(TEXT.replace('L00002,97,', 'L00002,NaN,'));
    expect(bad).toBeInstanceOf(LoanFileError);
    expect((bad as LoanFileError).line).toBe(3);
    expect((bad as LoanFileError).field).toBe('C1');
    // A base set that does not verify.
    const tampered = copy(base);
    tampered.leaves[0]!.globalWeight += 1e-3;
    const b = await refusal(
      regressionWeightSet(
        tampered,
        { name: 'f.csv', text: TEXT, sha256: SHA },
        { name: 'x', baseId: null }
      )
    );
    expect(b).toBeInstanceOf(RegressionSetError);
    expect((b as RegressionSetError).code).toBe('base');
  });
});

describe('the provenance of a regression set', () => {
  async function rehashed(edit: (x: WeightSetV2) => void) {
    const x = copy(ws);
    edit(x);
    x.hash.value = await hashWeightSet(x);
    return verifyWeightSet(x);
  }

  it('refuses weights its coefficients do not give, and fits on other kinds', async () => {
    const moved = await rehashed((x) => {
      x.provenance!.fit!.coefficients[0]! *= 1.001;
    });
    expect(moved.ok).toBe(false);
    if (!moved.ok) {
      expect(moved.error.path).toEqual(['provenance', 'fit', 'coefficients', 0]);
      expect(moved.error.message).toContain("its coefficient's share");
    }
    const positive = await rehashed((x) => {
      x.provenance!.fit!.coefficients[4] = 0.01;
    });
    expect(positive.ok).toBe(false);
    if (!positive.ok) expect(positive.error.message).toContain('leaf "C5" has coefficient 0.01');
    const short = await rehashed((x) => {
      x.provenance!.fit!.coefficients.pop();
    });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error.message).toContain('14 coefficients for 15 leaves');
    const noFit = await rehashed((x) => {
      delete x.provenance!.fit;
    });
    expect(noFit.ok).toBe(false);
    if (!noFit.ok) expect(noFit.error.message).toContain('records its fit');
    const given = await rehashed((x) => {
      x.provenance!.kind = 'given';
    });
    expect(given.ok).toBe(false);
    if (!given.ok) expect(given.error.message).toContain('only a regression set records a fit');
    // The published JSON Schema: no unknown member in a fit.
    const extra = copy(ws) as unknown as { provenance: { fit: Record<string, unknown> } };
    extra.provenance.fit.auc = 0.7;
    expect(validate(schemaFile(2), extra).join('\n')).toContain('auc');
  });
});
