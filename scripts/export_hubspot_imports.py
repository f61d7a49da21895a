#!/usr/bin/env python3
"""Write the lifecycle marts HubSpot should get as CSV files it can import.

Usage (after a build; reads the DuckDB file read-only, never writes to it):

    SAAS_DUCKDB_PATH=saas_metrics.duckdb \\
        .venv/bin/python scripts/export_hubspot_imports.py --out exports/

writes, into the folder given by --out (created if needed):

  lifecycle_stage_updates.csv  contacts whose computed lifecycle stage is
      hotter than their stage in HubSpot. Import it as a contacts import
      (update existing records): `Record ID` identifies the contact,
      `Lifecycle Stage` is the new stage as HubSpot's value for it;
      `Lifecycle Stage Rule` and `Lifecycle Stage Entered At` (UTC,
      YYYY-MM-DD HH:MM:SS) say which rule fired and when: map them to custom
      contact properties of those names, or choose "Don't import column".
  deals_to_create.csv  one deal per SQL contact without a deal, in the sales
      pipeline's Demo scheduled stage (internal values). Import it as a
      deals + contacts + companies import from one file: `Deal Name`,
      `Pipeline`, `Deal Stage` are deal properties; map `Contact Record ID`
      to the contact's Record ID and `Company Record ID` to the company's
      Record ID so that each deal is associated with both.

The headers are the marts' column names (HubSpot property labels); the script
checks them and fails when a mart is missing or has other columns. Rows are
sorted by record id, so the same build always gives the same files. A file
with only its header row means there is nothing to import.

Options: --out DIR (required), --schema (default: marts). The database is
$SAAS_DUCKDB_PATH (default: saas_metrics.duckdb in the project root).
"""
import argparse
import csv
import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# file name -> (mart, HubSpot import headers in file order, sort column)
EXPORTS = {
    "lifecycle_stage_updates.csv": (
        "lifecycle_stage_updates",
        ["Record ID", "Lifecycle Stage", "Lifecycle Stage Rule", "Lifecycle Stage Entered At"],
        "Record ID",
    ),
    "deals_to_create.csv": (
        "deals_to_create",
        ["Deal Name", "Pipeline", "Deal Stage", "Contact Record ID", "Company Record ID"],
        "Contact Record ID",
    ),
}


def cell(value):
    """A value as HubSpot reads it: empty for null, UTC timestamps without zone."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def quote(identifier):
    return '"%s"' % identifier.replace('"', '""')


def export(con, schema, out_dir):
    """Write every export file; return {file name: rows written}."""
    written = {}
    for file_name, (mart, headers, sort_column) in EXPORTS.items():
        found = con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, mart]).fetchall()
        if not found:
            raise SystemExit("error: %s.%s not found in %s: build the project first (scripts/build.sh)"
                             % (schema, mart, con_path(con)))
        columns = [c[0] for c in found]
        if columns != headers:
            raise SystemExit("error: %s.%s has columns %s, expected HubSpot headers %s"
                             % (schema, mart, columns, headers))
        rows = con.execute("select %s from %s.%s order by %s" % (
            ", ".join(quote(h) for h in headers), quote(schema), quote(mart), quote(sort_column))).fetchall()
        path = out_dir / file_name
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(headers)
            for row in rows:
                writer.writerow([cell(v) for v in row])
        written[file_name] = len(rows)
    return written


def con_path(con):
    try:
        return con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()[0]
    except duckdb.Error:
        return "the database"


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Write lifecycle_stage_updates and deals_to_create as CSV files HubSpot can import.")
    parser.add_argument("--out", required=True, help="folder to write the CSV files into (created if needed)")
    parser.add_argument("--schema", default="marts", help="schema of the marts (default: marts)")
    args = parser.parse_args(argv)

    db_path = Path(os.environ.get("SAAS_DUCKDB_PATH", PROJECT_ROOT / "saas_metrics.duckdb"))
    if not db_path.exists():
        print("error: no DuckDB file at %s (set SAAS_DUCKDB_PATH, or build first)" % db_path, file=sys.stderr)
        return 1
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        written = export(con, args.schema, out_dir)
    finally:
        con.close()
    for file_name, count in written.items():
        print("wrote %s (%d rows)" % (out_dir / file_name, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
