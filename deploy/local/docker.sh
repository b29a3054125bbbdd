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
#
# The local PostgreSQL image exists because no image registry may be reachable: it is a debootstrap root with
# postgresql-15 and an entrypoint that starts like the upstream image (POSTGRES_USER, POSTGRES_PASSWORD[_FILE],
# POSTGRES_DB, server arguments), imported with `docker import` (a few minutes).
set -euo pipefail

local_image=protectionplanner-postgres:15

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

build_postgres_image() {
  command -v debootstrap >/dev/null || apt_install debootstrap
  local root
  root=$(mktemp -d /var/tmp/planner-postgres-root.XXXXXX)
  echo "docker.sh: building $local_image from Debian's postgresql-15 (a few minutes)" >&2
  debootstrap --variant=minbase --include=postgresql-15 bookworm "$root" >/var/tmp/planner-debootstrap.log 2>&1 \
    || { tail -n 20 /var/tmp/planner-debootstrap.log >&2; rm -rf "$root"; die "debootstrap failed"; }
  # The package's own cluster and caches are not needed: the entrypoint makes the cluster.
  rm -rf "$root"/var/lib/postgresql/15 "$root"/etc/postgresql/15 "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/lib/apt/lists/*
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

postgres_image() {
  if [ -n "${PLANNER_TEST_POSTGRES_IMAGE:-}" ]; then echo "$PLANNER_TEST_POSTGRES_IMAGE"; return; fi
  start
  # One build at a time: test runs of several worktrees may ask together.
  exec 8>/var/tmp/planner-postgres-image.lock
  flock 8
  docker image inspect "$local_image" >/dev/null 2>&1 || build_postgres_image
  echo "$local_image"
}

case "${1:-}" in
  start) start ;;
  api-version) api_version ;;
  postgres-image) postgres_image ;;
  *) echo "usage: $0 start|api-version|postgres-image" >&2; exit 2 ;;
esac
