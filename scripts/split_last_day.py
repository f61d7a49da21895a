#!/usr/bin/env python3
"""Take the last day of Segment events and invoices out of a raw folder, as
new files: the day an incremental run appends (tests/python/test_incremental.py,
scripts/benchmark.py).

The command; its code is saas_metrics.split_last_day (src/saas_metrics/split_last_day.py),
also installed as the entry point `saas-split-last-day`. Options: --help.
"""
from saas_metrics.split_last_day import main

if __name__ == "__main__":
    raise SystemExit(main())
