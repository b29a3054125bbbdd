#!/usr/bin/env bash
# A Docker engine for the tests' PostgreSQL containers (Testcontainers) and the image tests.
#
#   deploy/local/docker.sh start            a running engine: installs Debian's docker.io and starts dockerd in the
#                                           background when none answers (as root); it is left running, as a service
#   deploy/local/docker.sh api-version      the engine's API version, for DOCKER_API_VERSION (Debian's 20.10 engine
#                                           speaks 1.41, older than the clients' default)
#   deploy/local/docker.sh postgres-image   the PostgreSQL image for tests, printed: PLANNER_TEST_POSTGRES_IMAGE when
#                                           set (used as it is, e.g. the upstream postgres:15), otherwise
#                                           protectionplanner-postgres:15, built from Debian's packages when missing
#   deploy/local/docker.sh app-image        builds the app's image protectionplanner:local and prints its name: the
#                                           UI and a self-contained publish made here, on the base named by
#                                           PLANNER_RUNTIME_BASE, else protectionplanner-runtime:bookworm, built from
#                                           Debian's packages when missing (deploy/docker/Dockerfile.prebuilt)
#   deploy/local/docker.sh compose ARGS...  docker compose ARGS, or Debian's docker-compose (1.29), installed when
#                                           neither is there
#   deploy/local/docker.sh proxy-image      the reverse proxy's image for the compose stack, printed:
#                                           PLANNER_PROXY_IMAGE when set, else protectionplanner-nginx:bookworm,
#                                           Debian's nginx, built when missing
#
# The local images exist because no image registry may be reachable: debootstrap roots imported with `docker import`
# (a few minutes each, once per machine). The PostgreSQL one has postgresql-15 and an entrypoint that starts like the
# upstream image (POSTGRES_USER, POSTGRES_PASSWORD[_FILE], POSTGRES_DB, server arguments); the runtime one has what a
# self-contained .NET app needs (ICU, OpenSSL, CA certificates, time zones), Chromium for the PDF, and the user `app`.
set -euo pipefail

local_image=protectionplanner-postgres:15
runtime_base=protectionplanner-runtime:bookworm
app_image=protectionplanner:local
proxy_image=protectionplanner-nginx:bookworm

die() { echo "docker.sh: $*" >&2; exit 1; }

engine_answers() { docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

apt_install() {
  [ "$(id -u)" = 0 ] || die "installing $* needs root"
  echo "docker.sh: installing $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >&2 || { apt-get update -q >&2 && apt-get install -y -q "$@" >&2; } \
    || die "apt-get could not install $*"
}

start() {
  engine_answers && return 0
  command -v dockerd >/dev/null || apt_install docker.io
  [ "$(id -u)" = 0 ] || die "no Docker engine answers, and starting dockerd needs root"
  if ! pgrep -x dockerd >/dev/null; then
    mkdir -p /var/log
    # Published ports through iptables rather than a proxy process per port: a round trip to PostgreSQL took 1.2 ms
    # through the proxy and 0.25 ms without it.
    setsid dockerd --userland-proxy=false </dev/null >>/var/log/dockerd.log 2>&1 &
  fi
  local attempt
  for attempt in $(seq 1 60); do
    engine_answers && return 0
    sleep 0.5
  done
  tail -n 20 /var/log/dockerd.log >&2 || true
  die "dockerd did not answer within 30 s (see /var/log/dockerd.log)"
}

api_version() { docker version --format '{{.Server.APIVersion}}'; }

# The upstream image's start, in short: initialise on first start, then the server, listening everywhere.
entrypoint() {
  cat <<'EOF'
#!/bin/sh
set -eu
data=${PGDATA:-/var/lib/postgresql/data}
user=${POSTGRES_USER:-postgres}
[ "${1:-}" = postgres ] && shift
mkdir -p /run/postgresql && chown postgres: /run/postgresql
if [ ! -s "$data/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE")
  : "${POSTGRES_PASSWORD:?is required}"
  mkdir -p "$data" && chown postgres: "$data" && chmod 700 "$data"
  printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/password && chown postgres: /tmp/password
  runuser -u postgres -- initdb -D "$data" -U "$user" --pwfile=/tmp/password --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  rm /tmp/password
  echo "host all all all scram-sha-256" >>"$data/pg_hba.conf"
  database=${POSTGRES_DB:-$user}
  [ "$database" = postgres ] || echo "create database \"$database\"" \
    | runuser -u postgres -- postgres --single -D "$data" postgres >/dev/null
fi
exec runuser -u postgres -- postgres -D "$data" -c listen_addresses='*' "$@"
EOF
}

# A minimal Debian root with the packages $1 (comma-separated), in a new folder whose path is printed; then the
# packages $2 (space-separated) by apt inside it, which, unlike debootstrap, resolves alternatives (Chromium's).
debian_root() {
  command -v debootstrap >/dev/null || apt_install debootstrap
  local root log=/var/tmp/planner-debootstrap.log
  root=$(mktemp -d /var/tmp/planner-root.XXXXXX)
  debootstrap --variant=minbase --include="$1" bookworm "$root" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; rm -rf "$root"; die "debootstrap failed"; }
  if [ -n "${2:-}" ]; then
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q --no-install-recommends $2 >>"$log" 2>&1 \
      || { tail -n 20 "$log" >&2; rm -rf "$root"; die "apt-get install $2 failed"; }
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  echo "$root"
}

build_postgres_image() {
  echo "docker.sh: building $local_image from Debian's postgresql-15 (a few minutes)" >&2
  local root
  root=$(debian_root postgresql-15)
  # The package's own cluster and caches are not needed: the entrypoint makes the cluster.
  rm -rf "$root"/var/lib/postgresql/15 "$root"/etc/postgresql/15
  entrypoint >"$root/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    - "$local_image" >/dev/null || { rm -rf "$root"; die "docker import failed"; }
  rm -rf "$root"
}

# The upstream runtime-deps image's content, from Debian, plus Chromium: the user `app` has the upstream uid.
build_runtime_base() {
  echo "docker.sh: building $runtime_base from Debian's packages (a few minutes)" >&2
  local root
  root=$(debian_root ca-certificates,libicu72,libssl3,tzdata "chromium fonts-dejavu-core")
  chroot "$root" useradd --uid 1654 --user-group --create-home app || { rm -rf "$root"; die "useradd failed"; }
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin APP_UID=1654' \
    - "$runtime_base" >/dev/null || { rm -rf "$root"; die "docker import failed"; }
  rm -rf "$root"
}

build_proxy_image() {
  echo "docker.sh: building $proxy_image from Debian's nginx" >&2
  local root
  root=$(debian_root nginx,wget)
  tar -C "$root" -c . | docker import --change 'CMD ["nginx", "-g", "daemon off;"]' - "$proxy_image" >/dev/null \
    || { rm -rf "$root"; die "docker import failed"; }
  rm -rf "$root"
}

# Prints the image the variable $1 names when set, else $2, built by $3 when missing: one build at a time, as test
# runs of several worktrees may ask together.
image_of() {
  local variable=$1 name=$2 build=$3
  if [ -n "${!variable:-}" ]; then echo "${!variable}"; return; fi
  start
  exec 8>"/var/tmp/planner-image-${name%%:*}.lock"
  flock 8
  docker image inspect "$name" >/dev/null 2>&1 || "$build"
  echo "$name"
}

app_image() {
  start
  local base out=.local/image
  base=$(image_of PLANNER_RUNTIME_BASE "$runtime_base" build_runtime_base) || exit 1
  deploy/local/build-ui.sh >&2 || die "the web UI did not build"
  rm -rf "$out/app"
  # Its own artifacts folder: the build under bin/ and obj/, maybe in use by tests, is left alone.
  dotnet publish src/ProtectionPlanner.Server -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
    --artifacts-path "$out/artifacts" -o "$out/app" --nologo -v q >&2 || die "dotnet publish failed"
  docker build -q -f deploy/docker/Dockerfile.prebuilt --build-arg "BASE=$base" -t "$app_image" "$out" >/dev/null \
    || die "docker build failed"
  echo "$app_image"
}

compose() {
  start
  if docker compose version >/dev/null 2>&1; then exec docker compose "$@"; fi
  command -v docker-compose >/dev/null || apt_install docker-compose
  exec docker-compose "$@"
}

case "${1:-}" in
  start) start ;;
  api-version) api_version ;;
  postgres-image) image_of PLANNER_TEST_POSTGRES_IMAGE "$local_image" build_postgres_image ;;
  app-image) cd "$(dirname "${BASH_SOURCE[0]}")/../.." && app_image ;;
  proxy-image) image_of PLANNER_PROXY_IMAGE "$proxy_image" build_proxy_image ;;
  compose) shift && compose "$@" ;;
  *) echo "usage: $0 start|api-version|postgres-image|app-image|proxy-image|compose ARGS..." >&2; exit 2 ;;
esac
