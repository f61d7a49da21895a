"""The project's guarantees, each with a test that shows the check can fail:

- profiles: every connection setting of profiles.yml comes from an environment
  variable with a safe default, and no password or token literal is in any YAML
  file of the repository;
- contracts: every mart (models/marts, schema marts) has an enforced contract
  and a data_type for every column;
- PII: no mart has a column named like an email or a person's name, nor a
  value that looks like an email or is a first or last name of a HubSpot
  contact or a Chargebee customer;
- source freshness: `dbt source freshness` runs and reports every source, with
  the documented default thresholds, which dbt vars change;
- reconciliation: a raw row lost, counted twice or left without a fate by a
  base model, a source missing from audit.source_reconciliation and a rejected
  row missing from audit.rejected_rows each make a data test fail.

The marts, PII and reconciliation checks run on the session's shared build of
the shipped sample (same arguments as test_idempotency.py, so one build).
"""
import csv
import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import DBT, PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
SAMPLE_BUILD_ARGS = ("--resource-type", "seed", "--resource-type", "model")


def run_dbt(command, db_path, target_path, *args, raw_dir=SAMPLE):
    """Run a dbt command (e.g. "build", "source freshness") on `raw_dir` against
    `db_path`; return the completed process."""
    env = dict(os.environ,
               SAAS_RAW_DIR=str(raw_dir),
               SAAS_DUCKDB_PATH=str(db_path),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env.pop("DBT_TARGET_PATH", None)
    return subprocess.run(
        [DBT, *command.split(), "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(target_path), *args],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)


def database_path(con):
    return con.execute(
        "select path from duckdb_databases() where database_name = current_database()").fetchone()[0]


@pytest.fixture(scope="module")
def sample(build_raw_folder):
    """Read-only connection to the shared build of the shipped sample."""
    return build_raw_folder(SAMPLE, *SAMPLE_BUILD_ARGS)


def copy_of_sample(sample, folder):
    """A writable copy of the sample's DuckDB file, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    original = Path(database_path(sample))
    # same file name: DuckDB names the catalog after it, and the staging views refer to it
    copy = folder / original.name
    shutil.copyfile(original, copy)
    return copy


# --------------------------------------------------------------------------
# Profiles: every setting from an environment variable; no credential in YAML
# --------------------------------------------------------------------------

ENV_VAR_TEMPLATE = re.compile(
    r"""^\{\{\s*env_var\(\s*(['"])(?P<name>[A-Za-z_][A-Za-z0-9_]*)\1\s*,\s*(['"])(?P<default>.*?)\3\s*\)"""
    r"""\s*(\|\s*(int|float|as_number|as_bool|as_text|bool)\s*)?\}\}$""")
ENV_VAR_PART = re.compile(r"""\{\{\s*env_var\(\s*(['"])[A-Za-z_][A-Za-z0-9_]*\1\s*,\s*(['"]).*?\2\s*\)\s*\}\}""")
# Settings that are not connection settings nor paths but behaviour the
# project relies on: how dbt talks to Spark (in-process), no web UI or
# console progress bar, timestamps in UTC, exact decimal arithmetic. Fixed on
# purpose.
FIXED_SETTINGS = {"method", "spark.ui.enabled", "spark.ui.showConsoleProgress", "spark.sql.session.timeZone",
                  "spark.sql.decimalOperations.allowPrecisionLoss"}
SECRET_KEY = re.compile(r"pass(word|wd|phrase)?$|secret|token|api_?key|private_key$|keyfile_json|credential",
                        re.IGNORECASE)


def profile_problems(profiles):
    """Every profile setting that is not "{{ env_var('NAME', 'default') }}" (a
    default is required; a secret's default must be empty), as text. A
    path may embed such templates in text ("{{ env_var('DIR', '/tmp/x') }}/a");
    FIXED_SETTINGS are literals on purpose."""
    problems = []

    def check(path, key, value):
        where = ".".join(path)
        if isinstance(value, dict):
            for k, v in value.items():
                check(path + [str(k)], str(k), v)
            return
        if isinstance(value, list):
            for i, v in enumerate(value):
                check(path + [str(i)], key, v)
            return
        if key in FIXED_SETTINGS:
            return
        match = ENV_VAR_TEMPLATE.match(value) if isinstance(value, str) else None
        embedded = (isinstance(value, str) and ENV_VAR_PART.search(value)
                    and "{{" not in ENV_VAR_PART.sub("", value) and "{%" not in value)
        if embedded and not SECRET_KEY.search(key):
            return
        if not match:
            problems.append("%s: %r is not an env_var template with a default" % (where, value))
        elif SECRET_KEY.search(key) and match.group("default"):
            problems.append("%s: a secret's default must be empty" % where)

    for profile_name, profile in profiles.items():
        if profile_name == "config":
            continue
        check([profile_name, "target"], "target", profile.get("target"))
        outputs = profile.get("outputs") or {}
        if not outputs:
            problems.append("%s: no outputs" % profile_name)
        for output_name, output in outputs.items():
            if "type" not in output:
                problems.append("%s.outputs.%s: no type" % (profile_name, output_name))
            for key, value in output.items():
                if key != "type":
                    check([profile_name, "outputs", output_name, key], key, value)
    return problems


SECRET_LINE = re.compile(
    r"""^\s*-?\s*['"]?(?P<key>[\w-]*(password|passwd|passphrase|secret|token|api_?key|private_key)[\w-]*)['"]?"""
    r"""\s*:\s*(?P<value>.*?)\s*(#.*)?$""", re.IGNORECASE)
URL_WITH_PASSWORD = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:[^@\s'\"{]+@", re.IGNORECASE)
EMPTY_VALUES = {"", "''", '""', "null", "~", "|", ">", ">-", "|-"}
SKIPPED_DIRS = {".git", ".venv", "venv", "target", "logs", "dbt_packages", "node_modules", "__pycache__"}


def secret_literals(text):
    """Lines of a YAML text that set a password/token-like key to a literal, or
    hold a URL with a password."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = SECRET_LINE.match(line)
        if match:
            value = match.group("value")
            if value not in EMPTY_VALUES and not ENV_VAR_TEMPLATE.match(value.strip("'\"")):
                found.append((number, line.strip()))
                continue
        if URL_WITH_PASSWORD.search(line):
            found.append((number, line.strip()))
    return found


def repository_yaml_files():
    for root, dirs, files in os.walk(PROJECT_ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("target")]
        for name in files:
            if name.endswith((".yml", ".yaml")):
                yield Path(root) / name


def test_profiles_settings_all_come_from_environment_variables():
    profiles = yaml.safe_load((PROJECT_ROOT / "profiles.yml").read_text())
    assert profiles["saas_metrics"]["outputs"], profiles
    assert profile_problems(profiles) == []


def test_profile_check_catches_literals_and_missing_defaults():
    profiles = {"saas_metrics": {
        "target": "{{ env_var('SAAS_DBT_TARGET', 'duckdb') }}",
        "outputs": {
            "duckdb": {"type": "duckdb", "path": "{{ env_var('SAAS_DUCKDB_PATH', 'x.duckdb') }}",
                       "threads": "{{ env_var('SAAS_DBT_THREADS', '2') | int }}"},
            "postgres": {"type": "postgres",
                         "host": "db.internal",
                         "port": 5432,
                         "user": "{{ env_var('SAAS_PG_USER') }}",
                         "password": "{{ env_var('SAAS_PG_PASSWORD', 'hunter2') }}",
                         "dbname": "{{ env_var('SAAS_PG_DATABASE', 'analytics') }}"},
            "spark": {"type": "spark", "token": "{{ env_var('SAAS_SPARK_TOKEN', '') }}",
                      "method": "session",
                      "server_side_parameters": {
                          "spark.sql.ansi.enabled": "true",
                          "spark.sql.warehouse.dir": "{{ env_var('SAAS_SPARK_DIR', '/tmp/s') }}/warehouse",
                          "spark.local.dir": "{{ env_var('SAAS_SPARK_DIR', '/tmp/s') }}/{{ target.name }}",
                          "spark.sql.session.timeZone": "UTC"}},
        }}}
    assert profile_problems(profiles) == [
        "saas_metrics.outputs.postgres.host: 'db.internal' is not an env_var template with a default",
        "saas_metrics.outputs.postgres.port: 5432 is not an env_var template with a default",
        "saas_metrics.outputs.postgres.user: \"{{ env_var('SAAS_PG_USER') }}\" is not an env_var template "
        "with a default",
        "saas_metrics.outputs.postgres.password: a secret's default must be empty",
        "saas_metrics.outputs.spark.server_side_parameters.spark.sql.ansi.enabled: 'true' is not an env_var "
        "template with a default",
        "saas_metrics.outputs.spark.server_side_parameters.spark.local.dir: \"{{ env_var('SAAS_SPARK_DIR', "
        "'/tmp/s') }}/{{ target.name }}\" is not an env_var template with a default",
    ]


def test_no_password_or_token_literal_in_repository_yaml():
    files = list(repository_yaml_files())
    assert PROJECT_ROOT / "profiles.yml" in files and len(files) > 20, files
    found = {str(path.relative_to(PROJECT_ROOT)): secret_literals(path.read_text(encoding="utf-8"))
             for path in files}
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_secret_scan_catches_literals():
    text = "\n".join([
        "password: \"{{ env_var('SAAS_PG_PASSWORD', '') }}\"",
        "token: ''",
        "    password: hunter2",
        "  api_key: 'abc123'  # do not",
        "- name: token_count",
        "    description: the token of the session",
        "dsn: postgresql://analyst:s3cret@db.internal:5432/analytics",
        "dsn: postgresql://db.internal:5432/analytics",
    ])
    assert [number for number, _ in secret_literals(text)] == [3, 4, 7]


# --------------------------------------------------------------------------
# Contracts: every mart enforces its contract and types every column
# --------------------------------------------------------------------------

def contract_problems(manifest):
    """Every model under models/marts without an enforced contract, in another
    schema than marts, or with a column without data_type."""
    problems = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["original_file_path"].startswith("models/marts/"):
            continue
        name = node["name"]
        if not node["config"].get("contract", {}).get("enforced"):
            problems.append("%s: contract not enforced" % name)
        if node["schema"] != "marts":
            problems.append("%s: schema %s, not marts" % (name, node["schema"]))
        if not node["columns"]:
            problems.append("%s: no columns declared" % name)
        for column in node["columns"].values():
            if not column.get("data_type"):
                problems.append("%s.%s: no data_type" % (name, column["name"]))
    return problems


def mart_nodes(manifest):
    return {node["alias"]: node for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")}


@pytest.fixture(scope="module")
def manifest(freshness_default):
    """The manifest dbt wrote for the source freshness run (default vars)."""
    return json.loads((freshness_default["target"] / "manifest.json").read_text())


def test_every_mart_has_an_enforced_contract(manifest):
    marts = mart_nodes(manifest)
    assert len(marts) >= 20, sorted(marts)
    assert contract_problems(manifest) == []


def test_every_table_of_schema_marts_is_a_contracted_mart_with_its_declared_columns(sample, manifest):
    marts = mart_nodes(manifest)
    built = {}
    for table, column in sample.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'marts' order by table_name, ordinal_position").fetchall():
        built.setdefault(table, []).append(column.lower())
    assert sorted(built) == sorted(marts)
    for table, built_columns in built.items():
        declared = [c["name"].strip('"').lower() for c in marts[table]["columns"].values()]
        assert built_columns == declared, table


def test_contract_check_catches_a_mart_without_contract_or_type():
    def node(name, path, enforced, columns, schema="marts"):
        return {"resource_type": "model", "name": name, "alias": name, "original_file_path": path,
                "schema": schema, "config": {"contract": {"enforced": enforced}},
                "columns": {c: {"name": c, "data_type": t} for c, t in columns.items()}}
    manifest = {"nodes": {
        "model.p.mrr": node("mrr", "models/marts/revenue/mrr.sql", True, {"month": "date", "mrr": "decimal(38,8)"}),
        "model.p.arr": node("arr", "models/marts/revenue/arr.sql", False, {"month": "date"}),
        "model.p.nps": node("nps", "models/marts/surveys/nps.sql", True, {"month": "date", "nps": None}),
        "model.p.bare": node("bare", "models/marts/web/bare.sql", True, {}, schema="main"),
        "model.p.int": node("int_x", "models/intermediate/int_x.sql", False, {}),
    }}
    assert contract_problems(manifest) == [
        "arr: contract not enforced", "nps.nps: no data_type",
        "bare: schema main, not marts", "bare: no columns declared"]


# --------------------------------------------------------------------------
# PII: no email or person's name reaches a mart
# --------------------------------------------------------------------------

# Columns whose name contains "name" or "mail" but hold no personal data.
ALLOWED_COLUMNS = {
    ("deals_to_create", "Deal Name"): "'Demo - contact <Record ID>', no person's name (DECISIONLOG.md)",
}
PII_COLUMN_NAME = re.compile(r"mail|name", re.IGNORECASE)
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"


def person_names(con):
    """Lower-cased first and last names of HubSpot contacts and Chargebee customers."""
    return sorted(r[0] for r in con.execute(
        "select distinct lower(trim(name)) from ("
        " select first_name as name from staging.stg_hubspot__contacts"
        " union all select last_name from staging.stg_hubspot__contacts"
        " union all select first_name from staging.stg_chargebee__customers"
        " union all select last_name from staging.stg_chargebee__customers)"
        " where length(trim(name)) >= 2").fetchall())


def pii_findings(con, names, schema="marts"):
    """(table, column, problem) for every column of `schema` named like an email
    or a name (unless allowed), or with a value that looks like an email or
    holds a person's name: the whole value or one of its words (split on what
    is neither a letter nor a digit, so a hash like 'a3de9f' is one word)."""
    found = []
    for table, column, data_type in con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = ? order by table_name, ordinal_position", [schema]).fetchall():
        if PII_COLUMN_NAME.search(column) and (table, column) not in ALLOWED_COLUMNS:
            found.append((table, column, "column named like an email or a name"))
        if data_type != "VARCHAR":
            continue
        relation = '"%s"."%s"' % (schema, table)
        value = '"%s"' % column.replace('"', '""')
        emails = con.execute("select count(*) from %s where regexp_matches(%s, ?)" % (relation, value),
                             [EMAIL_PATTERN]).fetchone()[0]
        if emails:
            found.append((table, column, "%d email-like value(s)" % emails))
        named = con.execute(
            "select count(*) from %s where list_has_any(string_split_regex(lower(%s), '[^\\p{L}\\p{N}]+'), ?)"
            % (relation, value), [names]).fetchone()[0]
        if named:
            found.append((table, column, "%d value(s) with a person's name" % named))
    return found


def test_no_email_or_name_in_any_mart(sample):
    names = person_names(sample)
    # the raw data does hold names and emails, so a leak would be visible
    assert len(names) > 50 and "sato" in names, names[:10]
    assert sample.execute("select count(*) from staging.stg_hubspot__contacts "
                          "where email like '%@%'").fetchone()[0] > 100
    marts = sample.execute("select count(distinct table_name) from information_schema.tables "
                           "where table_schema = 'marts'").fetchone()[0]
    assert marts >= 20
    assert pii_findings(sample, names) == []


def test_pii_scan_catches_a_leaking_mart(sample, tmp_path):
    copy = copy_of_sample(sample, tmp_path)
    con = duckdb.connect(str(copy))
    con.execute("""
        create table marts.leaky_contacts as
        select
            contact_id,
            email as contact_email,
            first_name as note,
            'Demo - ' || last_name as deal_label,
            123 as last_name_length
        from staging.stg_hubspot__contacts
        where email is not null and first_name is not null and last_name is not null
        limit 5""")
    con.execute("""
        create table marts.leaky_values as
        select cast(customer_id as varchar) as customer_id, email as channel_group
        from staging.stg_chargebee__customers where email like '%@%' limit 3""")
    assert pii_findings(con, person_names(con)) == [
        ("leaky_contacts", "contact_email", "column named like an email or a name"),
        ("leaky_contacts", "contact_email", "5 email-like value(s)"),
        ("leaky_contacts", "contact_email", "5 value(s) with a person's name"),
        ("leaky_contacts", "note", "5 value(s) with a person's name"),
        ("leaky_contacts", "deal_label", "5 value(s) with a person's name"),
        ("leaky_contacts", "last_name_length", "column named like an email or a name"),
        ("leaky_values", "channel_group", "3 email-like value(s)"),
        ("leaky_values", "channel_group", "3 value(s) with a person's name"),
    ]
    con.close()


# --------------------------------------------------------------------------
# Source freshness
# --------------------------------------------------------------------------

DAILY_DEFAULTS = {"warn_after": {"count": 2, "period": "day"}, "error_after": {"count": 7, "period": "day"}}
MONTHLY_DEFAULTS = {"warn_after": {"count": 75, "period": "day"}, "error_after": {"count": 105, "period": "day"}}
MONTHLY_SOURCES = {"marketing.team_costs", "reference.fx_rates"}
RAISED = {"source_freshness_warn_after_days": 100000, "source_freshness_error_after_days": 200000,
          "monthly_source_freshness_warn_after_days": 100000, "monthly_source_freshness_error_after_days": 200000}


def freshness_results(target):
    results = json.loads((target / "sources.json").read_text())["results"]
    return {r["unique_id"].split(".", 2)[2]: r for r in results}


@pytest.fixture(scope="module")
def freshness_db(sample, tmp_path_factory):
    # a copy of the sample build: the seed fx_rates is there (the sample has no
    # reference/fx_rates*.csv, so its freshness is the seed's)
    return copy_of_sample(sample, tmp_path_factory.mktemp("freshness"))


@pytest.fixture(scope="module")
def freshness_default(freshness_db, tmp_path_factory):
    target = tmp_path_factory.mktemp("freshness_default") / "target"
    result = run_dbt("source freshness", freshness_db, target)
    return {"result": result, "target": target}


def declared_sources():
    declared = set()
    for path in (PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            declared |= {"%s.%s" % (source["name"], table["name"]) for table in source["tables"]}
    return declared


def parse_instant(text):
    """The project's parse_timestamp in Python: epoch seconds or ISO 8601 in UTC."""
    text = (text or "").strip()
    if re.fullmatch(r"[0-9]{1,11}", text):
        return datetime.fromtimestamp(int(text), tz=timezone.utc)
    match = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2})?)(?:[.][0-9]+)?)?"
                         r"(?:Z|[+-]00(?::?00)?)?", text)
    if not match:
        return None
    try:
        value = datetime.fromisoformat(match.group(1) + (" " + match.group(2) if match.group(2) else ""))
    except ValueError:
        return None
    return value.replace(tzinfo=timezone.utc)


def latest_in_raw(pattern, *columns):
    """Latest instant of the first parseable column of each row, over the raw files."""
    latest = None
    for path in sorted(SAMPLE.glob(pattern)):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                value = next((v for v in (parse_instant(row.get(c)) for c in columns) if v), None)
                if value and (latest is None or value > latest):
                    latest = value
    return latest


def test_source_freshness_runs_and_reports_every_source(freshness_default):
    result, target = freshness_default["result"], freshness_default["target"]
    results = freshness_results(target)
    assert set(results) == declared_sources(), result.stdout[-3000:]
    assert len(results) == 15
    for name, source in results.items():
        # every loaded_at_query ran and parsed a real instant
        assert source["status"] in ("pass", "warn", "error"), (name, source)
        assert source["max_loaded_at"] >= "2023-", (name, source["max_loaded_at"])
        expected = MONTHLY_DEFAULTS if name in MONTHLY_SOURCES else DAILY_DEFAULTS
        assert {k: source["criteria"][k] for k in expected} == expected, name
        age_days = source["max_loaded_at_time_ago_in_s"] / 86400
        status = ("error" if age_days > expected["error_after"]["count"]
                  else "warn" if age_days > expected["warn_after"]["count"] else "pass")
        assert source["status"] == status, (name, age_days)
    # the sample is historical: stale sources make the command exit 1 (by design)
    assert result.returncode == (1 if any(s["status"] == "error" for s in results.values()) else 0)


def test_source_freshness_reads_the_raw_timestamps(freshness_default):
    results = freshness_results(freshness_default["target"])
    expected = {
        "chargebee.customers": latest_in_raw("billing/customers*.csv", "updated_at", "created_at"),
        "hubspot.contacts": latest_in_raw("crm/contacts*.csv", "Last Modified Date", "Create Date"),
        "segment.pages": latest_in_raw("events/pages*.csv", "timestamp"),
        "surveys.nps_responses": latest_in_raw("surveys/nps_responses*.csv", "responded_at"),
    }
    for name, instant in expected.items():
        assert datetime.fromisoformat(results[name]["max_loaded_at"]) == instant, name


def test_source_freshness_thresholds_are_dbt_vars(freshness_db, tmp_path):
    target = tmp_path / "target"
    result = run_dbt("source freshness", freshness_db, target, "--vars", json.dumps(RAISED))
    results = freshness_results(target)
    assert set(results) == declared_sources()
    assert {name: s["status"] for name, s in results.items()} == {name: "pass" for name in results}
    assert result.returncode == 0, result.stdout[-3000:]
    assert results["chargebee.invoices"]["criteria"]["warn_after"] == {"count": 100000, "period": "day"}


# --------------------------------------------------------------------------
# Reconciliation: the audit tests fail when a row is lost or counted twice
# --------------------------------------------------------------------------

def dbt_test_results(target):
    """{test name prefix: (status, failures)} of the last dbt run in `target`."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[2]: (r["status"], r["failures"])
            for r in results if r["unique_id"].startswith("test.")}


def test_reconciliation_fails_on_a_lost_duplicated_or_fateless_row(sample, tmp_path):
    read = dict(sample.execute("select source_name, rows_read from audit.source_reconciliation").fetchall())
    copy = copy_of_sample(sample, tmp_path)
    target = tmp_path / "target"
    con = duckdb.connect(str(copy))
    first_kept = "(select min(source_row_number) from staging.%s where row_fate = 'kept')"
    # a base model that lost a row, one that counted a row twice, one that left a row without fate
    con.execute("delete from staging.base_chargebee__customers where source_row_number = "
                + first_kept % "base_chargebee__customers")
    con.execute("insert into staging.base_segment__pages select * from staging.base_segment__pages "
                "where source_row_number = " + first_kept % "base_segment__pages")
    con.execute("update staging.base_hubspot__contacts set row_fate = null where source_row_number = "
                + first_kept % "base_hubspot__contacts")
    con.close()

    result = run_dbt("build", copy, target, "--select", "source_reconciliation")
    assert result.returncode == 1, result.stdout[-3000:]
    tests = dbt_test_results(target)
    identity = [name for name in tests if "expression_is_true_source_reconciliation" in name]
    assert len(identity) == 1, tests
    assert tests[identity[0]] == ("fail", 3)
    # the rows not kept are unchanged: the listing in rejected_rows still agrees
    assert tests["assert_audit_reconciles_with_rejected_rows"] == ("pass", 0)
    assert tests["assert_every_source_is_reconciled"] == ("pass", 0)

    con = duckdb.connect(str(copy))
    rows = {r[0]: r[1:] for r in con.execute(
        "select source_name, rows_read, rows_kept + rows_rejected + rows_superseded "
        "from audit.source_reconciliation where rows_read != rows_kept + rows_rejected + rows_superseded"
    ).fetchall()}
    assert rows == {"billing.customers": (read["billing.customers"], read["billing.customers"] - 1),
                    "events.pages": (read["events.pages"], read["events.pages"] + 1),
                    "crm.contacts": (read["crm.contacts"], read["crm.contacts"] - 1)}
    # a source left out of the reconciliation, a rejected row left out of rejected_rows
    con.execute("delete from audit.source_reconciliation where source_name = 'surveys.nps_responses'")
    con.execute("delete from audit.rejected_rows where rowid = (select min(rowid) from audit.rejected_rows "
                "where source_name = 'billing.invoice_line_items' and reason != 'superseded')")
    con.close()

    result = run_dbt("test", copy, target, "--select",
                     "assert_every_source_is_reconciled", "assert_audit_reconciles_with_rejected_rows")
    assert result.returncode == 1, result.stdout[-3000:]
    assert dbt_test_results(target) == {"assert_every_source_is_reconciled": ("fail", 1),
                                    "assert_audit_reconciles_with_rejected_rows": ("fail", 1)}
