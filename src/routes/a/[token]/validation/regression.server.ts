/**
 * Saving the validation report's regression baseline as a weight set. The page computes the
 * report in the browser, but the server does not take its numbers: it gets the loan file's bytes
 * as read, hashes them, and fits the regression again itself (regressionWeightSet, through the
 * scales of the saved set that was validated), so the stored set is what the file gives, whatever
 * a client sends. The refusals say what and where in words the page translates.
 */
import { createHash } from 'node:crypto';
import { AhpInputError } from '$lib/ahp';
import { getWeightSetForAdmin, StoreError, type Db, type Survey } from '$lib/server';
import { problem, type Problem } from '$lib/problem';
import { recordedFileName } from '$lib/survey';
import {
  asUnavailable,
  LoanFileError,
  MAX_LOAN_FILE_BYTES,
  RegressionSetError,
  regressionWeightSet,
  ValidationInputError,
  type UnavailableCode
} from '$lib/validation';
import type { WeightSet } from '$lib/weights';
import { storeModel } from '../models/models.server';
import { fileProblemOf, type FileProblem } from './compute';

/** Why a regression was not saved, by kind, for the page to say in its language. */
export type RegressionRefusal =
  /** The loan file refused (line, column, what). */
  | { kind: 'file'; problem: FileProblem }
  /** No file, too large, not UTF-8 text. */
  | { kind: 'upload'; code: 'missing' | 'too-large' | 'not-text'; size: number }
  /** The fit does not exist on these loans. */
  | { kind: 'fit'; code: UnavailableCode; detail: string }
  /** Coefficients >= 0 on these leaves. */
  | { kind: 'wrong-sign'; leaves: string[]; detail: string }
  /** Anything else the library refused (an outcome column name it cannot use ...). */
  | { kind: 'input'; problem: Problem };

export class RegressionRefused extends Error {
  constructor(readonly refusal: RegressionRefusal) {
    super('refused');
    this.name = 'RegressionRefused';
  }
}

const refuse = (r: RegressionRefusal): never => {
  throw new RegressionRefused(r);
};

/**
 * Fits the regression of the outcome on the leaf scores of `file` (read through the scales of the
 * survey's saved set `baseId`), and stores its weights as a set of kind "regression".
 * @throws RegressionRefused for the file or the fit; StoreError 404 for a set not of this survey
 */
export async function saveRegressionWeights(
  db: Db,
  survey: Survey,
  request: {
    baseId: string;
    file: { name: string; bytes: Uint8Array } | null;
    outcome: string;
    name: string;
    /** The ridge penalty (default 0 = none), as the page's report used it. */
    ridge?: number;
  }
) {
  const { file } = request;
  if (!file || file.bytes.length === 0) return refuse({ kind: 'upload', code: 'missing', size: 0 });
  if (file.bytes.length > MAX_LOAN_FILE_BYTES)
    return refuse({ kind: 'upload', code: 'too-large', size: file.bytes.length });
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    refuse({ kind: 'upload', code: 'not-text', size: file.bytes.length });
  }
  const base = await getWeightSetForAdmin(db, survey.id, request.baseId);
  if (!base) throw new StoreError('not_found', 'There is no such weight set in this survey.');
  let ws: WeightSet;
  try {
    ws = await regressionWeightSet(
      base.document,
      {
        name: recordedFileName(file.name, 'loans.csv'),
        text,
        sha256: createHash('sha256').update(file.bytes).digest('hex')
      },
      {
        name: request.name,
        baseId: base.id,
        outcome: request.outcome || undefined,
        ridge: request.ridge
      }
    );
  } catch (e) {
    if (e instanceof LoanFileError) return refuse({ kind: 'file', problem: fileProblemOf(e) });
    if (e instanceof RegressionSetError && e.code === 'wrong-sign')
      return refuse({ kind: 'wrong-sign', leaves: e.leaves, detail: e.detail });
    let u: ReturnType<typeof asUnavailable> | null = null;
    try {
      u = asUnavailable(e);
    } catch {
      // Not a fit that does not exist: below.
    }
    if (u) return refuse({ kind: 'fit', code: u.code, detail: u.reason });
    if (e instanceof ValidationInputError || e instanceof AhpInputError)
      return refuse({ kind: 'input', problem: e.problem });
    if (e instanceof RegressionSetError)
      return refuse({ kind: 'input', problem: problem('input-other', { message: e.message }) });
    throw e;
  }
  return storeModel(db, survey, ws);
}
