"""Load a raw folder (the layout of docs/inputs.md) into a warehouse's raw schema.

On DuckDB the project reads the raw CSV files in place. On a warehouse
(PostgreSQL, Spark) dbt reads tables instead: this script puts every file
of every source declared in models/staging/*/_*__sources.yml into the table
its YAML names (`<source>__<table>`, e.g. raw.billing__customers), exactly
as the DuckDB sources see them:

- first, the folder is checked the way a DuckDB build checks it (the same
  dbt macros, run by `dbt compile` of the staging models on DuckDB): a
  missing required file or column, an empty file or a file that is not
  comma-separated stops the load with the same message, and nothing is
  loaded;
- every column as text (nothing is parsed, typed or rejected here: all of
  that happens in the dbt staging models, the same on every engine);
- split files (`<table>*.csv`) unioned by column name, plus `_source_file`
  (the file name) and `_row_number` (bigint: the row's position over the
  files, in name order), the same expression as the sources'
  external_location;
- every column the source's YAML declares, null when the files lack it;
  a file column that matches a declared column ignoring case takes the
  declared spelling (DuckDB matches names case-insensitively);
- the files and headers a DuckDB build reads: every file name pattern of
  the table's YAML (`config: meta: files`, e.g. Chargebee's export names
  `Subscriptions.csv`), and the header aliases of
  seeds/reference/raw_column_aliases.csv (entity prefixes such as
  `subscriptions.`, Title-Case labels), both taken from the dbt macro
  raw_load_plan, so the rule is written once;
- every row, including duplicates and older versions of a record: the
  newest-version rule and the reject reasons stay in dbt staging.

A table is replaced whole on every run. A source with no file gets no
table (the optional reference/fx_rates then falls back to the seed).

Targets (--target, default postgres, or spark when SAAS_DBT_TARGET=spark):
- postgres: text columns filled by COPY. Connection: the environment
  variables of profiles.yml's `postgres` output: SAAS_PG_HOST (127.0.0.1),
  SAAS_PG_PORT (55432), SAAS_PG_USER (postgres), SAAS_PG_PASSWORD (empty),
  SAAS_PG_DBNAME (saas_metrics).
- spark: parquet tables of string columns in the local Spark catalog of
  profiles.yml's `spark` output (its server_side_parameters, rendered with
  this environment: SAAS_SPARK_DIR and the others), so dbt sees them.
The schema is SAAS_RAW_SCHEMA (raw). The raw folder is the first argument
or SAAS_RAW_DIR (sample_data/raw).

    python scripts/load_raw_to_warehouse.py [--target postgres|spark] [RAW_DIR]

Needs duckdb (reads the CSV files), psycopg2 (installed with dbt-postgres)
for PostgreSQL, pyspark (requirements-spark.txt) for Spark. Exits 1 on a
bad raw file.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import duckdb
import yaml

from saas_metrics.paths import PROJECT_ROOT


def declared_sources():
    """(source name, table name, identifier, [declared column names], raw
    folder) of every raw source in the staging YAML. The raw folder is the
    source's meta raw_folder (billing for the source chargebee), as the dbt
    macro raw_folder reads it, else the source's name."""
    found = []
    for path in sorted((PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for source in document.get("sources") or []:
            folder = ((source.get("config") or {}).get("meta") or {}).get("raw_folder") or source["name"]
            for table in source.get("tables") or []:
                columns = [str(c["name"]).replace('"', "") for c in table.get("columns") or []]
                identifier = table.get("identifier") or table["name"]
                found.append((source["name"], table["name"], identifier, columns, folder))
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


def raw_relations(reader, raw_dir, plan=None):
    """Per declared source with files: (identifier, DuckDB relation of its rows
    as a DuckDB build reads them, output column names). Sources without a
    file give (identifier, None, the file name patterns looked for).

    The files and the header renames come from raw_load_plan (the dbt macro
    the DuckDB build uses: every file name pattern of the source's YAML, the
    aliases of seeds/reference/raw_column_aliases.csv); plan is its result,
    read here when not given."""
    raw_dir = os.path.abspath(raw_dir)
    if plan is None:
        plan = raw_load_plan(raw_dir)
    for source_name, table_name, identifier, declared, folder in declared_sources():
        entry = plan.get(source_name + "/" + table_name) or {"files": [], "renames": {}}
        files = entry["files"]
        if not files:
            yield identifier, None, os.path.join(raw_dir, folder, table_name + "*.[cC][sS][vV]")
            continue
        relation = reader.sql(
            "select * exclude (_source_path), parse_filename(_source_path) as _source_file, "
            "row_number() over () as _row_number from read_csv([" + ", ".join(sql_text(f) for f in files) + "], "
            "all_varchar = true, union_by_name = true, header = true, delim = ',', quote = '\"', "
            "escape = '\"', filename = '_source_path')")
        # a renamed header (an alias, an entity prefix) becomes its declared
        # column; several spellings over the files are coalesced (one file
        # never has two: raw_column_mapping stops the build then)
        present = {name.lower(): name for name in relation.columns}
        renamed = {}
        for path in files:
            for column, target in (entry["renames"].get(path) or {}).items():
                names = renamed.setdefault(target, [target])
                if column.lower() not in {n.lower() for n in names}:
                    names.append(column)
        select, columns, consumed = [], [], set()
        for target, names in renamed.items():
            parts = [quote(present[n.lower()]) for n in names if n.lower() in present]
            consumed.update(n.lower() for n in names)
            select.append("cast(coalesce(%s) as varchar) as %s" % (", ".join(parts), quote(target)))
            columns.append(target)
        declared_by_lower = {name.lower(): name for name in declared}
        for name in relation.columns:
            if name.lower() in consumed:
                continue
            output = declared_by_lower.get(name.lower(), name)
            kind = "bigint" if output == "_row_number" else "varchar"
            select.append("cast(%s as %s) as %s" % (quote(name), kind, quote(output)))
            columns.append(output)
        have = {name.lower() for name in columns}
        for name in declared:
            if name.lower() not in have:
                select.append("cast(null as varchar) as " + quote(name))
                columns.append(name)
        yield identifier, reader.sql("select " + ", ".join(select) + " from relation"), columns


def run_dbt_on_duckdb(raw_dir, arguments, scratch):
    """Run dbt with the DuckDB target on raw_dir in a scratch folder (its own
    DuckDB file, target and log paths, kept between calls in one load so the
    second parse is partial); returns the finished process."""
    import subprocess

    dbt = str(Path(sys.executable).parent / "dbt")
    env = dict(os.environ, SAAS_DBT_TARGET="duckdb", SAAS_RAW_DIR=raw_dir,
               SAAS_DUCKDB_PATH=os.path.join(scratch, "check.duckdb"),
               DBT_TARGET_PATH=os.path.join(scratch, "target"), DBT_LOG_PATH=os.path.join(scratch, "logs"),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    return subprocess.run(
        [dbt] + arguments + ["--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)


def raw_load_plan(raw_dir, scratch=None):
    """{"<source>/<table>": {"files": [paths], "renames": {path: {file column:
    declared column}}}} of raw_dir, from the dbt macro raw_load_plan
    (macros/raw_files.sql). Raises BadRawFile with dbt's message when the
    macro stops (two headers of one file naming the same column)."""
    import json

    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="saas_plan_") as own:
            return raw_load_plan(raw_dir, own)
    result = run_dbt_on_duckdb(os.path.abspath(raw_dir), ["run-operation", "raw_load_plan"], scratch)
    for line in result.stdout.splitlines():
        if line.startswith("raw_load_plan: "):
            return json.loads(line[len("raw_load_plan: "):])
    lines = [line for line in result.stdout.splitlines() if "Raw file" in line or "raw_column_aliases" in line]
    raise BadRawFile("\n".join(lines) or result.stdout[-3000:])


class BadRawFile(Exception):
    """A raw file the project cannot read as specified (see check_raw_files)."""


def check_raw_folder(raw_dir, scratch=None):
    """Stop on a bad raw file exactly as a DuckDB build does: compile the base
    models (the only readers of sources) with the DuckDB target on raw_dir,
    so their raw_source() checks run (macros/raw_files.sql: a missing
    required file or column, an empty file, a file that is not
    comma-separated, two headers naming one column), and raise BadRawFile
    with dbt's message."""
    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="saas_check_") as own:
            return check_raw_folder(raw_dir, own)
    result = run_dbt_on_duckdb(
        os.path.abspath(raw_dir),
        ["compile", "--select", "path:models/staging", "--exclude", "resource_type:test", "resource_type:unit_test"],
        scratch)
    if result.returncode != 0:
        lines = [line for line in result.stdout.splitlines() if "Raw file" in line or "Raw source" in line]
        raise BadRawFile("\n".join(lines) or result.stdout[-3000:])


def load(raw_dir, schema, verbose=True, target=None, check=True):
    """Load every source of raw_dir into `schema` of the target (postgres or
    spark; default SAAS_DBT_TARGET); returns {identifier: rows loaded}.
    First stops (BadRawFile) on a bad file, unless check is false; nothing
    is loaded then."""
    target = target or os.environ.get("SAAS_DBT_TARGET", "postgres")
    raw_dir = os.path.abspath(raw_dir)
    with tempfile.TemporaryDirectory(prefix="saas_check_") as dbt_scratch:
        if check:
            check_raw_folder(raw_dir, dbt_scratch)
        plan = raw_load_plan(raw_dir, dbt_scratch)
    reader = duckdb.connect()
    writer = {"postgres": PostgresWriter, "spark": SparkWriter}[target](schema)
    loaded = {}
    try:
        with tempfile.TemporaryDirectory(prefix="saas_load_") as scratch:
            for identifier, relation, columns in raw_relations(reader, raw_dir, plan):
                writer.drop(identifier)
                if relation is None:
                    if verbose:
                        print("%-32s no file (%s): no table" % (identifier, columns))
                    continue
                loaded[identifier] = writer.write(identifier, relation, columns, scratch)
                if verbose:
                    print("%-32s %8d rows" % (identifier, loaded[identifier]))
        writer.commit()
    finally:
        writer.close()
    return loaded


class PostgresWriter:
    """Tables of text columns (and _row_number bigint), filled by COPY."""

    def __init__(self, schema):
        self.schema = schema
        self.connection = connect()
        self.cursor = self.connection.cursor()
        self.cursor.execute("create schema if not exists " + quote(schema))

    def drop(self, identifier):
        self.cursor.execute("drop table if exists %s.%s cascade" % (quote(self.schema), quote(identifier)))

    def write(self, identifier, relation, columns, scratch):
        target = quote(self.schema) + "." + quote(identifier)
        csv_path = os.path.join(scratch, identifier + ".csv")
        relation.write_csv(csv_path, header=False)
        self.cursor.execute("create table " + target + " (" + ", ".join(
            quote(c) + (" bigint" if c == "_row_number" else " text") for c in columns) + ")")
        with open(csv_path, encoding="utf-8") as handle:
            self.cursor.copy_expert("copy " + target + " from stdin with (format csv)", handle)
        self.cursor.execute("select count(*) from " + target)
        return self.cursor.fetchone()[0]

    def commit(self):
        self.connection.commit()

    def close(self):
        self.connection.close()


class SparkWriter:
    """Parquet tables of string columns (and _row_number bigint) in the Spark
    catalog of profiles.yml's `spark` output (the same session settings)."""

    def __init__(self, schema):
        self.schema = schema
        self.spark = spark_session()
        self.spark.sql("create database if not exists " + spark_quote(schema))

    def drop(self, identifier):
        self.spark.sql("drop table if exists %s.%s" % (spark_quote(self.schema), spark_quote(identifier)))

    def write(self, identifier, relation, columns, scratch):
        parquet_path = os.path.join(scratch, identifier + ".parquet")
        relation.write_parquet(parquet_path)
        frame = self.spark.read.parquet(parquet_path)
        name = spark_quote(self.schema) + "." + spark_quote(identifier)
        frame.write.format("parquet").mode("overwrite").saveAsTable(name)
        return self.spark.table(name).count()

    def commit(self):
        pass

    def close(self):
        self.spark.stop()


def spark_quote(name):
    return "`" + name.replace("`", "``") + "`"


def spark_settings():
    """The server_side_parameters of profiles.yml's `spark` output, rendered
    with this environment (env_var() as dbt renders it), so that the loader,
    dbt and the comparison share one Spark catalog."""
    import jinja2

    def env_var(name, default=None):
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError("environment variable %s is not set" % name)
        return default

    profiles = yaml.safe_load((PROJECT_ROOT / "profiles.yml").read_text())
    output = profiles["saas_metrics"]["outputs"]["spark"]
    environment = jinja2.Environment()
    return {key: environment.from_string(str(value)).render(env_var=env_var)
            for key, value in (output.get("server_side_parameters") or {}).items()}


def spark_session():
    """A local Spark session with the settings of profiles.yml (listeners on
    127.0.0.1, scratch files in SAAS_SPARK_DIR)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession  # requirements-spark.txt

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_settings().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw_dir", nargs="?", default=os.environ.get("SAAS_RAW_DIR", "sample_data/raw"),
                        help="raw folder in the layout of docs/inputs.md (default: SAAS_RAW_DIR or sample_data/raw)")
    parser.add_argument("--target", default="spark" if os.environ.get("SAAS_DBT_TARGET") == "spark" else "postgres",
                        choices=["postgres", "spark"],
                        help="warehouse to load (default: SAAS_DBT_TARGET or postgres)")
    parser.add_argument("--schema", default=os.environ.get("SAAS_RAW_SCHEMA", "raw"),
                        help="raw schema (default: SAAS_RAW_SCHEMA or raw)")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.raw_dir):
        sys.exit("raw folder not found: %s" % args.raw_dir)
    try:
        load(args.raw_dir, args.schema, target=args.target)
    except BadRawFile as error:
        print("Not loaded: a raw file cannot be read as specified (docs/inputs.md).\n%s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
