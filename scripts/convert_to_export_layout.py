"""Convert a raw folder's billing and CRM files (the layout of docs/inputs.md)
into the files Chargebee's and HubSpot's web apps export for the same
business data (docs/inputs_layouts.md), to test that such exports build
without a hand edit.

The command; its code is saas_metrics.export_layout (src/saas_metrics/export_layout.py),
also installed as the entry point `saas-convert-export-layout`. Options: --help.
"""
from saas_metrics.export_layout import main

if __name__ == "__main__":
    raise SystemExit(main())
