"""Least privilege on PostgreSQL: the BI tool's role reads the marts and nothing else.

Connected AS the role SAAS_BI_READER_ROLE (bi_reader; password
SAAS_BI_READER_PASSWORD, empty under the trust of scripts/postgres.sh):

- it can SELECT every mart: the marts are the model files under models/marts
  (not what the database happens to hold); each is a table of schema marts,
  and its rows can be read;
- it cannot read any table or view of the schemas raw, staging,
  intermediate, audit and reference (each holds relations after a build), nor
  any other relation outside schema marts: every SELECT raises
  InsufficientPrivilege;
- it cannot write: insert, update, delete, truncate and drop on a mart,
  create table in marts, public and raw, create schema and create temporary
  table each raise InsufficientPrivilege. Each statement runs in a
  transaction that is rolled back, so a broken grant fails the test without
  changing the database.

Needs the marts built on PostgreSQL (connection: the SAAS_PG_* variables of
profiles.yml). When the server cannot be reached the module is skipped, or
fails when SAAS_REQUIRE_POSTGRES=1 (scripts/test.sh sets it). When the
server runs but a mart is missing, the fixture loads the shipped sample and
runs `dbt build` with the postgres target first.
"""
import os
import subprocess

import psycopg2
import psycopg2.errors
import pytest
from conftest import DBT, PROJECT_ROOT

from saas_metrics import loader

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
READER = os.environ.get("SAAS_BI_READER_ROLE", "bi_reader")
RAW_SCHEMA = os.environ.get("SAAS_RAW_SCHEMA", "raw")
REQUIRE_POSTGRES = os.environ.get("SAAS_REQUIRE_POSTGRES") == "1"
# The schemas the build fills (raw: the loader; reference: the seeds).
FORBIDDEN_SCHEMAS = (RAW_SCHEMA, "staging", "intermediate", "audit", "reference")
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
# Tables, partitioned tables, views, materialized views, foreign tables.
RELATION_KINDS = ("r", "p", "v", "m", "f")

# The project's marts: one table per model file (no model sets an alias).
MARTS = sorted(path.stem for path in (PROJECT_ROOT / "models" / "marts").rglob("*.sql"))
WRITE_TARGET = "mrr" if "mrr" in MARTS else (MARTS[0] if MARTS else "mrr")


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def connection_settings():
    return "%s:%s/%s" % (os.environ.get("SAAS_PG_HOST", "127.0.0.1"), os.environ.get("SAAS_PG_PORT", "55432"),
                         os.environ.get("SAAS_PG_DBNAME", "saas_metrics"))


def existing_marts(cursor):
    cursor.execute("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                   "where n.nspname = 'marts' and c.relkind in ('r', 'p')")
    return {name for (name,) in cursor.fetchall()}


def build_sample_on_postgres(tmp_path):
    """Load the shipped sample into the raw schema and `dbt build` it on PostgreSQL."""
    loader.load(str(SAMPLE), RAW_SCHEMA, verbose=False)
    env = dict(os.environ, SAAS_DBT_TARGET="postgres", SAAS_RAW_DIR=str(SAMPLE),
               DBT_LOG_PATH=str(tmp_path / "logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env.pop("DBT_TARGET_PATH", None)
    result = subprocess.run(
        [DBT, "build", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(tmp_path / "target")],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, "dbt build on PostgreSQL failed:\n" + result.stdout[-4000:] + result.stderr[-2000:]


@pytest.fixture(scope="module")
def superuser(tmp_path_factory):
    """Autocommit connection as SAAS_PG_USER, to a database where every mart is built."""
    connection, unreachable = None, None
    try:
        connection = loader.connect()
    except psycopg2.OperationalError as error:
        unreachable = str(error).strip()
    if connection is None:
        message = ("PostgreSQL not reachable at %s (start one with scripts/postgres.sh start): %s"
                   % (connection_settings(), unreachable))
        if REQUIRE_POSTGRES:
            pytest.fail("SAAS_REQUIRE_POSTGRES=1 and " + message, pytrace=False)
        pytest.skip(message)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute("select 1 from pg_roles where rolname = %s", (READER,))
    if cursor.fetchone() is None:
        connection.close()
        pytest.fail("role %s does not exist on %s: scripts/postgres.sh start creates it on the local server "
                    "(docs/least_privilege.md)" % (READER, connection_settings()), pytrace=False)
    if set(MARTS) - existing_marts(cursor):
        build_sample_on_postgres(tmp_path_factory.mktemp("postgres_build"))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def reader(superuser):
    """Connection AS the BI tool's role (not autocommit: see run_rolled_back)."""
    connection = psycopg2.connect(
        host=os.environ.get("SAAS_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("SAAS_PG_PORT", "55432")),
        user=READER,
        password=os.environ.get("SAAS_BI_READER_PASSWORD", ""),
        dbname=os.environ.get("SAAS_PG_DBNAME", "saas_metrics"),
    )
    yield connection
    connection.rollback()
    connection.close()


def run_rolled_back(connection, sql):
    """Run one statement in a transaction that is always rolled back; return its rows, if any."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.rollback()


def is_denied(connection, sql):
    try:
        run_rolled_back(connection, sql)
    except psycopg2.errors.InsufficientPrivilege:
        return True
    return False


def relations(superuser, where, params):
    with superuser.cursor() as cursor:
        cursor.execute(
            "select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            "where c.relkind in %s and " + where + " order by 1, 2", (RELATION_KINDS, *params))
        return cursor.fetchall()


# --------------------------------------------------------------------------
# (a) every mart can be read
# --------------------------------------------------------------------------

def test_project_has_marts():
    assert MARTS, "no model file under models/marts"


def test_reader_is_not_privileged(superuser):
    with superuser.cursor() as cursor:
        cursor.execute("select rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, "
                       "pg_has_role(%s, 'pg_read_all_data', 'usage') from pg_roles where rolname = %s",
                       (READER, READER))
        assert cursor.fetchone() == (False, False, False, False, False)


@pytest.mark.parametrize("mart", MARTS)
def test_reader_selects_every_mart(superuser, reader, mart):
    assert mart in existing_marts(superuser.cursor()), "mart %s is not a table of schema marts" % mart
    rows = run_rolled_back(reader, "select * from marts.%s limit 5" % quote(mart))
    assert rows, "marts.%s returned no row to %s" % (mart, READER)


# --------------------------------------------------------------------------
# (b) nothing else can be read
# --------------------------------------------------------------------------

@pytest.mark.parametrize("schema", FORBIDDEN_SCHEMAS)
def test_reader_cannot_read_other_schemas(superuser, reader, schema):
    found = relations(superuser, "n.nspname = %s", (schema,))
    assert found, "schema %s holds no table or view: nothing was checked" % schema
    readable = ["%s.%s" % item for item in found
                if not is_denied(reader, "select * from %s.%s limit 1" % (quote(item[0]), quote(item[1])))]
    assert not readable, "%s can read: %s" % (READER, ", ".join(readable))


def test_reader_cannot_read_anything_outside_marts(superuser, reader):
    """The same for every other schema (public, and any a later change adds)."""
    found = relations(superuser, "n.nspname <> 'marts' and n.nspname not in %s and n.nspname not like 'pg_temp%%' "
                      "and n.nspname not like 'pg_toast%%'", (SYSTEM_SCHEMAS,))
    readable = ["%s.%s" % item for item in found
                if not is_denied(reader, "select * from %s.%s limit 1" % (quote(item[0]), quote(item[1])))]
    assert not readable, "%s can read: %s" % (READER, ", ".join(readable))


# --------------------------------------------------------------------------
# (c) nothing can be written or created
# --------------------------------------------------------------------------

MART = "marts." + quote(WRITE_TARGET)
WRITES = {
    "insert into a mart": "insert into %s default values" % MART,
    "update a mart": "update %s set {column} = {column}" % MART,
    "delete from a mart": "delete from %s" % MART,
    "truncate a mart": "truncate %s" % MART,
    "drop a mart": "drop table %s" % MART,
    "create table in marts": "create table marts.bi_reader_probe (x integer)",
    "create table in public": "create table public.bi_reader_probe (x integer)",
    "create table in raw": "create table %s.bi_reader_probe (x integer)" % quote(RAW_SCHEMA),
    "create schema": "create schema bi_reader_probe",
    "create temporary table": "create temporary table bi_reader_probe (x integer)",
}


@pytest.mark.parametrize("statement", sorted(WRITES))
def test_reader_cannot_write(superuser, reader, statement):
    with superuser.cursor() as cursor:
        cursor.execute("select column_name from information_schema.columns where table_schema = 'marts' "
                       "and table_name = %s order by ordinal_position limit 1", (WRITE_TARGET,))
        (column,) = cursor.fetchone()
    sql = WRITES[statement].format(column=quote(column))
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        run_rolled_back(reader, sql)
