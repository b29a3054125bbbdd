#!/usr/bin/env bash
# Runs ProtectionPlanner on a fresh machine: starts the private PostgreSQL cluster, builds, migrates and serves
# the app on http://127.0.0.1:5080 (set PLANNER_PORT to change the port). Ctrl-C stops the app; the database
# keeps running (deploy/local/postgres.sh stop).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
deploy/local/postgres.sh start
export PLANNER__DATABASE
PLANNER__DATABASE=$(deploy/local/postgres.sh url)
port=${PLANNER_PORT:-5080}

dotnet build src/ProtectionPlanner.Server -c Release --nologo -v q
dotnet run --no-build -c Release --project src/ProtectionPlanner.Server -- migrate
echo "ProtectionPlanner on http://127.0.0.1:$port (health: /health/ready, API description: /openapi/v1.json)"
exec dotnet run --no-build -c Release --project src/ProtectionPlanner.Server -- serve --urls "http://127.0.0.1:$port"
