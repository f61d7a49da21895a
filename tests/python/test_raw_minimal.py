"""The project on a hand-made raw folder (tests/fixtures/raw_minimal): every
number below is worked out by hand from the files, so pointing SAAS_RAW_DIR
at another folder is shown to give that folder's numbers.

The folder, in short (EUR->USD 1.10 from 2024-01, 1.20 from 2024-03):
  c1  USD monthly 100.00 Jan-Mar (March invoice payment_due, still counts),
      cancelled 2024-04-01, April invoice voided; new subscription 80.00
      from 2024-05-15 (reactivation in May).
  c2  EUR monthly 50.00 from Feb: 55.00 in Feb, 60.00 from March (FX
      adjustment +5, the EUR amount unchanged).
  c3  USD annual 1,200.00 - 120.00 discount from 2024-01-10 = 90.00 a month;
      tax 50.00 and a one-time setup fee 500.00 never count.
  Window: first activity 2024-01-01, latest invoice 2024-06-01 -> Jan..May.
Bad rows: a customer without id, a line item with amount 'n/a', and a newer
version of s2 with an unparseable started_at (rejected; the older valid
version is kept).
"""
from decimal import Decimal

import pytest
from conftest import FIXTURES, rows

RAW = FIXTURES / "raw_minimal"
MONTHS = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]


@pytest.fixture(scope="module")
def con(build_raw_folder):
    return build_raw_folder(RAW, "--exclude", "test_type:unit")


def by_month(con, sql):
    return {str(r["month"]): r for r in rows(con, sql)}


def test_mrr_and_movements(con):
    mrr = by_month(con, "select * from marts.mrr order by month")
    assert list(mrr) == MONTHS
    expected = {
        # month: (mrr, new, expansion, contraction, churned, reactivation, fx, paying)
        "2024-01-01": (190, 190, 0, 0, 0, 0, 0, 2),
        "2024-02-01": (245, 55, 0, 0, 0, 0, 0, 3),
        "2024-03-01": (250, 0, 0, 0, 0, 0, 5, 3),
        "2024-04-01": (150, 0, 0, 0, 100, 0, 0, 2),
        "2024-05-01": (230, 0, 0, 0, 0, 80, 0, 3),
    }
    previous = Decimal(0)
    for month, (total, new, exp, contr, churn, react, fx, paying) in expected.items():
        row = mrr[month]
        assert row["mrr"] == Decimal(total), month
        assert (row["new_mrr"], row["expansion_mrr"], row["contraction_mrr"], row["churned_mrr"],
                row["reactivation_mrr"], row["fx_adjustment_mrr"]) == tuple(
                    Decimal(v) for v in (new, exp, contr, churn, react, fx)), month
        assert row["paying_customers"] == paying, month
        assert row["net_new_mrr"] == Decimal(total) - previous, month
        previous = Decimal(total)
    assert mrr["2024-01-01"]["quick_ratio"] is None  # nothing churned or contracted
    assert mrr["2024-04-01"]["quick_ratio"] == 0
    assert mrr["2024-05-01"]["arpa"] == pytest.approx(230 / 3)


def test_arr_is_twelve_times_mrr(con):
    arr = by_month(con, "select * from marts.arr")
    assert [arr[m]["arr"] for m in MONTHS] == [Decimal(v) for v in (2280, 2940, 3000, 1800, 2760)]


def test_customer_churn_rate(con):
    churn = by_month(con, "select * from marts.customer_churn_rate")
    assert [(churn[m]["customers_start"], churn[m]["customers_churned"]) for m in MONTHS] == [
        (0, 0), (2, 0), (3, 0), (3, 1), (2, 0)]
    assert churn["2024-01-01"]["customer_churn_rate"] is None  # no customer at the start
    assert churn["2024-02-01"]["customer_churn_rate"] == 0
    assert churn["2024-04-01"]["customer_churn_rate"] == pytest.approx(1 / 3)


def test_revenue_churn(con):
    rev = by_month(con, "select * from marts.revenue_churn")
    april, may = rev["2024-04-01"], rev["2024-05-01"]
    assert april["mrr_start"] == 250 and april["churned_mrr"] == 100
    assert april["gross_mrr_churn_rate"] == pytest.approx(0.4)
    assert april["net_mrr_churn_rate"] == pytest.approx(0.4)
    assert may["mrr_start"] == 150 and may["reactivation_mrr"] == 80
    assert may["gross_mrr_churn_rate"] == 0
    assert may["net_mrr_churn_rate"] == pytest.approx(-80 / 150)
    assert rev["2024-01-01"]["gross_mrr_churn_rate"] is None  # mrr_start 0
    assert all(rev[m]["net_revenue_retention_12m"] is None for m in MONTHS)  # no cohort a year back


def test_customer_lifetime_value(con):
    clv = by_month(con, "select * from marts.customer_lifetime_value")
    # April: churn rates Feb..Apr 0, 0, 1/3 (Jan null, ignored) -> mean 1/9 -> 9 months x ARPA 75
    assert clv["2024-04-01"]["avg_customer_churn_rate_6m"] == pytest.approx(1 / 9)
    assert clv["2024-04-01"]["clv"] == pytest.approx(675)
    # May: 0, 0, 1/3, 0 -> 1/12 -> 12 months x ARPA 230/3
    assert clv["2024-05-01"]["clv"] == pytest.approx(920)
    # Feb, March: no churn yet -> lifetime and CLV null, never infinite
    assert clv["2024-03-01"]["customer_lifetime_months"] is None
    assert clv["2024-03-01"]["clv"] is None


def test_audit_counts_every_row(con):
    recon = {r["source_name"]: r for r in rows(con, "select * from audit.source_reconciliation")}
    assert (recon["billing.customers"]["rows_read"], recon["billing.customers"]["rows_rejected"]) == (4, 1)
    subs = recon["billing.subscriptions"]
    assert (subs["rows_read"], subs["rows_kept"], subs["rows_rejected"], subs["rows_superseded"]) == (7, 4, 1, 2)
    items = recon["billing.invoice_line_items"]
    assert (items["rows_read"], items["rows_kept"], items["rows_rejected"]) == (13, 12, 1)
    assert recon["reference.fx_rates"]["rows_kept"] == 2
    rejected = {(r["source_name"], r["record_id"]): r for r in rows(
        con, "select * from audit.rejected_rows where reason != 'superseded'")}
    assert rejected[("billing.invoice_line_items", "l13")]["reason"] == "non_numeric"
    assert rejected[("billing.invoice_line_items", "l13")]["detail"] == "amount='n/a'"
    assert rejected[("billing.subscriptions", "s2")]["reason"] == "unparseable_date"
    assert rejected[("billing.customers", None)]["reason"] == "missing_id"
    # the malformed newer s2 did not hide the valid one: c2 still pays in May
    assert con.execute("select mrr from intermediate.int_customer_months "
                       "where customer_id = 'c2' and month = '2024-05-01'").fetchone()[0] == 60


def test_missing_optional_column_is_null_and_extra_column_ignored(con):
    # customers.csv has no `company` column and an extra `extra_column`
    customers = rows(con, "select customer_id, company_name, email_normalized "
                          "from staging.stg_chargebee__customers order by customer_id")
    assert [(c["customer_id"], c["company_name"]) for c in customers] == [("c1", None), ("c2", None), ("c3", None)]
    assert customers[0]["email_normalized"] == "ann@example.com"
