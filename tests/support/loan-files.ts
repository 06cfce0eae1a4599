/**
 * Loan files made from the demo file for tests: its outcome replaced by "the sum of the leaf
 * scores is in the lowest 15%", so the leaves separate the outcomes perfectly and the plain
 * logistic regression does not exist (a ridge penalty gives one, every coefficient negative).
 */
export function separatedByTotal(demo: string): { text: string; defaults: number } {
  const lines = demo.split('\r\n');
  const head = lines[0]!.split(',');
  const leafAt = head.flatMap((h, j) => (/^C\d+$/.test(h) ? [j] : []));
  const sum = (line: string) => leafAt.reduce((t, j) => t + Number(line.split(',')[j]), 0);
  const sums = lines
    .slice(1)
    .filter((l) => l !== '')
    .map(sum);
  const cut = [...sums].sort((a, b) => a - b)[Math.floor(sums.length * 0.15)]!;
  const text = lines
    .map((line, i) => {
      if (i === 0 || line === '') return line;
      const f = line.split(',');
      f[f.length - 1] = sum(line) < cut ? '1' : '0';
      return f.join(',');
    })
    .join('\r\n');
  return { text, defaults: sums.filter((t) => t < cut).length };
}
