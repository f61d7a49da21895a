#!/usr/bin/env python3
"""Benchmark: the dbt build against the time DuckDB takes just to read the raw files once.

The command; its code is saas_metrics.benchmark (src/saas_metrics/benchmark.py),
also installed as the entry point `saas-benchmark`. Options: --help.
"""
from saas_metrics.benchmark import main

if __name__ == "__main__":
    raise SystemExit(main())
