/**
 * The monitor page's report, from the stored snapshots of one weight set and the choices in the
 * URL (set, then, now, baseline, grade, drop): shared by the page and its CSV download. A choice
 * the snapshots or the weight set do not have is said, never replaced in silence.
 */
import {
  getWeightSetForAdmin,
  listWeightSets,
  loadSnapshots,
  type Db,
  type StoredWeightSet,
  type WeightSetSummary
} from '$lib/server';
import { monitorReport, type MonitorOptions, type MonitorReport } from '$lib/monitoring';

export type MonitorProblem =
  'unknown-set' | 'unknown-snapshot' | 'unknown-grade' | 'bad-drop' | 'same-snapshot';

export interface MonitorView {
  weightSets: WeightSetSummary[];
  weightSet: StoredWeightSet | null;
  snapshots: Awaited<ReturnType<typeof loadSnapshots>>;
  options: MonitorOptions;
  report: MonitorReport | null;
  problem: MonitorProblem | null;
}

/** The options in the URL, or the problem with them. */
function readOptions(url: URL): { options: MonitorOptions; problem: MonitorProblem | null } {
  const q = url.searchParams;
  const options: MonitorOptions = {};
  for (const key of ['then', 'now', 'baseline'] as const) {
    const value = q.get(key);
    if (value) options[key] = value;
  }
  const grade = q.get('grade');
  if (grade) options.warningGrade = grade;
  const drop = q.get('drop');
  if (drop) {
    const x = /^\d{1,2}$/.test(drop) ? Number(drop) : NaN;
    if (!(x >= 1 && x <= 25)) return { options, problem: 'bad-drop' };
    options.minDrop = x;
  }
  return { options, problem: null };
}

export async function monitorView(db: Db, surveyId: string, url: URL): Promise<MonitorView> {
  const weightSets = await listWeightSets(db, surveyId);
  const setId = url.searchParams.get('set') ?? weightSets.at(-1)?.id ?? '';
  const weightSet = setId ? await getWeightSetForAdmin(db, surveyId, setId) : null;
  const none = { weightSets, weightSet, snapshots: [], options: {}, report: null, problem: null };
  // A set in the URL that this survey does not have (an old link, a typo) is said, not shown as
  // an empty page under the list's first set.
  if (!weightSet) return setId ? { ...none, problem: 'unknown-set' } : none;
  const snapshots = await loadSnapshots(db, weightSet);
  const { options, problem } = readOptions(url);
  if (problem || snapshots.length < 2) return { ...none, snapshots, options, problem };
  const ids = new Set(snapshots.map((s) => s.id));
  if ([options.then, options.now, options.baseline].some((id) => id !== undefined && !ids.has(id)))
    return { ...none, snapshots, options, problem: 'unknown-snapshot' };
  const grades = weightSet.document.grading.bands.map((b) => b.grade);
  if (options.warningGrade !== undefined && !grades.includes(options.warningGrade))
    return { ...none, snapshots, options, problem: 'unknown-grade' };
  try {
    return {
      ...none,
      snapshots,
      options,
      report: monitorReport(weightSet.document, snapshots, options)
    };
  } catch (e) {
    if (e instanceof RangeError && /then and now are the same/.test(e.message))
      return { ...none, snapshots, options, problem: 'same-snapshot' };
    throw e;
  }
}
