#!/usr/bin/env python3
"""Push the lifecycle marts of a build to HubSpot through its CRM v3 API,
and tell the sales team about new SQLs.

The command; its code is saas_metrics.hubspot_sync (src/saas_metrics/hubspot_sync.py),
also installed as the entry point `saas-hubspot-sync`. Options: --help.
"""
from saas_metrics.hubspot_sync import main

if __name__ == "__main__":
    raise SystemExit(main())
