#!/usr/bin/env bash
# Checks the deployment files where no Docker engine or Kubernetes cluster runs, and builds and starts the app the
# image would hold. Exit 0 when every check passed (skipped ones say why), 1 naming each failure.
#
#   deploy/check.sh [--quick]
#
#   a. every YAML file under deploy/ parses; compose.yaml's structure (images and builds, healthchecks, depends_on
#      conditions, the proxy's config mount, the variables it needs from .env.example); the k8s manifests as rendered
#      by `kubectl kustomize deploy/k8s` (apiVersion/kind/name, replicas, probes, non-root, selectors, Ingress
#      backends, Job); the settings in docs/operations.md against the server's code and the examples (deploy/check.py)
#   b. the Dockerfile: stages, COPY sources present and not ignored, non-root USER, HEALTHCHECK, EXPOSE, ENTRYPOINT
#   c. `nginx -t` on deploy/compose/nginx.conf (Debian's nginx, unpacked into .local/nginx: no service is installed)
#   d. the UI build and `dotnet publish` exactly as the Dockerfile runs it, the output's server dll and
#      wwwroot/index.html; then the published app started with the image's environment, answering the image's
#      HEALTHCHECK command
#
# --quick (or PLANNER_CHECK_QUICK=1) skips d's build and publish (the test suite builds the app anyway); with
# PLANNER_CHECK_SERVER_DLL=path/ProtectionPlanner.Server.dll it still starts that build as in d.
# Needs python3 with PyYAML (as root, Debian's python3-yaml is installed when missing; without it only the Dockerfile's
# basics are checked and a and d say what was skipped) and kubectl for kustomize (without it the manifests are checked
# as written). Used by the test suite: tests/ProtectionPlanner.Server.Tests/Deployment/DeploymentTests.cs.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=${PLANNER_CHECK_QUICK:-0}
for argument in "$@"; do
  case "$argument" in
    --quick) quick=1 ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
  esac
done

failures=()
fail() { echo "FAILED: $*"; failures+=("$*"); }
skip() { echo "SKIPPED: $*"; }
section() { echo; echo "== $*"; }
work=$(mktemp -d /tmp/planner-deploy-check.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Python 3 with PyYAML reads the files; Debian's python3-yaml is installed when it is missing and we may.
python=
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then python=$candidate; break; fi
done
if [ -z "$python" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "check.sh: installing Debian's python3-yaml for the file checks"
  install_yaml() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null 2>&1; }
  install_yaml || { apt-get update -qq >/dev/null 2>&1 && install_yaml; }
  /usr/bin/python3 -c 'import yaml' 2>/dev/null && python=/usr/bin/python3
fi
have_python=0
[ -n "$python" ] && have_python=1

# --- a and b: the files
section "a/b. YAML, compose, Kubernetes, Dockerfile, settings"
if [ "$have_python" = 1 ]; then
  k8s=()
  if command -v kubectl >/dev/null; then
    if kubectl kustomize deploy/k8s >"$work/k8s.yaml" 2>"$work/kustomize.log"; then
      echo "ok: kubectl kustomize deploy/k8s renders ($(grep -c '^kind:' "$work/k8s.yaml") objects)"
      k8s=(--k8s "$work/k8s.yaml")
    else
      cat "$work/kustomize.log"
      fail "kubectl kustomize deploy/k8s does not render"
    fi
  else
    skip "kubectl not found: the k8s manifests are checked as written, without kustomize"
  fi
  "$python" deploy/check.py "${k8s[@]}" || fail "deploy/check.py found problems in the deployment files (above)"
else
  skip "python3 with PyYAML not found, nor installable (Debian: python3-yaml): YAML syntax, compose, Kubernetes and" \
    "settings NOT checked; only the Dockerfile's basics below"
  dockerfile=deploy/docker/Dockerfile
  [ "$(grep -c '^FROM ' "$dockerfile")" -ge 2 ] && echo "ok: Dockerfile: multi-stage" || fail "Dockerfile: fewer than 2 FROM"
  user=$(grep '^USER ' "$dockerfile" | tail -n 1 | awk '{print $2}')
  [ -n "$user" ] && [ "${user%%:*}" != root ] && [ "${user%%:*}" != 0 ] && echo "ok: Dockerfile: USER $user" \
    || fail "Dockerfile: runs as root"
  grep -q '^HEALTHCHECK ' "$dockerfile" && echo "ok: Dockerfile: HEALTHCHECK" || fail "Dockerfile: no HEALTHCHECK"
  while read -r source; do
    [ -e "$source" ] || fail "Dockerfile: COPY source $source does not exist"
  done < <(grep '^COPY ' "$dockerfile" | grep -v -- '--from=' | awk '{for (i = 2; i < NF; i++) print $i}')
fi

# --- c: nginx -t
section "c. nginx -t on deploy/compose/nginx.conf"
find_nginx() {
  local unpacked=$root/.local/nginx/usr/sbin/nginx
  if command -v nginx >/dev/null; then command -v nginx; return 0; fi
  if [ -x "$unpacked" ]; then echo "$unpacked"; return 0; fi
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || return 1
  mkdir -p "$root/.local"
  exec 8>"$root/.local/nginx.lock"
  flock 8 # another check may be unpacking it right now
  if [ -x "$unpacked" ]; then echo "$unpacked"; return 0; fi
  # Debian's nginx package unpacked, not installed: no service, no files outside .local, no root needed once the
  # package lists are there.
  mkdir -p "$root/.local/nginx/packages"
  (
    cd "$root/.local/nginx/packages" || exit 1
    apt-get download nginx >/dev/null 2>&1 \
      || { [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && apt-get download nginx >/dev/null 2>&1; }
  ) || return 1
  dpkg-deb -x "$(ls "$root"/.local/nginx/packages/nginx_*.deb | head -n 1)" "$root/.local/nginx" || return 1
  [ -x "$unpacked" ] && echo "$unpacked"
}
if nginx=$(find_nginx) && "$nginx" -v >/dev/null 2>&1; then
  # The node names resolve only inside compose's network: point them at 127.0.0.1; /tmp paths into our folder.
  mkdir -p "$work/nginx"
  sed -E -e 's#^(\s*server\s+)[A-Za-z0-9_.-]+:([0-9]+)#\1127.0.0.1:\2#' -e "s#/tmp/#$work/nginx/#g" \
    deploy/compose/nginx.conf >"$work/nginx/nginx.conf"
  if "$nginx" -t -q -e stderr -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/test.log"; then
    echo "ok: nginx -t accepts nginx.conf ($("$nginx" -v 2>&1 | sed 's/.*version: //'))"
  else
    cat "$work/nginx/test.log"
    fail "nginx -t rejects deploy/compose/nginx.conf"
  fi
else
  skip "no nginx, and Debian's nginx package could not be fetched: nginx.conf's syntax NOT checked"
fi

# --- d: the app the image would hold
section "d. the UI build, dotnet publish as in the Dockerfile, and the published app's start-up"
start_and_probe() { # DIR: start DIR/ProtectionPlanner.Server.dll with the image's environment, run the HEALTHCHECK
  local dir=$1 port environment health
  [ "$have_python" = 1 ] || { skip "python3 missing: the start-up check reads the Dockerfile with deploy/check.py"; return; }
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mapfile -t environment < <("$python" deploy/check.py image-environment | sed "s/:8080\$/:$port/")
  mapfile -t health < <("$python" deploy/check.py healthcheck | sed "s#/8080 #/$port #; s#:8080#:$port#g")
  # No database: the app must still start, listen and be live (readiness would say 503). An identity provider, as
  # every deployment names one (a production node without one refuses to start).
  (cd "$dir" && exec env "${environment[@]}" PLANNER__DATABASE='Host=127.0.0.1;Port=1;Username=none;Password=none;Database=none;Timeout=1' \
    PLANNER__AUTH__AUTHORITY=https://login.example.org/realms/un \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
    dotnet ProtectionPlanner.Server.dll serve) >"$work/server.log" 2>&1 &
  server_pid=$!
  local started=$SECONDS healthy=0
  while [ $((SECONDS - started)) -lt 60 ] && kill -0 "$server_pid" 2>/dev/null; do
    if timeout 5 "${health[@]}" 2>/dev/null; then healthy=1; break; fi
    sleep 0.5
  done
  if [ "$healthy" = 1 ] && grep -q -E "Now listening on: http://(\[::\]|0\.0\.0\.0):$port" "$work/server.log"; then
    echo "ok: the app starts with the image's environment ($(printf '%s ' "${environment[@]}")), listens on every" \
      "interface and passes the image's HEALTHCHECK in $((SECONDS - started)) s without a database"
  else
    sed 's/^/  server: /' "$work/server.log" | tail -n 20
    fail "the app did not start and answer the image's HEALTHCHECK on all interfaces within 60 s"
  fi
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=
}
if [ "$quick" = 1 ]; then
  skip "--quick: the UI build and dotnet publish (the test suite builds the app)"
  if [ -n "${PLANNER_CHECK_SERVER_DLL:-}" ]; then
    [ -f "$PLANNER_CHECK_SERVER_DLL" ] && start_and_probe "$(dirname "$PLANNER_CHECK_SERVER_DLL")" \
      || fail "PLANNER_CHECK_SERVER_DLL: no $PLANNER_CHECK_SERVER_DLL"
  fi
elif [ "$have_python" = 0 ]; then
  skip "python3 missing: the publish command is read from the Dockerfile with deploy/check.py"
else
  mapfile -t publish < <("$python" deploy/check.py publish-command)
  output=
  for i in "${!publish[@]}"; do
    if [ "${publish[$i]}" = -o ]; then output=${publish[$((i + 1))]}; publish[i + 1]=$work/publish; fi
  done
  if [ -z "$output" ]; then
    fail "the Dockerfile's dotnet publish has no -o"
  elif ! deploy/local/build-ui.sh; then
    fail "the web UI does not build (deploy/local/build-ui.sh, as the Dockerfile's ui stage)"
  else
    echo "dotnet publish ${publish[*]}   (the Dockerfile's -o $output)"
    if dotnet publish "${publish[@]}" --nologo -v q >"$work/publish.log" 2>&1; then
      for file in ProtectionPlanner.Server.dll wwwroot/index.html appsettings.json; do
        [ -f "$work/publish/$file" ] || fail "the publish output has no $file"
      done
      [ -f "$work/publish/wwwroot/index.html" ] && echo "ok: published $(du -sh "$work/publish" | cut -f1) with the server dll and wwwroot/index.html"
      start_and_probe "$work/publish"
    else
      tail -n 30 "$work/publish.log"
      fail "dotnet publish as in the Dockerfile failed"
    fi
  fi
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "deploy/check.sh: ${#failures[@]} check(s) FAILED:"
  printf '  - %s\n' "${failures[@]}"
  exit 1
fi
echo "deploy/check.sh: all checks passed (skipped ones are listed above with why)"
