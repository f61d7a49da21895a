"""Create the EL tables of a converted layout (scripts/convert_to_el_layout.py)
as real, typed tables, as the EL tool would have landed them.

The command; its code is saas_metrics.el_layout_load (src/saas_metrics/el_layout_load.py),
also installed as the entry point `saas-load-el-layout`. Options: --help.
"""
from saas_metrics.el_layout_load import main

if __name__ == "__main__":
    raise SystemExit(main())
