#!/usr/bin/env bash
# Builds everything and runs every test on a fresh machine. The tests get PostgreSQL both ways the fixture offers:
# the browser tests from the private cluster (started, and afterwards stopped, through postgres.sh, as the README's
# run command uses it), the others from a container per test run through Testcontainers (docker.sh installs and starts
# Debian's engine and builds the PostgreSQL image when missing); the image and compose tests get the app's and the
# proxy's images built before they run. PLANNER_TEST_DATABASE, when set, names the server for all of them instead. The
# last line is the summary CI reads: "N passed, N failed" (", N skipped" when any), counted from the test runs' TRX
# reports and the web UI's unit tests' JUnit report.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
results=$root/.local/test-results
rm -rf "$results"
mkdir -p "$results"

summary() { echo "$1 passed, $2 failed$([ "$3" -gt 0 ] && echo ", $3 skipped")"; }
give_up() { echo "test.sh: $1" >&2; summary 0 1 0; exit 1; }

command -v dotnet >/dev/null || give_up "the .NET 10 SDK (dotnet) is required"

given_database=${PLANNER_TEST_DATABASE:-}
started_postgres=0
if [ -z "$given_database" ]; then
  deploy/local/postgres.sh status >/dev/null 2>&1 || started_postgres=1
  deploy/local/postgres.sh start || give_up "could not start PostgreSQL"
  cluster_database=$(deploy/local/postgres.sh url)
  deploy/local/docker.sh start || give_up "could not start a Docker engine (counted as one failure)"
  export DOCKER_API_VERSION=${DOCKER_API_VERSION:-$(deploy/local/docker.sh api-version)}
  PLANNER_TEST_POSTGRES_IMAGE=$(deploy/local/docker.sh postgres-image) \
    || give_up "could not build the PostgreSQL image (counted as one failure)"
  export PLANNER_TEST_POSTGRES_IMAGE
fi
stop_postgres() { if [ "$started_postgres" = 1 ]; then deploy/local/postgres.sh stop >/dev/null; fi; }
trap stop_postgres EXIT

deploy/local/build-ui.sh || give_up "the web UI did not build (counted as one failure)"
deploy/local/chromium.sh >/dev/null \
  || give_up "could not install Chromium for the browser tests (counted as one failure)"
dotnet build ProtectionPlanner.sln -c Release --nologo -v q || give_up "the build failed (counted as one failure)"
if [ -z "$given_database" ]; then
  # The container tests' images, made before the tests rather than during them (a publish takes both cores).
  app_image=$(deploy/local/docker.sh app-image) && export PLANNER_TEST_APP_IMAGE=$app_image \
    || echo "test.sh: the app's image did not build; its tests will say why" >&2
  proxy_image=$(deploy/local/docker.sh proxy-image) && export PLANNER_PROXY_IMAGE=$proxy_image \
    || echo "test.sh: the proxy's image did not build; its tests will say why" >&2
fi

projects=$(grep -l 'Microsoft.NET.Test.Sdk' tests/*/*.csproj | sort)
status=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  database=$given_database server=PLANNER_TEST_DATABASE
  if [ -z "$given_database" ] && [ "$name" = ProtectionPlanner.Browser.Tests ]; then
    database=$cluster_database server="the private cluster"
  elif [ -z "$given_database" ]; then
    server="a container of the run, through Testcontainers"
  fi
  echo "== $name (PostgreSQL: $server)"
  PLANNER_TEST_DATABASE=$database dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
done

ui=src/ProtectionPlanner.Server/ClientApp
echo "== ClientApp (vitest)"
(cd "$ui" && npx --no-install vitest run --reporter=default --reporter=junit \
  --outputFile.junit="$results/ClientApp.xml") ||
  status=1

passed=0 failed=0 skipped=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  trx=$results/$name.trx
  if [ ! -f "$trx" ]; then
    echo "test.sh: $name produced no report: its test run crashed (counted as one failure)" >&2
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done
if [ -f "$results/ClientApp.xml" ]; then
  read -r ui_passed ui_failed ui_skipped < <(python3 - "$results/ClientApp.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
cases = list(ET.parse(sys.argv[1]).getroot().iter("testcase"))
failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
skipped = [c for c in cases if c.find("skipped") is not None]
print(len(cases) - len(failed) - len(skipped), len(failed), len(skipped))
for case in failed:
    print(f"FAILED {case.get('classname')} > {case.get('name')}", file=sys.stderr)
PY
  )
  passed=$((passed + ui_passed)) failed=$((failed + ui_failed)) skipped=$((skipped + ui_skipped))
else
  echo "test.sh: the web UI's unit tests produced no report (counted as one failure)" >&2
  failed=$((failed + 1))
fi
# The failed tests again, with their messages, right above the summary: CI shows the tail of the output.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") in ("Passed", "NotExecuted"):
        continue
    message = result.findtext(".//t:ErrorInfo/t:Message", "", ns).strip()
    trace = result.findtext(".//t:ErrorInfo/t:StackTrace", "", ns).strip().splitlines()
    print(f"FAILED {result.get('testName')} ({result.get('duration')})")
    for line in (message.splitlines()[:15] + trace[:8]):
        print(f"    {line}")
PY
done
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  echo "test.sh: a test run failed without a failed test (host crash?), counted as one failure" >&2
  failed=1
fi
summary "$passed" "$failed" "$skipped"
[ "$failed" = 0 ]
