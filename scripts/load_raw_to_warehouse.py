"""Load a raw folder (the layout of RAW_EXPORTS.md) into a warehouse's raw schema.

On DuckDB the project reads the raw CSV files in place. On a warehouse
(PostgreSQL) dbt reads tables instead: this script puts every file of every
source declared in models/staging/*/_*__sources.yml into the table its YAML
names (`<source>__<table>`, e.g. raw.billing__customers), exactly as the
DuckDB sources see them:

- every column as text (nothing is parsed, typed or rejected here: all of
  that happens in the dbt staging models, the same on every engine);
- split files (`<table>*.csv`) unioned by column name, plus `_source_file`
  (the file name) and `_row_number` (bigint: the row's position over the
  files, in name order), the same expression as the sources'
  external_location;
- every column the source's YAML declares, null when the files lack it;
  a file column that matches a declared column ignoring case takes the
  declared spelling (DuckDB matches names case-insensitively);
- every row, including duplicates and older versions of a record: the
  newest-version rule and the reject reasons stay in dbt staging.

A table is replaced whole on every run (drop, create, COPY). A source with
no file gets no table (the optional reference/fx_rates then falls back to
the seed; a required source then fails in dbt with a missing relation).

Connection settings are the environment variables of profiles.yml's
`postgres` output: SAAS_PG_HOST (127.0.0.1), SAAS_PG_PORT (55432),
SAAS_PG_USER (postgres), SAAS_PG_PASSWORD (empty), SAAS_PG_DBNAME
(saas_metrics); the schema is SAAS_RAW_SCHEMA (raw). The raw folder is the
first argument or SAAS_RAW_DIR (sample_data/raw).

    python scripts/load_raw_to_warehouse.py [RAW_DIR]

Needs duckdb (reads the CSV files) and psycopg2 (installed with dbt-postgres).
"""

import argparse
import glob
import os
import sys
import tempfile
from pathlib import Path

import duckdb
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def declared_sources():
    """(source name, table name, identifier, [declared column names]) of every
    raw source in the staging YAML."""
    found = []
    for path in sorted((PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for source in document.get("sources") or []:
            for table in source.get("tables") or []:
                columns = [str(c["name"]).replace('"', "") for c in table.get("columns") or []]
                identifier = table.get("identifier") or table["name"]
                found.append((source["name"], table["name"], identifier, columns))
    return found


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def sql_text(value):
    return "'" + value.replace("'", "''") + "'"


def connect():
    import psycopg2  # installed with dbt-postgres (requirements.txt)

    return psycopg2.connect(
        host=os.environ.get("SAAS_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("SAAS_PG_PORT", "55432")),
        user=os.environ.get("SAAS_PG_USER", "postgres"),
        password=os.environ.get("SAAS_PG_PASSWORD", ""),
        dbname=os.environ.get("SAAS_PG_DBNAME", "saas_metrics"),
    )


def load(raw_dir, schema, verbose=True):
    raw_dir = os.path.abspath(raw_dir)
    reader = duckdb.connect()
    connection = connect()
    loaded = {}
    with connection, tempfile.TemporaryDirectory(prefix="saas_load_") as scratch:
        cursor = connection.cursor()
        cursor.execute("create schema if not exists " + quote(schema))
        for source_name, table_name, identifier, declared in declared_sources():
            target = quote(schema) + "." + quote(identifier)
            cursor.execute("drop table if exists " + target + " cascade")
            pattern = os.path.join(raw_dir, source_name, table_name + "*.csv")
            if not glob.glob(pattern):
                if verbose:
                    print("%-32s no file (%s): no table" % (identifier, pattern))
                continue
            relation = reader.sql(
                "select * exclude (_source_path), parse_filename(_source_path) as _source_file, "
                "row_number() over () as _row_number from read_csv(" + sql_text(pattern) + ", "
                "all_varchar = true, union_by_name = true, header = true, delim = ',', quote = '\"', "
                "escape = '\"', filename = '_source_path')")
            declared_by_lower = {name.lower(): name for name in declared}
            select, columns = [], []
            for name in relation.columns:
                output = declared_by_lower.get(name.lower(), name)
                select.append("cast(%s as varchar) as %s" % (quote(name), quote(output)))
                columns.append(output)
            present = {name.lower() for name in columns}
            for name in declared:
                if name.lower() not in present:
                    select.append("cast(null as varchar) as " + quote(name))
                    columns.append(name)
            csv_path = os.path.join(scratch, identifier + ".csv")
            reader.sql("copy (select " + ", ".join(select) + " from relation) to "
                       + sql_text(csv_path) + " (header false, format csv)")
            cursor.execute("create table " + target + " (" + ", ".join(
                quote(c) + (" bigint" if c == "_row_number" else " text") for c in columns) + ")")
            with open(csv_path, encoding="utf-8") as handle:
                cursor.copy_expert("copy " + target + " from stdin with (format csv)", handle)
            cursor.execute("select count(*) from " + target)
            loaded[identifier] = cursor.fetchone()[0]
            if verbose:
                print("%-32s %8d rows" % (identifier, loaded[identifier]))
    connection.close()
    return loaded


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw_dir", nargs="?", default=os.environ.get("SAAS_RAW_DIR", "sample_data/raw"),
                        help="raw folder in the layout of RAW_EXPORTS.md (default: SAAS_RAW_DIR or sample_data/raw)")
    parser.add_argument("--schema", default=os.environ.get("SAAS_RAW_SCHEMA", "raw"),
                        help="raw schema (default: SAAS_RAW_SCHEMA or raw)")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.raw_dir):
        sys.exit("raw folder not found: %s" % args.raw_dir)
    load(args.raw_dir, args.schema)
    return 0


if __name__ == "__main__":
    sys.exit(main())
