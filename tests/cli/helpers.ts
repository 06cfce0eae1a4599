/**
 * Running the `pairwise` command line as a child process (node bin/pairwise.js ...), shared by the
 * CLI tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/pairwise.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI with `args` in `cwd`, writing `stdin` (or nothing) to its input; killed after
 * `timeout` ms.
 */
export function runCli(
  args: readonly string[],
  stdin: string,
  { cwd, timeout }: { cwd: string; timeout: number }
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdin.on('error', () => {}); // the CLI may exit without reading its input
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Checks a run that must fail with exit 2, nothing on stdout and one line on stderr; the line. */
export function refusal(r: Run): string {
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toContain('    at ');
  expect(r.status).toBe(2);
  return r.stderr.trimEnd();
}

/**
 * A temporary directory removed after the file's tests, and `file(name, text)`, which writes
 * a file there and returns its name.
 */
export function scratchDir(prefix: string): {
  dir: string;
  file: (name: string, text: string) => string;
} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };
  return { dir, file };
}
