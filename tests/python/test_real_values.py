"""Real export values (issue 12, items 2 and 3): labels, Product Catalog 2.0,
time zones and epoch milliseconds read as the same facts.

The test rewrites a copy of tests/fixtures/raw_minimal (whose numbers
test_raw_minimal.py works out by hand) the way real exports write the same
data, and builds it:
  - statuses, units and entity types as display labels ('Non Renewing',
    'Plan Item Price'); subscriptions without plan_id, plan_quantity and
    plan_unit_price (Product Catalog 2.0);
  - every Chargebee time as the same instant in another form: an offset
    with a colon (+05:30), without one (-0800), with a space before it,
    ' UTC', epoch milliseconds; customers as naive local times of
    Europe/Berlin, read with var chargebee_export_timezone;
  - a setup fee line item (entity type plan_setup), which is one-time.
Every mart and every rejected row must be identical to raw_minimal's build.
"""
import csv
import datetime as dt
import re
import shutil
import zoneinfo

import pytest
from conftest import FIXTURES, rows

MINIMAL = FIXTURES / "raw_minimal"
UTC = dt.timezone.utc
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

TIME_COLUMNS = {
    "customers": ["created_at", "updated_at"],
    "subscriptions": ["created_at", "started_at", "activated_at", "trial_start", "trial_end",
                      "current_term_start", "current_term_end", "cancelled_at", "updated_at"],
    "invoices": ["date", "due_date", "paid_at", "updated_at"],
    "invoice_line_items": ["date_from", "date_to"],
}
LABELS = {"status": {"active": "Active", "cancelled": "Cancelled", "non_renewing": "Non Renewing",
                     "paid": "Paid", "payment_due": "Payment Due", "voided": "Voided", "posted": "Posted"},
          "billing_period_unit": {"month": "Month", "year": "Year", "week": "Week"},
          "entity_type": {"plan_item_price": "Plan Item Price", "charge_item_price": "charge-item-price",
                          "addon_item_price": "Addon Item Price"}}


def instant(text):
    """The UTC instant raw_minimal means by a cell, or None when it is not a valid time."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{1,11}", text):
        return dt.datetime.fromtimestamp(int(text), UTC)
    match = re.fullmatch(r"(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?))?Z?", text)
    if not match:
        return None
    value = dt.datetime.fromisoformat(match[1] + ("T" + match[2] if match[2] else ""))
    return value.replace(tzinfo=UTC)


def written(table, column, value):
    """The same instant as another export would write it."""
    if table == "customers":  # naive local time of the Chargebee site (Europe/Berlin)
        return value.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M:%S")
    if table == "subscriptions":
        return value.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30))).strftime("%Y-%m-%dT%H:%M:%S+05:30")
    if table == "invoices":
        if column == "paid_at":  # HubSpot's API style: epoch milliseconds
            return str(int(value.timestamp() * 1000))
        if column == "updated_at":
            return value.strftime("%Y-%m-%d %H:%M:%S UTC")
        return value.astimezone(dt.timezone(-dt.timedelta(hours=8))).strftime("%Y-%m-%dT%H:%M:%S-0800")
    return value.astimezone(dt.timezone(-dt.timedelta(hours=5))).strftime("%Y-%m-%d %H:%M:%S -05:00")


def rewrite(path, table):
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in reader.fieldnames if not (table == "subscriptions" and f.startswith("plan_"))]
        records = list(reader)
    for record in records:
        for column in TIME_COLUMNS[table]:
            value = instant(record.get(column) or "")
            if value is not None:
                record[column] = written(table, column, value)
        for column, labels in LABELS.items():
            if column in record:
                record[column] = labels.get(record[column], record[column])
    if table == "invoice_line_items":  # a setup fee on c3's annual invoice: one-time, never MRR
        records.append(dict(records[-1], id="l_setup", invoice_id="i9", subscription_id="s3", customer_id="c3",
                            entity_type="Plan Setup", amount="9900", unit_amount="9900", description="Setup",
                            discount_amount="0", tax_amount="0"))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real_values") / "raw"
    shutil.copytree(MINIMAL, folder)
    for path in (folder / "billing").glob("*.csv"):
        table = next(t for t in sorted(TIME_COLUMNS, key=len, reverse=True) if path.name.startswith(t))
        rewrite(path, table)
    return folder


@pytest.fixture(scope="module")
def con(build_raw_folder, raw_dir):
    return build_raw_folder(raw_dir, "--exclude", "test_type:unit",
                            "--vars", "{chargebee_export_timezone: Europe/Berlin}")


@pytest.fixture(scope="module")
def minimal(build_raw_folder):
    # the same arguments as test_raw_minimal.py: built once per session
    return build_raw_folder(MINIMAL, "--exclude", "test_type:unit")


def test_the_rewrite_changed_what_it_should(raw_dir):
    subscriptions = (raw_dir / "billing" / "subscriptions_2.csv").read_text()
    assert "plan_id" not in subscriptions and "Cancelled" in subscriptions and "+05:30" in subscriptions
    customers = (raw_dir / "billing" / "customers.csv").read_text()
    assert "2024-01-01 01:00:00" in customers  # midnight UTC is 01:00 in Berlin in winter
    invoices = (raw_dir / "billing" / "invoices.csv").read_text()
    assert "-0800" in invoices and " UTC" in invoices and "1704153600000" in invoices


def test_every_mart_is_the_same(con, minimal):
    marts = [r[0] for r in minimal.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
    assert len(marts) >= 21
    # these exports have no plan columns (Product Catalog 2.0: plan_id is null,
    # see test_times_and_labels_read_as_the_same_facts), so only the plan a
    # mart carries may differ; every other column and row is the same
    without_plan = {"mrr_movements": "select * exclude (plan_id, previous_plan_id) from marts.mrr_movements",
                    "cohort_retention_by_segment": "select * from marts.cohort_retention_by_segment"
                                                   " where segment_type != 'plan'"}
    for mart in marts:
        sql = without_plan.get(mart, f"select * from marts.{mart}") + " order by all"
        assert con.execute(sql).fetchall() == minimal.execute(sql).fetchall(), mart


def test_the_same_rows_are_rejected(con, minimal):
    sql = "select source_name, source_file, source_row_number, record_id, reason, detail from audit.rejected_rows"
    before = rows(minimal, sql)
    after = rows(con, sql)
    # the detail quotes the raw value, which is now written in another form
    strip = [{k: v for k, v in r.items() if k != "detail"} for r in before]
    assert sorted(strip, key=str) == sorted(({k: v for k, v in r.items() if k != "detail"} for r in after), key=str)


def test_times_and_labels_read_as_the_same_facts(con, minimal):
    sql = ("select subscription_id, status, billing_period_unit, created_at, cancelled_at, ended_at, plan_id "
           "from staging.stg_chargebee__subscriptions order by 1")
    got = con.execute(sql).fetchall()
    want = [r[:6] + (None,) for r in minimal.execute(sql).fetchall()]
    assert got == want
    sql = "select customer_id, created_at from staging.stg_chargebee__customers order by 1"
    assert con.execute(sql).fetchall() == minimal.execute(sql).fetchall()
    sql = "select invoice_id, status, invoice_date, paid_at, updated_at from staging.stg_chargebee__invoices order by 1"
    assert con.execute(sql).fetchall() == minimal.execute(sql).fetchall()


def test_setup_fee_is_read_and_one_time(con):
    assert con.execute("select entity_type from staging.stg_chargebee__invoice_line_items "
                       "where line_item_id = 'l_setup'").fetchall() == [("plan_setup",)]
    assert con.execute("select count(*) from intermediate.int_line_items_normalized "
                       "where line_item_id = 'l_setup'").fetchone() == (0,)
