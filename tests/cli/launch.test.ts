/**
 * How the documentation says to start the command line, and that asking it for help or its
 * version needs neither tsx nor the engine (which is what keeps `--help` at about 0.1 s on an
 * idle machine instead of the 0.5-1 s a computing command needs to start; no test asserts a
 * time, the figures are in docs/cli.md).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test, vi } from 'vitest';
import { ROOT, runCli, scratchDir } from './helpers';

vi.setConfig({ testTimeout: 30_000 });

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const sh = promisify(execFile);

describe('the documented way to run pairwise', () => {
  test('README and docs/cli.md show `node bin/pairwise.js`, and never `npx pairwise`', () => {
    for (const file of ['README.md', 'docs/cli.md']) {
      expect(read(file), file).toContain('node bin/pairwise.js --help');
      expect(read(file), file).not.toMatch(/run it as `npx pairwise/);
    }
  });

  test('the documented command line, run by a shell in the checkout, prints the usage', async () => {
    const doc = read('docs/cli.md');
    const line = /```sh\n(node bin\/pairwise\.js --help)\n```/.exec(doc)?.[1];
    expect(line).toBe('node bin/pairwise.js --help');
    const { stdout, stderr } = await sh('/bin/sh', ['-c', line!], { cwd: ROOT });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: pairwise <command> \[FILE\] \[options\]\n/);
    for (const command of ['weigh', 'group', 'hierarchy', 'score', 'validate']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });
});

describe('help and version without tsx or the engine', () => {
  // A copy of the launcher, the help texts and package.json in a directory without
  // node_modules or the rest of src: whatever needs tsx or the engine fails to load there.
  const { dir } = scratchDir('pairwise-launch-');
  for (const file of ['bin/pairwise.js', 'src/cli/usage.js', 'package.json']) {
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  const runBare = (args: readonly string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(dir, 'bin/pairwise.js'), ...args],
        { cwd: dir },
        (error, stdout, stderr) => {
          const status = error ? ((error as { code?: unknown }).code ?? null) : 0;
          if (error && typeof status !== 'number') reject(error);
          else resolve({ status: status as number, stdout, stderr });
        }
      );
    });
  const inCheckout = (args: readonly string[]) =>
    runCli(args, '', { cwd: ROOT, timeout: 20_000 }).then((r) => r.stdout);

  test('the bare copy really lacks tsx: a computing command fails to load there', async () => {
    const r = await runBare(['weigh']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pairwise: internal error: .*tsx/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test.each([
    [['--help']],
    [['-h']],
    [['help']],
    [['help', 'hierarchy']],
    [['score', '--help']],
    [['validate', '--weights', 'x.json', '-h']],
    // --help wins over a bad option before it, as in the checkout
    [['weigh', '--fast', '--help']]
  ])('%j is answered there, exactly as in the checkout', async (args) => {
    const bare = await runBare(args);
    expect(bare.status).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toMatch(/^Usage: pairwise /);
    expect(bare.stdout).toBe(await inCheckout(args));
  });

  test('--version is the version in package.json', async () => {
    const pkg = JSON.parse(read('package.json')) as { version: string };
    expect(await runBare(['--version'])).toEqual({
      status: 0,
      stdout: `${pkg.version}\n`,
      stderr: ''
    });
  });

  test('`--help` after `--` is a file name, and `help` with an unknown topic a usage error', async () => {
    const [file, topic] = await Promise.all([
      runCli(['weigh', '--', '--help'], '', { cwd: ROOT, timeout: 20_000 }),
      runCli(['help', 'wiegh'], '', { cwd: ROOT, timeout: 20_000 })
    ]);
    expect(file.status).toBe(2);
    expect(file.stderr).toBe('pairwise weigh: --help: cannot read the file: no such file\n');
    expect(topic.status).toBe(2);
    expect(topic.stderr).toMatch(/^pairwise: no command 'wiegh' \(commands: weigh, group, /);
  });
});
