/**
 * The `pairwise` command line, run as a child process (node bin/pairwise.js ...) on valid and
 * invalid input.
 *
 * Fixtures (tests/cli/fixtures):
 * - saaty-house.json: case single/saaty_house_n8 of ../shared/reference/published-examples.json
 *   (Saaty 1990, EJOR 48:9-26, house example), judgments as fraction strings;
 * - city200-first6.json: case group/ahpsurvey_city200_first6 (first six respondents of
 *   ahpsurvey's city200 data, frankiecho/ahpsurvey vignette);
 * - farm-credit.json: the Fujian farm-credit hierarchy of ../shared/reference/farm-credit-template.json
 *   (ids and English names) with three synthetic experts whose judgments were written by hand
 *   for this test (officer-2 skips B1; officer-1 leaves one B4 judgment empty and gives B3 as a
 *   full matrix).
 * Expected numbers come from published-examples.json (recomputed there independently with
 * numpy), never from running the CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { ROOT, runCli } from './helpers';

// Each CLI run is a Node process that loads tsx (about 0.5 s alone, more when runs overlap).
vi.setConfig({ testTimeout: 30_000 });

const FIXTURES = path.join(ROOT, 'tests/cli/fixtures');
const REFERENCE = path.resolve(ROOT, '../shared/reference/published-examples.json');

interface Case {
  id: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
}
const cases = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { cases: Case[] }).cases;
function referenceCase(id: string): Case {
  const c = cases.find((x) => x.id === id);
  if (!c) throw new Error(`case ${id} is missing from ${REFERENCE}`);
  return c;
}
const house = referenceCase('single/saaty_house_n8').expected as Record<string, number> & {
  eigen_weights: number[];
  rgm_weights: number[];
};
const houseErrors = referenceCase('inconsistency/saaty_house_n8').expected as {
  top_pairs: [number, number][];
  top_abs_log_errors: number[];
  top_consistent_values: number[];
  top_suggested_values: number[];
};
const incomplete = referenceCase('incomplete/ahpy_readme_missing_cd');
const city = referenceCase('group/ahpsurvey_city200_first6').expected as Record<string, number> & {
  individual: { cr: number }[];
  aij_eigen_weights: number[];
  aip_geometric_weights: number[];
  aip_arithmetic_weights: number[];
  inconsistent_experts_cr_ge_0_1: number[];
};

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const fixtureJson = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

const TMP = mkdtempSync(path.join(tmpdir(), 'pairwise-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Runs the CLI in tests/cli/fixtures with `args`, writing `stdin` (or nothing) to its input. */
const run = (args: readonly string[], stdin = '') =>
  runCli(args, stdin, { cwd: FIXTURES, timeout: 30_000 });

/** Runs a command that must succeed and returns its parsed output. */
async function ok(args: readonly string[], stdin = ''): Promise<Record<string, any>> {
  const r = await run(args, stdin);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.endsWith('}\n')).toBe(true);
  const out = JSON.parse(r.stdout);
  // Pretty-printed with two spaces.
  expect(r.stdout).toBe(`${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/** Runs a command that must fail with exit 2 and one line on stderr containing `parts`. */
async function bad(args: readonly string[], stdin: string, ...parts: string[]): Promise<string> {
  const r = await run(args, stdin);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toContain('    at ');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  for (const part of parts) expect(r.stderr).toContain(part);
  expect(r.status).toBe(2);
  return r.stderr;
}

const close = (actual: number[], expected: number[], tolerance = 1e-6) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, k) => expect(Math.abs(x - expected[k]!)).toBeLessThan(tolerance));
};

/** The house file with one change, as JSON text for stdin. */
const json = (value: unknown) => JSON.stringify(value);
const upperOf = (n: number, value: unknown = 1) =>
  Array.from({ length: (n * (n - 1)) / 2 }, () => value);
const withJudgment = (upper: unknown[], k: number, value: unknown) =>
  upper.map((x, i) => (i === k ? value : x));

describe.concurrent('pairwise weigh', () => {
  test('Saaty house matrix (published-examples single/saaty_house_n8) from a file', async () => {
    const out = await ok(['weigh', 'saaty-house.json']);
    expect(out.n).toBe(8);
    expect(out.method).toBe('eigenvector');
    close(out.weights, house.eigen_weights);
    expect(Math.abs(out.lambdaMax - house.lambda_max!)).toBeLessThan(1e-6);
    expect(Math.abs(out.ci - house.ci!)).toBeLessThan(1e-6);
    expect(Math.abs(out.cr - house.cr!)).toBeLessThan(1e-6);
    expect(Math.abs(out.gci.value - house.gci!)).toBeLessThan(1e-6);
    expect(out.randomIndex).toEqual({
      table: 'saaty-1980',
      n: 8,
      value: house.ri,
      source: 'table'
    });
    expect(out.consistent).toBe(false);
    expect(out.threshold).toBe(0.1);
    expect(out.labels[2]).toBe('neighborhood');
    expect(out.weightsByLabel.financing).toBe(out.weights[7]);
    // The three judgments to reconsider (published-examples inconsistency/saaty_house_n8).
    expect(out.inconsistencies.map((x: any) => [x.i, x.j])).toEqual(houseErrors.top_pairs);
    close(
      out.inconsistencies.map((x: any) => x.absLogError),
      houseErrors.top_abs_log_errors
    );
    close(
      out.inconsistencies.map((x: any) => x.consistent),
      houseErrors.top_consistent_values
    );
    const first = out.inconsistencies[0];
    expect(first).toMatchObject({
      iLabel: 'neighborhood',
      jLabel: 'general_condition',
      given: 6,
      suggested: houseErrors.top_suggested_values[0],
      suggestedText: '1',
      favours: 'equal',
      change: 'lower'
    });
    expect(first.crIfTaken).toBeLessThan(out.cr);
    expect(typeof first.error).toBe('number');
    expect(out).not.toHaveProperty('completed');
    expect(out.completion).toBeNull();
    expect(out.options).toEqual({
      method: 'eigenvector',
      randomIndex: 'saaty-1980',
      threshold: 0.1,
      scale: 'saaty',
      completion: 'harker',
      top: 3
    });
  });

  test('geometric mean, from standard input given as "-"', async () => {
    const input = { ...fixtureJson('saaty-house.json'), method: 'geometric-mean', top: 1 };
    const out = await ok(['weigh', '-'], json(input));
    expect(out.method).toBe('geometric-mean');
    close(out.weights, house.rgm_weights);
    expect(out.inconsistencies).toHaveLength(1);
    expect(out.options.method).toBe('geometric-mean');
  });

  test('missing judgment completed (published-examples incomplete/ahpy_readme_missing_cd), stdin without FILE', async () => {
    const inputs = incomplete.inputs as {
      upper_triangle_text: (string | null)[];
      labels: string[];
    };
    const expected = incomplete.expected as {
      harker_weights: number[];
      harker_completed_upper: number[];
      harker_cr: number;
    };
    const out = await ok(
      ['weigh'],
      json({ upper: inputs.upper_triangle_text, labels: inputs.labels })
    );
    close(out.weights, expected.harker_weights);
    expect(out.completion).toBe('harker');
    expect(out.completed).toHaveLength(1);
    expect(out.completed[0]).toMatchObject({ i: 2, j: 3, iLabel: 'c', jLabel: 'd' });
    expect(Math.abs(out.completed[0].value - expected.harker_completed_upper[5]!)).toBeLessThan(
      1e-6
    );
    expect(Math.abs(out.cr - expected.harker_cr)).toBeLessThan(1e-6);
  });
});

describe.concurrent('pairwise group', () => {
  test('AIJ of ahpsurvey city200, first six (published-examples group/ahpsurvey_city200_first6)', async () => {
    const out = await ok(['group', 'city200-first6.json']);
    expect(out.n).toBe(5);
    expect(out.aggregation).toBe('aij');
    expect(out.consistencyOf).toBe('aij-group-matrix');
    close(out.weights, city.aij_eigen_weights);
    expect(Math.abs(out.lambdaMax - city.aij_lambda_max!)).toBeLessThan(1e-6);
    expect(Math.abs(out.cr - city.aij_cr!)).toBeLessThan(1e-6);
    expect(Math.abs(out.gci.value - city.aij_gci!)).toBeLessThan(1e-6);
    expect(out.randomIndex.value).toBe(1.12);
    expect(out.weightsByLabel.fam).toBe(out.weights[1]);
    close(
      out.individual.map((e: any) => e.cr),
      city.individual.map((e) => e.cr)
    );
    expect(out.individual.map((e: any) => e.id)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    expect(out.individual.every((e: any) => e.included && e.weight === 1)).toBe(true);
    expect(out.consensus.experts).toBe(6);
    expect(out.consensus.sStar).toBeGreaterThan(0);
    expect(out.consensus.sStar).toBeLessThanOrEqual(1);
    expect(typeof out.consensus.band).toBe('string');
    expect(out.inconsistencies).toHaveLength(3);
    expect(out.options).toMatchObject({ aggregation: 'aij', excludeInconsistent: false });
  });

  test('AIP geometric: aggregated priorities, consistency still of the AIJ matrix', async () => {
    const input = { ...fixtureJson('city200-first6.json'), aggregation: 'aip-geometric' };
    const out = await ok(['group'], json(input));
    close(out.weights, city.aip_geometric_weights);
    expect(out.consistencyOf).toBe('aij-group-matrix');
    expect(Math.abs(out.cr - city.aij_cr!)).toBeLessThan(1e-6);
  });

  test('AIP arithmetic', async () => {
    const input = { ...fixtureJson('city200-first6.json'), aggregation: 'aip-arithmetic' };
    const out = await ok(['group', '-'], json(input));
    close(out.weights, city.aip_arithmetic_weights);
  });

  test('excludeInconsistent leaves out the experts with CR >= 0.1', async () => {
    const input = { ...fixtureJson('city200-first6.json'), excludeInconsistent: true };
    const out = await ok(['group'], json(input));
    const left = out.individual.flatMap((e: any, k: number) => (e.included ? [] : [k]));
    expect(left).toEqual(city.inconsistent_experts_cr_ge_0_1);
    expect(out.individual[4].reason).toBe('inconsistent');
    expect(out.consensus.experts).toBe(6 - left.length);
  });
});

describe.concurrent('pairwise hierarchy', () => {
  test('farm-credit hierarchy (farm-credit-template.json) with three synthetic experts', async () => {
    const out = await ok(['hierarchy', 'farm-credit.json']);
    expect(out.options.method).toBe('geometric-mean');
    expect(out.nodes.map((n: any) => n.id)).toEqual(['A1', 'B1', 'B2', 'B3', 'B4']);
    expect(out.leaves).toHaveLength(15);
    const sum = out.leaves.reduce((s: number, l: any) => s + l.globalWeight, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    // Global weight of a sub-criterion = its local weight x its criterion's weight.
    const a1 = out.nodes[0];
    const b2 = out.nodes[2];
    const c3 = out.leaves.find((l: any) => l.id === 'C3');
    expect(c3.path).toEqual(['A1', 'B2']);
    expect(Math.abs(c3.globalWeight - a1.localWeights[1] * b2.localWeights[0])).toBeLessThan(1e-15);
    const b1 = out.nodes[1];
    expect(b1.included).toEqual(['academic-1', 'officer-1']);
    expect(b1.excluded).toEqual([{ id: 'officer-2', reason: 'not answered', cr: null }]);
    expect(out.nodes[4].completed).toEqual([]); // others answered the pair officer-1 left empty
    expect(out.composite.consistent).toBe(true);
    expect(out.consensus.sStar).toBeGreaterThan(0);
    expect(out.experts.map((e: any) => e.id)).toEqual(['academic-1', 'officer-1', 'officer-2']);
    expect(out.experts[2].weight).toBe(2);
    expect(out.consistencyOf).toBe('aij-group-matrix');
    expect(out).not.toHaveProperty('bootstrap');
  });

  test('bootstrap and sensitivity from the command line', async () => {
    // The same settings from the file, overridden by flags, must give the same numbers.
    const input = { ...fixtureJson('farm-credit.json'), bootstrap: 50, seed: 3, level: 0.9 };
    const flags = ['--bootstrap', '200', '--seed', '7'];
    const [out, again] = await Promise.all([
      ok(['hierarchy', 'farm-credit.json', ...flags, '--level=0.9', '--sensitivity', 'B2']),
      ok(['hierarchy', ...flags], json(input))
    ]);
    const b = out.bootstrap;
    expect(b).toMatchObject({ method: 'percentile', resamples: 200, seed: 7, level: 0.9 });
    expect(b.global).toHaveLength(4 + 15);
    for (const g of b.global) expect(g.lower).toBeLessThanOrEqual(g.upper);
    expect(b.rankStability).toHaveLength(15);
    expect(out.sensitivity).toMatchObject({ node: 'B2', parent: 'A1' });
    expect(out.sensitivity.current).toBe(out.nodes[0].localWeights[1]);
    expect(again.bootstrap).toEqual(b);
    expect(again).not.toHaveProperty('sensitivity');
  });
});

describe.concurrent('help and usage', () => {
  test('--help and help COMMAND print usage on stdout', async () => {
    const [main, topic, flag, version] = await Promise.all([
      run(['--help']),
      run(['help', 'hierarchy']),
      run(['group', '--help']),
      run(['--version'])
    ]);
    expect(main.status).toBe(0);
    expect(main.stdout).toMatch(/^Usage: pairwise <command>/);
    expect(main.stdout).toContain('weigh FILE');
    expect(topic.status).toBe(0);
    expect(topic.stdout).toContain('--bootstrap B');
    expect(flag.status).toBe(0);
    expect(flag.stdout).toMatch(/^Usage: pairwise group/);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(version).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('unknown command, unknown option, two files', async () => {
    const [command] = await Promise.all([
      bad(['frobnicate'], '', "unknown command 'frobnicate'", 'pairwise --help'),
      bad(['weigh', '--fast', 'saaty-house.json'], '', "unknown option '--fast'", 'weigh --help'),
      bad(['weigh', 'a.json', 'b.json'], '', 'one input FILE at most')
    ]);
    expect(command).toMatch(/^pairwise: /);
  });
});

describe.concurrent('bad input: exit 2, one line naming the file and the place', () => {
  const houseInput = () =>
    fixtureJson('saaty-house.json') as { upper: unknown[]; labels: string[] };
  const weighStdin = (input: unknown, ...parts: string[]) =>
    bad(['weigh'], json(input), 'pairwise weigh: <stdin>: ', ...parts);

  test('unreadable file', () =>
    bad(
      ['weigh', 'no-such-file.json'],
      '',
      'pairwise weigh: no-such-file.json: cannot read',
      'no such file'
    ));

  test('malformed JSON: line and column', async () => {
    const file = path.join(TMP, 'malformed.json');
    writeFileSync(file, '{\n  "labels": ["a", "b", "c"],\n  "upper": [3, 5\n    "1/2"]\n}\n');
    await bad(
      ['weigh', file],
      '',
      `${file}: line 4, column 5: malformed JSON`,
      "expected ',' or ']'"
    );
  });

  test('unknown top-level key', () =>
    weighStdin(
      { ...houseInput(), metod: 'eigenvector' },
      '$.metod:',
      'unknown key "metod"',
      '"method"'
    ));

  test('wrong option value', () =>
    weighStdin({ ...houseInput(), randomIndex: 'saaty' }, '$.randomIndex:', '"alonso-lamata"'));

  test('wrong type of a top-level field', () =>
    weighStdin({ ...houseInput(), labels: 'size, age' }, '$.labels:', 'expected an array'));

  test('not an object', () => weighStdin([1, 2, 3], '$: expected an object'));

  test('zero', () =>
    weighStdin(
      { upper: withJudgment(houseInput().upper, 3, 0) },
      '$.upper[3]: cell (0,4): 0 is not a judgment'
    ));

  test('negative', () =>
    weighStdin(
      { upper: withJudgment(houseInput().upper, 5, -3) },
      '$.upper[5]: cell (0,6):',
      'negative'
    ));

  test('NaN-like string', () =>
    weighStdin(
      { upper: withJudgment(houseInput().upper, 0, 'NaN') },
      '$.upper[0]: cell (0,1):',
      '"NaN"'
    ));

  test('off the 1-9 scale', () =>
    weighStdin(
      { upper: withJudgment(houseInput().upper, 7, 10) },
      '$.upper[7]: cell (1,2): 10',
      'scale'
    ));

  test('wrong triangle length', () =>
    weighStdin({ upper: [1, 2, 3, 4] }, '$.upper: 4 judgments fit no matrix'));

  test('missing judgments that disconnect the elements', () =>
    weighStdin({ upper: [null, null, 3, 4, null, null] }, '$.upper:', 'disconnected'));

  test('16 x 16 with the saaty-1980 table', () =>
    weighStdin({ upper: upperOf(16) }, '$.randomIndex:', '16 x 16', 'alonso-lamata'));

  test('group: a bad judgment is reported at the expert in the file', () => {
    const input = fixtureJson('city200-first6.json') as { experts: { upper: unknown[] }[] };
    input.experts[1]!.upper[3] = '0';
    return bad(
      ['group', '-'],
      json(input),
      'pairwise group: <stdin>: $.experts[1].upper[3]: cell (0,4)'
    );
  });

  test('group: experts judging different numbers of elements', () => {
    const input = { experts: [{ upper: upperOf(4) }, { id: 'E2', upper: upperOf(3) }] };
    return bad(['group'], json(input), '$.experts[1]: this expert compares 3 elements');
  });

  const farm = () =>
    fixtureJson('farm-credit.json') as {
      hierarchy: { children: Record<string, unknown>[] };
      experts: { judgments: Record<string, unknown> }[];
    };

  test('hierarchy: judgments for an unknown node', () => {
    const input = farm();
    input.experts[2]!.judgments.B5 = [3];
    return bad(['hierarchy'], json(input), '$.experts[2].judgments.B5:', 'no node "B5"');
  });

  test('hierarchy: a matrix of the wrong size for its node', () => {
    const input = farm();
    input.experts[0]!.judgments.B3 = [3, 2, 1, 1, 1, 1];
    return bad(
      ['hierarchy'],
      json(input),
      '$.experts[0].judgments.B3:',
      '3 children',
      '4 elements'
    );
  });

  test('hierarchy: unknown key in a node', () => {
    const input = farm();
    const b1 = input.hierarchy.children[0]!;
    b1.childern = b1.children;
    delete b1.children;
    return bad(['hierarchy'], json(input), '$.hierarchy.children[0].childern:', '"children"');
  });

  test('hierarchy: --bootstrap 0', () =>
    bad(
      ['hierarchy', 'farm-credit.json', '--bootstrap', '0'],
      '',
      'pairwise hierarchy: --bootstrap: "0"'
    ));

  test('hierarchy: --bootstrap not a number', () =>
    bad(['hierarchy', 'farm-credit.json', '--bootstrap=ten'], '', '--bootstrap: "ten"'));

  test('hierarchy: --level outside (0,1)', () =>
    bad(
      ['hierarchy', 'farm-credit.json', '--bootstrap', '10', '--level', '1.5'],
      '',
      '--level: "1.5"'
    ));

  test('hierarchy: bad bootstrap setting in the file', () => {
    const input = { ...farm(), bootstrap: 10, seed: 0.5 };
    return bad(['hierarchy'], json(input), '$.seed:', 'whole number');
  });
});
