"""Build one raw folder on DuckDB and on PostgreSQL and compare every mart.

    python scripts/compare_engines.py [--raw-dir DIR] [--skip-build]

1. DuckDB: `dbt build` on the raw folder into a scratch DuckDB file.
2. PostgreSQL: scripts/load_raw_to_warehouse.py loads the same folder into
   the raw schema, then `dbt build` with the `postgres` target (connection:
   the SAAS_PG_* variables of profiles.yml; start a local server with
   scripts/postgres.sh start).
3. Every table of schema `marts` is read from both and compared row by row:
   the same columns, the same number of rows, and per row money (decimal
   columns) equal to the cent, rates and ratios (floating point) within
   1e-9, everything else equal. Rows are paired after sorting on their
   values (floats and decimals rounded), so no mart needs a declared key.

Prints one verdict per mart (PASS/FAIL, with the first differences) and
exits 1 when any mart differs or is missing on one engine.
The dbt used is the one beside this Python (`<venv>/bin/dbt`); it needs
dbt-duckdb and dbt-postgres (requirements.txt).
"""

import argparse
import datetime
import decimal
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import load_raw_to_warehouse  # noqa: E402

MONEY_TOLERANCE = decimal.Decimal("0.005")
RATE_TOLERANCE = 1e-9


def run_dbt(target, env_overrides, dbt_args):
    dbt = str(Path(sys.executable).parent / "dbt")
    env = dict(os.environ, SAAS_DBT_TARGET=target, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **env_overrides)
    command = [dbt, *dbt_args, "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT)]
    print("==> %s: %s" % (target, " ".join(command[1:])), flush=True)
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    summary = [line for line in result.stdout.splitlines() if "Done." in line or "ERROR" in line]
    print("\n".join(summary[-10:]))
    if result.returncode != 0:
        print(result.stdout[-5000:])
        sys.exit("dbt %s failed on %s" % (dbt_args[0], target))


def duckdb_marts(path):
    connection = duckdb.connect(path, read_only=True)
    marts = {}
    for (table,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall():
        cursor = connection.execute('select * from marts."%s"' % table)
        columns = [d[0] for d in cursor.description]
        marts[table] = (columns, cursor.fetchall())
    connection.close()
    return marts


def postgres_marts():
    connection = load_raw_to_warehouse.connect()
    cursor = connection.cursor()
    cursor.execute("select table_name from information_schema.tables where table_schema = 'marts' order by 1")
    marts = {}
    for (table,) in cursor.fetchall():
        cursor.execute('select * from marts."%s"' % table)
        columns = [d[0] for d in cursor.description]
        marts[table] = (columns, cursor.fetchall())
    connection.close()
    return marts


def sort_key(row):
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, float):
            key.append((1, "%.6f" % round(value, 6) if math.isfinite(value) else str(value)))
        elif isinstance(value, decimal.Decimal):
            key.append((1, "%.2f" % value))
        elif isinstance(value, (int, bool)):
            key.append((1, "%020d" % int(value) if value >= 0 else "-%020d" % -int(value)))
        elif isinstance(value, datetime.datetime):
            key.append((1, value.replace(tzinfo=None).isoformat()))
        else:
            key.append((1, str(value)))
    return key


def same_value(left, right):
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, float) or isinstance(right, float):
        left, right = float(left), float(right)
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return abs(left - right) <= RATE_TOLERANCE * max(1.0, abs(left), abs(right))
    if isinstance(left, decimal.Decimal) or isinstance(right, decimal.Decimal):
        return abs(decimal.Decimal(left) - decimal.Decimal(right)) < MONEY_TOLERANCE
    if isinstance(left, datetime.datetime) and isinstance(right, datetime.datetime):
        return left.replace(tzinfo=None) == right.replace(tzinfo=None)
    return left == right


def compare_mart(name, duck, pg, show=5):
    """Problems of one mart, as text (empty: the same)."""
    duck_columns, duck_rows = duck
    pg_columns, pg_rows = pg
    if [c.lower() for c in duck_columns] != [c.lower() for c in pg_columns]:
        return ["columns differ: duckdb %s, postgres %s" % (duck_columns, pg_columns)]
    problems = []
    if len(duck_rows) != len(pg_rows):
        problems.append("row count: duckdb %d, postgres %d" % (len(duck_rows), len(pg_rows)))
    for duck_row, pg_row in zip(sorted(duck_rows, key=sort_key), sorted(pg_rows, key=sort_key)):
        differing = [(column, d, p) for column, d, p in zip(duck_columns, duck_row, pg_row) if not same_value(d, p)]
        if differing:
            problems.append("row %s: %s" % (
                dict(zip(duck_columns[:2], duck_row[:2])),
                "; ".join("%s duckdb=%r postgres=%r" % item for item in differing[:4])))
            if len(problems) >= show:
                break
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", default=os.environ.get("SAAS_RAW_DIR", str(PROJECT_ROOT / "sample_data" / "raw")))
    parser.add_argument("--duckdb-path", default=None,
                        help="DuckDB file to build into (default: a scratch file)")
    parser.add_argument("--skip-build", action="store_true",
                        help="compare what is already built (needs --duckdb-path)")
    parser.add_argument("--dbt-command", default="build", choices=["build", "run"],
                        help="build (models and tests, default) or run (models only, after seed)")
    args = parser.parse_args(argv)
    raw_dir = os.path.abspath(args.raw_dir)

    with tempfile.TemporaryDirectory(prefix="saas_compare_") as scratch:
        duckdb_path = args.duckdb_path or os.path.join(scratch, "compare.duckdb")
        if not args.skip_build:
            if os.path.exists(duckdb_path):
                os.remove(duckdb_path)
            commands = [["seed"], ["run"]] if args.dbt_command == "run" else [["build"]]
            for dbt_args in commands:
                run_dbt("duckdb", {"SAAS_RAW_DIR": raw_dir, "SAAS_DUCKDB_PATH": duckdb_path,
                                   "DBT_TARGET_PATH": os.path.join(scratch, "target_duckdb"),
                                   "DBT_LOG_PATH": os.path.join(scratch, "logs_duckdb")}, dbt_args)
            print("==> postgres: load %s" % raw_dir, flush=True)
            load_raw_to_warehouse.load(raw_dir, os.environ.get("SAAS_RAW_SCHEMA", "raw"), verbose=False)
            for dbt_args in commands:
                run_dbt("postgres", {"SAAS_RAW_DIR": raw_dir,
                                     "DBT_TARGET_PATH": os.path.join(scratch, "target_postgres"),
                                     "DBT_LOG_PATH": os.path.join(scratch, "logs_postgres")}, dbt_args)
        duck = duckdb_marts(duckdb_path)
        pg = postgres_marts()

    failed = False
    print("\n==> marts, DuckDB against PostgreSQL (money to the cent, rates to 1e-9)")
    for name in sorted(set(duck) | set(pg)):
        if name not in duck or name not in pg:
            print("FAIL %-34s only on %s" % (name, "duckdb" if name in duck else "postgres"))
            failed = True
            continue
        problems = compare_mart(name, duck[name], pg[name])
        if problems:
            failed = True
            print("FAIL %-34s %d rows" % (name, len(duck[name][1])))
            for problem in problems:
                print("       " + problem)
        else:
            print("PASS %-34s %d rows" % (name, len(duck[name][1])))
    if not duck:
        print("FAIL no mart found")
        failed = True
    print("\n%s" % ("DIFFERENCES FOUND" if failed else "ALL MARTS EQUAL"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
