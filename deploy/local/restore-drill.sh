#!/usr/bin/env bash
# The restore drill: proves that a backup of the database restores whole and intact. It
#   1. dumps the source database with pg_dump (custom format, one consistent snapshot),
#   2. creates a FRESH PostgreSQL cluster for the drill (initdb into a temporary folder, on another free port, through
#      deploy/local/postgres.sh),
#   3. restores the dump there with pg_restore,
#   4. runs the server's `migrate` (as after any restore) and `audit verify` (recomputes every stream's hash chain)
#      against the restored database,
#   5. compares the events of source and restore: the count, and each stream's head (version and hash, which by the
#      hash chain stands for every event before it),
#   6. stops and deletes the fresh cluster.
# Exit 0 when the restore is complete and intact, 1 when anything differs or fails, 2 on bad usage.
#
#   deploy/local/restore-drill.sh [SOURCE]
#
# SOURCE: an Npgsql connection string, as in PLANNER__DATABASE (also taken from PLANNER_DRILL_SOURCE); default: the
# private cluster's database (deploy/local/postgres.sh url). The source may be in use: the dump is one snapshot, and the
# restored count must lie between the counts before and after the dump (equal when nothing was appended meanwhile).
# PLANNER_SERVER_DLL: the ProtectionPlanner.Server.dll to run the verbs with; default `dotnet run --no-build -c Release
# --project src/ProtectionPlanner.Server` (build it first). PLANNER_DRILL_PORT: first port tried for the fresh
# cluster (56432). PLANNER_DRILL_KEEP=1 leaves the drill folder (dump and cluster, stopped) for inspection.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { echo "restore-drill.sh: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
[ $# -le 1 ] || { say "usage: $0 [SOURCE_CONNECTION_STRING]"; exit 2; }
source_connection=${1:-${PLANNER_DRILL_SOURCE:-}}
if [ -z "$source_connection" ]; then
  source_connection=$("$root/deploy/local/postgres.sh" url) || fail "no source given and the private cluster is not running"
fi

bin_dir=
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$dir/pg_dump" ] && [ -x "$dir/pg_restore" ] && { bin_dir=$dir; break; }
done
[ -n "$bin_dir" ] || fail "pg_dump and pg_restore not found under /usr/lib/postgresql/*/bin (Debian's postgresql package)"

# An Npgsql connection string as libpq environment variables, in a subshell's environment: `with_connection STRING cmd`.
with_connection() {
  local connection=$1 part key value
  shift
  (
    unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSSLMODE PGSERVICE
    IFS=';' read -r -a parts <<<"$connection"
    for part in "${parts[@]}"; do
      [[ $part == *=* ]] || continue
      key=$(echo "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
      value=${part#*=}
      case "$key" in
        host|server) export PGHOST=$value ;;
        port) export PGPORT=$value ;;
        username|userid|user) export PGUSER=$value ;;
        password|pwd) export PGPASSWORD=$value ;;
        database|db) export PGDATABASE=$value ;;
        sslmode) export PGSSLMODE=$(echo "$value" | tr '[:upper:]' '[:lower:]' | sed 's/^verifyca$/verify-ca/; s/^verifyfull$/verify-full/') ;;
      esac
    done
    "$@"
  )
}
sql() { with_connection "$1" "$bin_dir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"; }
describe() { with_connection "$1" bash -c 'echo "${PGHOST:-localhost}:${PGPORT:-5432}/${PGDATABASE:-?}"'; }
database_of() { with_connection "$1" bash -c 'echo "${PGDATABASE:-}"'; }
now() { date +%s.%N; }
since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f s", end - start }'; }

# The server's verbs, with PLANNER__DATABASE pointing at the restored database.
verb() {
  if [ -n "${PLANNER_SERVER_DLL:-}" ]; then
    (cd "$(dirname "$PLANNER_SERVER_DLL")" && PLANNER__DATABASE=$target dotnet "$PLANNER_SERVER_DLL" "$@")
  else
    PLANNER__DATABASE=$target dotnet run --no-build -c Release --project "$root/src/ProtectionPlanner.Server" -- "$@"
  fi
}
if [ -n "${PLANNER_SERVER_DLL:-}" ]; then
  [ -f "$PLANNER_SERVER_DLL" ] || fail "PLANNER_SERVER_DLL: no $PLANNER_SERVER_DLL"
elif [ ! -f "$root/src/ProtectionPlanner.Server/bin/Release/net10.0/ProtectionPlanner.Server.dll" ]; then
  fail "the server is not built: dotnet build src/ProtectionPlanner.Server -c Release (or set PLANNER_SERVER_DLL)"
fi

# 1. The source, and its dump.
source_version=$(sql "$source_connection" "show server_version_num") || fail "cannot reach the source database $(describe "$source_connection")"
tools_version=$("$bin_dir/pg_dump" --version | grep -o '[0-9]\+' | head -n 1)
[ "$tools_version" -ge "$((source_version / 10000))" ] \
  || fail "pg_dump $tools_version is older than the source server ($source_version); install a newer postgresql-client"
events_before=$(sql "$source_connection" "select count(*) from planner.mt_events") \
  || fail "the source database has no event store (planner.mt_events)"
say "source $(describe "$source_connection"): $events_before events"

drill=$(mktemp -d /tmp/planner-restore-drill.XXXXXX)
chmod 711 "$drill" # the cluster inside runs as the postgres OS user when we are root
mkdir -m 700 "$drill/dump"
dump=$drill/dump/planner.dump
cluster=$drill/cluster
fresh() { PLANNER_PG_DIR=$cluster PLANNER_PG_PORT=${PLANNER_DRILL_PORT:-56432} "$root/deploy/local/postgres.sh" "$@"; }
cleanup() {
  fresh stop >/dev/null 2>&1 || true
  if [ "${PLANNER_DRILL_KEEP:-0}" = 1 ]; then say "left $drill"; else rm -rf "$drill"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

started=$(now)
with_connection "$source_connection" "$bin_dir/pg_dump" --format=custom --file="$dump" \
  || fail "pg_dump of $(describe "$source_connection") failed"
events_after=$(sql "$source_connection" "select count(*) from planner.mt_events")
say "dumped $(du -h "$dump" | cut -f1) in $(since "$started")"

# 2. and 3. A fresh cluster, and the restore.
started=$(now)
fresh start >/dev/null || fail "could not create the fresh cluster in $cluster"
target=$(fresh url)
say "fresh cluster $(describe "$target") in $(since "$started")"
started=$(now)
with_connection "$target" "$bin_dir/pg_restore" --dbname="$(database_of "$target")" --no-owner --no-privileges \
  --exit-on-error --single-transaction "$dump" >"$drill/restore.log" 2>&1 \
  || { sed 's/^/  pg_restore: /' "$drill/restore.log" >&2; fail "pg_restore into the fresh cluster failed"; }
say "restored in $(since "$started")"

# 4. The server's verbs against the restore.
verb migrate >"$drill/migrate.log" 2>&1 || { cat "$drill/migrate.log" >&2; fail "migrate on the restored database failed"; }
grep -h -i 'up to date' "$drill/migrate.log" | sed 's/^ */  migrate: /' >&2 || true
verify_status=0
verb audit verify >"$drill/verify.log" 2>&1 || verify_status=$?
sed 's/^/  audit verify: /' "$drill/verify.log" >&2
[ "$verify_status" = 0 ] || fail "audit verify found the restored record changed (exit $verify_status)"

# 5. Source and restore compared.
events_restored=$(sql "$target" "select count(*) from planner.mt_events")
say "events: source $events_before before the dump and $events_after after it, restored $events_restored"
if [ "$events_before" = "$events_after" ]; then
  [ "$events_restored" = "$events_before" ] || fail "the restore holds $events_restored events, the source $events_before"
elif [ "$events_restored" -lt "$events_before" ] || [ "$events_restored" -gt "$events_after" ]; then
  fail "the restore holds $events_restored events, outside the source's $events_before..$events_after during the dump"
fi
sql "$target" "copy (select distinct on (stream_id) stream_id, version, headers->>'hash' from planner.mt_events
                     order by stream_id, version desc) to stdout with (format csv)" >"$drill/heads.csv"
heads=$(wc -l <"$drill/heads.csv" | tr -d ' ')
differing=$(with_connection "$source_connection" "$bin_dir/psql" -X -q -A -t -v ON_ERROR_STOP=1 <<SQL
create temporary table drill_heads (stream_id uuid, version bigint, hash text);
\copy drill_heads from '$drill/heads.csv' with (format csv)
with differing as (
  select h.stream_id::text || ' v' || h.version as head from drill_heads h
  left join planner.mt_events e on e.stream_id = h.stream_id and e.version = h.version
  where e.headers->>'hash' is null or e.headers->>'hash' <> h.hash)
select (select count(*) from differing)::text
       || coalesce(', first: ' || (select string_agg(head, ', ') from (select head from differing limit 5) first), '');
SQL
) || fail "could not compare stream heads with the source"
[ "$differing" = 0 ] || fail "stream heads that differ from the source's (stream, version): $differing"
say "stream heads: all $heads match the source (version and hash)"
say "PASSED: the backup restores into a fresh cluster complete and intact"
