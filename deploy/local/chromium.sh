#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Playwright drives it; it downloads no browser of
# its own) and prints its path. Idempotent: installs only when /usr/bin/chromium is missing.
set -euo pipefail
chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "chromium.sh: $chromium is missing and installing it needs root (or sudo)" >&2
    exit 1
  fi
  echo "chromium.sh: installing Chromium" >&2
  "${as_root[@]}" apt-get update -qq >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
  [ -x "$chromium" ] || { echo "chromium.sh: installing chromium did not give $chromium" >&2; exit 1; }
fi
echo "$chromium"
