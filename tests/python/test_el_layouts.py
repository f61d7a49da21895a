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
- Airbyte's Chargebee and HubSpot streams (chargebee_layout and
  hubspot_layout: airbyte; line items in the invoice's JSON array, HubSpot
  properties as properties_<name>, associations as JSON arrays): the same on
  PostgreSQL, with the loader's billing and crm tables dropped, a bad line
  item added to an invoice's array and a contact created in 1990 added to
  the contacts stream.
- DuckDB: the same comparisons (Fivetran, Airbyte) with the EL tables
  created in the DuckDB file before the build; in the Airbyte build the
  1990 contact is rejected too and the reconciliation holds.

Unit tests are left out of these builds (`--exclude resource_type:unit_test`):
they mock the loader's sources, run in every default build and do not
depend on the layout.
"""
import os
import subprocess
import sys

import duckdb
import pytest
from conftest import (
    DBT,
    PG_BASE_DBNAME,
    PROJECT_ROOT,
    fresh_pg_database,
    pg_connect,
    pg_marts,
    pg_reachable_or_skip,
    pg_rows,
)

from saas_metrics import el_layout_load, loader

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
LAYOUT_DIR = PROJECT_ROOT / "sample_data" / "el_layouts" / "fivetran"
AIRBYTE_DIR = PROJECT_ROOT / "sample_data" / "el_layouts" / "airbyte"
# the export time zone vars are about files: an EL layout's instants are UTC
# whatever they say (set here to prove it)
FILE_ZONES = "chargebee_export_timezone: Asia/Kolkata, hubspot_export_timezone: America/New_York"
FIVETRAN_VARS = "{chargebee_layout: fivetran, hubspot_layout: fivetran, segment_layout: fivetran, %s}" % FILE_ZONES
AIRBYTE_VARS = "{chargebee_layout: airbyte, hubspot_layout: airbyte, %s}" % FILE_ZONES
BASE_DBNAME = PG_BASE_DBNAME
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
# Airbyte: a line item with an unknown entity type inside an invoice's line_items array
AIRBYTE_BAD_ROW = (
    "update chargebee.invoice set line_items = line_items || jsonb_build_array(jsonb_build_object("
    "'id', '%s', 'date_from', 1704067200, 'date_to', 1706745600, 'entity_type', 'bogus_type', 'amount', 100)) "
    "where id = (select min(id) from chargebee.invoice)" % BAD_LINE_ITEM)
# Airbyte: a contact of the contacts stream created before plausible_dates_from: implausible_date
AIRBYTE_BAD_CONTACT = (
    "insert into hubspot.contacts (id, properties_email, properties_createdate, properties_lastmodifieddate, "
    "\"createdAt\", \"updatedAt\", archived, _airbyte_raw_id, _airbyte_extracted_at) values ('%d', "
    "'old@example.com', timestamptz '1990-01-01 00:00:00+00', timestamptz '1990-01-01 00:00:00+00', "
    "timestamptz '1990-01-01 00:00:00+00', timestamptz '1990-01-01 00:00:00+00', false, 'contacts-bad', "
    "timestamp '2025-01-02')" % BAD_CONTACT)
EXPECTED_REJECTS = {("billing.invoice_line_items", BAD_LINE_ITEM): "invalid_value",
                    ("crm.contacts", str(BAD_CONTACT)): "implausible_date"}


LOADER_TABLES = ("billing__customers", "billing__subscriptions", "billing__invoices", "billing__invoice_line_items",
                 "crm__contacts", "crm__companies", "crm__deals", "crm__meetings", "events__pages",
                 "events__tracks", "events__identifies")


def dbt_build(env, target_path, *args):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", SAAS_RAW_DIR=str(SAMPLE), **env)
    result = subprocess.run(
        [DBT, "build", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(target_path), "--exclude", "resource_type:unit_test", *args],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


@pytest.mark.parametrize("layout,shipped_dir", [("fivetran", LAYOUT_DIR), ("airbyte", AIRBYTE_DIR)])
def test_checked_in_layout_is_the_converter_s_output(tmp_path, layout, shipped_dir):
    """sample_data/el_layouts/<layout> is what the converter writes from the sample."""
    subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "convert_to_el_layout.py"), "--layout",
                    layout, str(SAMPLE), str(tmp_path)], check=True, capture_output=True)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(shipped_dir) for p in shipped_dir.rglob("*") if p.is_file())
    assert written == shipped
    for path in written:
        assert (tmp_path / path).read_bytes() == (shipped_dir / path).read_bytes(), path


# ---------------------------------------------------------------- PostgreSQL

@pytest.fixture(scope="module")
def postgres_builds(tmp_path_factory):
    pg_reachable_or_skip()
    scratch = tmp_path_factory.mktemp("el_layouts_pg")
    loader_db = BASE_DBNAME + "_layout_loader"
    fivetran_db, airbyte_db = BASE_DBNAME + "_layout_fivetran", BASE_DBNAME + "_layout_airbyte"
    layouts = [(fivetran_db, LAYOUT_DIR, BAD_ROWS, LOADER_TABLES),
               (airbyte_db, AIRBYTE_DIR, [AIRBYTE_BAD_ROW, AIRBYTE_BAD_CONTACT], LOADER_TABLES[:8])]
    for name in (loader_db, fivetran_db, airbyte_db):
        fresh_pg_database(name)
    try:
        os.environ["SAAS_PG_DBNAME"] = loader_db
        loader.load(str(SAMPLE), "raw", verbose=False, target="postgres", check=False)
        for dbname, layout_dir, _, _ in layouts:
            os.environ["SAAS_PG_DBNAME"] = dbname
            loader.load(str(SAMPLE), "raw", verbose=False, target="postgres", check=False)
            el_layout_load.load(layout_dir, "postgres", verbose=False)
    finally:
        os.environ["SAAS_PG_DBNAME"] = BASE_DBNAME
    for dbname, _, bad_rows, loader_tables in layouts:
        connection = pg_connect(dbname)
        cursor = connection.cursor()
        # the loader's tables of the systems in the layout are gone: the build can only read the EL tables
        for identifier in loader_tables:
            cursor.execute("drop table raw.%s" % identifier)
        for statement in bad_rows:
            cursor.execute(statement)
            assert cursor.rowcount == 1
        connection.commit()
        connection.close()
    dbt_build({"SAAS_DBT_TARGET": "postgres", "SAAS_PG_DBNAME": loader_db}, scratch / "target_loader")
    dbt_build({"SAAS_DBT_TARGET": "postgres", "SAAS_PG_DBNAME": fivetran_db}, scratch / "target_fivetran",
              "--vars", FIVETRAN_VARS)
    dbt_build({"SAAS_DBT_TARGET": "postgres", "SAAS_PG_DBNAME": airbyte_db}, scratch / "target_airbyte",
              "--vars", AIRBYTE_VARS)
    return loader_db, fivetran_db, airbyte_db


def assert_same_marts(loader, fivetran):
    assert loader, "no mart built"
    assert sorted(loader) == sorted(fivetran)
    for name in sorted(loader):
        loader_columns, loader_rows = loader[name]
        fivetran_columns, fivetran_rows = fivetran[name]
        assert loader_columns == fivetran_columns, name
        assert sorted(loader_rows, key=repr) == sorted(fivetran_rows, key=repr), name


def test_postgres_fivetran_marts_equal_the_loader_marts(postgres_builds):
    loader_db, fivetran_db, _ = postgres_builds
    assert_same_marts(pg_marts(loader_db), pg_marts(fivetran_db))


def test_postgres_airbyte_marts_equal_the_loader_marts(postgres_builds):
    loader_db, _, airbyte_db = postgres_builds
    assert_same_marts(pg_marts(loader_db), pg_marts(airbyte_db))


def test_postgres_bad_airbyte_line_item_is_rejected_with_a_reason(postgres_builds):
    _, _, airbyte_db = postgres_builds
    _, rows = pg_rows(airbyte_db, "select source_name, reason, source_file from audit.rejected_rows "
                                  "where record_id = '%s'" % BAD_LINE_ITEM)
    assert rows == [("billing.invoice_line_items", "invalid_value", "invoice.line_items")]
    _, rows = pg_rows(airbyte_db, "select source_name from audit.source_reconciliation "
                                  "where rows_read <> rows_kept + rows_rejected + rows_superseded")
    assert rows == []


def test_postgres_bad_airbyte_contact_is_rejected_with_a_reason(postgres_builds):
    _, _, airbyte_db = postgres_builds
    _, rows = pg_rows(airbyte_db, "select source_name, reason, source_file from audit.rejected_rows "
                                  "where record_id = '%s'" % BAD_CONTACT)
    assert rows == [("crm.contacts", "implausible_date", "contacts")]
    _, rows = pg_rows(airbyte_db, "select rows_read, rows_kept + rows_rejected + rows_superseded "
                                  "from audit.source_reconciliation where source_name = 'crm.contacts'")
    _, ((landed,),) = pg_rows(airbyte_db, "select count(*) from hubspot.contacts")
    assert rows == [(landed, landed)]


def test_postgres_bad_el_rows_are_rejected_with_a_reason(postgres_builds):
    _, fivetran_db, _ = postgres_builds
    _, rows = pg_rows(fivetran_db, "select source_name, record_id, reason, source_file from audit.rejected_rows "
                                   "where record_id in ('%s', '%s')" % (BAD_LINE_ITEM, BAD_CONTACT))
    found = {(source, record): reason for source, record, reason, _ in rows}
    assert found == EXPECTED_REJECTS
    assert {source_file for *_, source_file in rows} == {"invoice_line_item", "contact"}


def test_postgres_reconciliation_holds(postgres_builds):
    _, fivetran_db, _ = postgres_builds
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


def test_duckdb_el_marts_equal_the_file_marts(tmp_path):
    loader_path = tmp_path / "loader.duckdb"
    dbt_build({"SAAS_DBT_TARGET": "duckdb", "SAAS_DUCKDB_PATH": str(loader_path)}, tmp_path / "target_loader")
    loader_marts = duckdb_marts(loader_path)
    for layout, layout_dir, layout_vars in [("fivetran", LAYOUT_DIR, FIVETRAN_VARS),
                                            ("airbyte", AIRBYTE_DIR, AIRBYTE_VARS)]:
        path = tmp_path / (layout + ".duckdb")
        el_layout_load.load(layout_dir, "duckdb", str(path), verbose=False)
        if layout == "airbyte":
            connection = duckdb.connect(str(path))
            try:
                connection.execute(AIRBYTE_BAD_CONTACT)
            finally:
                connection.close()
        dbt_build({"SAAS_DBT_TARGET": "duckdb", "SAAS_DUCKDB_PATH": str(path)}, tmp_path / ("target_" + layout),
                  "--vars", layout_vars)
        assert_same_marts(loader_marts, duckdb_marts(path))
        connection = duckdb.connect(str(path), read_only=True)
        try:
            unbalanced = connection.execute(
                "select source_name from audit.source_reconciliation "
                "where rows_read <> rows_kept + rows_rejected + rows_superseded").fetchall()
            assert unbalanced == [], layout
            if layout == "airbyte":
                rejected = connection.execute(
                    "select source_name, reason, source_file from audit.rejected_rows "
                    "where record_id = '%s'" % BAD_CONTACT).fetchall()
                assert rejected == [("crm.contacts", "implausible_date", "contacts")]
        finally:
            connection.close()
