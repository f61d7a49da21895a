"""Bad input (issue 5): awkward raw files and the exact outcome of each.

Row-level cases live in ONE raw folder, tests/fixtures/bad_inputs (spec
layout, every source present), built once. Each row is either
  - rejected: one row in audit.rejected_rows with the expected reason and
    detail, while the rest of the build succeeds (a bad row never stops it);
  - superseded: an older version or a duplicate delivery of a record;
  - read correctly: the typed staging value is the expected one.
File-level cases (a bad file, not a bad row) stop the build with a message
naming the file and the problem; each folder below is run with `dbt run`
on the base models that read its bad files (cheap: no other model runs):
  tests/fixtures/bad_stop_missing_column   a required column is missing
                                           (Chargebee id, HubSpot Record ID)
  tests/fixtures/bad_stop_semicolon        ';' instead of ','; plus, written at
                                           run time, a row with more fields
                                           than the header
  tests/fixtures/bad_stop_empty_file       a 0-byte file
  tests/fixtures/bad_stop_more             a tab-separated Segment file, one
                                           without anonymous_id and user_id,
                                           and no team_costs file at all
The runs start together, before the main build, and overlap it.
dbt treats every CSV under tests/fixtures as a unit-test fixture: file names
are unique there, and no file has a row with more fields than its header
(such a fixture breaks dbt's partial parsing for the whole project).
"""
import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from conftest import DBT, FIXTURES, PROJECT_ROOT, rows

RAW = FIXTURES / "bad_inputs"

# --------------------------------------------------------------------------
# Rejected rows: (case, source, file, row number across the source's files,
# record id, reason, detail). The audit must hold exactly these and nothing
# else (apart from the superseded rows below).
# --------------------------------------------------------------------------
C1, C2 = "customers_bad_1_bom.csv", "customers_bad_2_crlf.csv"
S1, S2 = "subscriptions_bad_1.csv", "subscriptions_bad_2.csv"
INV, LI = "invoices_bad.csv", "invoice_line_items_bad.csv"
CA, CB = "contacts_bad_a.csv", "contacts_bad_b.csv"
P1, P2 = "pages_bad_1.csv", "pages_bad_2.csv"
NPS1 = "nps_responses_bad_1_crlf.csv"
FUTURE = "is on or after 2024-08-01, after the month of the latest activity of the other sources"

REJECTED = [
    ("missing id", "billing.customers", C1, 3, None, "missing_id", "id=''"),
    ("date as free text", "billing.customers", C1, 4, "cus_text_date", "unparseable_date", "created_at='yesterday'"),
    ("boolean 'yes'", "billing.customers", C1, 6, "cus_bool", "invalid_value", "deleted='yes'"),
    ("billing period unit outside the spec", "billing.subscriptions", S1, 6, "sub_unit", "invalid_value",
     "billing_period_unit='fortnight'"),
    ("newer version with an impossible date (2024-02-30)", "billing.subscriptions", S2, 9, "sub_bad_newer",
     "unparseable_date", "started_at='2024-02-30'"),
    ("invoice status outside the spec", "billing.invoices", INV, 6, "inv_refunded", "invalid_value",
     "status='refunded'"),
    ("amount in minor units with decimals", "billing.invoices", INV, 7, "inv_cents", "non_numeric", "total='12.50'"),
    ("impossible month (2023-13-01)", "billing.invoices", INV, 8, "inv_month13", "unparseable_date",
     "date='2023-13-01'"),
    ("amount with a thousands separator", "billing.invoice_line_items", LI, 4, "li_thousands", "non_numeric",
     "amount='1,200'"),
    ("amount as text", "billing.invoice_line_items", LI, 5, "li_text", "non_numeric", "amount='ten'"),
    ("negative quantity", "billing.invoice_line_items", LI, 6, "li_neg_qty", "invalid_value", "quantity='-1'"),
    ("date_to before date_from", "billing.invoice_line_items", LI, 7, "li_backwards", "invalid_service_period",
     "date_to <= date_from"),
    ("date_to equal to date_from", "billing.invoice_line_items", LI, 8, "li_zero_length", "invalid_service_period",
     "date_to <= date_from"),
    ("unknown currency (invoice in XYZ)", "billing.invoice_line_items", LI, 9, "li_xyz", "unknown_currency",
     "currency='XYZ'"),
    ("currency with no rate (GBP)", "billing.invoice_line_items", LI, 10, "li_gbp", "no_fx_rate",
     "currency='GBP' month=2024-03-01"),
    ("line item of an unknown invoice", "billing.invoice_line_items", LI, 11, "li_orphan", "unknown_invoice",
     "invoice_id='inv_nope' (no such invoice)"),
    ("entity type outside the spec", "billing.invoice_line_items", LI, 12, "li_coupon", "invalid_value",
     "entity_type='coupon'"),
    ("HubSpot row without Record ID", "crm.contacts", CA, 2, None, "missing_id", "Record ID=''"),
    ("HubSpot impossible date", "crm.contacts", CA, 4, "105", "unparseable_date",
     "Became a Lead Date='2024-02-30'"),
    ("employees as text", "crm.companies", "companies_bad.csv", 2, "202", "non_numeric",
     "Number of Employees='about 50'"),
    ("deal amount with a thousands separator", "crm.deals", "deals_bad.csv", 2, "302", "non_numeric",
     "Amount='1,000'"),
    ("meeting time as text", "crm.meetings", "meetings_bad.csv", 2, "402", "unparseable_date",
     "Meeting Start Time='soon'"),
    ("Segment page without id", "events.pages", P1, 3, None, "missing_id", "id=''"),
    ("Segment page without anonymous_id or user_id", "events.pages", P1, 4, "pg_no_visitor", "missing_id",
     "anonymous_id and user_id are both empty"),
    ("Segment page with an unparseable timestamp", "events.pages", P1, 5, "pg_bad_ts", "unparseable_date",
     "timestamp='not a time'"),
    ("future-dated page (2031)", "events.pages", P1, 6, "pg_future", "future_timestamp",
     "timestamp='2031-01-01T00:00:00Z' " + FUTURE),
    ("page on the first instant after the latest activity month", "events.pages", P1, 7, "pg_month_after",
     "future_timestamp", "timestamp='2024-08-01T00:00:00Z' " + FUTURE),
    ("Segment track without anonymous_id or user_id", "events.tracks", "tracks_bad.csv", 3, "tr_no_visitor",
     "missing_id", "anonymous_id and user_id are both empty"),
    ("future-dated track (2099)", "events.tracks", "tracks_bad.csv", 4, "tr_future", "future_timestamp",
     "timestamp='2099-12-31T23:59:59Z' " + FUTURE),
    ("Segment identify without anonymous_id or user_id", "events.identifies", "identifies_bad.csv", 2,
     "id_no_visitor", "missing_id", "anonymous_id and user_id are both empty"),
    ("ad platform outside the spec", "marketing.ad_spend", "ad_spend_bad.csv", 3, None, "invalid_value",
     "platform='tiktok_ads'"),
    ("spend with a thousands separator", "marketing.ad_spend", "ad_spend_bad.csv", 4, None, "non_numeric",
     "spend='1,000.50'"),
    ("unknown currency (ABC)", "marketing.ad_spend", "ad_spend_bad.csv", 5, None, "unknown_currency",
     "currency='ABC'"),
    ("currency with no rate (GBP)", "marketing.ad_spend", "ad_spend_bad.csv", 6, None, "no_fx_rate",
     "currency='GBP' month=2024-01-01"),
    ("day-first date", "marketing.ad_spend", "ad_spend_bad.csv", 7, None, "unparseable_date", "date='15/01/2024'"),
    ("spend as text", "marketing.ad_spend", "ad_spend_bad.csv", 8, None, "non_numeric", "spend='ten'"),
    ("month 13", "marketing.team_costs", "team_costs_bad.csv", 2, None, "unparseable_date", "month='2024-13'"),
    ("cost 'n/a'", "marketing.team_costs", "team_costs_bad.csv", 3, None, "non_numeric", "amount='n/a'"),
    ("department outside the spec", "marketing.team_costs", "team_costs_bad.csv", 4, None, "invalid_value",
     "department='legal'"),
    ("unknown currency (XYZ)", "marketing.team_costs", "team_costs_bad.csv", 5, None, "unknown_currency",
     "currency='XYZ'"),
    ("rate month as text", "reference.fx_rates", "fx_rates_bad.csv", 2, "Jan 2024:EUR>USD", "unparseable_date",
     "month='Jan 2024'"),
    ("negative rate", "reference.fx_rates", "fx_rates_bad.csv", 3, "2024-01:CHF>USD", "invalid_value", "rate='-1'"),
    ("NPS score 11", "surveys.nps_responses", NPS1, 3, "nps_11", "score_out_of_range", "score='11'"),
    ("NPS score -1", "surveys.nps_responses", NPS1, 4, "nps_minus_1", "score_out_of_range", "score='-1'"),
    ("NPS score 7.5", "surveys.nps_responses", NPS1, 5, "nps_decimal", "non_numeric", "score='7.5'"),
    ("NPS response without a date", "surveys.nps_responses", NPS1, 6, "nps_no_date", "unparseable_date",
     "responded_at=''"),
]

# Duplicated ids with conflicting versions: the row that loses.
SUPERSEDED = [
    ("same updated_at in two files: the file sorting last wins", "billing.subscriptions", S1, 4, "sub_tie"),
    ("older updated_at loses although its file sorts last", "billing.subscriptions", S2, 7, "sub_dup"),
    ("older Last Modified Date loses although its file sorts last", "crm.contacts", CB, 5, "104"),
    ("Segment delivered the same page twice", "events.pages", P1, 9, "pg_dup"),
]

# --------------------------------------------------------------------------
# Valid but unusual rows, read correctly: (case, query returning one row,
# expected row).
# --------------------------------------------------------------------------
T = dt.datetime
READ_CORRECTLY = [
    ("UTF-8 BOM before an unquoted header: id is read",
     "select customer_id, created_at from staging.stg_chargebee__customers where customer_id = 'cus_bom'",
     ("cus_bom", T(2024, 1, 5, 9, 0))),
    ("UTF-8 BOM before a quoted HubSpot header: Record ID is read",
     "select contact_id, created_at from staging.stg_hubspot__contacts where contact_id = '101'",
     ("101", T(2024, 1, 2, 8, 0))),
    ("missing optional column (company) is null; extra column ignored",
     "select company_name, first_name from staging.stg_chargebee__customers where customer_id = 'cus_bom'",
     (None, "Ann")),
    # issue 12: offsets are converted to UTC and epoch milliseconds are read (these two rows
    # were rejected as unparseable_date before)
    ("timestamp with a +02:00 offset, converted to UTC",
     "select created_at from staging.stg_chargebee__customers where customer_id = 'cus_offset'",
     (T(2024, 3, 1, 8, 0),)),
    ("epoch milliseconds",
     "select created_at, updated_at from staging.stg_chargebee__customers where customer_id = 'cus_epoch_ms'",
     (T(2024, 1, 10), T(2024, 1, 10))),
    ("epoch seconds, and a boolean in upper case",
     "select created_at, updated_at, is_deleted from staging.stg_chargebee__customers "
     "where customer_id = 'cus_epoch'",
     (T(2024, 1, 10), T(2024, 1, 10), False)),
    ("Windows line endings, columns in another order: the last column has no stray CR",
     "select company_name, created_at, updated_at from staging.stg_chargebee__customers "
     "where customer_id = 'cus_crlf'",
     ("Gus GmbH", T(2024, 2, 1, 8, 30), T(2024, 2, 1))),
    ("header-only file: valid, no rows",
     "select count(*) from staging.base_chargebee__customers where source_file = 'customers_bad_3_header_only.csv'",
     (0,)),
    ("email with spaces and capitals: trimmed, compared lower-cased",
     "select email, email_normalized from staging.stg_chargebee__customers where customer_id = 'cus_bom'",
     ("Ann.Lee@Example.COM", "ann.lee@example.com")),
    ("the same messy email links Chargebee, HubSpot, Segment and NPS to one person",
     "select count(distinct person_id), count(*) from intermediate.int_identity "
     "where email_normalized = 'ann.lee@example.com'",
     (1, 5)),
    ("HubSpot lifecycle stage label in upper case",
     "select lifecycle_stage, lifecycle_stage_raw from staging.stg_hubspot__contacts where contact_id = '101'",
     ("marketingqualifiedlead", "MARKETING QUALIFIED LEAD")),
    ("HubSpot lead status and original source in another case",
     "select lead_status, original_source from staging.stg_hubspot__contacts where contact_id = '101'",
     ("in_progress", "organic_search")),
    ("HubSpot company stage, deal stage and meeting outcome in upper case",
     "select (select lifecycle_stage from staging.stg_hubspot__companies where company_id = '201'), "
     "(select deal_stage from staging.stg_hubspot__deals where deal_id = '301'), "
     "(select meeting_outcome from staging.stg_hubspot__meetings where meeting_id = '401')",
     ("customer", "closedwon", "completed")),
    ("newer HubSpot version wins by Last Modified Date, not by file order",
     "select lifecycle_stage, last_modified_at from staging.stg_hubspot__contacts where contact_id = '104'",
     ("customer", T(2024, 5, 1))),
    ("newer subscription version wins by updated_at, not by file order",
     "select status, cancelled_at from staging.stg_chargebee__subscriptions where subscription_id = 'sub_dup'",
     ("cancelled", T(2024, 5, 10))),
    ("tie on updated_at: the file sorting last wins",
     "select plan_quantity from staging.stg_chargebee__subscriptions where subscription_id = 'sub_tie'",
     (3,)),
    ("a malformed newer version does not hide the older valid one",
     "select started_at from staging.stg_chargebee__subscriptions where subscription_id = 'sub_bad_newer'",
     (T(2024, 2, 1),)),
    ("amount with spaces around it",
     "select amount_minor from staging.stg_chargebee__invoice_line_items where line_item_id = 'li_feb'",
     (10000,)),
    ("currency in lower case, converted at the rate in force",
     "select currency_code, fx_rate from staging.stg_chargebee__invoice_line_items where line_item_id = 'li_eur'",
     ("EUR", 1.1)),
    ("ad spend in lower-case currency: 200 EUR x 1.10",
     "select currency_code, spend_reporting from staging.stg_marketing__ad_spend where platform = 'meta_ads'",
     ("EUR", Decimal("220"))),
    ("Segment timestamp in epoch seconds",
     "select event_at from staging.stg_segment__pages where page_id = 'pg_epoch'",
     (T(2024, 6, 1, 12, 0),)),
    ("Segment extra columns ignored; '+00:00' offset and a space separator accepted",
     "select (select event_at from staging.stg_segment__tracks where track_id = 'tr_signup'), "
     "(select event_at from staging.stg_segment__tracks where track_id = 'tr_user_only')",
     (T(2024, 1, 5, 10, 5), T(2024, 1, 6, 10, 0))),
    ("an event with a user_id and no anonymous_id is kept",
     "select user_id, anonymous_id from staging.stg_segment__tracks where track_id = 'tr_user_only'",
     ("u_ann", None)),
    ("event in the month of the latest activity (not future): kept",
     "select event_at from staging.stg_segment__pages where page_id = 'pg_last_month'",
     (T(2024, 7, 31, 23, 59, 59),)),
    ("duplicate delivery: one page kept",
     "select count(*) from staging.stg_segment__pages where page_id = 'pg_dup'",
     (1,)),
    ("quoted line break in a comment, in a file with Windows line endings",
     "select score, comment_text, responded_at from staging.stg_surveys__nps_responses "
     "where response_id = 'nps_crlf'",
     (9, "Great tool,\r\nbut slow", T(2024, 3, 1, 12, 0))),
    ("quoted line break and doubled quotes in a comment; epoch-second date",
     "select comment_text, responded_at from staging.stg_surveys__nps_responses where response_id = 'nps_lf'",
     ('Line one\nsaid "meh"', T(2024, 3, 1, 12, 0))),
]


@pytest.fixture(scope="module")
def stop_runs(tmp_path_factory):
    """Start every build-stopping run at once (they overlap the main build)."""
    runs = {folder: StopRun(folder, models, tmp_path_factory.mktemp(folder)) for folder, models in STOP_FOLDERS.items()}
    yield runs
    for run in runs.values():
        run.close()


@pytest.fixture(scope="module")
def con(build_raw_folder, stop_runs):
    return build_raw_folder(RAW, "--exclude", "test_type:unit")


def audit_rows(con):
    return {(r["source_name"], r["source_file"], r["source_row_number"]): r
            for r in rows(con, "select * from audit.rejected_rows")}


@pytest.mark.parametrize("case,source,file,row,record_id,reason,detail", REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected_with_reason(con, case, source, file, row, record_id, reason, detail):
    rejected = audit_rows(con).get((source, file, row))
    assert rejected is not None, f"{case}: not in audit.rejected_rows"
    assert (rejected["record_id"], rejected["reason"], rejected["detail"]) == (record_id, reason, detail), case


@pytest.mark.parametrize("case,source,file,row,record_id", SUPERSEDED, ids=[c[0] for c in SUPERSEDED])
def test_superseded_version(con, case, source, file, row, record_id):
    rejected = audit_rows(con).get((source, file, row))
    assert rejected is not None, f"{case}: not in audit.rejected_rows"
    assert (rejected["record_id"], rejected["reason"]) == (record_id, "superseded"), case


def test_nothing_else_is_rejected(con):
    expected = {(c[1], c[2], c[3]) for c in REJECTED} | {(c[1], c[2], c[3]) for c in SUPERSEDED}
    assert set(audit_rows(con)) == expected


@pytest.mark.parametrize("case,sql,expected", READ_CORRECTLY, ids=[c[0] for c in READ_CORRECTLY])
def test_read_correctly(con, case, sql, expected):
    assert con.execute(sql).fetchall() == [expected], case


def test_every_row_counted(con):
    recon = {r["source_name"]: r for r in rows(con, "select * from audit.source_reconciliation")}
    assert len(recon) == 15
    for name, r in recon.items():
        assert r["rows_read"] == r["rows_kept"] + r["rows_rejected"] + r["rows_superseded"], name
    assert (recon["events.pages"]["rows_read"], recon["events.pages"]["rows_kept"]) == (10, 4)
    assert (recon["billing.customers"]["rows_read"], recon["billing.customers"]["rows_kept"]) == (8, 5)


def test_marts_build_and_future_events_do_not_move_the_window(con):
    # Latest activity of the other sources: invoice inv_jul of 2024-07-01. Kept events go up to
    # 2024-07-31 23:59:59, so the window ends in June; the 2031 and 2099 events are rejected.
    months = [r[0] for r in con.execute("select month from intermediate.int_reporting_months order by 1").fetchall()]
    assert months == [dt.date(2024, m, 1) for m in range(1, 7)]
    mrr = dict(con.execute("select month, mrr from marts.mrr").fetchall())
    # Jan: sub_a 100.00; Feb: 100.00 + 50.00 EUR x 1.10 = 155.00; no line item covers March..June
    assert [mrr[m] for m in months] == [Decimal(v) for v in (100, 155, 0, 0, 0, 0)]
    for mart in ("saas_metrics_monthly", "unique_visitors_and_active_users", "net_promoter_score"):
        assert con.execute(f"select count(*) from marts.{mart}").fetchone()[0] == 6, mart


# --------------------------------------------------------------------------
# Build-stopping files: folder -> {model: message fragments}. Each model must
# fail with a message naming the file and the problem; the run exits 1.
# --------------------------------------------------------------------------
STOPS = {
    "bad_stop_missing_column": {
        "base_chargebee__customers": [
            "Raw file billing/customers_stop_mc_2.csv", "required column 'id' is missing",
            "columns found: 'customer_id', 'email'"],
        "base_hubspot__contacts": [
            "Raw file crm/contacts_stop_mc.csv", "required column 'Record ID' is missing",
            "columns found: 'Contact ID'"],
    },
    "bad_stop_semicolon": {
        "base_chargebee__customers": [
            "Raw file billing/customers_stop_semicolon.csv", "is not comma-separated", "no ',' but ';'"],
        # RAGGED below, added at run time: DuckDB takes the data row as the header
        "base_hubspot__companies": [
            "Raw file crm/companies_stop_ragged.csv", "required column 'Record ID' is missing",
            "columns found: '201', 'Acme', 'Inc', 'Software'",
            "The first line does name the required columns, but the CSV reader could not use it as the header"],
    },
    "bad_stop_empty_file": {
        "base_chargebee__customers": ["Raw file billing/customers_stop_empty_2.csv", "is empty", "no header row"],
    },
    "bad_stop_more": {
        "base_segment__pages": ["Raw file events/pages_stop_more.csv", "is not comma-separated", "but a tab"],
        "base_segment__tracks": [
            "Raw file events/tracks_stop_more.csv", "required column 'anonymous_id' or 'user_id' is missing"],
        "base_marketing__team_costs": ["Raw source marketing/team_costs: no file matches marketing/team_costs*.csv"],
    },
}
STOP_FOLDERS = {folder: list(models) for folder, models in STOPS.items()}
# A row with more fields than the header (an unquoted ','). Written at run time into a copy of
# the folder: as a file under tests/fixtures it would break dbt's partial parsing (see above).
RAGGED = {"bad_stop_semicolon": {"crm/companies_stop_ragged.csv":
                                 "Record ID,Company name,Industry\n201,Acme, Inc,Software\n"}}


class StopRun:
    """`dbt run -s <models>` on a fixture folder, started in the background."""

    def __init__(self, folder, models, tmp):
        self.log = tmp / "stdout.txt"
        raw_dir = FIXTURES / folder
        if folder in RAGGED:
            raw_dir = tmp / "raw"
            shutil.copytree(FIXTURES / folder, raw_dir)
            for name, text in RAGGED[folder].items():
                (raw_dir / name).parent.mkdir(parents=True, exist_ok=True)
                (raw_dir / name).write_text(text)
        env = dict(os.environ, SAAS_RAW_DIR=str(raw_dir), SAAS_DUCKDB_PATH=str(tmp / "stop.duckdb"),
                   DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [DBT, "run", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
                 "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"), "--select", *models],
                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)

    def result(self):
        returncode = self.process.wait(timeout=600)
        return returncode, self.log.read_text()

    def close(self):
        if self.process.poll() is None:
            self.process.kill()


def model_error(output, model):
    """The error block dbt prints for one failed model."""
    marker = f"Compilation Error in model {model} "
    assert marker in output, f"{model} did not fail with a compilation error:\n{output[-3000:]}"
    return output.split(marker, 1)[1].split("> in macro", 1)[0]


@pytest.mark.parametrize("folder,model", [(f, m) for f, models in STOPS.items() for m in models],
                         ids=[f"{f}:{m}" for f, models in STOPS.items() for m in models])
def test_bad_file_stops_the_build(stop_runs, folder, model):
    returncode, output = stop_runs[folder].result()
    assert returncode == 1, output[-3000:]
    message = model_error(output, model)
    for fragment in STOPS[folder][model]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
