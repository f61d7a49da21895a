#!/usr/bin/env bash
# Command 1 of the README: install what is needed into .venv, then build
# every seed, model and test on the raw folder SAAS_RAW_DIR (default: the
# shipped sample in sample_data/raw) into SAAS_DUCKDB_PATH (default:
# saas_metrics.duckdb at the project root). With SAAS_CHARGEBEE_EXPORT_ZIP set
# to a Chargebee export zip, its files are first put into
# $SAAS_RAW_DIR/billing (scripts/unpack_chargebee_export.py).
source "$(dirname "$0")/_common.sh"

if [ -n "${SAAS_CHARGEBEE_EXPORT_ZIP:-}" ]; then
    step "Chargebee export $SAAS_CHARGEBEE_EXPORT_ZIP -> $SAAS_RAW_DIR/billing"
    .venv/bin/python scripts/unpack_chargebee_export.py "$SAAS_CHARGEBEE_EXPORT_ZIP" "$SAAS_RAW_DIR"
fi

step "dbt build on $SAAS_RAW_DIR -> $SAAS_DUCKDB_PATH"
dbt build "$@"

step "Done: the marts are in schema 'marts' of $SAAS_DUCKDB_PATH"
