#!/usr/bin/env bash
# Serve the dashboard (docs/dashboard.md) on the marts the build left in
# SAAS_DUCKDB_PATH (default: saas_metrics.duckdb at the project root), at
# http://127.0.0.1:8501. Run the README's build command first. Extra
# arguments go to `streamlit run` (e.g. --server.port 8600).
source "$(dirname "$0")/_common.sh"

exec saas-dashboard "$@"
