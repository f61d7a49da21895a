"""Put the files of a Chargebee export zip into the raw folder's billing/.

The command; its code is saas_metrics.chargebee_export (src/saas_metrics/chargebee_export.py),
also installed as the entry point `saas-unpack-chargebee`. Options: --help.
"""
from saas_metrics.chargebee_export import main

if __name__ == "__main__":
    raise SystemExit(main())
