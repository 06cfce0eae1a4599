// `pairwise validate`: checks a weight set against a file of past loans with known outcomes (the
// validation report of src/lib/validation/report.ts), and optionally compares it with a second
// weight set on the same loans. The weight sets are verified before anything else is read; the
// validation module is imported only after that, so the other
// commands, and a refused weight set, stay fast.
import type {
  LeafLevels,
  ReportCutoff,
  ValidationReport,
  WeightSetComparison
} from '../lib/validation/index';
import { OptionValueError, SourceError, UsageError } from './errors';
import { readText, type Io } from './io';
import { loadWeightSet } from './weight-set-file';
import { SUGGESTED_RIDGE } from '../lib/weights/ridge';

export interface ValidateFlags {
  weights?: string;
  /** One file (with --weights, the two-set comparison), or a list with --loans. */
  compare?: string[];
  /** The loan file of the comparison of several sets. */
  loans?: string;
  outcome?: string;
  cutoff?: ReportCutoff;
  seed?: number;
  resamples?: number;
  folds?: number;
  /** The regression baseline's ridge penalty (--ridge, read by parseRidge). */
  ridge?: number;
  format?: 'json' | 'text';
}

/** Most bootstrap resamples accepted on the command line. */
export const MAX_VALIDATE_RESAMPLES = 100_000;

export function parseValidateFormat(value: string): 'json' | 'text' {
  if (value !== 'json' && value !== 'text')
    throw new OptionValueError(
      '--format',
      `${JSON.stringify(value)} is not a format: give json or text`
    );
  return value;
}

/** A number is a score cut-off (0-100), anything else a grade of the weight set. */
export function parseCutoff(value: string): ReportCutoff {
  const v = value.trim();
  if (v === '') throw new OptionValueError('--cutoff', 'give a score from 0 to 100 or a grade');
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) {
    const x = Number(v);
    if (!(x >= 0 && x <= 100))
      throw new OptionValueError(
        '--cutoff',
        `${v} is not a score from 0 to 100 (or give a grade such as B)`
      );
    return { score: x };
  }
  return { grade: v };
}

export function parseOutcomeColumn(value: string): string {
  if (value.trim() === '') throw new OptionValueError('--outcome', 'give the outcome column name');
  return value.trim();
}

/** Runs `pairwise validate`; returns the exit status (errors are thrown for main() to report). */
export async function validateCommand(
  file: string | undefined,
  flags: ValidateFlags,
  io: Io
): Promise<number> {
  if (flags.loans !== undefined) {
    const { compareCommand } = await import('./compare-command');
    return compareCommand(file, { ...flags, loans: flags.loans }, io);
  }
  if (flags.weights === undefined) throw new UsageError('give the weight set: --weights SET.json');
  const ws = await loadWeightSet(flags.weights, io, '--weights', 'the loans');
  const other =
    flags.compare === undefined
      ? null
      : await loadWeightSet(flags.compare[0]!, io, '--compare', 'the loans');
  const { name, text } = await readText(file, io, 'the loans CSV');

  const v = await import('../lib/validation/index');
  const leaves = ws.leaves.map((l) => l.id);
  for (const l of other?.leaves ?? []) if (!leaves.includes(l.id)) leaves.push(l.id);
  // A leaf with a rating scale (version 2) is read as recorded facts through its scale.
  const scales = v.scalesOfLeaves(leaves, other ? [ws, other] : [ws]);
  let report: ValidationReport;
  let comparison: WeightSetComparison | null = null;
  let levels: LeafLevels[] = [];
  try {
    const loans = v.readLoans(text, leaves, { outcome: flags.outcome, scales });
    levels = v.levelStatistics(scales, loans);
    const options = {
      seed: flags.seed,
      resamples: flags.resamples,
      folds: flags.folds,
      cutoff: flags.cutoff,
      ridge: flags.ridge
    };
    report = v.validationReport(ws, loans, options);
    if (other) comparison = v.compareWeightSets(ws, other, loans, options);
  } catch (e) {
    throw loanFileRefusal(v, e, name);
  }
  const output = {
    ...report,
    ...(comparison ? { comparison } : {}),
    ...(levels.length > 0 ? { levels } : {})
  };
  io.stdout(
    flags.format === 'text'
      ? textSummary(report, comparison, name, levels)
      : `${JSON.stringify(output, null, 2)}\n`
  );
  // The JSON's reason is the library's; the way out on this command line is --ridge.
  const hint = ridgeHint(report);
  if (hint !== null && flags.format !== 'text') io.stderr(`pairwise validate: note: ${hint}\n`);
  return 0;
}

/** A refusal of the loans (or the cut-off) as the one line main() prints; anything else as it is. */
export function loanFileRefusal(
  v: typeof import('../lib/validation/index'),
  e: unknown,
  name: string
): unknown {
  if (e instanceof v.LoanFileError)
    return new SourceError(`${name}: line ${e.line}, column ${e.column}: ${e.detail}`);
  if (e instanceof v.ValidationInputError && e.path[0] === 'cutoff')
    return new OptionValueError('--cutoff', e.detail);
  if (e instanceof v.ValidationInputError) return new SourceError(`${name}: ${e.message}`);
  return e;
}

/** Why the plain fit does not exist; a ridge penalty gives one (the validation page's offer). */
const RIDGE_HELPS: ReadonlySet<string> = new Set(['separation', 'singular', 'not-converged']);

/**
 * The suggestion when the regression baseline does not exist without a penalty and a penalty
 * would give it one (separation, collinear leaves, no convergence), else null.
 */
export function ridgeHint(r: ValidationReport): string | null {
  const b = r.baseline;
  if (b.defined || r.method.ridge !== 0 || !RIDGE_HELPS.has(b.code)) return null;
  return `the regression baseline has no plain fit on these loans (${b.code}); run again with --ridge ${SUGGESTED_RIDGE}: any penalty > 0 has a finite, unique fit`;
}

/** The penalty the regression was fitted with, as the page labels it. */
const ridgeLabel = (ridge: number) =>
  ridge === 0 ? 'ridge penalty 0: none' : `ridge penalty ${ridge}`;

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
const ratio = (x: number | null) => (x === null ? 'undefined' : f3(x));

/** Rows as columns padded to their widest cell, indented by two spaces. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows.map((r) => `  ${r.map((c, k) => c.padEnd(widths[k]!)).join('  ')}`.trimEnd());
}

/** The report as a few lines for a terminal (the JSON has everything). */
export function textSummary(
  r: ValidationReport,
  c: WeightSetComparison | null,
  source: string,
  levels: readonly LeafLevels[] = []
): string {
  const out: string[] = [];
  out.push(`Weight set: ${r.weightSet.name} (sha256 ${r.weightSet.hash.slice(0, 12)}...)`);
  out.push(
    `Loans: ${r.loans.count} from ${source}, ${r.loans.defaults} defaulted (${pct(r.loans.defaultRate)}), ${r.loans.repaid} repaid`
  );
  const d = r.discrimination;
  out.push(
    d.defined
      ? `Discrimination: AUC ${f3(d.auc)} [${f3(d.interval.lower)}, ${f3(d.interval.upper)}] (${Math.round(100 * d.interval.level)}% bootstrap, ${r.method.resamples} resamples, seed ${r.method.seed}), Gini ${f3(d.gini)}, KS ${f3(d.ks.statistic)} at score ${d.ks.score.toFixed(1)}`
      : `Discrimination: undefined: ${d.reason}`
  );
  const cal = r.calibration;
  const mono =
    cal.monotonic === null
      ? 'not comparable (fewer than two grades have loans)'
      : cal.monotonic
        ? 'yes'
        : 'no';
  out.push(`Default rate by grade (rises monotonically: ${mono}):`);
  out.push(
    ...table([
      ['grade', 'min score', 'loans', 'defaults', 'rate'],
      ...cal.grades.map((g) => [
        g.grade,
        String(g.minScore),
        String(g.loans),
        String(g.defaults),
        pct(g.defaultRate)
      ])
    ])
  );
  const k = r.cutoff;
  const at =
    k.cutoff.kind === 'grade'
      ? `grade ${k.cutoff.grade} (lend to ${k.cutoff.grade} and better, score >= ${k.cutoff.minScore})`
      : `score ${k.cutoff.score} (lend at or above it)`;
  out.push(
    `At the cut-off ${at}${k.cutoff.source === 'default' ? ' [default]' : ''}: accuracy ${f3(k.accuracy)}, precision ${ratio(k.precision)}, recall ${ratio(k.recall)}, specificity ${ratio(k.specificity)}`
  );
  const m = k.matrix;
  out.push(
    `  refused and defaulted ${m.truePositives}, refused but repaid ${m.falsePositives}, lent and repaid ${m.trueNegatives}, lent but defaulted ${m.falseNegatives}`
  );
  const b = r.baseline;
  if (!b.defined) {
    out.push(`Regression baseline (${ridgeLabel(r.method.ridge)}): undefined: ${b.reason}`);
    const hint = ridgeHint(r);
    if (hint !== null) out.push(`  Suggestion: ${hint}`);
  } else {
    const cv = b.crossValidation;
    out.push(
      `Regression baseline (${ridgeLabel(r.method.ridge)}): ${cv.defined ? `${cv.k}-fold cross-validated AUC ${f3(cv.meanAuc)} (pooled ${f3(cv.pooledAuc)})` : `cross-validation undefined: ${cv.reason}`}; weights correlate with the experts' at r = ${b.correlation === null ? 'undefined' : f3(b.correlation)}`
    );
    out.push(
      ...table([
        ['leaf', 'experts', 'regression', 'coefficient'],
        ...b.weights.map((w) => [
          w.leaf,
          w.expert.toFixed(4),
          w.regression === null
            ? '-'
            : `${w.regression.toFixed(4)}${w.clipped ? ' (clipped)' : ''}`,
          w.coefficient.toPrecision(4)
        ])
      ])
    );
  }
  if (c) {
    const diff = c.difference;
    out.push(
      diff.defined
        ? `Comparison: AUC ${f3(c.a.auc!)} (${c.a.name}) vs ${f3(c.b.auc!)} (${c.b.name}): difference ${f3(diff.difference)} [${f3(diff.lower)}, ${f3(diff.upper)}]: ${c.better === 'no clear difference' ? 'no clear difference' : `${c.better === 'a' ? c.a.name : c.b.name} discriminates better`}`
        : `Comparison: undefined: ${diff.reason}`
    );
  }
  for (const l of levels) {
    const iv = l.iv === null ? 'undefined' : `${f3(l.iv)}${l.ivComplete ? '' : ' (partial)'}`;
    out.push(`Levels of ${l.leaf} (information value ${iv}):`);
    out.push(
      ...table([
        ['level', 'points', 'loans', 'defaults', 'rate', 'WoE'],
        ...l.rows.map((x) => [
          x.level,
          x.points.toFixed(1),
          String(x.loans),
          String(x.defaults),
          pct(x.defaultRate),
          x.woe === null ? '-' : f3(x.woe)
        ])
      ])
    );
    for (const d of l.disputed)
      out.push(
        `  disputed: ${d.higher} has more points than ${d.lower} but defaulted more often (${pct(d.rateHigher)} vs ${pct(d.rateLower)}, z ${d.z.toFixed(2)}, p ${d.p.toPrecision(2)})`
      );
  }
  if (r.warnings.length > 0) {
    out.push('Warnings:');
    for (const w of r.warnings) out.push(`  - ${w.message}`);
  }
  return `${out.join('\n')}\n`;
}
