#!/usr/bin/env python3
"""Build, test and publish the marts atomically: `dbt build` into a working
file (DuckDB) or schema (PostgreSQL), then publish it only when every model
and test passed; `--restore` puts the last good DuckDB file back
(docs/publishing.md).

The command of scripts/build.sh; its code is saas_metrics.publish
(src/saas_metrics/publish.py), also installed as the entry point
`saas-publish`. Every argument but --restore and --skip-docs goes to
`dbt build`. Options: --help.
"""
from saas_metrics.publish import main

if __name__ == "__main__":
    raise SystemExit(main())
