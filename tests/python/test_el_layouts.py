"""Warehouse layouts (docs/warehouse_layouts.md): the same business data
landed by Fivetran gives exactly the marts of the project's own loader.

The shipped sample is converted into Fivetran's Chargebee, HubSpot and
Segment tables by scripts/convert_to_el_layout.py (its output is checked in:
sample_data/el_layouts/fivetran; the first test holds it up to date).
scripts/load_el_layout.py creates them as real, typed tables. Then:

- PostgreSQL: two builds, each in a database of its own on the server of the
  SAAS_PG_* variables: the loader layout (scripts/load_raw_to_warehouse.py),
  and the Fivetran layout (`--vars` chargebee_layout, hubspot_layout,
  segment_layout: fivetran), where the loader's billing, crm and events
  tables are dropped before the build, so nothing can read them. Every mart
  of the Fivetran build equals the loader build's, row for row, value for
  value (no tolerance). Two bad rows added to the EL tables (a negative
  amount on a plan line item, a contact created in 1990) reach
  audit.rejected_rows with their reason, and the reconciliation holds for
  every source (rows read from the adapters = kept + rejected + superseded).
  Skipped when no server can be reached; a failure when
  SAAS_REQUIRE_POSTGRES=1 (scripts/test.sh sets it).
- DuckDB: the same comparison with the EL tables created in the DuckDB file
  before the build.

Unit tests are left out of these builds (`--exclude resource_type:unit_test`):
they mock the loader's sources, run in every default build and do not
depend on the layout.
"""
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import DBT, PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import load_el_layout  # noqa: E402
import load_raw_to_warehouse  # noqa: E402

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
LAYOUT_DIR = PROJECT_ROOT / "sample_data" / "el_layouts" / "fivetran"
FIVETRAN_VARS = "{chargebee_layout: fivetran, hubspot_layout: fivetran, segment_layout: fivetran}"
REQUIRE_POSTGRES = os.environ.get("SAAS_REQUIRE_POSTGRES") == "1"
BASE_DBNAME = os.environ.get("SAAS_PG_DBNAME", "saas_metrics")
BAD_LINE_ITEM = "el_bad_row_1"
BAD_CONTACT = 990000000001

BAD_ROWS = [
    # a plan line item with a negative amount: rejected as invalid_value
    ("insert into chargebee.invoice_line_item (id, invoice_id, subscription_id, customer_id, date_from, date_to, "
     "entity_type, entity_id, description, unit_amount, quantity, amount, discount_amount, tax_amount, "
     "_fivetran_deleted, _fivetran_synced) "
     "select '%s', id, subscription_id, customer_id, \"date\", \"date\" + interval '1 month', 'plan_item_price', "
     "'pro-usd', 'Negative plan', -100, 1, -100, 0, 0, false, timestamp '2025-01-02' "
     "from chargebee.invoice where id = (select min(id) from chargebee.invoice)" % BAD_LINE_ITEM),
    # a contact created before plausible_dates_from (2000-01-01): implausible_date
    ("insert into hubspot.contact (id, property_email, property_createdate, property_lastmodifieddate, "
     "_fivetran_deleted, _fivetran_synced) values (%d, 'old@example.com', timestamp '1990-01-01 00:00:00', "
     "timestamp '1990-01-01 00:00:00', false, timestamp '2025-01-02')" % BAD_CONTACT),
]
EXPECTED_REJECTS = {("billing.invoice_line_items", BAD_LINE_ITEM): "invalid_value",
                    ("crm.contacts", str(BAD_CONTACT)): "implausible_date"}


def dbt_build(env, target_path, *args):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", SAAS_RAW_DIR=str(SAMPLE), **env)
    result = subprocess.run(
        [DBT, "build", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(target_path), "--exclude", "resource_type:unit_test", *args],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_checked_in_layout_is_the_converter_s_output(tmp_path):
    """sample_data/el_layouts/fivetran is what the converter writes from the sample."""
    subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "convert_to_el_layout.py"), "--layout",
                    "fivetran", str(SAMPLE), str(tmp_path)], check=True, capture_output=True)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(LAYOUT_DIR) for p in LAYOUT_DIR.rglob("*") if p.is_file())
    assert written == shipped
    for path in written:
        assert (tmp_path / path).read_bytes() == (LAYOUT_DIR / path).read_bytes(), path


# ---------------------------------------------------------------- PostgreSQL

def pg_connect(dbname):
    import psycopg2

    return psycopg2.connect(host=os.environ.get("SAAS_PG_HOST", "127.0.0.1"),
                            port=int(os.environ.get("SAAS_PG_PORT", "55432")),
                            user=os.environ.get("SAAS_PG_USER", "postgres"),
                            password=os.environ.get("SAAS_PG_PASSWORD", ""), dbname=dbname)


def fresh_database(name):
    connection = pg_connect(BASE_DBNAME)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute("drop database if exists %s" % load_raw_to_warehouse.quote(name))
    cursor.execute("create database %s" % load_raw_to_warehouse.quote(name))
    connection.close()


def pg_rows(dbname, sql):
    connection = pg_connect(dbname)
    try:
        cursor = connection.cursor()
        cursor.execute(sql)
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        connection.close()


def pg_marts(dbname):
    _, tables = pg_rows(dbname, "select table_name from information_schema.tables where table_schema = 'marts'")
    return {table: pg_rows(dbname, 'select * from marts."%s"' % table) for (table,) in tables}


@pytest.fixture(scope="module")
def postgres_builds(tmp_path_factory):
    try:
        pg_connect(BASE_DBNAME).close()
    except Exception as error:  # noqa: BLE001 - any connection failure
        if REQUIRE_POSTGRES:
            pytest.fail("PostgreSQL required (SAAS_REQUIRE_POSTGRES=1) but not reachable: %s" % error)
        pytest.skip("no PostgreSQL server reachable (%s)" % error)
    scratch = tmp_path_factory.mktemp("el_layouts_pg")
    loader_db, fivetran_db = BASE_DBNAME + "_layout_loader", BASE_DBNAME + "_layout_fivetran"
    for name in (loader_db, fivetran_db):
        fresh_database(name)
    os.environ["SAAS_PG_DBNAME"] = loader_db
    try:
        load_raw_to_warehouse.load(str(SAMPLE), "raw", verbose=False, target="postgres", check=False)
        os.environ["SAAS_PG_DBNAME"] = fivetran_db
        load_raw_to_warehouse.load(str(SAMPLE), "raw", verbose=False, target="postgres", check=False)
        load_el_layout.load(LAYOUT_DIR, "postgres", verbose=False)
    finally:
        os.environ["SAAS_PG_DBNAME"] = BASE_DBNAME
    connection = pg_connect(fivetran_db)
    cursor = connection.cursor()
    # the loader's tables of the three systems are gone: the build can only read the EL tables
    for identifier in ("billing__customers", "billing__subscriptions", "billing__invoices",
                       "billing__invoice_line_items", "crm__contacts", "crm__companies", "crm__deals",
                       "crm__meetings", "events__pages", "events__tracks", "events__identifies"):
        cursor.execute("drop table raw.%s" % identifier)
    for statement in BAD_ROWS:
        cursor.execute(statement)
        assert cursor.rowcount == 1
    connection.commit()
    connection.close()
    dbt_build({"SAAS_DBT_TARGET": "postgres", "SAAS_PG_DBNAME": loader_db}, scratch / "target_loader")
    dbt_build({"SAAS_DBT_TARGET": "postgres", "SAAS_PG_DBNAME": fivetran_db}, scratch / "target_fivetran",
              "--vars", FIVETRAN_VARS)
    return loader_db, fivetran_db


def assert_same_marts(loader, fivetran):
    assert loader, "no mart built"
    assert sorted(loader) == sorted(fivetran)
    for name in sorted(loader):
        loader_columns, loader_rows = loader[name]
        fivetran_columns, fivetran_rows = fivetran[name]
        assert loader_columns == fivetran_columns, name
        assert sorted(loader_rows, key=repr) == sorted(fivetran_rows, key=repr), name


def test_postgres_fivetran_marts_equal_the_loader_marts(postgres_builds):
    loader_db, fivetran_db = postgres_builds
    assert_same_marts(pg_marts(loader_db), pg_marts(fivetran_db))


def test_postgres_bad_el_rows_are_rejected_with_a_reason(postgres_builds):
    _, fivetran_db = postgres_builds
    _, rows = pg_rows(fivetran_db, "select source_name, record_id, reason, source_file from audit.rejected_rows "
                                   "where record_id in ('%s', '%s')" % (BAD_LINE_ITEM, BAD_CONTACT))
    found = {(source, record): reason for source, record, reason, _ in rows}
    assert found == EXPECTED_REJECTS
    assert {source_file for *_, source_file in rows} == {"invoice_line_item", "contact"}


def test_postgres_reconciliation_holds(postgres_builds):
    _, fivetran_db = postgres_builds
    _, rows = pg_rows(fivetran_db, "select source_name, rows_read, rows_kept, rows_rejected, rows_superseded "
                                   "from audit.source_reconciliation")
    assert len(rows) == 15
    for source_name, read, kept, rejected, superseded in rows:
        assert read == kept + rejected + superseded, source_name
    by_source = {row[0]: row for row in rows}
    _, ((line_items,),) = pg_rows(fivetran_db, "select count(*) from chargebee.invoice_line_item")
    assert by_source["billing.invoice_line_items"][1] == line_items


# -------------------------------------------------------------------- DuckDB

def duckdb_marts(path):
    connection = duckdb.connect(str(path), read_only=True)
    try:
        marts = {}
        for (table,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'").fetchall():
            cursor = connection.execute('select * from marts."%s"' % table)
            marts[table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return marts
    finally:
        connection.close()


def test_duckdb_fivetran_marts_equal_the_file_marts(tmp_path):
    loader_path, fivetran_path = tmp_path / "loader.duckdb", tmp_path / "fivetran.duckdb"
    load_el_layout.load(LAYOUT_DIR, "duckdb", str(fivetran_path), verbose=False)
    dbt_build({"SAAS_DBT_TARGET": "duckdb", "SAAS_DUCKDB_PATH": str(loader_path)}, tmp_path / "target_loader")
    dbt_build({"SAAS_DBT_TARGET": "duckdb", "SAAS_DUCKDB_PATH": str(fivetran_path)}, tmp_path / "target_fivetran",
              "--vars", FIVETRAN_VARS)
    assert_same_marts(duckdb_marts(loader_path), duckdb_marts(fivetran_path))
    connection = duckdb.connect(str(fivetran_path), read_only=True)
    try:
        unbalanced = connection.execute(
            "select source_name from audit.source_reconciliation "
            "where rows_read <> rows_kept + rows_rejected + rows_superseded").fetchall()
        assert unbalanced == []
    finally:
        connection.close()
