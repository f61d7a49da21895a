"""Great Expectations checks of the raw exports and the marts; run after `dbt build`.

    .venv/bin/python scripts/validate_quality.py [--raw-dir DIR] [--duckdb PATH] [--docs-dir DIR]

Defaults: $SAAS_RAW_DIR (else sample_data/raw), $SAAS_DUCKDB_PATH (else
saas_metrics.duckdb, opened read-only), quality/data_docs. Prints one line
per suite (PASS / FAIL, and under a FAIL the file or mart, the column and the
offending values) and exits 1 on any failure. See
src/saas_metrics/quality/README.md. The code is saas_metrics.quality.runner,
also installed as the entry point `saas-validate-quality`.
"""
from saas_metrics.quality.runner import main

if __name__ == "__main__":
    raise SystemExit(main())
