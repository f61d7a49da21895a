"""The revenue settings (docs/metrics.md "Settings", macros/revenue_settings.sql)
refuse a value they do not know, naming the var, and take the values they
document. What each value does to the rows is pinned by the unit tests beside
the billing models (models/intermediate/billing/_int_billing__unit_tests.yml);
here only the validation, through `dbt compile` of the models that read them."""
import json
import os
import subprocess

import pytest
from conftest import DBT, PROJECT_ROOT

MODELS = ["int_line_items_normalized", "int_subscription_months", "int_customer_months"]


def compile_with(tmp_path, settings):
    env = dict(os.environ, SAAS_DUCKDB_PATH=str(tmp_path / "settings.duckdb"),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env.pop("DBT_TARGET_PATH", None)
    return subprocess.run(
        [DBT, "compile", "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(tmp_path / "target"), "--select", *MODELS, "--vars", json.dumps(settings)],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)


@pytest.mark.parametrize("settings, message", [
    ({"churn_recognition": "at_once"}, "var churn_recognition must be 'cancellation' or 'period_end', got 'at_once'"),
    ({"reactivation_window_months": -1}, "var reactivation_window_months must be a whole number of months >= 0"),
    ({"reactivation_window_months": 1.5}, "var reactivation_window_months must be a whole number of months >= 0"),
    ({"delinquent_churn_after_days": "thirty"}, "var delinquent_churn_after_days must be null (off) or a whole number"),
], ids=["unknown recognition", "negative window", "fractional window", "days as text"])
def test_an_unknown_setting_stops_the_build_naming_the_var(tmp_path, settings, message):
    result = compile_with(tmp_path, settings)
    assert result.returncode != 0
    assert message in result.stdout, result.stdout[-3000:]


def test_the_documented_values_are_taken(tmp_path):
    settings = {"churn_recognition": "period_end", "reactivation_window_months": 3, "delinquent_churn_after_days": 30}
    result = compile_with(tmp_path, settings)
    assert result.returncode == 0, result.stdout[-3000:]
