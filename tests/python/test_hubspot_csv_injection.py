"""Spreadsheet formula injection in the HubSpot import files (issue 11,
class 6).

1. The neutralising function of scripts/export_hubspot_imports.py, with
   every trigger of OWASP's CSV Injection page and a few more.
2. End to end on tests/fixtures/bad_inputs_hubspot (raw_minimal's files
   under new names, plus hand-made hostile CRM rows; its README lists
   them): the rows whose HubSpot ids are not ids are rejected with reason
   invalid_id, the reconciliation holds, and no cell of the two written
   files starts a formula.
3. The export of marts whose text cells hold formulas (as an edited seed
   value would put there: a copy of the built database, changed here):
   every such cell is written with a single quote before its original
   text; an id column holding something else than an id stops the export.
"""
import csv
import os
import shutil
import subprocess
import sys

import duckdb
import pytest
from conftest import FIXTURES, PROJECT_ROOT, rows

from saas_metrics import hubspot_export as exporter

SCRIPT = PROJECT_ROOT / "scripts" / "export_hubspot_imports.py"
RAW = FIXTURES / "bad_inputs_hubspot"

# What a spreadsheet may read as the start of a formula, also after leading
# white space (the check below is stricter than the script's own list).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")

HYPERLINK = '=HYPERLINK("http://x","y")'


# --------------------------------------------------------------------------
# 1. The neutralising function
# --------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\0=1", " =1", "  \t@x", "\n=1",
    HYPERLINK, "=cmd|' /C calc'!A0", "-2+3", "+1, \"quoted\"",
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)",
])
def test_trigger_is_neutralised(text):
    assert exporter.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", [
    "Demo - contact 204", "salesqualifiedlead", "Product Qualified Lead", "a \"quote\", and a comma",
    "", " leading space", "1+1", "'already quoted", "e=mc2", "x@example.com",
])
def test_harmless_text_is_unchanged(text):
    assert exporter.neutralise(text) == text


def test_quote_and_comma_survive_the_csv_writer(tmp_path):
    values = ['=SUM(1,2)', 'a "quote", and a comma', '@x"y"', "-1\nline two"]
    path = tmp_path / "cells.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow([exporter.cell(v, "Deal Name") for v in values])
    with open(path, newline="", encoding="utf-8") as f:
        (read,) = list(csv.reader(f))
    assert read == ["'=SUM(1,2)", 'a "quote", and a comma', "'@x\"y\"", "'-1\nline two"]


def test_id_and_timestamp_columns_take_only_valid_values():
    import datetime as dt
    assert exporter.cell("204", "Record ID") == "204"
    assert exporter.cell(204, "Contact Record ID") == "204"
    assert exporter.cell(None, "Company Record ID") == ""
    for bad in ["=1+1", "12a", "-1", "0123", " 1", "1;2", True, 1.5]:
        with pytest.raises(exporter.ExportError, match="is not a HubSpot record id"):
            exporter.cell(bad, "Company Record ID")
    when = dt.datetime(2024, 2, 10, 9, 0)
    assert exporter.cell(when, "Lifecycle Stage Entered At") == "2024-02-10 09:00:00"
    with pytest.raises(exporter.ExportError, match="is not a timestamp"):
        exporter.cell("=NOW()", "Lifecycle Stage Entered At")


# --------------------------------------------------------------------------
# 2. End to end on the hostile raw folder
# --------------------------------------------------------------------------
CRM = "contacts_hub.csv", "companies_hub.csv", "deals_hub.csv", "meetings_hub.csv"

# (source, file, row number, record id, detail): every CRM row rejected, all
# with reason invalid_id
REJECTED = [
    ("crm.companies", "companies_hub.csv", 2, "=2+2", "Record ID='=2+2'"),
    ("crm.contacts", "contacts_hub.csv", 3, "=1+1", "Record ID='=1+1'"),
    ("crm.contacts", "contacts_hub.csv", 4, "12a", "Record ID='12a'"),
    ("crm.contacts", "contacts_hub.csv", 5, "502", "Associated Company ID='@x'"),
    ("crm.contacts", "contacts_hub.csv", 6, "=7", "Record ID=' =7'"),
    ("crm.contacts", "contacts_hub.csv", 7, "0504", "Record ID='0504'"),
    ("crm.deals", "deals_hub.csv", 2, "+403", "Record ID='+403'"),
    ("crm.deals", "deals_hub.csv", 3, "404", "Associated Contact IDs='503;-2'"),
    ("crm.deals", "deals_hub.csv", 4, "405", "Associated Company IDs='@901'"),
    ("crm.meetings", "meetings_hub.csv", 3, "-302", "Record ID='-302'"),
    ("crm.meetings", "meetings_hub.csv", 4, "304", "Associated Contact IDs='501;9x'"),
]

# Hostile text of the raw folder that must never reach an import file.
HOSTILE_TEXT = [HYPERLINK, "=cmd|' /C calc'!A0", "@SUM(1+1)", "@SUM(A1)", "-2+3", "=1+1", "12a", "@x",
                "=2+2", "+403", "-302", "9x", "@901"]


@pytest.fixture(scope="module")
def con(build_raw_folder):
    return build_raw_folder(RAW, "--select", "+path:models/marts/lifecycle", "+path:models/marts/hubspot_sync",
                            "+path:models/audit", "--exclude", "test_type:unit", "--indirect-selection", "cautious")


def db_path(con):
    return con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()[0]


def run_export(database, out):
    return subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)],
                          env=dict(os.environ, SAAS_DUCKDB_PATH=str(database)),
                          capture_output=True, text=True, cwd=PROJECT_ROOT)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def exported(con, tmp_path_factory):
    out = tmp_path_factory.mktemp("hubspot_injection") / "out"
    result = run_export(db_path(con), out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_hostile_ids_are_rejected_as_invalid_id(con):
    found = rows(con, "select source_name, source_file, source_row_number, record_id, reason, detail "
                      "from audit.rejected_rows where source_name like 'crm.%' order by 1, 2, 3")
    assert [(r["source_name"], r["source_file"], r["source_row_number"], r["record_id"], r["detail"])
            for r in found] == REJECTED
    assert {r["reason"] for r in found} == {"invalid_id"}


def test_valid_ids_are_kept(con):
    assert [r[0] for r in con.execute("select contact_id from staging.stg_hubspot__contacts order by 1").fetchall()] \
        == ["501", "503"]
    assert con.execute("select company_id from staging.stg_hubspot__companies").fetchall() == [("901",)]
    assert con.execute("select deal_id from staging.stg_hubspot__deals").fetchall() == [("401",)]
    # a list of ids with spaces around the ';' is valid
    assert con.execute("select meeting_id, associated_contact_ids from staging.stg_hubspot__meetings "
                       "order by 1").fetchall() == [("301", "501"), ("303", "501; 503")]


def test_reconciliation_holds(con):
    recon = {r["source_name"]: r for r in rows(con, "select * from audit.source_reconciliation")}
    for name, r in recon.items():
        assert r["rows_read"] == r["rows_kept"] + r["rows_rejected"] + r["rows_superseded"], name
    assert {k: (v["rows_read"], v["rows_kept"], v["rows_rejected"], v["rows_superseded"])
            for k, v in recon.items() if k.startswith("crm.")} == {
        "crm.contacts": (7, 2, 5, 0), "crm.companies": (2, 1, 1, 0),
        "crm.deals": (4, 1, 3, 0), "crm.meetings": (4, 2, 2, 0)}


def test_written_files(exported):
    assert read_csv(exported / "lifecycle_stage_updates.csv") == [
        ["Record ID", "Lifecycle Stage", "Lifecycle Stage Rule", "Lifecycle Stage Entered At"],
        ["501", "salesqualifiedlead", "hubspot_meeting", "2024-02-10 09:00:00"],
        ["503", "salesqualifiedlead", "hubspot_meeting", "2024-03-10 12:00:00"],
    ]
    assert read_csv(exported / "deals_to_create.csv") == [
        ["Deal Name", "Pipeline", "Deal Stage", "Contact Record ID", "Company Record ID"],
        ["Demo - contact 501", "default", "appointmentscheduled", "501", "901"],
    ]


def test_no_cell_starts_a_formula(exported):
    for name in ("lifecycle_stage_updates.csv", "deals_to_create.csv"):
        text = (exported / name).read_text(encoding="utf-8")
        for hostile in HOSTILE_TEXT:
            assert hostile not in text, (name, hostile)
        for row in read_csv(exported / name):
            for value in row:
                assert not value.lstrip(" ").startswith(TRIGGERS), (name, value)


# --------------------------------------------------------------------------
# 3. Formulas in the marts' text cells, and a non-id in an id column
# --------------------------------------------------------------------------
HOSTILE_CELLS = {
    "lifecycle_stage_updates": {"Lifecycle Stage": "+1", "Lifecycle Stage Rule": "\t=1"},
    "deals_to_create": {"Deal Name": HYPERLINK, "Pipeline": "@SUM(A1)", "Deal Stage": " =1+1"},
}


def hostile_copy(con, tmp_path, cells):
    copy = tmp_path / "hostile.duckdb"
    shutil.copyfile(db_path(con), copy)
    with duckdb.connect(str(copy)) as rw:
        for mart, values in cells.items():
            rw.execute("update marts.%s set %s" % (mart, ", ".join('"%s" = ?' % c for c in values)),
                       list(values.values()))
    return copy


def test_formula_in_text_cells_is_neutralised(con, tmp_path):
    out = tmp_path / "out"
    result = run_export(hostile_copy(con, tmp_path, HOSTILE_CELLS), out)
    assert result.returncode == 0, result.stdout + result.stderr
    for mart, values in HOSTILE_CELLS.items():
        header, *body = read_csv(out / (mart + ".csv"))
        assert body, mart
        for row in body:
            written = dict(zip(header, row))
            for column, original in values.items():
                assert written[column] == "'" + original, (mart, column)
            for value in row:
                assert not value.lstrip(" ").startswith(TRIGGERS), (mart, value)


@pytest.mark.parametrize("mart,column,value", [
    ("lifecycle_stage_updates", "Record ID", "=1+1"),
    ("deals_to_create", "Company Record ID", "@x"),
    ("deals_to_create", "Contact Record ID", "12a"),
])
def test_non_id_in_an_id_column_stops_the_export(con, tmp_path, mart, column, value):
    out = tmp_path / "out"
    result = run_export(hostile_copy(con, tmp_path, {mart: {column: value}}), out)
    assert result.returncode == 1
    assert "is not a HubSpot record id" in result.stderr and column in result.stderr
    assert not (out / (mart + ".csv")).exists()
