"""Load a raw folder (the layout of docs/inputs.md) into a warehouse's raw schema.

The command; its code is saas_metrics.loader (src/saas_metrics/loader.py),
also installed as the entry point `saas-load-raw`. Options: --help.
"""
from saas_metrics.loader import main

if __name__ == "__main__":
    raise SystemExit(main())
