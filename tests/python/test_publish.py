"""Atomic publishing (saas-publish, docs/publishing.md): a reader never blocks
a build, never sees half-built marts, and a failed build changes nothing it
reads.

DuckDB (one published file, built twice on the shipped sample, then small
selected builds):

- a read-only connection held open on the published file during a full
  publish is never blocked and keeps seeing the old marts (the old run_id of
  marts.build_info); another process opens the published file meanwhile;
  after the publish a new connection sees the new run_id;
- `--restore` puts the previous file back (its run_id);
- a build that fails in a data test after a mart was rebuilt in the working
  file (a project copy with one test that always fails) leaves the published
  file unchanged, byte for byte;
- a build killed (SIGKILL of its process group) after dbt built models
  leaves the published file unchanged, and the next publish succeeds despite
  the leftover working file.

PostgreSQL (its own database on the SAAS_PG_* server): the BI reader role
reads the marts in a loop on its own connection during a publish and after
it without an error, and sees the new run_id after the swap; a failing build
leaves schema marts as it was. Skipped without a server unless
SAAS_REQUIRE_POSTGRES=1.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest
from conftest import PROJECT_ROOT, fresh_pg_database, pg_connect, pg_marts, pg_reachable_or_skip

SAMPLE = PROJECT_ROOT / "sample_data" / "raw"
READER = os.environ.get("SAAS_BI_READER_ROLE", "bi_reader")
FAILING_TEST = "assert_publish_test_fails_on_purpose"
# A selection that rebuilds two marts and runs the failing test (on mrr).
FAILING_SELECTION = ["-s", "mrr traffic_by_channel " + FAILING_TEST]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def publish_command(*args):
    return [sys.executable, "-m", "saas_metrics.publish", *args]


def publish_env(tmp, project_dir=PROJECT_ROOT, **extra):
    """The repository's own package first on the path, the sample as raw folder, a private target folder."""
    python_path = os.pathsep.join([str(PROJECT_ROOT / "src")] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    env = dict(os.environ, PYTHONPATH=python_path, SAAS_RAW_DIR=str(SAMPLE), DBT_PROJECT_DIR=str(project_dir),
               DBT_PROFILES_DIR=str(project_dir), DBT_TARGET_PATH=str(tmp / "target"),
               DBT_LOG_PATH=str(tmp / "logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env.pop("SAAS_MARTS_SCHEMA", None)
    env.update(extra)
    return env


def run_publish(env, *args):
    result = subprocess.run(publish_command(*args), env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    return result


def output(result):
    return result.stdout[-4000:] + result.stderr[-2000:]


def build_info(con):
    names = [d[0] for d in con.execute("select * from marts.build_info").description]
    rows = con.execute("select * from marts.build_info").fetchall()
    assert len(rows) == 1, rows
    return dict(zip(names, rows[0]))


def duckdb_build_info(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return build_info(con)
    finally:
        con.close()


def run_results(env):
    with open(os.path.join(env["DBT_TARGET_PATH"], "run_results.json")) as handle:
        return {r["unique_id"]: r["status"] for r in json.load(handle)["results"]}


@pytest.fixture(scope="module")
def failing_project(tmp_path_factory):
    """A copy of the dbt project with one more singular test, on mart mrr, that always fails."""
    project = tmp_path_factory.mktemp("failing_project")
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copyfile(PROJECT_ROOT / name, project / name)
    for folder in ("models", "macros", "seeds", "analyses", "tests/dbt"):
        shutil.copytree(PROJECT_ROOT / folder, project / folder)
    (project / "tests" / "dbt" / "singular" / (FAILING_TEST + ".sql")).write_text(
        "-- fails on purpose (tests/python/test_publish.py): every row of mrr is a failure\n"
        "select * from {{ ref('mrr') }}\n")
    return project


# ------------------------------------------------------------------ DuckDB --

@pytest.fixture(scope="module")
def duck(tmp_path_factory):
    """The published file of a first publish (with the docs) of the sample."""
    tmp = tmp_path_factory.mktemp("publish_duckdb")
    published = tmp / "metrics.duckdb"
    env = publish_env(tmp, SAAS_DUCKDB_PATH=str(published), SAAS_DBT_TARGET="duckdb")
    result = run_publish(env)
    assert result.returncode == 0, output(result)
    assert (tmp / "target" / "catalog.json").is_file(), "the publish did not generate the docs"
    return {"tmp": tmp, "published": published, "env": env, "first": duckdb_build_info(published)}


def test_first_publish_records_build_info(duck):
    info = duck["first"]
    assert not (duck["tmp"] / "metrics.duckdb.building").exists()
    assert info["run_id"] and info["published_at"] and info["as_of_date"] and info["last_reporting_month"]
    assert info["project_version"] == "0.1.0" and info["target"] == "duckdb" and info["reporting_currency"] == "USD"
    counts = json.loads(info["mart_row_counts"])
    con = duckdb.connect(str(duck["published"]), read_only=True)
    try:
        marts = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_name <> 'build_info'").fetchall()}
        assert set(counts) == marts and len(marts) >= 20
        assert counts["mrr"] == con.execute("select count(*) from marts.mrr").fetchone()[0] > 0
    finally:
        con.close()


def test_reader_held_open_during_a_publish_keeps_the_old_marts(duck):
    published, env = duck["published"], duck["env"]
    reader = duckdb.connect(str(published), read_only=True)
    old_mrr = reader.execute("select * from marts.mrr order by all").fetchall()
    log_path = duck["tmp"] / "second_publish.log"
    log_file = open(log_path, "w")
    process = subprocess.Popen(publish_command("--skip-docs"), env=env, stdout=log_file,
                               stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT)
    reads, opened_meanwhile = 0, None
    while process.poll() is None:
        assert build_info(reader)["run_id"] == duck["first"]["run_id"]
        assert reader.execute("select count(*) from marts.mrr").fetchone()[0] == len(old_mrr)
        reads += 1
        if opened_meanwhile is None and (duck["tmp"] / "metrics.duckdb.building").exists():
            # another process opens the published file while the build writes the working file
            opened_meanwhile = subprocess.run(
                [sys.executable, "-c", "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True)"
                 ".execute('select run_id from marts.build_info').fetchone()[0])", str(published)],
                capture_output=True, text=True)
        time.sleep(0.5)
    log_file.close()
    assert process.returncode == 0, log_path.read_text()[-4000:]
    assert reads > 10
    assert opened_meanwhile is not None and opened_meanwhile.returncode == 0, opened_meanwhile
    assert opened_meanwhile.stdout.strip() == duck["first"]["run_id"]
    # the connection opened before the publish still reads the old file
    assert build_info(reader)["run_id"] == duck["first"]["run_id"]
    assert reader.execute("select * from marts.mrr order by all").fetchall() == old_mrr
    reader.close()
    second = duckdb_build_info(published)
    assert second["run_id"] != duck["first"]["run_id"]
    assert second["published_at"] > duck["first"]["published_at"]
    duck["second"] = second
    assert duckdb_build_info(duck["tmp"] / "metrics.duckdb.last_good")["run_id"] == duck["first"]["run_id"]


def test_restore_puts_the_last_good_file_back(duck):
    assert "second" in duck, "needs the second publish"
    result = run_publish(duck["env"], "--restore")
    assert result.returncode == 0, output(result)
    assert duckdb_build_info(duck["published"])["run_id"] == duck["first"]["run_id"]


def test_a_build_failing_in_a_test_changes_nothing(duck, failing_project):
    published = duck["published"]
    before = sha256(published)
    env = dict(duck["env"], DBT_PROJECT_DIR=str(failing_project), DBT_PROFILES_DIR=str(failing_project))
    result = run_publish(env, "--skip-docs", *FAILING_SELECTION)
    assert result.returncode != 0, output(result)
    statuses = run_results(env)
    # the marts were rebuilt in the working file, then the test failed
    assert statuses["model.saas_metrics.mrr"] == "success"
    assert statuses["model.saas_metrics.traffic_by_channel"] == "success"
    assert statuses["test.saas_metrics." + FAILING_TEST] == "fail"
    assert "FAILED" in result.stdout
    assert sha256(published) == before
    assert not (duck["tmp"] / "metrics.duckdb.building").exists()


def test_a_killed_build_changes_nothing_and_the_next_publish_succeeds(duck):
    published, working = duck["published"], duck["tmp"] / "metrics.duckdb.building"
    before = sha256(published)
    process = subprocess.Popen(publish_command("--skip-docs"), env=dict(duck["env"], PYTHONUNBUFFERED="1"),
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT, start_new_session=True)
    built, lines = 0, []
    try:
        for line in process.stdout:
            lines.append(line)
            if " OK created " in line:
                built += 1
                if built >= 10:
                    break
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert built >= 10, "".join(lines[-40:])
    assert working.exists(), "the working file should be left by the killed build"
    assert sha256(published) == before
    result = run_publish(duck["env"], "--skip-docs", "-s", "mrr")
    assert result.returncode == 0, output(result)
    assert not working.exists()
    assert duckdb_build_info(published)["run_id"] not in (duck["first"]["run_id"], duck["second"]["run_id"])


# -------------------------------------------------------------- PostgreSQL --

PG_DBNAME = "saas_metrics_publish"


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    pg_reachable_or_skip()
    from saas_metrics import loader

    fresh_pg_database(PG_DBNAME)
    tmp = tmp_path_factory.mktemp("publish_postgres")
    saved = os.environ.get("SAAS_PG_DBNAME")
    os.environ["SAAS_PG_DBNAME"] = PG_DBNAME
    try:
        loader.load(str(SAMPLE), os.environ.get("SAAS_RAW_SCHEMA", "raw"), verbose=False, target="postgres",
                    check=False)
    finally:
        if saved is None:
            os.environ.pop("SAAS_PG_DBNAME")
        else:
            os.environ["SAAS_PG_DBNAME"] = saved
    env = publish_env(tmp, SAAS_DBT_TARGET="postgres", SAAS_PG_DBNAME=PG_DBNAME)
    result = run_publish(env, "--skip-docs")
    assert result.returncode == 0, output(result)
    return {"tmp": tmp, "env": env, "first": pg_build_info()}


def pg_build_info():
    connection = pg_connect(PG_DBNAME)
    try:
        cursor = connection.cursor()
        cursor.execute("select * from marts.build_info")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        assert len(rows) == 1, rows
        return dict(zip(names, rows[0]))
    finally:
        connection.close()


def pg_schemas():
    connection = pg_connect(PG_DBNAME)
    try:
        cursor = connection.cursor()
        cursor.execute("select nspname from pg_namespace where nspname like 'marts%'")
        return sorted(name for (name,) in cursor.fetchall())
    finally:
        connection.close()


def reader_connection():
    import psycopg2

    connection = psycopg2.connect(host=os.environ.get("SAAS_PG_HOST", "127.0.0.1"),
                                  port=int(os.environ.get("SAAS_PG_PORT", "55432")), user=READER,
                                  password=os.environ.get("SAAS_BI_READER_PASSWORD", ""), dbname=PG_DBNAME)
    connection.autocommit = True
    return connection


def test_postgres_reader_reads_during_and_after_the_swap(pg):
    first = pg["first"]
    marts = sorted(json.loads(first["mart_row_counts"]))
    assert len(marts) >= 20 and pg_schemas() == ["marts"]
    seen, errors, stop = [], [], threading.Event()
    connection = reader_connection()

    def read():
        cursor = connection.cursor()
        while not stop.is_set():
            try:
                cursor.execute("select run_id from marts.build_info")
                run_id = cursor.fetchone()[0]
                cursor.execute("select count(*) from marts.mrr")
                seen.append((run_id, cursor.fetchone()[0]))
            except Exception as error:  # noqa: BLE001 - every error is a failure of the test
                errors.append(repr(error))
            time.sleep(0.05)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        result = run_publish(pg["env"], "--skip-docs")
        time.sleep(1)
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, output(result)
    assert errors == []
    second = pg_build_info()
    assert second["run_id"] != first["run_id"]
    run_ids = [run_id for run_id, _ in seen]
    assert run_ids[0] == first["run_id"] and run_ids[-1] == second["run_id"]
    assert set(run_ids) == {first["run_id"], second["run_id"]}
    # once the new marts are seen, the old are never seen again
    assert run_ids == sorted(run_ids, key=lambda run_id: run_id == second["run_id"])
    assert {count for _, count in seen} == {json.loads(second["mart_row_counts"])["mrr"]}
    # the reader's grants were carried over: it reads every mart of the new schema
    cursor = connection.cursor()
    for mart in marts + ["build_info"]:
        cursor.execute('select count(*) from marts."%s"' % mart)
        assert cursor.fetchone()[0] > 0, mart
    connection.close()
    assert pg_schemas() == ["marts"]
    pg["second"] = second


def test_postgres_failing_build_leaves_marts_as_they_were(pg, failing_project):
    before_info, before = pg_build_info(), pg_marts(PG_DBNAME)
    env = dict(pg["env"], DBT_PROJECT_DIR=str(failing_project), DBT_PROFILES_DIR=str(failing_project))
    result = run_publish(env, "--skip-docs", *FAILING_SELECTION)
    assert result.returncode != 0, output(result)
    statuses = run_results(env)
    assert statuses["model.saas_metrics.mrr"] == "success"
    assert statuses["test.saas_metrics." + FAILING_TEST] == "fail"
    assert pg_build_info() == before_info
    assert pg_marts(PG_DBNAME) == before
    assert pg_schemas() == ["marts"]
