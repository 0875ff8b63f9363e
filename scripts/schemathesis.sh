#!/usr/bin/env bash
# Property-based API test: schemathesis against a demo server, every check, the stateful phase on.
#   bash scripts/schemathesis.sh            # what .ci/run runs
#   PAS_SCHEMATHESIS_EXAMPLES=100 PAS_SCHEMATHESIS_SEED=random bash scripts/schemathesis.sh
# Installs schemathesis (pinned) into a venv under ~/.cache when missing, starts `pas demo` on a free port with
# a temporary PGlite data directory, waits until the demo data is in and /health/ready says ready, runs, stops
# the server. Exits non-zero on any failure (a server error, a response that contradicts the schema, an
# undocumented status, a schema-valid request refused). Per-operation exceptions live in
# scripts/schemathesis.toml and are explained in docs/api.md ("What schemathesis reports and why").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=4.32.5
VENV="${PAS_SCHEMATHESIS_VENV:-$HOME/.cache/pas-schemathesis}"
EXAMPLES="${PAS_SCHEMATHESIS_EXAMPLES:-30}"
# A fixed seed keeps CI reproducible; 'random' lets schemathesis pick one (it prints it).
SEED="${PAS_SCHEMATHESIS_SEED:-20261207}"
# The whole run (server start and demo data included) is cut off after this many seconds.
TIME_CAP="${PAS_SCHEMATHESIS_TIME_CAP:-420}"
ST="$VENV/bin/schemathesis"

# ── schemathesis, pinned, in its own venv ──────────────────────────────────────────────────────────────────
installed_version() { "$VENV/bin/pip" show schemathesis 2>/dev/null | sed -n 's/^Version: //p'; }
if ! { [ -x "$ST" ] && [ "$(installed_version)" = "$VERSION" ]; }; then
  echo "installing schemathesis $VERSION into $VENV"
  can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
  if ! command -v python3 >/dev/null 2>&1 && can_apt; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  PYTHON=$(command -v python3 || true)
  if [ -z "$PYTHON" ]; then
    echo "python3 is required for schemathesis" >&2
    exit 1
  fi
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian splits venv/ensurepip into python3-venv; install it when we may.
    if can_apt; then
      rm -rf "$VENV"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv "$VENV"
    else
      echo "'$PYTHON -m venv' failed; install python3-venv" >&2
      exit 1
    fi
  fi
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
echo "schemathesis $(installed_version) ($ST)"

# ── a demo server on a free port, embedded, in a temporary directory ───────────────────────────────────────
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pas-schemathesis.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

started=$SECONDS
# The server requires API keys (PAS_AUTH=required), as it would beyond loopback: schemathesis sends a key with
# every scope, and its authentication checks see requests without a key, or with a wrong one, answered 401.
# The key is made before the server starts, in the data directory the demo then opens. DELETE (only
# /keys/{key_id}) is left out: fuzzing it revokes the run's own key, found by GET /keys (test/security covers it).
# The rate limit is off: the fuzzer sends thousands of requests a minute (test/security covers the 429s).
KEY=$(env -u DATABASE_URL node bin/pas.mjs keys create --data "$WORK/data" --name schemathesis \
  --scopes read,ingest,admin 2>/dev/null | tail -n 1)
# The suite's DATABASE_URL (CI's throwaway PostgreSQL) must not receive fuzzed data: the demo runs embedded.
env -u DATABASE_URL PAS_AUTH=required PAS_RATE_LIMIT_MAX=0 PAS_LOG_LEVEL=warn node bin/pas.mjs demo --portfolios 2 --years 1 \
  --data "$WORK/data" --port "$PORT" --query-port 0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
echo "pas demo on $BASE (pid $SERVER_PID), data in $WORK/data"
until grep -q '^pas ready:' "$WORK/server.out" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null || [ $((SECONDS - started)) -gt 180 ]; then
    echo "the demo server did not come up:" >&2
    tail -n 30 "$WORK/server.out" "$WORK/server.err" >&2
    exit 1
  fi
  sleep 1
done
curl -fsS "$BASE/health/ready" >/dev/null
# The document needs the key too (PAS_AUTH_PUBLIC is not set): fetched once with it, read from the file.
curl -fsS -H "Authorization: Bearer $KEY" "$BASE/openapi.json" >"$WORK/openapi.json"
echo "demo data in, ready after $((SECONDS - started)) s"

# ── the run ─────────────────────────────────────────────────────────────────────────────────────────────────
# Hypothesis health checks about generation (too many examples filtered, generation slow on a busy machine)
# say nothing about the API; they are not allowed to fail the run.
seed_args=()
[ "$SEED" = random ] || seed_args=(--seed "$SEED")
rc=0
CONFIG="$PWD/scripts/schemathesis.toml"
budget=$((TIME_CAP - (SECONDS - started)))
[ "$budget" -gt 30 ] || budget=30
# Run from the temporary directory: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
(cd "$WORK" && timeout --kill-after=10 "$budget" "$ST" --config-file "$CONFIG" \
  run "$WORK/openapi.json" --url "$BASE" \
  --header "Authorization: Bearer $KEY" \
  --exclude-method DELETE \
  --checks all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$EXAMPLES" \
  --workers 1 \
  --suppress-health-check filter_too_much,too_slow \
  --request-timeout 30 \
  --generation-database none \
  --no-color \
  --report junit --report-dir "$WORK/report" \
  "${seed_args[@]}") || rc=$?
echo "schemathesis exit $rc after $((SECONDS - started)) s"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "schemathesis ran over the time cap of ${TIME_CAP} s" >&2; fi
if grep -q '"level":50' "$WORK/server.out" "$WORK/server.err" 2>/dev/null; then
  echo "server errors logged during the run:" >&2
  grep -h '"level":50' "$WORK/server.out" "$WORK/server.err" | cut -c1-600 | head -n 20 >&2
  [ "$rc" != 0 ] || rc=1
fi
stop_server
exit "$rc"
