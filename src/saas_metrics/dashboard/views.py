"""The dashboard's pages: one render function per page of catalog.PAGES.

Every figure is read from a mart as it is (no metric is recomputed here);
the page only picks the selected month, formats the figure (formatting.py)
and draws it. A mart that cannot be shown gets its message (data.py) in
place of its figures; the rest of the page is still drawn.
"""
import altair as alt
import pandas as pd
import streamlit as st

from saas_metrics.dashboard import data, formatting
from saas_metrics.dashboard.catalog import PAGES_BY_SLUG

MONTH_KEY = "month"


# ------------------------------------------------------------------ helpers

def _mart(name):
    """The mart, or None after showing why it cannot be shown."""
    frame = data.read_mart(name)
    if isinstance(frame, data.Unavailable):
        st.info(frame.message)
        return None
    if "month" in frame.columns:
        frame = frame.assign(month=pd.to_datetime(frame["month"]).dt.date)
    return frame


def _month_picker(frame):
    """The sidebar's month picker on the months of `frame`; the choice is kept across pages."""
    months = data.months_of(frame)
    wanted = st.session_state.get(MONTH_KEY)
    index = months.index(wanted) if wanted in months else len(months) - 1
    chosen = st.sidebar.selectbox("Month", months, index=index, format_func=lambda m: m.strftime("%B %Y"),
                                  key="month_picker")
    st.session_state[MONTH_KEY] = chosen
    return chosen


def _row(frame, month):
    """The mart's row of `month` (monthly marts have one), or None."""
    rows = frame[frame["month"] == month]
    return None if rows.empty else rows.iloc[0]


def _previous_row(frame, month):
    earlier = frame[frame["month"] < month]
    return None if earlier.empty else earlier.sort_values("month").iloc[-1]


def _delta(kind, now, before):
    if before is None or formatting._missing(now) or formatting._missing(before):
        return None
    change = now - before
    if kind == "money":
        return formatting.money(change, _currency(), signed=True)
    if kind == "percent":
        return formatting.points(change)
    if kind == "count":
        return formatting.count(change, signed=True)
    return formatting.number(change, signed=True)


def _figure(kind, value):
    if kind == "money":
        return formatting.money(value, _currency())
    if kind == "percent":
        return formatting.percent(value)
    if kind == "count":
        return formatting.count(value)
    if kind == "months":
        return formatting.number(value, 1, " months")
    if kind == "ratio":
        return formatting.number(value, 2, "x")
    return formatting.number(value, 1)


def _metrics(frame, month, figures, per_row=4):
    """st.metric for each (label, column, kind[, lower_is_better]) with the month-on-month change."""
    row, before = _row(frame, month), _previous_row(frame, month)
    if row is None:
        st.info("No figures for %s in this mart." % month.strftime("%B %Y"))
        return
    for start in range(0, len(figures), per_row):
        columns = st.columns(per_row)
        for column, figure in zip(columns, figures[start:start + per_row]):
            label, name, kind = figure[:3]
            lower_is_better = len(figure) > 3 and figure[3]
            column.metric(label, _figure(kind, row[name]),
                          delta=_delta(kind, row[name], None if before is None else before[name]),
                          delta_color="inverse" if lower_is_better else "normal")


def _numeric(frame, columns):
    """Copy with `columns` as floats, for charts only (figures keep their decimals)."""
    return frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce").astype(float) for c in columns})


def _chart(chart):
    st.altair_chart(chart, width="stretch")


def _line(frame, month, columns, title, axis_format, labels=None):
    """Lines of `columns` over the months up to the selected one."""
    shown = _numeric(frame[frame["month"] <= month], columns)
    long = shown.melt(id_vars=["month"], value_vars=list(columns), var_name="series", value_name="value")
    long["series"] = long["series"].map(labels or {c: c for c in columns})
    long["month"] = pd.to_datetime(long["month"])
    _chart(alt.Chart(long, title=title).mark_line(point=True).encode(
        x=alt.X("yearmonth(month):T", title="Month"),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format=axis_format)),
        color=alt.Color("series:N", title=None),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"), "series:N",
                 alt.Tooltip("value:Q", format=axis_format)]))


def _currency():
    """The reporting currency, read once per page run."""
    if "_currency" not in st.session_state:
        st.session_state["_currency"] = data.reporting_currency()
    return st.session_state["_currency"]


def _money_axis():
    return ",.0f"


def _header(slug):
    page = PAGES_BY_SLUG[slug]
    st.title(page.title)
    st.session_state.pop("_currency", None)  # the build may have changed since the last run
    info = data.read_mart("build_info")
    if isinstance(info, data.Unavailable):
        st.caption("Marts of %s (built with `dbt build`; no publish record). Money in %s."
                   % (data.database_path(), _currency()))
    else:
        row = info.iloc[0]
        st.caption("Published %s · run %s · data as of %s · version %s · money in %s"
                   % (_when(row.get("published_at"), "%Y-%m-%d %H:%M UTC"), row.get("run_id"),
                      _when(row.get("as_of_date"), "%Y-%m-%d"), row.get("project_version"), _currency()))


def _when(value, pattern):
    return formatting.MISSING if formatting._missing(value) else pd.Timestamp(value).strftime(pattern)


# -------------------------------------------------------------------- pages

def overview():
    _header("overview")
    monthly = _mart("saas_metrics_monthly")
    if monthly is None:
        return
    month = _month_picker(monthly)
    st.subheader("Headline figures, %s (change on the previous month)" % month.strftime("%B %Y"))
    _metrics(monthly, month, [
        ("MRR", "mrr", "money"), ("ARR", "arr", "money"), ("Net new MRR", "net_new_mrr", "money"),
        ("Paying customers", "paying_customers", "count"),
        ("ARPA", "arpa", "money"), ("Customer churn rate", "customer_churn_rate", "percent", True),
        ("Net MRR churn rate", "net_mrr_churn_rate", "percent", True),
        ("Net revenue retention (12 months)", "net_revenue_retention_12m", "percent"),
        ("CLV", "clv", "money"), ("CAC", "cac", "money", True), ("CLV:CAC", "clv_to_cac_ratio", "ratio"),
        ("CAC payback", "cac_payback_months", "months", True),
        ("NPS", "nps", "score"), ("Average health score", "avg_health_score", "score"),
        ("Customers at risk or critical", "customers_at_risk_or_critical", "count", True),
        ("Lead to customer rate", "lead_to_customer_rate", "percent"),
        ("New leads", "new_leads", "count"), ("New SQLs", "new_sqls", "count"),
        ("Unique visitors", "unique_visitors", "count"), ("Monthly active users", "monthly_active_users", "count"),
    ])
    _line(monthly, month, ["mrr"], "MRR (%s)" % _currency(), _money_axis(), {"mrr": "MRR"})


def _waterfall(row, month):
    """The MRR bridge of one month: start + new + expansion + reactivation
    - contraction - churned + FX adjustment = end. The axis is zoomed on the
    levels the bridge passes through (the totals' bars start at its floor),
    so that a month's movements are visible next to the MRR."""
    steps = [("New", row["new_mrr"]), ("Expansion", row["expansion_mrr"]),
             ("Reactivation", row["reactivation_mrr"]), ("Contraction", -row["contraction_mrr"]),
             ("Churned", -row["churned_mrr"]), ("FX adjustment", row["fx_adjustment_mrr"])]
    start = float(row["mrr"] - row["net_new_mrr"])
    levels, level = [start], start
    bars = []
    for label, amount in steps:
        bars.append((label, level, level + float(amount), "increase" if amount >= 0 else "decrease",
                     formatting.money(amount, _currency(), signed=True)))
        level += float(amount)
        levels.append(level)
    spread = (max(levels) - min(levels)) or max(abs(start), 1.0)
    floor = max(0.0, min(levels) - spread)
    bars.insert(0, ("Start", floor, start, "total", formatting.money(start, _currency())))
    bars.append(("End", floor, float(row["mrr"]), "total", formatting.money(row["mrr"], _currency())))
    frame = pd.DataFrame(bars, columns=["step", "from", "to", "kind", "amount"])
    order = [b[0] for b in bars]
    title = "MRR bridge, %s (%s)" % (month.strftime("%B %Y"), _currency())
    _chart(alt.Chart(frame, title=title).mark_bar().encode(
        x=alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("from:Q", title=None, scale=alt.Scale(domain=[floor, max(levels) + spread * 0.1], clamp=True),
                axis=alt.Axis(format=_money_axis())),
        y2="to:Q",
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=["total", "increase", "decrease"],
                                                              range=["#4c78a8", "#54a24b", "#e45756"])),
        tooltip=["step:N", alt.Tooltip("amount:N", title="Amount")]))


MOVEMENT_LABELS = {"new_mrr": "New", "expansion_mrr": "Expansion", "reactivation_mrr": "Reactivation",
                   "contraction_mrr": "Contraction", "churned_mrr": "Churned", "fx_adjustment_mrr": "FX adjustment"}


def revenue():
    _header("revenue")
    mrr = _mart("mrr")
    if mrr is not None:
        month = _month_picker(mrr)
        arr = _mart("arr")
        if arr is not None:
            mrr = mrr.merge(arr[["month", "arr"]], on="month", how="left")
        _metrics(mrr, month, [("MRR", "mrr", "money")] + ([("ARR", "arr", "money")] if arr is not None else []) + [
            ("Net new MRR", "net_new_mrr", "money"), ("Paying customers", "paying_customers", "count"),
            ("Quick ratio", "quick_ratio", "ratio")])
        row = _row(mrr, month)
        if row is not None:
            _waterfall(row, month)
        movements = list(MOVEMENT_LABELS)
        shown = _numeric(mrr[mrr["month"] <= month], movements)
        for negative in ("contraction_mrr", "churned_mrr"):
            shown[negative] = -shown[negative]
        long = shown.melt(id_vars=["month"], value_vars=movements, var_name="movement", value_name="amount")
        long["movement"] = long["movement"].map(MOVEMENT_LABELS)
        long["month"] = pd.to_datetime(long["month"])
        _chart(alt.Chart(long, title="MRR movements by month (%s)" % _currency()).mark_bar().encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("sum(amount):Q", title=None, axis=alt.Axis(format=_money_axis())),
            color=alt.Color("movement:N", title=None), tooltip=["movement:N", alt.Tooltip("amount:Q", format=",.2f")]))
    else:
        month = None
    churn = _mart("customer_churn_rate")
    revenue_churn = _mart("revenue_churn")
    if month is None:
        source = churn if churn is not None else revenue_churn
        if source is None:
            return
        month = _month_picker(source)
    st.subheader("Churn and retention")
    if churn is not None:
        _metrics(churn, month, [("Customer churn rate", "customer_churn_rate", "percent", True),
                                ("Voluntary churn rate", "voluntary_churn_rate", "percent", True),
                                ("Delinquent churn rate", "delinquent_churn_rate", "percent", True),
                                ("Customers churned", "customers_churned", "count", True)])
    if revenue_churn is not None:
        _metrics(revenue_churn, month, [
            ("Gross MRR churn rate", "gross_mrr_churn_rate", "percent", True),
            ("Net MRR churn rate", "net_mrr_churn_rate", "percent", True),
            ("Net revenue retention (12 months)", "net_revenue_retention_12m", "percent"),
            ("Gross revenue retention (12 months)", "gross_revenue_retention_12m", "percent")])
    if churn is not None and revenue_churn is not None:
        rates = churn[["month", "customer_churn_rate"]].merge(
            revenue_churn[["month", "gross_mrr_churn_rate", "net_mrr_churn_rate"]], on="month", how="outer")
        _line(rates, month, ["customer_churn_rate", "gross_mrr_churn_rate", "net_mrr_churn_rate"], "Churn rates", ".1%",
              {"customer_churn_rate": "Customer churn", "gross_mrr_churn_rate": "Gross MRR churn",
               "net_mrr_churn_rate": "Net MRR churn"})
    if revenue_churn is not None:
        _line(revenue_churn, month, ["net_revenue_retention_12m", "gross_revenue_retention_12m"],
              "Revenue retention over 12 months", ".0%",
              {"net_revenue_retention_12m": "NRR", "gross_revenue_retention_12m": "GRR"})
    st.subheader("Movements of %s, customer by customer" % month.strftime("%B %Y"))
    detail = _mart("mrr_movements")
    if detail is not None:
        rows = detail[detail["month"] == month].sort_values(["movement", "customer_id"])
        if rows.empty:
            st.info("No movements in %s." % month.strftime("%B %Y"))
        else:
            table = rows[["customer_id", "movement", "churn_type", "plan_id", "previous_plan_id", "country",
                          "acquisition_channel"]].copy()
            for column in ("mrr_start", "mrr_end", "movement_mrr"):
                table[column] = rows[column].map(lambda v: formatting.money(v, _currency()))
            st.dataframe(table, hide_index=True, width="stretch")


def acquisition():
    _header("acquisition")
    cac = _mart("customer_acquisition_cost")
    ratio = _mart("clv_to_cac_ratio")
    payback = _mart("cac_payback_period")
    clv = _mart("customer_lifetime_value")
    sources = [f for f in (cac, ratio, payback, clv) if f is not None]
    if not sources:
        return
    month = _month_picker(sources[0])
    if cac is not None:
        _metrics(cac, month, [("CAC", "cac", "money", True), ("Paid CAC", "paid_cac", "money", True),
                              ("Sales and marketing cost", "sales_marketing_cost", "money"),
                              ("New customers", "new_customers", "count")])
        _line(cac, month, ["cac", "paid_cac"], "CAC (%s)" % _currency(), _money_axis(),
              {"cac": "CAC", "paid_cac": "Paid CAC"})
    if clv is not None:
        _metrics(clv, month, [("CLV", "clv", "money"), ("ARPA", "arpa", "money"),
                              ("Average churn rate (6 months)", "avg_customer_churn_rate_6m", "percent", True),
                              ("Customer lifetime", "customer_lifetime_months", "months")])
    if ratio is not None:
        row = _row(ratio, month)
        band = None if row is None else row["ratio_band"]
        st.subheader("CLV:CAC")
        _metrics(ratio, month, [("CLV:CAC", "clv_to_cac_ratio", "ratio")])
        st.markdown("Band: **%s**" % (formatting.MISSING if formatting._missing(band)
                                      else str(band).replace("_", " ")))
        shown = _numeric(ratio[ratio["month"] <= month], ["clv_to_cac_ratio"])
        shown["month"] = pd.to_datetime(shown["month"])
        shown["ratio_band"] = shown["ratio_band"].fillna("no band")
        _chart(alt.Chart(shown, title="CLV:CAC by month and band").mark_bar().encode(
            x=alt.X("yearmonth(month):T", title="Month"), y=alt.Y("clv_to_cac_ratio:Q", title="CLV:CAC"),
            color=alt.Color("ratio_band:N", title="Band"),
            tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"),
                     alt.Tooltip("clv_to_cac_ratio:Q", format=".2f"), "ratio_band:N"]))
    if payback is not None:
        st.subheader("CAC payback")
        _metrics(payback, month, [("CAC payback", "cac_payback_months", "months", True),
                                  ("Cohort payback", "cohort_payback_months", "months", True)])
        _line(payback, month, ["cac_payback_months", "cohort_payback_months"], "CAC payback (months)", ".1f",
              {"cac_payback_months": "CAC payback", "cohort_payback_months": "Cohort payback"})


def funnel():
    _header("funnel")
    stages = _mart("leads_by_lifecycle_stage")
    conversion = _mart("lead_to_customer_rate")
    source = stages if stages is not None else conversion
    if source is None:
        return
    month = _month_picker(source)
    if conversion is not None:
        _metrics(conversion, month, [("New leads", "new_leads", "count"), ("New customers", "new_customers", "count"),
                                     ("Lead to customer rate", "lead_to_customer_rate", "percent"),
                                     ("Converted within 90 days", "cohort_conversion_rate_90d", "percent")])
    if stages is not None:
        rows = stages[stages["month"] == month].sort_values("stage_rank")
        st.subheader("Stages, %s" % month.strftime("%B %Y"))
        if rows.empty:
            st.info("No contacts entered a stage in %s." % month.strftime("%B %Y"))
        else:
            order = list(rows["lifecycle_stage"])
            _chart(alt.Chart(rows, title="Contacts entering each stage").mark_bar().encode(
                x=alt.X("lifecycle_stage:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("contacts_entered:Q", title="Contacts"),
                tooltip=["lifecycle_stage:N", "contacts_entered:Q", "contacts_in_stage:Q"]))
            table = pd.DataFrame({
                "Stage": rows["lifecycle_stage"],
                "Entered": rows["contacts_entered"].map(formatting.count),
                "In stage": rows["contacts_in_stage"].map(formatting.count),
                "Reached the next stage": rows["reached_next_stage_rate"].map(formatting.percent),
                "Median days to the next stage": rows["median_days_to_next_stage"].map(
                    lambda v: formatting.number(v, 1))})
            st.dataframe(table, hide_index=True, width="stretch")
    contacts = _mart("contact_lifecycle_stages")
    if contacts is not None:
        current = (contacts.groupby(["current_stage", "current_stage_rank"]).size().reset_index(name="contacts")
                   .sort_values("current_stage_rank"))
        _chart(alt.Chart(current, title="Contacts by current stage (today)").mark_bar().encode(
            x=alt.X("current_stage:N", sort=list(current["current_stage"]), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("contacts:Q", title="Contacts"), tooltip=["current_stage:N", "contacts:Q"]))


def customers():
    _header("customers")
    health = _mart("customer_health_score")
    engagement = _mart("customer_engagement_score")
    backtest = _mart("customer_health_backtest")
    nps = _mart("net_promoter_score")
    sources = [f for f in (health, engagement, nps, backtest) if f is not None]
    if not sources:
        return
    month = _month_picker(sources[0])
    if nps is not None:
        _metrics(nps, month, [("NPS", "nps", "score"), ("Responses", "responses", "count"),
                              ("Promoters", "promoters", "count"), ("Detractors", "detractors", "count", True)])
    if health is not None:
        rows = health[health["month"] == month]
        st.subheader("Health bands, %s" % month.strftime("%B %Y"))
        if rows.empty:
            st.info("No customers scored in %s." % month.strftime("%B %Y"))
        else:
            bands = rows.groupby("health_band").size().reset_index(name="customers")
            _chart(alt.Chart(bands, title="Customers by health band").mark_bar().encode(
                x=alt.X("health_band:N", sort=data.health_band_order(), title=None,
                        axis=alt.Axis(labelAngle=0)),
                y=alt.Y("customers:Q", title="Customers"), tooltip=["health_band:N", "customers:Q"]))
    if engagement is not None:
        rows = _numeric(engagement[engagement["month"] == month], ["engagement_score"])
        if not rows.empty:
            _chart(alt.Chart(rows, title="Engagement scores, %s" % month.strftime("%B %Y")).mark_bar().encode(
                x=alt.X("engagement_score:Q", bin=alt.Bin(step=10), title="Engagement score"),
                y=alt.Y("count():Q", title="Customers")))
    if backtest is not None:
        st.subheader("Backtest: share of each band that churned within 3 months")
        rows = backtest[backtest["month"] == month].sort_values("band_order")
        if rows.empty:
            st.info("No backtest for %s." % month.strftime("%B %Y"))
        else:
            if not rows["is_window_complete"].all():
                st.caption("The 3-month window after %s is not complete yet: shares may still rise."
                           % month.strftime("%B %Y"))
            shown = _numeric(rows, ["churn_share_3m"])
            _chart(alt.Chart(shown, title="Churned within 3 months").mark_bar().encode(
                x=alt.X("health_band:N", sort=list(rows["health_band"]), title=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("churn_share_3m:Q", title=None, axis=alt.Axis(format=".0%")),
                tooltip=["health_band:N", "customers:Q", "churned_within_3m:Q",
                         alt.Tooltip("churn_share_3m:Q", format=".1%")]))


def web():
    _header("web")
    visitors = _mart("unique_visitors_and_active_users")
    channels = _mart("traffic_by_channel")
    source = visitors if visitors is not None else channels
    if source is None:
        return
    month = _month_picker(source)
    if visitors is not None:
        _metrics(visitors, month, [("Unique visitors", "unique_visitors", "count"),
                                   ("New visitors", "new_visitors", "count"),
                                   ("Monthly active users", "monthly_active_users", "count"),
                                   ("Stickiness (DAU/MAU)", "stickiness", "percent")])
        _line(visitors, month, ["unique_visitors", "monthly_active_users"], "Visitors and active users", ",.0f",
              {"unique_visitors": "Unique visitors", "monthly_active_users": "Monthly active users"})
    if channels is not None:
        rows = channels[channels["month"] == month]
        st.subheader("Channels, %s" % month.strftime("%B %Y"))
        if rows.empty:
            st.info("No sessions in %s." % month.strftime("%B %Y"))
        else:
            _chart(alt.Chart(rows, title="Sessions by channel").mark_bar().encode(
                x=alt.X("sum(sessions):Q", title="Sessions"), y=alt.Y("channel_group:N", sort="-x", title=None),
                color=alt.Color("traffic_type:N", title="Traffic"),
                tooltip=["channel_group:N", "traffic_type:N", "sessions:Q", "unique_visitors:Q", "signups:Q"]))


RENDER = {"overview": overview, "revenue": revenue, "acquisition": acquisition, "funnel": funnel,
          "customers": customers, "web": web}


def render(slug):
    RENDER[slug]()
