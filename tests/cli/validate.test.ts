/**
 * `pairwise validate` run as a child process (node bin/pairwise.js validate ...): the demo
 * panel's weight set (src/lib/weights/demo.ts) against the demo loan file that ships in
 * static/demo (scripts/make-demo-loans.ts) and files written for the test. Expected reports come
 * from the library (validationReport, compareWeightSets), which tests/unit/validation checks.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import {
  compareWeightSets,
  readLoans,
  validationReport,
  type ValidationReport
} from '../../src/lib/validation';
import {
  analyseResponses,
  buildWeightSet,
  generateDemoPanel,
  type WeightSet
} from '../../src/lib/weights';
import { separatedLoans } from '../unit/validation/helpers';
import { refusal, ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 60_000 });

const DEMO = path.join(ROOT, 'static/demo/loans-farm-credit.csv');
const { dir: TMP, file } = scratchDir('pairwise-validate-');

const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: TMP, timeout: 60_000 });

/** A run that must fail with exit 2, nothing on stdout and one line on stderr. */
const refused = async (args: readonly string[], stdin = '') => refusal(await run(args, stdin));

let ws: WeightSet;
let officers: WeightSet;
let demoText: string;

beforeAll(async () => {
  const demo = generateDemoPanel();
  const { analysis } = analyseResponses(demo.definition, demo.experts);
  ws = await buildWeightSet(demo.definition, analysis, {
    surveyId: 'demo',
    name: 'Demo weights',
    createdAt: '2025-05-01T08:30:00.000Z'
  });
  file('set.json', `${JSON.stringify(ws, null, 2)}\n`);
  const practitioners = demo.experts.filter((e) => e.role === 'practitioner');
  const other = analyseResponses(demo.definition, practitioners);
  officers = await buildWeightSet(demo.definition, other.analysis, {
    surveyId: 'demo',
    name: 'Loan officers',
    createdAt: '2025-05-01T08:30:00.000Z',
    panel: practitioners.map((e) => ({ id: e.id }))
  });
  file('officers.json', JSON.stringify(officers));
  demoText = readFileSync(DEMO, 'utf8');
});

describe.concurrent('pairwise validate', () => {
  test('the demo loans: the JSON report, as the library computes it', async () => {
    const r = await run(['validate', '--weights', 'set.json', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as ValidationReport;
    const expected = validationReport(
      ws,
      readLoans(
        demoText,
        ws.leaves.map((l) => l.id)
      )
    );
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(report.format).toBe('pairwise.validation-report');
    expect(report.loans).toMatchObject({ count: 2000, outcomeColumn: 'default' });
    expect(report.discrimination.defined && report.discrimination.auc).toBeGreaterThan(0.75);
    expect(report.cutoff.cutoff).toMatchObject({ kind: 'grade', grade: 'B', source: 'default' });
    expect(report.baseline.defined && report.baseline.correlation).toBeGreaterThan(0.7);
  });

  test('options: --cutoff, --seed, --resamples, --folds, --outcome, from standard input', async () => {
    const renamed = demoText.replace(/,default\r\n/, ',npl\r\n');
    const r = await run(
      [
        'validate',
        '--weights=set.json',
        '--outcome',
        'npl',
        '--cutoff',
        '45.5',
        '--seed',
        '9',
        '--resamples',
        '200',
        '--folds',
        '4',
        '-'
      ],
      renamed
    );
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ValidationReport;
    expect(report.loans.outcomeColumn).toBe('npl');
    expect(report.cutoff.cutoff).toEqual({ kind: 'score', score: 45.5, source: 'given' });
    expect(report.method).toMatchObject({ seed: 9, resamples: 200, folds: 4 });
    const byGrade = JSON.parse(
      (await run(['validate', '--weights', 'set.json', '--cutoff', 'BB', DEMO])).stdout
    );
    expect(byGrade.cutoff.cutoff).toMatchObject({ kind: 'grade', grade: 'BB', minScore: 50 });
  });

  test('--compare: both AUCs, the difference with its interval, and the verdict', async () => {
    const r = await run(['validate', '--weights', 'set.json', '--compare', 'officers.json', DEMO]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const loans = readLoans(
      demoText,
      ws.leaves.map((l) => l.id)
    );
    expect(out.comparison).toEqual(compareWeightSets(ws, officers, loans));
    expect(out.comparison.a.name).toBe('Demo weights');
    expect(out.comparison.b.name).toBe('Loan officers');
    expect(['a', 'b', 'no clear difference']).toContain(out.comparison.better);
  });

  test('--format text: a summary for a terminal', async () => {
    const r = await run([
      'validate',
      '--weights',
      'set.json',
      '--format',
      'text',
      '--compare',
      'officers.json',
      DEMO
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Weight set: Demo weights \(sha256 [0-9a-f]{12}\.\.\.\)\n/);
    expect(r.stdout).toMatch(/Discrimination: AUC 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/);
    expect(r.stdout).toContain('Default rate by grade (rises monotonically: ');
    expect(r.stdout).toContain('At the cut-off grade B');
    expect(r.stdout).toMatch(
      /Regression baseline \(ridge penalty 0: none\): 5-fold cross-validated AUC/
    );
    expect(r.stdout).toMatch(/Comparison: AUC .* \(Demo weights\) vs .* \(Loan officers\)/);
  });

  test('a tampered weight set is refused: exit 2, one line, before the loans are read', async () => {
    const doc = structuredClone(ws);
    doc.leaves[2]!.globalWeight += 0.001;
    file('tampered.json', JSON.stringify(doc, null, 2));
    expect(await refused(['validate', '--weights', 'tampered.json', 'no-such-file.csv'])).toMatch(
      /^pairwise validate: tampered\.json: refusing this weight set \(hash check failed\): \$\.hash\.value: the hash does not match/
    );
    expect(
      await refused(['validate', '--weights', 'set.json', '--compare', 'tampered.json', DEMO])
    ).toMatch(/^pairwise validate: tampered\.json: refusing this weight set \(hash check failed\)/);
  });

  test('a bad loans file: exit 2, one line naming line and column', async () => {
    const lines = demoText.split('\r\n');
    // Line 4 is the third loan; C5 is its sixth field.
    const cells = lines[3]!.split(',');
    const column = cells.slice(0, 5).join(',').length + 2;
    cells[5] = 'n/a';
    lines[3] = cells.join(',');
    file('bad.csv', lines.join('\r\n'));
    expect(await refused(['validate', '--weights', 'set.json', 'bad.csv'])).toBe(
      `pairwise validate: bad.csv: line 4, column ${column}: C5: 'n/a' is not a number: give a score from 0 to 100`
    );
    file('no-outcome.csv', demoText.replace(/,default\r\n/, ',status\r\n'));
    expect(await refused(['validate', '--weights', 'set.json', 'no-outcome.csv'])).toMatch(
      /^pairwise validate: no-outcome\.csv: line 1, column \d+: the header has no outcome column 'default'/
    );
    const outcome = demoText.split('\r\n');
    outcome[10] = outcome[10]!.replace(/,[01]$/, ',2');
    file('outcome.csv', outcome.join('\r\n'));
    expect(await refused(['validate', '--weights', 'set.json', 'outcome.csv'])).toMatch(
      /^pairwise validate: outcome\.csv: line 11, column \d+: default: '2' is not an outcome/
    );
    file('empty.csv', '');
    expect(await refused(['validate', '--weights', 'set.json', 'empty.csv'])).toMatch(
      /^pairwise validate: empty\.csv: line 1, column 1: the file is empty/
    );
  });

  test('bad usage: no weight set, an unknown grade, a bad number', async () => {
    expect(await refused(['validate', DEMO])).toMatch(/give the weight set: --weights SET\.json/);
    expect(await refused(['validate', '--weights', 'set.json', '--cutoff', 'Z', DEMO])).toMatch(
      /^pairwise validate: --cutoff: "Z" is not a grade of weight set "Demo weights"/
    );
    expect(await refused(['validate', '--weights', 'set.json', '--cutoff', '120', DEMO])).toMatch(
      /--cutoff: 120 is not a score from 0 to 100/
    );
    expect(await refused(['validate', '--weights', 'set.json', '--resamples', '0', DEMO])).toMatch(
      /--resamples: "0" is not a number of resamples/
    );
    expect(await refused(['validate', '--weights', 'set.json', '--format', 'csv', DEMO])).toMatch(
      /--format: "csv" is not a format: give json or text/
    );
  });

  test('help', async () => {
    const r = await run(['help', 'validate']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pairwise validate --weights SET\.json/);
    expect(r.stdout).toContain('[--ridge R]');
    expect(r.stdout).toMatch(/--ridge R +ridge penalty of the regression baseline/);
    expect((await run(['--help'])).stdout).toContain('validate --weights SET.json LOANS.csv');
  });
});

/**
 * `--ridge R`: the regression baseline fitted with the penalty (R/2) sum gamma_j^2 on the
 * standardised coefficients, read by the one rule of weight-set --ridge and the page's field
 * (src/lib/weights/ridge.ts). Expected fits from tests/unit/validation/logistic_reference.py
 * (standard-library Python, no code shared with the engine), given the penalty as its argument.
 */
describe.concurrent('pairwise validate --ridge', () => {
  /** The independent fit of `csv` with the penalty `ridge`. */
  const reference = (csv: string, ridge: number) =>
    JSON.parse(
      spawnSync(
        'python3',
        [path.join(ROOT, 'tests/unit/validation/logistic_reference.py'), String(ridge)],
        { input: csv, encoding: 'utf8' }
      ).stdout
    ) as { leaves: string[]; intercept: number; beta: number[] };

  /** The report's baseline against the independent fit, to 1e-9 of each coefficient. */
  const expectFit = (report: ValidationReport, ref: ReturnType<typeof reference>) => {
    const b = report.baseline;
    if (!b.defined) throw new Error(`no baseline: ${b.reason}`);
    expect(b.weights.map((w) => w.leaf)).toEqual(ref.leaves);
    b.weights.forEach((w, j) =>
      expect(Math.abs(w.coefficient - ref.beta[j]!), w.leaf).toBeLessThan(
        1e-9 * Math.abs(ref.beta[j]!)
      )
    );
    expect(Math.abs(b.fit.intercept - ref.intercept)).toBeLessThan(1e-9 * Math.abs(ref.intercept));
  };

  test('the report is fitted with the penalty, labelled, as the library and Python fit it', async () => {
    const r = await run(['validate', '--weights', 'set.json', '--ridge', '2.5', DEMO]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ValidationReport;
    const loans = readLoans(
      demoText,
      ws.leaves.map((l) => l.id)
    );
    expect(report).toEqual(JSON.parse(JSON.stringify(validationReport(ws, loans, { ridge: 2.5 }))));
    expect(report.method.ridge).toBe(2.5);
    expect(report.baseline.defined && report.baseline.fit.ridge).toBe(2.5);
    expectFit(report, reference(demoText, 2.5));
    // The penalty shrinks: the plain fit's coefficients are larger in sum of squares.
    const plain = JSON.parse((await run(['validate', '--weights', 'set.json', DEMO])).stdout);
    const ss = (rep: ValidationReport) =>
      rep.baseline.defined ? rep.baseline.weights.reduce((s, w) => s + w.coefficient ** 2, 0) : NaN;
    expect(ss(report)).toBeLessThan(ss(plain));
    expect(plain.method.ridge).toBe(0);
    const text = await run([
      'validate',
      '--weights',
      'set.json',
      '--ridge=2.5',
      '--format',
      'text',
      DEMO
    ]);
    expect(text.stdout).toMatch(
      /\nRegression baseline \(ridge penalty 2\.5\): 5-fold cross-validated AUC/
    );
  });

  test('no plain fit (separation): the report says so and suggests --ridge 1, which fits', async () => {
    // The demo loans with the outcome set by C3 alone: a score below 40 defaulted.
    const csv = separatedLoans(demoText, 'C3', 40);
    file('separated.csv', csv);
    const r = await run([
      'validate',
      '--weights',
      'set.json',
      '--resamples',
      '50',
      'separated.csv'
    ]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as ValidationReport;
    expect(report.baseline).toMatchObject({ defined: false, code: 'separation' });
    expect(r.stderr).toBe(
      'pairwise validate: note: the regression baseline has no plain fit on these loans (separation); run again with --ridge 1: any penalty > 0 has a finite, unique fit\n'
    );
    const text = await run([
      'validate',
      '--weights',
      'set.json',
      '--resamples',
      '50',
      '--format',
      'text',
      'separated.csv'
    ]);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(
      'Regression baseline (ridge penalty 0: none): undefined: fitLogistic: the leaf scores separate'
    );
    expect(text.stdout).toContain('\n  Suggestion: the regression baseline has no plain fit');
    expect(text.stdout).toContain('run again with --ridge 1');

    const ridged = await run([
      'validate',
      '--weights',
      'set.json',
      '--resamples',
      '50',
      '--ridge',
      '1',
      'separated.csv'
    ]);
    expect(ridged.stderr).toBe('');
    const fitted = JSON.parse(ridged.stdout) as ValidationReport;
    expect(fitted.baseline.defined && fitted.baseline.fit.ridge).toBe(1);
    expectFit(fitted, reference(csv, 1));
  });

  test('a bad --ridge is refused with the rule, before anything is read', async () => {
    for (const value of ['-1', 'NaN', '1e309', 'abc', '', '0x10', '1,5', 'Infinity'])
      expect(
        await refused(['validate', '--weights', 'set.json', '--ridge', value, 'no-such.csv']),
        value
      ).toBe(`pairwise validate: --ridge: ${JSON.stringify(value)} is not a number >= 0`);
    expect(await refused(['validate', '--weights', 'set.json', DEMO, '--ridge'])).toMatch(
      /option '--ridge' needs a value/
    );
    expect(
      await refused(['validate', '--weights', 'set.json', '--ridge', '1', '--ridge', '2', DEMO])
    ).toMatch(/option '--ridge' is given twice/);
    expect(
      await refused([
        'validate',
        '--compare',
        'set.json',
        'officers.json',
        '--loans',
        DEMO,
        '--ridge',
        '1'
      ])
    ).toMatch(/--ridge is an option of the single-set report, not of --compare \.\.\. --loans/);
  });
});

/**
 * The validation module pulls in mathjs (about a second to load): the CLI must load it only
 * when `validate` runs. Follows the static (non-type) imports and re-exports from src/cli/main.ts
 * through the project's files and checks that none of them imports mathjs or the validation
 * module.
 */
test('the other commands do not load the validation module or mathjs', () => {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const imports = source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms);
    for (const [, spec] of imports) {
      if (spec === 'mathjs' || /lib\/validation/.test(spec!)) offenders.push(`${file}: ${spec}`);
      if (!spec!.startsWith('.')) continue;
      // './x.js' is a TypeScript file imported by its output name, or a plain JavaScript module
      // (src/cli/usage.js)
      let target = path.resolve(path.dirname(file), spec!);
      if (target.endsWith('.js') && !readable(target)) target = target.replace(/\.js$/, '.ts');
      if (/\.(?!ts$|js$)\w+$/.test(target)) continue; // package.json and other data
      if (!/\.[jt]s$/.test(target)) target = readable(`${target}.ts`) ?? `${target}/index.ts`;
      visit(target);
    }
  };
  const readable = (f: string) => {
    try {
      readFileSync(f);
      return f;
    } catch {
      return null;
    }
  };
  visit(path.join(ROOT, 'src/cli/main.ts'));
  expect(seen.size).toBeGreaterThan(10);
  expect(offenders).toEqual([]);
});
