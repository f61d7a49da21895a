"""Convert a raw folder (the layout of docs/inputs.md) into the tables an EL
tool would have landed for the same business data (docs/warehouse_layouts.md).

The command; its code is saas_metrics.el_layout_convert (src/saas_metrics/el_layout_convert.py),
also installed as the entry point `saas-convert-el-layout`. Options: --help.
"""
from saas_metrics.el_layout_convert import main

if __name__ == "__main__":
    raise SystemExit(main())
