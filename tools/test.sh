#!/usr/bin/env bash
# Runs every test of Epss, from a fresh clone: builds the solution and runs all xunit projects against the real
# parts (temporary content folders, real Lucene indexes, the real server on free ports).
# Ends with one line of totals: "N passed, N failed, N skipped".
#
# What it installs when missing: Debian's chromium package (the browser tests drive it; run as root, as CI does),
# redis-server and postgresql (the scale-out tests start their own on loopback ports),
# the web UI's and the extension's npm packages (npm ci, from package-lock.json) and NuGet packages (restored by the build).
# Needs the .NET 10 SDK and Node.js 20 with npm.
set -uo pipefail
cd "$(dirname "$0")/.."

for tool in dotnet node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is needed (the .NET 10 SDK and Node.js 20 with npm); it is not on PATH." >&2
    exit 2
  fi
done
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Chromium (Debian package chromium) for the browser tests"
  if ! { apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }; }; then
    echo "Could not install chromium; install it (apt-get install chromium) and run again." >&2
    exit 2
  fi
fi

# The scale-out tests start their own Redis and PostgreSQL on loopback ports, from Debian's packages.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian packages) for the scale-out tests"
  if ! { apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }; }; then
    echo "Could not install ${missing[*]}; install them (apt-get install ${missing[*]}) and run again." >&2
    exit 2
  fi
fi

results=$(mktemp -d "${TMPDIR:-/tmp}/epss-test-results.XXXXXX")
status=0

echo "== build"
# The server's build runs npm ci and the builds of the web UI and the extension (tsc + esbuild) itself.
if ! dotnet build Epss.sln -c Release -nologo -v:q; then
  echo "The build failed; no tests were run." >&2
  status=1
else
  echo "== web UI: lint and unit tests"
  (cd src/web && npm run lint --silent) || status=1
  (cd src/web && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/web.junit.xml") || status=1
  echo "== extension and overlay: lint and unit tests"
  (cd src/extension && npm run lint --silent) || status=1
  (cd src/extension && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/extension.junit.xml") || status=1
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
for junit in "$results"/*.junit.xml; do
  suite=$(grep -o '<testsuites [^>]*>' "$junit" | head -n 1)
  attr() { echo "$suite" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(attr tests); junit_failed=$(( $(attr failures) + $(attr errors) )); junit_skipped=$(attr skipped); junit_skipped=${junit_skipped:-0}
  passed=$((passed + total - junit_failed - junit_skipped))
  failed=$((failed + junit_failed))
  skipped=$((skipped + junit_skipped))
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
