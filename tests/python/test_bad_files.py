"""Bad input, part 2 (issue 11, classes 7 to 9): awkward raw folders and files.

Read correctly (one build of tests/fixtures/bad_inputs_files, every source
present: raw_minimal's files under new names), copied at run time into a
folder whose name holds a quote, a space and a semicolon ("it's a; test"):
  - the raw folder path reaches SQL quoted: the build passes and its MRR mart
    equals the one built from tests/fixtures/raw_minimal;
  - a file with an upper-case extension (billing/subscriptions_files_2.CSV)
    is read and counted in audit.source_reconciliation;
  - a meeting with 250 associated contacts (its line is written at run time
    into crm/meetings_files.csv) gives 250 rows in int_lifecycle_associations.
Build-stopping files (tests/fixtures/bad_stop_structure), run with `dbt run`
on the base models that read them, as in test_bad_inputs.py: an unclosed
quote, a row with fewer fields than the header, a last line of blank space
only, a header naming a column twice. Each stops the build with a message
naming the file, the line (or the column) and the problem.
"""
import shutil
from decimal import Decimal

import pytest
from conftest import FIXTURES, rows
from test_bad_inputs import StopRun, model_error

FILES = FIXTURES / "bad_inputs_files"
MEETING_ID = "501"
MEETING_CONTACTS = [str(1000 + n) for n in range(1, 251)]


@pytest.fixture(scope="module")
def stop_run(tmp_path_factory):
    run = StopRun("bad_stop_structure", list(STOPS), tmp_path_factory.mktemp("bad_stop_structure"))
    yield run
    run.close()


@pytest.fixture(scope="module")
def quoted_raw_dir(tmp_path_factory):
    raw_dir = tmp_path_factory.mktemp("files") / "it's a; test"
    shutil.copytree(FILES, raw_dir)
    with open(raw_dir / "crm" / "meetings_files.csv", "a") as meetings:
        meetings.write(f"{MEETING_ID},Big kickoff,2024-03-01T10:00:00Z,2024-02-20,COMPLETED,"
                       + ";".join(MEETING_CONTACTS) + "\n")
    return raw_dir


@pytest.fixture(scope="module")
def con(build_raw_folder, quoted_raw_dir, stop_run):
    return build_raw_folder(quoted_raw_dir, "--exclude", "test_type:unit")


@pytest.fixture(scope="module")
def minimal(build_raw_folder):
    return build_raw_folder(FIXTURES / "raw_minimal", "--exclude", "test_type:unit")


def test_raw_dir_with_quote_space_and_semicolon_builds_the_same_marts(con, minimal):
    sql = "select * from marts.mrr order by month"
    assert rows(con, sql) == rows(minimal, sql)
    assert len(rows(con, sql)) == 5


def test_upper_case_extension_is_read(con):
    counts = dict(con.execute(
        "select source_file, count(*) from staging.base_chargebee__subscriptions group by 1").fetchall())
    assert counts == {"subscriptions_files_1.csv": 3, "subscriptions_files_2.CSV": 4}
    # the newer version of s1 (cancelled) is in the .CSV file
    assert con.execute("select status from staging.stg_chargebee__subscriptions "
                       "where subscription_id = 's1'").fetchall() == [("cancelled",)]


def test_every_row_counted(con):
    recon = {r["source_name"]: r for r in rows(con, "select * from audit.source_reconciliation")}
    assert len(recon) == 15
    for name, r in recon.items():
        assert r["rows_read"] == r["rows_kept"] + r["rows_rejected"] + r["rows_superseded"], name
    assert recon["billing.subscriptions"]["rows_read"] == 7
    assert recon["crm.meetings"]["rows_read"] == 1


def test_meeting_with_250_contacts_keeps_every_contact(con):
    contacts = [r[0] for r in con.execute(
        "select contact_id from intermediate.int_lifecycle_associations "
        f"where object_type = 'meeting' and object_id = '{MEETING_ID}' order by contact_id").fetchall()]
    assert contacts == MEETING_CONTACTS


def test_mrr_is_unchanged(con):
    mrr = dict(con.execute("select cast(month as varchar), mrr from marts.mrr").fetchall())
    assert mrr["2024-04-01"] == Decimal(150) and mrr["2024-05-01"] == Decimal(230)


# --------------------------------------------------------------------------
# Build-stopping files: model -> message fragments.
# --------------------------------------------------------------------------
STOPS = {
    "base_chargebee__customers": [
        "Raw file billing/customers_stop_unclosed_quote.csv (in ",
        "line 3 has a quoted value that is not closed",
        'c2,bo@example.com,"Bo,B,2024-01-20'],
    "base_hubspot__contacts": [
        "Raw file crm/contacts_stop_short_row.csv (in ",
        "line 3 has fewer fields (4) than the header (5): 102,Bo,bo@example.com,2024-01-03"],
    "base_surveys__nps_responses": [
        "Raw file surveys/nps_responses_stop_blank_last_line.csv (in ",
        "line 4 holds only blank space ('   ')", "Delete that line"],
    "base_marketing__team_costs": [
        "Raw file marketing/team_costs_stop_duplicate_column.csv (in ",
        "its header names the column 'Amount' twice (columns 4 and 6: 'amount' and ' Amount'",
        "its values would be lost"],
}


@pytest.mark.parametrize("model", list(STOPS))
def test_bad_structure_stops_the_build(stop_run, model):
    returncode, output = stop_run.result()
    assert returncode == 1, output[-3000:]
    message = model_error(output, model)
    assert "Error when sniffing file" not in message
    for fragment in STOPS[model]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
