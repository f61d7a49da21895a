"""The lifecycle funnel end to end on a hand-made raw folder, and the HubSpot
import files of scripts/export_hubspot_imports.py.

The folder is tests/fixtures/raw_minimal (its billing: c1 Ann@Example.com
paying from 2024-01-01, c2 bo@example.com from 2024-02-01, c3
cy@example.com from 2024-01-10) with HubSpot contacts, meetings, deals and
Segment events written here. Every expected row is worked out by hand:

  201 ' ANN@example.COM ' HubSpot Lead; Chargebee c1 has the same email
      despite case and spaces -> customer at 2024-01-01 00:00 (start of its
      first paid period) -> update to customer.
  202 bo@example.com HubSpot Customer; c2 -> customer 2024-02-01: HubSpot
      already says customer -> no update.
  203 dee@example.com HubSpot Opportunity; form 2024-01-05 -> lead:
      HubSpot is hotter -> no update.
  204 eve@example.com HubSpot Subscriber, company 901; demo meeting created
      2024-02-10 09:00 (Scheduled) -> sql -> update to salesqualifiedlead,
      and a deal to create (no deal yet), associated with 204 and 901.
  205 fay@example.com HubSpot Lead; form 2024-01-06 -> lead; its only
      meeting is Canceled -> not an SQL -> no update (lead = lead).
  206 gus@example.com HubSpot Marketing Qualified Lead; signup 2024-03-01
      10:00, created_flow 03-02 08:00, created_email 03-03 09:30 -> pql at
      the 2nd key action 2024-03-03 09:30 -> update to the PQL custom stage.
  207 hal@example.com HubSpot Lead; meeting 2024-03-10 12:00 -> sql, but it
      has a deal already -> update, no deal to create.
  208 ida@example.com HubSpot Other; signed up -> stays other, no update.
  209 jo@example.com HubSpot Lead, Lead Status Unqualified; meeting_booked
      event 2024-04-02 15:00 -> sql flagged unqualified -> update (it is an
      SQL), but no deal for an unqualified SQL.
"""
import csv
import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, PROJECT_ROOT, rows

SCRIPT = PROJECT_ROOT / "scripts" / "export_hubspot_imports.py"

CONTACT_HEADER = ("Record ID,First Name,Last Name,Email,Associated Company ID,Create Date,Last Modified Date,"
                  "Lifecycle Stage,Lead Status,Original Source,Original Source Drill-Down 1,"
                  "Original Source Drill-Down 2,Became a Subscriber Date,Became a Lead Date,"
                  "Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,"
                  "Became an Opportunity Date,Became a Customer Date,Became an Evangelist Date")


def contact(record_id, email, stage, company="", lead_status=""):
    return "%s,First,Last,%s,%s,2024-01-02 00:00:00,2024-01-02 00:00:00,%s,%s,,,,,,,,,," % (
        record_id, email, company, stage, lead_status)


FILES = {
    "crm/contacts.csv": [
        CONTACT_HEADER,
        contact(201, "\" ANN@example.COM \"", "Lead"),
        contact(202, "bo@example.com", "customer"),
        contact(203, "dee@example.com", "Opportunity"),
        contact(204, "eve@example.com", "subscriber", company="901"),
        contact(205, "fay@example.com", "lead"),
        contact(206, "gus@example.com", "Marketing Qualified Lead"),
        contact(207, "hal@example.com", "lead", company="902"),
        contact(208, "ida@example.com", "Other"),
        contact(209, "jo@example.com", "lead", lead_status="Unqualified"),
    ],
    "crm/companies.csv": [
        "Record ID,Company name,Company Domain Name,Industry,Country/Region,Number of Employees,"
        "Lifecycle Stage,Create Date,Last Modified Date",
        "901,Eve Co,eve.example.com,,,,lead,2024-01-02 00:00:00,2024-01-02 00:00:00",
        "902,Hal Co,hal.example.com,,,,lead,2024-01-02 00:00:00,2024-01-02 00:00:00",
    ],
    "crm/meetings.csv": [
        "Record ID,Meeting Name,Meeting Start Time,Create Date,Meeting Outcome,Associated Contact IDs",
        "301,Demo,2024-02-12 09:00:00,2024-02-10 09:00:00,Scheduled,204",
        "302,Demo,2024-02-15 09:00:00,2024-02-11 09:00:00,Canceled,205",
        "303,Demo,2024-03-12 12:00:00,2024-03-10 12:00:00,COMPLETED,207",
    ],
    "crm/deals.csv": [
        "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Create Date,Close Date,Last Modified Date,"
        "Associated Contact IDs,Associated Company IDs",
        "401,Hal deal,default,Demo scheduled,1000,2024-03-11 00:00:00,,2024-03-11 00:00:00,207,902",
    ],
    "events/identifies.csv": [
        "id,anonymous_id,user_id,email,timestamp",
        "i1,a_dee,,dee@example.com,2024-01-05T10:00:00Z",
        "i2,a_fay,,Fay@Example.com,2024-01-06T10:00:00Z",
        "i3,a_gus,u_gus,gus@example.com,2024-03-01T10:00:00Z",
        "i4,a_ida,u_ida,ida@example.com,2024-03-05T10:00:00Z",
        "i5,a_jo,u_jo,jo@example.com,2024-04-02T14:00:00Z",
    ],
    "events/tracks.csv": [
        "id,anonymous_id,user_id,event,event_text,timestamp",
        "t1,a_dee,,form_cta_submitted,Form CTA Submitted,2024-01-05T10:00:00Z",
        "t2,a_fay,,form_cta_submitted,Form CTA Submitted,2024-01-06T10:00:00Z",
        "t3,a_gus,u_gus,signed_up,Signed Up,2024-03-01T10:00:00Z",
        "t4,a_gus,u_gus,created_flow,Created Flow,2024-03-02T08:00:00Z",
        "t5,a_gus,u_gus,created_email,Created Email,2024-03-03T09:30:00Z",
        "t6,a_ida,u_ida,signed_up,Signed Up,2024-03-05T10:00:00Z",
        "t7,a_jo,u_jo,meeting_booked,Meeting Booked,2024-04-02T15:00:00Z",
    ],
    "events/pages.csv": [
        "id,anonymous_id,user_id,timestamp,path,url,referrer,title,context_campaign_source,"
        "context_campaign_medium,context_campaign_name",
        "p1,a_fay,,2024-01-06T09:00:00Z,/pricing,https://x.example/pricing,,Pricing,,,",
    ],
}

UPDATES_HEADER = ["Record ID", "Lifecycle Stage", "Lifecycle Stage Rule", "Lifecycle Stage Entered At"]
DEALS_HEADER = ["Deal Name", "Pipeline", "Deal Stage", "Contact Record ID", "Company Record ID"]


@pytest.fixture(scope="module")
def raw_folder(tmp_path_factory):
    raw = tmp_path_factory.mktemp("lifecycle") / "raw"
    shutil.copytree(FIXTURES / "raw_minimal", raw)
    for name, lines in FILES.items():
        (raw / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def con(build_raw_folder, raw_folder):
    # cautious: only the data tests whose every parent is built (not those
    # of other marts that also read a shared upstream model)
    return build_raw_folder(raw_folder, "--select", "+path:models/marts/lifecycle", "+path:models/marts/hubspot_sync",
                            "--exclude", "test_type:unit", "--indirect-selection", "cautious")


@pytest.fixture(scope="module")
def exported(con, tmp_path_factory):
    db_path = con.execute(
        "select path from duckdb_databases() where database_name = current_database()").fetchone()[0]
    out = tmp_path_factory.mktemp("hubspot_imports") / "out"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        env=dict(os.environ, SAAS_DUCKDB_PATH=db_path), capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, r)) for r in reader]


def test_current_stages(con):
    stages = {r["contact_id"]: r for r in rows(con, "select * from marts.contact_lifecycle_stages")}
    assert {k: v["current_stage"] for k, v in stages.items()} == {
        "201": "customer", "202": "customer", "203": "lead", "204": "sql", "205": "lead",
        "206": "pql", "207": "sql", "208": "other", "209": "sql"}
    # the email matched despite case and spaces: customer at the start of c1's first paid period
    assert str(stages["201"]["customer_entered_at"]) == "2024-01-01 00:00:00"
    assert stages["209"]["is_unqualified_sql"] is True
    assert str(stages["206"]["pql_entered_at"]) == "2024-03-03 09:30:00"


def test_lifecycle_stage_updates_file(exported):
    header, updates = read_csv(exported / "lifecycle_stage_updates.csv")
    assert header == UPDATES_HEADER
    assert [tuple(r.values()) for r in updates] == [
        ("201", "customer", "chargebee_paid_subscription", "2024-01-01 00:00:00"),
        ("204", "salesqualifiedlead", "hubspot_meeting", "2024-02-10 09:00:00"),
        ("206", "Product Qualified Lead", "key_events", "2024-03-03 09:30:00"),
        ("207", "salesqualifiedlead", "hubspot_meeting", "2024-03-10 12:00:00"),
        ("209", "salesqualifiedlead", "meeting_booked", "2024-04-02 15:00:00"),
    ]


def test_deals_to_create_file(exported):
    header, deals = read_csv(exported / "deals_to_create.csv")
    assert header == DEALS_HEADER
    assert deals == [{"Deal Name": "Demo - contact 204", "Pipeline": "default",
                      "Deal Stage": "appointmentscheduled", "Contact Record ID": "204",
                      "Company Record ID": "901"}]


def test_company_stage_is_hottest_contact(con):
    companies = {r["company_id"]: r for r in rows(con, "select * from marts.company_lifecycle_stages")}
    assert companies["901"]["lifecycle_stage"] == "sql"
    assert companies["902"]["lifecycle_stage"] == "sql"
    assert companies["901"]["needs_hubspot_update"] is True


def test_no_email_or_name_in_lifecycle_marts(con):
    marts = ["contact_lifecycle_stages", "company_lifecycle_stages", "lifecycle_stage_updates",
             "deals_to_create", "leads_by_lifecycle_stage", "lead_to_customer_rate"]
    for mart in marts:
        columns = [r[0] for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? and data_type = 'VARCHAR'", [mart]).fetchall()]
        assert not [c for c in columns if "email" in c.lower() or "name" in c.lower()
                    and c != "Deal Name"], mart
        for column in columns:
            found = con.execute('select count(*) from marts.%s where "%s" like \'%%@%%\' '
                                "or lower(\"%s\") in ('first', 'last')" % (mart, column, column)).fetchone()[0]
            assert found == 0, (mart, column)


def test_missing_database_fails_cleanly(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path / "out")],
        env=dict(os.environ, SAAS_DUCKDB_PATH=str(tmp_path / "missing.duckdb")),
        capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 1
    assert "no DuckDB file" in result.stderr
