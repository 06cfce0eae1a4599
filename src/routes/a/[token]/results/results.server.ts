/**
 * The results pages' server side: the panel as the weight-set computation reads it, saving a
 * weight set computed here from the stored answers, and imports of earlier studies.
 */
import { AhpInputError } from '$lib/ahp';
import { JsonSyntaxError, jsonPathPosition, parseJson } from '$lib/json';
import { problem, problemEnglish, type Problem } from '$lib/problem';
import {
  createSurveyWithPanel,
  loadPanel,
  panelInputs,
  saveWeightSet,
  type Db,
  type Survey
} from '$lib/server';
import { parseOrThrow, type SurveyDefinition } from '$lib/survey';
import {
  CsvError,
  MAX_EXPERTS,
  computeWeightSet,
  importAhpOsProject,
  importResponsesCsv,
  importResponsesJson,
  weightSetRequestSchema,
  type ExpertResponse,
  type PanelExpert,
  type WeightSet
} from '$lib/weights';

/**
 * The survey's panel: every expert in invitation order with the answers that count (in a
 * Delphi round: their latest answers of that round or before).
 */
export async function panelOf(
  db: Db,
  surveyId: string,
  round: number | null = null
): Promise<PanelExpert[]> {
  return (await loadPanel(db, surveyId, round)).map((e) => ({
    id: e.id,
    name: e.name,
    role: e.role,
    weight: e.weight,
    submitted: e.submitted,
    judgments: e.judgments
  }));
}

/**
 * The latest answers for export: experts who submitted, by alias (E1, E2 ... in panel order, the
 * aliases a weight set of this survey uses), with their role and weight; names stay here.
 */
export async function exportedResponses(db: Db, surveyId: string): Promise<ExpertResponse[]> {
  const panel = await panelOf(db, surveyId);
  return panel.flatMap((e, k) =>
    e.submitted
      ? [
          {
            id: `E${k + 1}`,
            ...(e.role !== '' ? { role: e.role } : {}),
            weight: e.weight,
            judgments: e.judgments
          }
        ]
      : []
  );
}

/**
 * Validates the request, computes the weight set on the server from the stored latest answers
 * (numbers from the browser are never taken: the request carries choices only) and stores it.
 * @throws AhpInputError for a request that is malformed or does not fit the panel (a 400)
 */
export async function saveComputedWeightSet(
  db: Db,
  survey: Survey,
  body: unknown,
  now: Date = new Date()
): Promise<{ id: string; readToken: string; document: WeightSet }> {
  const request = parseOrThrow(weightSetRequestSchema, body);
  // A Delphi survey's sets record their round (the one open now unless the request names one);
  // a survey that never left round 1 records none, so its sets are as before.
  if (request.round !== undefined && request.round > survey.round)
    throw new AhpInputError(
      ['round'],
      `there is no round ${request.round}: the survey is in round ${survey.round}`
    );
  const round = request.round ?? (survey.round > 1 ? survey.round : undefined);
  const panel = await panelOf(db, survey.id, round ?? null);
  const document = await computeWeightSet(survey.definition, panel, request, {
    surveyId: survey.id,
    createdAt: now,
    round
  });
  const { id, readToken } = await saveWeightSet(db, survey.id, request.name, document);
  return { id, readToken, document };
}

/** Largest import accepted: within adapter-node's default request limit (BODY_SIZE_LIMIT, 512 KB). */
export const MAX_IMPORT_BYTES = 500 * 1000;

/**
 * An import refused whole: where (line and column, when the format has them) and why, in
 * English and, where the library gives one, as a code for the page to word.
 */
export class ImportError extends Error {
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
    super(line === null ? detail : `line ${line}, column ${column}: ${detail}`);
    this.name = 'ImportError';
    this.detail = detail;
    this.problem = typeof what === 'string' ? null : what;
  }
}

export type ImportKind = 'responses-csv' | 'responses-json' | 'ahp-os';

/** What a file is: JSON with "pj" is an AHP-OS project, other JSON our responses, else CSV. */
export function importKind(text: string): ImportKind {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{') && !head.startsWith('[')) return 'responses-csv';
  return /"pj"\s*:/.test(text) ? 'ahp-os' : 'responses-json';
}

/**
 * Reads an import in full (nothing is stored here): the hierarchy of an AHP-OS project, else
 * the current survey's, and every expert's judgments.
 * @throws ImportError naming the line and column of the first problem
 */
export function readImport(
  text: string,
  current: SurveyDefinition
): { kind: ImportKind; definition: SurveyDefinition; experts: ExpertResponse[] } {
  const kind = importKind(text);
  try {
    let definition: SurveyDefinition;
    let experts: ExpertResponse[];
    if (kind === 'ahp-os') {
      const project = importAhpOsProject(parseJson(text));
      definition = project.definition;
      experts = project.experts;
    } else {
      experts =
        kind === 'responses-csv'
          ? importResponsesCsv(current, text)
          : importResponsesJson(current, parseJson(text));
      definition = {
        ...current,
        title: {
          en: current.title.en ? `${current.title.en} (imported)`.slice(0, 200) : '',
          zh: current.title.zh ? `${current.title.zh}（导入）`.slice(0, 200) : ''
        }
      };
    }
    if (experts.length === 0) throw new ImportError(problem('import-no-judgments'));
    if (experts.length > MAX_EXPERTS)
      throw new ImportError(
        problem('import-too-many', { count: experts.length, max: MAX_EXPERTS })
      );
    // "No opinion" in the file: the new survey allows it, so its answers fit its own settings.
    const skips = experts.some((e) => Object.values(e.judgments).some((u) => u.includes(null)));
    if (skips)
      definition = { ...definition, settings: { ...definition.settings, allowSkip: true } };
    return { kind, definition, experts };
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof CsvError || e instanceof JsonSyntaxError)
      throw new ImportError(e.problem ?? e.detail, e.line, e.column);
    if (e instanceof AhpInputError) {
      // JSON: the path of the problem, placed in the text.
      const { line, column } = jsonPathPosition(text, e.path);
      throw new ImportError(e.problem, line, column, e.englishAtLine);
    }
    throw e;
  }
}

/**
 * Imports a study as a new survey (closed, its answers stored as imported experts), all or
 * nothing. Returns the new survey's admin token, once.
 * @throws ImportError for a file that is refused (nothing is stored)
 */
export async function importStudy(
  db: Db,
  current: SurveyDefinition,
  text: string
): Promise<{ adminToken: string; survey: Survey; kind: ImportKind; experts: number }> {
  const { kind, definition, experts } = readImport(text, current);
  const { adminToken, survey } = await createSurveyWithPanel(
    db,
    definition,
    panelInputs(definition, experts),
    { imported: true, status: 'closed' }
  );
  return { adminToken, survey, kind, experts: experts.length };
}

/** The id part of a weight set's file name: the name's letters and digits, else "weight-set". */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return stem || 'weight-set';
}

/** A file download: the body with its type and an attachment file name. */
export function download(body: string, type: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex'
    }
  });
}
