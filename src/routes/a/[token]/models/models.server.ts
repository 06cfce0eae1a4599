/**
 * The weight models page's server side: the survey's saved sets with where each came from, and
 * new sets from a file of given weights or by editing a saved one. Every set is made here with
 * the library (givenWeightSet, editWeightSet: verified before it is stored) and stored by
 * saveWeightSet as an immutable snapshot with its own read token.
 */
import { createHash } from 'node:crypto';
import { AhpInputError, formatPath } from '$lib/ahp';
import { getWeightSetForAdmin, saveWeightSet, StoreError, type Db, type Survey } from '$lib/server';
import { JsonSyntaxError, jsonPathPosition } from '$lib/json';
import { problem, problemEnglish, type Problem } from '$lib/problem';
import { recordedFileName } from '$lib/survey';
import {
  CsvError,
  editWeightSet,
  givenWeightSet,
  type ProvenanceKind,
  type WeightSet
} from '$lib/weights';

/** A saved set as the page lists it: the summary and its provenance in brief. */
export interface WeightModel {
  id: string;
  name: string;
  createdAt: string;
  hash: string;
  kind: ProvenanceKind;
  /** The saved id of the set it was edited from, when it names one. */
  parentId: string | null;
  version: number;
}

/** The survey's saved sets, oldest first, with their kind (a set without provenance: panel). */
export async function listWeightModels(db: Db, surveyId: string): Promise<WeightModel[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    created_at: Date;
    hash: string;
    kind: ProvenanceKind | null;
    parent_id: string | null;
    version: number;
  }>(
    `SELECT id, name, created_at, document -> 'hash' ->> 'value' AS hash,
            document -> 'provenance' ->> 'kind' AS kind,
            document -> 'provenance' -> 'parent' ->> 'id' AS parent_id,
            (document ->> 'version')::int AS version
     FROM weight_sets WHERE survey_id = $1 ORDER BY created_at, id`,
    [surveyId]
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at).toISOString(),
    hash: r.hash,
    kind: r.kind ?? 'panel',
    parentId: r.parent_id,
    version: r.version
  }));
}

/**
 * A request refused: what (in English, and as a code for the page to word when the library
 * gives one), and where in the file when the file is the problem.
 */
export class ModelError extends Error {
  readonly detail: string;
  readonly problem: Problem | null;
  constructor(
    what: string | Problem,
    readonly line: number | null = null,
    readonly column: number | null = null,
    /** The English, when not the problem's own words (AhpInputError.englishAtLine). */
    english?: string
  ) {
    const detail = english ?? (typeof what === 'string' ? what : problemEnglish(what));
    super(detail);
    this.name = 'ModelError';
    this.detail = detail;
    this.problem = typeof what === 'string' ? null : what;
  }
}

/**
 * The library's refusal as a ModelError: line and column for CSV and malformed JSON, and for a
 * JSON file's path (`text`) where the path's value starts.
 */
function refusal(e: unknown, text?: string): never {
  if (e instanceof CsvError || e instanceof JsonSyntaxError)
    throw new ModelError(e.problem ?? e.detail, e.line, e.column);
  if (e instanceof AhpInputError) {
    // A problem without its own code keeps its path in the English (the CLI's words).
    const detail = e.detail.replace(/^(editWeightSet|buildWeightSet): /, '');
    const english = e.problem.code.startsWith('input-')
      ? e.path.length > 0
        ? `${formatPath(e.path)}: ${detail}`
        : detail
      : undefined;
    if (text === undefined) throw new ModelError(e.problem, null, null, english);
    const { line, column } = jsonPathPosition(text, e.path);
    throw new ModelError(e.problem, line, column, english);
  }
  throw e;
}

/** Stores a verified set on the survey: its id, name, hash and production address (shown once). */
export async function storeModel(db: Db, survey: Survey, ws: WeightSet) {
  const { id, readToken } = await saveWeightSet(db, survey.id, ws.name, ws);
  return {
    id,
    name: ws.name,
    hash: ws.hash.value,
    url: `/api/weight-sets/${id}?token=${readToken}`
  };
}

/**
 * Makes and stores a set from a file of given weights (CSV or JSON by its name) for the survey's
 * hierarchy. @throws ModelError for the file; StoreError for the name
 */
export async function saveGivenWeights(
  db: Db,
  survey: Survey,
  file: { name: string; bytes: Uint8Array },
  options: { name: string; normalise: boolean }
) {
  const format = /\.json$/i.test(file.name) ? 'json' : /\.csv$/i.test(file.name) ? 'csv' : null;
  if (!format) throw new ModelError(problem('file-csv-or-json'));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new ModelError(problem('file-not-utf8'));
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  let ws: WeightSet;
  try {
    ws = await givenWeightSet(
      survey.definition,
      { name: recordedFileName(file.name, 'weights'), format, text, sha256 },
      { surveyId: survey.id, name: options.name, normalise: options.normalise }
    );
  } catch (e) {
    refusal(e, format === 'json' ? text : undefined);
  }
  return storeModel(db, survey, ws);
}

/** Why a level's points cannot be changed, for the page to say in its language. */
export type LevelPointsProblem =
  | { code: 'v1' }
  | { code: 'no-scale'; leaf: string }
  | { code: 'unknown-level'; leaf: string; level: string }
  | { code: 'zero-level'; leaf: string; level: string }
  | { code: 'same'; leaf: string; level: string; points: number };

/** A level-points change refused before the library is asked (its words are English). */
export class LevelPointsError extends Error {
  constructor(readonly problem: LevelPointsProblem) {
    super(problem.code);
    this.name = 'LevelPointsError';
  }
}

/** What stands in the way of giving `level` of `leaf` the points `to` in `ws`, or null. */
function levelPointsProblem(
  ws: WeightSet,
  leaf: string,
  level: string,
  to: number
): LevelPointsProblem | null {
  if (ws.version !== 2) return { code: 'v1' };
  const scale = ws.leaves.find((l) => l.id === leaf)?.scale;
  if (!scale || scale.kind !== 'categorical') return { code: 'no-scale', leaf };
  const found = scale.levels.find((l) => l.id === level);
  if (!found) return { code: 'unknown-level', leaf, level };
  if (found.zero) return { code: 'zero-level', leaf, level };
  if (found.points === to) return { code: 'same', leaf, level, points: to };
  return null;
}

/**
 * Makes and stores an edited copy of a saved set: one node's local weight moved (siblings
 * rescaled in proportion), or, with `level`, that level of the leaf `node` given `to` points.
 * @throws ModelError for an edit that cannot be made; LevelPointsError for a level that cannot
 *   take the points; StoreError 404 for a set that is not this survey's
 */
export async function saveEditedWeights(
  db: Db,
  survey: Survey,
  edit: { parentId: string; node: string; to: number; name: string; level?: string }
) {
  const parent = await getWeightSetForAdmin(db, survey.id, edit.parentId);
  if (!parent) throw new StoreError('not_found', 'There is no such weight set in this survey.');
  if (edit.level !== undefined) {
    const problem = levelPointsProblem(parent.document, edit.node, edit.level, edit.to);
    if (problem) throw new LevelPointsError(problem);
  }
  let ws: WeightSet;
  try {
    ws = await editWeightSet(
      parent.document,
      [
        edit.level === undefined
          ? { type: 'local-weight', node: edit.node, to: edit.to }
          : { type: 'level-points', node: edit.node, level: edit.level, to: edit.to }
      ],
      { name: edit.name, parentId: parent.id }
    );
  } catch (e) {
    refusal(e);
  }
  return storeModel(db, survey, ws);
}
