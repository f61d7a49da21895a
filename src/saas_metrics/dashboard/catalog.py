"""The dashboard's pages and the marts each one reads: written once here.

No page has an icon: Streamlit makes the page's icon the browser's favicon
and fetches a Material icon from fonts.gstatic.com, a call that would leave
the machine.

The exposures of the dbt project (models/exposures/_exposures.yml) name the
same marts per page; tests/python/test_semantic_layer.py checks that both agree,
so `dbt ls --select +exposure:dashboard_<page>` is what the page depends on.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    marts: tuple[str, ...]


PAGES = (
    Page("overview", "Overview", ("saas_metrics_monthly",)),
    Page("revenue", "Revenue",
         ("mrr", "arr", "mrr_movements", "customer_churn_rate", "revenue_churn")),
    Page("acquisition", "Acquisition",
         ("customer_acquisition_cost", "clv_to_cac_ratio", "cac_payback_period", "customer_lifetime_value")),
    Page("funnel", "Funnel",
         ("leads_by_lifecycle_stage", "lead_to_customer_rate", "contact_lifecycle_stages")),
    Page("customers", "Customers",
         ("customer_engagement_score", "customer_health_score", "customer_health_backtest", "net_promoter_score")),
    Page("web", "Web", ("unique_visitors_and_active_users", "traffic_by_channel")),
)

PAGES_BY_SLUG = {page.slug: page for page in PAGES}
