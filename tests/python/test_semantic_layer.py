"""The semantic layer (docs/semantic_layer.md) and the exposures
(docs/exposures.md).

MetricFlow: the shipped sample is built into a scratch DuckDB file, then
`mf query` (dbt-metricflow) answers from the semantic manifest of that build,
and every month's value equals its mart's column exactly: no month missing,
none extra. mf reads <DBT_PROJECT_DIR>/target/semantic_manifest.json (a fixed
path), so the query runs in a scratch project folder whose files link to the
project's and whose target/ is the build's target folder: the repository's
own target/ is never written.

Exposures: `dbt ls --select +exposure:<name>` lists the marts the exposure
names and what they are built from, nothing else.
"""
import csv
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import DBT, PROJECT_ROOT, dbt_build

from saas_metrics.dashboard.catalog import PAGES

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
MF = str(Path(sys.executable).parent / "mf")
PROJECT_FILES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses"]

# metric -> (mart, column): the metrics of the marts with one row per month,
# grouped by metric_time__month (the dimensioned ones are checked below).
MONTHLY_METRICS = {
    "customer_churn_rate": ("customer_churn_rate", "customer_churn_rate"),
    "voluntary_churn_rate": ("customer_churn_rate", "voluntary_churn_rate"),
    "delinquent_churn_rate": ("customer_churn_rate", "delinquent_churn_rate"),
    "customers_churned": ("customer_churn_rate", "customers_churned"),
    "gross_mrr_churn_rate": ("revenue_churn", "gross_mrr_churn_rate"),
    "net_mrr_churn_rate": ("revenue_churn", "net_mrr_churn_rate"),
    "net_revenue_retention_12m": ("revenue_churn", "net_revenue_retention_12m"),
    "gross_revenue_retention_12m": ("revenue_churn", "gross_revenue_retention_12m"),
    "clv": ("customer_lifetime_value", "clv"),
    "cac": ("customer_acquisition_cost", "cac"),
    "paid_cac": ("customer_acquisition_cost", "paid_cac"),
    "new_customers": ("customer_acquisition_cost", "new_customers"),
    "clv_to_cac_ratio": ("clv_to_cac_ratio", "clv_to_cac_ratio"),
    "avg_engagement_score": ("saas_metrics_monthly", "avg_engagement_score"),
    "avg_health_score": ("saas_metrics_monthly", "avg_health_score"),
    "customers_at_risk_or_critical": ("saas_metrics_monthly", "customers_at_risk_or_critical"),
    "lead_to_customer_rate": ("lead_to_customer_rate", "lead_to_customer_rate"),
    "cohort_conversion_rate_90d": ("lead_to_customer_rate", "cohort_conversion_rate_90d"),
    "new_leads": ("lead_to_customer_rate", "new_leads"),
    "new_sqls": ("saas_metrics_monthly", "new_sqls"),
    "nps": ("net_promoter_score", "nps"),
    "cac_payback_months": ("cac_payback_period", "cac_payback_months"),
    "mrr": ("mrr", "mrr"),
    "paying_customers": ("mrr", "paying_customers"),
    "net_new_mrr": ("mrr", "net_new_mrr"),
    "arpa": ("mrr", "arpa"),
    "quick_ratio": ("mrr", "quick_ratio"),
    "arr": ("arr", "arr"),
    "unique_visitors": ("unique_visitors_and_active_users", "unique_visitors"),
    "monthly_active_users": ("unique_visitors_and_active_users", "monthly_active_users"),
    "sessions": ("saas_metrics_monthly", "sessions"),
}

# mrr's bridge column of each movement of mrr_movements
BRIDGE = {"new": "new_mrr", "expansion": "expansion_mrr", "contraction": "contraction_mrr",
          "churn": "churned_mrr", "reactivation": "reactivation_mrr", "fx_adjustment": "fx_adjustment_mrr"}

# exposure -> the marts it names: one per page of the dashboard (its pages
# and their marts are written once, in saas_metrics.dashboard.catalog.PAGES)
# and the two HubSpot scripts.
EXPOSURES = {
    **{"dashboard_%s" % page.slug: list(page.marts) for page in PAGES},
    "hubspot_sync": ["lifecycle_stage_updates", "contact_lifecycle_stages", "company_lifecycle_stages",
                     "deals_to_create"],
    "hubspot_import_files": ["lifecycle_stage_updates", "deals_to_create"],
}


@pytest.fixture(scope="module")
def semantic_build(tmp_path_factory):
    """(database file, scratch project folder) of a build of the sample."""
    tmp = tmp_path_factory.mktemp("semantic")
    db_path, target = tmp / "metrics.duckdb", tmp / "target"
    result = dbt_build(SAMPLE, db_path, target)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert (target / "semantic_manifest.json").exists(), "dbt build wrote no semantic manifest"
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        (project / name).symlink_to(PROJECT_ROOT / name)
    (project / "target").symlink_to(target)
    return db_path, project


def mf_query(semantic_build, metrics, group_by, out):
    """Rows (dicts of strings) of `mf query --csv` on the build."""
    db_path, project = semantic_build
    env = dict(os.environ, SAAS_DUCKDB_PATH=str(db_path), SAAS_RAW_DIR=str(SAMPLE),
               DBT_PROJECT_DIR=str(project), DBT_PROFILES_DIR=str(project),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env.pop("DBT_TARGET_PATH", None)
    result = subprocess.run(
        [MF, "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by), "--csv", str(out)],
        env=env, capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    with open(out, newline="") as f:
        return list(csv.DictReader(f))


def mart_rows(db_path, sql):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def same(mart_value, csv_text):
    """A mart's value and mf's CSV cell are the same number (or both null):
    decimals digit for digit, doubles as the same double."""
    if mart_value is None or csv_text == "":
        return mart_value is None and csv_text == ""
    if isinstance(mart_value, float):
        return float(csv_text) == mart_value
    return Decimal(csv_text) == Decimal(mart_value)


def month_of(cell):
    # mf writes metric_time__month as a timestamp: 2024-01-01 00:00:00
    return cell[:10]


def test_mf_query_mrr_and_customer_churn_rate_equal_the_marts(semantic_build, tmp_path):
    db_path, _ = semantic_build
    rows = mf_query(semantic_build, ["mrr", "customer_churn_rate"], ["metric_time__month"], tmp_path / "q.csv")
    got = {month_of(r["metric_time__month"]): r for r in rows}
    assert len(got) == len(rows), "a month twice"
    mrr = {str(m): v for m, v in mart_rows(db_path, "select month, mrr from marts.mrr")}
    churn = {str(m): v for m, v in mart_rows(
        db_path, "select month, customer_churn_rate from marts.customer_churn_rate")}
    assert len(mrr) >= 12
    assert sorted(got) == sorted(mrr) == sorted(churn)
    for month, row in got.items():
        assert Decimal(row["mrr"]) == mrr[month], (month, row["mrr"], mrr[month])
        assert same(churn[month], row["customer_churn_rate"]), (month, row["customer_churn_rate"], churn[month])
    # the first month has no customer at the start: a null rate, not 0
    assert churn[min(churn)] is None and got[min(got)]["customer_churn_rate"] == ""


def test_every_monthly_metric_equals_its_marts_column(semantic_build, tmp_path):
    db_path, _ = semantic_build
    rows = mf_query(semantic_build, list(MONTHLY_METRICS), ["metric_time__month"], tmp_path / "all.csv")
    got = {month_of(r["metric_time__month"]): r for r in rows}
    problems = []
    for metric, (mart, column) in MONTHLY_METRICS.items():
        want = {str(m): v for m, v in mart_rows(db_path, "select month, %s from marts.%s" % (column, mart))}
        if sorted(want) != sorted(got):
            problems.append((metric, "months differ"))
            continue
        problems += [(metric, m, want[m], got[m][metric]) for m in want if not same(want[m], got[m][metric])]
    assert not problems, problems[:10]


@pytest.mark.parametrize("metric, dimension, mart, column, mart_column", [
    ("contacts_entered", "lifecycle_stage_month__lifecycle_stage", "leads_by_lifecycle_stage", "lifecycle_stage",
     "contacts_entered"),
    ("sessions", "channel_month__channel_group", "traffic_by_channel", "channel_group", "sessions"),
    ("churn_share_3m", "health_band_month__health_band", "customer_health_backtest", "health_band",
     "churn_share_3m"),
])
def test_a_metric_by_its_dimension_equals_the_marts_rows(semantic_build, tmp_path, metric, dimension, mart, column,
                                                          mart_column):
    db_path, _ = semantic_build
    rows = mf_query(semantic_build, [metric], ["metric_time__month", dimension], tmp_path / "dim.csv")
    got = {(month_of(r["metric_time__month"]), r[dimension]): r[metric] for r in rows}
    want = {(str(m), d): v for m, d, v in mart_rows(
        db_path, "select month, %s, %s from marts.%s" % (column, mart_column, mart))}
    assert sorted(got) == sorted(want)
    assert [k for k in want if not same(want[k], got[k])] == []


def test_movement_mrr_by_movement_is_the_mrr_bridge(semantic_build, tmp_path):
    db_path, _ = semantic_build
    rows = mf_query(semantic_build, ["movement_mrr"], ["metric_time__month", "mrr_movement__movement"],
                    tmp_path / "movements.csv")
    got = {(month_of(r["metric_time__month"]), r["mrr_movement__movement"]): Decimal(r["movement_mrr"])
           for r in rows}
    assert {movement for _, movement in got} <= set(BRIDGE)
    bridge = mart_rows(db_path, "select month, %s from marts.mrr" % ", ".join(BRIDGE.values()))
    for month, *values in bridge:
        for movement, value in zip(BRIDGE, values):
            assert got.get((str(month), movement), Decimal(0)) == value, (month, movement)


def test_the_time_spine_has_every_day_of_the_reporting_window(semantic_build):
    db_path, _ = semantic_build
    [(days, distinct_days, first, last, window_start, window_end)] = mart_rows(db_path, """
        select count(*), count(distinct date_day), min(date_day), max(date_day),
            (select min(month) from intermediate.int_reporting_months),
            (select max(next_month) from intermediate.int_reporting_months)
        from semantic.metricflow_time_spine""")
    assert first == window_start and days == distinct_days == (window_end - window_start).days
    assert (window_end - last).days == 1


# ---------------------------------------------------------------- exposures

def dbt_ls(tmp_path, *args):
    """The JSON lines of `dbt ls` on the project (no database needed)."""
    env = dict(os.environ, SAAS_DUCKDB_PATH=str(tmp_path / "ls.duckdb"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env.pop("DBT_TARGET_PATH", None)
    result = subprocess.run(
        [DBT, "ls", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"), "-q",
         "--output", "json", *args],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def ls_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ls")


@pytest.fixture(scope="module")
def graph(ls_dir):
    """{unique_id: (resource type, name, path, parents)} of every model and exposure."""
    nodes = dbt_ls(ls_dir, "--resource-type", "model", "exposure",
                   "--output-keys", "unique_id resource_type name original_file_path depends_on")
    return {n["unique_id"]: (n["resource_type"], n["name"], n["original_file_path"], n["depends_on"]["nodes"])
            for n in nodes}


def upstream_models(graph, ids):
    """Names of the models among ids and everything upstream of them."""
    seen, todo = set(), list(ids)
    while todo:
        node = todo.pop()
        if node in graph and node not in seen:
            seen.add(node)
            todo += graph[node][3]
    return {graph[n][1] for n in seen if graph[n][0] == "model"}


def test_every_exposure_is_tested_and_has_its_owner_type_and_url(graph):
    exposures = {v[1]: v[2] for v in graph.values() if v[0] == "exposure"}
    assert sorted(exposures) == sorted(EXPOSURES)
    assert set(exposures.values()) == {"models/exposures/_exposures.yml"}
    with open(PROJECT_ROOT / "models" / "exposures" / "_exposures.yml") as f:
        declared = {e["name"]: e for e in yaml.safe_load(f)["exposures"]}
    for name, exposure in declared.items():
        assert exposure["owner"] == {"name": "Analytics engineering"}, name
        if name.startswith("dashboard_"):
            page = name.removeprefix("dashboard_")
            assert (exposure["type"], exposure["url"]) == ("dashboard", "http://127.0.0.1:8501/" + page)
        else:
            assert exposure["type"] == "application" and "url" not in exposure, name


@pytest.mark.parametrize("exposure", sorted(EXPOSURES))
def test_an_exposure_depends_on_exactly_the_marts_it_names(ls_dir, graph, exposure):
    marts = EXPOSURES[exposure]
    [uid] = [k for k, v in graph.items() if v[0] == "exposure" and v[1] == exposure]
    parents = graph[uid][3]
    # it names exactly these marts, every one under models/marts
    assert sorted(graph[p][1] for p in parents) == sorted(marts)
    assert all(graph[p][2].startswith("models/marts/") for p in parents)
    # dbt ls +exposure: the marts and everything they are built from, no
    # other model; more than the marts themselves (staging models included)
    listed = {n["name"]: n["original_file_path"] for n in dbt_ls(
        ls_dir, "--select", "+exposure:%s" % exposure, "--resource-type", "model",
        "--output-keys", "name original_file_path")}
    assert set(listed) == upstream_models(graph, parents)
    assert set(marts) < set(listed)
    assert any(path.startswith("models/staging/") for path in listed.values())
