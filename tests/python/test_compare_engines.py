"""scripts/compare_engines.py: the row-by-row verdict catches what it must
(a cent of money, a rate beyond 1e-9, a missing row, a renamed column) and
lets pass what engines legitimately differ in (row order, float noise,
decimal scale, a timestamp's time zone tag). Pure Python, no engine."""
import datetime
from decimal import Decimal

from saas_metrics import compare_engines

COLUMNS = ["month", "mrr", "churn_rate"]
DUCK = (COLUMNS, [
    (datetime.date(2024, 1, 1), Decimal("100.00000000"), 0.05),
    (datetime.date(2024, 2, 1), Decimal("155.12345678"), 1 / 3),
])


def verdict(rows, columns=COLUMNS):
    return compare_engines.compare_mart("mrr", DUCK, (columns, rows), "spark")


def test_same_rows_in_another_order_with_float_noise_pass():
    assert verdict([
        (datetime.date(2024, 2, 1), Decimal("155.123456780"), 1 / 3 + 1e-15),
        (datetime.date(2024, 1, 1), Decimal("100"), 0.05),
    ]) == []


def test_a_cent_of_money_fails():
    problems = verdict([
        (datetime.date(2024, 1, 1), Decimal("100.01"), 0.05),
        (datetime.date(2024, 2, 1), Decimal("155.12345678"), 1 / 3),
    ])
    assert len(problems) == 1 and "mrr duckdb=Decimal('100.00000000') spark=Decimal('100.01')" in problems[0]


def test_a_rate_beyond_1e_9_fails():
    problems = verdict([
        (datetime.date(2024, 1, 1), Decimal("100"), 0.05 + 1e-8),
        (datetime.date(2024, 2, 1), Decimal("155.12345678"), 1 / 3),
    ])
    assert len(problems) == 1 and "churn_rate" in problems[0]


def test_a_missing_row_and_a_null_fail():
    assert verdict([(datetime.date(2024, 1, 1), Decimal("100"), 0.05)]) == ["row count: duckdb 2, spark 1"]
    assert verdict([
        (datetime.date(2024, 1, 1), Decimal("100"), None),
        (datetime.date(2024, 2, 1), Decimal("155.12345678"), 1 / 3),
    ]) != []


def test_other_columns_fail():
    problems = verdict(DUCK[1], ["month", "mrr", "churn"])
    assert problems and problems[0].startswith("columns differ")


def test_timestamps_compare_without_their_zone_tag():
    naive = datetime.datetime(2024, 1, 1, 10, 0)
    aware = naive.replace(tzinfo=datetime.timezone.utc)
    assert compare_engines.same_value(naive, aware)
    assert not compare_engines.same_value(naive, naive + datetime.timedelta(seconds=1))
