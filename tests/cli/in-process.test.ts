/**
 * Parts of the CLI that are easier to reach in-process than through a child process: the
 * terminal check on standard input, and the line and column of JSON syntax errors.
 */
import { describe, expect, test } from 'vitest';
import { main, type Io } from '../../src/cli/main';
import { JsonSyntaxError, locateSyntaxError, parseJson } from '../../src/lib/json';

function fakeIo(stdin: string, isTTY: boolean) {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdin: Object.assign(
      (async function* () {
        if (stdin !== '') yield Buffer.from(stdin);
      })(),
      { isTTY }
    ),
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text)
  };
  return { io, out };
}

describe('main() in-process', () => {
  test('no FILE and a terminal on standard input is a usage error', async () => {
    const { io, out } = fakeIo('', true);
    expect(await main(['weigh'], io)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /^pairwise weigh: no input: give a FILE.*pairwise weigh --help.*\n$/
    );
  });

  test('no FILE and piped input reads standard input', async () => {
    const { io, out } = fakeIo('{"upper": [2]}', false);
    expect(await main(['weigh'], io)).toBe(0);
    const { weights } = JSON.parse(out.stdout);
    expect(weights[0]).toBeCloseTo(2 / 3, 12);
    expect(weights[1]).toBeCloseTo(1 / 3, 12);
  });

  test('empty standard input', async () => {
    const { io, out } = fakeIo('  \n', false);
    expect(await main(['group', '-'], io)).toBe(2);
    expect(out.stderr).toBe(
      'pairwise group: <stdin>: the input is empty: expected a JSON object\n'
    );
  });
});

test('an unexpected failure is one line "internal error", exit 1', async () => {
  const { io, out } = fakeIo('{"upper": [2]}', false);
  io.stdout = () => {
    throw new Error('disk full');
  };
  expect(await main(['weigh', '-'], io)).toBe(1);
  expect(out.stderr).toBe('pairwise weigh: internal error: Error: disk full\n');
});

describe('JSON syntax errors', () => {
  const at = (text: string) => {
    try {
      parseJson(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) return [e.line, e.column];
      throw e;
    }
    return null;
  };

  test('line and column of the first error, for errors V8 gives no position for too', () => {
    expect(at('{"a": NaN}')).toEqual([1, 7]);
    expect(at('{\n  "a": 1,\n}')).toEqual([3, 1]);
    expect(at('[1, 2,\n  ]')).toEqual([2, 3]);
    expect(at('{"a": [1 2]}')).toEqual([1, 10]);
    expect(at('{"a": "x\ny"}')).toEqual([1, 9]);
    expect(at('{} x')).toEqual([1, 4]);
    expect(at('{"a": tru}')).toEqual([1, 10]);
    expect(at('\uFEFF{"a": 1}')).toBeNull();
  });

  test('the scanner accepts what JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      '0',
      '-1.5e3',
      '"\\u00e9\\n"',
      '{"a":[{},[null,true,false]]}'
    ]) {
      expect(locateSyntaxError(text)).toBeNull();
    }
  });
});
