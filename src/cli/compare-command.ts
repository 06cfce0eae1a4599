// `pairwise validate --compare A.json B.json C.json ... --loans LOANS.csv`: models side by side
// on one loan file (src/lib/validation/compare.ts). Every weight set is verified before the
// loans are read; sets of different hierarchies are refused, naming the file and the leaves.
import type { ModelComparison } from '../lib/validation/index';
import { SourceError, UsageError } from './errors';
import { readText, type Io } from './io';
import { loadWeightSet } from './weight-set-file';
import { loanFileRefusal, table, type ValidateFlags } from './validate-command';
import type { WeightSet } from '../lib/weights/index';

/** The options of the single-set report that mean nothing for a comparison. */
const REPORT_ONLY = ['cutoff', 'folds', 'ridge'] as const;

/** Runs the comparison; returns the exit status (errors are thrown for main() to report). */
export async function compareCommand(
  file: string | undefined,
  flags: ValidateFlags & { loans: string },
  io: Io
): Promise<number> {
  if (file !== undefined)
    throw new UsageError(`the loans are given by --loans; '${file}' is one file too many`);
  for (const option of REPORT_ONLY)
    if (flags[option] !== undefined)
      throw new UsageError(
        `--${option} is an option of the single-set report, not of --compare ... --loans`
      );
  const files = [...(flags.weights === undefined ? [] : [flags.weights]), ...(flags.compare ?? [])];
  const v = await import('../lib/validation/index');
  if (files.length < 2 || files.length > v.MAX_COMPARED_SETS)
    throw new UsageError(
      `give 2 to ${v.MAX_COMPARED_SETS} weight sets to compare (--compare A.json B.json ...), got ${files.length}`
    );
  const sets: WeightSet[] = [];
  for (const f of files) sets.push(await loadWeightSet(f, io, '--compare', 'the loans'));
  try {
    v.checkOneHierarchy('compareModels', sets);
  } catch (e) {
    if (e instanceof v.ValidationInputError && e.code === 'different-hierarchy')
      throw new SourceError(`${files[e.path[1] as number]}: ${e.detail}`);
    throw e;
  }
  const { name, text } = await readText(flags.loans, io, 'the loans CSV');
  const leaves = sets[0]!.leaves.map((l) => l.id);
  let comparison: ModelComparison;
  try {
    const scales = v.scalesOfLeaves(leaves, sets);
    const loans = v.readLoans(text, leaves, { outcome: flags.outcome, scales });
    comparison = v.compareModels(sets, loans, { seed: flags.seed, resamples: flags.resamples });
  } catch (e) {
    throw loanFileRefusal(v, e, name);
  }
  const output = {
    ...comparison,
    sets: comparison.sets.map((s, k) => ({ ...s, file: files[k]! }))
  };
  io.stdout(
    flags.format === 'text'
      ? textComparison(comparison, files, name)
      : `${JSON.stringify(output, null, 2)}\n`
  );
  return 0;
}

const f3 = (x: number) => x.toFixed(3);

/** The comparison as a few tables for a terminal (the JSON has everything). */
export function textComparison(c: ModelComparison, files: readonly string[], source: string) {
  const m = c.method;
  const out: string[] = [];
  out.push(
    `Loans: ${c.loans.count} from ${source}, ${c.loans.defaults} defaulted (${(100 * c.loans.defaultRate).toFixed(1)}%), ${c.loans.repaid} repaid`
  );
  out.push(
    `Weight sets (AUC with ${Math.round(100 * m.level)}% stratified bootstrap percentile interval, ${m.resamples} resamples, seed ${m.seed}):`
  );
  out.push(
    ...table([
      ['#', 'name', 'file', 'AUC', 'interval', 'Gini', 'KS', 'monotonic'],
      ...c.sets.map((s, k) => {
        const d = s.discrimination;
        const mono = s.calibration.monotonic;
        return [
          String(k + 1),
          s.name,
          files[k]!,
          ...(d.defined
            ? [
                f3(d.auc),
                `[${f3(d.interval.lower)}, ${f3(d.interval.upper)}]`,
                f3(d.gini),
                f3(d.ks.statistic)
              ]
            : ['undefined', '-', '-', '-']),
          mono === null ? 'n/a' : mono ? 'yes' : 'no'
        ];
      })
    ])
  );
  const undefinedReason = c.sets.find((s) => !s.discrimination.defined)?.discrimination;
  if (undefinedReason && !undefinedReason.defined)
    out.push(`  AUC undefined: ${undefinedReason.reason}`);
  out.push(`AUC differences (paired stratified bootstrap, the same resamples for both sets):`);
  out.push(
    ...table([
      ['pair', 'difference', 'interval', 'verdict'],
      ...c.pairs.map((p) => {
        const d = p.difference;
        const verdict =
          p.better === null
            ? 'undefined'
            : p.better === 'no clear difference'
              ? 'no clear difference'
              : `#${(p.better === 'a' ? p.a : p.b) + 1} better`;
        return [
          `#${p.a + 1} - #${p.b + 1}`,
          d.defined ? f3(d.difference) : '-',
          d.defined ? `[${f3(d.lower)}, ${f3(d.upper)}]` : '-',
          verdict
        ];
      })
    ])
  );
  out.push('Default rate by grade (loans, rate):');
  const grades = [...new Set(c.sets.flatMap((s) => s.calibration.grades.map((g) => g.grade)))];
  out.push(
    ...table([
      ['grade', ...c.sets.map((_, k) => `#${k + 1}`)],
      ...grades.map((grade) => [
        grade,
        ...c.sets.map((s) => {
          const g = s.calibration.grades.find((x) => x.grade === grade);
          if (!g) return 'not a grade';
          return `${g.loans} ${g.defaultRate === null ? '-' : `${(100 * g.defaultRate).toFixed(1)}%`}`;
        })
      ])
    ])
  );
  out.push('Global weights by indicator:');
  out.push(
    ...table([
      ['leaf', ...c.sets.map((_, k) => `#${k + 1}`)],
      ...c.weights.map((w) => [w.leaf, ...w.weights.map((x) => x.toFixed(4))])
    ])
  );
  return `${out.join('\n')}\n`;
}
