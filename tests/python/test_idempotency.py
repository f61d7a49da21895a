"""Idempotency: two builds of the shipped sample give identical marts and audit.

The first build is the session's shared build of sample_data/raw (conftest
build_raw_folder, also used by test_guarantees.py); the second goes into a new
DuckDB file with another number of dbt threads, so models run in another
order. Every table of the schemas marts and audit is compared: same tables,
same columns and types in the same order, and the same rows (EXCEPT ALL both
ways, so duplicates count). Doubles are compared exactly: a figure that
depends on the order rows are read or summed is a defect.
"""
import duckdb
import pytest
from conftest import PROJECT_ROOT, dbt_build

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
# Models and seeds only (the data and unit tests run in scripts/test.sh step 1).
# test_guarantees.py builds with the same arguments, so the build is shared.
SAMPLE_BUILD_ARGS = ("--resource-type", "seed", "--resource-type", "model")
COMPARED_SCHEMAS = ("marts", "audit")


def database_path(con):
    return con.execute(
        "select path from duckdb_databases() where database_name = current_database()").fetchone()[0]


def tables(con, catalog, schemas):
    placeholders = ", ".join("?" for _ in schemas)
    return [tuple(r) for r in con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = ? and table_schema in (%s) order by 1, 2" % placeholders,
        [catalog, *schemas]).fetchall()]


def columns(con, catalog, schema, table):
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table]).fetchall()


def differences(con, left, right, schemas=COMPARED_SCHEMAS):
    """Every way the tables of `schemas` differ between two attached catalogs, as text."""
    found = []
    left_tables, right_tables = tables(con, left, schemas), tables(con, right, schemas)
    if left_tables != right_tables:
        found.append("tables differ: only in %s %s, only in %s %s" % (
            left, sorted(set(left_tables) - set(right_tables)),
            right, sorted(set(right_tables) - set(left_tables))))
    for schema, table in sorted(set(left_tables) & set(right_tables)):
        name = "%s.%s" % (schema, table)
        left_columns = columns(con, left, schema, table)
        if left_columns != columns(con, right, schema, table):
            found.append("%s: columns differ" % name)
            continue
        select_list = ", ".join('"%s"' % c for c, _ in left_columns)
        for a, b in ((left, right), (right, left)):
            missing = con.execute(
                'select count(*) from (select %s from "%s"."%s"."%s" except all '
                'select %s from "%s"."%s"."%s")' % (select_list, a, schema, table,
                                                    select_list, b, schema, table)).fetchone()[0]
            if missing:
                found.append("%s: %d row(s) of %s are not in %s" % (name, missing, a, b))
    return found


@pytest.fixture(scope="module")
def two_builds(build_raw_folder, tmp_path_factory):
    first = database_path(build_raw_folder(SAMPLE, *SAMPLE_BUILD_ARGS))
    tmp = tmp_path_factory.mktemp("idempotency")
    second = tmp / "second.duckdb"
    result = dbt_build(SAMPLE, second, tmp / "target", *SAMPLE_BUILD_ARGS, "--threads", "4")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    con = duckdb.connect()
    con.execute("attach '%s' as first_build (read_only)" % str(first).replace("'", "''"))
    con.execute("attach '%s' as second_build (read_only)" % str(second).replace("'", "''"))
    yield con
    con.close()


def test_two_builds_give_identical_marts_and_audit(two_builds):
    compared = tables(two_builds, "first_build", COMPARED_SCHEMAS)
    assert len([t for t in compared if t[0] == "marts"]) >= 20, compared
    assert ("audit", "rejected_rows") in compared and ("audit", "source_reconciliation") in compared
    assert differences(two_builds, "first_build", "second_build") == []


def test_comparison_sees_a_changed_row_a_missing_table_and_a_duplicate():
    """The comparison itself can fail: one changed value, one duplicated row,
    one table missing and one column type changed are all reported."""
    con = duckdb.connect()
    for catalog in ("left_db", "right_db"):
        con.execute("attach ':memory:' as %s" % catalog)
        con.execute("create schema %s.marts" % catalog)
        con.execute("create table %s.marts.mrr as select * from (values "
                    "(date '2024-01-01', 100.5::double), (date '2024-02-01', 90.25::double)) "
                    "as t(month, mrr)" % catalog)
        con.execute("create table %s.marts.arr as select 1 as n" % catalog)
    assert differences(con, "left_db", "right_db") == []
    con.execute("update right_db.marts.mrr set mrr = 90.250000001 where month = date '2024-02-01'")
    assert differences(con, "left_db", "right_db") == [
        "marts.mrr: 1 row(s) of left_db are not in right_db",
        "marts.mrr: 1 row(s) of right_db are not in left_db",
    ]
    con.execute("update right_db.marts.mrr set mrr = 90.25")
    con.execute("insert into right_db.marts.mrr values (date '2024-01-01', 100.5)")
    assert differences(con, "left_db", "right_db") == ["marts.mrr: 1 row(s) of right_db are not in left_db"]
    con.execute("drop table right_db.marts.arr")
    con.execute("create table left_db.marts.extra as select 1 as n")
    con.execute("create table right_db.marts.extra as select 1::varchar as n")
    found = differences(con, "left_db", "right_db")
    assert found[0].startswith("tables differ: only in left_db [('marts', 'arr')]"), found
    assert "marts.extra: columns differ" in found
