/**
 * Issue 15, section 3: every command that reads a file, given files a careless or hostile user
 * has: missing, a directory, empty, invalid UTF-8, UTF-16 with its byte order mark, NUL bytes,
 * CRLF, endless (/dev/zero, capped at MAX_INPUT_BYTES) and an output file that would be an input.
 * Each gets exit 2, one line on standard error naming the file and what is wrong, no stack trace,
 * nothing on standard output and no output file left behind.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { refusal, ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 60_000 });

const { dir, file } = scratchDir('pairwise-hostile-files-');
const run = (args: string[], stdin = '') => runCli(args, stdin, { cwd: dir, timeout: 50_000 });

/** Saaty's 2 x 2 matrix [[1, 3], [1/3, 1]]: weights 3/4 and 1/4 (w_i = a_i1 / (a_11 + a_21)). */
const WEIGH = '{\r\n  "upper": [3]\r\n}\r\n';

describe.concurrent('input files of every kind', () => {
  // The leaf ids of the farm-credit weight set, for an applicants header.
  let leaves: string[] = [];
  beforeAll(async () => {
    const made = await run(['weight-set', path.join(ROOT, 'tests/cli/fixtures/farm-credit.json')]);
    expect(made.status).toBe(0);
    file('set.json', made.stdout);
    leaves = (JSON.parse(made.stdout) as { leaves: Array<{ id: string }> }).leaves.map((l) => l.id);
  }, 60_000);

  const classes: Array<[string, string, RegExp]> = [
    ['a missing file', 'missing.json', /: cannot read the file: no such file$/],
    ['a directory', '.', /: cannot read the file: it is a directory$/],
    ['an empty file', 'empty.txt', /empty/],
    [
      'invalid UTF-8 on line 2',
      'latin1.txt',
      /: line 2: the input is not UTF-8 text \(save it as UTF-8\)$/
    ],
    [
      'UTF-16 with a byte order mark',
      'utf16.txt',
      /: the input is UTF-16 text \(it starts with the byte order mark FFFE\): save it as UTF-8$/
    ],
    ['NUL bytes', 'nul.txt', /NUL|U\+0000|"\\u0000"/],
    [
      '/dev/zero (endless: read up to the cap)',
      '/dev/zero',
      /: the input is over 100 MB \(104857600 bytes\), the most a command reads: split it into smaller files$/
    ]
  ];

  beforeAll(() => {
    const write = (name: string, bytes: Buffer) => writeFileSync(path.join(dir, name), bytes);
    write('empty.txt', Buffer.alloc(0));
    // A Latin-1 é on line 2 (the byte E9 alone is no UTF-8), and UTF-16LE with its BOM.
    write('latin1.txt', Buffer.from('id,C1\r\n\xe9,1\r\n', 'latin1'));
    write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(WEIGH, 'utf16le')]));
    write('nul.txt', Buffer.from('{"upper": [3]}\0\0'));
  });

  for (const [what, name, message] of classes) {
    test(`weigh: ${what}`, async () => {
      const line = refusal(await run(['weigh', name]));
      expect(line).toMatch(/^pairwise weigh: /);
      expect(line).toMatch(message);
    });
    test(`score --weights: ${what}`, async () => {
      const line = refusal(await run(['score', '--weights', name, 'missing.csv']));
      expect(line).toMatch(/^pairwise score: /);
      expect(line).toMatch(message);
    });
    test(`score's applicants: ${what}`, async () => {
      const line = refusal(await run(['score', '--weights', 'set.json', name]));
      expect(line).toMatch(/^pairwise score: /);
      // An empty CSV and NUL bytes are a CSV's problems: said as such.
      if (!/empty|NUL/.test(what)) expect(line).toMatch(message);
    });
  }

  test('standard input over the cap', async () => {
    // 100 MB of spaces and one more byte: refused before parsing.
    const line = refusal(await run(['weigh', '-'], ' '.repeat(100 * 1024 * 1024 + 1)));
    expect(line).toBe(
      'pairwise weigh: <stdin>: the input is over 100 MB (104857600 bytes), the most a command reads: split it into smaller files'
    );
  });

  test('CRLF line ends are read as LF', async () => {
    const r = await run(['weigh', file('crlf.json', WEIGH)]);
    expect(r.status).toBe(0);
    // [[1, 3], [1/3, 1]]: w = (3/4, 1/4), exactly (the eigenvector of a consistent matrix).
    expect((JSON.parse(r.stdout) as { weights: number[] }).weights).toEqual([0.75, 0.25]);
  });

  test('score --output never overwrites an input, and leaves no file when refused', async () => {
    const header = ['id', ...leaves].join(',');
    file('apps.csv', `${header}\r\na1,${leaves.map(() => 50).join(',')}\r\n`);
    const before = readFileSync(path.join(dir, 'apps.csv'), 'utf8');
    for (const [output, says] of [
      ['apps.csv', 'is the applicants file'],
      ['./set.json', 'is --weights']
    ] as const) {
      const line = refusal(
        await run(['score', '--weights', 'set.json', 'apps.csv', '--output', output])
      );
      expect(line).toContain(`--output ${output} ${says}: writing it would destroy the input`);
    }
    expect(readFileSync(path.join(dir, 'apps.csv'), 'utf8')).toBe(before);

    // A refused run (a bad cell under --strict) writes nothing; a directory is refused by name.
    file('bad.csv', `${header}\r\na2,${leaves.map(() => 'x').join(',')}\r\n`);
    const strict = refusal(
      await run(['score', '--weights', 'set.json', 'bad.csv', '--strict', '--output', 'out.csv'])
    );
    expect(strict).toMatch(/bad\.csv: row 1 \(line 2\) column C1: 'x' is not a number/);
    expect(existsSync(path.join(dir, 'out.csv'))).toBe(false);
    const into = refusal(
      await run(['score', '--weights', 'set.json', 'apps.csv', '--output', '.'])
    );
    expect(into).toBe('pairwise score: .: cannot write the output: it is a directory');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const ok = await run(['score', '--weights', 'set.json', 'apps.csv', '--output', 'out.csv']);
    expect(ok.status).toBe(0);
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8')).toMatch(/^id,total,grade,/);
  });
});
