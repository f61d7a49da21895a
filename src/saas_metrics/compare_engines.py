"""Build one raw folder on DuckDB and on warehouses, and compare every mart.

    python scripts/compare_engines.py [--engines duckdb,postgres,spark] [--raw-dir DIR] [--skip-build]

1. DuckDB (the reference): `dbt build` on the raw folder into a scratch
   DuckDB file.
2. Each other engine (default: postgres): scripts/load_raw_to_warehouse.py
   loads the same folder into its raw schema, then `dbt build` with its
   target of profiles.yml. PostgreSQL: the SAAS_PG_* variables (start a
   local server with scripts/postgres.sh start). Spark: local session mode
   (requirements-spark.txt, Java 17; scripts/spark.sh), its catalog and
   files in SAAS_SPARK_DIR.
3. Every table of schema `marts` (but marts.build_info, the record of a
   publish: docs/publishing.md) is read from each engine and compared with
   DuckDB row by row:
   the same columns, the same number of rows, and per row money (decimal
   columns) equal to the cent, rates and ratios (floating point) within
   1e-9, everything else equal. Rows are paired after sorting on their
   values (floats and decimals rounded), so no mart needs a declared key.

Prints one verdict per engine and mart (PASS/FAIL, with the first
differences) and exits 1 when any mart differs or is missing on one engine.
The dbt used is the one beside this Python (`<venv>/bin/dbt`); it needs
dbt-duckdb and dbt-postgres (requirements.txt), and dbt-spark for Spark
(requirements-spark.txt).
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

from saas_metrics import loader
from saas_metrics.paths import PROJECT_ROOT
from saas_metrics.publish import BUILD_INFO_TABLE

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


def load_raw(engine, raw_dir):
    """The loader in a process of its own: Spark's embedded catalog (Derby)
    stays locked by the process that opened it until that process ends, and
    dbt must open it next."""
    print("==> %s: load %s" % (engine, raw_dir), flush=True)
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "load_raw_to_warehouse.py"), "--target", engine, raw_dir],
        cwd=PROJECT_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-3000:] + result.stderr[-3000:])
        sys.exit("loading %s into %s failed" % (raw_dir, engine))


def duckdb_marts(path):
    connection = duckdb.connect(path, read_only=True)
    marts = {}
    for (table,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_name <> '%s' order by 1" % BUILD_INFO_TABLE).fetchall():
        cursor = connection.execute('select * from marts."%s"' % table)
        columns = [d[0] for d in cursor.description]
        marts[table] = (columns, cursor.fetchall())
    connection.close()
    return marts


def postgres_marts():
    connection = loader.connect()
    cursor = connection.cursor()
    cursor.execute("select table_name from information_schema.tables where table_schema = 'marts' "
                   "and table_name <> %s order by 1", (BUILD_INFO_TABLE,))
    marts = {}
    for (table,) in cursor.fetchall():
        cursor.execute('select * from marts."%s"' % table)
        columns = [d[0] for d in cursor.description]
        marts[table] = (columns, cursor.fetchall())
    connection.close()
    return marts


def spark_marts():
    session = loader.spark_session()
    marts = {}
    try:
        for row in session.sql("show tables in marts").collect():
            if row.isTemporary or row.tableName == BUILD_INFO_TABLE:
                continue
            frame = session.table("marts.`%s`" % row.tableName)
            marts[row.tableName] = (frame.columns, [tuple(r) for r in frame.collect()])
    finally:
        session.stop()
    return marts


MART_READERS = {"postgres": postgres_marts, "spark": spark_marts}


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


def compare_mart(name, duck, other, engine="postgres", show=5):
    """Problems of one mart, as text (empty: the same)."""
    duck_columns, duck_rows = duck
    other_columns, other_rows = other
    if [c.lower() for c in duck_columns] != [c.lower() for c in other_columns]:
        return ["columns differ: duckdb %s, %s %s" % (duck_columns, engine, other_columns)]
    problems = []
    if len(duck_rows) != len(other_rows):
        problems.append("row count: duckdb %d, %s %d" % (len(duck_rows), engine, len(other_rows)))
    for duck_row, other_row in zip(sorted(duck_rows, key=sort_key), sorted(other_rows, key=sort_key)):
        differing = [(column, d, engine, o) for column, d, o in zip(duck_columns, duck_row, other_row)
                     if not same_value(d, o)]
        if differing:
            problems.append("row %s: %s" % (
                dict(zip(duck_columns[:2], duck_row[:2])),
                "; ".join("%s duckdb=%r %s=%r" % item for item in differing[:4])))
            if len(problems) >= show:
                break
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="duckdb,postgres",
                        help="comma-separated: duckdb (always, the reference), postgres, spark "
                             "(default: duckdb,postgres)")
    parser.add_argument("--raw-dir", default=os.environ.get("SAAS_RAW_DIR", str(PROJECT_ROOT / "sample_data" / "raw")))
    parser.add_argument("--duckdb-path", default=None,
                        help="DuckDB file to build into (default: a scratch file)")
    parser.add_argument("--skip-build", action="store_true",
                        help="compare what is already built (needs --duckdb-path)")
    parser.add_argument("--reuse-duckdb", action="store_true",
                        help="take the DuckDB build of --duckdb-path as it is (built from the same raw "
                             "folder), build only the other engines")
    parser.add_argument("--dbt-command", default="build", choices=["build", "run"],
                        help="build (models and tests, default) or run (models only, after seed)")
    args = parser.parse_args(argv)
    raw_dir = os.path.abspath(args.raw_dir)
    others = [engine for engine in args.engines.split(",") if engine and engine != "duckdb"]
    unknown = [engine for engine in others if engine not in MART_READERS]
    if unknown:
        parser.error("unknown engine(s): %s" % ", ".join(unknown))

    with tempfile.TemporaryDirectory(prefix="saas_compare_") as scratch:
        duckdb_path = args.duckdb_path or os.path.join(scratch, "compare.duckdb")
        commands = [["seed"], ["run"]] if args.dbt_command == "run" else [["build"]]
        if (args.skip_build or args.reuse_duckdb) and not args.duckdb_path:
            parser.error("--skip-build and --reuse-duckdb need --duckdb-path")
        if not args.skip_build and not args.reuse_duckdb:
            if os.path.exists(duckdb_path):
                os.remove(duckdb_path)
            for dbt_args in commands:
                run_dbt("duckdb", {"SAAS_RAW_DIR": raw_dir, "SAAS_DUCKDB_PATH": duckdb_path,
                                   "DBT_TARGET_PATH": os.path.join(scratch, "target_duckdb"),
                                   "DBT_LOG_PATH": os.path.join(scratch, "logs_duckdb")}, dbt_args)
        duck = duckdb_marts(duckdb_path)
        results = {}
        for engine in others:
            if not args.skip_build:
                load_raw(engine, raw_dir)
                for dbt_args in commands:
                    run_dbt(engine, {"SAAS_RAW_DIR": raw_dir,
                                     "DBT_TARGET_PATH": os.path.join(scratch, "target_" + engine),
                                     "DBT_LOG_PATH": os.path.join(scratch, "logs_" + engine)}, dbt_args)
            results[engine] = MART_READERS[engine]()

    failed = not duck
    if not duck:
        print("FAIL no mart found on duckdb")
    for engine, marts in results.items():
        print("\n==> marts, DuckDB against %s (money to the cent, rates to 1e-9)" % engine)
        for name in sorted(set(duck) | set(marts)):
            if name not in duck or name not in marts:
                print("FAIL %-34s only on %s" % (name, "duckdb" if name in duck else engine))
                failed = True
                continue
            problems = compare_mart(name, duck[name], marts[name], engine)
            if problems:
                failed = True
                print("FAIL %-34s %d rows" % (name, len(duck[name][1])))
                for problem in problems:
                    print("       " + problem)
            else:
                print("PASS %-34s %d rows" % (name, len(duck[name][1])))
    print("\n%s (%s)" % ("DIFFERENCES FOUND" if failed else "ALL MARTS EQUAL", ", ".join(["duckdb"] + others)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
