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

People open these files in Excel or LibreOffice to review them, so no cell
may start a formula (OWASP, CSV Injection). Every text cell that starts with
=, +, -, @, a tab, a carriage return or NUL (or with =, +, -, @ after leading
white space; also their full-width forms) is written with a single quote
before it: the spreadsheet shows it as text, the original text follows the
quote. The csv module quotes cells holding a `"`, a `,` or a line break. The
record id columns are not text: each value must be a HubSpot id (a positive
integer, checked at staging), and a timestamp column must hold a timestamp;
anything else stops the export with an error instead of being written.

Options: --out DIR (required), --schema (default: marts). The database is
$SAAS_DUCKDB_PATH (default: saas_metrics.duckdb in the project root).
"""
import argparse
import csv
import datetime as dt
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

from saas_metrics.paths import PROJECT_ROOT

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


# Columns that are not text cells: HubSpot record ids, and the timestamps the
# script formats itself. Every other column is text and is neutralised.
ID_COLUMNS = {"Record ID", "Contact Record ID", "Company Record ID"}
TIMESTAMP_COLUMNS = {"Lifecycle Stage Entered At"}
HUBSPOT_ID = re.compile(r"[1-9][0-9]*")

# A cell starting with one of these is read as a formula (or, for tab, CR and
# NUL, can be stripped so that what follows is): OWASP's list (=, +, -, @,
# tab, CR), NUL (OWASP ASVS), and the full-width = + - @ some spreadsheet
# locales also accept.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class ExportError(Exception):
    """A value that must not be written into an import file."""


def neutralise(text):
    """Text a spreadsheet shows as text: a single quote before a cell that
    starts with a formula trigger, also after leading white space (LibreOffice
    can trim it on import). Other text is returned unchanged; quoting of `"`,
    `,` and line breaks is left to the csv writer."""
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def text_cell(value):
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


def cell(value, column=None):
    """The cell written for `value` of `column`: an id or timestamp column
    must hold a valid value (else ExportError), any other value is a
    neutralised text cell."""
    if value is None:
        return ""
    if column in ID_COLUMNS:
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None or not HUBSPOT_ID.fullmatch(text):
            raise ExportError("%s %r is not a HubSpot record id (a positive integer)" % (column, value))
        return text
    if column in TIMESTAMP_COLUMNS:
        if not isinstance(value, dt.datetime):
            raise ExportError("%s %r is not a timestamp" % (column, value))
        return text_cell(value)
    return neutralise(text_cell(value))


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
        try:
            cells = [[cell(v, h) for v, h in zip(row, headers)] for row in rows]
        except ExportError as e:
            raise SystemExit("error: %s.%s: %s; %s not written" % (schema, mart, e, file_name)) from None
        path = out_dir / file_name
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(headers)
            writer.writerows(cells)
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
