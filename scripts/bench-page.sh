#!/usr/bin/env bash
# Measures the essay page with a generated 2,000-comment discussion under wrk, on loopback.
#   bash scripts/bench-page.sh [COMMENTS] [DURATION] [CONNECTIONS]
# Publishes the web app in Release, writes a fresh SQLite database with the seed and a generated essay,
# starts the server in Production on 127.0.0.1:5090 and runs wrk against:
#   1. the essay page (anonymous reader; served from the in-memory read model after the first request),
#   2. the same page with the read model cache disabled (every request queries and builds the tree),
#   3. GET /api/essays/{id} (anonymous; output-cached).
# Needs wrk (apt-get install -y wrk). Prints wrk's latency distribution for each.
set -euo pipefail
COMMENTS="${1:-2000}"
DURATION="${2:-20s}"
CONNECTIONS="${3:-8}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d /tmp/forum-bench-XXXXXX)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

dotnet publish "$ROOT/src/ForumApp.Web" -c Release -o "$OUT/app" >/dev/null
DB="Data Source=$OUT/bench.db"
ID=$("$OUT/app/ForumApp.Web" sample-essay --comments "$COMMENTS" "--ConnectionStrings:Forum=$DB" 2>/dev/null | tail -1)

run_server() {
  ASPNETCORE_ENVIRONMENT=Production "$OUT/app/ForumApp.Web" --urls=http://127.0.0.1:5090 "--ConnectionStrings:Forum=$DB" \
    "--Seed:Folder=$ROOT/seeds" "--Serilog:MinimumLevel:Default=Warning" "$@" >"$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:5090/healthz && return; sleep 0.2; done
  echo "server did not start; see $OUT/server.log" >&2; exit 1
}

run_server
trap 'kill $SERVER 2>/dev/null || true' EXIT
URL=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:5090/essays/$ID/x")
SIZE=$(curl -s -o /dev/null -w '%{size_download}' "$URL")
echo "essay $ID with $COMMENTS comments: $SIZE bytes of HTML"
echo "== essay page (read model cached) =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" | grep -E 'Latency|50%|90%|99%|Requests/sec'
echo "== read API (output cache) =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:5090/api/essays/$ID" | grep -E 'Latency|50%|90%|99%|Requests/sec'
kill $SERVER; wait $SERVER 2>/dev/null || true

run_server --ReadingCache:Disabled=true
echo "== essay page (no cache: two queries, tree building and writing on every request) =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" | grep -E 'Latency|50%|90%|99%|Requests/sec'
