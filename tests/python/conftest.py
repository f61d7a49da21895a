"""Shared helpers: build the dbt project on a raw folder into a scratch DuckDB file."""
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
DBT = str(Path(sys.executable).parent / "dbt")


def dbt_build(raw_dir, db_path, target_path, *args):
    """Run `dbt build` on `raw_dir` into `db_path`; return the completed process."""
    env = dict(os.environ,
               SAAS_RAW_DIR=str(raw_dir),
               SAAS_DUCKDB_PATH=str(db_path),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    return subprocess.run(
        [DBT, "build", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(target_path), *args],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)


@pytest.fixture(scope="session")
def build_raw_folder(tmp_path_factory):
    """Build a raw folder once per session and return a read-only connection to it."""
    built = {}

    def _build(raw_dir, *args):
        key = (str(raw_dir), args)
        if key not in built:
            tmp = tmp_path_factory.mktemp("build")
            db_path = tmp / "metrics.duckdb"
            result = dbt_build(raw_dir, db_path, tmp / "target", *args)
            assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
            built[key] = db_path
        return duckdb.connect(str(built[key]), read_only=True)

    return _build


def rows(con, sql):
    """Query results as a list of dicts."""
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


# ---------------------------------------------------------------- PostgreSQL
# The server of the SAAS_PG_* variables (scripts/test.sh starts a throwaway
# one). SAAS_REQUIRE_POSTGRES=1 turns "not reachable" into a failure.
PG_BASE_DBNAME = os.environ.get("SAAS_PG_DBNAME", "saas_metrics")


def pg_connect(dbname):
    import psycopg2

    return psycopg2.connect(host=os.environ.get("SAAS_PG_HOST", "127.0.0.1"),
                            port=int(os.environ.get("SAAS_PG_PORT", "55432")),
                            user=os.environ.get("SAAS_PG_USER", "postgres"),
                            password=os.environ.get("SAAS_PG_PASSWORD", ""), dbname=dbname)


def pg_reachable_or_skip():
    """The base database's name; skips (or fails, when required) without a server."""
    try:
        pg_connect(PG_BASE_DBNAME).close()
    except Exception as error:  # noqa: BLE001 - any connection failure
        if os.environ.get("SAAS_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL required (SAAS_REQUIRE_POSTGRES=1) but not reachable: %s" % error)
        pytest.skip("no PostgreSQL server reachable (%s)" % error)
    return PG_BASE_DBNAME


def fresh_pg_database(name):
    """Drop and create database `name` on the server."""
    from saas_metrics import loader

    connection = pg_connect(PG_BASE_DBNAME)
    connection.autocommit = True
    try:
        cursor = connection.cursor()
        cursor.execute("drop database if exists %s" % loader.quote(name))
        cursor.execute("create database %s" % loader.quote(name))
    finally:
        connection.close()


def pg_rows(dbname, sql):
    """(column names, rows) of one query on database `dbname`."""
    connection = pg_connect(dbname)
    try:
        cursor = connection.cursor()
        cursor.execute(sql)
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        connection.close()


def pg_marts(dbname):
    """{mart: (columns, rows)} of every table of schema marts."""
    _, tables = pg_rows(dbname, "select table_name from information_schema.tables where table_schema = 'marts'")
    return {table: pg_rows(dbname, 'select * from marts."%s"' % table) for (table,) in tables}
