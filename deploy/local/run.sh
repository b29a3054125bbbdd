#!/usr/bin/env bash
# Runs ProtectionPlanner on a fresh machine: starts the private PostgreSQL cluster, builds, migrates and serves
# the app on http://127.0.0.1:5080 (set PLANNER_PORT to change the port) as in production, but in demo mode: the demo
# missions are seeded and demo users sign in without a password (PLANNER_DEMO=false to turn it off). Demo tokens are
# signed with a key generated for the cluster and kept in its folder, so they outlive a restart of the app. Ctrl-C
# stops the app; the database keeps running (deploy/local/postgres.sh stop).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
deploy/local/postgres.sh start
export PLANNER__DATABASE
PLANNER__DATABASE=$(deploy/local/postgres.sh url)
port=${PLANNER_PORT:-5080}
export PLANNER__DEMO__ENABLED=${PLANNER_DEMO:-true}
key_file=${PLANNER_PG_DIR:-$root/.local/postgres}/demo-signing-key
[ -s "$key_file" ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n' >"$key_file")
export PLANNER__DEMO__SIGNINGKEY
PLANNER__DEMO__SIGNINGKEY=$(cat "$key_file")

deploy/local/build-ui.sh
# PLANNER_SERVER_DLL: a ProtectionPlanner.Server.dll built already (the tests' own), instead of building one.
server_dll=${PLANNER_SERVER_DLL:-$root/src/ProtectionPlanner.Server/bin/Release/net10.0/ProtectionPlanner.Server.dll}
[ -n "${PLANNER_SERVER_DLL:-}" ] || dotnet build src/ProtectionPlanner.Server -c Release --nologo -v q
# The built app itself, not `dotnet run`: that would take launchSettings.json's Development environment. The project
# folder is the content root, where wwwroot is.
export ASPNETCORE_ENVIRONMENT=Production
cd src/ProtectionPlanner.Server
dotnet "$server_dll" migrate
echo "ProtectionPlanner on http://127.0.0.1:$port (health: /health/ready, API description: /openapi/v1.json)"
[ "$PLANNER__DEMO__ENABLED" = true ] && echo "Demo mode: POST /api/demo/token {\"userName\": \"planner1\"} (users: GET /api/demo/users)"
exec dotnet "$server_dll" serve --urls "http://127.0.0.1:$port"
