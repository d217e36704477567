#!/usr/bin/env bash
# Start a private Virtuoso (Debian package virtuoso-opensource) for HuggingKG-LD's external-store mode:
# loopback ports, its own database directory, DirsAllowed = that directory + the dump directories.
# Runs in the background, waits until isql answers, prints KEY=VALUE lines and the SPARQL endpoint URL.
#
#   scripts/virtuoso/start.sh [--db DIR] [--isql-port N] [--http-port N] [--dump-dir DIR]... [--password P]
#                             [--default-graph IRI] [--timeout SECONDS]
# Defaults: a new temporary --db, isql 127.0.0.1:11111, HTTP 127.0.0.1:8901, password dba,
#           default graph https://w3id.org/huggingkg/. Environment: VIRTUOSO_BUFFERS (8 KiB pages, default 50000),
#           VIRTUOSO_BIN (default virtuoso-t), VIRTUOSO_ISQL (default isql-vt), VIRTUOSO_FREE_TEXT=1 (keep the stock
#           free-text index of every literal in a new database).
# Stop it with scripts/virtuoso/stop.sh --db DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
db=""
isql_port=11111
http_port=8901
password=dba
default_graph="https://w3id.org/huggingkg/"
timeout=60
dump_dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --isql-port) isql_port="$2"; shift 2 ;;
    --http-port) http_port="$2"; shift 2 ;;
    --dump-dir) dump_dirs+=("$(cd "$2" && pwd)"); shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --default-graph) default_graph="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "start.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

bin="${VIRTUOSO_BIN:-virtuoso-t}"
isql="${VIRTUOSO_ISQL:-isql-vt}"
if ! command -v "$bin" >/dev/null 2>&1; then
  echo "start.sh: $bin not found; install it with: apt-get install -y virtuoso-opensource" >&2
  exit 3
fi
if ! command -v "$isql" >/dev/null 2>&1; then
  echo "start.sh: $isql not found (Debian's virtuoso-opensource-7-bin ships isql-vt); set VIRTUOSO_ISQL" >&2
  exit 3
fi

[ -n "$db" ] || db="$(mktemp -d "${TMPDIR:-/tmp}/huggingkg-virtuoso.XXXXXX")"
mkdir -p "$db"
db="$(cd "$db" && pwd)"
if [ -f "$db/virtuoso.pid" ] && kill -0 "$(cat "$db/virtuoso.pid")" 2>/dev/null; then
  echo "start.sh: Virtuoso already runs for $db (pid $(cat "$db/virtuoso.pid")); stop it first" >&2
  exit 4
fi

# a database that does not exist yet is created by this start (see the free-text rule below)
fresh=0
[ -f "$db/virtuoso.db" ] || fresh=1

dirs_allowed="., $db, /usr/share/virtuoso-opensource-7/vad"
for d in "${dump_dirs[@]+"${dump_dirs[@]}"}"; do dirs_allowed="$dirs_allowed, $d"; done
buffers="${VIRTUOSO_BUFFERS:-50000}"
dirty=$(( buffers * 3 / 4 ))

sed -e "s#@DBDIR@#$db#g" -e "s#@ISQL_PORT@#$isql_port#g" -e "s#@HTTP_PORT@#$http_port#g" \
    -e "s#@DIRS_ALLOWED@#$dirs_allowed#g" -e "s#@BUFFERS@#$buffers#g" -e "s#@DIRTY_BUFFERS@#$dirty#g" \
    -e "s#@MAX_QUERY_SECONDS@#${VIRTUOSO_MAX_QUERY_SECONDS:-120}#g" -e "s#@MAX_ROWS@#${VIRTUOSO_MAX_ROWS:-1000000}#g" \
    -e "s#@DEFAULT_GRAPH@#$default_graph#g" \
    "$here/virtuoso.ini.template" > "$db/virtuoso.ini"

# +foreground keeps the server in this process (so $! is its pid); nohup + & puts it in the background. All three
# standard streams are redirected so it holds no pipe of the caller (who may wait for our stdout to close).
cd "$db"
nohup "$bin" +foreground +configfile "$db/virtuoso.ini" < /dev/null > "$db/virtuoso.out" 2>&1 &
pid=$!
cd - >/dev/null
echo "$pid" > "$db/virtuoso.pid"
printf 'ISQL_PORT=%s\nHTTP_PORT=%s\n' "$isql_port" "$http_port" > "$db/virtuoso.env"

deadline=$(( $(date +%s) + timeout ))
# isql reads more statements from stdin after EXEC=, so give it none.
try_isql() { "$isql" "127.0.0.1:$isql_port" dba "$1" "EXEC=status('');" < /dev/null >/dev/null 2>&1; }
until try_isql "$password" || { [ "$password" != dba ] && try_isql dba; }; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: Virtuoso exited during start-up; last lines of $db/virtuoso.log:" >&2
    tail -n 20 "$db/virtuoso.log" "$db/virtuoso.out" >&2 2>/dev/null || true
    exit 5
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "start.sh: isql did not answer on 127.0.0.1:$isql_port within ${timeout}s; see $db/virtuoso.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 6
  fi
  sleep 0.5
done
# A fresh database has the password dba; set the one asked for.
if [ "$password" != dba ] && ! try_isql "$password"; then
  "$isql" "127.0.0.1:$isql_port" dba dba "EXEC=set password dba $password;" < /dev/null >/dev/null
fi

# Virtuoso's stock database indexes every literal for free-text search (one rule in DB.DBA.RDF_OBJ_FT_RULES: all
# graphs, all predicates), so the bulk loader stores each string literal in RDF_OBJ with a text-index log row: ~8% of
# the loader's CPU and ~11% of the database at F = 0.1. HuggingKG-LD never asks bif:contains (its search is its own),
# so a database created here drops the rule; VIRTUOSO_FREE_TEXT=1 keeps it.
if [ "$fresh" = 1 ] && [ "${VIRTUOSO_FREE_TEXT:-0}" != 1 ]; then
  "$isql" "127.0.0.1:$isql_port" dba "$password" "EXEC=DB.DBA.RDF_OBJ_FT_RULE_DEL (null, null, 'ALL');" < /dev/null >/dev/null
fi

echo "VIRTUOSO_DB=$db"
echo "VIRTUOSO_PID=$pid"
echo "VIRTUOSO_ISQL_PORT=$isql_port"
echo "VIRTUOSO_HTTP_PORT=$http_port"
echo "SPARQL_ENDPOINT=http://127.0.0.1:$http_port/sparql"
