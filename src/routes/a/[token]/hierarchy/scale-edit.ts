/**
 * A leaf's rating scale as the hierarchy editor holds it: every field as typed (points and
 * values as text), both kinds' fields kept while the researcher switches between them, so that
 * nothing typed is lost until a save. The same functions run in the browser and in the form
 * actions (the editor works without JavaScript), like ./tree.ts, which calls them.
 */
import * as v from 'valibot';
import {
  LEVEL_ID_PATTERN,
  MAX_LEVEL_LABEL,
  MAX_LEVELS,
  SCALE_POINTS_MAX,
  SCALE_POINTS_MIN,
  isCleanText,
  labelKey,
  type MissingPolicy,
  type RatingScale
} from '$lib/survey';

export interface EditLevel {
  id: string;
  en: string;
  zh: string;
  /** Typed points (fixed scales). */
  points: string;
  /** Not compared, scores 0 (scales the panel compares). */
  zero: boolean;
}

export interface EditBreakpoint {
  value: string;
  points: string;
}

export interface EditScale {
  kind: 'none' | 'categorical' | 'numeric';
  points: 'fixed' | 'panel';
  levels: EditLevel[];
  shape: 'linear' | 'steps';
  outside: 'clamp' | 'refuse';
  unit: { en: string; zh: string };
  breakpoints: EditBreakpoint[];
  missing: MissingPolicy['policy'];
  /** The stated points of missing values, as typed. */
  missingPoints: string;
  note: { en: string; zh: string };
  /**
   * Whether its fields are on the page. A scale not being edited is posted whole as one hidden
   * JSON field: the editor stays light with fifteen scales, and nothing is lost on a save.
   */
  editing: boolean;
}

/** The longest note (the schema's paragraph rule). */
export const MAX_NOTE = 500;

/** A leaf without a scale: its fields empty, ready for either kind, not being edited. */
export function emptyScale(): EditScale {
  return {
    kind: 'none',
    points: 'fixed',
    levels: [],
    shape: 'linear',
    outside: 'clamp',
    unit: { en: '', zh: '' },
    breakpoints: [],
    missing: 'refuse',
    missingPoints: '',
    note: { en: '', zh: '' },
    editing: false
  };
}

/** The editor's form of a stored scale (or of none). */
export function toEditScale(scale: RatingScale | undefined): EditScale {
  const edit = emptyScale();
  if (!scale) return edit;
  edit.kind = scale.kind;
  edit.missing = scale.missing.policy;
  edit.missingPoints = scale.missing.policy === 'points' ? String(scale.missing.points) : '';
  edit.note = { en: scale.note?.en ?? '', zh: scale.note?.zh ?? '' };
  if (scale.kind === 'categorical') {
    edit.points = scale.points;
    edit.levels = scale.levels.map((l) => ({
      id: l.id,
      en: l.label.en,
      zh: l.label.zh,
      points: l.points === undefined ? '' : String(l.points),
      zero: l.zero === true
    }));
  } else {
    edit.shape = scale.shape;
    edit.outside = scale.outside;
    edit.unit = { en: scale.unit?.en ?? '', zh: scale.unit?.zh ?? '' };
    edit.breakpoints = scale.breakpoints.map((b) => ({
      value: String(b.value),
      points: String(b.points)
    }));
  }
  return edit;
}

/**
 * A typed number: a decimal with an optional sign ("-0.5", "60", "1e3" is not one); NaN for
 * anything else (so an empty box is never 0).
 */
export function parseNumber(text: string): number {
  const t = text.trim();
  return /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

/**
 * The stored form of the scale, not yet validated (parseDefinition is the authority): trimmed
 * texts, numbers parsed (NaN where a box holds no number), the fields of the other kind and
 * empty optional texts left out. Undefined for a leaf without a scale.
 */
export function fromEditScale(edit: EditScale): RatingScale | undefined {
  if (edit.kind === 'none') return undefined;
  const missing: MissingPolicy =
    edit.missing === 'points'
      ? { policy: 'points', points: parseNumber(edit.missingPoints) }
      : { policy: edit.missing };
  const note = { en: edit.note.en.trim(), zh: edit.note.zh.trim() };
  const common = { ...(note.en || note.zh ? { note } : {}), missing };
  if (edit.kind === 'categorical') {
    return {
      kind: 'categorical',
      ...common,
      points: edit.points,
      levels: edit.levels.map((l) => ({
        id: l.id.trim(),
        label: { en: l.en.trim(), zh: l.zh.trim() },
        ...(edit.points === 'fixed' ? { points: parseNumber(l.points) } : {}),
        ...(edit.points === 'panel' && l.zero ? { zero: true } : {})
      }))
    };
  }
  const unit = { en: edit.unit.en.trim(), zh: edit.unit.zh.trim() };
  return {
    kind: 'numeric',
    ...common,
    shape: edit.shape,
    ...(unit.en || unit.zh ? { unit } : {}),
    breakpoints: edit.breakpoints.map((b) => ({
      value: parseNumber(b.value),
      points: parseNumber(b.points)
    })),
    outside: edit.outside
  };
}

// ---------------------------------------------------------------------------------------------
// Edits of a scale's rows. Each changes the scale in place and returns whether it did anything.

/** A level id not used in the scale: "level1", "level2" ... */
function newLevelId(edit: EditScale): string {
  const used = new Set(edit.levels.map((l) => l.id.trim()));
  let k = edit.levels.length + 1;
  while (used.has(`level${k}`)) k++;
  return `level${k}`;
}

export function addLevel(edit: EditScale): boolean {
  if (edit.levels.length >= MAX_LEVELS) return false;
  edit.levels.push({ id: newLevelId(edit), en: '', zh: '', points: '', zero: false });
  return true;
}

export function addBreakpoint(edit: EditScale): boolean {
  if (edit.breakpoints.length >= MAX_LEVELS) return false;
  edit.breakpoints.push({ value: '', points: '' });
  return true;
}

/** Moves a level one place up (-1, towards the best) or down (+1). */
export function moveLevel(edit: EditScale, index: number, by: -1 | 1): boolean {
  const j = index + by;
  const a = edit.levels[index];
  const b = edit.levels[j];
  if (!a || !b) return false;
  edit.levels[index] = b;
  edit.levels[j] = a;
  return true;
}

export function removeRow(edit: EditScale, rows: 'levels' | 'breakpoints', index: number): boolean {
  if (index < 0 || index >= edit[rows].length) return false;
  edit[rows].splice(index, 1);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Checks: what is wrong with a scale, each problem with the row it is in (1-based).

export type ScaleIssueCode =
  | 'scale-levels-count'
  | 'scale-level-id'
  | 'scale-level-same'
  | 'scale-level-name'
  | 'scale-level-text'
  | 'scale-points'
  | 'scale-none-compared'
  | 'scale-breakpoints-count'
  | 'scale-breakpoint'
  | 'scale-breakpoints-rising'
  | 'scale-unit'
  | 'scale-missing-points'
  | 'scale-note';

export interface ScaleIssue {
  code: ScaleIssueCode;
  /** The level or breakpoint (1-based), where the problem is in one. */
  row?: number;
}

const isPoints = (x: number) => x >= SCALE_POINTS_MIN && x <= SCALE_POINTS_MAX;

/** A line of text that the one text rule takes, within `max` characters. */
const cleanLine = (text: string, max: number) =>
  text.trim().length <= max && isCleanText(text.trim());

/** Every problem of a scale the researcher can fix, in the order of its fields. */
export function checkScale(edit: EditScale): ScaleIssue[] {
  const issues: ScaleIssue[] = [];
  if (edit.kind === 'none') return issues;
  if (edit.kind === 'categorical') {
    if (edit.levels.length < 2 || edit.levels.length > MAX_LEVELS)
      issues.push({ code: 'scale-levels-count' });
    const names = new Map<string, number>();
    edit.levels.forEach((l, k) => {
      const row = k + 1;
      const id = l.id.trim();
      if (!LEVEL_ID_PATTERN.test(id)) issues.push({ code: 'scale-level-id', row });
      if (l.en.trim() === '' && l.zh.trim() === '') issues.push({ code: 'scale-level-name', row });
      else if (!cleanLine(l.en, MAX_LEVEL_LABEL) || !cleanLine(l.zh, MAX_LEVEL_LABEL))
        issues.push({ code: 'scale-level-text', row });
      // Each id and label names one level only (a recorded value is never ambiguous).
      const keys = new Set([id, l.en.trim(), l.zh.trim()].filter((t) => t !== '').map(labelKey));
      if ([...keys].some((key) => names.has(key) && names.get(key) !== k))
        issues.push({ code: 'scale-level-same', row });
      for (const key of keys) if (!names.has(key)) names.set(key, k);
      if (edit.points === 'fixed' && !isPoints(parseNumber(l.points)))
        issues.push({ code: 'scale-points', row });
    });
    if (edit.points === 'panel' && edit.levels.length > 0 && edit.levels.every((l) => l.zero))
      issues.push({ code: 'scale-none-compared' });
  } else {
    if (edit.breakpoints.length < 2 || edit.breakpoints.length > MAX_LEVELS)
      issues.push({ code: 'scale-breakpoints-count' });
    edit.breakpoints.forEach((b, k) => {
      const value = parseNumber(b.value);
      if (!Number.isFinite(value) || !isPoints(parseNumber(b.points)))
        issues.push({ code: 'scale-breakpoint', row: k + 1 });
      else if (k > 0 && !(value > parseNumber(edit.breakpoints[k - 1]!.value)))
        issues.push({ code: 'scale-breakpoints-rising', row: k + 1 });
    });
    if (!cleanLine(edit.unit.en, MAX_LEVEL_LABEL) || !cleanLine(edit.unit.zh, MAX_LEVEL_LABEL))
      issues.push({ code: 'scale-unit' });
  }
  if (edit.missing === 'points' && !isPoints(parseNumber(edit.missingPoints)))
    issues.push({ code: 'scale-missing-points' });
  const note = [edit.note.en.trim(), edit.note.zh.trim()];
  if (note.some((t) => t.length > MAX_NOTE || !isCleanText(t, true)))
    issues.push({ code: 'scale-note' });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// The form: a leaf's scale fields, named by the node's key; rows repeat their names in order.

export const scaleField = {
  kind: (key: string) => `sk:${key}`,
  points: (key: string) => `sp:${key}`,
  levelId: (key: string) => `lid:${key}`,
  levelEn: (key: string) => `len:${key}`,
  levelZh: (key: string) => `lzh:${key}`,
  levelPoints: (key: string) => `lpt:${key}`,
  /** A checkbox per level whose value is the level's position (0-based). */
  levelZero: (key: string) => `lz:${key}`,
  shape: (key: string) => `ss:${key}`,
  outside: (key: string) => `so:${key}`,
  unitEn: (key: string) => `uen:${key}`,
  unitZh: (key: string) => `uzh:${key}`,
  value: (key: string) => `bv:${key}`,
  breakpointPoints: (key: string) => `bp:${key}`,
  missing: (key: string) => `sm:${key}`,
  missingPoints: (key: string) => `smp:${key}`,
  noteEn: (key: string) => `nen:${key}`,
  noteZh: (key: string) => `nzh:${key}`,
  /** The whole scale as JSON, when its fields are not on the page. */
  json: (key: string) => `sj:${key}`
} as const;

/** The longest JSON of a scale posted whole (20 levels of long names fit easily). */
const MAX_SCALE_JSON = 40_000;

const typed = (max: number) => v.pipe(v.string(), v.maxLength(max));
const line = typed(MAX_LEVEL_LABEL * 2);
/** A scale posted whole: the editor's own form, every text as typed (checked as the fields are). */
const editScaleSchema = v.strictObject({
  kind: v.picklist(['none', 'categorical', 'numeric']),
  points: v.picklist(['fixed', 'panel']),
  levels: v.pipe(
    v.array(
      v.strictObject({ id: typed(64), en: line, zh: line, points: typed(40), zero: v.boolean() })
    ),
    v.maxLength(MAX_LEVELS + 1)
  ),
  shape: v.picklist(['linear', 'steps']),
  outside: v.picklist(['clamp', 'refuse']),
  unit: v.strictObject({ en: line, zh: line }),
  breakpoints: v.pipe(
    v.array(v.strictObject({ value: typed(40), points: typed(40) })),
    v.maxLength(MAX_LEVELS + 1)
  ),
  missing: v.picklist(['refuse', 'worst', 'points']),
  missingPoints: typed(40),
  note: v.strictObject({ en: typed(MAX_NOTE * 2), zh: typed(MAX_NOTE * 2) }),
  editing: v.boolean()
});

/** A scale posted whole, or null when it is not one (tampered, or another page's). */
function decodeScaleJson(text: unknown): EditScale | null {
  if (typeof text !== 'string' || text.length > MAX_SCALE_JSON) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const checked = v.safeParse(editScaleSchema, parsed);
  return checked.success ? { ...checked.output, editing: false } : null;
}

function pick<T extends string>(value: unknown, choices: readonly T[], fallback: T): T | null {
  if (value === null) return fallback;
  return choices.find((c) => c === value) ?? null;
}

/**
 * A leaf's scale from the posted fields; an empty scale when the form has no scale fields for
 * it; null for fields no page of this version posts (tampered: the form is refused whole).
 */
export function decodeScale(form: FormData, key: string): EditScale | null {
  const json = form.get(scaleField.json(key));
  if (json !== null) return decodeScaleJson(json);
  const one = (name: string, max: number): string | null => {
    const v = form.get(name);
    if (v === null) return '';
    return typeof v === 'string' && v.length <= max ? v : null;
  };
  const all = (name: string, max: number): string[] | null => {
    const values = form.getAll(name);
    if (values.length > MAX_LEVELS + 1) return null;
    return values.every((v) => typeof v === 'string' && v.length <= max)
      ? (values as string[])
      : null;
  };
  const f = scaleField;
  const kind = pick(form.get(f.kind(key)), ['none', 'categorical', 'numeric'] as const, 'none');
  const points = pick(form.get(f.points(key)), ['fixed', 'panel'] as const, 'fixed');
  const shape = pick(form.get(f.shape(key)), ['linear', 'steps'] as const, 'linear');
  const outside = pick(form.get(f.outside(key)), ['clamp', 'refuse'] as const, 'clamp');
  const missing = pick(form.get(f.missing(key)), ['refuse', 'worst', 'points'] as const, 'refuse');
  const line = MAX_LEVEL_LABEL * 2;
  const ids = all(f.levelId(key), 64);
  const ens = all(f.levelEn(key), line);
  const zhs = all(f.levelZh(key), line);
  const pts = all(f.levelPoints(key), 40);
  const zeros = all(f.levelZero(key), 3);
  const values = all(f.value(key), 40);
  const bpts = all(f.breakpointPoints(key), 40);
  const texts = [
    one(f.unitEn(key), line),
    one(f.unitZh(key), line),
    one(f.missingPoints(key), 40),
    one(f.noteEn(key), MAX_NOTE * 2),
    one(f.noteZh(key), MAX_NOTE * 2)
  ];
  if (!kind || !points || !shape || !outside || !missing) return null;
  if (!ids || !ens || !zhs || !pts || !zeros || !values || !bpts) return null;
  if (texts.some((t) => t === null)) return null;
  const [unitEn, unitZh, missingPoints, noteEn, noteZh] = texts as string[];
  // Rows as posted line up field by field; a page of this version posts them all.
  if (ens.length !== ids.length || zhs.length !== ids.length) return null;
  if (pts.length !== 0 && pts.length !== ids.length) return null;
  if (bpts.length !== values.length) return null;
  const zero = new Set(zeros.map(Number));
  return {
    kind,
    points,
    levels: ids.map((id, k) => ({
      id,
      en: ens[k]!,
      zh: zhs[k]!,
      points: pts[k] ?? '',
      zero: zero.has(k)
    })),
    shape,
    outside,
    unit: { en: unitEn!, zh: unitZh! },
    breakpoints: values.map((value, k) => ({ value, points: bpts[k]! })),
    missing,
    missingPoints: missingPoints!,
    note: { en: noteEn!, zh: noteZh! },
    // Its fields were on the page: it stays open.
    editing: form.get(f.kind(key)) !== null
  };
}
