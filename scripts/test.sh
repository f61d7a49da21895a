#!/usr/bin/env bash
# Command 2 of the README: every check. Builds the shipped sample in a
# scratch database (all data tests and unit tests), validates the raw files
# and the marts with Great Expectations, lints the SQL and the Python, builds the sample on
# PostgreSQL (and on Spark with SAAS_TEST_SPARK=1, as in CI) and compares
# every mart with DuckDB's, then runs the Python test suite (builds on other
# raw folders, bad inputs, idempotency, the HubSpot export, the generator,
# the loader, the BI reader's privileges on PostgreSQL, the dashboard in
# AppTest and in Chromium).
# PostgreSQL and Chromium are installed when missing (root only). The
# server of this run is a throwaway one: its files are in the scratch
# folder, it listens on SAAS_TEST_PG_PORT (55433, so a developer's own
# server on 55432 is untouched), and it is stopped on exit, also when a
# step fails.
# Exits non-zero when anything fails.
source "$(dirname "$0")/_common.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/saas_metrics_test.XXXXXX")"
# The server runs as `postgres` when we are root: it must reach its folder.
chmod 711 "$scratch"
cleanup() {
    bash scripts/postgres.sh stop >/dev/null 2>&1 || true
    rm -rf "$scratch"
}
trap cleanup EXIT
export SAAS_DUCKDB_PATH="$scratch/sample.duckdb"
# Every child (postgres.sh, the loader, dbt, pytest) uses this server.
export SAAS_PG_DATA="$scratch/postgres"
export SAAS_PG_PORT="${SAAS_TEST_PG_PORT:-55433}"
export SAAS_PG_HOST=127.0.0.1 SAAS_PG_PASSWORD=

step "1/6 PostgreSQL and Chromium: install when missing, start a throwaway server (127.0.0.1:$SAAS_PG_PORT)"
bash scripts/postgres.sh install
bash scripts/postgres.sh start
ensure_chromium

step "2/6 dbt build on the shipped sample (models, data tests, unit tests)"
dbt build --target-path "$scratch/target"

step "3/6 Great Expectations: raw files and marts (docs/data_quality.md)"
python scripts/validate_quality.py  # Data Docs: quality/data_docs/index.html

step "4/6 Lint: sqlfluff (dbt templater, duckdb dialect, .sqlfluff) and ruff (pyproject.toml)"
SAAS_DUCKDB_PATH="$scratch/lint.duckdb" DBT_TARGET_PATH="$scratch/lint_target" sqlfluff lint models analyses
ruff check --no-cache .

# Spark (SAAS_TEST_SPARK=1; CI sets it in .ci/run) adds about 10 minutes:
# its packages are installed on demand (requirements-spark.txt), its catalog
# lives in the scratch folder.
engines=duckdb,postgres
if [ "${SAAS_TEST_SPARK:-0}" = 1 ]; then
    ensure_spark_stack
    export SAAS_SPARK_DIR="$scratch/spark"
    engines=duckdb,postgres,spark
fi
step "5/6 Engines ($engines): build the sample on each (data and unit tests), compare every mart with DuckDB's"
python scripts/compare_engines.py --engines "$engines" --duckdb-path "$SAAS_DUCKDB_PATH" --reuse-duckdb

# The dashboard's browser test leaves a screenshot of every page in
# dashboard_screenshots/ (SAAS_DASHBOARD_SCREENSHOTS).
step "6/6 pytest (tests/python; PostgreSQL and Chromium required: the BI reader's privileges, the dashboard)"
SAAS_REQUIRE_POSTGRES=1 SAAS_REQUIRE_BROWSER=1 python -m pytest tests/python -q -p no:cacheprovider --durations=15

step "All checks passed"
