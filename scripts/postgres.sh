#!/usr/bin/env bash
# A local PostgreSQL server for the `postgres` target of profiles.yml, from
# the machine's Debian packages (apt-get install postgresql):
#
#   scripts/postgres.sh install  install PostgreSQL when it is missing (root: apt-get)
#   scripts/postgres.sh start    initialise (first time) and start it
#   scripts/postgres.sh stop     stop it
#   scripts/postgres.sh status   say whether it runs
#
# The server listens on 127.0.0.1 only, on SAAS_PG_PORT (55432), with its
# Unix socket in a private folder; its files live outside the repository in
# SAAS_PG_DATA (/tmp/saas_metrics_pg: data/, socket/, server.log). The
# superuser is SAAS_PG_USER (postgres) with trust authentication from this
# machine only (a throwaway local server; use a real server with a password
# for anything else). `start` also creates the database SAAS_PG_DBNAME
# (saas_metrics) and the BI tool's login role SAAS_BI_READER_ROLE
# (bi_reader, no password under trust; the marts are granted to it), and
# revokes TEMPORARY on that database from PUBLIC, so that the role can read
# the marts and create nothing, not even a temporary table (docs/least_privilege.md). Run as root, the server runs as the `postgres`
# user. Binaries: SAAS_PG_BIN (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

PG_HOME="${SAAS_PG_DATA:-/tmp/saas_metrics_pg}"
PG_PORT="${SAAS_PG_PORT:-55432}"
PG_USER="${SAAS_PG_USER:-postgres}"
PG_DBNAME="${SAAS_PG_DBNAME:-saas_metrics}"
BI_READER_ROLE="${SAAS_BI_READER_ROLE:-bi_reader}"
DATA_DIR="$PG_HOME/data"
SOCKET_DIR="$PG_HOME/socket"
LOG_FILE="$PG_HOME/server.log"

find_binaries() {
    PG_BIN="${SAAS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ]
}

require_binaries() {
    if ! find_binaries; then
        echo "PostgreSQL binaries not found (set SAAS_PG_BIN, or run: scripts/postgres.sh install)" >&2
        exit 1
    fi
}

# Install Debian's postgresql package when no binaries are found; only root
# may. When the install fails (package lists missing or stale), apt-get
# update, then install again.
install() {
    if find_binaries; then
        echo "installed: $PG_BIN"
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "PostgreSQL is not installed and only root can install it: run" >&2
        echo "  sudo apt-get install postgresql    (or set SAAS_PG_BIN to its bin folder)" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "PostgreSQL is not installed and there is no apt-get: install PostgreSQL 15+ and set SAAS_PG_BIN" >&2
        exit 1
    fi
    echo "apt-get install postgresql"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q postgresql >/dev/null 2>&1; then
        apt-get update -q >/dev/null
        apt-get install -y -q postgresql >/dev/null
    fi
    require_binaries
    echo "installed: $PG_BIN"
}

# Run a command as the server's owner: `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# psql as the superuser, over TCP like the project's clients.
psql_super() {
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 "$@"
}

is_running() {
    [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

start() {
    mkdir -p "$PG_HOME"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PG_HOME"
    fi
    if ! as_owner test -w "$PG_HOME"; then
        echo "the server's owner cannot write to $PG_HOME (a parent folder not traversable? chmod o+x it)" >&2
        exit 1
    fi
    as_owner mkdir -p "$SOCKET_DIR"
    as_owner chmod 700 "$SOCKET_DIR"
    if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
        echo "initdb: $DATA_DIR"
        as_owner "$PG_BIN/initdb" --pgdata="$DATA_DIR" --username="$PG_USER" --auth=trust \
            --encoding=UTF8 --locale=C >/dev/null
    fi
    if is_running; then
        echo "already running: 127.0.0.1:$PG_PORT ($DATA_DIR)"
    else
        if ! as_owner "$PG_BIN/pg_ctl" start --wait --pgdata="$DATA_DIR" --log="$LOG_FILE" \
            -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$SOCKET_DIR" >/dev/null; then
            echo "the server did not start (port $PG_PORT in use?); end of $LOG_FILE:" >&2
            tail -n 5 "$LOG_FILE" >&2 || true
            exit 1
        fi
        echo "started: 127.0.0.1:$PG_PORT (data $DATA_DIR, log $LOG_FILE)"
    fi
    local exists
    exists="$(psql_super -d postgres -Atq \
        -c "select 1 from pg_database where datname = '${PG_DBNAME//\'/\'\'}'")"
    if [ "$exists" != 1 ]; then
        psql_super -d postgres -q -c "create database \"${PG_DBNAME//\"/\"\"}\""
        echo "created database $PG_DBNAME"
    fi
    local role_exists
    role_exists="$(psql_super -d postgres -Atq \
        -c "select 1 from pg_roles where rolname = '${BI_READER_ROLE//\'/\'\'}'")"
    if [ "$role_exists" != 1 ]; then
        psql_super -d postgres -q -c "create role \"${BI_READER_ROLE//\"/\"\"}\" login"
        echo "created role $BI_READER_ROLE (login, no password: trust from this machine only)"
    fi
    psql_super -d "$PG_DBNAME" -q -c "revoke temporary on database \"${PG_DBNAME//\"/\"\"}\" from public"
}

stop() {
    if is_running; then
        as_owner "$PG_BIN/pg_ctl" stop --wait --mode=fast --pgdata="$DATA_DIR" >/dev/null
        echo "stopped ($DATA_DIR)"
    else
        echo "not running ($DATA_DIR)"
    fi
}

case "${1:-}" in
    install) install ;;
    start) require_binaries; start ;;
    stop) require_binaries; stop ;;
    status) require_binaries
        if is_running; then echo "running: 127.0.0.1:$PG_PORT ($DATA_DIR)"; else echo "not running ($DATA_DIR)"; exit 3; fi ;;
    *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
