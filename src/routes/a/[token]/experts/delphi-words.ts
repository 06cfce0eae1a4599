/** The Delphi settings form's refusals, in the page's language (the server gives codes only). */
import { m } from '$lib/paraglide/messages';
import { MAX_ROUNDS } from '$lib/survey';
import type { DelphiDetail, DelphiField } from '../rounds.server';

const FIELD: Record<DelphiField, () => string> = {
  minSStar: m.admin_delphi_min_sstar,
  maxWeightShift: m.admin_delphi_max_shift,
  maxRounds: m.admin_delphi_max_rounds,
  combine: m.admin_delphi_combine
};

/** What each field takes, said when a value is outside it. */
const RANGE: Record<DelphiField, () => string> = {
  minSStar: m.admin_delphi_range_sstar,
  maxWeightShift: m.admin_delphi_range_shift,
  maxRounds: () => m.admin_delphi_range_rounds({ max: String(MAX_ROUNDS) }),
  combine: m.admin_delphi_range_combine
};

/** "S* at least, in every group: S* is above 0 and at most 1". */
export function delphiErrorText(error: { field: DelphiField; detail: DelphiDetail }): string {
  return m.admin_delphi_settings_error({
    field: FIELD[error.field](),
    detail: error.detail === 'number' ? m.admin_delphi_not_a_number() : RANGE[error.field]()
  });
}
