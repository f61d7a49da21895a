#!/usr/bin/env bash
# A local PostgreSQL server for the `postgres` target of profiles.yml, from
# the machine's Debian packages (apt-get install postgresql):
#
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
# (saas_metrics). Run as root, the server runs as the `postgres` user.
# Binaries: SAAS_PG_BIN (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

PG_HOME="${SAAS_PG_DATA:-/tmp/saas_metrics_pg}"
PG_PORT="${SAAS_PG_PORT:-55432}"
PG_USER="${SAAS_PG_USER:-postgres}"
PG_DBNAME="${SAAS_PG_DBNAME:-saas_metrics}"
PG_BIN="${SAAS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
DATA_DIR="$PG_HOME/data"
SOCKET_DIR="$PG_HOME/socket"
LOG_FILE="$PG_HOME/server.log"

if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    echo "PostgreSQL binaries not found (set SAAS_PG_BIN, or apt-get install postgresql)" >&2
    exit 1
fi

# Run a command as the server's owner: `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

start() {
    mkdir -p "$PG_HOME"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PG_HOME"
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
        as_owner "$PG_BIN/pg_ctl" start --wait --pgdata="$DATA_DIR" --log="$LOG_FILE" \
            -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$SOCKET_DIR" >/dev/null
        echo "started: 127.0.0.1:$PG_PORT (data $DATA_DIR, log $LOG_FILE)"
    fi
    local exists
    exists="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atq \
        -c "select 1 from pg_database where datname = '${PG_DBNAME//\'/\'\'}'")"
    if [ "$exists" != 1 ]; then
        "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -q \
            -c "create database \"${PG_DBNAME//\"/\"\"}\""
        echo "created database $PG_DBNAME"
    fi
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
    start) start ;;
    stop) stop ;;
    status) if is_running; then echo "running: 127.0.0.1:$PG_PORT ($DATA_DIR)"; else echo "not running ($DATA_DIR)"; exit 3; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
