"""Expectation suites of the marts (METRICS.md) and of the audit tables.

Marts hold exactly, so these checks are strict (no `mostly`):
- `marts.contracts`: the columns and data types of every mart are those of
  its enforced contract (the `columns` of models/marts/**/_*__models.yml).
- `marts.<mart>`: its grain (keys not null and unique; monthly marts: one row
  per month of the reporting window, no gap, no duplicate, every category x
  month pair), its ranges (rates are fractions in [0, 1] where METRICS.md
  says so, scores in 0..100, NPS in -100..100, counts and money >= 0), the
  pairs that must be ordered (churned <= customers at the start, ...), and no
  email address in any text column.
- `audit.source_reconciliation`, `audit.rejected_rows`: nothing is lost
  (rows read = kept + rejected + superseded) and each source's rejected share
  stays within the raw tolerance of quality.raw_suites.

Month continuity: the loader adds the column `months_since_previous_row` to a
monthly mart (months between a row and the previous row of the same
category, ordered by month; null on the first row): 1 everywhere means no
gap and no duplicate; 0 is a duplicated month, 2 or more a gap before it.
"""
from dataclasses import dataclass, field
from pathlib import Path

import great_expectations.expectations as gxe
import jinja2
import yaml

from quality.raw_suites import MIN_BAD_ROWS, MAX_BAD_SHARE, VALUE_BAD_SHARE

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MARTS_MODELS = PROJECT_ROOT / "models" / "marts"

# Fixed by METRICS.md.
CHANNEL_TRAFFIC_TYPES = {
    "organic_search": "organic", "paid_search": "paid", "organic_social": "organic", "paid_social": "paid",
    "email": "organic", "referral": "organic", "direct": "organic", "display": "paid", "other": "organic",
}
HEALTH_BANDS = ["healthy", "at_risk", "critical"]
RATIO_BANDS = ["losing_money", "below_target", "healthy", "underinvesting"]
NPS_CATEGORIES = ["promoter", "passive", "detractor", "none"]
FUNNEL_STAGES = ["lead", "prospect", "user", "pql", "sql", "opportunity", "customer", "evangelist"]
EMAIL_REGEX = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
MONTH_STEP = "months_since_previous_row"


# ------------------------------------------------------------- contracts --

def load_contracts(models_dir=MARTS_MODELS):
    """{mart: [(column, DATA_TYPE), ...]} from the marts' YAML (the enforced contracts)."""
    contracts = {}
    for path in sorted(Path(models_dir).rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models") or []:
            columns = model.get("columns") or []
            contracts[model["name"]] = [(c["name"], normalise_type(c.get("data_type"))) for c in columns]
    return contracts


def normalise_type(data_type, target_type="duckdb"):
    """The contract's type as DuckDB names it. A YAML data_type may be a Jinja
    expression on the target (e.g. `double` here, `double precision` on
    PostgreSQL): it is rendered for the DuckDB target first."""
    if data_type is None:
        return None
    text = str(data_type)
    if "{{" in text:
        text = jinja2.Environment().from_string(text).render(target={"type": target_type})
    return "".join(text.split()).upper()


def contracts_expectations(contracts):
    """Suite marts.contracts, on one row per mart column of the DuckDB
    catalogue (mart, column_name, data_type, mart_column = mart.column)."""
    expected = sorted("%s.%s" % (mart, column) for mart, columns in contracts.items() for column, _ in columns)
    pairs = sorted(("%s.%s" % (mart, column), data_type)
                   for mart, columns in contracts.items() for column, data_type in columns)
    return [
        gxe.ExpectColumnDistinctValuesToContainSet(
            column="mart", value_set=sorted(contracts),
            meta={"rule": "every mart of models/marts is a table of schema marts"}),
        gxe.ExpectColumnDistinctValuesToEqualSet(
            column="mart_column", value_set=expected,
            meta={"rule": "the columns of every mart are exactly those of its contract"}),
        gxe.ExpectColumnPairValuesToBeInSet(
            column_A="mart_column", column_B="data_type", value_pairs_set=pairs,
            meta={"rule": "every column has its contract's data_type"}),
    ]


# ------------------------------------------------------------------ marts --

@dataclass(frozen=True)
class Mart:
    name: str
    grain: str                   # 'month', 'month_category', 'customer_month', 'entity'
    key: tuple = ()              # entity key (grain 'entity')
    category: str = None         # category column (grain 'month_category')
    categories: str = None       # name of the category set (see MartContext.categories)
    checks: tuple = ()

    @property
    def suite_name(self):
        return "marts." + self.name

    @property
    def key_columns(self):
        if self.grain == "month":
            return ["month"]
        if self.grain == "month_category":
            return ["month", self.category]
        if self.grain == "customer_month":
            return ["customer_id", "month"]
        return list(self.key)

    @property
    def is_monthly(self):
        return self.grain in ("month", "month_category")


@dataclass
class MartContext:
    """What the suites compare with, read from the same DuckDB file."""
    months: list                 # the reporting window, 'YYYY-MM-DD' (intermediate.int_reporting_months)
    categories: dict = field(default_factory=dict)    # set name -> values (from the seeds as built)


# A check is a tuple: (kind, columns..., options). Kinds:
#   nonneg      value >= 0                    fraction  0 <= value <= 1 (a rate)
#   score       0 <= value <= 100             nps       -100 <= value <= 100
#   between     (column, min, max)            notnull   value present
#   in_set      (column, values)              le        (a, b): a <= b on every row
#   unique      (column,)
def nonneg(*columns):
    return tuple(("nonneg", c) for c in columns)


def fraction(*columns):
    return tuple(("fraction", c) for c in columns)


def score(*columns):
    return tuple(("score", c) for c in columns)


def notnull(*columns):
    return tuple(("notnull", c) for c in columns)


def present_nonneg(*columns):
    return notnull(*columns) + nonneg(*columns)


def between(column, min_value=None, max_value=None):
    return (("between", column, min_value, max_value),)


def in_set(column, values):
    return (("in_set", column, tuple(values)),)


def le(a, b):
    return (("le", a, b),)


def unique(column):
    return (("unique", column),)


MARTS = (
    Mart("customer_churn_rate", "month", checks=(
        present_nonneg("customers_start", "customers_churned") + fraction("customer_churn_rate")
        + le("customers_churned", "customers_start"))),
    Mart("revenue_churn", "month", checks=(
        present_nonneg("mrr_start", "churned_mrr", "contraction_mrr", "expansion_mrr", "reactivation_mrr")
        + fraction("gross_mrr_churn_rate", "gross_revenue_retention_12m")
        + between("net_mrr_churn_rate", max_value=1) + nonneg("net_revenue_retention_12m"))),
    Mart("customer_lifetime_value", "month", checks=(
        nonneg("arpa", "clv") + fraction("avg_customer_churn_rate_6m")
        + between("customer_lifetime_months", min_value=1))),
    Mart("customer_acquisition_cost", "month", checks=(
        present_nonneg("sales_marketing_cost", "new_customers", "paid_media_spend", "paid_new_customers")
        + nonneg("cac", "paid_cac") + le("paid_new_customers", "new_customers")
        + le("paid_media_spend", "sales_marketing_cost"))),
    Mart("clv_to_cac_ratio", "month", checks=(
        nonneg("clv", "cac", "clv_to_cac_ratio") + in_set("ratio_band", RATIO_BANDS))),
    Mart("customer_engagement_score", "customer_month", checks=(
        notnull("engagement_score")
        + score("engagement_score", "active_days_sub_score", "logins_sub_score", "key_actions_sub_score",
                "key_features_sub_score")
        + between("active_days", 0, 31) + nonneg("logins", "key_actions", "key_features"))),
    Mart("customer_health_score", "customer_month", checks=(
        notnull("health_score", "health_band", "nps_category", "unpaid_invoices", "mrr", "tenure_months")
        + score("health_score", "engagement_score", "engagement_sub_score", "nps_sub_score",
                "unpaid_invoices_sub_score", "mrr_trend_sub_score", "tenure_sub_score")
        + in_set("health_band", HEALTH_BANDS) + in_set("nps_category", NPS_CATEGORIES)
        + between("nps_score", 0, 10) + between("mrr", min_value=0.00000001)
        + nonneg("unpaid_invoices", "mrr_3_months_before", "mrr_trend", "tenure_months"))),
    Mart("customer_health_backtest", "month_category", category="health_band", categories="health_bands", checks=(
        present_nonneg("customers", "churned_within_3m") + notnull("band_order", "is_window_complete")
        + fraction("churn_share_3m") + le("churned_within_3m", "customers"))),
    Mart("lead_to_customer_rate", "month", checks=(
        present_nonneg("new_leads", "new_customers", "cohort_leads", "cohort_customers_90d")
        + nonneg("lead_to_customer_rate") + fraction("cohort_conversion_rate_90d")
        + le("cohort_customers_90d", "cohort_leads"))),
    Mart("leads_by_lifecycle_stage", "month_category", category="lifecycle_stage", categories="funnel_stages",
         checks=(
             notnull("stage_rank") + between("stage_rank", min_value=1)
             + present_nonneg("contacts_entered", "contacts_in_stage")
             + fraction("reached_next_stage_rate") + nonneg("median_days_to_next_stage"))),
    Mart("net_promoter_score", "month", checks=(
        present_nonneg("responses", "promoters", "passives", "detractors") + between("nps", -100, 100)
        + le("promoters", "responses") + le("passives", "responses") + le("detractors", "responses"))),
    Mart("cac_payback_period", "month", checks=(
        present_nonneg("new_mrr", "new_customers") + nonneg("cac", "cac_payback_months", "cohort_payback_months"))),
    Mart("mrr", "month", checks=(
        present_nonneg("mrr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr",
                       "paying_customers")
        + notnull("fx_adjustment_mrr", "net_new_mrr") + nonneg("arpa", "quick_ratio"))),
    Mart("arr", "month", checks=present_nonneg("mrr", "arr")),
    Mart("unique_visitors_and_active_users", "month", checks=(
        present_nonneg("unique_visitors", "new_visitors", "returning_visitors", "monthly_active_users",
                       "avg_daily_active_users")
        + fraction("stickiness") + le("new_visitors", "unique_visitors")
        + le("avg_daily_active_users", "monthly_active_users"))),
    Mart("traffic_by_channel", "month_category", category="channel_group", categories="channel_groups", checks=(
        in_set("traffic_type", ["paid", "organic"]) + present_nonneg("sessions", "unique_visitors", "signups")
        + le("unique_visitors", "sessions") + le("signups", "sessions")
        + (("pair_in_set", "channel_group", "traffic_type", tuple(CHANNEL_TRAFFIC_TYPES.items())),))),
    Mart("saas_metrics_monthly", "month", checks=(
        notnull("mrr", "net_new_mrr", "arr", "paying_customers", "customers_at_risk_or_critical", "sessions")
        + nonneg("mrr", "arr", "paying_customers", "arpa", "net_revenue_retention_12m", "clv", "cac",
                 "clv_to_cac_ratio", "cac_payback_months", "customers_at_risk_or_critical", "new_leads",
                 "lead_to_customer_rate", "new_sqls", "unique_visitors", "monthly_active_users", "sessions")
        + fraction("customer_churn_rate") + between("net_mrr_churn_rate", max_value=1)
        + score("avg_engagement_score", "avg_health_score") + between("nps", -100, 100))),
    Mart("contact_lifecycle_stages", "entity", key=("contact_id",), checks=(
        in_set("current_stage", FUNNEL_STAGES + ["other"]) + between("current_stage_rank", min_value=1)
        + notnull("is_unqualified_sql", "needs_hubspot_update"))),
    Mart("company_lifecycle_stages", "entity", key=("company_id",), checks=(
        in_set("lifecycle_stage", FUNNEL_STAGES) + present_nonneg("contacts", "contacts_in_funnel")
        + le("contacts_in_funnel", "contacts") + notnull("needs_hubspot_update"))),
    Mart("lifecycle_stage_updates", "entity", key=("Record ID",), checks=(
        notnull("Lifecycle Stage", "Lifecycle Stage Rule", "Lifecycle Stage Entered At"))),
    Mart("deals_to_create", "entity", key=("Contact Record ID",), checks=(
        notnull("Deal Name", "Pipeline", "Deal Stage") + unique("Deal Name"))),
)

MARTS_BY_NAME = {mart.name: mart for mart in MARTS}

_RULES = {
    "nonneg": "is >= 0",
    "fraction": "is a rate, a fraction in [0, 1]",
    "score": "is a score in 0..100",
}


def mart_expectations(mart, contract_columns, context):
    """The expectations of one mart. contract_columns: [(column, DATA_TYPE)]."""
    expectations = [gxe.ExpectColumnToExist(column=column, meta={"rule": "contract column"})
                    for column, _ in contract_columns]
    keys = mart.key_columns
    for column in keys:
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=column, meta={"rule": "key column present"}))
    if len(keys) == 1:
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=keys[0], meta={"rule": "one row per key"}))
    else:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=keys, meta={"rule": "one row per %s" % " x ".join(keys)}))
    if "month" in keys:
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column="month", value_set=context.months,
            meta={"rule": "the first day of a month of the reporting window %s..%s (int_reporting_months)"
                          % (context.months[0], context.months[-1]) if context.months else "a reporting month"}))
    if mart.is_monthly:
        categories = context.categories.get(mart.categories, []) if mart.category else [None]
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column=MONTH_STEP, value_set=[1],
            meta={"rule": "month continuity: each month follows the previous row%s by exactly one month "
                          "(0 = a duplicated month, 2 or more = missing months before it)"
                          % (" of its %s" % mart.category if mart.category else "")}))
        expectations.append(gxe.ExpectTableRowCountToEqual(
            value=len(context.months) * len(categories),
            meta={"rule": "one row per month of the window%s: %d months%s"
                          % (" and %s" % mart.category if mart.category else "", len(context.months),
                             " x %d %s" % (len(categories), mart.categories) if mart.category else "")}))
        if mart.category:
            expectations.append(gxe.ExpectColumnDistinctValuesToEqualSet(
                column=mart.category, value_set=sorted(categories),
                meta={"rule": "every %s of %s, each month" % (mart.category, mart.categories)}))
    for check in mart.checks:
        expectations.extend(_check_expectations(check))
    for column, data_type in contract_columns:
        if data_type == "VARCHAR":
            expectations.append(gxe.ExpectColumnValuesToNotMatchRegex(
                column=column, regex=EMAIL_REGEX, meta={"rule": "no email address in a mart (point at a person "
                                                                 "by Record ID or person_id)"}))
    return expectations


def _check_expectations(check):
    kind = check[0]
    if kind in _RULES:
        column = check[1]
        bounds = {"nonneg": (0, None), "fraction": (0, 1), "score": (0, 100)}[kind]
        return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=bounds[0], max_value=bounds[1],
                                                  meta={"rule": _RULES[kind]})]
    if kind == "between":
        _, column, min_value, max_value = check
        rule = "is %s" % " and ".join(part for part in (
            ">= %s" % min_value if min_value is not None else "", "<= %s" % max_value if max_value is not None
            else "") if part)
        return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=min_value, max_value=max_value,
                                                  meta={"rule": rule})]
    if kind == "notnull":
        return [gxe.ExpectColumnValuesToNotBeNull(column=check[1], meta={"rule": "present on every row"})]
    if kind == "in_set":
        return [gxe.ExpectColumnValuesToBeInSet(column=check[1], value_set=list(check[2]),
                                                meta={"rule": "one of %s" % ", ".join(check[2])})]
    if kind == "le":
        _, a, b = check
        return [gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=b, column_B=a, or_equal=True, ignore_row_if="either_value_is_missing",
            meta={"rule": "%s <= %s on every row" % (a, b)})]
    if kind == "unique":
        return [gxe.ExpectColumnValuesToBeUnique(column=check[1], meta={"rule": "unique"})]
    if kind == "pair_in_set":
        _, a, b, pairs = check
        return [gxe.ExpectColumnPairValuesToBeInSet(
            column_A=a, column_B=b, value_pairs_set=[list(p) for p in pairs],
            meta={"rule": "%s of each %s as METRICS.md fixes it" % (b, a)})]
    raise ValueError("unknown check %r" % (check,))


# ------------------------------------------------------------------ audit --

def reconciliation_expectations(mandatory_sources):
    """Suite audit.source_reconciliation (derived columns: unaccounted_rows =
    read - kept - rejected - superseded; rejected_share = rejected / read;
    tolerated_share = the raw tolerance for that many rows)."""
    return [
        gxe.ExpectColumnValuesToBeUnique(column="source_name", meta={"rule": "one row per source"}),
        gxe.ExpectColumnDistinctValuesToContainSet(
            column="source_name", value_set=sorted(mandatory_sources),
            meta={"rule": "every raw source is reconciled"}),
        gxe.ExpectColumnValuesToBeInSet(
            column="unaccounted_rows", value_set=[0],
            meta={"rule": "nothing is lost: rows_read = rows_kept + rows_rejected + rows_superseded"}),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="tolerated_share", column_B="rejected_share", or_equal=True,
            meta={"rule": "rejected rows are at most max(%d %%, %d rows) of the rows read (capped at %d %%), "
                          "the raw files' tolerance" % (round(100 * VALUE_BAD_SHARE), MIN_BAD_ROWS,
                                                        round(100 * MAX_BAD_SHARE))}),
    ]


def rejected_rows_expectations(source_names):
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="source_name", meta={"rule": "present on every row"}),
        gxe.ExpectColumnValuesToBeInSet(column="source_name", value_set=sorted(source_names),
                                        meta={"rule": "a raw source of RAW_EXPORTS.md"}),
        gxe.ExpectColumnValuesToNotBeNull(column="reason", meta={"rule": "every rejected row has a reason"}),
        gxe.ExpectColumnValuesToMatchRegex(column="reason", regex=r"^[a-z][a-z0-9_]*$",
                                           meta={"rule": "a short stable snake_case reason code"}),
        gxe.ExpectColumnValuesToNotBeNull(column="raw_row", meta={"rule": "the raw row is kept"}),
    ]
