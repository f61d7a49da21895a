"""The dashboard (src/saas_metrics/dashboard, docs/dashboard.md).

Every page is run with Streamlit's AppTest on the shipped sample's build: no
exception, and a figure it shows equals the mart's value (written here from
the mart with plain Python formatting, not with the dashboard's own
functions). Then the served app is opened in Debian's Chromium (Playwright
with executable_path): on every page a chart is drawn and the known figure is
visible, no request leaves 127.0.0.1, and a screenshot of each page is
written to dashboard_screenshots/ (SAAS_DASHBOARD_SCREENSHOTS).
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest
from conftest import PROJECT_ROOT
from streamlit.testing.v1 import AppTest

from saas_metrics.dashboard import formatting
from saas_metrics.dashboard.catalog import PAGES, PAGES_BY_SLUG

DASHBOARD = PROJECT_ROOT / "src" / "saas_metrics" / "dashboard"
SCREENSHOTS = Path(os.environ.get("SAAS_DASHBOARD_SCREENSHOTS", PROJECT_ROOT / "dashboard_screenshots"))
CHROMIUM = os.environ.get("SAAS_CHROMIUM", "/usr/bin/chromium")


def cents(value):
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(Decimal("0.01"), ROUND_HALF_UP)


# The figure each page must show for the latest month: (label, mart, column, expected text of the value).
KNOWN_FIGURES = {
    "overview": ("MRR", "saas_metrics_monthly", "mrr", lambda v: "$" + format(cents(v), ",.2f")),
    "revenue": ("Customer churn rate", "customer_churn_rate", "customer_churn_rate",
                lambda v: "%s%%" % cents(Decimal(repr(v)) * 100)),
    "acquisition": ("CAC", "customer_acquisition_cost", "cac", lambda v: "$" + format(cents(v), ",.2f")),
    "funnel": ("New leads", "lead_to_customer_rate", "new_leads", lambda v: format(v, ",")),
    "customers": ("NPS", "net_promoter_score", "nps",
                  lambda v: str(Decimal(repr(v)).quantize(Decimal("0.1"), ROUND_HALF_UP))),
    "web": ("Unique visitors", "unique_visitors_and_active_users", "unique_visitors", lambda v: format(v, ",")),
}


@pytest.fixture(scope="module")
def sample_db(build_raw_folder):
    connection = build_raw_folder(PROJECT_ROOT / "sample_data" / "raw")
    path = connection.execute("select path from duckdb_databases() where database_name = current_database()")
    return Path(path.fetchone()[0])


def latest(db, mart, column, month=None):
    connection = duckdb.connect(str(db), read_only=True)
    try:
        where = "month = '%s'" % month if month else "month = (select max(month) from marts.%s)" % mart
        return connection.execute("select %s from marts.%s where %s" % (column, mart, where)).fetchone()[0]
    finally:
        connection.close()


def run_page(slug, db, monkeypatch):
    monkeypatch.setenv("SAAS_DUCKDB_PATH", str(db))
    app = AppTest.from_file(str(DASHBOARD / "page_scripts" / ("%s.py" % slug)), default_timeout=120)
    return app.run()


def metric_value(app, label):
    values = [m.value for m in app.metric if m.label == label]
    assert values, "no metric %r on the page (metrics: %s)" % (label, [m.label for m in app.metric])
    return values[0]


# ------------------------------------------------------------ formatting

def test_money_is_rounded_half_up_to_the_cent_with_the_currency_symbol():
    assert formatting.money(Decimal("1234.56500000"), "USD") == "$1,234.57"
    assert formatting.money(Decimal("-0.00400000"), "USD") == "$0.00"
    assert formatting.money(Decimal("-12.345"), "EUR") == "-€12.35"
    assert formatting.money(0.1 + 0.2, "GBP") == "£0.30"
    assert formatting.money(Decimal("5"), "USD", signed=True) == "+$5.00"
    assert formatting.money(Decimal("1234.5"), "JPY") == "¥1,235"
    assert formatting.money(Decimal("1"), "CHF") == "CHF 1.00"
    assert formatting.money(Decimal("1"), "XYZ") == "XYZ 1.00"


def test_rates_are_percentages_and_missing_values_a_dash():
    assert formatting.percent(0.051234) == "5.12%"
    assert formatting.percent(1.0) == "100.00%"
    assert formatting.points(-0.0105) == "-1.05 pp"
    assert formatting.count(1234567) == "1,234,567"
    assert formatting.count(-3, signed=True) == "-3"
    assert formatting.number(4.5434, 2, "x") == "4.54x"
    for missing in (None, float("nan")):
        assert formatting.money(missing, "USD") == formatting.percent(missing) == formatting.count(missing) == "—"


# ------------------------------------------------------------ pages (AppTest)

@pytest.mark.parametrize("slug", [page.slug for page in PAGES])
def test_page_runs_and_shows_the_marts_figure(slug, sample_db, monkeypatch):
    app = run_page(slug, sample_db, monkeypatch)
    assert not app.exception, [e.value for e in app.exception]
    label, mart, column, expected = KNOWN_FIGURES[slug]
    value = latest(sample_db, mart, column)
    assert value is not None
    assert metric_value(app, label) == expected(value)
    assert not app.info, [i.value for i in app.info]  # every mart of the page was found, none empty


def test_the_month_picker_changes_the_figures(sample_db, monkeypatch):
    monkeypatch.setenv("SAAS_DUCKDB_PATH", str(sample_db))
    app = AppTest.from_file(str(DASHBOARD / "app.py"), default_timeout=120).run()  # the overview is the default
    picker = app.sidebar.selectbox[0]
    month = datetime.strptime(picker.options[-7], "%B %Y").date()  # seven months before the latest
    app = picker.select(month).run()
    assert app.session_state["month"] == month
    expected = "$" + format(cents(latest(sample_db, "saas_metrics_monthly", "mrr", month)), ",.2f")
    assert metric_value(app, "MRR") == expected
    assert expected != "$" + format(cents(latest(sample_db, "saas_metrics_monthly", "mrr")), ",.2f")
    # The choice is kept when another page is opened.
    assert app.switch_page("page_scripts/revenue.py").run().session_state["month"] == month


def test_revenue_page_lists_the_months_movements(sample_db, monkeypatch):
    app = run_page("revenue", sample_db, monkeypatch)
    shown = app.dataframe[0].value
    month = app.session_state["month"]
    connection = duckdb.connect(str(sample_db), read_only=True)
    try:
        customers = connection.execute("select count(*), sum(case when movement = 'churn' then 1 else 0 end) "
                                       "from marts.mrr_movements where month = ?", [month]).fetchone()
    finally:
        connection.close()
    assert len(shown) == customers[0]
    assert (shown["movement"] == "churn").sum() == customers[1]


@pytest.mark.parametrize("slug", [page.slug for page in PAGES])
def test_a_database_without_marts_gives_a_message_not_a_traceback(slug, tmp_path, monkeypatch):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    app = run_page(slug, empty, monkeypatch)
    assert not app.exception, [e.value for e in app.exception]
    messages = " ".join(i.value for i in app.info)
    assert "is not in" in messages and "Run the build" in messages
    assert not app.metric


def test_a_missing_file_gives_a_message(tmp_path, monkeypatch):
    app = run_page("overview", tmp_path / "nothing.duckdb", monkeypatch)
    assert not app.exception
    assert "No database at" in app.info[0].value


def test_an_empty_mart_gives_a_message_and_the_rest_of_the_page_is_drawn(sample_db, tmp_path, monkeypatch):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db, copy)
    connection = duckdb.connect(str(copy))
    connection.execute("delete from marts.mrr_movements")
    connection.close()
    app = run_page("revenue", copy, monkeypatch)
    assert not app.exception
    assert any("marts.mrr_movements is empty" in i.value for i in app.info)
    assert metric_value(app, "MRR") == "$" + format(cents(latest(copy, "mrr", "mrr")), ",.2f")


def test_the_dashboard_never_holds_the_file_open(sample_db, tmp_path, monkeypatch):
    """After a page run, a writer can open the file: a build is never blocked by the dashboard."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db, copy)
    run_page("overview", copy, monkeypatch)
    duckdb.connect(str(copy)).close()


def test_a_published_file_shows_its_build_and_its_currency(sample_db, tmp_path, monkeypatch):
    """marts.build_info (written by the publish command) is shown under the title, and its
    reporting_currency is the currency of the money figures."""
    copy = tmp_path / "published.duckdb"
    shutil.copyfile(sample_db, copy)
    connection = duckdb.connect(str(copy))
    connection.execute("create table marts.build_info as select timestamp '2026-12-07 06:00:00' as published_at, "
                       "'run-1234' as run_id, date '2024-12-31' as as_of_date, '0.1.0' as project_version, "
                       "'EUR' as reporting_currency")
    connection.close()
    app = run_page("overview", copy, monkeypatch)
    assert not app.exception
    caption = app.caption[0].value
    assert "run-1234" in caption and "2024-12-31" in caption and "2026-12-07 06:00 UTC" in caption
    assert metric_value(app, "MRR") == "€" + format(cents(latest(copy, "saas_metrics_monthly", "mrr")), ",.2f")


# ------------------------------------------------------------ real browser

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(sample_db):
    """`saas-dashboard` serving the sample's marts on 127.0.0.1:<free port>."""
    port = free_port()
    env = dict(os.environ, SAAS_DUCKDB_PATH=str(sample_db), SAAS_DASHBOARD_PORT=str(port))
    command = [str(Path(sys.executable).parent / "saas-dashboard")]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = "http://127.0.0.1:%d" % port
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the dashboard did not start: %s" % server.stdout.read()[-3000:])
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_page_in_chromium_draws_its_chart_and_figure_and_stays_local(served, sample_db):
    if not Path(CHROMIUM).exists():
        if os.environ.get("SAAS_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium required (SAAS_REQUIRE_BROWSER=1) but not at %s" % CHROMIUM)
        pytest.skip("no Chromium at %s (apt-get install chromium)" % CHROMIUM)
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    requests, elsewhere = [], []

    def keep_local(route):
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            elsewhere.append(route.request.url)
            return route.abort()
        return route.continue_()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox"] if os.geteuid() == 0 else [])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.on("request", lambda request: requests.append(request.url))
            page.route("**/*", keep_local)
            for slug, (label, mart, column, expected) in KNOWN_FIGURES.items():
                page.goto("%s/%s" % (served, slug))
                page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=60000)
                page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60000)
                figure = page.locator("[data-testid='stMetric']", has_text=label).first
                assert figure.locator("[data-testid='stMetricValue']").inner_text() == \
                    expected(latest(sample_db, mart, column)), slug
                assert page.locator(".vega-embed").count() >= 1
                assert PAGES_BY_SLUG[slug].title in page.locator("h1").first.inner_text()
                page.screenshot(path=str(SCREENSHOTS / ("%s.png" % slug)), full_page=True)
        finally:
            browser.close()
    assert not elsewhere, "requests leaving 127.0.0.1: %s" % elsewhere
    hosts = {urlparse(url).hostname for url in requests if urlparse(url).scheme not in ("data", "blob")}
    assert hosts == {"127.0.0.1"}, hosts
    assert {"%s.png" % slug for slug in KNOWN_FIGURES} <= {p.name for p in SCREENSHOTS.glob("*.png")}
