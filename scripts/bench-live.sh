#!/usr/bin/env bash
# The live channel's figures for docs/performance.md, one node and two nodes:
#   bash scripts/bench-live.sh [STREAMS] [POSTS]          (defaults: 1000 streams, 100 posts)
# Needs PostgreSQL and Redis as scripts/services.sh starts them (bash scripts/services.sh start).
# One node: the app on SQLite; 1,000 event streams are opened on it and its resident memory is read before and after
# (KB per connected reader); then 100 comments are posted one after another and the time from sending each post to
# reading its event on a stream is taken (p50, p95). Two nodes: two app processes on one PostgreSQL database and
# Redis; the streams and the watching stream are on node B, the posts go to node A.
set -euo pipefail
STREAMS="${1:-1000}"
POSTS="${2:-100}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d /tmp/forum-live-XXXXXX)"
eval "$(bash "$ROOT/scripts/services.sh" env)"
LIMITS=(--RateLimits:Read:TokensPerSecond=0 --Posting:PerAccountInterval=00:00:00 --Posting:NewAccountInterval=00:00:00 --Posting:PerIpInterval=00:00:00)
ulimit -n 65536 2>/dev/null || true

dotnet publish "$ROOT/src/ForumApp.Web" -c Release -o "$OUT/app" >/dev/null
dotnet build -c Release "$ROOT/tests/ForumApp.Benchmarks" >/dev/null
BENCH=(dotnet "$ROOT/tests/ForumApp.Benchmarks/bin/Release/net10.0/ForumApp.Benchmarks.dll" live)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

node() { # node PORT NAME ARGS...: starts the app, echoes its pid
  local port="$1" name="$2"; shift 2
  LOCALAPPDATA="$OUT/$name-keys" ASPNETCORE_ENVIRONMENT=Production "$OUT/app/ForumApp.Web" --urls="http://127.0.0.1:$port" \
    "--Seed:Folder=$ROOT/seeds" "--Serilog:MinimumLevel:Default=Warning" --Kestrel:Limits:MaxConcurrentConnections=100000 "${LIMITS[@]}" "$@" \
    >"$OUT/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && { echo "$pid"; return; }; sleep 0.2; done
  echo "node $name did not start; see $OUT/$name.log" >&2; exit 1
}

echo "== $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== one node (SQLite)"
DB="Data Source=$OUT/one.db"
TOKEN=$(echo 'bench-password-1' | "$OUT/app/ForumApp.Web" users add livebench --role commenter --token "--ConnectionStrings:Forum=$DB" 2>/dev/null | tail -1)
A=$(node 5101 one "--ConnectionStrings:Forum=$DB"); PIDS+=("$A")
"${BENCH[@]}" --read http://127.0.0.1:5101 --essay 1 --token "$TOKEN" --streams "$STREAMS" --posts "$POSTS" --pid "$A"
kill "$A"; wait "$A" 2>/dev/null || true

echo "== two nodes (PostgreSQL + Redis; streams on B, posts on A)"
PGDB="forum_live_$RANDOM$RANDOM"
runuser -u postgres -- psql -q -c "CREATE DATABASE $PGDB" >/dev/null
PG="Host=127.0.0.1;Username=postgres;Password=postgres;Database=$PGDB"
TOKEN=$(echo 'bench-password-1' | "$OUT/app/ForumApp.Web" users add livebench --role commenter --token --Database:Provider=Postgres "--ConnectionStrings:Forum=$PG" 2>/dev/null | tail -1)
A=$(node 5102 nodeA --Database:Provider=Postgres "--ConnectionStrings:Forum=$PG" "--ConnectionStrings:Redis=$FORUM_TEST_REDIS" --Cluster:NodeName=A); PIDS+=("$A")
B=$(node 5103 nodeB --Database:Provider=Postgres "--ConnectionStrings:Forum=$PG" "--ConnectionStrings:Redis=$FORUM_TEST_REDIS" --Cluster:NodeName=B); PIDS+=("$B")
"${BENCH[@]}" --read http://127.0.0.1:5103 --post http://127.0.0.1:5102 --essay 1 --token "$TOKEN" --streams "$STREAMS" --posts "$POSTS" --pid "$B"
cleanup
runuser -u postgres -- psql -q -c "DROP DATABASE $PGDB WITH (FORCE)" >/dev/null || true
