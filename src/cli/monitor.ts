// `pairwise monitor`: early warning between two snapshots of a loan book scored with one weight
// set (verified first, as for `pairwise score`): the warning list, the migration matrix, the
// stability of grades and indicators against a baseline, the default rates per grade against the
// baseline's and the rank order, as JSON. The math is src/lib/monitoring's.
import {
  changeText,
  monitorReport,
  readSnapshot,
  SnapshotFileError,
  type MonitorSnapshot
} from '../lib/monitoring/index';
import type { WeightSet } from '../lib/weights/index';
import { OptionValueError, SourceError, UsageError } from './errors';
import { readText, type Io } from './io';
import { loadWeightSet } from './weight-set-file';

export interface MonitorFlags {
  weights?: string;
  then?: string;
  baseline?: string;
  'warning-grade'?: string;
  drop?: number;
}

async function snapshot(
  ws: WeightSet,
  id: string,
  file: string | undefined,
  io: Io
): Promise<MonitorSnapshot> {
  const { name, text } = await readText(file, io, 'the snapshot CSV');
  try {
    return { id, name, asOf: '', loans: readSnapshot(ws, text).loans };
  } catch (e) {
    if (e instanceof SnapshotFileError) throw new SourceError(`${name}: ${e.message}`);
    throw e;
  }
}

/** Runs `pairwise monitor`; returns the exit status (errors are thrown for main() to report). */
export async function monitorCommand(
  file: string | undefined,
  flags: MonitorFlags,
  io: Io
): Promise<number> {
  if (flags.weights === undefined) throw new UsageError('give the weight set: --weights SET.json');
  if (flags.then === undefined)
    throw new UsageError('give the earlier snapshot: --then THEN.csv (and NOW.csv as the input)');
  for (const option of ['then', 'baseline'] as const)
    if (flags[option] === '-')
      throw new OptionValueError(`--${option}`, 'give a file; standard input carries NOW.csv');
  const ws = await loadWeightSet(flags.weights, io, '--weights', 'the snapshot now');
  const snapshots = [];
  if (flags.baseline !== undefined)
    snapshots.push(await snapshot(ws, 'baseline', flags.baseline, io));
  snapshots.push(await snapshot(ws, 'then', flags.then, io));
  snapshots.push(await snapshot(ws, 'now', file, io));
  const grade = flags['warning-grade'];
  if (grade !== undefined && !ws.grading.bands.some((b) => b.grade === grade))
    throw new OptionValueError(
      '--warning-grade',
      `${JSON.stringify(grade)} is not a grade of the weight set (${ws.grading.bands.map((b) => b.grade).join(', ')})`
    );
  const report = monitorReport(ws, snapshots, {
    then: 'then',
    now: 'now',
    baseline: snapshots[0]!.id,
    ...(grade !== undefined ? { warningGrade: grade } : {}),
    ...(flags.drop !== undefined ? { minDrop: flags.drop } : {})
  });
  const out = {
    ...report,
    warning: {
      ...report.warning,
      loans: report.warning.loans.map((l) => ({
        ...l,
        changes: l.changes.map((c) => ({ ...c, en: changeText(c, 'en'), zh: changeText(c, 'zh') }))
      }))
    }
  };
  io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}
