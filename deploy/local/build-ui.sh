#!/usr/bin/env bash
# Builds the web UI (src/ProtectionPlanner.Server/ClientApp) into src/ProtectionPlanner.Server/wwwroot, which the app
# serves at /. Idempotent and quick on re-runs: installs Node.js and npm from Debian's packages when npm is missing,
# runs `npm install --no-save` only when node_modules is missing or older than package.json / package-lock.json, and
# skips the build when wwwroot is newer than every source file. PLANNER_UI_FORCE=1 rebuilds anyway.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
app="$root/src/ProtectionPlanner.Server/ClientApp"
out="$root/src/ProtectionPlanner.Server/wwwroot"
say() { echo "build-ui.sh: $*" >&2; }

if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    say "npm is missing and installing it needs root (or sudo)"
    exit 1
  fi
  say "installing Node.js and npm (Debian packages)"
  "${as_root[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >&2
  command -v npm >/dev/null || { say "installing npm did not give an npm command"; exit 1; }
fi

# Vite 7 needs Node.js 20.19 or later.
node_version=$(node -p 'process.versions.node')
IFS=. read -r major minor _ <<<"$node_version"
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  say "Node.js $node_version is too old: the UI build (Vite 7) needs 20.19 or later"
  exit 1
fi

cd "$app"
if [ ! -d node_modules ] || [ package.json -nt node_modules ] || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules ]; }; then
  say "installing the UI's packages"
  # --no-save installs what package-lock.json names and never rewrites it: npm 9 and 10 would drop its "libc" fields
  # (npm 11 writes them), leaving the working tree changed.
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
  touch node_modules
fi

# The API's types, generated from the committed copy of its OpenAPI document (a server test keeps the copy current).
if [ ! -f src/generated/api.ts ] || [ openapi.json -nt src/generated/api.ts ]; then
  say "generating the API's types from openapi.json"
  npm run --silent generate >&2
fi

# Up to date when wwwroot/index.html is newer than every source of the build.
stamp="$out/index.html"
if [ "${PLANNER_UI_FORCE:-0}" != 1 ] && [ -f "$stamp" ] &&
  [ -z "$(find src index.html package.json package-lock.json tsconfig.json vite.config.ts -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  say "wwwroot is up to date"
  exit 0
fi

say "type-checking and building the UI into $out"
npx --no-install tsc --noEmit
npx --no-install vite build --logLevel warn
[ -f "$stamp" ] || { say "the build produced no $stamp"; exit 1; }
touch "$stamp"
say "built"
