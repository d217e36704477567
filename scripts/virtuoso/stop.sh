#!/usr/bin/env bash
# Stop a Virtuoso started by scripts/virtuoso/start.sh: checkpoint + shutdown through isql, else SIGTERM; waits for exit.
#   scripts/virtuoso/stop.sh --db DIR [--password P] [--remove]   (--remove deletes the database directory)
set -euo pipefail
db=""
password=dba
remove=0
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --remove) remove=1; shift ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) echo "stop.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$db" ] || { echo "stop.sh: --db DIR is required (the VIRTUOSO_DB that start.sh printed)" >&2; exit 2; }
[ -f "$db/virtuoso.pid" ] || { echo "stop.sh: no $db/virtuoso.pid; nothing to stop" >&2; exit 0; }
pid="$(cat "$db/virtuoso.pid")"
if kill -0 "$pid" 2>/dev/null; then
  # shellcheck disable=SC1091
  . "$db/virtuoso.env"
  "${VIRTUOSO_ISQL:-isql-vt}" "127.0.0.1:$ISQL_PORT" dba "$password" "EXEC=shutdown;" < /dev/null >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
fi
rm -f "$db/virtuoso.pid"
if [ "$remove" = 1 ]; then rm -rf "$db"; fi
echo "stopped Virtuoso for $db"
