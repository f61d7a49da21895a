"""Incremental runs (macros/incremental_raw.sql, docs/performance.md).

The shipped sample is split: its last billing day of Segment events and
invoices (with their line items) is taken out into new files. The project
is built on the rest, the new files are added, and an incremental
`dbt build` (data tests included) runs. Its tables must equal, value for
value, those of a full build of the same files in a fresh database: every
mart, the audit (rejected rows, reconciliation) and the Segment base models.
On DuckDB and on PostgreSQL (through the loader). A second new file that
delivers ids already read again must make the run rebuild every row (the
fate of an id depends on all its deliveries), with the same result.
"""
import os
import shutil
import subprocess

import duckdb
from conftest import DBT, PROJECT_ROOT, fresh_pg_database, pg_connect, pg_reachable_or_skip

from saas_metrics import loader
from saas_metrics.split_last_day import last_file, read_csv, split_last_day, write_csv, write_new_files

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
BASE_MODELS = ("base_segment__pages", "base_segment__tracks", "base_segment__identifies")
SCHEMAS = ("marts", "audit")


def dbt(env, target_path, command, *args):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **env)
    result = subprocess.run(
        [DBT, command, "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(target_path), "--exclude", "resource_type:unit_test", *args],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return result.stdout


MODELS_ONLY = ("--exclude", "resource_type:test")


def assert_appended(log, files):
    for model in BASE_MODELS:
        assert "%s: appending %d new file(s)" % (model, files) in log, log[-3000:]


def assert_rebuilt(log, model, why):
    assert "%s: rebuilding every row: " % model in log and why in log, log[-3000:]


def assert_same_tables(built, rebuilt):
    assert set(built) == set(rebuilt) and len(built) > 20, (sorted(built), sorted(rebuilt))
    for name in sorted(built):
        columns, rows = built[name]
        rebuilt_columns, rebuilt_rows = rebuilt[name]
        assert columns == rebuilt_columns, name
        assert sorted(map(repr, rows)) == sorted(map(repr, rebuilt_rows)), name


QUERY_TABLES = ("select table_schema, table_name from information_schema.tables where table_schema in "
                "('marts', 'audit') or (table_schema = 'staging' and table_name like 'base_segment__%')")


def duckdb_tables(path):
    connection = duckdb.connect(str(path), read_only=True)
    try:
        tables = {}
        for schema, table in connection.execute(QUERY_TABLES).fetchall():
            cursor = connection.execute('select * from "%s"."%s"' % (schema, table))
            tables[schema + "." + table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return tables
    finally:
        connection.close()


def pg_tables(dbname):
    connection = pg_connect(dbname)
    try:
        cursor = connection.cursor()
        cursor.execute(QUERY_TABLES)
        tables = {}
        for schema, table in cursor.fetchall():
            cursor.execute('select * from "%s"."%s"' % (schema, table))
            tables[schema + "." + table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return tables
    finally:
        connection.close()


def redelivery(new_files):
    """A file that delivers the new day's pages again, named to sort last."""
    path, (header, rows) = next((p, v) for p, v in new_files.items() if p.name.startswith("pages"))
    return {path.with_name(path.stem + "_again.csv"): (header, rows[:5])}


def test_duckdb_incremental_equals_full_rebuild(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    new_files = split_last_day(raw)
    db = tmp_path / "incremental.duckdb"
    env = {"SAAS_DBT_TARGET": "duckdb", "SAAS_RAW_DIR": str(raw), "SAAS_DUCKDB_PATH": str(db)}
    dbt(env, tmp_path / "t1", "build", *MODELS_ONLY)
    write_new_files(new_files)
    log = dbt(env, tmp_path / "t2", "build")  # incremental, with the data tests (reconciliation)
    assert_appended(log, 1)
    full = tmp_path / "full.duckdb"
    dbt(dict(env, SAAS_DUCKDB_PATH=str(full)), tmp_path / "t3", "build", *MODELS_ONLY)
    assert_same_tables(duckdb_tables(db), duckdb_tables(full))



def base_rows(db, model):
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(map(repr, connection.execute("select * from staging.%s" % model).fetchall()))
    finally:
        connection.close()


def test_duckdb_runs_that_cannot_append_rebuild_every_row(tmp_path):
    """A file already read that changed, and a new file that delivers ids
    already read again: the run says why it rebuilds every row, and the
    model equals a full build of the same files."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    new_files = split_last_day(raw)
    db, full = tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"
    env = {"SAAS_DBT_TARGET": "duckdb", "SAAS_RAW_DIR": str(raw), "SAAS_DUCKDB_PATH": str(db)}
    selected = ("--select", "+base_segment__pages", "+base_segment__tracks")
    dbt(env, tmp_path / "t1", "run", *selected)

    # a row appended to a file already read
    path = last_file(raw / "events", "tracks")
    header, rows = read_csv(path)
    write_csv(path, header, rows + [[("ajs-late-row" if column == "id" else value)
                                     for column, value in zip(header, rows[0])]])
    log = dbt(env, tmp_path / "t2", "run", "--select", "base_segment__tracks", "base_segment__pages")
    assert_rebuilt(log, "base_segment__tracks", path.name + " changed since the last build")
    assert "base_segment__pages: no new file" in log
    # a new day, then the same page views delivered again in a later file
    write_new_files(new_files)
    log = dbt(env, tmp_path / "t3", "run", "--select", "base_segment__pages", "base_segment__tracks")
    assert "base_segment__pages: appending 1 new file(s)" in log
    assert "base_segment__tracks: appending 1 new file(s)" in log
    write_new_files(redelivery(new_files))
    log = dbt(env, tmp_path / "t4", "run", "--select", "base_segment__pages")
    assert_rebuilt(log, "base_segment__pages", "5 new rows have an id already read")

    dbt(dict(env, SAAS_DUCKDB_PATH=str(full)), tmp_path / "t5", "run", *selected)
    tracks = base_rows(db, "base_segment__tracks")
    assert tracks == base_rows(full, "base_segment__tracks")
    assert len(tracks) == sum(len(read_csv(p)[1]) for p in (raw / "events").glob("tracks*.csv"))
    pages = base_rows(db, "base_segment__pages")
    assert pages == base_rows(full, "base_segment__pages")
    assert sum("'superseded')" in row for row in pages) >= 5


def test_postgres_incremental_equals_full_rebuild(tmp_path):
    base = pg_reachable_or_skip()
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    new_files = split_last_day(raw)
    incremental_db, full_db = base + "_incremental", base + "_incremental_full"
    for name in (incremental_db, full_db):
        fresh_pg_database(name)

    def load(dbname):
        previous = os.environ.get("SAAS_PG_DBNAME")
        os.environ["SAAS_PG_DBNAME"] = dbname
        try:
            loader.load(str(raw), "raw", verbose=False, target="postgres", check=False)
        finally:
            if previous is None:
                os.environ.pop("SAAS_PG_DBNAME", None)
            else:
                os.environ["SAAS_PG_DBNAME"] = previous

    env = {"SAAS_DBT_TARGET": "postgres", "SAAS_RAW_DIR": str(raw), "SAAS_PG_DBNAME": incremental_db}
    load(incremental_db)
    dbt(env, tmp_path / "t1", "build", *MODELS_ONLY)
    write_new_files(new_files)
    load(incremental_db)
    log = dbt(env, tmp_path / "t2", "build")
    assert_appended(log, 1)
    load(full_db)
    dbt(dict(env, SAAS_PG_DBNAME=full_db), tmp_path / "t3", "build", *MODELS_ONLY)
    assert_same_tables(pg_tables(incremental_db), pg_tables(full_db))
