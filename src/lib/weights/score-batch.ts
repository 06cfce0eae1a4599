/**
 * Scoring a batch of JSON records: the HTTP endpoint `POST /api/weight-sets/ID/score` and the
 * conformance vectors (conformance/) use it. Each record is checked field by field (every field
 * at fault is named, by JSON path), and the good ones are scored by scoreApplicants (./score-rows.ts),
 * the scorer of `pairwise score`: the same points, contributions, totals, grades and reasons.
 * Results keep the order of the records, each with its index, so one bad record costs only itself.
 */
import { lineProblem } from '../survey';
import { compileScorer, reasonText, reasonsOf, type ScoringSet } from './score';
import { pointsOfValue } from './score-cells';
import { scoreApplicants } from './score-rows';
import type { WeightSet } from './schema';

/** The most records one batch may hold. */
export const MAX_BATCH_RECORDS = 10_000;
/** The longest text a value (a level's name) or a record's id may hold, trimmed. */
export const MAX_VALUE_LENGTH = 200;

/** A whole batch that cannot be read (not an object, no records, too many). */
export class BatchError extends Error {
  constructor(
    /** JSON path of the problem ($ is the body). */
    readonly path: string,
    message: string,
    /** 413 for a batch over MAX_BATCH_RECORDS, else 400. */
    readonly status: 400 | 413 = 400
  ) {
    super(message);
    this.name = 'BatchError';
  }
}

/** A field of a record that could not be scored. */
export interface BatchProblem {
  /** `$.records[3].C3` */
  path: string;
  /** The leaf id, `id`, or null when the record as a whole is wrong. */
  field: string | null;
  message: string;
}

/** A reason: an indicator that cost the record points, exact and as text in both languages. */
export interface BatchReason {
  leaf: string;
  lost: number;
  en: string;
  zh: string;
}

export interface ScoredRecord {
  index: number;
  id?: string;
  status: 'scored';
  total: number;
  grade: string;
  points: Record<string, number>;
  contributions: Record<string, number>;
  reasons: BatchReason[];
}

export interface RefusedRecord {
  index: number;
  id?: string;
  status: 'refused';
  problems: BatchProblem[];
}

export interface BatchScores {
  /** Records in the batch. */
  count: number;
  scored: number;
  refused: number;
  /** One result per record, in the order of the records. */
  results: Array<ScoredRecord | RefusedRecord>;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const kindOf = (x: unknown) =>
  x === null ? 'null' : Array.isArray(x) ? 'an array' : `a ${typeof x}`;

/**
 * The records of a request body `{"records": [...]}`.
 * @throws BatchError for a body that is not such an object, an unknown member, more than
 *   MAX_BATCH_RECORDS records
 */
export function batchRecords(body: unknown): unknown[] {
  if (!isObject(body))
    throw new BatchError('$', `expected an object {"records": [...]}, got ${kindOf(body)}`);
  for (const key of Object.keys(body))
    if (key !== 'records')
      throw new BatchError(
        `$.${key}`,
        `unknown member ${JSON.stringify(key.slice(0, 40))}; the body is {"records": [...]}`
      );
  const records = body.records;
  if (records === undefined)
    throw new BatchError('$.records', 'missing: give the records to score, {"records": [...]}');
  if (!Array.isArray(records))
    throw new BatchError('$.records', `expected an array of records, got ${kindOf(records)}`);
  if (records.length > MAX_BATCH_RECORDS)
    throw new BatchError(
      '$.records',
      `${records.length} records; at most ${MAX_BATCH_RECORDS} a request: split the batch`,
      413
    );
  return records;
}

/** The record's id as text, or a problem with it. */
function idOf(record: Record<string, unknown>): string | undefined | { problem: string } {
  const id = record.id;
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string') return { problem: `expected text or a number, got ${kindOf(id)}` };
  const problem = lineProblem(id, MAX_VALUE_LENGTH);
  return problem ? { problem } : id.trim();
}

/**
 * Scores a batch of records with a (verified) weight set. A record is an object with one member
 * per leaf (a level's id or label, a number, or null / absent for a missing value) and an
 * optional `id` (text or a number) echoed in its result; other members are ignored.
 */
export function scoreBatch(ws: ScoringSet, records: readonly unknown[]): BatchScores {
  const scorer = compileScorer(ws);
  const { leaves, scales } = scorer;
  const results: Array<ScoredRecord | RefusedRecord> = new Array(records.length);
  const good: Array<Record<string, unknown>> = [];
  const goodIndex: number[] = [];
  const ids: Array<string | undefined> = [];
  records.forEach((record, index) => {
    const at = `$.records[${index}]`;
    if (!isObject(record)) {
      results[index] = {
        index,
        status: 'refused',
        problems: [
          {
            path: at,
            field: null,
            message: `expected an object of indicator values, got ${kindOf(record)}`
          }
        ]
      };
      return;
    }
    const problems: BatchProblem[] = [];
    const id = idOf(record);
    if (typeof id === 'object') problems.push({ path: `${at}.id`, field: 'id', ...message(id) });
    const row: Record<string, unknown> = {};
    leaves.forEach((leaf, i) => {
      const value = Object.hasOwn(record, leaf) ? record[leaf] : undefined;
      const text = typeof value === 'string' ? lineProblem(value, MAX_VALUE_LENGTH) : null;
      const x = text ? { problem: text } : pointsOfValue(scales[i]!, value);
      if (typeof x === 'object')
        problems.push({ path: `${at}.${leaf}`, field: leaf, ...message(x) });
      row[leaf] = value;
    });
    const shownId = typeof id === 'string' ? { id } : {};
    if (problems.length > 0) {
      results[index] = { index, ...shownId, status: 'refused', problems };
      return;
    }
    good.push(row);
    goodIndex.push(index);
    ids.push(typeof id === 'string' ? id : undefined);
  });
  const report = scoreApplicants(ws, good);
  // Every record that reached the scorer passed the same checks: a refusal here is a bug.
  if (report.skipped.length > 0) throw new Error(`scoreBatch: ${report.skipped[0]!.message}`);
  const L = leaves.length;
  const grades = report.grades;
  for (let k = 0; k < report.count; k++) {
    const points: Record<string, number> = {};
    const contributions: Record<string, number> = {};
    for (let i = 0; i < L; i++) {
      points[leaves[i]!] = report.points[k * L + i]!;
      contributions[leaves[i]!] = report.contributions[k * L + i]!;
    }
    const id = ids[k];
    results[goodIndex[k]!] = {
      index: goodIndex[k]!,
      ...(id !== undefined ? { id } : {}),
      status: 'scored',
      total: report.totals[k]!,
      grade: grades[report.gradeIndex[k]!]!,
      points,
      contributions,
      reasons: reasonsOf(report, k).map((r) => ({
        leaf: r.leaf,
        lost: r.lost,
        en: reasonText(r, 'en'),
        zh: reasonText(r, 'zh')
      }))
    };
  }
  return {
    count: records.length,
    scored: report.count,
    refused: records.length - report.count,
    results
  };
}

const message = (x: { problem: string }) => ({ message: x.problem });

/** The weight set a batch was scored with, as the answer names it. */
export function batchWeightSet(ws: Pick<WeightSet, 'name' | 'version' | 'survey' | 'hash'>) {
  return { name: ws.name, version: ws.version, surveyId: ws.survey.id, hash: ws.hash.value };
}
