#!/usr/bin/env bash
# The single test command (`npm test`). Works on a fresh machine, as root, without a terminal:
#   1. installs npm dependencies when node_modules is missing or older than package-lock.json;
#   2. installs Debian's Chromium when /usr/bin/chromium is missing (Playwright never downloads one),
#      Debian's PostgreSQL when /usr/lib/postgresql/*/bin/initdb is (for the storage tests), and
#      Debian's fonts-noto-cjk when no font covers Chinese (`fc-list :lang=zh` is empty), and
#      Debian's python3 when it is missing (the conformance tests run the Python scorer);
#   3. runs prettier, svelte-check, vitest and playwright, each even if an earlier stage failed;
#   4. ends with one line `N passed, N failed[, N skipped]`, the line CI reads.
# Tests are counted from the vitest and playwright JSON reports. A stage that fails without a
# failing test (formatting, type errors, a test file that does not load, a server that does not
# start) counts as one failure, so the last line never reads "0 failed" when something broke.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CI="${CI:-true}"

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH="$CHROMIUM"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/pairwise-test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
VITEST_JSON="$TMP/vitest.json"
PLAYWRIGHT_JSON="$TMP/playwright.json"

section() { printf '\n== %s ==\n' "$1"; }
die() {
  printf '\ntest.sh: %s\n' "$1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

command -v node >/dev/null && command -v npm >/dev/null ||
  die "Node.js 20.19+ and npm are required (Debian: apt-get install -y nodejs npm)."

# 1. Dependencies. npm writes node_modules/.package-lock.json on every install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # `npm install`, not `npm ci`: Paraglide's compiler depends on @lix-js/sdk, which declares
  # platform binaries (darwin/win32/arm64) that this registry does not serve, so the lockfile
  # cannot list them and `npm ci` refuses it. `npm install` installs the locked versions and
  # skips the unavailable optional binaries (it does not change package-lock.json).
  section "npm install"
  npm install --no-audit --no-fund </dev/null || die "npm install failed."
fi

# 2. Browser for the end-to-end tests.
if [[ ! -x "$CHROMIUM" ]]; then
  section "install chromium"
  how="Install it with: sudo apt-get update && sudo apt-get install -y chromium
(or set CHROMIUM_PATH to a Chromium or Chrome binary)."
  if [[ "$(id -u)" -ne 0 ]]; then
    die "Chromium is missing at $CHROMIUM and this is not root. $how"
  fi
  command -v apt-get >/dev/null || die "Chromium is missing at $CHROMIUM and apt-get is unavailable. $how"
  echo "Chromium is missing at $CHROMIUM: installing it from Debian (apt-get install -y chromium)..."
  start=$SECONDS
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } </dev/null >"$TMP/apt.log" 2>&1; then
    tail -n 20 "$TMP/apt.log" >&2
    die "apt-get could not install chromium. $how"
  fi
  echo "-- installed $("$CHROMIUM" --version 2>/dev/null) ($((SECONDS - start))s)"
  [[ -x "$CHROMIUM" ]] || die "apt-get ran but $CHROMIUM is still missing. $how"
fi

# 2b. PostgreSQL for the storage tests: tests/support/postgres.ts starts a throwaway server
#     from /usr/lib/postgresql/*/bin (unless PAIRWISE_TEST_DATABASE_URL names one).
if [[ -z "${PAIRWISE_TEST_DATABASE_URL:-}" ]] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  section "install postgresql"
  how="Install it with: sudo apt-get update && sudo apt-get install -y postgresql
(or set PAIRWISE_TEST_DATABASE_URL to a PostgreSQL database whose role may create databases)."
  if [[ "$(id -u)" -ne 0 ]]; then
    die "PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb) and this is not root. $how"
  fi
  command -v apt-get >/dev/null || die "PostgreSQL is missing and apt-get is unavailable. $how"
  echo "PostgreSQL is missing: installing it from Debian (apt-get install -y postgresql)..."
  start=$SECONDS
  # The package lists may be fresh already (the Chromium step): update only if installing fails.
  apt_pg() { DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
  if ! { apt_pg install -y -qq postgresql ||
    { apt_pg update -qq && apt_pg install -y -qq postgresql; }; } </dev/null >"$TMP/apt-postgresql.log" 2>&1; then
    tail -n 20 "$TMP/apt-postgresql.log" >&2
    die "apt-get could not install postgresql. $how"
  fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ||
    die "apt-get ran but /usr/lib/postgresql/*/bin/initdb is still missing. $how"
  echo "-- installed PostgreSQL $(ls /usr/lib/postgresql | tr '\n' ' ')($((SECONDS - start))s)"
fi

# 2c. Chinese fonts: a phone renders Chinese, so the browser tests (and the screenshots they
#     take) must too. A fresh Debian has only DejaVu and Liberation, and Chromium draws Chinese
#     as boxes of other widths than real glyphs.
if ! command -v fc-list >/dev/null || [[ -z "$(fc-list :lang=zh)" ]]; then
  section "install fonts-noto-cjk"
  how="Install them with: sudo apt-get update && sudo apt-get install -y fonts-noto-cjk"
  if [[ "$(id -u)" -ne 0 ]]; then
    die "No font covers Chinese (fc-list :lang=zh is empty) and this is not root. $how"
  fi
  command -v apt-get >/dev/null || die "No font covers Chinese and apt-get is unavailable. $how"
  echo "No font covers Chinese: installing Debian's fonts-noto-cjk (apt-get install -y fonts-noto-cjk)..."
  start=$SECONDS
  apt_fonts() { DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
  if ! { apt_fonts install -y -qq fonts-noto-cjk ||
    { apt_fonts update -qq && apt_fonts install -y -qq fonts-noto-cjk; }; } </dev/null >"$TMP/apt-fonts.log" 2>&1; then
    tail -n 20 "$TMP/apt-fonts.log" >&2
    die "apt-get could not install fonts-noto-cjk. $how"
  fi
  [[ -n "$(fc-list :lang=zh 2>/dev/null)" ]] || die "apt-get ran but fc-list :lang=zh is still empty. $how"
  echo "-- installed $(fc-list :lang=zh family | sort -u | head -n 3 | tr '\n' ';') ($((SECONDS - start))s)"
fi

# 2d. Python 3 for the conformance tests: the standard-library scorer of
#     conformance/python/pairwise_score.py must pass every vector (no pip packages needed).
if ! command -v python3 >/dev/null; then
  section "install python3"
  how="Install it with: sudo apt-get update && sudo apt-get install -y python3"
  if [[ "$(id -u)" -ne 0 ]]; then
    die "python3 is missing and this is not root. $how"
  fi
  command -v apt-get >/dev/null || die "python3 is missing and apt-get is unavailable. $how"
  echo "python3 is missing: installing it from Debian (apt-get install -y python3)..."
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3; } </dev/null >"$TMP/apt-python.log" 2>&1; then
    tail -n 20 "$TMP/apt-python.log" >&2
    die "apt-get could not install python3. $how"
  fi
fi

# 3. Stages. Each records its exit status; a failure does not stop the next stage.
declare -A STATUS=()
STAGES=()
run_stage() {
  local name="$1"
  shift
  section "$name"
  local start=$SECONDS rc=0
  "$@" </dev/null || rc=$?
  STATUS[$name]=$rc
  STAGES+=("$name")
  printf -- '-- %s: %s (%ss)\n' "$name" "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED, exit $rc")" \
    "$((SECONDS - start))"
}

run_stage prettier node_modules/.bin/prettier --check --log-level warn .
run_stage svelte-check npm run --silent check

# Vitest fails on "No test files found"; allow that only while there are really none.
VITEST_ARGS=(run --reporter=default --reporter=json --outputFile="$VITEST_JSON")
if [[ -z "$(find tests/unit tests/cli -name '*.test.ts' -print -quit 2>/dev/null)" ]]; then
  VITEST_ARGS+=(--passWithNoTests)
fi
run_stage vitest node_modules/.bin/vitest "${VITEST_ARGS[@]}"

run_stage playwright env PLAYWRIGHT_JSON_OUTPUT_FILE="$PLAYWRIGHT_JSON" \
  node_modules/.bin/playwright test --reporter=list,json

# 4. Summary.
section summary
failed_stages=()
for name in "${STAGES[@]}"; do
  [[ "${STATUS[$name]}" -eq 0 ]] || failed_stages+=("$name:${STATUS[$name]}")
done

node - "$VITEST_JSON" "$PLAYWRIGHT_JSON" "${failed_stages[@]}" <<'EOF'
const fs = require('node:fs');
const [vitestFile, playwrightFile, ...failedStages] = process.argv.slice(2);
const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};
const failedStage = new Map(failedStages.map((s) => s.split(':')));
const count = { passed: 0, failed: 0, skipped: 0 };
const rows = [];

// Vitest writes a Jest-compatible report.
const v = read(vitestFile);
if (v) {
  // A file that fails to load has no failed test, only a failed suite.
  const brokenFiles = (v.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed')
  ).length;
  const failed = v.numFailedTests + brokenFiles;
  const skipped = v.numPendingTests + v.numTodoTests;
  count.passed += v.numPassedTests;
  count.failed += failed;
  count.skipped += skipped;
  rows.push(`vitest: ${v.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
  if (failedStage.has('vitest') && failed === 0) count.failed += 1;
} else if (failedStage.has('vitest')) {
  count.failed += 1;
  rows.push('vitest: did not produce a report');
}

// Playwright: "expected" passed, "flaky" passed on retry, "unexpected" failed.
const p = read(playwrightFile);
if (p?.stats) {
  const s = p.stats;
  const passed = s.expected + s.flaky;
  count.passed += passed;
  count.failed += s.unexpected;
  count.skipped += s.skipped;
  rows.push(`playwright: ${passed} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
  for (const e of p.errors ?? []) rows.push(`playwright error: ${(e.message ?? '').split('\n')[0]}`);
  if (failedStage.has('playwright') && s.unexpected === 0) count.failed += 1;
} else if (failedStage.has('playwright')) {
  count.failed += 1;
  rows.push('playwright: did not produce a report');
}

for (const name of ['prettier', 'svelte-check']) {
  if (failedStage.has(name)) {
    count.failed += 1;
    rows.push(`${name}: FAILED (counted as 1 failure)`);
  } else {
    rows.push(`${name}: ok`);
  }
}

console.log(rows.join('\n'));
console.log(
  `${count.passed} passed, ${count.failed} failed` +
    (count.skipped > 0 ? `, ${count.skipped} skipped` : '')
);
EOF

[[ ${#failed_stages[@]} -eq 0 ]]
