#!/usr/bin/env bash
# Command 2 of the README: every check. Builds the shipped sample in a
# scratch database (all data tests and unit tests), validates the raw files
# and the marts with Great Expectations, lints the SQL, then runs the Python
# test suite (builds on other raw folders, bad inputs, idempotency, the
# HubSpot export, the generator).
# Exits non-zero when anything fails.
source "$(dirname "$0")/_common.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/saas_metrics_test.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
export SAAS_DUCKDB_PATH="$scratch/sample.duckdb"

step "1/4 dbt build on the shipped sample (models, data tests, unit tests)"
dbt build --target-path "$scratch/target"

step "2/4 Great Expectations: raw files and marts (README: Data quality)"
python scripts/validate_quality.py  # Data Docs: quality/data_docs/index.html

step "3/4 sqlfluff lint (dbt templater, duckdb dialect, .sqlfluff)"
SAAS_DUCKDB_PATH="$scratch/lint.duckdb" DBT_TARGET_PATH="$scratch/lint_target" sqlfluff lint models analyses

step "4/4 pytest (tests/python)"
python -m pytest tests/python -q -p no:cacheprovider

step "All checks passed"
