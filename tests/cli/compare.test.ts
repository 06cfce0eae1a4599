/**
 * `pairwise validate --compare A.json B.json C.json ... --loans LOANS.csv` run as a child process
 * (node bin/pairwise.js): three sets of the demo hierarchy (the demo panel's, the loan officers'
 * and an edited one) on the demo loan file. The expected JSON is the library's compareModels on
 * the same file, which tests/unit/validation/compare.test.ts checks against numpy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { compareModels, readLoans, type ModelComparison } from '../../src/lib/validation';
import {
  analyseResponses,
  buildWeightSet,
  editWeightSet,
  generateDemoPanel,
  givenWeightSet,
  type WeightSet
} from '../../src/lib/weights';
import { refusal, ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 60_000 });

const DEMO = path.join(ROOT, 'static/demo/loans-farm-credit.csv');
const { dir: TMP, file } = scratchDir('pairwise-compare-');
const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: TMP, timeout: 60_000 });
const refused = async (args: readonly string[], stdin = '') => refusal(await run(args, stdin));

let sets: WeightSet[];
let demoText: string;

beforeAll(async () => {
  const demo = generateDemoPanel();
  const at = { surveyId: 'demo', createdAt: '2025-05-01T08:30:00.000Z' };
  const panel = await buildWeightSet(
    demo.definition,
    analyseResponses(demo.definition, demo.experts).analysis,
    { ...at, name: 'Demo weights' }
  );
  const practitioners = demo.experts.filter((e) => e.role === 'practitioner');
  const officers = await buildWeightSet(
    demo.definition,
    analyseResponses(demo.definition, practitioners).analysis,
    { ...at, name: 'Loan officers', panel: practitioners.map((e) => ({ id: e.id })) }
  );
  const edited = await editWeightSet(panel, [{ type: 'local-weight', node: 'B1', to: 0.3 }], {
    name: 'B1 raised',
    parentId: null
  });
  sets = [panel, officers, edited];
  file('panel.json', JSON.stringify(panel));
  file('officers.json', JSON.stringify(officers));
  file('edited.json', JSON.stringify(edited));
  // Another hierarchy: the demo's without C15 (B4 keeps four indicators).
  const definition = structuredClone(demo.definition);
  const b4 = definition.hierarchy.children!.find((n) => n.id === 'B4')!;
  b4.children = b4.children!.filter((n) => n.id !== 'C15');
  const global = Object.fromEntries(
    panel.leaves.filter((l) => l.id !== 'C15').map((l) => [l.id, l.id === 'C1' ? 0.1 : 0])
  );
  const rest = (1 - 0.1) / (Object.keys(global).length - 1);
  for (const id of Object.keys(global)) if (id !== 'C1') global[id] = rest;
  const text = JSON.stringify({ global });
  const other = await givenWeightSet(
    definition,
    { name: 'w.json', format: 'json', text, sha256: '0'.repeat(64) },
    { surveyId: 'demo', name: 'Fourteen indicators', normalise: true }
  );
  file('other.json', JSON.stringify(other));
  const tampered = structuredClone(officers);
  tampered.leaves[0]!.globalWeight += 0.001;
  file('tampered.json', JSON.stringify(tampered));
  demoText = readFileSync(DEMO, 'utf8');
});

const expected = (options = {}) =>
  JSON.parse(
    JSON.stringify(
      compareModels(
        sets,
        readLoans(
          demoText,
          sets[0]!.leaves.map((l) => l.id)
        ),
        options
      )
    )
  ) as ModelComparison;

const compare = (...files: string[]) => ['validate', '--compare', ...files, '--loans', DEMO];
const THREE = compare('panel.json', 'officers.json', 'edited.json');

describe.concurrent('pairwise validate --compare ... --loans', () => {
  test('three sets, JSON: every set, every pair, weights by indicator, as the library', async () => {
    const r = await run(THREE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ModelComparison & { sets: Array<{ file: string }> };
    const want = expected();
    expect(out).toEqual({
      ...want,
      sets: want.sets.map((s, k) => ({
        ...s,
        file: ['panel.json', 'officers.json', 'edited.json'][k]
      }))
    });
    expect(out.format).toBe('pairwise.model-comparison');
    expect(out.pairs).toHaveLength(3);
    expect(out.weights).toHaveLength(15);
    expect(out.method).toMatchObject({
      seed: 1,
      resamples: 1000,
      resampling: { difference: 'paired-stratified' }
    });
  });

  test('--weights is the first set; --seed, --resamples, --outcome and --loans - (standard input)', async () => {
    const renamed = demoText.replace(/,default\r\n/, ',npl\r\n');
    const r = await run(
      [
        'validate',
        '--weights',
        'panel.json',
        '--compare',
        'officers.json',
        'edited.json',
        '--seed',
        '9',
        '--resamples=200',
        '--outcome',
        'npl',
        '--loans',
        '-'
      ],
      renamed
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as ModelComparison;
    const want = expected({ seed: 9, resamples: 200 });
    expect(out.pairs).toEqual(want.pairs);
    expect(out.sets.map((s) => s.discrimination)).toEqual(want.sets.map((s) => s.discrimination));
    expect(out.loans.outcomeColumn).toBe('npl');
  });

  test('--format text: the sets, the pairs, calibration by grade and the weights', async () => {
    const r = await run([...THREE, '--format', 'text']);
    expect(r.status).toBe(0);
    const want = expected();
    const auc = (k: number) => {
      const d = want.sets[k]!.discrimination;
      return d.defined ? d.auc.toFixed(3) : 'undefined';
    };
    expect(r.stdout).toContain('Loans: 2000 from');
    expect(r.stdout).toMatch(
      /95% stratified bootstrap percentile interval, 1000 resamples, seed 1/
    );
    expect(r.stdout).toMatch(new RegExp(`1 +Demo weights +panel\\.json +${auc(0)} `));
    expect(r.stdout).toMatch(new RegExp(`3 +B1 raised +edited\\.json +${auc(2)} `));
    expect(r.stdout).toMatch(
      /#1 - #2 +-?0\.\d{3} +\[-?0\.\d{3}, -?0\.\d{3}\] +(no clear difference|#[12] better)/
    );
    expect(r.stdout).toContain('Default rate by grade (loans, rate):');
    const c3 = want.weights.find((w) => w.leaf === 'C3')!.weights.map((x) => x.toFixed(4));
    expect(r.stdout).toMatch(new RegExp(`C3 +${c3.join(' +')}`));
  });

  test('one set, or more than ten: refused', async () => {
    expect(await refused(['validate', '--compare', 'panel.json', '--loans', DEMO])).toBe(
      "pairwise validate: give 2 to 10 weight sets to compare (--compare A.json B.json ...), got 1; run 'pairwise validate --help' for usage"
    );
    const many = Array.from({ length: 11 }, () => 'panel.json');
    expect(await refused(['validate', '--compare', ...many, '--loans', DEMO])).toMatch(/got 11;/);
  });

  test('an unreadable set, a set failing verify, and a file that is not a set', async () => {
    expect(
      await refused(['validate', '--compare', 'panel.json', 'missing.json', '--loans', DEMO])
    ).toBe('pairwise validate: missing.json: cannot read the file: no such file');
    expect(
      await refused(['validate', '--compare', 'panel.json', 'tampered.json', '--loans', DEMO])
    ).toMatch(/^pairwise validate: tampered\.json: refusing this weight set \(hash check failed\)/);
    expect(await refused(['validate', '--compare', 'panel.json', DEMO, '--loans', DEMO])).toMatch(
      /loans-farm-credit\.csv: line 1, column 1: malformed JSON/
    );
  });

  test('sets of different hierarchies: refused, naming the file and the leaves', async () => {
    expect(await refused(compare('panel.json', 'officers.json', 'other.json'))).toBe(
      'pairwise validate: other.json: weight set "Fourteen indicators" is of another hierarchy than "Demo weights": it has no leaf C15. Only sets of one hierarchy can be compared'
    );
  });

  test('usage: a second loan file, report-only options, a bad loan file', async () => {
    expect(await refused([...compare('panel.json', 'officers.json'), 'x.csv'])).toMatch(
      /the loans are given by --loans; 'x\.csv' is one file too many/
    );
    expect(
      await refused([
        'validate',
        '--cutoff',
        'B',
        '--compare',
        'panel.json',
        'officers.json',
        '--loans',
        DEMO
      ])
    ).toMatch(/--cutoff is an option of the single-set report/);
    file('bad.csv', demoText.replace('L00001,88,', 'L00001,n/a,'));
    expect(
      await refused(['validate', '--compare', 'panel.json', 'officers.json', '--loans', 'bad.csv'])
    ).toBe(
      "pairwise validate: bad.csv: line 2, column 8: C1: 'n/a' is not a number: give a score from 0 to 100"
    );
  });
});
