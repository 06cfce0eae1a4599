// Help texts of the command line, and the answer to a request for help or the version.
// Plain JavaScript (JSDoc types, checked by svelte-check) so that bin/pairwise.js can answer
// `--help`, `help COMMAND`, `COMMAND --help` and `--version` without loading tsx and the engine:
// those take about 0.1 s instead of the 0.5-1 s a command needs to start.
import { readFileSync } from 'node:fs';

const CONVENTIONS = `Conventions:
  a_ij says how much more important element i (the row) is than element j (the column);
  a_ji = 1/a_ij. An upper triangle lists (0,1), (0,2) ... (0,n-1), (1,2) ... (n-2,n-1).
  A judgment is a number or a fraction string ("1/3"); null marks a missing one. Indices in
  the output are 0-based.`;

const METHOD_OPTIONS = `  "method"        "eigenvector" (default) | "geometric-mean"
  "randomIndex"   "saaty-1980" (default) | "saaty-2005" | "alonso-lamata" | "donegan-dodd"
  "scale"         "saaty" (default: 1/9 ... 9 only) | "ratio" (any positive ratio)
  "threshold"     CR must be below it: a number in (0,1) (default 0.1) | "saaty-by-size"
  "completion"    missing judgments: "harker" (default) | "lambda-optimal"`;

const EXIT = `Exit status: 0 result written (an inconsistent matrix is a result, not an error);
2 bad input or usage (one line on standard error); 1 internal error.`;

export const MAIN_USAGE = `Usage: pairwise <command> [FILE] [options]

Weights from pairwise comparisons (the Analytic Hierarchy Process).

Commands:
  weigh FILE        weights and consistency of one comparison matrix
  group FILE        one matrix judged by several experts: group weights, consensus
  hierarchy FILE    a hierarchy of criteria judged by one or more experts: local and
                    global weights, consistency, consensus; bootstrap intervals and
                    sensitivity on request
  ratings FILE      points of a rating scale's levels from the experts' comparisons of them
                    (idealised priorities x 100, zero levels 0), with CR and consensus
  score --weights SET.json APPLICANTS.csv
                    grade loan applicants with a weight set (CSV or JSON out)
  sql --weights SET.json [--table facts] [--id id]
                    the weight set's scorecard as one PostgreSQL query over a table of facts
  validate --weights SET.json LOANS.csv
                    check a weight set against past loans with known outcomes: AUC,
                    calibration by grade, a cut-off, a regression baseline
  validate --compare A.json B.json ... --loans LOANS.csv
                    several weight sets side by side on one loan file
  monitor --weights SET.json --then THEN.csv NOW.csv
                    early warning between two snapshots of the loan book: the warning
                    list, grade migration, stability (PSI), default rates against the
                    baseline's, rank order
  weight-set FILE [--given WEIGHTS.csv|json] | --edit SET.json --move ... --points ...
             | --regression LOANS.csv --base SET.json
                    make a verified weight set (JSON) from a hierarchy and its experts,
                    from given weights, by editing a saved set, or from a regression
  help [COMMAND]    this message, or the help of a command

FILE is a JSON file; with "-" or no FILE the JSON is read from standard input. The result is
JSON on standard output (score: CSV by default; score and validate read CSV). "pairwise COMMAND --help" describes a
command's input.

Options:
  -h, --help        show help
  --version         show the version

${CONVENTIONS}

${EXIT}
`;

/** @type {Readonly<Record<string, string>>} */
export const COMMAND_USAGE = {
  weigh: `Usage: pairwise weigh [FILE]

Weights, consistency and the judgments most worth reconsidering of one comparison matrix.

Input (JSON object):
  "upper"         the upper triangle, row by row: [a01, a02, ..., a(n-2)(n-1)]
  "matrix"        or all n rows: [[1, a01, ...], [1/a01, 1, ...], ...]
  "labels"        optional: the n element names
${METHOD_OPTIONS}
  "top"           how many judgments to reconsider are listed (default 3)

Example: {"upper": [3, 5, "1/2"], "labels": ["cost", "risk", "time"]}

Output: n, method, weights (and weightsByLabel), lambdaMax, ci, randomIndex, cr, threshold,
consistent, gci, inconsistencies (i, j, given, consistent, suggested, crIfTaken ...),
completed (filled-in judgments, when some were missing), completion, options.

${CONVENTIONS}

${EXIT}
`,
  group: `Usage: pairwise group [FILE]

One comparison matrix judged by several experts: the group's weights, the consistency of the
group matrix, each expert's weights and CR, and the consensus S* (Goepel 2018).

Input (JSON object):
  "experts"       [{"id": "E1", "upper": [...] or "matrix": [[...]], "weight": 1}, ...]
  "aggregation"   "aij" (default: geometric mean of the judgments) | "aip-geometric" |
                  "aip-arithmetic" (mean of the experts' priorities)
  "excludeInconsistent"  true to leave out experts whose CR is not below the threshold
  "labels"        optional: the n element names
${METHOD_OPTIONS}

Output: the fields of "pairwise weigh" for the group (consistency always of the AIJ group
matrix of the included experts: consistencyOf "aij-group-matrix"), aggregation, consensus,
individual (id, weight, weights, cr, consistent, included, reason), options.

${CONVENTIONS}

${EXIT}
`,
  hierarchy: `Usage: pairwise hierarchy [FILE] [--bootstrap B [--seed S] [--level L]] [--sensitivity NODE]

A hierarchy of criteria judged by one or more experts: local and global weights, consistency
of every node and of the whole hierarchy, consensus, and each expert's results.

Input (JSON object):
  "hierarchy"     {"id": "goal", "label": "...", "children": [{"id": "c1", "children": [...]},
                  ...]}; a node may carry preset "weights" for its children instead
  "experts"       [{"id": "E1", "weight": 1, "judgments": {"goal": [upper...],
                  "c1": {"matrix": [[...]]}}}, ...], keyed by the node whose children
                  are compared; an expert may answer part of the hierarchy
  "aggregation"   "aij" (default) | "aip-geometric" | "aip-arithmetic"
  "excludeInconsistent"  true to leave out, node by node, matrices not below the threshold
${METHOD_OPTIONS}
  "bootstrap", "seed", "level", "sensitivity"  as the options below

Options (they win over the file's):
  --bootstrap B       B resamples of the experts (whole number >= 1): percentile intervals
                      of the global weights and the stability of the leaves' ranks
  --seed S            seed of the resampling (integer, default 1)
  --level L           coverage of the intervals, in (0,1) (default 0.95)
  --sensitivity NODE  one-way sensitivity of the leaves' ranking to NODE's local weight

${CONVENTIONS}

${EXIT}
`,
  ratings: `Usage: pairwise ratings [FILE]

The ratings model (absolute measurement, Saaty): the experts compare the levels of one
indicator's rating scale pair by pair, as any group; the group's priorities w are idealised,
points_i = 100 x w_i / max_j w_j, so the best level is worth 100. A zero level ("a default on
record") is not compared and scores 0.

Input (JSON object):
  "levels"        the scale's levels, best first: [{"id": "clean"}, {"id": "once"},
                  {"id": "default", "zero": true}]
  "experts"       [{"id": "E1", "upper": [...] or "matrix": [[...]], "weight": 1}, ...], the
                  judgments over the compared levels (the zero levels left out), in order
  "aggregation"   "aij" (default) | "aip-geometric" | "aip-arithmetic"
  "excludeInconsistent"  true to leave out experts whose CR is not below the threshold
${METHOD_OPTIONS}

Example: {"levels": [{"id": "clean"}, {"id": "once"}, {"id": "default", "zero": true}],
          "experts": [{"id": "E1", "upper": [4]}, {"id": "E2", "upper": [6]}]}

Output: levels [{id, zero, priority, points}], compared, consistency (of the group matrix),
inconsistencies (with iLevel, jLevel), consensus, included, excluded, experts, options.

${CONVENTIONS}

${EXIT}
`,
  score: `Usage: pairwise score --weights SET.json [APPLICANTS.csv] [--strict] [--format csv|json]
                      [--output FILE]

Grades loan applicants with a weight set (format "pairwise.weight-set", version 1 or 2). The
weight set is verified first (schema, SHA-256 hash, leaf weights summing to 1, grading bands,
rating scales); one that fails is refused.

Input: CSV (RFC 4180, UTF-8, comma-separated, a header row). One column per leaf id of the
weight set; any other columns (an applicant id is best named "id") are passed through to the
output. With "-" or no APPLICANTS.csv the CSV is read from standard input. A leaf's cell holds:
  - without a rating scale (every leaf of a version 1 set): the score, a number from 0 to 100;
  - with a categorical scale (version 2): a level id or label in English or Chinese (case and
    extra spaces do not matter); it scores the level's points;
  - with a numeric scale: the recorded number; the scale's breakpoints turn it into points
    (linear between them, or in steps), clamping or refusing values outside them;
  - empty: the scale's missing-value policy (refuse, the worst level, or stated points).

For each applicant: contribution_i = w_i x points_i (w_i the leaf's global weight); total = the
sum of the contributions in the weight set's leaf order; grade = the first band, from the
highest, whose minimum score the total reaches (within 1e-9). With scales, the reasons are the
three indicators that cost the most points against the best possible, w_i x (best_i - points_i).

Output: CSV with the pass-through columns (id first), total, grade and one contribution_LEAF
column per leaf; with scales also points_LEAF per leaf, reason_1 ... reason_3 (leaf ids) and
reasons_en, reasons_zh; or with --format json: {weightSet, scored, skipped, applicants: [{row,
id, total, grade, contributions (points, reasons)}]}. Numbers are written in full, never
rounded (the reason texts show two decimals).

Options:
  --weights SET.json  the weight set (required)
  --strict            stop at the first bad row (exit 2) instead of skipping it
  --format csv|json   output format (default csv)
  --output FILE       write the output to FILE instead of standard output

A bad row has a missing, empty, non-numeric or out-of-range value, an unknown level (the
message names the nearest: "did you mean ..."), or the wrong number of fields; it is named by row (the first applicant is row 1), line and column. Without --strict
bad rows are skipped and a one-line summary goes to standard error: "scored N applicants,
skipped M rows: row 5 (line 6) column C3: 'abc' is not a number; ...".

Exit status: 0 scores written (also when rows were skipped); 2 the weight set was refused,
the CSV is malformed or its header unusable, a bad row with --strict, or bad usage (one line
on standard error); 1 internal error.
`,
  sql: `Usage: pairwise sql --weights SET.json [--table facts] [--id id]

Prints one PostgreSQL query that scores every row of the table of recorded facts the way
"pairwise score" does (the weight set is verified first). The table (a view will do) has the
column --id (default id) and one column per leaf of the weight set, named by the leaf's id,
holding what the loan officer recorded: a level's id or label (either language, any case and
spacing) or a number, as text (a numeric column works too). Per row the query gives id,
status ('scored' or 'refused'), refused_leaves, total, grade, points_LEAF, contribution_LEAF,
and reason_1..3 with lost_1..3 (leaf ids and points lost, largest first). Totals are the same
doubles as the scorer's (docs/production.md). Needs PostgreSQL 12 or later with ICU.

Exit status: 0 query written; 2 the weight set was refused, or bad usage.`,
  validate: `Usage: pairwise validate --weights SET.json [LOANS.csv] [--outcome COLUMN]
                         [--cutoff SCORE|GRADE] [--seed S] [--resamples B] [--folds K]
                         [--ridge R] [--compare SET2.json] [--format json|text]
       pairwise validate --compare A.json B.json [C.json ...] --loans LOANS.csv
                         [--outcome COLUMN] [--seed S] [--resamples B] [--format json|text]

Checks a weight set against past loans whose outcome is known: does it separate the
households that repaid from those that did not? The weight set (and the --compare one) is
verified first, as by "pairwise score"; one that fails is refused.

Input: CSV (RFC 4180, UTF-8, a header row), one row per loan: one column per leaf id of the
weight set (an indicator score from 0 to 100, higher = lower risk), the outcome column
("default" unless --outcome names another: 1 = defaulted or non-performing, 0 = repaid), and
optionally "id"; other columns are ignored. With "-" or no LOANS.csv the CSV is read from
standard input. The file is read whole or refused whole: the first problem (no outcome
column, a leaf column missing, a duplicate column name, an empty, non-numeric or out-of-range
score, an outcome other than 0/1, a row with the wrong number of fields, no loans) is named by
line and column and nothing is computed.

Each loan is scored as "pairwise score" scores an applicant. The report (JSON):
  discrimination  AUC with a stratified bootstrap percentile interval, Gini, KS, the ROC curve
                  (at most 200 points)
  calibration     loans, defaults and default rate per grade, best grade first, and whether
                  the rate rises monotonically
  cutoff          accuracy, precision, recall, specificity and the confusion matrix when
                  loans below the cut-off are refused
  baseline        a logistic regression of the outcome on the leaf scores: K-fold
                  cross-validated AUC, coefficients, and their weights beside the experts'
                  with the correlation; leaves with a positive coefficient are clipped to 0
  method          seed, resamples, folds and the definitions in words
  warnings        what to read with care (few defaults, clipped leaves, ...)
  comparison      with --compare: both AUCs and AUC(SET) - AUC(SET2) with a paired bootstrap
                  interval; "better" is a, b or "no clear difference" (the interval holds 0)
A measure the loans cannot support (the AUC with fewer than 5 defaults, a regression on
perfectly separated loans ...) is {"defined": false, "code", "reason"}; the rest is computed.

Options:
  --weights SET.json    the weight set (required)
  --outcome COLUMN      the outcome column (default "default")
  --cutoff SCORE|GRADE  a score 0-100 (refuse loans scoring below it) or a grade of the weight
                        set (refuse loans in worse grades); default grade B (the Fujian rule:
                        B and above may get credit), or score 50 without a grade B
  --seed S              seed of the bootstrap and the folds (integer, default 1)
  --resamples B         bootstrap resamples (default 1000)
  --folds K             cross-validation folds (default 5)
  --ridge R             ridge penalty of the regression baseline, (R/2) sum of the squared
                        standardised coefficients: a number >= 0 (default 0, the plain fit;
                        the rule of weight-set --ridge and the validation page). Where the
                        plain fit does not exist (separation, collinear leaves, no
                        convergence) the report says so and suggests --ridge 1
  --compare SET2.json   a second weight set to compare on the same loans
  --format json|text    the JSON report (default) or a short summary for a terminal

Models side by side: with --loans, --compare takes every file up to the next option (2 to 10
weight sets of one hierarchy; --weights, if given, is the first) and LOANS.csv ("-": standard
input) is the one loan file. The answer ("pairwise.model-comparison"): per set ("sets", each
with its "file") the AUC with its stratified bootstrap interval, Gini, KS and calibration by
grade; "weights": each leaf's global weight in every set; "pairs": for every pair, AUC(a) -
AUC(b) with a paired stratified bootstrap percentile interval (the same resamples for every
pair, seeded) and "better"; "method": seed, resamples, level and the definitions. Sets with
other leaves, or a leaf under other parents, are refused naming the file and the leaves;
--cutoff, --folds and --ridge belong to the single-set report and are refused here.

Exit status: 0 report written (also when some measures are undefined); 2 a weight set was
refused, the loans file is malformed, or bad usage (one line on standard error); 1 internal
error.
`,
  monitor: `Usage: pairwise monitor --weights SET.json --then THEN.csv [NOW.csv] [--baseline BASE.csv]
                        [--warning-grade GRADE] [--drop N]

Early warning between two snapshots of a loan book scored with one weight set (verified first,
as by "pairwise score"). Which households to call, and whether the model still fits.

Input: two CSV snapshots (THEN.csv, and NOW.csv or standard input), each one row per loan:
"id" (unique), one column per leaf of the weight set (the recorded fact through the leaf's
rating scale, or a score 0-100, as "pairwise score" reads them), and optionally
"days_past_due" (whole days) and "defaulted" (1 or 0; "default" is read the same; empty = not
known). A file with any problem is refused whole: every problem is listed (the first 20) with
its line and column.

The report (JSON):
  warning      loans now in GRADE or worse (default CCC), or down N grades or more (default 2),
               heaviest drop first: grade then and now, days past due, and each indicator
               whose points changed (points then and now, the change of the total, in
               English and Chinese)
  migration    loans by grade then (rows) and now (columns): counts, row shares, loans added
               and removed
  stability    PSI of the grades and of each indicator's points against the baseline
               (BASE.csv, else THEN.csv): < 0.10 stable, 0.10-0.25 watch, > 0.25 shifted; an
               empty bin on one side counts as a share of 0.0001 and is listed
  defaults     per grade now: loans with a known outcome, defaults, rate with its Wilson 95%
               interval, the baseline's rate, P(X >= defaults) under Binomial(loans, that
               rate), and the traffic light (yellow p < 0.05, red p < 0.001: flagged)
  rankOrder    AUC of the total against known outcomes with a bootstrap interval (at least 20
               defaulted and 20 not), and the baseline's AUC
  series       per snapshot: grade PSI, indicator PSI, share in warning grades, default rate,
               AUC
  method       all of the above in words

Options:
  --weights SET.json    the weight set (required)
  --then THEN.csv       the earlier snapshot (required)
  --baseline BASE.csv   the baseline of stability and default rates (default THEN.csv), such
                        as the loan file the weight set was validated on
  --warning-grade GRADE the best grade that is a warning (default CCC)
  --drop N              grades down that put a loan on the list (default 2)

Exit status: 0 report written; 2 a weight set or snapshot was refused, or bad usage (one line on
standard error); 1 internal error.
`,
  'weight-set': `Usage: pairwise weight-set FILE [--given WEIGHTS.csv|WEIGHTS.json [--normalise]]
                           [--name NAME] [--survey-id ID] [--created-at TIME]
       pairwise weight-set --edit SET.json [--move NODE=W,...] [--points LEAF:LEVEL=P,...]
                           [--parent-id ID] [--name NAME] [--created-at TIME]
       pairwise weight-set --regression LOANS.csv --base SET.json [--base-id ID]
                           [--outcome COLUMN] [--ridge R] [--name NAME] [--created-at TIME]

Makes a weight set, verified as "pairwise score" verifies one, and writes it (JSON) to standard
output.

FILE is a "pairwise hierarchy" input (hierarchy, experts, method options; labels become the
English labels) or a survey file (title, hierarchy with labels in both languages and rating
scales, settings). Without --given the experts' judgments give the weights (no provenance: a
panel set). With --given the weights come from the file, for every node below the goal
("local": the weight within its parent) or for every leaf ("global"); FILE then needs no
experts, and the set records provenance kind "given" with the file's name and SHA-256:
  CSV   a header naming id and local or global, one row per node (label_en, label_zh, parent,
        lower, upper may be there too, as in a saved set's weights CSV; parent is checked)
  JSON  {"format": "pairwise.given-weights", "version": 1, "local": {"B1": 0.1, ...}}
        or "global" instead of "local"
Each group of siblings (local), or all the leaves (global), must sum to 1 within 1e-9;
--normalise divides a group that does not by its sum and records it in the set.

--edit SET.json makes a new set from a saved one (never changed): --move B2=0.5 sets a node's
local weight and rescales its siblings in proportion; --points C3:fair=50 gives a level of a
leaf's categorical scale other points. Several, separated by commas, apply in order (moves
first). The set records provenance kind "edited" with the parent's hash and --parent-id (the
saved set's id in the app), and the changes.

--regression LOANS.csv fits the logistic regression of the outcome column (--outcome, default
"default": 1 = defaulted, 0 = repaid) on the leaf scores of a loan file, read through the
rating scales of --base SET.json, as "pairwise validate" reads it, and weighs each leaf by its
share of the negated coefficients, -beta_j / sum_k -beta_k (the set then ranks the loans as
the regression does). A leaf whose coefficient is 0 or above, or a fit that does not exist
(separation, a constant leaf, too few loans), is refused with the reason. The set keeps the
base's indicators, scales and grades (not its weights) and records provenance kind
"regression" with the file's SHA-256, the fit (method, options, coefficients) and the base's
hash and --base-id. --ridge R: a ridge penalty on the standardised coefficients (default 0).

Options:
  --name NAME         the set's name (default: "Given weights (FILE)", "Panel (FILE)", or the
                      parent's name with ", edited")
  --survey-id ID      the survey id recorded in the set (default "pairwise-cli")
  --created-at TIME   the time recorded (UTC, 2025-05-01T08:30:00.000Z; default now), for
                      reproducible files

Exit status: 0 set written; 2 bad input (file, line and column, or JSON path, on one line of
standard error) or bad usage; 1 internal error.
`
};

/** The commands, in the order the usage lists them. */
export const COMMAND_NAMES = Object.freeze(Object.keys(COMMAND_USAGE));

/** The version in package.json. */
export function version() {
  const pkg = /** @type {{ version?: unknown }} */ (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  );
  return String(pkg.version);
}

/**
 * What to print when the arguments only ask for help or the version, or null when they ask for
 * anything else (including `help` with an unknown topic, which is a usage error for main()).
 * `COMMAND ... --help` is help wherever --help stands before `--`, even after a bad option.
 * @param {readonly string[]} argv the arguments after the script
 * @returns {string | null}
 */
export function helpRequest(argv) {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') return MAIN_USAGE;
  if (first === '--version') return `${version()}\n`;
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return MAIN_USAGE;
    return Object.hasOwn(COMMAND_USAGE, topic) ? (COMMAND_USAGE[topic] ?? null) : null;
  }
  if (first === undefined || !Object.hasOwn(COMMAND_USAGE, first)) return null;
  const dashDash = rest.indexOf('--');
  const flags = dashDash === -1 ? rest : rest.slice(0, dashDash);
  return flags.includes('--help') || flags.includes('-h') ? (COMMAND_USAGE[first] ?? null) : null;
}
