"""Export layouts (docs/inputs_layouts.md): Chargebee's web-app export and
HubSpot's contacts export, with their own file names and headers, build
without a hand edit and give exactly the marts of the contract's layout.

sample_data/export_layout holds the shipped sample's billing/ and crm/ as
those tools export them (scripts/convert_to_export_layout.py; the first test
holds it up to date): Customers.csv, Subscriptions.csv, Invoices.csv and
LineItems.csv with entity-prefixed API names (`subscriptions.status`,
`customers.id`), Title-Case labels (`Customer Id`, `Date From`), columns the
project does not read (`addresses.city`, `Phone`), display labels
(`Non Renewing`), local times of the site's zone (Asia/Kolkata); contacts
with `Primary Associated Company ID` and `Associated Company IDs` instead of
`Associated Company ID`. The other folders are the sample's own.

- DuckDB: the export folder's marts equal the sample's, value for value; the
  same rows are rejected for the same reasons; the reconciliation counts
  are the sample's; every contact keeps its company (the primary id wins
  over the plural list, the first id of the list when there is no primary).
- PostgreSQL: the loader (scripts/load_raw_to_warehouse.py) reads the export
  folder with the same file patterns and header aliases, and the build's
  marts equal the sample's. Skipped when no server can be reached; a
  failure when SAAS_REQUIRE_POSTGRES=1 (scripts/test.sh sets it).
- Two headers of one file naming the same column stop the build (and the
  loader) with a message naming both; a user's own header variant works
  after adding one row to seeds/reference/raw_column_aliases.csv (in a copy
  of the project), and without the row the build stops on the missing
  column; the export zip is unpacked into billing/ without overwriting.
"""
import csv
import os
import shutil
import subprocess
import sys
import zipfile

import duckdb
import pytest
from conftest import DBT, FIXTURES, PG_BASE_DBNAME, PROJECT_ROOT, pg_connect, pg_marts, pg_reachable_or_skip, pg_rows

from saas_metrics import chargebee_export, loader

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
EXPORT = PROJECT_ROOT / "sample_data" / "export_layout"
MINIMAL = FIXTURES / "raw_minimal"
EXPORT_VARS = "{chargebee_export_timezone: Asia/Kolkata}"
BASE_DBNAME = PG_BASE_DBNAME


def export_raw_folder(folder):
    """A raw folder: the export's billing/ and crm/, the sample's other folders."""
    folder.mkdir(parents=True)
    for name in ("billing", "crm"):
        shutil.copytree(EXPORT / name, folder / name)
    for path in SAMPLE.iterdir():
        if path.name not in ("billing", "crm"):
            os.symlink(path, folder / path.name)
    return folder


def dbt(command, raw_dir, env, target_path, *args, project_dir=PROJECT_ROOT):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", SAAS_RAW_DIR=str(raw_dir), **env)
    return subprocess.run(
        [DBT, command, "--profiles-dir", str(project_dir), "--project-dir", str(project_dir),
         "--target-path", str(target_path), *args],
        env=env, capture_output=True, text=True, cwd=project_dir)


def dbt_build(raw_dir, env, target_path, *args, project_dir=PROJECT_ROOT):
    result = dbt("build", raw_dir, env, target_path, "--exclude", "resource_type:unit_test", *args,
                 project_dir=project_dir)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def duckdb_rows(path, sql):
    connection = duckdb.connect(str(path), read_only=True)
    try:
        cursor = connection.execute(sql)
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        connection.close()


def duckdb_marts(path):
    _, tables = duckdb_rows(path, "select table_name from information_schema.tables where table_schema = 'marts'")
    return {table: duckdb_rows(path, 'select * from marts."%s"' % table) for (table,) in tables}


def assert_same_marts(expected, actual):
    assert expected, "no mart built"
    assert sorted(expected) == sorted(actual)
    for name in sorted(expected):
        expected_columns, expected_rows = expected[name]
        actual_columns, actual_rows = actual[name]
        assert expected_columns == actual_columns, name
        assert sorted(expected_rows, key=repr) == sorted(actual_rows, key=repr), name


def test_checked_in_export_layout_is_the_converter_s_output(tmp_path):
    """sample_data/export_layout is what the converter writes from the sample."""
    subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "convert_to_export_layout.py"), str(SAMPLE),
                    str(tmp_path)], check=True, capture_output=True)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(EXPORT) for p in EXPORT.rglob("*") if p.is_file())
    assert written == shipped
    for path in written:
        assert (tmp_path / path).read_bytes() == (EXPORT / path).read_bytes(), path


def test_export_headers_are_the_tools_own(tmp_path):
    """The fixture has the export's headers, not the contract's (so the builds below test the aliases)."""
    def header(path):
        with open(path, newline="", encoding="utf-8") as handle:
            return next(csv.reader(handle))

    subscriptions = header(EXPORT / "billing" / "Subscriptions.csv")
    assert subscriptions[:2] == ["subscriptions.id", "customers.id"]
    assert "subscriptions.status" in subscriptions and "addresses.city" in subscriptions
    assert header(EXPORT / "billing" / "Customers.csv")[:3] == ["Customer Id", "Email", "First Name"]
    assert "Date From" in header(EXPORT / "billing" / "LineItems.csv")
    contacts_1, contacts_2 = header(EXPORT / "crm" / "contacts_1.csv"), header(EXPORT / "crm" / "contacts_2.csv")
    assert "Associated Company ID" not in contacts_1 + contacts_2
    assert {"Primary Associated Company ID", "Associated Company IDs"} <= set(contacts_1)
    assert "Associated Company IDs" in contacts_2 and "Primary Associated Company ID" not in contacts_2


# -------------------------------------------------------------------- DuckDB

@pytest.fixture(scope="module")
def duckdb_builds(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("export_layout_duckdb")
    canonical, export = scratch / "canonical.duckdb", scratch / "export.duckdb"
    dbt_build(SAMPLE, {"SAAS_DBT_TARGET": "duckdb", "SAAS_DUCKDB_PATH": str(canonical)}, scratch / "t1")
    dbt_build(export_raw_folder(scratch / "raw"), {"SAAS_DBT_TARGET": "duckdb", "SAAS_DUCKDB_PATH": str(export)},
              scratch / "t2", "--vars", EXPORT_VARS)
    return canonical, export


def test_duckdb_export_marts_equal_the_canonical_marts(duckdb_builds):
    canonical, export = duckdb_builds
    assert_same_marts(duckdb_marts(canonical), duckdb_marts(export))


def test_duckdb_export_rejects_and_reconciles_like_the_canonical_files(duckdb_builds):
    canonical, export = duckdb_builds
    rejects = "select source_name, record_id, reason from audit.rejected_rows"
    _, expected = duckdb_rows(canonical, rejects)
    _, actual = duckdb_rows(export, rejects)
    assert expected, "the sample has rejected rows"
    assert sorted(actual, key=repr) == sorted(expected, key=repr)
    counts = ("select source_name, rows_read, rows_kept, rows_rejected, rows_superseded "
              "from audit.source_reconciliation order by source_name")
    _, expected = duckdb_rows(canonical, counts)
    _, actual = duckdb_rows(export, counts)
    assert actual == expected
    for source_name, read, kept, rejected, superseded in actual:
        assert read == kept + rejected + superseded, source_name


def test_duckdb_every_contact_keeps_its_company(duckdb_builds):
    """contacts_1.csv lists another company first in `Associated Company IDs`
    and the contact's own as `Primary Associated Company ID` (the primary
    wins); contacts_2.csv has only the list, the contact's company first."""
    canonical, export = duckdb_builds
    sql = "select contact_id, associated_company_id from staging.stg_hubspot__contacts"
    _, expected = duckdb_rows(canonical, sql)
    _, actual = duckdb_rows(export, sql)
    assert sum(company is not None for _, company in expected) > 100
    assert sorted(actual, key=repr) == sorted(expected, key=repr)


# ---------------------------------------------------------------- PostgreSQL

@pytest.fixture(scope="module")
def postgres_builds(tmp_path_factory):
    pg_reachable_or_skip()
    scratch = tmp_path_factory.mktemp("export_layout_pg")
    raw = export_raw_folder(scratch / "raw")
    databases = {"canonical": (BASE_DBNAME + "_export_canonical", SAMPLE, ()),
                 "export": (BASE_DBNAME + "_export_layout", raw, ("--vars", EXPORT_VARS))}
    for dbname, raw_dir, args in databases.values():
        connection = pg_connect(BASE_DBNAME)
        connection.autocommit = True
        connection.cursor().execute("drop database if exists %s" % loader.quote(dbname))
        connection.cursor().execute("create database %s" % loader.quote(dbname))
        connection.close()
        os.environ["SAAS_PG_DBNAME"] = dbname
        try:
            # the export folder with the loader's check: its files pass it as they are
            loader.load(str(raw_dir), "raw", verbose=False, target="postgres",
                                       check=raw_dir != SAMPLE)
        finally:
            os.environ["SAAS_PG_DBNAME"] = BASE_DBNAME
        dbt_build(raw_dir, {"SAAS_DBT_TARGET": "postgres", "SAAS_PG_DBNAME": dbname}, scratch / dbname, *args)
    return databases["canonical"][0], databases["export"][0]


def test_postgres_export_marts_equal_the_canonical_marts(postgres_builds):
    canonical, export = postgres_builds
    assert_same_marts(pg_marts(canonical), pg_marts(export))


def test_postgres_loader_reads_the_export_files_under_their_own_names(postgres_builds):
    _, export = postgres_builds
    _, files = pg_rows(export, "select distinct _source_file from raw.billing__subscriptions")
    assert files == [("Subscriptions.csv",)]
    _, ((with_company,),) = pg_rows(export, 'select count(*) from raw.crm__contacts '
                                            'where "Associated Company IDs" is not null')
    assert with_company > 100
    _, rows = pg_rows(export, "select source_name from audit.source_reconciliation "
                              "where rows_read <> rows_kept + rows_rejected + rows_superseded")
    assert rows == []


# ------------------------------------------------------- headers and aliases

def write_rows(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        return next(reader), list(reader)


def test_two_headers_naming_one_column_stop_the_build_naming_both(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(MINIMAL, raw)
    path = raw / "billing" / "subscriptions_1.csv"
    header, rows = read_rows(path)
    status = header.index("status")
    write_rows(path, header + ["Subscriptions.Status"], [row + [row[status]] for row in rows])
    with pytest.raises(loader.BadRawFile) as stopped:
        loader.check_raw_folder(str(raw))
    message = str(stopped.value)
    assert "billing/subscriptions_1.csv" in message
    assert "'status'" in message and "'Subscriptions.Status'" in message
    with pytest.raises(loader.BadRawFile) as stopped:
        loader.raw_load_plan(str(raw))
    assert "'Subscriptions.Status'" in str(stopped.value)


def copy_project(folder):
    """The dbt project without its data, Python tests and build output."""
    ignore = shutil.ignore_patterns(".venv", ".git", "target", "logs", "*.duckdb", "sample_data", "python",
                                    "fixtures", "quality", "docs")
    shutil.copytree(PROJECT_ROOT, folder, ignore=ignore)
    return folder


def test_a_user_alias_row_reads_their_own_header(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(MINIMAL, raw)
    for path in sorted((raw / "billing").glob("subscriptions*.csv")):
        header, rows = read_rows(path)
        header[header.index("id")] = "  Subscription Reference "
        write_rows(path, header, rows)
    # without the row: the required id is missing, and the build says so
    stopped = dbt("compile", raw, {"SAAS_DUCKDB_PATH": str(tmp_path / "check.duckdb")}, tmp_path / "t0",
                  "--select", "base_chargebee__subscriptions")
    assert stopped.returncode != 0
    assert "required column 'id' is missing" in stopped.stdout
    # with one row in the seed (a copy of the project): the marts of the contract's header
    project = copy_project(tmp_path / "project")
    with open(project / "seeds" / "reference" / "raw_column_aliases.csv", "a", encoding="utf-8") as seed:
        seed.write("billing,subscriptions,subscription reference,id,our own export\n")
    dbt_build(raw, {"SAAS_DUCKDB_PATH": str(tmp_path / "alias.duckdb")}, tmp_path / "t1", project_dir=project)
    dbt_build(MINIMAL, {"SAAS_DUCKDB_PATH": str(tmp_path / "minimal.duckdb")}, tmp_path / "t2",
              project_dir=project)
    assert_same_marts(duckdb_marts(tmp_path / "minimal.duckdb"), duckdb_marts(tmp_path / "alias.duckdb"))
    _, ((kept,),) = duckdb_rows(tmp_path / "alias.duckdb", "select count(*) from staging.stg_chargebee__subscriptions")
    assert kept > 0


# ---------------------------------------------------------------- export zip

def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_the_export_zip_is_unpacked_into_billing_without_overwriting(tmp_path):
    subscriptions = (EXPORT / "billing" / "Subscriptions.csv").read_bytes()
    customers = (EXPORT / "billing" / "Customers.csv").read_bytes()
    export = make_zip(tmp_path / "export.zip", {
        "export_2024/Subscriptions.csv": subscriptions, "export_2024/Customers.csv": customers,
        "export_2024/SubscriptionAddons.csv": b"Subscription Id,Addon Id\nsub_1,extra\n"})
    raw = tmp_path / "raw"
    said = []
    taken = chargebee_export.unpack(str(export), str(raw), out=said.append)
    assert taken == {"Subscriptions.csv": "subscriptions", "Customers.csv": "customers"}
    assert sorted(p.name for p in (raw / "billing").iterdir()) == ["Customers.csv", "Subscriptions.csv"]
    assert (raw / "billing" / "Subscriptions.csv").read_bytes() == subscriptions
    assert any("not used: export_2024/SubscriptionAddons.csv" in line for line in said)
    # the same export again: nothing changes
    said.clear()
    chargebee_export.unpack(str(export), str(raw), out=said.append)
    assert any(line.startswith("unchanged: billing/Subscriptions.csv") for line in said)
    # a newer export with another Subscriptions.csv: stops, the old file stays
    newer = make_zip(tmp_path / "newer.zip", {"Subscriptions.csv": subscriptions + b"sub_x,cus_x\n"})
    with pytest.raises(chargebee_export.ExportError, match="billing/Subscriptions.csv is already in"):
        chargebee_export.unpack(str(newer), str(raw), out=said.append)
    assert (raw / "billing" / "Subscriptions.csv").read_bytes() == subscriptions
    # not a zip, or a zip of nothing the project reads
    (tmp_path / "not.zip").write_text("hello")
    with pytest.raises(chargebee_export.ExportError, match="not a readable zip"):
        chargebee_export.unpack(str(tmp_path / "not.zip"), str(raw), out=said.append)
    other = make_zip(tmp_path / "other.zip", {"Addons.csv": b"id\n1\n"})
    with pytest.raises(chargebee_export.ExportError, match="has no file the project reads"):
        chargebee_export.unpack(str(other), str(raw), out=said.append)
