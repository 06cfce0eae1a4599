/**
 * The scorecard as one PostgreSQL query (`pairwise sql`): for a bank that scores its loan book
 * where the data lives. It reads a table with an `id` column and one column per leaf holding the
 * recorded fact (text: a level's id or label, or a number; a numeric column works too, read
 * through its text), and gives per row the points, contributions, total, grade, the refused
 * leaves and the three reasons (leaf ids and points lost), as the scorer of ./score.ts does
 * (conformance/SPEC.md), in double precision with the same operations in the same order, so
 * the totals are the same doubles.
 *
 * Limits, stated in docs/production.md: level names are lower-cased with ICU (`und-x-icu`, as
 * ECMAScript's toLowerCase for the scripts a bank writes); a value whose interpolation
 * underflows a double (a denormal such as 5e-324 on a linear scale) raises an error rather than
 * scoring; the reasons' texts are left to the caller (PostgreSQL converts a double to numeric
 * through 15 digits, so it cannot round the exact value as toFixed does).
 */
import { compileScorer, type ScoringSet } from './score';
import { MAX_VALUE_LENGTH } from './score-batch';
import { SCORE_MAX, SCORE_MIN } from './schema';

/** A double as a float8 literal: the shortest decimal that reads back exactly. */
const f8 = (x: number) => `'${Object.is(x, -0) ? '-0' : String(x)}'::float8`;
const str = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

// ECMAScript's white space (String.prototype.trim, \s), as a PostgreSQL regular expression class.
const WS =
  '[\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const trimJs = (e: string) => `regexp_replace(${e}, '^${WS}+|${WS}+$', '', 'g')`;
const keyOf = (e: string) =>
  `lower(regexp_replace(${trimJs(e)}, '${WS}+', ' ', 'g') COLLATE "und-x-icu")`;
const DECIMAL = `'^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$'`;
/** 2^1024 - 2^970: a decimal at least this large rounds to infinity (exactly, as numeric). */
const HUGE = `'${(2n ** 1024n - 2n ** 970n).toString()}'::numeric`;
/** 2^-1075, half the least subnormal double: a decimal no larger rounds to 0 (exactly, as numeric). */
const ZERO_BELOW = `'0.${(5n ** 1075n).toString().padStart(1075, '0')}'::numeric`;
/** 2^-1022 - 2^-1075: a decimal this large or larger rounds to a normal double; between, subnormal. */
const NORMAL_FROM = `'0.${((2n ** 53n - 1n) * 5n ** 1075n).toString().padStart(1075, '0')}'::numeric`;

/**
 * A number in the text r (already trimmed of the characters U+0000-U+0020) as a double, NULL when
 * it is not a decimal number, too large, or so small that it would be subnormal (isSubnormal).
 * Cast only within the guards: float8 and numeric raise errors out of their ranges.
 */
function numberSql(r: string): string {
  const mantissaZero = `regexp_replace(${r}, '[eE].*$', '') !~ '[1-9]'`;
  const exponent = `ltrim(coalesce(substring(${r} from '[eE][+-]?0*([0-9]+)$'), ''), '0')`;
  const sign = `(CASE WHEN ${r} ~ '^-' THEN ${f8(-0)} ELSE ${f8(0)} END)`;
  return `(CASE WHEN ${r} !~ ${DECIMAL} THEN NULL
      WHEN ${mantissaZero} THEN ${sign}
      WHEN length(${exponent}) > 4 THEN CASE WHEN ${r} ~ '[eE]-' THEN ${sign} ELSE NULL END
      WHEN abs(${r}::numeric) >= ${HUGE} THEN NULL
      WHEN abs(${r}::numeric) <= ${ZERO_BELOW} THEN ${sign}
      WHEN abs(${r}::numeric) < ${NORMAL_FROM} THEN NULL
      ELSE ${r}::float8 END)`;
}

/**
 * The query scoring every row of `table` with the weight set (verified first, as everywhere).
 * @param table the table (or view) of recorded facts, optionally schema-qualified (a.b)
 * @param idColumn the column passed through as the row's id
 */
export function scorecardSql(ws: ScoringSet, table = 'facts', idColumn = 'id'): string {
  const scorer = compileScorer(ws);
  const L = scorer.leaves.length;
  const laterals: string[] = [];
  scorer.leaves.forEach((leaf, i) => {
    const s = scorer.scales[i]!;
    const raw = `f.${ident(leaf)}::text`;
    const t = `t${i}.t`;
    laterals.push(`CROSS JOIN LATERAL (SELECT ${trimJs(raw)} AS t) t${i}`);
    const missing = Number.isNaN(s.missing) ? 'NULL' : f8(s.missing);
    // The text rule: no control characters, at most 200 UTF-16 code units once trimmed.
    const badText = `(${t} ~ '[\\u0001-\\u001f\\u007f-\\u009f]' OR char_length(${t}) + char_length(regexp_replace(${t}, '[^\\U00010000-\\U0010ffff]', '', 'g')) > ${MAX_VALUE_LENGTH})`;
    let points: string;
    if (s.kind === 'categorical') {
      const exact = [...s.exact].map(
        ([name, k]) => `WHEN ${raw} = ${str(name)} THEN ${f8(s.levelPoints[k]!)}`
      );
      const keyed = [...s.keyed].map(
        ([key, k]) => `WHEN ${keyOf(raw)} = ${str(key)} THEN ${f8(s.levelPoints[k]!)}`
      );
      points = `CASE WHEN ${raw} IS NULL OR ${t} = '' THEN ${missing} WHEN ${badText} THEN NULL ${exact.join(' ')} ${keyed.join(' ')} ELSE NULL END`;
    } else {
      const x = `n${i}.x`;
      const v = s.values;
      const p = s.points;
      let value: string;
      if (s.kind === 'score')
        value = `CASE WHEN ${x} >= ${f8(SCORE_MIN)} AND ${x} <= ${f8(SCORE_MAX)} THEN ${x} END`;
      else {
        const n = v.length - 1;
        const inner: string[] = [];
        for (let k = n - 1; k >= 0; k--) {
          const at = s.steps
            ? f8(p[k]!)
            : `CASE WHEN ${x} = ${f8(v[k]!)} THEN ${f8(p[k]!)} ELSE ${f8(p[k]!)} + ((${f8(p[k + 1]!)} - ${f8(p[k]!)}) * (${x} - ${f8(v[k]!)})) / (${f8(v[k + 1]!)} - ${f8(v[k]!)}) END`;
          inner.push(`WHEN ${x} >= ${f8(v[k]!)} THEN ${at}`);
        }
        value = `CASE WHEN ${x} IS NULL THEN NULL
          WHEN ${x} < ${f8(v[0]!)} THEN ${s.clamp ? f8(p[0]!) : 'NULL'}
          WHEN ${x} >= ${f8(v[n]!)} THEN ${s.clamp ? f8(p[n]!) : `CASE WHEN ${x} = ${f8(v[n]!)} THEN ${f8(p[n]!)} END`}
          ${inner.join('\n          ')} END`;
      }
      laterals.push(
        `CROSS JOIN LATERAL (SELECT ${numberSql(`regexp_replace(${raw}, '^[\\u0001-\\u0020]+|[\\u0001-\\u0020]+$', '', 'g')`)} AS x) n${i}`
      );
      points = `CASE WHEN ${raw} IS NULL OR ${t} = '' THEN ${missing} WHEN ${badText} THEN NULL ELSE ${value} END`;
    }
    laterals.push(`CROSS JOIN LATERAL (SELECT (${points}) AS p) p${i}`);
  });
  const p = (i: number) => `p${i}.p`;
  const w = (i: number) => f8(scorer.weights[i]!);
  const ids = scorer.leaves;
  const contributions = ids.map((l, i) => `${w(i)} * ${p(i)} AS ${ident(`contribution_${l}`)}`);
  let total = f8(0);
  ids.forEach((_, i) => (total = `(${total} + ${w(i)} * ${p(i)})`));
  const grade = `CASE ${Array.from(scorer.thresholds, (t, k) => `WHEN s.total >= ${f8(t)} THEN ${str(scorer.grades[k]!)}`).join(' ')} ELSE ${str(scorer.grades[scorer.grades.length - 1]!)} END`;
  const lost = ids.map(
    (l, i) =>
      `(${str(l)}, ${i}, ${w(i)} * (${f8(scorer.scales[i]!.best)} - s.${ident(`points_${l}`)}))`
  );
  const refused = `array_remove(ARRAY[${ids.map((l, i) => `CASE WHEN ${p(i)} IS NULL THEN ${str(l)} END`).join(', ')}]::text[], NULL)`;
  const anyRefused = ids.map((_, i) => `${p(i)} IS NULL`).join(' OR ');
  return `-- The scorecard of weight set ${JSON.stringify((ws as { name?: string }).name ?? '')} (${L} leaves), generated by \`pairwise sql\`.
-- Reads ${table}: column ${idColumn} and one column per leaf (${ids.join(', ')}), see docs/production.md.
SELECT s.id, s.status, s.refused_leaves,
  CASE WHEN s.status = 'scored' THEN s.total END AS total,
  CASE WHEN s.status = 'scored' THEN ${grade} END AS grade,
  ${ids.map((l) => `s.${ident(`points_${l}`)}`).join(', ')},
  ${ids.map((l) => `s.${ident(`contribution_${l}`)}`).join(', ')},
  r.reasons[1] AS reason_1, r.lost[1] AS lost_1,
  r.reasons[2] AS reason_2, r.lost[2] AS lost_2,
  r.reasons[3] AS reason_3, r.lost[3] AS lost_3
FROM (
  SELECT f.${ident(idColumn)} AS id,
    CASE WHEN ${anyRefused} THEN 'refused' ELSE 'scored' END AS status,
    ${refused} AS refused_leaves,
    ${total} AS total,
    ${ids.map((l, i) => `${p(i)} AS ${ident(`points_${l}`)}`).join(', ')},
    ${contributions.join(',\n    ')}
  FROM ${table.split('.').map(ident).join('.')} f
  ${laterals.join('\n  ')}
) s
CROSS JOIN LATERAL (
  SELECT array_agg(v.leaf ORDER BY v.lost DESC, v.ord) AS reasons,
         array_agg(v.lost ORDER BY v.lost DESC, v.ord) AS lost
  FROM (VALUES ${lost.join(', ')}) AS v(leaf, ord, lost)
  WHERE s.status = 'scored' AND v.lost > 0
) r
`;
}
