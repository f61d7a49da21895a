"""Build one raw folder on DuckDB and on warehouses, and compare every mart.

The command; its code is saas_metrics.compare_engines (src/saas_metrics/compare_engines.py),
also installed as the entry point `saas-compare-engines`. Options: --help.
"""
from saas_metrics.compare_engines import main

if __name__ == "__main__":
    raise SystemExit(main())
