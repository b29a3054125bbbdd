#!/usr/bin/env bash
# A private PostgreSQL cluster for development, tests and benchmarks.
#
#   deploy/local/postgres.sh start    initialise (first time) and start; idempotent
#   deploy/local/postgres.sh stop     stop; leaves no server process behind
#   deploy/local/postgres.sh status   "running on port N" (exit 0) or "stopped" (exit 3)
#   deploy/local/postgres.sh url      the Npgsql connection string of the running cluster
#
# The cluster lives in .local/postgres/ of the project (git-ignored) and listens on a loopback
# port chosen at its first start (the first free one from PLANNER_PG_PORT up) and kept in its
# folder: nodes started earlier keep their connection string across a restart. When another
# program holds that port at a later start, start fails and says so rather than moving.
# It uses the machine's PostgreSQL binaries and installs Debian's `postgresql` package when
# they are missing. initdb refuses to run as root, so as root the server runs as `postgres`.
#
# Environment: PLANNER_PG_DIR (cluster folder), PLANNER_PG_PORT (first port tried, 55432).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pg_dir=${PLANNER_PG_DIR:-$root/.local/postgres}
data=$pg_dir/data
run_dir=$pg_dir/run
log=$pg_dir/postgres.log
port_file=$pg_dir/port
password_file=$pg_dir/password
database=planner
user=planner

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_postgres() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL binaries are missing; install Debian's 'postgresql' package (needs root)."
  echo "postgres.sh: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; } \
    || die "apt-get could not install postgresql"
}

bin_dir=$(find_bin_dir || true)
if [ -z "$bin_dir" ]; then
  install_postgres
  bin_dir=$(find_bin_dir) || die "initdb not found after installing postgresql"
fi

# As root everything runs as the postgres OS user; otherwise as the current user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The postgres user must reach the cluster folder. Under a home directory that it cannot
# traverse (/root is 0700), keep the files in /tmp and leave a symlink in the project.
prepare_dir() {
  mkdir -p "$(dirname "$pg_dir")"
  if [ "$(id -u)" = 0 ] && [ ! -e "$pg_dir" ]; then
    mkdir -p "$pg_dir"
    chown postgres: "$pg_dir"
    if ! runuser -u postgres -- test -w "$pg_dir"; then
      rmdir "$pg_dir"
      local outside
      outside=/tmp/protectionplanner-pg-$(echo -n "$pg_dir" | sha256sum | cut -c1-12)
      mkdir -p "$outside"
      chown postgres: "$outside"
      ln -s "$outside" "$pg_dir"
    fi
  fi
  mkdir -p "$pg_dir" "$run_dir"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$pg_dir/" "$run_dir"
  return 0
}

initialise() {
  [ -f "$data/PG_VERSION" ] && return 0
  prepare_dir
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$password_file"
  chmod 600 "$password_file"
  local pwfile=$run_dir/initdb-password
  cp "$password_file" "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$pwfile" "$password_file"
  as_owner "$bin_dir/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; rm -f "$pwfile"; die "initdb failed"; }
  rm -f "$pwfile"
  cat >>"$data/postgresql.conf" <<EOF

# ProtectionPlanner private cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$run_dir'
max_connections = 300
shared_buffers = 256MB
max_locks_per_transaction = 256
log_min_duration_statement = -1
log_line_prefix = '%m [%p] %d '
EOF
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$bin_dir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts the server on port $1; fails (quietly when the port turned out to be taken, as a probe cannot tell a port
# that is bound but not listening).
start_on() {
  local port=$1 from output
  from=$(($(stat -c %s "$log" 2>/dev/null || echo 0) + 1))
  if output=$(as_owner "$bin_dir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -c shared_preload_libraries=pg_stat_statements" start 2>&1 9>&-); then
    return 0
  fi
  tail -c "+$from" "$log" 2>/dev/null | grep -q "Address already in use" && return 1
  echo "$output" >&2
  tail -n 5 "$log" >&2 || true
  die "could not start PostgreSQL (see $log)"
}

start() {
  initialise
  is_running && return 0
  local port
  if [ -f "$port_file" ]; then
    port=$(cat "$port_file")
    port_is_free "$port" && start_on "$port" || die "port $port is in use by another program, and this cluster" \
      "keeps its port (nodes hold it in their connection string): free the port, or delete $port_file to choose anew"
  else
    local attempt
    port=${PLANNER_PG_PORT:-55432}
    for attempt in $(seq 1 50); do
      port_is_free "$port" && start_on "$port" && break
      [ "$attempt" = 50 ] && die "no free port from ${PLANNER_PG_PORT:-55432} to $port"
      port=$((port + 1))
    done
    echo "$port" >"$port_file"
  fi
  export PGPASSWORD
  PGPASSWORD=$(cat "$password_file")
  "$bin_dir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qAt \
    -c "select 1 from pg_database where datname = '$database'" | grep -q 1 \
    || "$bin_dir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"
}

stop() {
  [ -f "$data/PG_VERSION" ] || return 0
  if is_running; then
    as_owner "$bin_dir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null \
      || as_owner "$bin_dir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null || true
  fi
  # pg_ctl waits for the postmaster; make sure none of its children outlived it.
  local pid
  for pid in $(pgrep -f -- "-D $data" 2>/dev/null || true); do kill -9 "$pid" 2>/dev/null || true; done
}

status() {
  if is_running && [ -f "$port_file" ]; then
    echo "running on port $(cat "$port_file") ($data)"
  else
    echo "stopped"
    return 3
  fi
}

url() {
  is_running && [ -f "$port_file" ] || die "the cluster is not running; run: $0 start"
  echo "Host=127.0.0.1;Port=$(cat "$port_file");Username=$user;Password=$(cat "$password_file");Database=$database"
}

# One caller at a time: test runs, the app and benchmarks may start the cluster together.
mkdir -p "$(dirname "$pg_dir")"
exec 9>"$pg_dir.lock"
flock 9

case "${1:-}" in
  start) start; status ;;
  stop) stop; echo "stopped" ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
