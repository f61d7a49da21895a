#!/usr/bin/env python3
"""Write the lifecycle marts HubSpot should get as CSV files it can import.

The command; its code is saas_metrics.hubspot_export (src/saas_metrics/hubspot_export.py),
also installed as the entry point `saas-export-hubspot`. Options: --help.
"""
from saas_metrics.hubspot_export import main

if __name__ == "__main__":
    raise SystemExit(main())
