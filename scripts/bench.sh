#!/usr/bin/env bash
# Reproduces every figure of "Reading and posting at scale" in docs/performance.md in one run on one machine:
#   bash scripts/bench.sh [DURATION] [CONNECTIONS]          (defaults: 15s, 16)
#   FORUM_BENCH_POSTGRES="Host=…;Database=…" bash scripts/bench.sh   also measures posting on PostgreSQL
# It publishes the web app (Release), makes a fresh SQLite database with essays of 1,000 and 10,000 generated
# comments and 16 accounts with tokens, starts the server (Production, Serilog at Warning) on 127.0.0.1:5090 and runs
# wrk (browser User-Agent, Accept-Encoding br/gzip) against: a static file from the same server (the ceiling), the home
# page, the first and a later page of the 1,000-comment essay, the first page of the 10,000-comment essay, the read
# API, and posting (one writer sequentially, then 16 writers on 16 accounts).
# Every figure counts only answered requests: wrk's "Non-2xx or 3xx responses" is printed beside it, and the script
# ends non-zero if any run had refusals or errors. Limits during the run (stated in the output): the read limit off
# (RateLimits:Read:TokensPerSecond=0) and the posting limits off (Posting:*=0), as a benchmark from one address needs.
set -euo pipefail
DURATION="${1:-15s}"
CONNECTIONS="${2:-16}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d /tmp/forum-bench-XXXXXX)"
PORT=5090
BASE="http://127.0.0.1:$PORT"
UA="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
LIMITS=(--RateLimits:Read:TokensPerSecond=0 --Posting:PerAccountInterval=00:00:00 --Posting:NewAccountInterval=00:00:00 --Posting:PerIpInterval=00:00:00)
REFUSED=0

echo "== build and data ($OUT)"
dotnet publish "$ROOT/src/ForumApp.Web" -c Release -o "$OUT/app" >/dev/null
APP=("$OUT/app/ForumApp.Web")
DB="Data Source=$OUT/bench.db"
E1K=$("${APP[@]}" sample-essay --comments 1000 --seed 1 "--ConnectionStrings:Forum=$DB" 2>/dev/null | tail -1)
E10K=$("${APP[@]}" sample-essay --comments 10000 --seed 2 "--ConnectionStrings:Forum=$DB" 2>/dev/null | tail -1)
EWARM=$("${APP[@]}" sample-essay --comments 10 --seed 3 "--ConnectionStrings:Forum=$DB" 2>/dev/null | tail -1)
: > "$OUT/tokens.txt"
for i in $(seq 1 16); do
  echo 'bench-password-1' | "${APP[@]}" users add "writer$i" --role commenter --token "--ConnectionStrings:Forum=$DB" 2>/dev/null | tail -1 >> "$OUT/tokens.txt"
done

start_server() {
  ASPNETCORE_ENVIRONMENT=Production "${APP[@]}" --urls="$BASE" "--ConnectionStrings:Forum=$1" ${2:+--Database:Provider=$2} \
    "--Seed:Folder=$ROOT/seeds" "--Serilog:MinimumLevel:Default=Warning" "${LIMITS[@]}" >"$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do curl -sf -o /dev/null "$BASE/healthz" && return; sleep 0.2; done
  echo "server did not start; see $OUT/server.log" >&2; exit 1
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }
peak_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap 'stop_server' EXIT

# run NAME URL [wrk options...]: one line of figures; bytes raw and brotli from curl.
run() {
  local name="$1" url="$2"; shift 2
  local raw br out non2xx
  raw=$(curl -s -o /dev/null -w '%{size_download}' -A "$UA" "$url")
  br=$(curl -s -o /dev/null -w '%{size_download}' -A "$UA" -H 'Accept-Encoding: br' "$url")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "User-Agent: $UA" -H 'Accept-Encoding: gzip, deflate, br' "$@" "$url")
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); non2xx=${non2xx:-0}
  [ "$non2xx" -gt 0 ] && REFUSED=1
  printf '%-34s %10s req/s  p50 %8s  p99 %8s  non-2xx %6s  raw %9s B  br %8s B  rss %s MB\n' "$name" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
    "$(echo "$out" | awk '$1=="99%" {print $2}')" "$non2xx" "$raw" "$br" "$(rss_mb)"
}

post() {
  local name="$1" threads="$2" conns="$3"
  local out non2xx
  out=$(TOKENS="$OUT/tokens.txt" wrk -t"$threads" -c"$conns" -d"$DURATION" --latency -s "$ROOT/scripts/bench/post.lua" "$BASE/api/essays/$E1K/comments")
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); non2xx=${non2xx:-0}
  [ "$non2xx" -gt 0 ] && REFUSED=1
  printf '%-34s %10s posts/s p50 %8s  p99 %8s  non-2xx %6s  rss %s MB\n' "$name" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
    "$(echo "$out" | awk '$1=="99%" {print $2}')" "$non2xx" "$(rss_mb)"
}

start_server "$DB"
P1K=$(curl -s -o /dev/null -w '%{redirect_url}' "$BASE/essays/$E1K/x"); P10K=$(curl -s -o /dev/null -w '%{redirect_url}' "$BASE/essays/$E10K/x")
curl -s -o /dev/null "$BASE/"; curl -s -o /dev/null "$P1K"
# Warm up, as a server that has run for a while is: the EF model, the near-duplicate index of the essay posted to
# (loaded on its first check), and tiered compilation. A fresh process runs its first thousands of posts in code the
# JIT has not optimized yet (its compiler thread takes a fifth of the CPU then): 15 s of posting to another essay, so
# that the measured essay keeps its 1,000 comments until the posting runs.
warm_posting() {
  TOKENS="$OUT/tokens.txt" wrk -t16 -c16 -d15s -s "$ROOT/scripts/bench/post.lua" "$BASE/api/essays/$1/comments" >/dev/null
  TOKENS="$OUT/tokens.txt" wrk -t1 -c1 -d3s -s "$ROOT/scripts/bench/post.lua" "$BASE/api/essays/$2/comments" >/dev/null
}
warm_posting "$EWARM" "$E1K"
for url in "$BASE/" "$P1K" "$P1K?page=5" "$P10K" "$BASE/api/essays/$E1K"; do wrk -t2 -c16 -d2s "$url" >/dev/null; done
# At rest = 10 s without a request (the server gives memory back after 6 quiet seconds: docs/performance.md).
sleep 10
echo "== $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS -d$DURATION; limits off: ${LIMITS[*]}"
echo "server RSS at rest: $(rss_mb) MB"
# The trim hands the mapped files' pages back to the kernel: the first request after it reads the code it needs again.
echo "first request after the rest (1,000-comment essay, br): $(curl -s -o /dev/null -w '%{time_total}' -A "$UA" -H 'Accept-Encoding: br' "$P1K") s, then RSS $(rss_mb) MB"
run "static file (/app.css)" "$BASE/app.css"
run "home page" "$BASE/"
run "essay 1,000 comments, first page" "$P1K"
run "essay 1,000 comments, page 5" "$P1K?page=5"
run "essay 10,000 comments, first page" "$P10K"
run "GET /api/essays/{1,000}" "$BASE/api/essays/$E1K"
post "posting, 1 writer (SQLite)" 1 1
post "posting, 16 writers (SQLite)" 16 16
echo "server RSS peak: $(peak_mb) MB, at the end of the load $(rss_mb) MB"
sleep 10
echo "server RSS at rest again (10 s after the load): $(rss_mb) MB"
# After 66 quiet seconds the expired read models (they live 60 s) are dropped and the server trims again.
sleep 70
echo "server RSS at rest 80 s after the load: $(rss_mb) MB"
stop_server

if [ -n "${FORUM_BENCH_POSTGRES:-}" ]; then
  "${APP[@]}" sample-essay --comments 1000 --seed 1 --Database:Provider=Postgres "--ConnectionStrings:Forum=$FORUM_BENCH_POSTGRES" >/dev/null 2>&1
  E1K=$("${APP[@]}" sample-essay --comments 10 --seed 3 --Database:Provider=Postgres "--ConnectionStrings:Forum=$FORUM_BENCH_POSTGRES" 2>/dev/null | tail -1)
  : > "$OUT/tokens.txt"
  for i in $(seq 1 16); do
    echo 'bench-password-1' | "${APP[@]}" users add "pgwriter$i-$RANDOM" --role commenter --token --Database:Provider=Postgres "--ConnectionStrings:Forum=$FORUM_BENCH_POSTGRES" 2>/dev/null | tail -1 >> "$OUT/tokens.txt"
  done
  EWARM=$("${APP[@]}" sample-essay --comments 10 --seed 4 --Database:Provider=Postgres "--ConnectionStrings:Forum=$FORUM_BENCH_POSTGRES" 2>/dev/null | tail -1)
  start_server "$FORUM_BENCH_POSTGRES" Postgres
  warm_posting "$EWARM" "$E1K"
  post "posting, 1 writer (PostgreSQL)" 1 1
  post "posting, 16 writers (PostgreSQL)" 16 16
  stop_server
fi

if [ "$REFUSED" -ne 0 ]; then
  echo "SOME RUNS HAD REFUSALS OR ERRORS (non-2xx above): those figures do not count" >&2
  exit 1
fi
