"""scripts/load_raw_to_warehouse.py: a raw folder with a bad file is not
loaded. The loader checks the folder with the project's own DuckDB checks
(macros/raw_files.sql, run by `dbt compile` of the staging models) before it
connects to the warehouse, and stops with the same message a DuckDB build
gives. A good folder passes the check. No warehouse is needed: the
connection settings point at a closed port, so a load that got past the
check would fail with a connection error instead of BadRawFile.
"""
import shutil

import pytest
from conftest import PROJECT_ROOT

from saas_metrics import loader

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"


@pytest.fixture
def closed_warehouse(monkeypatch):
    monkeypatch.setenv("SAAS_PG_HOST", "127.0.0.1")
    monkeypatch.setenv("SAAS_PG_PORT", "9")


@pytest.mark.parametrize("name,content,fragments", [
    ("billing/customers_zz_semicolon.csv", "id;email\nc_1;a@example.com\n",
     ["Raw file billing/customers_zz_semicolon.csv", "is not comma-separated", "no ',' but ';'"]),
    ("surveys/nps_responses_zz_no_score.csv", "response_id,responded_at\nr_1,2024-01-01\n",
     ["Raw file surveys/nps_responses_zz_no_score.csv", "required column 'score' is missing"]),
])
def test_bad_file_stops_the_load_before_connecting(tmp_path, closed_warehouse, name, content, fragments):
    raw_dir = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw_dir)
    (raw_dir / name).write_text(content)
    with pytest.raises(loader.BadRawFile) as stopped:
        loader.load(str(raw_dir), "raw", verbose=False, target="postgres")
    for fragment in fragments:
        assert fragment in str(stopped.value), str(stopped.value)


def test_good_folder_passes_the_check(closed_warehouse):
    loader.check_raw_folder(str(SAMPLE))  # raises BadRawFile otherwise


def test_spark_settings_are_the_profile_s(monkeypatch, tmp_path):
    """The loader's Spark session uses profiles.yml's settings, rendered with
    this environment, so loader, dbt and comparison share one catalog."""
    monkeypatch.setenv("SAAS_SPARK_DIR", str(tmp_path))
    settings = loader.spark_settings()
    assert settings["spark.sql.warehouse.dir"] == f"{tmp_path}/warehouse"
    assert settings["spark.hadoop.javax.jdo.option.ConnectionURL"] == (
        f"jdbc:derby:;databaseName={tmp_path}/metastore_db;create=true")
    assert settings["spark.driver.bindAddress"] == "127.0.0.1"
    assert settings["spark.ui.enabled"] == "false"
