/**
 * The edit form's level points: which levels can be given other points (the categorical scales
 * of the survey's leaves; a saved set has the same levels, maybe with other points), and the
 * points as typed.
 */
import type { SurveyNode } from '$lib/survey';

export interface LeafLevels {
  leaf: string;
  label: { en: string; zh: string };
  levels: Array<{ id: string; label: { en: string; zh: string } }>;
}

/** The leaves with a categorical scale, depth-first, with their levels (zero levels left out). */
export function categoricalLevels(root: SurveyNode): LeafLevels[] {
  const out: LeafLevels[] = [];
  const visit = (n: SurveyNode) => {
    if (n.scale?.kind === 'categorical')
      out.push({
        leaf: n.id,
        label: n.label,
        levels: n.scale.levels.filter((l) => !l.zero).map((l) => ({ id: l.id, label: l.label }))
      });
    for (const c of n.children ?? []) visit(c);
  };
  visit(root);
  return out;
}

/**
 * Points as typed: a plain decimal from 0 to 100 (no exponent, sign, NaN or thousands
 * separator), or null.
 */
export function parsePoints(raw: string): number | null {
  const t = raw.trim();
  if (!/^(?:\d{1,3}(?:\.\d{1,12})?|\.\d{1,12})$/.test(t)) return null;
  const x = Number(t);
  return x >= 0 && x <= 100 ? x : null;
}
