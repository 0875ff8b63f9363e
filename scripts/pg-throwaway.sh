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
    [ -n "$port" ] || port=$(( 20000 + RANDOM % 20000 ))
    as_owner "'$bin/initdb' -D '$dir/data' -U pas --auth=trust -E UTF8 --no-sync >'$dir/initdb.log' 2>&1"
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w start \
      -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200\"" >/dev/null
    echo "postgresql://pas@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
