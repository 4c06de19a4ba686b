#!/usr/bin/env bash
# Reproduces the "Search" figures of docs/performance.md:
#   bash scripts/bench-search.sh [COMMENTS]                       (default 1000000, on a fresh SQLite file)
#   FORUM_BENCH_POSTGRES="Host=…;Database=…" bash scripts/bench-search.sh [COMMENTS]   on an empty PostgreSQL database
# It builds tests/ForumApp.Benchmarks (Release) and runs its `search` verb: generated Korean comments (1,000 per essay)
# written straight to the database, then the indexer of `search rebuild` timed, the index's size, and 400 queries
# (two-syllable nouns, nouns with particles, two words, Latin words, words that are not there) run twice through the
# search service, the second round measured (p50, p99 per kind).
set -euo pipefail
COMMENTS="${1:-1000000}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$ROOT/tests/ForumApp.Benchmarks" -c Release >/dev/null
ARGS=(search --comments "$COMMENTS")
if [ -n "${FORUM_BENCH_POSTGRES:-}" ]; then
  ARGS+=(--postgres "$FORUM_BENCH_POSTGRES")
fi
dotnet "$ROOT/tests/ForumApp.Benchmarks/bin/Release/net10.0/ForumApp.Benchmarks.dll" "${ARGS[@]}"
