#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, broker and controller in one JVM) on 127.0.0.1, for tests, CI and
# running distributed mode by hand. Needs Java 17+ and Maven; the jars come from Maven Central (pom.xml), are
# cached in ~/.m2 and copied once to infra/kafka/target/kafka-libs.
#   broker.sh start DIR   formats DIR on first use, starts the broker, waits until it accepts clients and
#                         prints its bootstrap address (127.0.0.1:PORT) on the last line. Starting again on
#                         the same DIR (after stop) reuses its data and its port: clients reconnect.
#   broker.sh stop DIR    SIGTERM (a clean shutdown, 2-3 s), SIGKILL after 30 s. DIR is kept.
#   broker.sh fetch       only resolves the jars (CI can warm its cache with it).
# Environment: KAFKA_PORT (default: a free port, then the one DIR used before), KAFKA_HEAP (default 256m),
# KAFKA_START_TIMEOUT seconds (default 180).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
libs="$here/target/kafka-libs"

fetch() {
  command -v java >/dev/null || { echo "broker.sh: java not found (Java 17+ is needed for the broker)" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "broker.sh: mvn not found (Maven fetches the broker's jars)" >&2; exit 1; }
  mkdir -p "$here/target"
  # The marker holds the pom's hash: a version bump fetches again; otherwise Maven's start-up (~10 s) is skipped.
  local want; want=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
  exec 9>"$here/target/.fetch.lock"
  flock 9
  if [ "$(cat "$libs/.complete" 2>/dev/null)" != "$want" ]; then
    rm -rf "$libs"
    mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies >&2
    echo "$want" >"$libs/.complete"
  fi
  flock -u 9
}

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    if ! in_use "$p" && [ "$p" != "${1:-}" ]; then echo "$p"; return; fi
  done
  echo "broker.sh: no free port found" >&2
  exit 1
}

# A KRaft cluster id: base64url of 16 random bytes, no padding, not starting with '-' (saves a JVM run).
cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [ "${id:0:1}" != "-" ] && { echo "$id"; return; }
  done
}

alive() { [ -f "$1/broker.pid" ] && kill -0 "$(cat "$1/broker.pid")" 2>/dev/null; }

start() {
  local dir=$1
  fetch
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if alive "$dir"; then echo "broker.sh: a broker already runs in $dir" >&2; exit 1; fi
  local port cport
  if [ -f "$dir/ports" ]; then
    read -r port cport <"$dir/ports"
  else
    port=${KAFKA_PORT:-$(free_port)}
    cport=$(free_port "$port")
    echo "$port $cport" >"$dir/ports"
  fi
  for p in "$port" "$cport"; do
    if in_use "$p"; then echo "broker.sh: port $p is taken (another broker?)" >&2; exit 1; fi
  done
  sed -e "s|@DATA@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$cport|g" \
    "$here/server.properties" >"$dir/server.properties"
  local cp="$libs/*" log4j="-Dlog4j2.configurationFile=file:$here/log4j2.properties"
  # Static voters: format once, without --standalone; a restart keeps the data.
  if [ ! -f "$dir/log/meta.properties" ]; then
    java "$log4j" -cp "$cp" kafka.tools.StorageTool format -t "$(cluster_id)" -c "$dir/server.properties" \
      >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; exit 1; }
  fi
  rm -f "$dir/broker.pid"
  [ -f "$dir/broker.log" ] && mv "$dir/broker.log" "$dir/broker.log.1"
  local heap=${KAFKA_HEAP:-256m}
  # Its own session, with no terminal and none of our file descriptors: a caller reading our output through
  # $(...) must not wait for the broker. bash -c writes the pid that exec hands on to the JVM.
  setsid bash -c 'echo $$ >"$1/broker.pid"; shift; exec "$@"' _ "$dir" \
    java "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC "$log4j" -cp "$cp" kafka.Kafka "$dir/server.properties" \
    </dev/null >"$dir/broker.log" 2>&1 &
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-180}))
  until [ -f "$dir/broker.pid" ]; do sleep 0.1; done
  while :; do
    if ! alive "$dir"; then
      echo "broker.sh: the broker exited during start; its log:" >&2
      tail -n 40 "$dir/broker.log" >&2
      exit 1
    fi
    if grep -q 'Kafka Server started' "$dir/broker.log" && in_use "$port"; then break; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "broker.sh: not ready after ${KAFKA_START_TIMEOUT:-180} s; stopping it. Its log:" >&2
      tail -n 40 "$dir/broker.log" >&2
      stop "$dir"
      exit 1
    fi
    sleep 0.5
  done
  echo "127.0.0.1:$port"
}

stop() {
  local dir=$1
  alive "$dir" || { rm -f "$dir/broker.pid"; return 0; }
  local pid; pid=$(cat "$dir/broker.pid")
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/broker.pid"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/broker.pid"
}

case "${1:-}" in
  start) start "${2:?usage: broker.sh start DIR}" ;;
  stop) stop "${2:?usage: broker.sh stop DIR}" ;;
  fetch) fetch ;;
  *) echo "usage: $0 start DIR | stop DIR | fetch" >&2; exit 2 ;;
esac
