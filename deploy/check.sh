#!/usr/bin/env bash
# Checks what no run of the deployment can show here: the Kubernetes manifests' shape (as rendered by `kubectl
# kustomize deploy/k8s` when kubectl is there), the settings documented in docs/operations.md against the server's
# code and the examples, the Dockerfile (its build needs images from a registry: COPY sources present and not
# ignored, its runtime stage as Dockerfile.prebuilt's, which the tests run), and the UI's lock file (deploy/check.py).
# The image and the compose stack are run for real by the tests (Deployment/ImageTests.cs, ComposeTests.cs).
# Exit 0 when every check passed, 1 naming each failure. Needs python3 with PyYAML (as root, Debian's python3-yaml is
# installed when missing). Used by the test suite: tests/ProtectionPlanner.Server.Tests/Deployment/DeploymentTests.cs.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }

failures=()
fail() { echo "FAILED: $*"; failures+=("$*"); }
skip() { echo "SKIPPED: $*"; }
section() { echo; echo "== $*"; }
work=$(mktemp -d /tmp/planner-deploy-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

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
[ -n "$python" ] || { echo "deploy/check.sh: python3 with PyYAML is needed (Debian: python3-yaml)" >&2; exit 1; }

section "The files: Kubernetes, settings, Dockerfile, UI"
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

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "deploy/check.sh: ${#failures[@]} check(s) FAILED:"
  printf '  - %s\n' "${failures[@]}"
  exit 1
fi
echo "deploy/check.sh: all checks passed (skipped ones are listed above with why)"
