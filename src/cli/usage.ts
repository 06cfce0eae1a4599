// Help texts of the command line.

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
  help [COMMAND]    this message, or the help of a command

FILE is a JSON file; with "-" or no FILE the JSON is read from standard input. The result is
JSON on standard output. "pairwise COMMAND --help" describes a command's input.

Options:
  -h, --help        show help
  --version         show the version

${CONVENTIONS}

${EXIT}
`;

export const COMMAND_USAGE: Readonly<Record<string, string>> = {
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
`
};
