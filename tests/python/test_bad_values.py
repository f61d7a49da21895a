"""Bad values (issue 11, classes 1 to 5): rows that would empty, multiply or
crash the marts are rejected with a reason, and no number changes.

tests/fixtures/bad_inputs_values holds hand-made hostile rows only, one
file per source (`<table>_values.csv`). The test lays them over a copy of
tests/fixtures/raw_minimal (whose numbers test_raw_minimal.py works out by
hand) and builds the result. Every hostile row must be in
audit.rejected_rows with the reason and detail below, every raw_minimal row
keeps its fate, the reconciliation holds, and every mart is identical to the
build of raw_minimal alone: one absurd value changes no number.
The classes:
  1 implausible dates (before var plausible_dates_from, or after the build
    time plus var plausible_days_ahead days; planned dates plus
    var plausible_schedule_years_ahead years): `implausible_date`, every
    source; a reporting window longer than var max_reporting_months stops
    the build with a message;
  2 numbers too big for their type: `out_of_range`, never a cast error;
  3 money that cannot be right (negative spend, cost or recurring amount,
    a discount above its amount): `invalid_value`;
  4 a service period of no length to divide by (billing_period < 1, a
    sub-day line item with no subscription billing period):
    `invalid_value` / `invalid_service_period`;
  5 an exchange rate from a currency into itself (the built-in rate 1 would
    be joined twice): `invalid_value`; a repeated pair and month keeps one
    row (`superseded`).
"""
import os
import re
import shutil
import subprocess

import pytest
from conftest import DBT, FIXTURES, PROJECT_ROOT, rows

MINIMAL = FIXTURES / "raw_minimal"
HOSTILE = FIXTURES / "bad_inputs_values"

BEFORE = "(before 2000-01-01, var plausible_dates_from)"
AFTER_ACTIVITY = r"\(after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, the build time plus 2 days\)"
AFTER_PLANNED = r"\(after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, the build time plus 10 years\)"
TOO_BIG = "(more than 15 digits before the decimal point)"
SAME_CURRENCY = "from_currency = to_currency (a currency converts into itself at 1, built in)"
SUB_DAY = "shorter than a day, and no subscription billing period to value it by"

# (case, source, file, row within the file (1 = first data row), record id, reason,
#  detail: exact text, or a regular expression when it names the build time)
HOSTILE_ROWS = [
    # 1: implausible dates, every source
    ("customer created on a placeholder date", "billing.customers", "customers_values.csv", 1, "cus_1900",
     "implausible_date", f"created_at='1900-01-01' {BEFORE}"),
    ("customer created on Excel's day zero", "billing.customers", "customers_values.csv", 2, "cus_1899",
     "implausible_date", f"created_at='1899-12-30' {BEFORE}"),
    ("subscription created in 2099", "billing.subscriptions", "subscriptions_values.csv", 1, "sub_2099",
     "implausible_date", re.compile(r"created_at='2099-01-01' " + AFTER_ACTIVITY)),
    ("term ending 9999-12-31 (a planned date, beyond ten years)", "billing.subscriptions",
     "subscriptions_values.csv", 2, "sub_term_9999", "implausible_date",
     re.compile(r"current_term_end='9999-12-31' " + AFTER_PLANNED)),
    ("invoice issued in 2999 (would make the last month look complete)", "billing.invoices",
     "invoices_values.csv", 1, "inv_2999", "implausible_date", re.compile(r"date='2999-01-01' " + AFTER_ACTIVITY)),
    ("service period ending 9999-12-31", "billing.invoice_line_items", "invoice_line_items_values.csv", 1,
     "li_to_9999", "implausible_date", re.compile(r"date_to='9999-12-31' " + AFTER_PLANNED)),
    ("service period starting 1970-01-01", "billing.invoice_line_items", "invoice_line_items_values.csv", 2,
     "li_from_1970", "implausible_date", f"date_from='1970-01-01' {BEFORE}"),
    ("contact created at epoch 0", "crm.contacts", "contacts_values.csv", 1, "901", "implausible_date",
     f"Create Date='0' {BEFORE}"),
    ("lead date 1900-01-01", "crm.contacts", "contacts_values.csv", 2, "902", "implausible_date",
     f"Became a Lead Date='1900-01-01' {BEFORE}"),
    ("lead date in 2099", "crm.contacts", "contacts_values.csv", 3, "903", "implausible_date",
     re.compile(r"Became a Lead Date='2099-06-01' " + AFTER_ACTIVITY)),
    ("company created on Excel's day zero", "crm.companies", "companies_values.csv", 1, "911", "implausible_date",
     f"Create Date='1899-12-30' {BEFORE}"),
    ("deal closing in 2199 (a planned date, beyond ten years)", "crm.deals", "deals_values.csv", 1, "921",
     "implausible_date", re.compile(r"Close Date='2199-01-01' " + AFTER_PLANNED)),
    ("meeting created in 2098", "crm.meetings", "meetings_values.csv", 1, "931", "implausible_date",
     re.compile(r"Create Date='2098-01-01' " + AFTER_ACTIVITY)),
    ("page at epoch 0", "events.pages", "pages_values.csv", 1, "pg_epoch_0", "implausible_date",
     f"timestamp='0' {BEFORE}"),
    ("track in 1999", "events.tracks", "tracks_values.csv", 1, "tr_1999", "implausible_date",
     f"timestamp='1999-12-31T23:59:59Z' {BEFORE}"),
    ("identify at 1970-01-01", "events.identifies", "identifies_values.csv", 1, "id_1970", "implausible_date",
     f"timestamp='1970-01-01T00:00:00Z' {BEFORE}"),
    ("ad spend on 1900-01-01", "marketing.ad_spend", "ad_spend_values.csv", 2, None, "implausible_date",
     f"date='1900-01-01' {BEFORE}"),
    ("team cost in 1999-12", "marketing.team_costs", "team_costs_values.csv", 2, None, "implausible_date",
     f"month='1999-12' {BEFORE}"),
    ("NPS answer in 2098", "surveys.nps_responses", "nps_responses_values.csv", 2, "nps_2098", "implausible_date",
     re.compile(r"responded_at='2098-01-01' " + AFTER_ACTIVITY)),
    ("exchange rate of 1999-01", "reference.fx_rates", "fx_rates_values.csv", 3, "1999-01:EUR>USD",
     "implausible_date", f"month='1999-01' {BEFORE}"),
    # 2: numbers too big for their type
    ("plan quantity of 20 digits", "billing.subscriptions", "subscriptions_values.csv", 3, "sub_qty_huge",
     "out_of_range", f"plan_quantity='99999999999999999999' {TOO_BIG}"),
    ("invoice total of 20 digits", "billing.invoices", "invoices_values.csv", 2, "inv_huge", "out_of_range",
     f"total='99999999999999999999' {TOO_BIG}"),
    ("line item amount of 20 digits", "billing.invoice_line_items", "invoice_line_items_values.csv", 3, "li_huge",
     "out_of_range", f"amount='12345678901234567890' {TOO_BIG}"),
    ("employees of 21 digits", "crm.companies", "companies_values.csv", 2, "912", "out_of_range",
     f"Number of Employees='100000000000000000000' {TOO_BIG}"),
    ("deal amount of 20 digits", "crm.deals", "deals_values.csv", 2, "922", "out_of_range",
     f"Amount='12345678901234567890.50' {TOO_BIG}"),
    ("ad spend of 22 digits", "marketing.ad_spend", "ad_spend_values.csv", 3, None, "out_of_range",
     f"spend='1000000000000000000000.00' {TOO_BIG}"),
    ("team cost of 17 digits", "marketing.team_costs", "team_costs_values.csv", 3, None, "out_of_range",
     f"amount='99999999999999999' {TOO_BIG}"),
    ("NPS score of 20 digits", "surveys.nps_responses", "nps_responses_values.csv", 1, "nps_huge", "out_of_range",
     f"score='99999999999999999999' {TOO_BIG}"),
    ("exchange rate of 17 digits", "reference.fx_rates", "fx_rates_values.csv", 4, "2024-02:EUR>USD",
     "out_of_range", f"rate='10000000000000000' {TOO_BIG}"),
    # 3: money that cannot be right
    ("negative recurring line item", "billing.invoice_line_items", "invoice_line_items_values.csv", 4,
     "li_negative", "invalid_value",
     "amount='-5000' (negative on a recurring line item: a credit is a credit note, "
     "not a negative plan or addon line)"),
    ("discount larger than the amount", "billing.invoice_line_items", "invoice_line_items_values.csv", 5,
     "li_discount_over", "invalid_value", "discount_amount='6000' > amount='5000' (a discount larger than its amount)"),
    ("negative discount", "billing.invoice_line_items", "invoice_line_items_values.csv", 6, "li_discount_neg",
     "invalid_value", "discount_amount='-100' (negative)"),
    ("negative ad spend", "marketing.ad_spend", "ad_spend_values.csv", 1, None, "invalid_value",
     "spend='-100.00' (negative: a refund or credit from the platform is not spend)"),
    ("negative team cost", "marketing.team_costs", "team_costs_values.csv", 1, None, "invalid_value",
     "amount='-5000' (negative: a cost is never below zero)"),
    # 4: no length to divide by
    ("billing period 0", "billing.subscriptions", "subscriptions_values.csv", 4, "sub_period_0", "invalid_value",
     "billing_period='0' (must be at least 1)"),
    ("billing period -1", "billing.subscriptions", "subscriptions_values.csv", 5, "sub_period_neg", "invalid_value",
     "billing_period='-1' (must be at least 1)"),
    ("two-hour period with no subscription", "billing.invoice_line_items", "invoice_line_items_values.csv", 7,
     "li_sub_day", "invalid_service_period", SUB_DAY),
    ("two-hour period whose subscription was rejected", "billing.invoice_line_items",
     "invoice_line_items_values.csv", 8, "li_sub_day_bad_sub", "invalid_service_period", SUB_DAY),
    # 5: exchange rates that would multiply rows
    ("rate from the reporting currency into itself", "reference.fx_rates", "fx_rates_values.csv", 1,
     "2024-01:USD>USD", "invalid_value", SAME_CURRENCY),
    ("the same, in lower case", "reference.fx_rates", "fx_rates_values.csv", 2, "2024-01:USD>USD",
     "invalid_value", SAME_CURRENCY),
]
# A raw_minimal row whose fate the hostile rows change on purpose: the same month and pair
# again, in a file sorting later (fx_rates_values.csv row 5): one rate is kept, never two.
CHANGED_FATE = {("reference.fx_rates", "fx_rates.csv", "2024-01:EUR>USD"): "superseded"}


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad_values") / "raw"
    shutil.copytree(MINIMAL, folder)
    for path in HOSTILE.rglob("*.csv"):
        target = folder / path.relative_to(HOSTILE)
        assert not target.exists(), target
        shutil.copyfile(path, target)
    return folder


@pytest.fixture(scope="module")
def con(build_raw_folder, raw_dir):
    return build_raw_folder(raw_dir, "--exclude", "test_type:unit")


@pytest.fixture(scope="module")
def minimal(build_raw_folder):
    # the same arguments as test_raw_minimal.py: built once per session
    return build_raw_folder(MINIMAL, "--exclude", "test_type:unit")


def first_row_numbers(con):
    """Row number (across the source's files) of the first row of each hostile file."""
    return {(r["source_name"], r["source_file"]): r["first_row"] for r in rows(con, """
        select source_name, source_file, min(source_row_number) as first_row
        from audit.rejected_rows where source_file like '%\\_values.csv' escape '\\'
        group by 1, 2""")}


@pytest.mark.parametrize("case,source,file,row,record_id,reason,detail", HOSTILE_ROWS,
                         ids=[c[0] for c in HOSTILE_ROWS])
def test_hostile_row_rejected_with_reason(con, case, source, file, row, record_id, reason, detail):
    first = first_row_numbers(con)[(source, file)]
    found = rows(con, f"""select record_id, reason, detail from audit.rejected_rows
                          where source_name = '{source}' and source_file = '{file}'
                            and source_row_number = {first + row - 1}""")
    assert len(found) == 1, f"{case}: {found}"
    got = found[0]
    assert (got["record_id"], got["reason"]) == (record_id, reason), case
    if isinstance(detail, re.Pattern):
        assert detail.fullmatch(got["detail"]), f"{case}: {got['detail']!r}"
    else:
        assert got["detail"] == detail, case


def test_every_hostile_row_is_accounted_for(con):
    """Each hostile file's rows are all rejected (the listed ones) but one: the repeated rate."""
    audit = rows(con, "select source_name, source_file, record_id, reason from audit.rejected_rows "
                      "where source_file like '%\\_values.csv' escape '\\'")
    expected = sorted((c[1], c[2], c[4] or "", c[5]) for c in HOSTILE_ROWS)
    assert sorted((r["source_name"], r["source_file"], r["record_id"] or "", r["reason"]) for r in audit) == expected
    hostile_rows = sum(len(p.read_text().splitlines()) - 1 for p in HOSTILE.rglob("*.csv"))
    assert hostile_rows == len(HOSTILE_ROWS) + 1  # + the repeated EUR>USD rate of 2024-01, kept


def test_raw_minimal_rows_keep_their_fate(con, minimal):
    sql = ("select source_name, source_file, source_row_number, record_id, reason, detail "
           "from audit.rejected_rows where source_file not like '%\\_values.csv' escape '\\'")
    before = {(r["source_name"], r["source_file"], r["record_id"], r["source_row_number"]): r["reason"]
              for r in rows(minimal, sql)}
    after = {(r["source_name"], r["source_file"], r["record_id"], r["source_row_number"]): r["reason"]
             for r in rows(con, sql)}
    changed = {key[:3]: reason for key, reason in after.items() if before.get(key) != reason}
    assert changed == CHANGED_FATE
    assert set(before) <= set(after)


def test_every_row_counted(con, minimal):
    recon = {r["source_name"]: r for r in rows(con, "select * from audit.source_reconciliation")}
    base = {r["source_name"]: r for r in rows(minimal, "select * from audit.source_reconciliation")}
    assert len(recon) == 15
    per_source = {}
    for path in HOSTILE.rglob("*.csv"):
        name = f"{path.parent.name}.{path.stem.removesuffix('_values')}"
        per_source[name] = len(path.read_text().splitlines()) - 1
    for name, r in recon.items():
        assert r["rows_read"] == r["rows_kept"] + r["rows_rejected"] + r["rows_superseded"], name
        assert r["rows_read"] == base[name]["rows_read"] + per_source.get(name, 0), name


def test_no_mart_changes(con, minimal):
    """Not one number of any mart moves: the window, MRR, CAC, NPS, web, lifecycle."""
    marts = [r[0] for r in minimal.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
    assert len(marts) >= 21
    for mart in marts:
        assert con.execute(f"select * from marts.{mart} order by all").fetchall() == \
            minimal.execute(f"select * from marts.{mart} order by all").fetchall(), mart
    # and they are not empty: raw_minimal's window is January..May 2024
    assert minimal.execute("select count(*) from marts.mrr").fetchone()[0] == 5


def test_a_window_over_its_cap_stops_the_build(raw_dir, tmp_path):
    """With var plausible_dates_from at 1800, the 1899 dates stretch the window over 1,200 months:
    the build stops with a message instead of dropping the last months."""
    env = dict(os.environ, SAAS_RAW_DIR=str(raw_dir), SAAS_DUCKDB_PATH=str(tmp_path / "cap.duckdb"),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    result = subprocess.run(
        [DBT, "run", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
         "--select", "+int_reporting_months", "--vars", "{plausible_dates_from: '1800-01-01'}"],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600)
    assert result.returncode == 1, result.stdout[-3000:]
    assert ("The reporting window from 1899-12-01 to 2024-05-01 is longer than var max_reporting_months "
            "(1200 months)") in result.stdout, result.stdout[-3000:]
