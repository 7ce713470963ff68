#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite, on loopback only.
#   scripts/test-postgres.sh start   start it (idempotent)
#   scripts/test-postgres.sh url     print its URL
#   scripts/test-postgres.sh stop    stop it
set -euo pipefail
dir=${MAILLAGE_PG_DIR:-/tmp/maillage-test-pg}
port=${MAILLAGE_PG_PORT:-54329}
url="postgresql://postgres@127.0.0.1:${port}/postgres"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
  url) echo "$url" ;;
  start)
    [ -n "$bin" ] || { echo "PostgreSQL is not installed (make system-deps)" >&2; exit 1; }
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then echo "$url"; exit 0; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    echo "$url"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    ;;
  *) echo "usage: $0 start|url|stop" >&2; exit 2 ;;
esac
