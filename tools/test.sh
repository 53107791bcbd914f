#!/usr/bin/env bash
# Runs every test of Epss, from a fresh clone: builds the solution and runs all xunit projects against the real
# parts (temporary content folders, real Lucene indexes, the real server on free ports).
# Ends with one line of totals: "N passed, N failed, N skipped".
#
# What it installs: nothing yet beyond NuGet packages (restored by the build); the .NET 10 SDK must be present.
# Later suites that need Chromium, Redis or PostgreSQL install them here, from the machine's package manager.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (https://dot.net); it is not on PATH." >&2
  exit 2
fi

results=$(mktemp -d "${TMPDIR:-/tmp}/epss-test-results.XXXXXX")
status=0

echo "== build"
if ! dotnet build Epss.sln -c Release -nologo -v:q; then
  echo "The build failed; no tests were run." >&2
  status=1
else
  echo "== test"
  dotnet test Epss.sln -c Release --no-build -nologo \
    --logger "trx" --results-directory "$results" \
    -- RunConfiguration.TreatNoTestsAsError=true || status=$?
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
# A run that failed without a failed test (a build error, a crashed test host) still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
rm -rf "$results"

totals="$passed passed, $failed failed, $skipped skipped"
if [ -n "${EPSS_TOTALS_FILE:-}" ]; then
  echo "$totals" > "$EPSS_TOTALS_FILE"
else
  echo "$totals"
fi
exit "$status"
