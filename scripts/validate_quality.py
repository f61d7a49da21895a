"""Great Expectations checks of the raw exports and the marts; run after `dbt build`.

    .venv/bin/python scripts/validate_quality.py [--raw-dir DIR] [--duckdb PATH] [--docs-dir DIR]

Defaults: $SAAS_RAW_DIR (else sample_data/raw), $SAAS_DUCKDB_PATH (else
saas_metrics.duckdb, opened read-only), quality/data_docs. Prints one line
per suite (PASS / FAIL, and under a FAIL the file or mart, the column and the
offending values) and exits 1 on any failure. See quality/README.md.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quality.runner import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
