#!/usr/bin/env bash
# Command 1 of the README: install what is needed into .venv, then build
# every seed, model and test on the raw folder SAAS_RAW_DIR (default: the
# shipped sample in sample_data/raw) and publish the marts atomically into
# SAAS_DUCKDB_PATH (default: saas_metrics.duckdb at the project root), or
# into schema marts of the SAAS_DBT_TARGET warehouse: scripts/publish.py
# builds into a working file (schema), generates the docs, and replaces the
# published marts only when every model and test passed (docs/publishing.md).
# Extra arguments go to `dbt build`. With SAAS_CHARGEBEE_EXPORT_ZIP set
# to a Chargebee export zip, its files are first put into
# $SAAS_RAW_DIR/billing (scripts/unpack_chargebee_export.py).
source "$(dirname "$0")/_common.sh"

if [ -n "${SAAS_CHARGEBEE_EXPORT_ZIP:-}" ]; then
    step "Chargebee export $SAAS_CHARGEBEE_EXPORT_ZIP -> $SAAS_RAW_DIR/billing"
    .venv/bin/python scripts/unpack_chargebee_export.py "$SAAS_CHARGEBEE_EXPORT_ZIP" "$SAAS_RAW_DIR"
fi

if [ "${SAAS_DBT_TARGET:-duckdb}" = duckdb ]; then
    step "dbt build on $SAAS_RAW_DIR into $SAAS_DUCKDB_PATH.building, then publish it as $SAAS_DUCKDB_PATH"
else
    step "dbt build on target ${SAAS_DBT_TARGET}, then publish schema marts (docs/publishing.md)"
fi
.venv/bin/python scripts/publish.py "$@"

if [ "${SAAS_DBT_TARGET:-duckdb}" = duckdb ]; then
    step "Done: the marts are in schema 'marts' of $SAAS_DUCKDB_PATH (what was built: marts.build_info)"
else
    step "Done: the marts are in schema 'marts' of target ${SAAS_DBT_TARGET} (what was built: marts.build_info)"
fi
