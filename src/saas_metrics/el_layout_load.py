"""Create the EL tables of a converted layout (scripts/convert_to_el_layout.py)
as real, typed tables, as the EL tool would have landed them.

    python scripts/load_el_layout.py [--target postgres|duckdb] [--duckdb-path FILE] [--schema-prefix P] LAYOUT_DIR

LAYOUT_DIR holds tables.json and the gzipped CSV files (e.g.
sample_data/el_layouts/fivetran). Each table is replaced whole, in its schema
(chargebee, hubspot, segment; with --schema-prefix P: P<schema>). Types:
text, bigint, boolean, double, timestamp (no time zone, UTC), timestamptz
(with time zone: Airbyte's typed date-times, written with their +00:00
offset), json (jsonb on PostgreSQL, JSON on DuckDB: Airbyte's arrays and
objects).

- postgres: the SAAS_PG_* variables of profiles.yml (see
  scripts/load_raw_to_warehouse.py), tables filled by COPY;
- duckdb: the DuckDB file --duckdb-path (default SAAS_DUCKDB_PATH), filled by
  read_csv; the build then reads them in place.
"""

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

from saas_metrics import loader

TYPES = {
    "postgres": {"text": "text", "bigint": "bigint", "boolean": "boolean", "double": "double precision",
                 "timestamp": "timestamp", "timestamptz": "timestamptz", "json": "jsonb"},
    "duckdb": {"text": "varchar", "bigint": "bigint", "boolean": "boolean", "double": "double",
               "timestamp": "timestamp", "timestamptz": "timestamptz", "json": "json"},
}

quote = loader.quote
sql_text = loader.sql_text


def tables(layout_dir):
    return json.loads((Path(layout_dir) / "tables.json").read_text())["tables"]


def load(layout_dir, target="postgres", duckdb_path=None, schema_prefix="", verbose=True):
    """Create every table of layout_dir; returns {schema.table: rows}."""
    layout_dir = Path(layout_dir).resolve()
    types = TYPES[target]
    loaded = {}
    if target == "postgres":
        connection = loader.connect()
        cursor = connection.cursor()
    else:
        import duckdb

        connection = duckdb.connect(duckdb_path or os.environ.get("SAAS_DUCKDB_PATH", "saas_metrics.duckdb"))
        cursor = connection
    try:
        for table in tables(layout_dir):
            schema = schema_prefix + table["schema"]
            name = quote(schema) + "." + quote(table["name"])
            cursor.execute("create schema if not exists " + quote(schema))
            cursor.execute("drop table if exists %s cascade" % name)
            cursor.execute("create table %s (%s)" % (name, ", ".join(
                quote(column) + " " + types[kind] for column, kind in table["columns"])))
            path = layout_dir / table["file"]
            if target == "postgres":
                with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
                    cursor.copy_expert("copy %s from stdin with (format csv, header true)" % name, handle)
            else:
                columns = ", ".join("%s: %s" % (sql_text(column), sql_text(types[kind]))
                                    for column, kind in table["columns"])
                cursor.execute("insert into %s select * from read_csv(%s, header = true, auto_detect = false, "
                               "columns = {%s}, quote = '\"', escape = '\"', nullstr = '')"
                               % (name, sql_text(str(path)), columns))
            cursor.execute("select count(*) from " + name)
            loaded[schema + "." + table["name"]] = cursor.fetchone()[0]
            if verbose:
                print("%-32s %8d rows" % (schema + "." + table["name"], loaded[schema + "." + table["name"]]))
        if target == "postgres":
            connection.commit()
    finally:
        connection.close()
    return loaded


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("layout_dir")
    parser.add_argument("--target", default="postgres", choices=sorted(TYPES))
    parser.add_argument("--duckdb-path", default=None)
    parser.add_argument("--schema-prefix", default="")
    args = parser.parse_args(argv)
    load(args.layout_dir, args.target, args.duckdb_path, args.schema_prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
