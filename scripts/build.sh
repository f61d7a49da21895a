#!/usr/bin/env bash
# Command 1 of the README: install what is needed into .venv, then build
# every seed, model and test on the raw folder SAAS_RAW_DIR (default: the
# shipped sample in sample_data/raw) into SAAS_DUCKDB_PATH (default:
# saas_metrics.duckdb at the project root).
source "$(dirname "$0")/_common.sh"

step "dbt build on $SAAS_RAW_DIR -> $SAAS_DUCKDB_PATH"
dbt build "$@"

step "Done: the marts are in schema 'marts' of $SAAS_DUCKDB_PATH"
