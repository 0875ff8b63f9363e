#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster in DIR (tests and CI).
#   pg-throwaway.sh start DIR [PORT]   prints the connection URL on its last line
#   pg-throwaway.sh stop DIR
# initdb refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}; port=${3:-}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "'$bin/initdb' -D '$dir/data' -U pas --auth=trust -E UTF8 --no-sync >'$dir/initdb.log' 2>&1"
    # A random port may be taken (by another server, or as an ephemeral port): try another, a few times.
    for attempt in 1 2 3 4 5; do
      try=${port:-$(( 20000 + RANDOM % 12000 ))}
      if as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 120 start \
        -o \"-p $try -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200\"" >/dev/null; then
        echo "postgresql://pas@127.0.0.1:$try/postgres"
        exit 0
      fi
      [ -z "$port" ] || break
      echo "PostgreSQL did not start on port $try (attempt $attempt); $(tail -n 1 "$dir/server.log" 2>/dev/null)" >&2
    done
    echo "could not start PostgreSQL; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
